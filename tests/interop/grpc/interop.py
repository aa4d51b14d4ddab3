"""Shared set-up of the gRPC interop tests, which drive real hubs with Debian's python3-grpcio.

The xunit fixture (tests/AetherFS.IntegrationTests/Grpc/GrpcInteropFixture.cs) starts the hubs, pushes sample
datasets with the real CLI, generates the stubs (generate_stubs.py) and passes everything in the environment:

  AETHERFS_GRPC_TARGET         host:port of a cleartext hub (h2c) holding the samples
  AETHERFS_GRPC_STUBS          directory of the generated *_pb2.py / *_pb2_grpc.py modules
  AETHERFS_GRPC_SAMPLES        JSON file describing the sample datasets pushed to that hub
  AETHERFS_REST_URL            the same hub's HTTP base URL, for changes made through the REST API
  AETHERFS_GRPC_STORAGE        that hub's --storage-path, where a case damages a block of its own
  AETHERFS_GRPC_SMALL_TARGET   host:port of a hub started with a small --grpc-max-message-size
  AETHERFS_GRPC_SMALL_LIMIT    that limit, in bytes
  AETHERFS_GRPC_TLS_TARGET     host:port (a name in the certificate) of a hub serving TLS
  AETHERFS_GRPC_TLS_ROOT       PEM file of that hub's self-signed certificate
"""

import copy
import hashlib
import json
import os
import sys
import unittest
import uuid
from collections import namedtuple


def require_env(name):
    value = os.environ.get(name)
    if not value:
        # A missing variable must fail the case: a skip would count as a pass on the xunit side.
        raise RuntimeError(f"environment variable {name} is not set (GrpcInteropFixture sets it)")
    return value


sys.path.insert(0, require_env("AETHERFS_GRPC_STUBS"))

import grpc  # noqa: E402  (after the stubs path, which the generated modules need)
from aetherfs.block.v1 import api_pb2 as block_api  # noqa: E402
from aetherfs.block.v1 import api_pb2_grpc as block_grpc  # noqa: E402
from aetherfs.dataset.v1 import api_pb2 as dataset_api  # noqa: E402
from aetherfs.dataset.v1 import api_pb2_grpc as dataset_grpc  # noqa: E402
from aetherfs.dataset.v1 import tag_pb2  # noqa: E402
import health_v1_pb2  # noqa: E402,F401  (re-exported for test_health)
import health_v1_pb2_grpc  # noqa: E402,F401  (re-exported for test_health)
import reflection_v1_pb2  # noqa: E402,F401  (re-exported for test_reflection)
import reflection_v1_pb2_grpc  # noqa: E402,F401  (re-exported for test_reflection)
import reflection_v1alpha_pb2  # noqa: E402,F401  (re-exported for test_reflection)
import reflection_v1alpha_pb2_grpc  # noqa: E402,F401  (re-exported for test_reflection)

# Every call carries a deadline, so a hub that hangs fails one case instead of the whole run.
TIMEOUT = 30

# The hub's documented bound on one Download part and one Lookup manifest part.
MAX_PART_SIZE = 1024 * 1024

# A version as Lookup answers it: the tag's info (None when looked up by digest), the digest, the manifest's canonical
# bytes as the hub sent them, and those bytes parsed.
Version = namedtuple("Version", "tag digest data manifest")


def samples():
    with open(require_env("AETHERFS_GRPC_SAMPLES"), encoding="utf-8") as f:
        return json.load(f)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def unique_name(prefix):
    """A dataset name no other case uses, so cases can run in any order against one hub."""
    return f"interop/{prefix}-{uuid.uuid4().hex[:12]}"


def tag(name, version):
    return tag_pb2.Tag(name=name, version=version)


def source_files(root):
    """Regular files under root as {relative path: bytes}; symlinks and directories carry no bytes."""
    files = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as f:
                    files[os.path.relpath(path, root)] = f.read()
    return files


def packed_stream(root):
    """The bytes a push cuts into blocks: the regular files concatenated in ordinal path order."""
    files = source_files(root)
    return b"".join(files[path] for path in sorted(files, key=lambda p: p.encode("utf-8")))


def upload_requests(data, part_size=MAX_PART_SIZE, signature=""):
    """Upload parts; the first names the signature the bytes must hash to, when one is given."""
    for offset in range(0, len(data), part_size):
        yield block_api.UploadRequest(part=data[offset:offset + part_size], signature=signature if offset == 0 else "")


def canonical(manifest):
    """A manifest's canonical JSON: properties in the order the hub writes them (dicts keep the order they were read
    or written in), no whitespace. The cases use ASCII paths only, where Python's escaping and the hub's agree."""
    return json.dumps(manifest, separators=(",", ":")).encode("utf-8")


def changed_version(manifest, mode=0o600):
    """The same files and blocks with another mode on every file: a new version (another digest) that needs no new
    blocks. Takes a manifest (dict) or a Version."""
    changed = copy.deepcopy(manifest.manifest if isinstance(manifest, Version) else manifest)
    for entry in changed["entries"]:
        if entry["type"] == "file":
            entry["mode"] = mode
    return changed


def publish_requests(data, tags=(), create_only=False, publisher="", digest="", part_size=64 * 1024):
    """A Publish stream: the tags and options first, then the manifest's bytes in parts."""
    yield dataset_api.PublishRequest(tags=list(tags), create_only=create_only, publisher=publisher, digest=digest)
    for offset in range(0, len(data), part_size):
        yield dataset_api.PublishRequest(manifest_part=data[offset:offset + part_size])


class HubTestCase(unittest.TestCase):
    """A channel to the sample hub and stubs on it, closed after each case."""

    def setUp(self):
        self.target = require_env("AETHERFS_GRPC_TARGET")
        self.channel = grpc.insecure_channel(self.target)
        self.addCleanup(self.channel.close)
        self.datasets = dataset_grpc.DatasetAPIStub(self.channel)
        self.blocks = block_grpc.BlockAPIStub(self.channel)
        self.samples = samples()

    def assertStatus(self, code, call, *args, **kwargs):
        """Makes the call (with a deadline) and asserts it fails with code; returns the RpcError for its details."""
        kwargs.setdefault("timeout", TIMEOUT)
        with self.assertRaises(grpc.RpcError) as raised:
            result = call(*args, **kwargs)
            # A streaming call fails only when read.
            if not isinstance(result, (bytes, str)) and hasattr(result, "__iter__"):
                list(result)
        self.assertEqual(code, raised.exception.code(), raised.exception.details())
        return raised.exception

    def lookup(self, name, version, stub=None, **kwargs):
        """A Version, its manifest gathered from the parts and checked against the digest and size the hub announced."""
        kwargs.setdefault("timeout", TIMEOUT)
        messages = list((stub or self.datasets).Lookup(dataset_api.LookupRequest(tag=tag(name, version)), **kwargs))
        first = messages[0]
        data = b"".join(m.manifest_part for m in messages)
        self.assertEqual(first.manifest_size, len(data))
        self.assertEqual(first.digest, "sha256:" + sha256_hex(data))
        return Version(first.tag if first.HasField("tag") else None, first.digest, data, json.loads(data))

    def sample_version(self, key="multi"):
        sample = self.samples[key]
        return self.lookup(sample["name"], sample["tags"][0])

    def publish(self, manifest, *tags, create_only=False, publisher="interop-tests", stub=None, **kwargs):
        """Publishes a manifest (a Version, a dict serialized canonically, or bytes as they are) under tags."""
        data = manifest.data if isinstance(manifest, Version) else manifest if isinstance(manifest, bytes) else canonical(manifest)
        requests = publish_requests(data, tags, create_only=create_only, publisher=publisher)
        return (stub or self.datasets).Publish(requests, timeout=TIMEOUT, **kwargs)

    def download(self, signature, offset=0, size=0, stub=None):
        """The bytes and the parts of one Download."""
        request = block_api.DownloadRequest(signature=signature, offset=offset, size=size)
        parts = list((stub or self.blocks).Download(request, timeout=TIMEOUT))
        return b"".join(p.part for p in parts), parts
