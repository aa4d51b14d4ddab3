#!/usr/bin/env bash
# Fresh pulls of a version stored as deltas, against the same pull from a build that stores it full.
# Two builds each run their own hub; each hub takes v1, then v2 pushed from the cache that pushed v1 (so a build
# with storage deltas stores v2's changed blocks as deltas, and must send a fresh puller their full payloads).
# Then ROUNDS rounds, alternating builds, of `pull --json` of v2 into an empty directory with an empty cache;
# prints each pull's `seconds` and `bytesDownloaded`, and the median seconds per build.
# Usage: benchmarks/dedup/fresh-pull.sh OLD_AETHERFS NEW_AETHERFS [NPM_PACKAGE V1 V2]
#        (default caniuse-db 1.0.30001812 1.0.30001813; ROUNDS=5; WORK=/tmp/fresh-pull-work, emptied and removed)
set -euo pipefail
declare -A bins=([old]=$1 [new]=$2)
package=${3:-caniuse-db}
v1=${4:-1.0.30001812}
v2=${5:-1.0.30001813}
rounds=${ROUNDS:-5}
work=${WORK:-/tmp/fresh-pull-work}
case "$work" in /*) ;; *) echo "WORK must be absolute" >&2; exit 2 ;; esac
if [ -e "$work" ] && [ ! -e "$work/.fresh-pull-work" ]; then echo "refusing to empty $work: not made by this script" >&2; exit 2; fi
rm -rf "$work" && mkdir -p "$work/npm" && touch "$work/.fresh-pull-work"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

for v in "$v1" "$v2"; do
  tgz=$(cd "$work/npm" && npm pack --loglevel=error "$package@$v" | tail -n 1)
  mkdir -p "$work/data/$v" && tar -xzf "$work/npm/$tgz" -C "$work/data/$v"
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A hubs
for build in old new; do
  bin=${bins[$build]}
  port=$(free_port)
  "$bin" run hub --port "$port" --listen-address 127.0.0.1 --storage-path "$work/$build/store" --log-level warning &
  pids+=($!)
  hubs[$build]="http://127.0.0.1:$port"
  until curl -fs "${hubs[$build]}/healthz" >/dev/null; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the $build hub ($bin) did not start" >&2; exit 1; }
    sleep 0.2
  done
  for v in "$v1" "$v2"; do
    AETHERFS_HUB=${hubs[$build]} "$bin" push --cache-dir "$work/$build/push-cache" -t "fresh/p:$v" "$work/data/$v/package" >/dev/null
  done
done

for build in old new; do
  echo "$build store after v1 and v2: $(du -sb "$work/$build/store" | cut -f1) bytes"
done

declare -A times
for round in $(seq 1 "$rounds"); do
  for build in old new; do
    bin=${bins[$build]}
    rm -rf "$work/pull" "$work/pull-cache"
    json=$(AETHERFS_HUB=${hubs[$build]} "$bin" pull --json --cache-dir "$work/pull-cache" --no-cache "fresh/p:$v2" "$work/pull")
    seconds=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$json")
    bytes=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["bytesDownloaded"])' "$json")
    echo "round $round $build: ${seconds} s, $bytes bytes"
    times[$build]="${times[$build]:-} $seconds"
  done
done

for build in old new; do
  # shellcheck disable=SC2086
  python3 -c 'import statistics,sys; print(f"{sys.argv[1]}: median {statistics.median(map(float, sys.argv[2:])):.3f} s")' "$build" ${times[$build]}
done
