"""DatasetAPI.Subscribe through python3-grpcio: current state first, then changes, until a deadline or cancel."""

import json
import time
import unittest
import urllib.request

import grpc

from interop import (TIMEOUT, HubTestCase, changed_version, dataset_api, dataset_grpc, require_env, tag,
                     unique_name)

# A change made through the same hub wakes subscribers at once; allow for a loaded machine.
ARRIVES_WITHIN = 5.0


class SubscribeTests(HubTestCase):

    def subscribe(self, *tags, timeout=TIMEOUT):
        call = self.datasets.Subscribe(dataset_api.SubscribeRequest(tags=list(tags)), timeout=timeout)
        self.addCleanup(call.cancel)
        return call

    def other_client(self):
        """Another connection to the hub, as another program would have."""
        channel = grpc.insecure_channel(self.target)
        self.addCleanup(channel.close)
        return dataset_grpc.DatasetAPIStub(channel)

    def published(self, name, version):
        """A tag pointing at the sample version, and that Version."""
        sample = self.sample_version()
        self.publish(sample, tag(name, version))
        return sample

    def assertArrivesSoon(self, call, started):
        message = next(call)
        self.assertLess(time.monotonic() - started, ARRIVES_WITHIN)
        return message

    def test_first_message_is_the_current_version(self):
        sample = self.samples["multi"]

        message = next(self.subscribe(tag(sample["name"], sample["tags"][0])))

        self.assertEqual(tag(sample["name"], sample["tags"][0]), message.tag.tag)
        self.assertEqual(sample["digest"], message.tag.digest)
        self.assertFalse(message.deleted)

    def test_a_publish_through_another_client_arrives_within_seconds(self):
        name = unique_name("subscribed")
        first = self.published(name, "live")
        call = self.subscribe(tag(name, "live"))
        self.assertEqual(first.digest, next(call).tag.digest)
        second = changed_version(first)

        started = time.monotonic()
        moved = self.publish(second, tag(name, "live"), publisher="other-client", stub=self.other_client())
        message = self.assertArrivesSoon(call, started)

        self.assertEqual(moved.digest, message.tag.digest)
        self.assertNotEqual(first.digest, message.tag.digest)
        self.assertEqual("other-client", message.tag.publisher)
        self.assertFalse(message.deleted)

    def test_a_tag_moved_through_the_rest_api_arrives(self):
        name = unique_name("subscribed-rest")
        first = self.published(name, "live")
        second = self.publish(changed_version(first))
        call = self.subscribe(tag(name, "live"))
        self.assertEqual(first.digest, next(call).tag.digest)

        started = time.monotonic()
        body = json.dumps({"digest": second.digest, "publisher": "rest-client"}).encode()
        url = f"{require_env('AETHERFS_REST_URL').rstrip('/')}/api/v1/datasets/{name}/-/tags/live"
        request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            self.assertLess(response.status, 300)
        message = self.assertArrivesSoon(call, started)

        self.assertEqual(second.digest, message.tag.digest)
        self.assertEqual("rest-client", message.tag.publisher)

    def test_a_delete_arrives_with_deleted_set_and_the_last_digest(self):
        name = unique_name("subscribed-delete")
        dataset = self.published(name, "doomed")
        call = self.subscribe(tag(name, "doomed"))
        next(call)

        started = time.monotonic()
        self.other_client().Delete(dataset_api.DeleteRequest(tag=tag(name, "doomed")), timeout=TIMEOUT)
        message = self.assertArrivesSoon(call, started)

        self.assertTrue(message.deleted)
        self.assertEqual(tag(name, "doomed"), message.tag.tag)
        self.assertEqual(dataset.digest, message.tag.digest)

    def test_a_tag_created_after_subscribing_arrives(self):
        name = unique_name("subscribed-later")
        call = self.subscribe(tag(name, "soon"))
        # The stream holds nothing yet; give the hub a moment to take the subscription before publishing.
        time.sleep(0.5)

        started = time.monotonic()
        dataset = self.published(name, "soon")
        message = self.assertArrivesSoon(call, started)

        self.assertEqual(dataset.digest, message.tag.digest)
        self.assertFalse(message.deleted)

    def test_several_tags_send_the_existing_ones_first_then_changes(self):
        name = unique_name("subscribed-several")
        dataset = self.published(name, "a")
        self.publish(dataset, tag(name, "b"))
        call = self.subscribe(tag(name, "a"), tag(name, "b"), tag(name, "c"))

        first = {next(call).tag.tag.version, next(call).tag.tag.version}
        self.assertEqual({"a", "b"}, first)
        started = time.monotonic()
        self.publish(dataset, tag(name, "c"), stub=self.other_client())
        message = self.assertArrivesSoon(call, started)

        self.assertEqual(tag(name, "c"), message.tag.tag)

    def test_a_deadline_ends_the_stream_with_deadline_exceeded(self):
        sample = self.samples["multi"]
        started = time.monotonic()
        call = self.subscribe(tag(sample["name"], sample["tags"][0]), timeout=1.5)
        next(call)

        with self.assertRaises(grpc.RpcError):
            next(call)

        self.assertEqual(grpc.StatusCode.DEADLINE_EXCEEDED, call.code())
        self.assertGreaterEqual(time.monotonic() - started, 1.4)

    def test_cancelling_the_call_ends_the_stream(self):
        sample = self.samples["multi"]
        call = self.subscribe(tag(sample["name"], sample["tags"][0]))
        next(call)

        self.assertTrue(call.cancel())

        with self.assertRaises(grpc.RpcError):
            next(call)
        self.assertEqual(grpc.StatusCode.CANCELLED, call.code())
        # The hub let go of the stream and the connection still serves calls.
        self.assertEqual(sample["digest"], next(self.subscribe(tag(sample["name"], sample["tags"][0]))).tag.digest)

    def test_many_streams_on_one_connection_each_see_a_change(self):
        name = unique_name("subscribed-many")
        first = self.published(name, "live")
        calls = [self.subscribe(tag(name, "live")) for _ in range(10)]
        for call in calls:
            self.assertEqual(first.digest, next(call).tag.digest)

        moved = self.publish(changed_version(first), tag(name, "live"), stub=self.other_client())

        for call in calls:
            self.assertEqual(moved.digest, next(call).tag.digest)

    def test_subscribe_without_tags_or_with_an_invalid_one_is_invalid_argument(self):
        for tags in [[], [tag("Bad Name", "v1")], [tag(unique_name("ok"), "bad tag")]]:
            with self.subTest(tags=[str(t) for t in tags]):
                self.assertStatus(grpc.StatusCode.INVALID_ARGUMENT, self.datasets.Subscribe, dataset_api.SubscribeRequest(tags=tags))


if __name__ == "__main__":
    unittest.main()
