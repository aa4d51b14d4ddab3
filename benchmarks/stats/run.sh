#!/usr/bin/env bash
# The cost of usage statistics: one hub with recording on (the default) and one with --no-usage-stats, in one run,
# each measured on what recording touches:
#   - pull throughput: a dataset of random bytes (64 MiB by default) pulled ROUNDS times without the client cache;
#   - manifest fetches: REQUESTS sequential GETs of .../-/manifests/{tag} on one keep-alive connection (each one is a
#     recorded pull, the worst case for recording: no block transfer to hide behind).
# Medians of ROUNDS; the two hubs alternate round by round so drift in machine load hits both alike.
#
#   benchmarks/stats/run.sh [SIZE]                 # default SIZE 64M; ROUNDS=5 REQUESTS=2000
#   BENCH_DIR=/dev/shm benchmarks/stats/run.sh     # every write on tmpfs instead of disk
#
# Writes under a new directory in $BENCH_DIR (default /tmp), removed at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-stats-bench.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

size=${1:-64M}
rounds=${ROUNDS:-5}
requests=${REQUESTS:-2000}
echo "building aetherfs (Release)..." >&2
dotnet publish "$repo/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
aetherfs="$work/bin/aetherfs"
mkdir -p "$work/data"
head -c "$size" /dev/urandom >"$work/data/random.bin"
bytes=$(stat -c %s "$work/data/random.bin")
export XDG_CONFIG_HOME="$work/config" CI=1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A port
for mode in on off; do
  port[$mode]=$(free_port)
  flags=()
  [ "$mode" = off ] && flags+=(--no-usage-stats)
  "$aetherfs" run hub --port "${port[$mode]}" --listen-address 127.0.0.1 --storage-path "$work/hub-$mode" "${flags[@]}" 2>"$work/hub-$mode.log" &
  pids+=($!)
  until curl -sf "http://127.0.0.1:${port[$mode]}/healthz" >/dev/null; do sleep 0.2; done
  AETHERFS_HUB="http://127.0.0.1:${port[$mode]}" AETHERFS_CACHE_DIR="$work/cache-push" "$aetherfs" push -t bench/stats:v1 "$work/data" >/dev/null
done

pull_seconds() {
  rm -rf "$work/pulled"
  sync
  local start
  start=$(date +%s.%N)
  AETHERFS_HUB="http://127.0.0.1:$1" AETHERFS_CACHE_DIR="$work/cache" "$aetherfs" pull bench/stats:v1 "$work/pulled" --no-cache >/dev/null
  echo "$(date +%s.%N) - $start" | bc
  cmp -s "$work/data/random.bin" "$work/pulled/random.bin" || { echo "pull differs" >&2; exit 1; }
}

manifests_per_second() {
  python3 - "$1" "$requests" <<'PY'
import http.client, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection("127.0.0.1", port)
path = "/api/v1/datasets/bench/stats/-/manifests/v1"
for _ in range(50):  # warm-up
    connection.request("GET", path, headers={"Accept": "application/vnd.aetherfs.block"}); connection.getresponse().read()
start = time.perf_counter()
for _ in range(count):
    connection.request("GET", path, headers={"Accept": "application/vnd.aetherfs.block"})
    response = connection.getresponse(); response.read()
    assert response.status == 200, response.status
print(f"{count / (time.perf_counter() - start):.1f}")
PY
}

declare -A pulls manifests
for round in $(seq "$rounds"); do
  for mode in on off; do
    pulls[$mode]+="$(pull_seconds "${port[$mode]}") "
    manifests[$mode]+="$(manifests_per_second "${port[$mode]}") "
  done
done

echo "| hub | pull seconds (median of $rounds) | pull MiB/s | manifest fetches/s (median of $rounds, $requests each) |"
echo "|---|---:|---:|---:|"
for mode in on off; do
  seconds=$(printf '%s\n' ${pulls[$mode]} | median)
  rate=$(printf '%s\n' ${manifests[$mode]} | median)
  label=$([ "$mode" = on ] && echo "usage stats on (default)" || echo "--no-usage-stats")
  printf '| %s | %.2f | %.0f | %.0f |\n' "$label" "$seconds" "$(echo "$bytes / 1048576 / $seconds" | bc -l)" "$rate"
done
