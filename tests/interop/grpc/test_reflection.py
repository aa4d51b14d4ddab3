"""gRPC server reflection, v1alpha (what most tools still send) and v1, through python3-grpcio.

Each case runs against one version explicitly, so that each shows up (and fails) on its own.
"""

import queue
import unittest

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool

from interop import (TIMEOUT, HubTestCase, dataset_api, reflection_v1_pb2, reflection_v1_pb2_grpc, reflection_v1alpha_pb2,
                     reflection_v1alpha_pb2_grpc)

try:
    from google.protobuf.message_factory import GetMessageClass
except ImportError:  # protobuf before 4.22
    from google.protobuf.message_factory import MessageFactory

    def GetMessageClass(descriptor):
        return MessageFactory(descriptor.file.pool).GetPrototype(descriptor)

VERSIONS = {
    "v1alpha": (reflection_v1alpha_pb2, reflection_v1alpha_pb2_grpc),
    "v1": (reflection_v1_pb2, reflection_v1_pb2_grpc),
}

NOT_FOUND = grpc.StatusCode.NOT_FOUND.value[0]

DATASET_METHODS = {
    "List": ("ListRequest", "ListResponse", False, False),
    "ListTags": ("ListTagsRequest", "ListTagsResponse", False, False),
    "Lookup": ("LookupRequest", "LookupResponse", False, True),
    "Publish": ("PublishRequest", "PublishResponse", True, False),
    "Delete": ("DeleteRequest", "DeleteResponse", False, False),
    "Subscribe": ("SubscribeRequest", "SubscribeResponse", False, True),
}

BLOCK_METHODS = {
    "Lookup": ("LookupRequest", "LookupResponse", False, False),
    "FindMissing": ("FindMissingRequest", "FindMissingResponse", False, False),
    "Download": ("DownloadRequest", "DownloadResponse", False, True),
    "Upload": ("UploadRequest", "UploadResponse", True, False),
}


class ReflectionTests(HubTestCase):

    def ask(self, version, *requests):
        """Sends each (field, value) request on one reflection stream; answers the responses in order."""
        messages, grpc_module = VERSIONS[version]
        stub = grpc_module.ServerReflectionStub(self.channel)
        sent = [messages.ServerReflectionRequest(host=self.target, **{field: value}) for field, value in requests]
        responses = list(stub.ServerReflectionInfo(iter(sent), timeout=TIMEOUT))
        self.assertEqual(len(sent), len(responses))
        return responses

    def descriptors(self, response):
        """The FileDescriptorProtos of a response, parsed."""
        self.assertEqual("file_descriptor_response", response.WhichOneof("message_response"), str(response))
        return [descriptor_pb2.FileDescriptorProto.FromString(raw) for raw in response.file_descriptor_response.file_descriptor_proto]

    def pool_of(self, files):
        """A fresh descriptor pool built only from what the hub sent: it must be complete and consistent."""
        pool = descriptor_pool.DescriptorPool()
        pending = {f.name: f for f in files}
        while pending:
            ready = [f for f in pending.values() if all(d not in pending for d in f.dependency)]
            self.assertTrue(ready, f"the files {sorted(pending)} import files the hub did not send")
            for f in ready:
                pool.Add(f)
                del pending[f.name]
        return pool

    def assertMethods(self, service, package, expected):
        self.assertEqual(set(expected), {m.name for m in service.methods})
        for method in service.methods:
            request, response, client_streaming, server_streaming = expected[method.name]
            self.assertEqual(f"{package}.{request}", method.input_type.full_name)
            self.assertEqual(f"{package}.{response}", method.output_type.full_name)
            # The python descriptor has no streaming flags in protobuf 3.21; the proto form does.
            proto = descriptor_pb2.MethodDescriptorProto()
            method.CopyToProto(proto)
            self.assertEqual((client_streaming, server_streaming), (proto.client_streaming, proto.server_streaming), method.name)

    def check_list_services(self, version):
        response = self.ask(version, ("list_services", ""))[0]

        names = {s.name for s in response.list_services_response.service}
        self.assertLessEqual({"aetherfs.dataset.v1.DatasetAPI", "aetherfs.block.v1.BlockAPI", f"grpc.reflection.{version}.ServerReflection"}, names)

    def check_symbols_resolve_to_files_with_the_methods(self, version):
        dataset, block, method, message = self.ask(
            version,
            ("file_containing_symbol", "aetherfs.dataset.v1.DatasetAPI"),
            ("file_containing_symbol", "aetherfs.block.v1.BlockAPI"),
            ("file_containing_symbol", "aetherfs.dataset.v1.DatasetAPI.Subscribe"),
            ("file_containing_symbol", "aetherfs.dataset.v1.TagInfo"))

        dataset_files = self.descriptors(dataset)
        self.assertEqual("aetherfs/dataset/v1/api.proto", dataset_files[0].name)
        pool = self.pool_of(dataset_files)
        self.assertMethods(pool.FindServiceByName("aetherfs.dataset.v1.DatasetAPI"), "aetherfs.dataset.v1", DATASET_METHODS)
        self.assertIn("published_at", pool.FindMessageTypeByName("aetherfs.dataset.v1.TagInfo").fields_by_name)
        self.assertMethods(self.pool_of(self.descriptors(block)).FindServiceByName("aetherfs.block.v1.BlockAPI"), "aetherfs.block.v1", BLOCK_METHODS)
        self.assertEqual("aetherfs/dataset/v1/api.proto", self.descriptors(method)[0].name)
        self.assertEqual("aetherfs/dataset/v1/tag.proto", self.descriptors(message)[0].name)

    def check_file_by_filename_includes_its_imports(self, version):
        response = self.ask(version, ("file_by_filename", "aetherfs/dataset/v1/api.proto"))[0]

        files = self.descriptors(response)
        self.assertEqual("aetherfs/dataset/v1/api.proto", files[0].name)
        self.assertLessEqual({"aetherfs/dataset/v1/tag.proto", "google/protobuf/timestamp.proto"}, {f.name for f in files})
        pool = self.pool_of(files)
        self.assertIn("published_at", pool.FindMessageTypeByName("aetherfs.dataset.v1.TagInfo").fields_by_name)

    def check_unknown_names_answer_not_found(self, version):
        responses = self.ask(version, ("file_by_filename", "no/such/file.proto"), ("file_containing_symbol", "aetherfs.nothing.Here"))

        for response in responses:
            self.assertEqual("error_response", response.WhichOneof("message_response"))
            self.assertEqual(NOT_FOUND, response.error_response.error_code)
            self.assertTrue(response.error_response.error_message)

    def check_reflected_descriptors_are_enough_to_call_the_hub(self, version):
        # What grpcurl does: no .proto files, only what reflection answers.
        files = self.descriptors(self.ask(version, ("file_containing_symbol", "aetherfs.dataset.v1.DatasetAPI"))[0])
        service = self.pool_of(files).FindServiceByName("aetherfs.dataset.v1.DatasetAPI")
        lookup = service.methods_by_name["Lookup"]
        request_class, response_class = GetMessageClass(lookup.input_type), GetMessageClass(lookup.output_type)
        sample = self.samples["multi"]
        request = request_class()
        request.tag.name, request.tag.version = sample["name"], sample["tags"][0]
        call = self.channel.unary_stream(f"/{service.full_name}/{lookup.name}",
                                         request_serializer=request_class.SerializeToString,
                                         response_deserializer=response_class.FromString)

        responses = list(call(request, timeout=TIMEOUT))

        self.assertEqual(sample["digest"], responses[0].digest)
        typed = dataset_api.LookupResponse.FromString(responses[0].SerializeToString())
        self.assertEqual(sample["digest"], typed.tag.digest)
        self.assertEqual(responses[0].manifest_size, sum(len(r.manifest_part) for r in responses))

    def check_each_request_is_answered_before_the_next_is_sent(self, version):
        # Interactive tools (grpcurl, IDEs) wait for each answer before they ask the next question.
        messages, grpc_module = VERSIONS[version]
        pending = queue.Queue()

        def requests():
            while (request := pending.get()) is not None:
                yield request

        responses = grpc_module.ServerReflectionStub(self.channel).ServerReflectionInfo(requests(), timeout=TIMEOUT)
        pending.put(messages.ServerReflectionRequest(list_services=""))
        self.assertEqual("list_services_response", next(responses).WhichOneof("message_response"))
        pending.put(messages.ServerReflectionRequest(file_containing_symbol="aetherfs.block.v1.BlockAPI"))
        self.assertEqual("aetherfs/block/v1/api.proto", self.descriptors(next(responses))[0].name)
        pending.put(None)

        self.assertEqual([], list(responses))
        self.assertEqual(grpc.StatusCode.OK, responses.code())

    def test_v1alpha_list_services_names_the_dataset_and_block_apis(self):
        self.check_list_services("v1alpha")

    def test_v1_list_services_names_the_dataset_and_block_apis(self):
        self.check_list_services("v1")

    def test_v1alpha_symbols_resolve_to_descriptors_with_the_methods(self):
        self.check_symbols_resolve_to_files_with_the_methods("v1alpha")

    def test_v1_symbols_resolve_to_descriptors_with_the_methods(self):
        self.check_symbols_resolve_to_files_with_the_methods("v1")

    def test_v1alpha_file_by_filename_includes_its_imports(self):
        self.check_file_by_filename_includes_its_imports("v1alpha")

    def test_v1_file_by_filename_includes_its_imports(self):
        self.check_file_by_filename_includes_its_imports("v1")

    def test_v1alpha_unknown_file_or_symbol_answers_not_found(self):
        self.check_unknown_names_answer_not_found("v1alpha")

    def test_v1_unknown_file_or_symbol_answers_not_found(self):
        self.check_unknown_names_answer_not_found("v1")

    def test_v1alpha_reflected_descriptors_are_enough_to_call_the_hub(self):
        self.check_reflected_descriptors_are_enough_to_call_the_hub("v1alpha")

    def test_v1_reflected_descriptors_are_enough_to_call_the_hub(self):
        self.check_reflected_descriptors_are_enough_to_call_the_hub("v1")

    def test_v1alpha_answers_each_request_before_the_next_is_sent(self):
        self.check_each_request_is_answered_before_the_next_is_sent("v1alpha")

    def test_v1_answers_each_request_before_the_next_is_sent(self):
        self.check_each_request_is_answered_before_the_next_is_sent("v1")


if __name__ == "__main__":
    unittest.main()
