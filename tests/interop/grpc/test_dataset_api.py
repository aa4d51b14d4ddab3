"""aetherfs.dataset.v1.DatasetAPI through python3-grpcio: every RPC, its paging and its error statuses."""

import json
import os
import unittest

import grpc

from interop import (TIMEOUT, HubTestCase, canonical, changed_version, dataset_api, dataset_grpc, publish_requests,
                     require_env, sha256_hex, source_files, tag, unique_name)



class DatasetApiTests(HubTestCase):

    def test_list_pages_through_every_dataset_in_ordinal_order(self):
        everything = list(self.datasets.List(dataset_api.ListRequest(page_size=1000), timeout=TIMEOUT).datasets)
        paged, token, pages = [], "", 0
        while True:
            page = self.datasets.List(dataset_api.ListRequest(page_size=2, page_token=token), timeout=TIMEOUT)
            self.assertLessEqual(len(page.datasets), 2)
            paged.extend(page.datasets)
            pages += 1
            token = page.next_page_token
            if not token:
                break
            self.assertLess(pages, 1000, "paging does not end")

        self.assertEqual(everything, paged)
        self.assertEqual(sorted(everything, key=lambda n: n.encode()), everything)
        for name in self.samples["list"]:
            self.assertIn(name, everything)

    def test_list_with_page_size_zero_returns_a_first_page(self):
        page = self.datasets.List(dataset_api.ListRequest(), timeout=TIMEOUT)

        self.assertGreater(len(page.datasets), 0)
        self.assertLessEqual(len(page.datasets), 100)

    def test_list_refuses_a_page_size_over_1000(self):
        self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.List, dataset_api.ListRequest(page_size=1001))

    def test_list_tags_pages_one_tag_at_a_time(self):
        sample = self.samples["tags"]
        seen, token = [], ""
        for _ in sample["tags"]:
            page = self.datasets.ListTags(dataset_api.ListTagsRequest(name=sample["name"], page_size=1, page_token=token), timeout=TIMEOUT)
            self.assertEqual(1, len(page.tags))
            info = page.tags[0]
            self.assertEqual(sample["name"], info.tag.name)
            self.assertEqual(sample["digest"], info.digest)
            self.assertGreater(info.published_at.seconds, 0)
            self.assertTrue(info.publisher, "the CLI records who published")
            seen.append(info.tag.version)
            token = page.next_page_token

        self.assertEqual(sorted(sample["tags"]), seen)
        self.assertEqual("", token, "the last page has no next token")

    def test_list_tags_returns_every_tag_on_one_page_when_it_fits(self):
        sample = self.samples["tags"]

        page = self.datasets.ListTags(dataset_api.ListTagsRequest(name=sample["name"]), timeout=TIMEOUT)

        self.assertEqual(sorted(sample["tags"]), [t.tag.version for t in page.tags])
        self.assertEqual("", page.next_page_token)

    def test_list_tags_of_an_unknown_dataset_is_not_found(self):
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.ListTags, dataset_api.ListTagsRequest(name=unique_name("absent")))

    def test_list_tags_with_an_invalid_name_is_invalid_argument(self):
        self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.ListTags, dataset_api.ListTagsRequest(name="Not/Lower"))

    def test_lookup_by_tag_streams_the_canonical_manifest_of_the_pushed_files(self):
        sample = self.samples["multi"]
        version = self.lookup(sample["name"], sample["tags"][0])

        self.assertEqual(sample["digest"], version.digest)
        self.assertEqual(sample["digest"], version.tag.digest)
        self.assertEqual(tag(sample["name"], sample["tags"][0]), version.tag.tag)
        self.assertEqual(canonical(version.manifest), version.data, "the bytes are the manifest's canonical JSON")
        files = source_files(sample["source"])
        by_path = {e["path"]: e for e in version.manifest["entries"]}
        for path, content in files.items():
            self.assertEqual("file", by_path[path]["type"], path)
            self.assertEqual(len(content), by_path[path]["size"], path)
            self.assertEqual(sha256_hex(content), by_path[path]["sha256"], path)
        self.assertEqual("big.bin", by_path["latest"]["target"])
        self.assertEqual("symlink", by_path["latest"]["type"])
        self.assertEqual("dir", by_path["docs"]["type"])
        self.assertEqual(sorted(by_path, key=lambda p: p.encode()), [e["path"] for e in version.manifest["entries"]])
        self.assertEqual(sum(len(c) for c in files.values()), sum(b["size"] for b in version.manifest["blocks"]))
        self.assertEqual({"algorithm": "fixed", "blockSize": 4 * 1024 * 1024}, version.manifest["chunking"])

    def test_lookup_by_digest_returns_the_same_version_without_a_tag(self):
        sample = self.samples["multi"]
        by_tag = self.lookup(sample["name"], sample["tags"][0])

        by_digest = self.lookup(sample["name"], sample["digest"])

        self.assertEqual(by_tag.data, by_digest.data)
        self.assertIsNone(by_digest.tag)

    def test_lookup_sends_a_large_manifest_in_parts_under_the_message_limit(self):
        # A manifest of many entries, over the small hub's limit, published there and looked up again.
        channel = grpc.insecure_channel(require_env("AETHERFS_GRPC_SMALL_TARGET"))
        self.addCleanup(channel.close)
        small = dataset_grpc.DatasetAPIStub(channel)
        limit = int(require_env("AETHERFS_GRPC_SMALL_LIMIT"))
        entries = [{"path": f"f{i:05d}", "type": "file", "size": 0, "mode": 420, "mtime": "2021-10-05T12:30:15.0000000Z"} for i in range(3000)]
        manifest = {"schemaVersion": 1, "chunking": {"algorithm": "fixed", "blockSize": 4194304}, "entries": entries, "blocks": []}
        data = canonical(manifest)
        self.assertGreater(len(data), 2 * limit)
        name = unique_name("large-manifest")

        published = small.Publish(publish_requests(data, [tag(name, "v1")], part_size=limit // 2), timeout=TIMEOUT)
        messages = list(small.Lookup(dataset_api.LookupRequest(tag=tag(name, "v1")), timeout=TIMEOUT))

        self.assertEqual("sha256:" + sha256_hex(data), published.digest)
        self.assertGreater(len(messages), 2)
        self.assertTrue(all(m.ByteSize() < limit for m in messages), [m.ByteSize() for m in messages])
        self.assertEqual(data, b"".join(m.manifest_part for m in messages))

    def test_lookup_of_an_unknown_tag_dataset_or_digest_is_not_found(self):
        sample = self.samples["multi"]
        for name, version in [(sample["name"], "no-such-tag"), (unique_name("absent"), "v1"), (sample["name"], "sha256:" + "0" * 64)]:
            with self.subTest(name=name, version=version):
                self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, version)))

    def test_lookup_with_an_invalid_name_or_version_is_invalid_argument(self):
        sample = self.samples["multi"]
        for name, version in [("Upper/Case", "v1"), ("a/../b", "v1"), (sample["name"], "bad tag"), (sample["name"], "sha256:xyz"), (sample["name"], "")]:
            with self.subTest(name=name, version=version):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, version)))
        with self.subTest("no tag at all"):
            self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Lookup, dataset_api.LookupRequest())

    def test_publish_of_a_looked_up_manifest_under_a_new_tag_keeps_its_digest(self):
        original = self.sample_version()
        name = unique_name("republished")

        response = self.publish(original.data, tag(name, "copy"), publisher="interop-tests")

        self.assertEqual(original.digest, response.digest)
        self.assertEqual([tag(name, "copy")], [t.tag for t in response.tags])
        self.assertEqual("interop-tests", response.tags[0].publisher)
        copy = self.lookup(name, "copy")
        self.assertEqual(original.digest, copy.tag.digest)
        self.assertEqual(original.data, copy.data)

    def test_publish_checks_the_digest_the_client_names(self):
        original = self.sample_version()
        name = unique_name("named-digest")
        wrong = "sha256:" + "f" * 64

        right = self.datasets.Publish(publish_requests(original.data, [tag(name, "v1")], digest=original.digest), timeout=TIMEOUT)
        error = self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish, publish_requests(original.data, [tag(name, "v2")], digest=wrong))

        self.assertEqual(original.digest, right.digest)
        self.assertIn(wrong, error.details())

    def test_publish_of_a_manifest_that_is_not_canonical_is_invalid_argument(self):
        original = self.sample_version()
        spaced = json.dumps(original.manifest, indent=1).encode()

        error = self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish, publish_requests(spaced, [tag(unique_name("spaced"), "v1")]))

        self.assertIn("canonical", error.details())

    def test_publish_without_a_manifest_is_invalid_argument(self):
        self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish, publish_requests(b"", [tag(unique_name("empty"), "v1")]))

    def test_publish_points_every_tag_at_the_version(self):
        name = unique_name("several")

        response = self.publish(self.sample_version().data, tag(name, "a"), tag(name, "b"))

        listed = self.datasets.ListTags(dataset_api.ListTagsRequest(name=name), timeout=TIMEOUT)
        self.assertEqual(["a", "b"], [t.tag.version for t in listed.tags])
        self.assertEqual({response.digest}, {t.digest for t in listed.tags})
        self.assertEqual({"interop-tests"}, {t.publisher for t in listed.tags})

    def test_publish_without_tags_stores_a_version_found_by_digest(self):
        sample = self.samples["multi"]
        manifest = changed_version(self.sample_version().manifest, mode=0o640)

        response = self.publish(manifest)

        self.assertEqual(0, len(response.tags))
        found = self.lookup(sample["name"], response.digest)
        self.assertEqual(response.digest, found.digest)
        self.assertEqual({0o640}, {e["mode"] for e in found.manifest["entries"] if e["type"] == "file"})

    def test_publish_create_only_refuses_to_move_a_tag_and_changes_nothing(self):
        first = self.sample_version()
        name = unique_name("create-only")
        self.publish(first.data, tag(name, "taken"))
        second = canonical(changed_version(first.manifest))

        error = self.assertStatus(grpc.StatusCode.ALREADY_EXISTS, self.datasets.Publish,
                                  publish_requests(second, [tag(name, "fresh"), tag(name, "taken")], create_only=True))

        self.assertIn("taken", error.details())
        self.assertEqual(first.digest, self.lookup(name, "taken").tag.digest)
        # The refusal is checked for every tag before any moves: the free tag was not created either.
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, "fresh")))

    def test_publish_create_only_of_the_version_a_tag_already_has_succeeds(self):
        version = self.sample_version()
        name = unique_name("create-again")
        self.publish(version.data, tag(name, "v1"))

        response = self.publish(version.data, tag(name, "v1"), create_only=True)

        self.assertEqual(version.digest, response.digest)

    def test_publish_naming_a_block_the_hub_lacks_is_failed_precondition(self):
        missing = sha256_hex(os.urandom(64))
        manifest = {"schemaVersion": 1, "chunking": {"algorithm": "fixed", "blockSize": 4194304},
                    "entries": [{"path": "data.bin", "type": "file", "size": 10, "mode": 420, "mtime": "2021-10-05T12:30:15.0000000Z"}],
                    "blocks": [{"sig": missing, "size": 10}]}
        name = unique_name("missing-block")

        error = self.assertStatus(grpc.StatusCode.FAILED_PRECONDITION, self.datasets.Publish, publish_requests(canonical(manifest), [tag(name, "v1")]))

        self.assertIn(missing, error.details())
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, "v1")))

    def test_publish_of_a_hostile_or_malformed_manifest_is_invalid_argument(self):
        name = unique_name("hostile")

        def entry(path, kind="file", target=None):
            value = {"path": path, "type": kind}
            if kind == "file":
                value["size"] = 0
            value.update({"mode": 420, "mtime": "2021-10-05T12:30:15.0000000Z"})
            if target is not None:
                value["target"] = target
            return value

        cases = {
            "parent path": [entry("../x")],
            "absolute path": [entry("/etc/passwd")],
            "escaping symlink": [entry("link", "symlink", target="../../outside")],
            "unsorted entries": [entry("b"), entry("a")],
            "unknown type": [entry("x", "fifo")],
        }
        for case, entries in cases.items():
            with self.subTest(case):
                manifest = {"schemaVersion": 1, "chunking": {"algorithm": "fixed", "blockSize": 4194304}, "entries": entries, "blocks": []}
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish, publish_requests(canonical(manifest), [tag(name, "v1")]))
        with self.subTest("not JSON"):
            self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish, publish_requests(b"\xff{", [tag(name, "v1")]))
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.ListTags, dataset_api.ListTagsRequest(name=name))

    def test_publish_with_an_invalid_tag_is_invalid_argument(self):
        for bad in [tag("Upper", "v1"), tag(unique_name("bad-tag"), "-leading-dash"), tag(unique_name("bad-tag"), "")]:
            with self.subTest(name=bad.name, version=bad.version):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish, publish_requests(self.sample_version().data, [bad]))

    def test_delete_removes_the_tag_and_deleting_again_is_not_found(self):
        name = unique_name("deleted")
        self.publish(self.sample_version().data, tag(name, "v1"))

        self.datasets.Delete(dataset_api.DeleteRequest(tag=tag(name, "v1")), timeout=TIMEOUT)

        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, "v1")))
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.ListTags, dataset_api.ListTagsRequest(name=name))
        self.assertNotIn(name, self.datasets.List(dataset_api.ListRequest(page_size=1000), timeout=TIMEOUT).datasets)
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Delete, dataset_api.DeleteRequest(tag=tag(name, "v1")))

    def test_delete_keeps_the_version_for_lookup_by_digest(self):
        version = self.sample_version()
        name = unique_name("deleted-version")
        self.publish(version.data, tag(name, "v1"))

        self.datasets.Delete(dataset_api.DeleteRequest(tag=tag(name, "v1")), timeout=TIMEOUT)

        self.assertEqual(version.data, self.lookup(name, version.digest).data)

    def test_delete_by_digest_removes_every_tag_of_that_version_and_no_other(self):
        version = self.sample_version()
        name = unique_name("deleted-by-digest")
        self.publish(version.data, tag(name, "v1"), tag(name, "latest"))
        self.publish(changed_version(version.manifest), tag(name, "v2"))

        response = self.datasets.Delete(dataset_api.DeleteRequest(tag=tag(name, version.digest)), timeout=TIMEOUT)

        self.assertEqual(["latest", "v1"], list(response.deleted_tags))
        remaining = self.datasets.ListTags(dataset_api.ListTagsRequest(name=name), timeout=TIMEOUT).tags
        self.assertEqual(["v2"], [t.tag.version for t in remaining])
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Delete, dataset_api.DeleteRequest(tag=tag(name, version.digest)))

    def test_delete_with_an_invalid_tag_is_invalid_argument(self):
        for request in [dataset_api.DeleteRequest(), dataset_api.DeleteRequest(tag=tag("UPPER", "v1"))]:
            with self.subTest(request=str(request)):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Delete, request)


if __name__ == "__main__":
    unittest.main()
