#!/usr/bin/env bash
# How many bytes does each tool store and transfer for v2 of a dataset when v1 is already stored?
# For each (v1, v2) pair: aetherfs push/pull through a fresh local hub, restic backup into a local
# repository, casync make into a local store, and the zstd --patch-from size of v2.tar against v1.tar
# as a floor. Prints one Markdown table row per pair on stdout; progress goes to stderr.
#
#   benchmarks/dedup/run.sh                    # every pair
#   benchmarks/dedup/run.sh insert tree npm    # only these pairs (npm = every pair of real npm data)
#   AETHERFS=/path/to/aetherfs AETHERFS_PUSH_FLAGS="--block-size 64KiB" benchmarks/dedup/run.sh
#   KEEP=1 benchmarks/dedup/run.sh             # keep the data, stores and logs under /tmp/dedup-work
#
# Needs: restic casync zstd python3 curl npm tar (apt-get install -y restic casync zstd).
# The real-data pairs are npm packages fetched with `npm pack`; without the registry they are skipped.
set -euo pipefail

aetherfs=${AETHERFS:-}   # empty: build this checkout's binary below
# Word-split on purpose: the variable holds several options, e.g. "--block-size 64KiB".
read -ra push_flags <<<"${AETHERFS_PUSH_FLAGS:-}"
work=/tmp/dedup-work
caniuse_versions=${CANIUSE_VERSIONS:-1.0.30001820 1.0.30001822 1.0.30001823}
bcd_versions=${BCD_VERSIONS:-8.1.7 8.1.9}
all_pairs=(insert delete change tree csv json npm)

log() { echo "$*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------------------------------
missing=()
for tool in restic casync zstd; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} with apt-get..."
    apt-get install -y "${missing[@]}" >&2 || { apt-get update >&2 && apt-get install -y "${missing[@]}" >&2; }
  else
    die "missing ${missing[*]}; install them first: apt-get install -y ${missing[*]}"
  fi
fi
for tool in python3 curl tar find awk; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

# --- work directory and clean-up -------------------------------------------------------------------
hub_pid=
zstd_pid=
cleanup() {
  if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; fi
  # A background zstd of an interrupted pair would keep writing into $work.
  if [ -n "$zstd_pid" ]; then
    pkill -P "$zstd_pid" 2>/dev/null || true
    kill "$zstd_pid" 2>/dev/null || true
    wait "$zstd_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
# Start from nothing, so no store left by an earlier run skews a measurement.
rm -rf "$work"
mkdir -p "$work"
if [ -z "$aetherfs" ]; then
  log "building aetherfs (Release) from $(cd "$(dirname "$0")/../.." && pwd)..."
  dotnet publish "$(dirname "$0")/../../src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
  aetherfs="$work/bin/aetherfs"
fi
[ -x "$aetherfs" ] || die "no aetherfs binary at $aetherfs (set AETHERFS=/path/to/aetherfs)"

# --- helpers ---------------------------------------------------------------------------------------
# Sum of the sizes of the regular files under DIR (apparent bytes, no directory entries, so the
# fan-out directories a store creates do not count).
bytes_in() {
  if [ -d "$1" ]; then find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d\n", s }'; else echo 0; fi
}
# 1234567 -> "1.2 MiB (1234567)"
human() {
  awk -v b="$1" 'BEGIN {
    if (b < 1024) printf "%d B", b
    else if (b < 1048576) printf "%.1f KiB (%d)", b / 1024, b
    else printf "%.1f MiB (%d)", b / 1048576, b }'
}
json_field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
# logged OUT LOG CMD...: append CMD's stdout to OUT and its stderr to LOG; on failure show LOG and stop.
logged() {
  local out=$1 logfile=$2; shift 2
  "$@" >>"$out" 2>>"$logfile" || { tail -n 30 "$logfile" >&2; die "failed: $* (log: $logfile)"; }
}

start_hub() {
  local storage=$1 hublog=$2 port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$aetherfs" run hub --port "$port" --listen-address 127.0.0.1 --storage-path "$storage" >"$hublog" 2>&1 &
  hub_pid=$!
  hub_url="http://127.0.0.1:$port"
  for _ in $(seq 300); do
    curl -sf "$hub_url/healthz" >/dev/null && return 0
    kill -0 "$hub_pid" 2>/dev/null || { cat "$hublog" >&2; die "hub exited"; }
    sleep 0.1
  done
  die "hub did not answer $hub_url/healthz within 30 s"
}
stop_hub() { kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true; hub_pid=; }

# --- synthetic pairs -------------------------------------------------------------------------------
# generate KIND OUT: write OUT/v1 and OUT/v2, byte for byte the same on every run (fixed seeds).
generate() {
  python3 - "$1" "$2" <<'PY'
import json, os, random, sys

kind, out = sys.argv[1], sys.argv[2]
MIB = 1 << 20
# Fixed mtimes: unchanged files keep T0 in v2 and changed or new files get T1, as on a real file
# system. Writing v2 anew would otherwise give every file a fresh mtime, and casync (which keeps
# mtimes inside its archive stream) would see every file header change.
T0, T1 = 1_600_000_000, 1_700_000_000


def vocabulary(rng, n):
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [12, 9, 8, 8, 7, 7, 6, 6, 6, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    return ["".join(rng.choices(letters, weights, k=rng.randint(2, 10))) for _ in range(n)]


def write_tree(root, files, mtimes):
    for rel, data in sorted(files.items()):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (mtimes.get(rel, T0),) * 2)
    for dirpath, _, _ in os.walk(root):
        os.utime(dirpath, (T0, T0))


def base_blob(size):
    """Random bytes interleaved with runs of words: zstd shrinks it, but only by about a third."""
    rng = random.Random(1)
    words = vocabulary(rng, 5000)
    parts, total = [], 0
    while total < size:
        raw = rng.randbytes(rng.randint(64, 1024))
        text = " ".join(rng.choices(words, k=rng.randint(20, 160))).encode() + b"\n"
        parts += (raw, text)
        total += len(raw) + len(text)
    return bytearray(b"".join(parts)[:size])


def blob_pair(edit):
    data = base_blob(64 * MIB)
    write_tree(os.path.join(out, "v1"), {"data.bin": bytes(data)}, {})
    rng = random.Random(f"{kind}-edits")
    n = len(data)
    # One edit in each third of the file, applied back to front so the earlier offsets stay valid.
    offsets = [rng.randrange(i * n // 3 + 8192, (i + 1) * n // 3 - 8192) for i in range(3)]
    for off in reversed(offsets):
        if edit == "insert":
            data[off:off] = rng.randbytes(100)
        elif edit == "delete":
            del data[off:off + 1000]
        else:
            data[off:off + 4096] = rng.randbytes(4096)
    write_tree(os.path.join(out, "v2"), {"data.bin": bytes(data)}, {"data.bin": T1})


def tree_pair():
    rng = random.Random(2)
    words = vocabulary(rng, 8000)
    lines = [(" ".join(rng.choices(words, k=rng.randint(3, 14))) + "\n").encode() for _ in range(60000)]

    def text(size):
        # Lines drawn at random from a pool: compresses like text, but no two files share a run.
        chunk = b"".join(rng.choices(lines, k=size // 50 + 8))
        while len(chunk) < size:
            chunk += b"".join(rng.choices(lines, k=64))
        return chunk[:size]

    def new_file():
        return text(int(1024 * 200 ** rng.random()))  # log-uniform, 1 KiB .. 200 KiB

    v1 = {f"d{i % 40:02d}/f{i:04d}.txt": new_file() for i in range(2000)}
    write_tree(os.path.join(out, "v1"), v1, {})

    v2, mtimes = dict(v1), {}
    picked = rng.sample(sorted(v1), 120)
    removed, moved, modified = picked[:50], picked[50:100], picked[100:]
    for name in removed:
        del v2[name]
    for name in moved:
        d, base = name.split("/")
        v2[f"d{(int(d[1:]) + 17) % 40:02d}/{base}"] = v2.pop(name)  # keeps its mtime, as mv does
    for name in modified:
        data = v2[name]
        # Replace up to 200 bytes at one spot with new text, and append a line.
        at = rng.randrange(len(data))
        v2[name] = data[:at] + text(rng.randint(20, 200)) + data[at + rng.randint(0, 200):] + text(80)
        mtimes[name] = T1
    for i in range(2000, 2050):
        name = f"d{rng.randrange(40):02d}/f{i:04d}.txt"
        v2[name] = new_file()
        mtimes[name] = T1
    write_tree(os.path.join(out, "v2"), v2, mtimes)


class People:
    def __init__(self, rng):
        self.rng = rng
        self.first = [w.capitalize() for w in vocabulary(rng, 3000)]
        self.last = [w.capitalize() for w in vocabulary(rng, 20000)]
        self.domains = [f"{w}.{tld}" for w in vocabulary(rng, 200) for tld in ("com", "org", "net")]
        self.dates = [f"{y}-{m:02d}-{d:02d}" for y in range(2010, 2025) for m in range(1, 13) for d in range(1, 29)]

    def record(self, rid):
        r = self.rng
        first, last = r.choice(self.first), r.choice(self.last)
        return {
            "id": rid,
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}{r.randrange(1000)}@{r.choice(self.domains)}",
            "amount": f"{r.randrange(10_000_000) / 100:.2f}",
            "date": r.choice(self.dates),
        }

    def edit(self, rec):
        """Change some values of a record, keeping its id; the record's length may change."""
        r, rec = self.rng, dict(rec)
        rec["amount"] = f"{r.randrange(10_000_000) / 100:.2f}"
        if r.random() < 0.5:
            rec["date"] = r.choice(self.dates)
        if r.random() < 0.3:
            first, last = r.choice(self.first), r.choice(self.last)
            rec["name"] = f"{first} {last}"
            rec["email"] = f"{first.lower()}.{last.lower()}@{r.choice(self.domains)}"
        return rec


def csv_line(rec):
    return f'{rec["id"]},{rec["name"]},{rec["email"]},{rec["amount"]},{rec["date"]}\n'


def json_record(rec):
    # What json.dumps(records, indent=2) writes for one element, without the separating comma.
    body = ",\n".join(f'    "{k}": {v if k in ("id", "amount") else json.dumps(v)}' for k, v in rec.items())
    return "  {\n" + body + "\n  }"


def write_records(root, fmt, recs, mtime):
    if fmt == "csv":
        name, data = "records.csv", "id,name,email,amount,date\n" + "".join(map(csv_line, recs))
    else:
        name, data = "records.json", "[\n" + ",\n".join(map(json_record, recs)) + "\n]\n"
    write_tree(root, {name: data.encode()}, {name: mtime})


def records_pair(fmt, size, seed, inserts, deletes, runs):
    """v2: 1% of the records edited, INSERTS added and DELETES removed (each as one run if RUNS)."""
    rng = random.Random(seed)
    people = People(rng)
    render = csv_line if fmt == "csv" else json_record
    recs, total = [], 0
    while total < size:
        recs.append(people.record(len(recs) + 1))
        total += len(render(recs[-1]))
    write_records(os.path.join(out, "v1"), fmt, recs, T0)

    v2 = list(recs)
    for i in rng.sample(range(len(v2)), len(v2) // 100):
        v2[i] = people.edit(v2[i])
    new = [people.record(len(recs) + 1 + k) for k in range(inserts)]
    if runs:
        # One run of new rows in the middle, one run of removed rows at three quarters.
        mid = len(v2) // 2
        v2[mid:mid] = new
        at = 3 * len(v2) // 4
        del v2[at:at + deletes]
    else:
        for rec in new:
            v2.insert(rng.randrange(len(v2)), rec)
        for i in sorted(rng.sample(range(len(v2)), deletes), reverse=True):
            del v2[i]
    write_records(os.path.join(out, "v2"), fmt, v2, T1)


if kind in ("insert", "delete", "change"):
    blob_pair(kind)
elif kind == "tree":
    tree_pair()
elif kind == "csv":
    records_pair("csv", 60 * MIB, 3, 1000, 1000, runs=True)
elif kind == "json":
    records_pair("json", 40 * MIB, 4, 500, 500, runs=False)
else:
    sys.exit(f"unknown pair {kind}")
PY
}

# --- real pairs: npm packages ----------------------------------------------------------------------
# npm_unpack SPEC DIR: fetch an npm package tarball into $work/npm and unpack it into DIR.
npm_unpack() {
  local spec=$1 dir=$2 tgz
  mkdir -p "$work/npm" "$dir"
  tgz=$(cd "$work/npm" && npm pack --loglevel=error "$spec" 2>>"$work/npm/npm.log" | tail -n 1) || return 1
  if [ -z "$tgz" ] || [ ! -f "$work/npm/$tgz" ]; then return 1; fi
  tar -xzf "$work/npm/$tgz" -C "$dir"
  # npm tarballs fix the files' mtimes but not the directories', which tar -x sets to now; casync
  # keeps them in its stream, so pin them to keep its numbers the same from run to run.
  find "$dir" -type d -exec touch -d @1600000000 {} +
}

# --- one pair --------------------------------------------------------------------------------------
rows=()
measure() {
  local pair=$1 v1=$2 v2=$3
  # The label may hold spaces and arrows; dataset names and paths get a plain form of it.
  local slug
  slug=$(tr -c 'a-z0-9.\n' '-' <<<"${pair,,}")
  local dir="$work/run/$slug" started=$SECONDS
  rm -rf "$dir"
  mkdir -p "$dir"
  local v2_bytes
  v2_bytes=$(bytes_in "$v2")
  log "== $pair: v1 $(human "$(bytes_in "$v1")"), v2 $(human "$v2_bytes") in $(find "$v2" -type f | wc -l) files"

  # The floor runs in the background: zstd -19 over a large tar takes longer than all the rest of
  # the pair together, and only its output size matters, not its speed.
  local tar_opts=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  tar "${tar_opts[@]}" -cf "$dir/v1.tar" -C "$v1" .
  tar "${tar_opts[@]}" -cf "$dir/v2.tar" -C "$v2" .
  # The window must reach back over the whole of v1.tar; beyond 2^27 zstd also needs --memory to
  # decompress.
  local wlog
  wlog=$(python3 -c 'import os, sys; print(max(27, max(os.path.getsize(f) for f in sys.argv[1:]).bit_length()))' \
    "$dir/v1.tar" "$dir/v2.tar")
  (
    # FLOOR=0 skips the floor (the slowest part) when only the tools are being compared.
    if [ "${FLOOR:-1}" = 0 ]; then printf 'skipped' >"$dir/v2.patch"; exit 0; fi
    zstd -q -f -19 --long="$wlog" --patch-from="$dir/v1.tar" "$dir/v2.tar" -o "$dir/v2.patch" 2>"$dir/zstd.log"
    # Check the patch really rebuilds v2.tar, so the floor is an honest one.
    zstd -q -d -f --long="$wlog" --memory=$((1 << wlog)) --patch-from="$dir/v1.tar" "$dir/v2.patch" -o "$dir/v2.check"
    cmp -s "$dir/v2.check" "$dir/v2.tar" || { echo "zstd patch does not rebuild v2.tar" >"$dir/zstd.failed"; }
    rm -f "$dir/v2.check"
  ) &
  zstd_pid=$!

  # aetherfs: fresh hub and caches per pair; --reread so no local push index skips reading v2.
  local hub="$dir/hub" push_cache="$dir/aetherfs-push-cache" pull_cache="$dir/aetherfs-pull-cache"
  start_hub "$hub" "$dir/hub.log"
  log "  aetherfs push v1, v2 (flags: ${push_flags[*]:-none})"
  local push=(push --hub "$hub_url" --json --cache-dir "$push_cache" --reread "${push_flags[@]}")
  logged "$dir/push-v1.json" "$dir/aetherfs.log" "$aetherfs" "${push[@]}" -t "$slug:v1" "$v1"
  local blocks_v1 manifests_v1
  blocks_v1=$(bytes_in "$hub/blocks")
  manifests_v1=$(bytes_in "$hub/manifests")
  logged "$dir/push-v2.json" "$dir/aetherfs.log" "$aetherfs" "${push[@]}" -t "$slug:v2" "$v2"
  local af_stored af_pushed af_manifest
  af_stored=$(( $(bytes_in "$hub/blocks") - blocks_v1 ))
  af_manifest=$(( $(bytes_in "$hub/manifests") - manifests_v1 ))
  af_pushed=$(json_field "$dir/push-v2.json" bytesUploaded)
  log "  aetherfs pull v1, v2 into one directory (fresh cache)"
  local pull=(pull --hub "$hub_url" --cache-dir "$pull_cache" --json)
  logged "$dir/pull-v1.json" "$dir/aetherfs.log" "$aetherfs" "${pull[@]}" "$slug:v1" "$dir/pulled"
  logged "$dir/pull-v2.json" "$dir/aetherfs.log" "$aetherfs" "${pull[@]}" "$slug:v2" "$dir/pulled"
  local af_pulled
  af_pulled=$(json_field "$dir/pull-v2.json" bytesDownloaded)
  stop_hub
  # A byte count of a wrong pull means nothing.
  diff -r -q "$v2" "$dir/pulled" >&2 || die "$pair: the pulled v2 differs from v2"
  log "  aetherfs: v2 stored $(human "$af_stored") in blocks/ (+ $(human "$af_manifest") manifest)," \
    "pushed $(human "$af_pushed") in $(json_field "$dir/push-v2.json" blocksUploaded)" \
    "of $(json_field "$dir/push-v2.json" blocks) blocks, pulled $(human "$af_pulled")"
  rm -rf "$dir/pulled" "$push_cache" "$pull_cache"

  # restic: local repository (version 2, compressed, by default in restic 0.14).
  log "  restic backup v1, v2"
  local repo="$dir/restic"
  export RESTIC_PASSWORD=dedup-benchmark
  logged "$dir/restic.out" "$dir/restic.log" restic -r "$repo" --no-cache init
  logged "$dir/restic.out" "$dir/restic.log" restic -r "$repo" --no-cache backup -q "$v1"
  local restic_v1 restic_stored
  restic_v1=$(bytes_in "$repo")
  logged "$dir/restic.out" "$dir/restic.log" restic -r "$repo" --no-cache backup -q "$v2"
  restic_stored=$(( $(bytes_in "$repo") - restic_v1 ))
  log "  restic: v2 stored $(human "$restic_stored")"

  # casync: one store for both versions; the .caidx index is what a client fetches besides chunks.
  log "  casync make v1, v2"
  local store="$dir/casync-store"
  logged "$dir/casync.out" "$dir/casync.log" casync make --store="$store" "$dir/v1.caidx" "$v1"
  local casync_v1 casync_growth casync_index
  casync_v1=$(bytes_in "$store")
  logged "$dir/casync.out" "$dir/casync.log" casync make --store="$store" "$dir/v2.caidx" "$v2"
  casync_growth=$(( $(bytes_in "$store") - casync_v1 ))
  casync_index=$(stat -c %s "$dir/v2.caidx")
  log "  casync: v2 store growth $(human "$casync_growth") + index $(human "$casync_index")"

  log "  waiting for zstd --patch-from..."
  wait "$zstd_pid" || { cat "$dir/zstd.log" >&2; die "$pair: zstd failed"; }
  zstd_pid=
  [ ! -e "$dir/zstd.failed" ] || die "$pair: $(cat "$dir/zstd.failed")"
  local patch floor
  patch=$(stat -c %s "$dir/v2.patch")
  floor=$(human "$patch")
  [ "${FLOOR:-1}" != 0 ] || floor=-
  log "  zstd -19 --long=$wlog --patch-from: $floor; pair took $((SECONDS - started)) s"

  # Like casync's index, the manifest is part of what a new version costs: count it on both sides.
  local casync_total=$((casync_growth + casync_index)) verdict
  verdict="stored: $([ $((af_stored + af_manifest)) -le "$casync_total" ] && echo yes || echo no)"
  verdict+=", pushed: $([ $((af_pushed + af_manifest)) -le "$casync_total" ] && echo yes || echo no)"
  rows+=("| $pair | $(human "$v2_bytes") | $(human "$af_stored") + $(human "$af_manifest") | $(human "$af_pushed") + $(human "$af_manifest") \
| $(human "$af_pulled") + $(human "$af_manifest") | $(human "$restic_stored") | $(human "$casync_growth") + $(human "$casync_index") | $floor | $verdict |")
  # Keep the disk use of a run to one pair at a time unless asked to keep everything.
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir"; fi
}

# --- main ------------------------------------------------------------------------------------------
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=("${all_pairs[@]}")
for pair in "${pairs[@]}"; do
  [[ " ${all_pairs[*]} " == *" $pair "* ]] || die "unknown pair '$pair'; pairs: ${all_pairs[*]}"
done

log "aetherfs: $aetherfs ($("$aetherfs" version 2>/dev/null | head -n 1)); push flags: ${AETHERFS_PUSH_FLAGS:-none}"
log "work directory: $work"
for pair in "${pairs[@]}"; do
  if [ "$pair" = npm ]; then
    # Consecutive versions of data-only packages; each pushed as the extracted package/ directory.
    command -v npm >/dev/null || { log "npm is not installed: skipping the npm pairs"; continue; }
    for set in "caniuse-lite:$caniuse_versions" "@mdn/browser-compat-data:$bcd_versions"; do
      name=${set%%:*}
      read -ra versions <<<"${set#*:}"
      prev=
      for v in "${versions[@]}"; do
        if ! npm_unpack "$name@$v" "$work/data/npm/$name@$v"; then
          log "could not fetch $name@$v with npm pack, skipping its pairs: $(grep -m1 -i 'error' "$work/npm/npm.log" || true)"
          prev=
          continue
        fi
        if [ -n "$prev" ]; then
          measure "${name##*/} $prev→$v" "$work/data/npm/$name@$prev/package" "$work/data/npm/$name@$v/package"
        fi
        prev=$v
      done
    done
  else
    log "generating $pair..."
    generate "$pair" "$work/data/$pair"
    measure "$pair" "$work/data/$pair/v1" "$work/data/$pair/v2"
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work/data/$pair"; fi
  fi
done

echo
echo "aetherfs \`$("$aetherfs" version 2>/dev/null | head -n 1)\`, push flags \`${AETHERFS_PUSH_FLAGS:-none}\`;" \
  "$(restic version | cut -d' ' -f1-2), casync $(casync --version | awk '{print $2; exit}'), zstd $(zstd -V | grep -o 'v[0-9.]*')." \
  "Bytes for v2 with v1 already stored."
echo
echo "| pair | v2 size | aetherfs stored (+manifest) | aetherfs pushed (+manifest) | aetherfs pulled (+manifest) | restic stored | casync stored (+index) | zstd patch floor | aetherfs <= casync? |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
if [ ${#rows[@]} -gt 0 ]; then printf '%s\n' "${rows[@]}"; fi
