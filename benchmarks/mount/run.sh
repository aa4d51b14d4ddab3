#!/usr/bin/env bash
# Reads through `aetherfs mount` beside the same files pulled to ext4 and beside `casync mount` of the same trees, in
# one run (issue 15, "How it will be checked"). Two datasets: one file of incompressible random bytes (SIZE, default
# 256M) and a tree of FILES small files in nested directories (default 100000). Figures: cold, warm and hot sequential
# 1 MiB reads and cold and warm 4 KiB random reads (fio, one job, buffered, JSON output), time to first byte of cold
# files, `ls -lR` of the tree, and bytes fetched from the hub against bytes of blocks touched (from the summary line
# `aetherfs mount` prints when it stops). See README.md beside this script for what each state means.
#
#   benchmarks/mount/run.sh                         # needs root (drop_caches, mounts), fio, casync, fuse3
#   BENCH_DIR=/some/ext4/dir SIZE=64M FILES=20000 benchmarks/mount/run.sh
#   AETHERFS=/path/to/aetherfs benchmarks/mount/run.sh   # measure that binary instead of building this checkout
#
# Everything is written under a new directory in $BENCH_DIR (default $TMPDIR, else /tmp), which must be on ext4 for
# the ext4 column to mean ext4; mounts are made only inside it and are unmounted, and it is removed, on exit (KEEP=1
# keeps it). The table goes to stdout and to benchmarks/results/mount-DATE.md.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
size=${SIZE:-256M}
files=${FILES:-100000}
rand_io=${RAND_IO:-16M}          # bytes of 4 KiB random reads per run
rand_runtime=${RAND_RUNTIME:-60} # bound on one random-read run, seconds
hot_loops=${HOT_LOOPS:-4}        # a hot read goes over the file this many times: one pass from memory is too short to time
ttfb_files=${TTFB_FILES:-20}
ls_timeout=${LS_TIMEOUT:-120}     # bound on one `ls -lR`, seconds

die() { echo "mount benchmark: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" >&2; }
[ "$(id -u)" = 0 ] || die "run as root: dropping the page cache and mounting need it"
for tool in fio casync fusermount3 python3 curl mountpoint; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install -y fio casync fuse3 python3 curl util-linux)"
done

work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/aetherfs-mount-bench.XXXXXX")
pids=()
mounts=()
cleanup() {
  local m p
  for m in "${mounts[@]}"; do
    if mountpoint -q "$m" 2>/dev/null; then fusermount3 -u -z "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; fi
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # Never delete through a mount that is still there: say so and leave the directory instead.
  if grep -qF " $work/" /proc/self/mounts; then
    echo "mount benchmark: something is still mounted under $work; not removing it" >&2
  elif [ "${KEEP:-0}" != 1 ]; then
    rm -rf "$work"
  else
    echo "mount benchmark: kept $work" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fstype=$(findmnt -n -o FSTYPE --target "$work")
[ "$fstype" = ext4 ] || log "warning: $work is on $fstype, not ext4: the ext4 column measures $fstype"

# Keep every default path of the CLI (cache, credentials, hub storage) inside the work directory.
export XDG_CACHE_HOME=$work/xdg/cache XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data
export AETHERFS_CACHE_DIR=$work/xdg/cache/aetherfs CI=1

if [ -n "${AETHERFS:-}" ]; then
  aetherfs=$AETHERFS
else
  log "building aetherfs (Release)..."
  dotnet publish "$repo/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
  aetherfs=$work/bin/aetherfs
fi
[ -x "$aetherfs" ] || die "$aetherfs is not an executable"
has_mount=1
# An unknown command prints the root help (exit 0), so look for `mount` among the commands it lists.
"$aetherfs" --help 2>/dev/null | grep -qE '^\s+mount\b' || { has_mount=0; log "this aetherfs has no 'mount' command: its column stays empty"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches; }
now() { date +%s.%N; }
# wait_up URL PID LOG: wait until URL answers, failing if PID exits first or a minute passes.
wait_up() {
  local i
  for i in $(seq 300); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; die "the server for $1 exited"; }
    sleep 0.2
  done
  die "$1 did not answer within a minute"
}
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }

# --- datasets ----------------------------------------------------------------------------------------
log "work directory: $work ($fstype); load: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$work/data/file" "$work/data/tree"
head -c "$size" /dev/urandom >"$work/data/file/random.bin"
file_bytes=$(stat -c %s "$work/data/file/random.bin")
# FILES small files (0 to 2 KiB of seeded random bytes): 100 per leaf directory, 10 leaves per top directory.
python3 - "$work/data/tree" "$files" <<'PY'
import os, random, sys
root, files = sys.argv[1], int(sys.argv[2])
rng = random.Random(15)
for i in range(files):
    top, sub, leaf = i // 1000, (i // 100) % 10, i % 100
    d = os.path.join(root, f"d{top:03d}", f"s{sub}")
    if leaf == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{leaf:03d}.bin"), "wb") as f:
        f.write(rng.randbytes(rng.randrange(0, 2048)))
PY
tops=$(( (files + 999) / 1000 ))
# Files for time to first byte: spread over the tree so that no two share a block (blocks pack files in path order).
ttfb_paths=()
for i in $(seq 0 $((ttfb_files - 1))); do
  n=$(( (i * files / ttfb_files + (i * 37) % 100) % files ))
  ttfb_paths+=("$(printf 'd%03d/s%d/f%03d.bin' $((n / 1000)) $(((n / 100) % 10)) $((n % 100)))")
done

# --- hub, pushes, the ext4 copies, the casync stores -------------------------------------------------
hub_port=$(free_port)
hub=http://127.0.0.1:$hub_port
"$aetherfs" run hub --port "$hub_port" --listen-address 127.0.0.1 --storage-path "$work/hub" --log-level warn \
  2>"$work/hub.log" &
pids+=($!)
wait_up "$hub/healthz" "$!" "$work/hub.log"
log "pushing the file and the tree of $files files..."
"$aetherfs" push --hub "$hub" --cache-dir "$work/push-cache" -t bench-file:v1 "$work/data/file" >/dev/null
"$aetherfs" push --hub "$hub" --cache-dir "$work/push-cache" -t bench-tree:v1 "$work/data/tree" >/dev/null
log "pulling both to $fstype..."
"$aetherfs" pull --hub "$hub" --cache-dir "$work/pull-cache" bench-file:v1 "$work/ext4/file" >/dev/null
"$aetherfs" pull --hub "$hub" --cache-dir "$work/pull-cache" bench-tree:v1 "$work/ext4/tree" >/dev/null
cmp "$work/data/file/random.bin" "$work/ext4/file/random.bin" || die "the pulled file differs"
diff -rq "$work/data/tree" "$work/ext4/tree" >/dev/null || die "the pulled tree differs"
rm -rf "$work/pull-cache" "$work/push-cache"

log "casync make of both..."
mkdir -p "$work/casync"
casync make --store="$work/casync/store" "$work/casync/file.caidx" "$work/data/file" >/dev/null 2>"$work/casync/make.log"
casync make --store="$work/casync/store" "$work/casync/tree.caidx" "$work/data/tree" >/dev/null 2>>"$work/casync/make.log"
# casync's cold state: its chunk store served over HTTP on loopback (casync-http), as the hub serves aetherfs.
# Appending (O_APPEND), so that emptying the log between runs leaves no hole where the server goes on writing.
http_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$work/casync" "$http_port" >>"$work/casync/http.log" 2>&1 &
pids+=($!)
wait_up "http://127.0.0.1:$http_port/" "$!" "$work/casync/http.log"
rm -rf "$work/data"

# --- measuring -----------------------------------------------------------------------------------------
mkdir -p "$work/fio" "$work/mnt"
declare -A cell=()   # cell[figure,column]: what the table shows
declare -A num=()    # num[figure,column]: the number ratios are computed from

# fio_seq KEY FILE [LOOPS]: 1 MiB sequential reads of the whole file, LOOPS times (default once). --invalidate=0: fio
# must not drop the page cache itself; each state decides that (drop_caches, or a second read for hot).
fio_seq() {
  local key=$1 file=$2 out=$work/fio/$1.json
  fio --name=seq --filename="$file" --readonly --rw=read --bs=1M --ioengine=psync --direct=0 --numjobs=1 \
    --invalidate=0 --size="$file_bytes" --loops="${3:-1}" --output-format=json --output="$out" >/dev/null
  python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["jobs"][0]["read"]
mibs = r["bw_bytes"] / 1048576
print(f"{mibs:.1f} {mibs:,.0f} MiB/s ({r['runtime'] / 1000:.2f} s)")
PY
}
# fio_rand KEY FILE: RAND_IO bytes of 4 KiB random reads at the same offsets every run (fixed seed).
fio_rand() {
  local key=$1 file=$2 out=$work/fio/$1.json
  fio --name=rand --filename="$file" --readonly --rw=randread --bs=4k --ioengine=psync --direct=0 --numjobs=1 \
    --invalidate=0 --size="$file_bytes" --io_size="$rand_io" --randseed=15 --runtime="$rand_runtime" \
    --output-format=json --output="$out" >/dev/null
  python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["jobs"][0]["read"]
p = r["clat_ns"]["percentile"]
print(f"{r['iops']:.1f} {r['iops']:,.0f} IOPS (p50 {p['50.000000'] / 1e3:,.0f} µs, p99 {p['99.000000'] / 1e3:,.0f} µs)")
PY
}
# put FIGURE COLUMN "NUMBER TEXT": record a measurement.
put() { num[$1,$2]=${3%% *}; cell[$1,$2]=${3#* }; }

# ls_lr FIGURE COLUMN DIR: time `ls -lR` of the tree; its line count must cover every file.
# A listing still running after LS_TIMEOUT seconds is stopped and shown as "> LS_TIMEOUT s" (a lower bound).
ls_lr() {
  local start end lines rc=0
  start=$(now)
  lines=$(timeout "$ls_timeout" ls -lR "$3" | wc -l) || rc=$?
  end=$(now)
  if [ "$rc" = 124 ]; then put "$1" "$2" "$ls_timeout > $ls_timeout s (stopped)"; return; fi
  [ "$rc" = 0 ] || die "ls -lR of $3 failed ($rc)"
  [ "$lines" -gt "$files" ] || die "ls -lR of $3 listed $lines lines for $files files"
  local s
  s=$(secs "$start" "$end")
  put "$1" "$2" "$s $s s"
}
# ttfb COLUMN DIR: median and slowest time to open a cold file and read its first byte.
ttfb() {
  local out
  out=$(python3 - "$2" "${ttfb_paths[@]}" <<'PY'
import os, statistics, sys, time
root, times = sys.argv[1], []
for path in sys.argv[2:]:
    start = time.perf_counter()
    fd = os.open(os.path.join(root, path), os.O_RDONLY)
    os.read(fd, 1)
    times.append((time.perf_counter() - start) * 1000)
    os.close(fd)
print(f"{statistics.median(times):.3f} {statistics.median(times):.2f} ms (slowest {max(times):.2f} ms)")
PY
)
  put ttfb "$1" "$out"
}

wait_mounted() { # wait_mounted DIR PID LOG
  local i
  for i in $(seq 600); do
    mountpoint -q "$1" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; die "the mount of $1 exited before it was ready"; }
    sleep 0.1
  done
  die "$1 was not mounted within 60 s"
}
mount_pid=
# casync_mount NAME STORE DIR: mount an index read-only, its chunks from STORE (a directory or an http:// URL).
casync_mount() {
  mkdir -p "$3"
  mounts+=("$3")
  casync mount --store="$2" "$work/casync/$1.caidx" "$3" >"$work/casync/mount.log" 2>&1 &
  mount_pid=$!
  pids+=("$mount_pid")
  wait_mounted "$3" "$mount_pid" "$work/casync/mount.log"
}
casync_unmount() {
  kill -TERM "$mount_pid"
  wait "$mount_pid" 2>/dev/null || true
  ! mountpoint -q "$1" || fusermount3 -u -z "$1"
}
# aetherfs_mount REF DIR CACHE: mount a dataset in the foreground process, its blocks through CACHE.
aetherfs_mount() {
  mkdir -p "$2"
  mounts+=("$2")
  "$aetherfs" mount --hub "$hub" "$1" "$2" --cache-dir "$3" >"$work/aetherfs-mount.out" 2>"$work/aetherfs-mount.err" &
  mount_pid=$!
  pids+=("$mount_pid")
  wait_mounted "$2" "$mount_pid" "$work/aetherfs-mount.err"
}
# aetherfs_unmount DIR FIGURE: stop the mount with SIGTERM (it must exit 0) and record, under FIGURE, what its
# summary line says was fetched from the hub and touched by reads.
aetherfs_unmount() {
  kill -TERM "$mount_pid"
  local rc=0
  wait "$mount_pid" || rc=$?
  [ "$rc" = 0 ] || { cat "$work/aetherfs-mount.err" >&2; die "aetherfs mount exited $rc on SIGTERM"; }
  ! mountpoint -q "$1" || die "$1 is still mounted after aetherfs mount exited"
  local summary
  summary=$(grep -v '^\s*$' "$work/aetherfs-mount.err" | tail -n 1)
  log "  aetherfs mount: $summary"
  [ -z "${2:-}" ] || fetched_vs_touched "$2" "$summary"
}
# fetched_vs_touched FIGURE LINE: the bytes from the hub (hub_bytes=, compressed as they travelled, read-ahead
# included) against the raw bytes of the distinct blocks reads touched (touched_bytes=), from the summary line
# "aetherfs: unmounted DIR: cache_blocks=.. cache_bytes=.. hub_blocks=.. hub_bytes=.. hub_requests=.. touched_blocks=..
# touched_bytes=..".
fetched_vs_touched() {
  local out
  out=$(python3 - "$2" <<'PY'
import re, sys
fields = dict(re.findall(r"\b(\w+)=(\d+)\b", sys.argv[1]))
if "hub_bytes" not in fields or "touched_bytes" not in fields:
    print("- cannot read the summary line")
    sys.exit()
hub, touched, requests = int(fields["hub_bytes"]), int(fields["touched_bytes"]), fields.get("hub_requests", "?")
text = f"{hub / 1048576:.1f} MiB fetched in {requests} requests / {touched / 1048576:.1f} MiB touched"
print(f"- {text}" if touched == 0 else f"{hub / touched:.3f} {text} = {hub / touched:.2f}x")
PY
)
  put "$1" aetherfs "$out"
}

# ext4: the pulled copies. Cold and warm are the same state here (page cache dropped; nothing else to fetch).
log "ext4: sequential, random, ls -lR, first bytes..."
drop_caches
put seq_cold ext4 "$(fio_seq ext4-seq "$work/ext4/file/random.bin")"
num[seq_warm,ext4]=${num[seq_cold,ext4]}; cell[seq_warm,ext4]=${cell[seq_cold,ext4]}
put seq_hot ext4 "$(fio_seq ext4-seq-hot "$work/ext4/file/random.bin" "$hot_loops")"
drop_caches
put rand_cold ext4 "$(fio_rand ext4-rand "$work/ext4/file/random.bin")"
num[rand_warm,ext4]=${num[rand_cold,ext4]}; cell[rand_warm,ext4]=${cell[rand_cold,ext4]}
drop_caches
ls_lr ls ext4 "$work/ext4/tree"
ls_lr ls_again ext4 "$work/ext4/tree"
ttfb ext4 "$work/ext4/tree"

# casync: cold from its store over HTTP (nothing on this machine but the index), warm from a local store.
log "casync mount: cold (store over HTTP), hot, warm (local store)..."
store_url=http://127.0.0.1:$http_port/store/
m=$work/mnt/casync
# casync_fetched FIGURE: what casync fetched since the last call, the sizes of the chunk files its HTTP requests named.
casync_fetched() {
  local fetched
  fetched=$(python3 - "$work/casync" <<'PY'
import os, re, sys
root, total = sys.argv[1], 0
for line in open(os.path.join(root, "http.log")):
    m = re.search(r'"GET (/store/\S+\.cacnk) HTTP/[\d.]+" 200', line)
    if m:
        total += os.path.getsize(os.path.join(root, m.group(1).lstrip("/")))
print(f"{total / 1048576:.1f} MiB fetched over HTTP")
PY
)
  cell[$1,casync]=$fetched
  : >"$work/casync/http.log"
}
: >"$work/casync/http.log"
casync_mount file "$store_url" "$m"
drop_caches
put seq_cold casync "$(fio_seq casync-seq-cold "$m/random.bin")"
put seq_hot casync "$(fio_seq casync-seq-hot "$m/random.bin" "$hot_loops")"
cmp -s "$m/random.bin" "$work/ext4/file/random.bin" || die "casync mount serves other bytes"
casync_unmount "$m"
casync_fetched fetched_seq
casync_mount file "$store_url" "$m"
drop_caches
put rand_cold casync "$(fio_rand casync-rand-cold "$m/random.bin")"
casync_unmount "$m"
casync_fetched fetched_rand
casync_mount file "$work/casync/store" "$m"
drop_caches
put seq_warm casync "$(fio_seq casync-seq-warm "$m/random.bin")"
casync_unmount "$m"
casync_mount file "$work/casync/store" "$m"
drop_caches
put rand_warm casync "$(fio_rand casync-rand-warm "$m/random.bin")"
casync_unmount "$m"
log "casync mount: the tree (ls -lR, first bytes; local store)..."
casync_mount tree "$work/casync/store" "$m"
drop_caches
ls_lr ls casync "$m"
# A listing that was stopped would only be stopped again.
if [ "${num[ls,casync]}" = "$ls_timeout" ]; then cell[ls_again,casync]="not run"; else ls_lr ls_again casync "$m"; fi
ttfb casync "$m"
casync_unmount "$m"

# aetherfs: cold = an empty cache and the page cache dropped, so every block comes from the hub; warm = the blocks
# in the local cache, a new mount and the page cache dropped; hot = a second read in the same mount.
if [ "$has_mount" = 1 ]; then
  m=$work/mnt/aetherfs
  log "aetherfs mount: cold, hot, warm sequential..."
  aetherfs_mount bench-file:v1 "$m" "$work/cache-seq"
  drop_caches
  put seq_cold aetherfs "$(fio_seq aetherfs-seq-cold "$m/random.bin")"
  put seq_hot aetherfs "$(fio_seq aetherfs-seq-hot "$m/random.bin" "$hot_loops")"
  cmp -s "$m/random.bin" "$work/ext4/file/random.bin" || die "aetherfs mount serves other bytes"
  aetherfs_unmount "$m" fetched_seq
  aetherfs_mount bench-file:v1 "$m" "$work/cache-seq"
  drop_caches
  put seq_warm aetherfs "$(fio_seq aetherfs-seq-warm "$m/random.bin")"
  aetherfs_unmount "$m"
  log "aetherfs mount: cold and warm random..."
  aetherfs_mount bench-file:v1 "$m" "$work/cache-rand"
  drop_caches
  put rand_cold aetherfs "$(fio_rand aetherfs-rand-cold "$m/random.bin")"
  aetherfs_unmount "$m" fetched_rand
  aetherfs_mount bench-file:v1 "$m" "$work/cache-rand"
  drop_caches
  put rand_warm aetherfs "$(fio_rand aetherfs-rand-warm "$m/random.bin")"
  aetherfs_unmount "$m"
  log "aetherfs mount: the tree (ls -lR, first bytes; empty cache)..."
  aetherfs_mount bench-tree:v1 "$m" "$work/cache-tree"
  drop_caches
  ls_lr ls aetherfs "$m"
  ls_lr ls_again aetherfs "$m"
  ttfb aetherfs "$m"
  aetherfs_unmount "$m" fetched_tree
fi

# --- the table -------------------------------------------------------------------------------------------
# ratio A B: A / B to two places, or - when either is missing.
ratio() { python3 -c "import sys; a, b = sys.argv[1:]; print('-' if '-' in (a, b) or float(b) == 0 else f'{float(a) / float(b):.2f}x')" "$1" "$2"; }
c() { echo "${cell[$1,$2]:--}"; }
n() { echo "${num[$1,$2]:--}"; }
# verdict OK: yes/no, or - when not measured.
verdict() { case "$1" in -) echo "-" ;; 1) echo "met" ;; *) echo "**missed**" ;; esac; }
meets() { python3 -c "import sys; a, op, b = sys.argv[1:]; print('-' if '-' in (a, b) else int(eval(f'{float(a)} {op} {float(b)}')))" "$1" "$2" "$3"; }
ahead() { # ahead FIGURE lower|higher: is aetherfs better than casync on this figure?
  local a b
  a=$(n "$1" aetherfs) b=$(n "$1" casync)
  if [ "$2" = higher ]; then meets "$a" '>' "$b"; else meets "$a" '<' "$b"; fi
}
row() { # row LABEL FIGURE TARGET
  echo "| $1 | $(c "$2" ext4) | $(c "$2" casync) | $(c "$2" aetherfs) | $(ratio "$(n "$2" aetherfs)" "$(n "$2" ext4)") | $(ratio "$(n "$2" aetherfs)" "$(n "$2" casync)") | $3 |"
}
hot_ext4=$(meets "$(n seq_hot aetherfs)" '>=' "$(python3 -c "import sys; print('-' if sys.argv[1] == '-' else 0.9 * float(sys.argv[1]))" "$(n seq_hot ext4)")")
warm_casync=$(meets "$(n seq_warm aetherfs)" '>=' "$(python3 -c "import sys; print('-' if sys.argv[1] == '-' else 10 * float(sys.argv[1]))" "$(n seq_warm casync)")")
ls_2s=$(meets "$(n ls aetherfs)" '<' 2)
fetched_ok() { meets "$(n "$1" aetherfs)" '<=' 1.1; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
table=$(
  echo "\`benchmarks/mount/run.sh\` (SIZE=$size, FILES=$files, RAND_IO=$rand_io, HOT_LOOPS=$hot_loops), $(date -u +%F), commit $commit," \
    "aetherfs \`$("$aetherfs" version 2>/dev/null | head -n 1)\`, $(fio --version), casync $(casync --version | awk '{print $2; exit}')," \
    "$(nproc) cores, load average after the run $load; work directory on $fstype."
  echo
  echo "| figure | ext4 (pulled copy) | casync mount | aetherfs mount | aetherfs / ext4 | aetherfs / casync | target |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  row "cold sequential 1 MiB reads, $size (empty cache, page cache dropped)" seq_cold "ahead of casync: $(verdict "$(ahead seq_cold higher)")"
  row "warm sequential (blocks cached locally, page cache dropped, new mount)" seq_warm ">= 10x casync: $(verdict "$warm_casync")"
  row "hot sequential (page cache kept, second read in the same mount)" seq_hot ">= 0.9x ext4: $(verdict "$hot_ext4")"
  row "4 KiB random reads, cold ($rand_io)" rand_cold "ahead of casync: $(verdict "$(ahead rand_cold higher)")"
  row "4 KiB random reads, warm" rand_warm "ahead of casync: $(verdict "$(ahead rand_warm higher)")"
  row "time to first byte of a cold file (median of $ttfb_files)" ttfb "ahead of casync: $(verdict "$(ahead ttfb lower)")"
  row "\`ls -lR\` of $files files, first (new mount, page cache dropped)" ls "< 2 s: $(verdict "$ls_2s"); ahead of casync: $(verdict "$(ahead ls lower)")"
  row "\`ls -lR\` again (kernel caches kept)" ls_again ""
  echo "| bytes fetched from the hub / bytes of blocks touched: cold sequential | - | $(c fetched_seq casync) | $(c fetched_seq aetherfs) | | | <= 1.1x: $(verdict "$(fetched_ok fetched_seq)") |"
  echo "| the same: cold random | - | $(c fetched_rand casync) | $(c fetched_rand aetherfs) | | | <= 1.1x: $(verdict "$(fetched_ok fetched_rand)") |"
  echo "| the same: \`ls -lR\` and first bytes of the tree | - | | $(c fetched_tree aetherfs) | | | |"
  if [ "$has_mount" != 1 ]; then echo; echo "The aetherfs column is empty: the binary measured has no \`mount\` command."; fi
)
echo
echo "$table"
mkdir -p "$repo/benchmarks/results"
result=$repo/benchmarks/results/mount-$(date -u +%F).md
{ echo "# aetherfs mount beside ext4 and casync mount"; echo; echo "$table"; } >"$result"
log "written to $result"
