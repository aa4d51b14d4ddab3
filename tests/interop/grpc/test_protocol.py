"""The gRPC protocol around the services, through python3-grpcio: compression, unknown methods, status
messages, message size limits and TLS."""

import os
import unittest

import grpc

from interop import (MAX_PART_SIZE, TIMEOUT, HubTestCase, block_api, block_grpc, dataset_api, dataset_grpc,
                     require_env, sha256_hex, tag, upload_requests)


class ProtocolTests(HubTestCase):

    def small_hub(self):
        """Block stub on the hub started with a small --grpc-max-message-size, and that limit."""
        channel = grpc.insecure_channel(require_env("AETHERFS_GRPC_SMALL_TARGET"))
        self.addCleanup(channel.close)
        return block_grpc.BlockAPIStub(channel), int(require_env("AETHERFS_GRPC_SMALL_LIMIT"))

    def tls_channel(self, root_certificates):
        credentials = grpc.ssl_channel_credentials(root_certificates=root_certificates)
        channel = grpc.secure_channel(require_env("AETHERFS_GRPC_TLS_TARGET"), credentials)
        self.addCleanup(channel.close)
        return channel

    def tls_root(self):
        with open(require_env("AETHERFS_GRPC_TLS_ROOT"), "rb") as f:
            return f.read()

    def test_a_gzip_compressed_request_is_answered(self):
        sample = self.samples["multi"]

        version = self.lookup(sample["name"], sample["tags"][0], compression=grpc.Compression.Gzip)

        self.assertEqual(sample["digest"], version.digest)

    def test_a_deflate_compressed_request_is_answered(self):
        signatures = [sha256_hex(bytes([i])) for i in range(200)]

        response = self.blocks.FindMissing(block_api.FindMissingRequest(signatures=signatures), compression=grpc.Compression.Deflate, timeout=TIMEOUT)

        self.assertEqual(signatures, list(response.missing))

    def test_a_gzip_compressed_upload_stream_stores_the_exact_bytes(self):
        # Compressible bytes, so that the client really compresses each part.
        data = b"".join(b"row %08d of a compressible block\n" % i for i in range(100_000)) + os.urandom(16)
        channel = grpc.insecure_channel(self.target, compression=grpc.Compression.Gzip)
        self.addCleanup(channel.close)

        response = block_grpc.BlockAPIStub(channel).Upload(upload_requests(data, signature=sha256_hex(data)), timeout=TIMEOUT)

        self.assertEqual((sha256_hex(data), len(data)), (response.signature, response.size))
        self.assertEqual(sha256_hex(data), sha256_hex(self.download(response.signature)[0]))

    def test_a_deadline_years_away_is_served(self):
        # grpcio sends a billion seconds as grpc-timeout "16666667M", far beyond what a server timer holds.
        for timeout in [60 * 86400, 10**9]:
            with self.subTest(timeout=timeout):
                response = self.datasets.List(dataset_api.ListRequest(), timeout=timeout)
                self.assertIn(self.samples["multi"]["name"], response.datasets)

    def test_an_unknown_method_or_service_is_unimplemented(self):
        for path in ["/aetherfs.dataset.v1.DatasetAPI/Explode", "/aetherfs.nothing.v1.Nowhere/List", "/aetherfs.agent.v1.AgentAPI/Publish"]:
            with self.subTest(path=path):
                error = self.assertStatus(grpc.StatusCode.UNIMPLEMENTED, self.channel.unary_unary(path), b"")
                self.assertIn("unimplemented", error.details())
        with self.subTest("unknown streaming method"):
            self.assertStatus(grpc.StatusCode.UNIMPLEMENTED, self.channel.unary_stream("/aetherfs.block.v1.BlockAPI/Teleport"), b"")

    def test_a_request_that_is_not_protobuf_fails_and_the_hub_still_answers(self):
        lookup = self.channel.unary_unary("/aetherfs.block.v1.BlockAPI/Lookup")

        with self.assertRaises(grpc.RpcError) as raised:
            lookup(b"\xff\xff\xff", timeout=TIMEOUT)

        # grpc-dotnet reports a request it cannot parse as UNKNOWN; grpc-java and grpc-go say INTERNAL.
        self.assertIn(raised.exception.code(), (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN))
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.blocks.Lookup, block_api.LookupRequest(signature=sha256_hex(b"x")))

    def test_a_unary_call_with_no_request_or_two_requests_is_internal(self):
        # Only a hand-made stream can do this to a unary method; grpc-java and grpc-go answer INTERNAL too.
        lookup = self.channel.stream_unary("/aetherfs.block.v1.BlockAPI/Lookup")
        request = block_api.LookupRequest(signature=sha256_hex(b"x")).SerializeToString()
        for requests in [[], [request, request]]:
            with self.subTest(messages=len(requests)):
                self.assertStatus(grpc.StatusCode.INTERNAL, lookup, iter(requests))

    def test_status_messages_keep_non_ascii_text(self):
        name = "données/ünïcødé-名前"

        error = self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, "v1")))

        self.assertIn(f"'{name}'", error.details())

    def test_status_messages_keep_percent_signs_and_spaces(self):
        name = "100% sure/%41%zz"

        error = self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.ListTags, dataset_api.ListTagsRequest(name=name))

        self.assertIn(f"'{name}'", error.details())

    def test_a_message_over_the_hub_limit_is_resource_exhausted(self):
        blocks, limit = self.small_hub()
        data = os.urandom(limit + 1024)

        with self.subTest("client-streaming part"):
            self.assertStatus(grpc.StatusCode.RESOURCE_EXHAUSTED, blocks.Upload, upload_requests(data, part_size=len(data)))
            self.assertStatus(grpc.StatusCode.NOT_FOUND, blocks.Lookup, block_api.LookupRequest(signature=sha256_hex(data)))
        with self.subTest("unary request"):
            signatures = [sha256_hex(i.to_bytes(4, "big")) for i in range(limit // 60)]
            self.assertStatus(grpc.StatusCode.RESOURCE_EXHAUSTED, blocks.FindMissing, block_api.FindMissingRequest(signatures=signatures))
        with self.subTest("the hub still answers"):
            self.assertEqual(1, len(blocks.FindMissing(block_api.FindMissingRequest(signatures=[sha256_hex(data)]), timeout=TIMEOUT).missing))

    def test_a_compressed_message_that_inflates_over_the_hub_limit_is_resource_exhausted(self):
        blocks, limit = self.small_hub()
        # Zeros compress a thousandfold: the message is small on the wire and too large once inflated.
        data = bytes(4 * limit)

        self.assertStatus(grpc.StatusCode.RESOURCE_EXHAUSTED, blocks.Upload, upload_requests(data, part_size=len(data)), compression=grpc.Compression.Gzip)

        self.assertStatus(grpc.StatusCode.NOT_FOUND, blocks.Lookup, block_api.LookupRequest(signature=sha256_hex(data)))

    def test_a_hub_with_a_small_message_limit_still_uploads_and_downloads_large_blocks(self):
        blocks, limit = self.small_hub()
        data = os.urandom(5 * limit + 999)

        response = blocks.Upload(upload_requests(data, part_size=limit // 2, signature=sha256_hex(data)), timeout=TIMEOUT)
        parts = list(blocks.Download(block_api.DownloadRequest(signature=response.signature), timeout=TIMEOUT))

        self.assertTrue(response.created)
        self.assertTrue(all(len(p.part) < limit for p in parts), [len(p.part) for p in parts])
        self.assertEqual(sha256_hex(data), sha256_hex(b"".join(p.part for p in parts)))

    def test_a_tls_hub_answers_over_tls(self):
        channel = self.tls_channel(self.tls_root())
        blocks = block_grpc.BlockAPIStub(channel)
        data = os.urandom(MAX_PART_SIZE + 4321)

        uploaded = blocks.Upload(upload_requests(data, signature=sha256_hex(data)), timeout=TIMEOUT)
        downloaded = b"".join(p.part for p in blocks.Download(block_api.DownloadRequest(signature=uploaded.signature), timeout=TIMEOUT))
        listed = dataset_grpc.DatasetAPIStub(channel).List(dataset_api.ListRequest(), timeout=TIMEOUT)

        self.assertEqual(sha256_hex(data), sha256_hex(downloaded))
        self.assertIsNotNone(listed)

    def test_a_tls_hub_is_refused_by_a_client_that_does_not_trust_its_certificate(self):
        # The system roots do not include the hub's self-signed certificate: the handshake must fail.
        channel = self.tls_channel(None)

        self.assertStatus(grpc.StatusCode.UNAVAILABLE, dataset_grpc.DatasetAPIStub(channel).List, dataset_api.ListRequest())

    def test_a_tls_hub_does_not_answer_cleartext_grpc(self):
        channel = grpc.insecure_channel(require_env("AETHERFS_GRPC_TLS_TARGET"))
        self.addCleanup(channel.close)

        self.assertStatus(grpc.StatusCode.UNAVAILABLE, dataset_grpc.DatasetAPIStub(channel).List, dataset_api.ListRequest(), timeout=5)


if __name__ == "__main__":
    unittest.main()
