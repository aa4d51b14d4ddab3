"""Generates the Python gRPC stubs of the hub's contracts from proto/ into a directory.

Usage: /usr/bin/python3 generate_stubs.py PROTO_DIR OUT_DIR

The stubs are build output, generated at test time and never committed. The server reflection protos the cases
use as a client (protos/reflection_v1*.proto, the published protocol written out) keep file names outside grpc/:
a generated package "grpc" would shadow grpcio itself. Their proto packages, and so the method paths, are the
protocol's.
"""

import os
import shutil
import subprocess
import sys
import tempfile

REFLECTION = os.path.join(os.path.dirname(os.path.abspath(__file__)), "protos")


def generate(proto_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aetherfs-protos-") as source:
        shutil.copytree(os.path.join(proto_dir, "aetherfs"), os.path.join(source, "aetherfs"))
        for name in os.listdir(REFLECTION):
            shutil.copyfile(os.path.join(REFLECTION, name), os.path.join(source, name))

        files = sorted(
            os.path.relpath(os.path.join(root, name), source)
            for root, _, names in os.walk(source)
            for name in names
            if name.endswith(".proto"))
        # "python -m grpc_tools.protoc" adds the include path of the well-known types (google/protobuf/*.proto).
        command = [sys.executable, "-m", "grpc_tools.protoc", "-I", source,
                   "--python_out", out_dir, "--grpc_python_out", out_dir] + files
        subprocess.run(command, check=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    generate(sys.argv[1], sys.argv[2])
