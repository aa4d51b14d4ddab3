"""aetherfs.block.v1.BlockAPI through python3-grpcio: lookups, FindMissing, streamed downloads and uploads."""

import os
import struct
import threading
import time
import unittest
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

import grpc

from interop import (MAX_PART_SIZE, TIMEOUT, HubTestCase, block_api, packed_stream, require_env, sha256_hex, source_files,
                     tag, unique_name, upload_requests)


Block = namedtuple("Block", "signature size")



def find_in_packs(storage, signature):
    """Where a block's payload lies in the hub's packs: (pack file, offset, length), read from each pack's trailer
    (per block: raw SHA-256, payload offset, payload length, raw length; then a 28-byte footer whose bytes 16-20 hold
    the block count), as docs/architecture.md describes the format."""
    wanted = bytes.fromhex(signature)
    for directory, _, files in os.walk(os.path.join(storage, "packs")):
        for name in files:
            path = os.path.join(directory, name)
            with open(path, "rb") as pack:
                pack.seek(-28, os.SEEK_END)
                count = struct.unpack("<I", pack.read(28)[16:20])[0]
                pack.seek(-28 - 44 * count, os.SEEK_END)
                trailer = pack.read(44 * count)
            for i in range(count):
                entry = trailer[44 * i:44 * (i + 1)]
                if entry[:32] == wanted:
                    offset, length, _ = struct.unpack("<III", entry[32:44])
                    return path, offset, length
    raise AssertionError(f"block {signature} is in no pack")

class BlockApiTests(HubTestCase):

    def big_block(self):
        """The one block of the "multi" sample (fixed 4 MiB chunking), over 3 MiB, and its expected bytes."""
        blocks = self.sample_version("multi").manifest["blocks"]
        self.assertEqual(1, len(blocks))
        return Block(blocks[0]["sig"], blocks[0]["size"]), packed_stream(self.samples["multi"]["source"])

    def test_lookup_returns_the_size_of_a_pushed_block(self):
        block, stream = self.big_block()

        response = self.blocks.Lookup(block_api.LookupRequest(signature=block.signature), timeout=TIMEOUT)

        self.assertEqual(len(stream), response.size)
        self.assertEqual(block.size, response.size)

    def test_lookup_of_an_absent_block_is_not_found(self):
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.blocks.Lookup, block_api.LookupRequest(signature=sha256_hex(os.urandom(32))))

    def test_lookup_of_a_malformed_signature_is_invalid_argument(self):
        for signature in ["", "abc", "A" * 64, "g" * 64, "../" + "a" * 61]:
            with self.subTest(signature=signature):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.blocks.Lookup, block_api.LookupRequest(signature=signature))

    def test_find_missing_names_only_absent_blocks_in_request_order(self):
        present = [b["sig"] for b in self.sample_version("cdc").manifest["blocks"]]
        absent = [sha256_hex(os.urandom(32)) for _ in range(3)]
        asked = [absent[0], present[0], absent[1], present[-1], absent[2]]

        response = self.blocks.FindMissing(block_api.FindMissingRequest(signatures=asked), timeout=TIMEOUT)

        self.assertEqual(absent, list(response.missing))
        self.assertEqual([], list(self.blocks.FindMissing(block_api.FindMissingRequest(signatures=present), timeout=TIMEOUT).missing))

    def test_find_missing_accepts_4096_signatures_and_refuses_4097(self):
        signatures = [sha256_hex(i.to_bytes(4, "big")) for i in range(4097)]

        response = self.blocks.FindMissing(block_api.FindMissingRequest(signatures=signatures[:4096]), timeout=TIMEOUT)

        self.assertEqual(signatures[:4096], list(response.missing))
        self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.blocks.FindMissing, block_api.FindMissingRequest(signatures=signatures))

    def test_find_missing_with_a_malformed_signature_is_invalid_argument(self):
        self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.blocks.FindMissing, block_api.FindMissingRequest(signatures=["0" * 64, "nope"]))

    def test_download_of_a_whole_block_streams_parts_of_at_most_1_mib(self):
        block, stream = self.big_block()

        data, parts = self.download(block.signature)

        self.assertGreaterEqual(len(parts), 4, "a block over 3 MiB needs at least four 1 MiB parts")
        expected_offset = 0
        for part in parts:
            self.assertLessEqual(len(part.part), MAX_PART_SIZE)
            self.assertEqual(expected_offset, part.offset)
            self.assertEqual(block.size, part.block_size)
            expected_offset += len(part.part)
        self.assertEqual(block.signature, sha256_hex(data))
        self.assertEqual(sha256_hex(stream), sha256_hex(data))
        self.assertEqual(self.samples["multi"]["streamSha256"], sha256_hex(data))

    def test_download_of_a_range_returns_exactly_those_bytes(self):
        block, stream = self.big_block()
        ranges = [(1_000_000, 1_500_000), (0, 1), (block.size - 7, 7), (2_000_000, 0), (block.size - 1, 0)]
        for offset, size in ranges:
            with self.subTest(offset=offset, size=size):
                data, parts = self.download(block.signature, offset=offset, size=size)

                end = block.size if size == 0 else offset + size
                self.assertEqual(sha256_hex(stream[offset:end]), sha256_hex(data))
                self.assertEqual(offset, parts[0].offset)
                self.assertTrue(all(len(p.part) <= MAX_PART_SIZE and p.block_size == block.size for p in parts))

    def test_download_of_every_block_in_order_reassembles_the_pushed_files(self):
        sample = self.samples["cdc"]
        manifest = self.sample_version("cdc").manifest
        self.assertGreater(len(manifest["blocks"]), 1, "content-defined chunking cuts the sample into several blocks")

        stream = b"".join(self.download(b["sig"])[0] for b in manifest["blocks"])

        self.assertEqual(sha256_hex(packed_stream(sample["source"])), sha256_hex(stream))
        offset = 0
        files = source_files(sample["source"])
        for entry in manifest["entries"]:
            if entry["type"] == "file":
                self.assertEqual(sha256_hex(files[entry["path"]]), sha256_hex(stream[offset:offset + entry["size"]]), entry["path"])
                offset += entry["size"]
        self.assertEqual(len(stream), offset)

    def test_download_outside_the_block_is_out_of_range(self):
        block, _ = self.big_block()
        for offset, size in [(block.size + 1, 0), (block.size - 10, 11), (0, block.size + 1), (2**62, 2**62)]:
            with self.subTest(offset=offset, size=size):
                self.assertStatus(grpc.StatusCode.OUT_OF_RANGE, self.blocks.Download,
                                  block_api.DownloadRequest(signature=block.signature, offset=offset, size=size))

    def test_download_with_a_negative_offset_or_size_is_invalid_argument(self):
        block, _ = self.big_block()
        for offset, size in [(-1, 0), (0, -1)]:
            with self.subTest(offset=offset, size=size):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.blocks.Download,
                                  block_api.DownloadRequest(signature=block.signature, offset=offset, size=size))

    def test_cancelling_a_download_midway_leaves_the_hub_serving(self):
        block, stream = self.big_block()
        call = self.blocks.Download(block_api.DownloadRequest(signature=block.signature), timeout=TIMEOUT)
        first = next(call)

        self.assertTrue(call.cancel())

        self.assertEqual(stream[:len(first.part)], first.part)
        self.assertEqual(grpc.StatusCode.CANCELLED, call.code())
        self.assertEqual(block.signature, sha256_hex(self.download(block.signature)[0]))

    def test_download_of_an_absent_block_is_not_found(self):
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.blocks.Download, block_api.DownloadRequest(signature=sha256_hex(os.urandom(32))))

    def test_download_of_a_block_corrupted_on_the_hub_is_data_loss(self):
        data = os.urandom(50_000)
        signature = self.blocks.Upload(upload_requests(data), timeout=TIMEOUT).signature
        # Flip the last byte of the stored payload, inside its pack: its header still decodes, its bytes no longer
        # hash to the signature.
        path, offset, length = find_in_packs(require_env("AETHERFS_GRPC_STORAGE"), signature)
        with open(path, "r+b") as stored:
            stored.seek(offset + length - 1)
            last = stored.read(1)
            stored.seek(offset + length - 1)
            stored.write(bytes([last[0] ^ 0xFF]))

        error = self.assertStatus(grpc.StatusCode.DATA_LOSS, self.blocks.Download, block_api.DownloadRequest(signature=signature))

        self.assertIn(signature, error.details())

    def test_parallel_downloads_on_one_channel_return_the_right_bytes(self):
        block, stream = self.big_block()
        ranges = [(i * 300_000, 700_000) for i in range(8)]

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda r: self.download(block.signature, offset=r[0], size=r[1])[0], ranges))

        for (offset, size), data in zip(ranges, results):
            self.assertEqual(sha256_hex(stream[offset:offset + size]), sha256_hex(data), offset)

    def test_upload_stores_a_block_and_a_second_upload_reports_it_was_not_created(self):
        data = os.urandom(2 * MAX_PART_SIZE + 12345)
        signature = sha256_hex(data)

        first = self.blocks.Upload(upload_requests(data, signature=signature), timeout=TIMEOUT)
        second = self.blocks.Upload(upload_requests(data, part_size=300_000), timeout=TIMEOUT)

        self.assertEqual((signature, len(data), True), (first.signature, first.size, first.created))
        self.assertEqual((signature, len(data), False), (second.signature, second.size, second.created))
        self.assertEqual(len(data), self.blocks.Lookup(block_api.LookupRequest(signature=signature), timeout=TIMEOUT).size)
        self.assertEqual(signature, sha256_hex(self.download(signature)[0]))

    def test_upload_without_a_signature_answers_the_one_it_computed(self):
        data = os.urandom(1000)

        response = self.blocks.Upload(upload_requests(data), timeout=TIMEOUT)

        self.assertEqual(sha256_hex(data), response.signature)
        self.assertTrue(response.created)

    def test_upload_with_a_wrong_signature_is_invalid_argument_and_stores_nothing(self):
        data = os.urandom(5000)
        claimed = sha256_hex(os.urandom(32))

        error = self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.blocks.Upload, upload_requests(data, part_size=1000, signature=claimed))

        self.assertIn(sha256_hex(data), error.details())
        for signature in [claimed, sha256_hex(data)]:
            self.assertStatus(grpc.StatusCode.NOT_FOUND, self.blocks.Lookup, block_api.LookupRequest(signature=signature))

    def test_upload_whose_parts_name_different_signatures_is_invalid_argument(self):
        data = os.urandom(2000)
        requests = [block_api.UploadRequest(part=data[:1000], signature=sha256_hex(data)),
                    block_api.UploadRequest(part=data[1000:], signature=sha256_hex(b"other"))]

        self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.blocks.Upload, iter(requests))

    def test_upload_of_no_bytes_is_invalid_argument(self):
        for requests in [[], [block_api.UploadRequest(part=b"")]]:
            with self.subTest(messages=len(requests)):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.blocks.Upload, iter(requests))

    def test_upload_cancelled_mid_stream_stores_nothing(self):
        data = os.urandom(3 * 100_000)
        first_sent = threading.Event()
        release = threading.Event()

        def requests():
            yield block_api.UploadRequest(part=data[:100_000])
            first_sent.set()
            release.wait(TIMEOUT)
            yield block_api.UploadRequest(part=data[100_000:])

        future = self.blocks.Upload.future(requests(), timeout=TIMEOUT)
        self.assertTrue(first_sent.wait(TIMEOUT))
        time.sleep(0.2)
        future.cancel()
        release.set()

        with self.assertRaises(grpc.FutureCancelledError):
            future.result()
        for signature in [sha256_hex(data), sha256_hex(data[:100_000])]:
            self.assertStatus(grpc.StatusCode.NOT_FOUND, self.blocks.Lookup, block_api.LookupRequest(signature=signature))

    def test_blocks_uploaded_through_grpc_can_be_published_and_read_back(self):
        first, second = os.urandom(70_000), os.urandom(30_000)
        missing = self.blocks.FindMissing(block_api.FindMissingRequest(signatures=[sha256_hex(first), sha256_hex(second)]), timeout=TIMEOUT)
        self.assertEqual([sha256_hex(first), sha256_hex(second)], list(missing.missing))
        for data in (first, second):
            self.blocks.Upload(upload_requests(data, signature=sha256_hex(data)), timeout=TIMEOUT)
        manifest = {
            "schemaVersion": 1,
            "chunking": {"algorithm": "fastcdc", "minSize": 16384, "avgSize": 65536, "maxSize": 262144},
            "entries": [{"path": "a.bin", "type": "file", "size": 50_000, "mode": 0o644, "mtime": "2021-10-05T12:30:15.0000000Z"},
                        {"path": "b.bin", "type": "file", "size": 50_000, "mode": 0o600, "mtime": "2021-10-05T12:30:15.1234567Z"}],
            "blocks": [{"sig": sha256_hex(first), "size": len(first)}, {"sig": sha256_hex(second), "size": len(second)}],
        }
        name = unique_name("programmatic")

        published = self.publish(manifest, tag(name, "v1"))

        found = self.lookup(name, "v1")
        self.assertEqual(published.digest, found.digest)
        self.assertEqual(manifest, found.manifest)
        stream = b"".join(self.download(b["sig"])[0] for b in found.manifest["blocks"])
        self.assertEqual(first + second, stream)
        self.assertEqual(found.data, self.lookup(name, published.digest).data)


if __name__ == "__main__":
    unittest.main()
