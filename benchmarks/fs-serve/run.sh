#!/usr/bin/env bash
# How fast the hub serves files over HTTP, beside nginx serving the same files from disk, in one run. A hub on local
# disk gets a pushed tree of 16 files of 1 MiB and one of 64 MiB (hex text of random bytes: compresses about 2x);
# nginx (sendfile on, access_log off, as many workers as cores) serves the same bytes from disk at the same paths.
# wrk (-t2 -c16 -d10s, keep-alive) then asks each server for:
#   - a whole 1 MiB file:                        GET /fs/bench/v1/file-01.bin
#   - 64 KiB ranges of that file:                the same with Range: bytes=A-(A+65535), 16 different A in turn
#   - 64 KiB ranges of the 64 MiB file:          GET /fs/bench/v1/big.bin with 16 different ranges in turn
#   - one block as raw bytes:                    GET /api/v1/blocks/{sig} (a block from the middle of the manifest;
#                                                nginx serves the same bytes from a file at that path)
#   - the whole 64 MiB file:                     GET /fs/bench/v1/big.bin
# Reports requests/s (and transfer/s) of each, and the ratio aetherfs / nginx (target >= 0.8). Every range and the
# block are checked byte for byte on both servers (curl) before they are measured; non-2xx answers or socket errors
# during a wrk run fail the benchmark.
#
#   benchmarks/fs-serve/run.sh
#   DURATION=30s CONNECTIONS=64 BENCH_DIR=/dev/shm benchmarks/fs-serve/run.sh
#
# Needs: the .NET SDK, python3, curl, wrk and nginx (apt-get install -y wrk nginx; the nginx service need not run: the
# script starts its own nginx on a free loopback port). Writes under $BENCH_DIR (default /tmp), removed on exit.
# Progress goes to stderr, the table to stdout.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
threads=${THREADS:-2} connections=${CONNECTIONS:-16} duration=${DURATION:-10s}

for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool is not installed (apt-get install -y wrk nginx)" >&2; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-fs-bench.XXXXXX")
hub_pid= nginx_pid=
stop() { # stop PID...: end the processes this script started, and wait for them
  local pid
  for pid in "$@"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
}
trap 'stop $hub_pid $nginx_pid; rm -rf "$work"' EXIT
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

# The machine may be shared: the header says how busy it was before this script added its own load.
load_start=$(cut -d" " -f1 /proc/loadavg)
echo "building aetherfs (Release)..." >&2
dotnet publish "$repo/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
aetherfs="$work/bin/aetherfs"

echo "writing 16 files of 1 MiB and one of 64 MiB..." >&2
python3 - "$work/data" <<'EOF'
import os, random, sys
root = sys.argv[1]
os.makedirs(root)
rng = random.Random(1)
for i in range(1, 17):
    with open(os.path.join(root, "file-%02d.bin" % i), "wb") as f:
        f.write(rng.randbytes(1 << 19).hex().encode())
with open(os.path.join(root, "big.bin"), "wb") as f:
    for _ in range(16):
        f.write(rng.randbytes(2 << 20).hex().encode())
EOF

hub_port=$(free_port)
hub="http://127.0.0.1:$hub_port"
"$aetherfs" run hub --port "$hub_port" --listen-address 127.0.0.1 --storage-path "$work/store" --log-level warning >"$work/hub.log" 2>&1 &
hub_pid=$!
wait_for "$hub/healthz" "$hub_pid" "$work/hub.log"
AETHERFS_HUB=$hub AETHERFS_CACHE_DIR=$work/cache "$aetherfs" push -t bench:v1 "$work/data" --json >"$work/push.json"

# A block from the middle of the manifest, kept as raw bytes where nginx serves it at the hub's path.
sig=$(curl -sf "$hub/api/v1/datasets/bench/-/manifests/v1" \
  | python3 -c 'import json,sys; b = json.load(sys.stdin)["blocks"]; print(b[len(b) // 2]["sig"])')
mkdir -p "$work/blocks"
curl -sf "$hub/api/v1/blocks/$sig" -o "$work/blocks/$sig"
[ "$(sha256sum <"$work/blocks/$sig" | cut -d' ' -f1)" = "$sig" ] || { echo "block $sig does not hash to its name" >&2; exit 1; }
block_size=$(stat -c %s "$work/blocks/$sig")

nginx_port=$(free_port)
nginx="http://127.0.0.1:$nginx_port"
mkdir -p "$work/nginx-temp"
{
  # As root, nginx's workers would run as nobody, who cannot read the work dir (mktemp -d is 0700).
  [ "$(id -u)" = 0 ] && echo "user root;"
  cat <<EOF
daemon off;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  # tcp_nopush stays off (nginx's default): with it, every 64 KiB range waits ~40 ms for the cork to lift (~400 req/s).
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx-temp/body;
  proxy_temp_path $work/nginx-temp/proxy;
  fastcgi_temp_path $work/nginx-temp/fastcgi;
  uwsgi_temp_path $work/nginx-temp/uwsgi;
  scgi_temp_path $work/nginx-temp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location /fs/bench/v1/ { alias $work/data/; }
    location /api/v1/blocks/ { alias $work/blocks/; }
  }
}
EOF
} >"$work/nginx.conf"
"$nginx_bin" -e "$work/nginx-error.log" -c "$work/nginx.conf" >"$work/nginx.out" 2>&1 &
nginx_pid=$!
wait_for "$nginx/fs/bench/v1/file-01.bin" "$nginx_pid" "$work/nginx-error.log"

# ranges FILE SIZE: a wrk script asking for 16 different 64 KiB ranges of a file of SIZE bytes in turn, none aligned
# to 64 KiB; writes the ranges ("first last" per line) to FILE.ranges for the check below.
ranges() {
  python3 - "$1" "$2" <<'EOF'
import random, sys
path, size = sys.argv[1], int(sys.argv[2])
rng = random.Random(size)
ranges = [(a, a + 65535) for a in sorted(rng.randrange(0, size - 65536) for _ in range(16))]
with open(path + ".ranges", "w") as f:
    f.writelines("%d %d\n" % r for r in ranges)
with open(path, "w") as f:
    f.write("local ranges = { %s }\n" % ", ".join('"bytes=%d-%d"' % r for r in ranges))
    f.write("""local requests, i = {}, 0
function init(args)
  for n, range in ipairs(ranges) do requests[n] = wrk.format(nil, nil, { ["Range"] = range }) end
end
function request()
  i = i % #requests + 1
  return requests[i]
end
""")
EOF
}
ranges "$work/small.lua" $(( 1 << 20 ))
ranges "$work/big.lua" $(( 64 << 20 ))

# check BASE: every range and the block answer the expected bytes, with 206 for the ranges.
check() {
  local base=$1 first last
  for file in file-01.bin big.bin; do
    script=$work/small.lua; [ "$file" = big.bin ] && script=$work/big.lua
    while read -r first last; do
      code=$(curl -s -o "$work/range" -w '%{http_code}' -H "Range: bytes=$first-$last" "$base/fs/bench/v1/$file")
      [ "$code" = 206 ] || { echo "$base/fs/bench/v1/$file bytes=$first-$last answered $code" >&2; exit 1; }
      [ "$(stat -c %s "$work/range")" = $(( last - first + 1 )) ] \
        && cmp -s -n $(( last - first + 1 )) -i "0:$first" "$work/range" "$work/data/$file" \
        || { echo "$base/fs/bench/v1/$file bytes=$first-$last: wrong bytes" >&2; exit 1; }
    done <"$script.ranges"
  done
  curl -sf "$base/fs/bench/v1/file-01.bin" | cmp -s - "$work/data/file-01.bin" || { echo "$base: file-01.bin differs" >&2; exit 1; }
  curl -sf "$base/api/v1/blocks/$sig" | cmp -s - "$work/blocks/$sig" || { echo "$base: block $sig differs" >&2; exit 1; }
}
check "$hub"
check "$nginx"

# measure NAME SERVER URL [LUA]: one wrk run; keeps "requests/s transfer/s" in $work/NAME-SERVER.
measure() {
  local name=$1 server=$2 url=$3 script=${4:-}
  echo "  $name, $server..." >&2
  wrk -t"$threads" -c"$connections" -d"$duration" --timeout 30s ${script:+-s "$script"} "$url" >"$work/wrk.out" 2>&1 \
    || { cat "$work/wrk.out" >&2; exit 1; }
  if grep -qE 'Non-2xx|Socket errors' "$work/wrk.out"; then
    echo "$name on $server: errors during the run:" >&2; cat "$work/wrk.out" >&2; exit 1
  fi
  echo "$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out") $(awk '/^Transfer\/sec:/ {print $2}' "$work/wrk.out")" >"$work/$name-$server"
  echo "    $(cat "$work/$name-$server")" >&2
}

rows=(whole-1m range-1m range-64m block whole-64m)
declare -A path=([whole-1m]=/fs/bench/v1/file-01.bin [range-1m]=/fs/bench/v1/file-01.bin [range-64m]=/fs/bench/v1/big.bin
  [block]=/api/v1/blocks/$sig [whole-64m]=/fs/bench/v1/big.bin)
declare -A script=([range-1m]=$work/small.lua [range-64m]=$work/big.lua)
declare -A label=([whole-1m]="whole 1 MiB file" [range-1m]="64 KiB ranges of the 1 MiB file (16 in turn)"
  [range-64m]="64 KiB ranges of the 64 MiB file (16 in turn)" [block]="one block, raw bytes ($block_size B)"
  [whole-64m]="whole 64 MiB file")
for row in "${rows[@]}"; do
  measure "$row" aetherfs "$hub${path[$row]}" "${script[$row]:-}"
  measure "$row" nginx "$nginx${path[$row]}" "${script[$row]:-}"
done

commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "wrk -t$threads -c$connections -d$duration, keep-alive, over loopback; hub (local disk store), nginx $("$nginx_bin" -v 2>&1 | sed 's|.*/||') (sendfile, $(nproc) workers) and wrk on one $(nproc)-core machine; files on $(df --output=fstype "$work" | tail -1); load average $load_start before the run; commit $commit, $(date +%F)"
echo
echo "| request | aetherfs req/s (transfer/s) | nginx req/s (transfer/s) | aetherfs / nginx | target |"
echo "|---|---:|---:|---:|---|"
for row in "${rows[@]}"; do
  read -r a_rps a_rate <"$work/$row-aetherfs"
  read -r n_rps n_rate <"$work/$row-nginx"
  echo "| ${label[$row]} | $a_rps ($a_rate/s) | $n_rps ($n_rate/s) | $(awk -v a="$a_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }') | >= 0.8 |"
done
