#!/usr/bin/env bash
# What the agent downloads for a new version that changes 1% of a dataset: 500 files of 1 MiB (random), then
# v2 overwrites 100 KiB inside 50 of them (5 MB, 1% of the bytes) and is pushed to the same tag.
# Usage: benchmarks/agent/run.sh [FILES=500]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
files=${1:-500}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-agent-bench.XXXXXX")
trap 'kill $hub_pid $agent_pid 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish "$root/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
hub_port=$(free_port); agent_port=$(free_port)
hub="http://127.0.0.1:$hub_port"
"$work/bin/aetherfs" run hub --port "$hub_port" --listen-address 127.0.0.1 --storage-path "$work/store" --log-level warning &
hub_pid=$!
until curl -fs "$hub/healthz" >/dev/null; do sleep 0.2; done
export AETHERFS_HUB=$hub AETHERFS_CACHE_DIR=$work/push-cache

mkdir -p "$work/data"
for i in $(seq 1 "$files"); do head -c 1048576 /dev/urandom > "$work/data/f$i.bin"; done
"$work/bin/aetherfs" push "$work/data" -t bench/geo:stable >/dev/null
echo "v1: $(du -sm "$work/data" | cut -f1) MiB in $files files"

"$work/bin/aetherfs" run agent --hub "$hub" --port "$agent_port" --cache-dir "$work/agent-cache" --sync "bench/geo:stable=$work/synced" --log-level warning &
agent_pid=$!
health() { curl -s "http://127.0.0.1:$agent_port/healthz"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['subscriptions'][0]['$1'])"; }
until [ "$(health 2>/dev/null | field syncs 2>/dev/null || echo 0)" = "1" ]; do sleep 0.2; done
before=$(health | field bytesDownloaded)
blocks_before=$(health | field blocksDownloaded)
echo "agent synced v1: downloaded $before bytes"

# v2: 100 KiB overwritten in the middle of every tenth file.
for i in $(seq 1 10 "$files"); do
  head -c 102400 /dev/urandom | dd of="$work/data/f$i.bin" bs=1 seek=400000 conv=notrunc status=none
done
changed=$(( (files + 9) / 10 * 102400 ))
start=$(date +%s.%N)
"$work/bin/aetherfs" push "$work/data" -t bench/geo:stable >/dev/null
until [ "$(health | field syncs)" = "2" ]; do sleep 0.1; done
end=$(date +%s.%N)
after=$(health | field bytesDownloaded)
blocks_after=$(health | field blocksDownloaded)
total=$(( files * 1048576 ))
echo
echo "| v2 of $(( total / 1000000 )) MB changing $changed bytes ($(python3 -c "print(f'{$changed/$total*100:.1f}')")%) | value |"
echo "|---|---:|"
echo "| bytes the agent downloaded for v2 | $(( after - before )) ($(python3 -c "print(f'{($after-$before)/$total*100:.2f}')")% of the dataset) |"
echo "| blocks downloaded for v2 | $(( blocks_after - blocks_before )) |"
echo "| push of v2 to swap on the agent | $(python3 -c "print(f'{$end-$start:.2f}')") s |"
