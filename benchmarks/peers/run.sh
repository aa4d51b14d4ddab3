#!/usr/bin/env bash
# Peer sharing: N agents (default 1, 4 and 8) on loopback follow one tag through one hub and list each other as peers.
# v1 is SIZE MiB of random data (default 512) in 16 MiB files; v2 rewrites the middle 10% of every file. For each N,
# the tag is moved to v1 and then v2 while every agent watches it; reported: the hub's block egress (its own
# aetherfs_hub_served_bytes_total{kind="block"}) divided by the dataset's size (target <= 1.1x whatever N; without
# peers it would be N x), and the time from the tag move until every agent swapped.
# Each N runs twice: with peers, and without (MODES="peers none"; MODES=peers for the first only).
# Usage: benchmarks/peers/run.sh [SIZE_MIB=512] ["1 4 8"]   (BENCH_DIR: where the work directory goes, default /tmp)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
size=${1:-512}
counts=${2:-"1 4 8"}
modes=${MODES:-"peers none"}   # "none": the same agents without --peers, the comparison (N x the dataset)
work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-peers-bench.XXXXXX")
pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
stop_hub() { [ -n "${hub_pid:-}" ] && { kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; }; }
trap 'stop_all; stop_hub; rm -rf "$work"' EXIT

dotnet publish "$root/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >/dev/null
aetherfs="$work/bin/aetherfs"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
hub_port=$(free_port)
hub="http://127.0.0.1:$hub_port"
"$aetherfs" run hub --port "$hub_port" --listen-address 127.0.0.1 --storage-path "$work/store" --log-level warning &
hub_pid=$!
until curl -fs "$hub/healthz" >/dev/null; do sleep 0.2; done
export AETHERFS_HUB=$hub AETHERFS_CACHE_DIR=$work/push-cache
python3 -c 'import secrets; print(secrets.token_hex(32))' > "$work/peer-token"
served() { curl -s "$hub/metrics" | awk '/^aetherfs_hub_served_bytes_total\{/ && /kind="block"/ { print $2 }'; }

files=$(( size / 16 > 0 ? size / 16 : 1 ))
file_bytes=$(( size * 1048576 / files ))
mkdir -p "$work/v1"
for i in $(seq 1 "$files"); do head -c "$file_bytes" /dev/urandom > "$work/v1/part-$i.bin"; done
cp -r "$work/v1" "$work/v2"
tenth=$(( file_bytes / 10 ))
for i in $(seq 1 "$files"); do
  head -c "$tenth" /dev/urandom | dd of="$work/v2/part-$i.bin" bs=65536 seek=$(( file_bytes / 2 )) oflag=seek_bytes conv=notrunc status=none
done
"$aetherfs" push "$work/v1" -t bench/peers:v1 >/dev/null
"$aetherfs" push "$work/v2" -t bench/peers:v2 >/dev/null
dataset=$(( files * file_bytes ))
echo "dataset: $(( dataset / 1048576 )) MiB in $files files; v2 rewrites $(( files * tenth / 1048576 )) MiB (10%)"

# Every agent's syncs count equals $1. (Agents start before their tag exists, and each says so once: expected.)
all_synced() {
  for port in "${ports[@]}"; do
    [ "$(curl -s "http://127.0.0.1:$port/healthz" | python3 -c "import json,sys; print(json.load(sys.stdin)['subscriptions'][0]['syncs'])" 2>/dev/null || echo -1)" = "$1" ] || return 1
  done
}

# Moves tag $3 to $1 and waits for every agent to swap ($2 syncs each): prints "egress_ratio seconds".
move_and_wait() {
  local before start
  before=$(served)
  start=$(now)
  "$aetherfs" tag "bench/peers:$1" "bench/peers:$3" >/dev/null
  until all_synced "$2"; do sleep 0.1; done
  python3 -c "print(f'{($(served) - $before) / $dataset:.3f} {$(now) - $start:.2f}')"
}

echo
echo "| agents | peers | v1: hub egress ÷ dataset | v1: tag move to every agent swapped | v2 (10% changed): hub egress ÷ dataset | v2: time |"
echo "|---:|---|---:|---:|---:|---:|"
for n in $counts; do
  for mode in $modes; do
    ports=()
    for i in $(seq 1 "$n"); do ports+=("$(free_port)"); done
    peers=$(printf 'http://127.0.0.1:%s,' "${ports[@]}")
    for i in $(seq 1 "$n"); do
      peer_args=()
      [ "$mode" = peers ] && peer_args=(--peers "${peers%,}" --peer-token-file "$work/peer-token")
      "$aetherfs" run agent --hub "$hub" --port "${ports[$((i - 1))]}" --cache-dir "$work/n$n/cache-$i" \
        --sync "bench/peers:n$n$mode=$work/n$n/synced-$i" "${peer_args[@]}" --log-level warning &
      pids+=($!)
    done
    for port in "${ports[@]}"; do until curl -s "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done; done
    read -r v1_ratio v1_time < <(move_and_wait v1 1 "n$n$mode")
    read -r v2_ratio v2_time < <(move_and_wait v2 2 "n$n$mode")
    echo "| $n | $mode | ${v1_ratio}x | ${v1_time} s | ${v2_ratio}x | ${v2_time} s |"
    stop_all
    rm -rf "$work/n$n"
  done
done
