#!/usr/bin/env bash
# Load test, bounded in time, loopback only: PULLERS concurrent pulls and PUSHERS concurrent pushes against one
# hub while abuse.py sends oversized and malformed requests from ABUSERS threads. Prints a Markdown table:
# legitimate operations done and failed, throughput, what the hostile requests got, and the hub's peak RSS.
#
#   benchmarks/load/run.sh [SECONDS]        # default 60; PULLERS=32 PUSHERS=8 ABUSERS=4 DATASET_MIB=64
#
# Targets (issue 13): no failed legitimate request, no 5xx to a hostile one, hub peak RSS under 300 MiB.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
pullers=${PULLERS:-32}
pushers=${PUSHERS:-8}
abusers=${ABUSERS:-4}
dataset_mib=${DATASET_MIB:-64}
work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-load.XXXXXX")
trap 'kill $hub_pid 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

echo "building aetherfs (Release)..." >&2
dotnet publish "$repo/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
aetherfs="$work/bin/aetherfs"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$aetherfs" run hub --port "$port" --listen-address 127.0.0.1 --storage-path "$work/hub" 2>"$work/hub.log" &
hub_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
export AETHERFS_HUB="http://127.0.0.1:$port" CI=1

# The dataset the pullers fetch: 16 files of random bytes, so every pull moves real blocks.
mkdir -p "$work/src"
for i in $(seq 0 15); do head -c $(( dataset_mib * 1024 * 1024 / 16 )) /dev/urandom >"$work/src/file-$i.bin"; done
AETHERFS_CACHE_DIR="$work/cache-seed" "$aetherfs" push -t load:v1 "$work/src" >/dev/null

end=$(( $(date +%s) + seconds ))
mkdir -p "$work/results"

# Each pull starts from nothing (no cache, no earlier copy), so each one costs the hub the whole dataset.
puller() {
  local i=$1 ok=0 failed=0
  while [ "$(date +%s)" -lt "$end" ]; do
    rm -rf "$work/pull-$i" "$work/pcache-$i"
    if AETHERFS_CACHE_DIR="$work/pcache-$i" "$aetherfs" pull load:v1 "$work/pull-$i" >/dev/null 2>>"$work/results/pull-$i.err"; then
      ok=$((ok + 1))
    else
      failed=$((failed + 1))
    fi
  done
  rm -rf "$work/pull-$i" "$work/pcache-$i"
  echo "$ok $failed" >"$work/results/pull-$i"
}

# Each push changes 64 KiB of an 8 MiB dataset of its own and pushes it under a new tag.
pusher() {
  local i=$1 ok=0 failed=0 round=0
  mkdir -p "$work/push-$i"
  head -c $(( 8 * 1024 * 1024 )) /dev/urandom >"$work/push-$i/data.bin"
  while [ "$(date +%s)" -lt "$end" ]; do
    round=$((round + 1))
    head -c 65536 /dev/urandom | dd of="$work/push-$i/data.bin" bs=65536 seek=$(( round % 128 )) conv=notrunc status=none
    if AETHERFS_CACHE_DIR="$work/ucache-$i" "$aetherfs" push -t "load-$i:r$round" "$work/push-$i" >/dev/null 2>>"$work/results/push-$i.err"; then
      ok=$((ok + 1))
    else
      failed=$((failed + 1))
    fi
  done
  echo "$ok $failed" >"$work/results/push-$i"
}

echo "running for $seconds s: $pullers pullers, $pushers pushers, $abusers abusive threads..." >&2
for i in $(seq "$pullers"); do puller "$i" & done
for i in $(seq "$pushers"); do pusher "$i" & done
python3 "$repo/benchmarks/load/abuse.py" "$AETHERFS_HUB" "$seconds" "$abusers" >"$work/results/abuse" &
started=$(date +%s.%N)
wait $(jobs -p | grep -v "^$hub_pid$") 2>/dev/null || true
elapsed=$(echo "$(date +%s.%N) - $started" | bc)

sum() { cat "$work"/results/$1-[0-9]* 2>/dev/null | awk -v f="$2" '{ s += $f } END { print s + 0 }'; }
pulls_ok=$(sum pull 1); pulls_failed=$(sum pull 2); pushes_ok=$(sum push 1); pushes_failed=$(sum push 2)
hub_peak=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$hub_pid/status")
mib_pulled=$(( pulls_ok * dataset_mib ))

echo
echo "one hub (local disk), $pullers pulls and $pushers pushes at a time for ${seconds} s, $abusers hostile threads; $(nproc) cores"
echo
echo "| what | result |"
echo "|---|---:|"
echo "| pulls of a $dataset_mib MiB dataset: done / failed | $pulls_ok / $pulls_failed |"
echo "| pull throughput | $(echo "scale=1; $mib_pulled / $elapsed" | bc) MiB/s |"
echo "| pushes (8 MiB, 64 KiB changed): done / failed | $pushes_ok / $pushes_failed |"
echo "| hub peak RSS | $hub_peak MiB |"
echo
echo "| hostile request | sent | answers |"
echo "|---|---:|---|"
while IFS=$'\t' read -r kind sent answers; do echo "| $kind | $sent | $answers |"; done <"$work/results/abuse"

if [ "$pulls_failed" -gt 0 ] || [ "$pushes_failed" -gt 0 ]; then
  echo
  echo "first errors of failed legitimate requests:"
  cat "$work"/results/*.err | sort | uniq -c | sort -rn | head -10
fi
if grep -qE '(^|[[:space:]])5[0-9][0-9]:' "$work/results/abuse"; then
  echo
  echo "hub log lines about 5xx answers:"
  grep -iE 'error|exception' "$work/hub.log" | sort | uniq -c | sort -rn | head -10
fi
