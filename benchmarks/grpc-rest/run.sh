#!/usr/bin/env bash
# gRPC BlockAPI.Download against REST GET /api/v1/blocks on the same hub, in one run: 1 GiB of random data,
# pushed once with 4 MiB fixed blocks and once with the default 64 KiB content-defined blocks.
# Usage: benchmarks/grpc-rest/run.sh [SIZE_MIB=1024] [ROUNDS=3]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
size_mib=${1:-1024}
rounds=${2:-3}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-grpc-rest.XXXXXX")
trap 'kill $hub_pid 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish "$root/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >/dev/null
dotnet build "$root/benchmarks/grpc-rest/AetherFS.Benchmarks.Transfer" -c Release -o "$work/transfer" -nologo -v quiet >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
hub="http://127.0.0.1:$port"
"$work/bin/aetherfs" run hub --port "$port" --listen-address 127.0.0.1 --storage-path "$work/store" --log-level warning &
hub_pid=$!
until curl -fs "$hub/healthz" >/dev/null; do sleep 0.2; done

mkdir -p "$work/data"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/data/random.bin"
export AETHERFS_HUB=$hub AETHERFS_CACHE_DIR=$work/cache
"$work/bin/aetherfs" push "$work/data" -t bench:fixed --chunking fixed --block-size 4MiB --compression-level 0 >/dev/null
"$work/bin/aetherfs" push "$work/data" -t bench:cdc --compression-level 0 >/dev/null

echo "## 4 MiB blocks, one at a time"
"$work/transfer/AetherFS.Benchmarks.Transfer" "$hub" bench:fixed "$rounds" 1
echo
echo "## 64 KiB blocks (default chunking), 8 in flight"
"$work/transfer/AetherFS.Benchmarks.Transfer" "$hub" bench:cdc "$rounds" 8
