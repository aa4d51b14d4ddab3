#!/usr/bin/env bash
# What the hub's storage costs: push a tree to a hub, then pull it into an empty cache, with the hub on S3 (s3rver
# on loopback behind benchmarks/storage/s3-proxy.js, a proxy that counts every S3 request by kind and can add a
# first-byte delay) with no added delay and with DELAY_MS (default 20 ms, S3's typical time to first byte), and on
# local disk, in one run. Reports:
#   - S3 requests per GiB pushed and per GiB pulled, by kind (PUT, multipart, GET, HEAD, LIST, DELETE, other) and in
#     all (GiB = the bytes of the tree's files);
#   - push and pull throughput (MiB of the tree per wall second) and client peak RSS (GNU time), on S3 with the delay
#     beside local disk, and their ratio (target >= 0.8);
#   - objects in the bucket (S3) or files in the store (local disk) per GiB, and files in the client's cache dir after
#     the pull per GiB;
#   - the hub's peak RSS (VmHWM) over each run.
#
#   benchmarks/storage/run.sh [TREE]          # default TREE: /usr/share/dotnet (the .NET SDK)
#   benchmarks/storage/run.sh --size 256      # a synthetic tree of 256 MiB: files of 256 B to 4 MiB, half CSV-like
#                                             # text (compresses ~2.5x), half random bytes; the same every run (seeded)
#   DELAY_MS=50 BENCH_DIR=/dev/shm benchmarks/storage/run.sh --size 256
#
# Needs: the .NET SDK, node (s3rver and the proxy), python3, curl and GNU time (apt-get install -y time nodejs);
# s3rver installed with `npm ci --prefix tests/s3`. Writes under $BENCH_DIR (default /tmp), removed on exit.
# Progress goes to stderr, the tables to stdout.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
delay=${DELAY_MS:-20}
s3rver="$repo/tests/s3/node_modules/s3rver/bin/s3rver.js"
proxy_js="$repo/benchmarks/storage/s3-proxy.js"

tree=/usr/share/dotnet
size=
case "${1:-}" in
  --size) size=${2:?--size needs a number of MiB} ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) tree=$1 ;;
esac

command -v node >/dev/null || { echo "node is not installed (apt-get install -y nodejs)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install -y time)" >&2; exit 1; }
[ -f "$s3rver" ] || { echo "s3rver is not installed at $s3rver: run npm ci --prefix tests/s3" >&2; exit 1; }

work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-storage-bench.XXXXXX")
s3_pid= proxy_pid= hub_pid= client_pid=
stop() { # stop PID...: end the processes this script started, and wait for them
  local pid
  for pid in "$@"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
}
# client_pid is GNU time's: the client it runs goes first, by its parent's pid.
trap '[ -z "$client_pid" ] || pkill -P "$client_pid" 2>/dev/null; stop $client_pid $hub_pid $proxy_pid $s3_pid; rm -rf "$work"' EXIT
trap 'exit 130' INT; trap 'exit 143' TERM # so the EXIT trap cleans up after a signal too

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:.*zombie' "/proc/$1/status"; }
# wait_for URL PID LOG: until URL answers (any HTTP status), or fail with the log if PID dies or 30 s pass.
wait_for() {
  local i
  for i in $(seq 300); do
    curl -s -o /dev/null "$1" && return 0
    alive "$2" || { echo "process $2 exited; its log ($3):" >&2; tail -20 "$3" >&2; exit 1; }
    sleep 0.1
  done
  echo "$1 did not answer within 30 s; log ($3):" >&2; tail -20 "$3" >&2; exit 1
}
# json FILE KEY: one top-level field of a JSON file
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# The machine may be shared: the header says how busy it was before this script added its own load.
load_start=$(cut -d" " -f1 /proc/loadavg)
echo "building aetherfs (Release)..." >&2
dotnet publish "$repo/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
aetherfs="$work/bin/aetherfs"

if [ -n "$size" ]; then
  tree="$work/tree"
  echo "writing a synthetic tree of $size MiB..." >&2
  python3 - "$tree" "$size" <<'EOF'
import math, os, random, sys
root, total = sys.argv[1], int(sys.argv[2]) << 20
rng = random.Random(1)
words = b"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega".split()
def text(n):  # CSV-like rows, every one different: compresses about 2.5x with zstd -3
    rows, length, row = [], 0, 0
    while length < n:
        line = b"%d,%s,%s,%d,%.4f\n" % (row, rng.choice(words), rng.choice(words), rng.getrandbits(20), rng.random())
        rows.append(line); length += len(line); row += 1
    return b"".join(rows)[:n]
i = 0
while total > 0:
    n = min(total, int(math.exp(rng.uniform(math.log(256), math.log(4 << 20)))))  # log-uniform, 256 B to 4 MiB
    directory = os.path.join(root, "d%02d" % (i // 64))
    os.makedirs(directory, exist_ok=True)
    kind = "csv" if i % 2 == 0 else "bin"
    with open(os.path.join(directory, "f%05d.%s" % (i, kind)), "wb") as f:
        f.write(text(n) if kind == "csv" else rng.randbytes(n))
    total -= n; i += 1
EOF
fi
[ -d "$tree" ] || { echo "no such directory: $tree" >&2; exit 1; }
files=$(find "$tree" -type f | wc -l)
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
mib=$(( bytes / 1024 / 1024 ))
echo "tree: $tree, $files files, $mib MiB; S3 delay $delay ms; writes under $work" >&2
# Warm the page cache so no run pays alone for reading the tree from disk.
tar -cf - "$tree" 2>/dev/null | cat >/dev/null

runs=(s3-0ms "s3-${delay}ms" local)
[ "$delay" != 0 ] || runs=(s3-0ms local)
buckets=()
for run in "${runs[@]}"; do [ "$run" = local ] || buckets+=(--configure-bucket "$run"); done # one bucket per S3 run
s3_port=$(free_port)
mkdir -p "$work/s3"
# The legacy OpenSSL provider is what s3rver's continuation tokens need on Node 17+ (as tests/Shared/S3rverProcess.cs).
NODE_OPTIONS=--openssl-legacy-provider node "$s3rver" -d "$work/s3" -a 127.0.0.1 -p "$s3_port" --silent \
  "${buckets[@]}" >"$work/s3rver.log" 2>&1 &
s3_pid=$!
wait_for "http://127.0.0.1:$s3_port/" "$s3_pid" "$work/s3rver.log"

start_hub() { # start_hub RUN STORAGE-ARGS...: a hub on a free port; sets hub_pid and AETHERFS_HUB
  local run=$1 port; shift
  port=$(free_port)
  "$aetherfs" run hub --port "$port" --listen-address 127.0.0.1 --log-level warning "$@" >"$work/hub-$run.log" 2>&1 &
  hub_pid=$!
  export AETHERFS_HUB="http://127.0.0.1:$port"
  wait_for "$AETHERFS_HUB/healthz" "$hub_pid" "$work/hub-$run.log"
}

# timed RUN STEP CMD...: run a client command under GNU time; keeps its JSON output in $work/RUN-STEP.json and
# "seconds peak-KiB" in $work/RUN-STEP.time.
timed() {
  local run=$1 step=$2; shift 2
  sync # no dirty pages left by the step before
  # In the background so a signal ends the script at once (bash waits for a foreground child before its traps).
  /usr/bin/time -f "%e %M" -o "$work/$run-$step.time" "$@" >"$work/$run-$step.json" 2>"$work/$run-$step.err" &
  client_pid=$!
  wait "$client_pid" || { echo "$run $step failed:" >&2; cat "$work/$run-$step.err" >&2; tail -20 "$work/hub-$run.log" >&2; exit 1; }
  client_pid=
  echo "  $step: $(cut -d' ' -f1 "$work/$run-$step.time") s, client peak RSS $(( $(cut -d' ' -f2 "$work/$run-$step.time") / 1024 )) MiB" >&2
}

# bench RUN: push the tree to the running hub, then pull it into an empty cache and compare. With a proxy, keeps its
# counts after each step in $work/RUN-STEP.counts.
bench() {
  local run=$1 proxy=${2:-}
  [ -z "$proxy" ] || curl -sf -X POST "$proxy/__reset" >/dev/null # the hub's start-up access check is not the push's
  AETHERFS_CACHE_DIR="$work/cache-$run-push" timed "$run" push "$aetherfs" push -t bench:v1 "$tree" --json
  if [ -n "$proxy" ]; then curl -sf -X POST "$proxy/__reset" >"$work/$run-push.counts"; fi
  AETHERFS_CACHE_DIR="$work/cache-$run-pull" timed "$run" pull "$aetherfs" pull bench:v1 "$work/pulled-$run" --json
  if [ -n "$proxy" ]; then curl -sf -X POST "$proxy/__reset" >"$work/$run-pull.counts"; fi
  diff -r "$tree" "$work/pulled-$run" >/dev/null || { echo "$run: the pulled tree differs from $tree" >&2; exit 1; }
  awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$hub_pid/status" >"$work/$run.hub-rss"
  find "$work/cache-$run-pull" -type f | wc -l >"$work/$run.cache-files"
  stop "$hub_pid"; hub_pid=
  rm -rf "$work/pulled-$run" "$work/cache-$run-push" "$work/cache-$run-pull"
}

for run in "${runs[@]}"; do
  echo "$run" >&2
  if [ "$run" = local ]; then
    start_hub "$run" --storage-path "$work/store"
    bench "$run"
    find "$work/store" -type f | wc -l >"$work/$run.store-files"
    rm -rf "$work/store"
  else
    run_delay=${run#s3-}; run_delay=${run_delay%ms}
    proxy_port=$(free_port)
    node "$proxy_js" --target "http://127.0.0.1:$s3_port" --port "$proxy_port" --delay-ms "$run_delay" >"$work/proxy-$run.log" 2>&1 &
    proxy_pid=$!
    proxy="http://127.0.0.1:$proxy_port"
    wait_for "$proxy/__counts" "$proxy_pid" "$work/proxy-$run.log"
    # s3rver, the only credentials it knows: S3RVER/S3RVER
    STORAGE_S3_SECRET_ACCESS_KEY=S3RVER start_hub "$run" --storage-driver s3 --storage-s3-endpoint "$proxy" \
      --storage-s3-bucket "$run" --storage-s3-access-key-id S3RVER
    bench "$run" "$proxy"
    stop "$proxy_pid"; proxy_pid=
    find "$work/s3/$run" -type f -name '*._S3rver_object' | wc -l >"$work/$run.store-files"
  fi
done

# The tables. Everything per GiB is per GiB of the tree's file bytes.
blocks=$(json "$work/local-push.json" blocks)
stored=$(json "$work/local-push.json" bytesUploaded)
slow="s3-${delay}ms"
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
if [ -n "$size" ]; then what="synthetic tree (\`--size $size\`: half CSV-like text, half random bytes)"; else what="\`$tree\`"; fi
echo "tree: $what ($files files, $mib MiB; $blocks blocks, $(( stored / 1024 / 1024 )) MiB stored); S3: s3rver on loopback behind s3-proxy.js; hub, S3 server and client on one $(nproc)-core machine; writes on $(df --output=fstype "$work" | tail -1); load average $load_start before the run; commit $commit, $(date +%F)"
echo
python3 - "$work" "$bytes" "$slow" "${runs[@]}" <<'EOF'
import json, sys
work, tree_bytes, slow, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
gib = tree_bytes / 2**30
def read(name): return open(f"{work}/{name}").read().split()
def seconds(run, step): return float(read(f"{run}-{step}.time")[0])
def peak(run, step): return int(read(f"{run}-{step}.time")[1]) // 1024
def rate(run, step): return tree_bytes / 2**20 / seconds(run, step)
def counts(run, step): return json.load(open(f"{work}/{run}-{step}.counts"))
def per_gib(n): return f"{n / gib:,.0f}"
def label(run): return {"local": "local disk"}.get(run, f"S3, +{run[3:-2]} ms")
s3 = [r for r in runs if r != "local"]
print(f"| | {' | '.join(label(r) for r in runs)} | {label(slow)} / local disk | target |")
print("|---|" + "---:|" * len(runs) + "---:|---|")
for step in ("push", "pull"):
    cells = [f"{seconds(r, step):.1f} s ({rate(r, step):.1f} MiB/s)" for r in runs]
    print(f"| {step}: wall time (throughput) | {' | '.join(cells)} | {rate(slow, step) / rate('local', step):.2f} | >= 0.8 |")
for step in ("push", "pull"):
    print(f"| {step}: client peak RSS, MiB | {' | '.join(str(peak(r, step)) for r in runs)} | | |")
print(f"| hub peak RSS (push and pull), MiB | {' | '.join(read(f'{r}.hub-rss')[0] for r in runs)} | | |")
for step in ("push", "pull"):
    cells = [per_gib(counts(r, step)["total"]) for r in s3] + ["-"]
    print(f"| S3 requests per GiB {step}ed | {' | '.join(cells)} | | |")
for step in ("push", "pull"):
    cells = [str(counts(r, step)["max_in_flight"]) for r in s3] + ["-"]
    print(f"| most S3 requests in flight, {step} | {' | '.join(cells)} | | |")
print(f"| objects in the bucket / files in the store, per GiB | {' | '.join(per_gib(int(read(f'{r}.store-files')[0])) for r in runs)} | | |")
print(f"| files in the client's cache dir after the pull, per GiB | {' | '.join(per_gib(int(read(f'{r}.cache-files')[0])) for r in runs)} | | |")
print()
kinds = [("put", "PUT"), ("multipart", "multipart"), ("get", "GET"), ("get_ranged", "of which ranged"), ("head", "HEAD"),
         ("list", "LIST"), ("delete", "DELETE"), ("other", "other"), ("total", "total")]
print("| S3 requests per GiB | " + " | ".join(name for _, name in kinds) + " | MiB up / down per GiB |")
print("|---|" + "---:|" * (len(kinds) + 1))
for step in ("push", "pull"):
    for r in s3:
        c = counts(r, step)
        cells = [per_gib(c[k]) for k, _ in kinds]
        print(f"| {step}, {label(r)} | {' | '.join(cells)} | {c['bytes_up'] / 2**20 / gib:,.0f} / {c['bytes_down'] / 2**20 / gib:,.0f} |")
EOF
