"""aetherfs.dataset.v1.DatasetAPI through python3-grpcio: every RPC, its paging and its error statuses."""

import os
import unittest

import grpc

from interop import (TIMEOUT, HubTestCase, changed_version, dataset_api, dataset_pb2, file_pb2, sha256_hex,
                     source_files, tag, unique_name)


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

    def test_lookup_by_tag_describes_the_pushed_files(self):
        sample = self.samples["multi"]
        response = self.lookup(sample["name"], sample["tags"][0])

        dataset = response.dataset
        self.assertEqual(sample["digest"], dataset.digest)
        self.assertEqual(sample["digest"], response.tag.digest)
        self.assertEqual(tag(sample["name"], sample["tags"][0]), response.tag.tag)
        files = source_files(sample["source"])
        by_path = {f.path: f for f in dataset.files}
        for path, content in files.items():
            self.assertEqual(file_pb2.FILE_TYPE_FILE, by_path[path].type, path)
            self.assertEqual(len(content), by_path[path].size, path)
            self.assertEqual(sha256_hex(content), by_path[path].sha256, path)
        self.assertEqual("big.bin", by_path["latest"].target)
        self.assertEqual(file_pb2.FILE_TYPE_SYMLINK, by_path["latest"].type)
        self.assertEqual(file_pb2.FILE_TYPE_DIRECTORY, by_path["docs"].type)
        self.assertEqual(sorted(by_path, key=lambda p: p.encode()), [f.path for f in dataset.files])
        self.assertEqual(sum(len(c) for c in files.values()), dataset.total_size)
        self.assertEqual(dataset.total_size, sum(b.size for b in dataset.blocks))
        self.assertEqual(("fixed", 4 * 1024 * 1024), (dataset.chunking.algorithm, dataset.chunking.max_size))

    def test_lookup_by_digest_returns_the_same_version_without_a_tag(self):
        sample = self.samples["multi"]
        by_tag = self.lookup(sample["name"], sample["tags"][0])

        by_digest = self.lookup(sample["name"], sample["digest"])

        self.assertEqual(by_tag.dataset, by_digest.dataset)
        self.assertFalse(by_digest.HasField("tag"))

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

    def test_publish_of_a_looked_up_dataset_under_a_new_tag_keeps_its_digest(self):
        original = self.sample_dataset()
        name = unique_name("republished")

        response = self.publish(original, tag(name, "copy"), publisher="interop-tests")

        self.assertEqual(original.digest, response.digest)
        self.assertEqual([tag(name, "copy")], [t.tag for t in response.tags])
        self.assertEqual("interop-tests", response.tags[0].publisher)
        copy = self.lookup(name, "copy")
        self.assertEqual(original.digest, copy.tag.digest)
        self.assertEqual(original, copy.dataset)

    def test_publish_ignores_the_digest_and_total_size_the_client_sends(self):
        dataset = self.sample_dataset()
        expected = dataset.digest
        dataset.digest = "sha256:" + "f" * 64
        dataset.total_size = 1

        response = self.publish(dataset, tag(unique_name("ignored"), "v1"))

        self.assertEqual(expected, response.digest)

    def test_publish_points_every_tag_at_the_version(self):
        name = unique_name("several")

        response = self.publish(self.sample_dataset(), tag(name, "a"), tag(name, "b"))

        listed = self.datasets.ListTags(dataset_api.ListTagsRequest(name=name), timeout=TIMEOUT)
        self.assertEqual(["a", "b"], [t.tag.version for t in listed.tags])
        self.assertEqual({response.digest}, {t.digest for t in listed.tags})
        self.assertEqual({"interop-tests"}, {t.publisher for t in listed.tags})

    def test_publish_without_tags_stores_a_version_found_by_digest(self):
        sample = self.samples["multi"]
        version = changed_version(self.sample_dataset(), mode=0o640)

        response = self.publish(version)

        self.assertEqual(0, len(response.tags))
        found = self.lookup(sample["name"], response.digest).dataset
        self.assertEqual(response.digest, found.digest)
        self.assertEqual({0o640}, {f.mode for f in found.files if f.type == file_pb2.FILE_TYPE_FILE})

    def test_publish_create_only_refuses_to_move_a_tag_and_changes_nothing(self):
        first = self.sample_dataset()
        name = unique_name("create-only")
        self.publish(first, tag(name, "taken"))
        second = changed_version(first)

        error = self.assertStatus(grpc.StatusCode.ALREADY_EXISTS, self.datasets.Publish, dataset_api.PublishRequest(
            dataset=second, tags=[tag(name, "fresh"), tag(name, "taken")], create_only=True))

        self.assertIn("taken", error.details())
        self.assertEqual(first.digest, self.lookup(name, "taken").tag.digest)
        # The refusal is checked for every tag before any moves: the free tag was not created either.
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, "fresh")))

    def test_publish_create_only_of_the_version_a_tag_already_has_succeeds(self):
        dataset = self.sample_dataset()
        name = unique_name("create-again")
        self.publish(dataset, tag(name, "v1"))

        response = self.publish(dataset, tag(name, "v1"), create_only=True)

        self.assertEqual(dataset.digest, response.digest)

    def test_publish_naming_a_block_the_hub_lacks_is_failed_precondition(self):
        missing = sha256_hex(os.urandom(64))
        dataset = dataset_pb2.Dataset(
            chunking=dataset_pb2.Chunking(algorithm="fixed", min_size=4194304, avg_size=4194304, max_size=4194304),
            files=[file_pb2.File(path="data.bin", type=file_pb2.FILE_TYPE_FILE, size=10, mode=0o644, modified_at={"seconds": 1633437015})],
            blocks=[dataset_pb2.Block(signature=missing, size=10)])
        name = unique_name("missing-block")

        error = self.assertStatus(grpc.StatusCode.FAILED_PRECONDITION, self.datasets.Publish,
                                  dataset_api.PublishRequest(dataset=dataset, tags=[tag(name, "v1")]))

        self.assertIn(missing, error.details())
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, "v1")))

    def test_publish_of_a_hostile_or_malformed_dataset_is_invalid_argument(self):
        name = unique_name("hostile")
        chunking = dataset_pb2.Chunking(algorithm="fixed", min_size=4194304, avg_size=4194304, max_size=4194304)

        def entry(path, kind=file_pb2.FILE_TYPE_FILE, target=""):
            return file_pb2.File(path=path, type=kind, size=0, mode=0o644, modified_at={"seconds": 1633437015}, target=target)

        cases = {
            "parent path": [entry("../x")],
            "absolute path": [entry("/etc/passwd")],
            "escaping symlink": [entry("link", file_pb2.FILE_TYPE_SYMLINK, target="../../outside")],
            "unsorted entries": [entry("b"), entry("a")],
            "no type": [entry("x", file_pb2.FILE_TYPE_UNSPECIFIED)],
        }
        for case, files in cases.items():
            with self.subTest(case):
                dataset = dataset_pb2.Dataset(chunking=chunking, files=files)
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish,
                                  dataset_api.PublishRequest(dataset=dataset, tags=[tag(name, "v1")]))
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.ListTags, dataset_api.ListTagsRequest(name=name))

    def test_publish_with_an_invalid_tag_is_invalid_argument(self):
        for bad in [tag("Upper", "v1"), tag(unique_name("bad-tag"), "-leading-dash"), tag(unique_name("bad-tag"), "")]:
            with self.subTest(name=bad.name, version=bad.version):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Publish,
                                  dataset_api.PublishRequest(dataset=self.sample_dataset(), tags=[bad]))

    def test_delete_removes_the_tag_and_deleting_again_is_not_found(self):
        name = unique_name("deleted")
        self.publish(self.sample_dataset(), tag(name, "v1"))

        self.datasets.Delete(dataset_api.DeleteRequest(tag=tag(name, "v1")), timeout=TIMEOUT)

        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Lookup, dataset_api.LookupRequest(tag=tag(name, "v1")))
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.ListTags, dataset_api.ListTagsRequest(name=name))
        self.assertNotIn(name, self.datasets.List(dataset_api.ListRequest(page_size=1000), timeout=TIMEOUT).datasets)
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Delete, dataset_api.DeleteRequest(tag=tag(name, "v1")))

    def test_delete_keeps_the_version_for_lookup_by_digest(self):
        dataset = self.sample_dataset()
        name = unique_name("deleted-version")
        self.publish(dataset, tag(name, "v1"))

        self.datasets.Delete(dataset_api.DeleteRequest(tag=tag(name, "v1")), timeout=TIMEOUT)

        self.assertEqual(dataset, self.lookup(name, dataset.digest).dataset)

    def test_delete_by_digest_removes_every_tag_of_that_version_and_no_other(self):
        dataset, other = self.sample_dataset(), changed_version(self.sample_dataset())
        name = unique_name("deleted-by-digest")
        self.publish(dataset, tag(name, "v1"), tag(name, "latest"))
        self.publish(other, tag(name, "v2"))

        response = self.datasets.Delete(dataset_api.DeleteRequest(tag=tag(name, dataset.digest)), timeout=TIMEOUT)

        self.assertEqual(["latest", "v1"], list(response.deleted_tags))
        remaining = self.datasets.ListTags(dataset_api.ListTagsRequest(name=name), timeout=TIMEOUT).tags
        self.assertEqual(["v2"], [t.tag.version for t in remaining])
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.datasets.Delete, dataset_api.DeleteRequest(tag=tag(name, dataset.digest)))

    def test_delete_with_an_invalid_tag_is_invalid_argument(self):
        for request in [dataset_api.DeleteRequest(), dataset_api.DeleteRequest(tag=tag("UPPER", "v1"))]:
            with self.subTest(request=str(request)):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Delete, request)


if __name__ == "__main__":
    unittest.main()
