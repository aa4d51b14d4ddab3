#!/usr/bin/env bash
# How many bytes does each tool store and transfer for v2 of a dataset when v1 is already stored?
# For each (v1, v2) pair: aetherfs push/pull through a fresh local hub (uploaded, stored, downloaded by
# a holder of v1, downloaded fresh), restic backup into a local repository, casync make into a local
# store, and the zstd --patch-from size of v2.tar against v1.tar as a floor, each also as a ratio to
# the floor. A chain of consecutive versions is measured step by step through one hub, repository and
# store. Prints Markdown tables on stdout; progress goes to stderr. See README.md beside this script.
#
#   benchmarks/dedup/run.sh                    # every pair and the chain
#   benchmarks/dedup/run.sh insert tree npm    # only these pairs (npm = the small npm pairs)
#   benchmarks/dedup/run.sh real chain         # real = caniuse bcd typescript countries geoip geoip-week
#   benchmarks/dedup/run.sh dir:/data/v1:/data/v2 npm:caniuse-lite:1.0.30001826:1.0.30001827   # any other pair
#   SKIP_AETHERFS=1 benchmarks/dedup/run.sh real   # restic, casync and the floor only (no build)
#   ONLY_AETHERFS=1 FLOOR=0 benchmarks/dedup/run.sh real   # the AetherFS columns only
#   AETHERFS=/path/to/aetherfs AETHERFS_PUSH_FLAGS="--block-size 64KiB" benchmarks/dedup/run.sh
#   WORK=/scratch/dedup KEEP=1 benchmarks/dedup/run.sh   # work there and keep data, stores and logs
#
# Needs: restic casync zstd python3 curl npm tar (apt-get install -y restic casync zstd).
# The real-data pairs are npm packages fetched with `npm pack`; without the registry they are skipped.
set -euo pipefail

aetherfs=${AETHERFS:-}   # empty: build this checkout's binary below
# Word-split on purpose: the variable holds several options, e.g. "--block-size 64KiB".
read -ra push_flags <<<"${AETHERFS_PUSH_FLAGS:-}"
work=${WORK:-/tmp/dedup-work}
skip_aetherfs=${SKIP_AETHERFS:-0}
only_aetherfs=${ONLY_AETHERFS:-0}
caniuse_versions=${CANIUSE_VERSIONS:-1.0.30001820 1.0.30001822 1.0.30001823}
bcd_versions=${BCD_VERSIONS:-8.1.7 8.1.9}
# The real pairs: NAME=PACKAGE:V1 V2 (consecutive releases; each pushed as the unpacked package/ tree).
real_pairs=(
  "caniuse=caniuse-db:1.0.30001812 1.0.30001813"
  "bcd=@mdn/browser-compat-data:8.1.7 8.1.9"
  "typescript=typescript:5.8.3 5.9.2"
  "countries=world-countries:5.0.0 5.1.0"
  "geoip=geoip-country:5.0.202609230144 5.0.202609260156"
  # A week of the same database: what a consumer that syncs weekly fetches (one release skipped).
  "geoip-week=geoip-country:5.0.202609190133 5.0.202609260156"
)
# The chain: 22 consecutive releases of caniuse-db (21 steps), oldest first.
chain_package=${CHAIN_PACKAGE:-caniuse-db}
chain_versions=${CHAIN_VERSIONS:-$(printf '1.0.3000%s ' 1785 1786 1787 1788 1790 1791 1792 1793 1795 1797 1799 \
  1800 1802 1803 1805 1806 1807 1809 1810 1811 1812 1813)}
real_names=()
for entry in "${real_pairs[@]}"; do real_names+=("${entry%%=*}"); done
all_pairs=(insert delete change tree csv json npm "${real_names[@]}" chain)

log() { echo "$*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------------------------------
missing=()
needed=(zstd)
[ "$only_aetherfs" = 1 ] || needed+=(restic casync)
for tool in "${needed[@]}"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
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
[ "$skip_aetherfs" != 1 ] || [ "$only_aetherfs" != 1 ] || die "SKIP_AETHERFS=1 and ONLY_AETHERFS=1 leave nothing to measure"
# The work directory is emptied: only ever one this script made (it holds a marker) or a new or empty one.
case "$work" in /*) ;; *) die "WORK must be an absolute path, not '$work'" ;; esac
if [ -d "$work" ] && [ ! -e "$work/.dedup-work" ] && [ -n "$(ls -A "$work")" ]; then
  die "$work is not empty and was not made by this script; choose another WORK"
fi
trap cleanup EXIT
# Start from nothing, so no store left by an earlier run skews a measurement.
rm -rf "$work"
mkdir -p "$work"
touch "$work/.dedup-work"
if [ "$skip_aetherfs" = 1 ]; then
  aetherfs=
elif [ -z "$aetherfs" ]; then
  log "building aetherfs (Release) from $(cd "$(dirname "$0")/../.." && pwd)..."
  dotnet publish "$(dirname "$0")/../../src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
  aetherfs="$work/bin/aetherfs"
fi
[ "$skip_aetherfs" = 1 ] || [ -x "$aetherfs" ] || die "no aetherfs binary at $aetherfs (set AETHERFS=/path/to/aetherfs)"

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
# json_opt FILE FIELD: the field's value, or nothing when the JSON has no such field (an older binary).
json_opt() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"; }
# ratio A B: "2.3x" (A / B), or "-" when either is unknown.
ratio() {
  if [ "$1" = - ] || [ "$2" = - ] || [ "$2" = 0 ]; then echo -; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; fi
}
# Bytes or "-" when not measured.
show() { if [ "$1" = - ]; then echo -; else human "$1"; fi; }
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

# --- the floor: zstd --patch-from ------------------------------------------------------------------
# floor_start DIR V1 V2: tar both trees into DIR and start zstd -19 --patch-from in the background. It takes
# longer than all the rest of a pair together, and only its output size matters, not its speed.
floor_start() {
  local dir=$1 v1=$2 v2=$3
  local tar_opts=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  tar "${tar_opts[@]}" -cf "$dir/v1.tar" -C "$v1" .
  tar "${tar_opts[@]}" -cf "$dir/v2.tar" -C "$v2" .
  # The window must reach back over the whole of v1.tar; beyond 2^27 zstd also needs --memory to
  # decompress.
  wlog=$(python3 -c 'import os, sys; print(max(27, max(os.path.getsize(f) for f in sys.argv[1:]).bit_length()))' \
    "$dir/v1.tar" "$dir/v2.tar")
  (
    # FLOOR=0 skips the floor (the slowest part) when only the tools are being compared.
    if [ "${FLOOR:-1}" = 0 ]; then exit 0; fi
    zstd -q -f -19 --long="$wlog" --patch-from="$dir/v1.tar" "$dir/v2.tar" -o "$dir/v2.patch" 2>"$dir/zstd.log"
    # Check the patch really rebuilds v2.tar, so the floor is an honest one.
    zstd -q -d -f --long="$wlog" --memory=$((1 << wlog)) --patch-from="$dir/v1.tar" "$dir/v2.patch" -o "$dir/v2.check"
    cmp -s "$dir/v2.check" "$dir/v2.tar" || { echo "zstd patch does not rebuild v2.tar" >"$dir/zstd.failed"; }
    rm -f "$dir/v2.check"
  ) &
  zstd_pid=$!
}
# floor_wait DIR: wait for floor_start's zstd; sets floor to the patch size in bytes, or - when skipped.
floor_wait() {
  local dir=$1
  log "  waiting for zstd --patch-from..."
  wait "$zstd_pid" || { cat "$dir/zstd.log" >&2; die "zstd failed in $dir"; }
  zstd_pid=
  [ ! -e "$dir/zstd.failed" ] || die "$(cat "$dir/zstd.failed") in $dir"
  if [ "${FLOOR:-1}" = 0 ]; then floor=-; else floor=$(stat -c %s "$dir/v2.patch"); fi
  log "  zstd -19 --long=$wlog --patch-from: $(show "$floor")"
  rm -f "$dir/v1.tar" "$dir/v2.tar" "$dir/v2.patch"
}

# --- aetherfs: one hub, a producer and a consumer that follow the versions -------------------------
# The hub's store: packs of blocks, the index segments that locate them, and manifests. What a new
# version costs in storage is the growth of all three.
store_bytes() { echo $(( $(bytes_in "$1/packs") + $(bytes_in "$1/index") + $(bytes_in "$1/manifests") )); }

# af_start DIR DATASET: a fresh hub with its store in DIR/hub, a producer push cache and a consumer (a
# pull destination and its cache) that both live as long as the hub.
af_start() {
  af_dir=$1 af_dataset=$2
  start_hub "$af_dir/hub" "$af_dir/hub.log"
  af_push=(push --hub "$hub_url" --json --cache-dir "$af_dir/push-cache" --reread "${push_flags[@]}")
  af_pull=(pull --hub "$hub_url" --json)
}

# af_first TAG TREE: the producer pushes the first version and the consumer pulls it.
af_first() {
  log "  aetherfs push and pull $af_dataset:$1 (flags: ${push_flags[*]:-none})"
  logged "$af_dir/push-$1.json" "$af_dir/aetherfs.log" "$aetherfs" "${af_push[@]}" -t "$af_dataset:$1" "$2"
  logged "$af_dir/pull-$1.json" "$af_dir/aetherfs.log" "$aetherfs" "${af_pull[@]}" --cache-dir "$af_dir/holder-cache" \
    "$af_dataset:$1" "$af_dir/holder"
}

# af_next TAG TREE: the producer pushes the next version, the consumer that holds the previous one pulls
# it into the same directory, and a consumer with nothing pulls it into an empty directory with an empty
# cache. Sets af_uploaded, af_stored, af_manifest, af_holder, af_fresh, af_fresh_seconds, af_deltas.
af_next() {
  local tag=$1 tree=$2 before manifests_before
  before=$(store_bytes "$af_dir/hub")
  manifests_before=$(bytes_in "$af_dir/hub/manifests")
  logged "$af_dir/push-$tag.json" "$af_dir/aetherfs.log" "$aetherfs" "${af_push[@]}" -t "$af_dataset:$tag" "$tree"
  af_stored=$(( $(store_bytes "$af_dir/hub") - before ))
  # Like casync's index, the manifest is part of what a new version costs: it is counted in every
  # AetherFS figure. A binary that reports manifestBytes counts it as sent (a delta where shorter) in
  # bytesUploaded and bytesDownloaded; for an older one the stored, compressed size stands for what travels.
  af_manifest=$(( $(bytes_in "$af_dir/hub/manifests") - manifests_before ))
  local unsent=$af_manifest
  [ -z "$(json_opt "$af_dir/push-$tag.json" manifestBytes)" ] || unsent=0
  af_uploaded=$(( $(json_field "$af_dir/push-$tag.json" bytesUploaded) + unsent ))
  logged "$af_dir/pull-$tag.json" "$af_dir/aetherfs.log" "$aetherfs" "${af_pull[@]}" --cache-dir "$af_dir/holder-cache" \
    "$af_dataset:$tag" "$af_dir/holder"
  af_holder=$(( $(json_field "$af_dir/pull-$tag.json" bytesDownloaded) + unsent ))
  rm -rf "$af_dir/fresh" "$af_dir/fresh-cache"
  logged "$af_dir/fresh-$tag.json" "$af_dir/aetherfs.log" "$aetherfs" "${af_pull[@]}" --cache-dir "$af_dir/fresh-cache" \
    "$af_dataset:$tag" "$af_dir/fresh"
  af_fresh=$(( $(json_field "$af_dir/fresh-$tag.json" bytesDownloaded) + unsent ))
  af_fresh_seconds=$(json_opt "$af_dir/fresh-$tag.json" seconds)
  [ -z "$af_fresh_seconds" ] || af_fresh_seconds=$(awk -v s="$af_fresh_seconds" 'BEGIN { printf "%.2f s", s }')
  # A byte count of a wrong pull means nothing.
  diff -r -q "$tree" "$af_dir/holder" >&2 || die "$af_dataset:$tag: the v1 holder's pull differs from the pushed tree"
  diff -r -q "$tree" "$af_dir/fresh" >&2 || die "$af_dataset:$tag: the fresh pull differs from the pushed tree"
  rm -rf "$af_dir/fresh" "$af_dir/fresh-cache"
  # blocksDelta / bytesDelta: the blocks that travelled as deltas, when the binary reports them.
  af_deltas="$(deltas "$af_dir/push-$tag.json"); $(deltas "$af_dir/pull-$tag.json")"
  log "  aetherfs $af_dataset:$tag: uploaded $(human "$af_uploaded"), stored $(human "$af_stored")" \
    "(manifest $(human "$af_manifest")), v1 holder downloaded $(human "$af_holder"), fresh $(human "$af_fresh")" \
    "in ${af_fresh_seconds:-? s}, deltas (push; pull) $af_deltas"
}
deltas() {
  local blocks bytes
  blocks=$(json_opt "$1" blocksDelta)
  bytes=$(json_opt "$1" bytesDelta)
  if [ -z "$blocks" ]; then echo -; else echo "$blocks, $(human "${bytes:-0}")"; fi
}
af_stop() { stop_hub; }
af_skip() { af_uploaded=- af_stored=- af_manifest=- af_holder=- af_fresh=- af_fresh_seconds='' af_deltas=-; }

# --- restic and casync ------------------------------------------------------------------------------
# others_start DIR: a restic repository (version 2, compressed: the restic 0.14 default) and a casync store.
others_start() {
  others_dir=$1
  export RESTIC_PASSWORD=dedup-benchmark
  logged "$others_dir/restic.out" "$others_dir/restic.log" restic -r "$others_dir/restic" --no-cache init
}
# others_add NAME TREE: back up TREE with restic and casync make it; sets restic_stored and casync_stored
# (store growth + the .caidx index a client fetches besides chunks), in bytes.
others_add() {
  local name=$1 tree=$2 before
  log "  restic backup, casync make $name"
  before=$(bytes_in "$others_dir/restic")
  logged "$others_dir/restic.out" "$others_dir/restic.log" restic -r "$others_dir/restic" --no-cache backup -q "$tree"
  restic_stored=$(( $(bytes_in "$others_dir/restic") - before ))
  before=$(bytes_in "$others_dir/casync-store")
  logged "$others_dir/casync.out" "$others_dir/casync.log" \
    casync make --store="$others_dir/casync-store" "$others_dir/$name.caidx" "$tree"
  casync_stored=$(( $(bytes_in "$others_dir/casync-store") - before + $(stat -c %s "$others_dir/$name.caidx") ))
  log "  restic stored $(human "$restic_stored"), casync stored $(human "$casync_stored") (with index)"
}
others_skip() { restic_stored=- casync_stored=-; }

# --- one row -----------------------------------------------------------------------------------------
rows=()
table_header() {
  echo "| $1 | v2 size | floor | AetherFS uploaded | AetherFS stored | AetherFS downloaded, v1 holder | AetherFS downloaded, fresh (s) | AetherFS deltas (push; pull) | restic | casync | v1 holder / floor | stored / floor | restic / floor | casync / floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"
}
# row LABEL V2_BYTES: the table row of the figures the last step set.
row() {
  local fresh
  fresh=$(show "$af_fresh")
  [ -z "${af_fresh_seconds:-}" ] || fresh+=" ($af_fresh_seconds)"
  echo "| $1 | $(human "$2") | $(show "$floor") | $(show "$af_uploaded") | $(show "$af_stored") | $(show "$af_holder") \
| $fresh | $af_deltas | $(show "$restic_stored") | $(show "$casync_stored") | $(ratio "$af_holder" "$floor") \
| $(ratio "$af_stored" "$floor") | $(ratio "$restic_stored" "$floor") | $(ratio "$casync_stored" "$floor") |"
}

# --- one pair --------------------------------------------------------------------------------------
# A fresh hub, repository and store per pair; every figure is what v2 costs once v1 is stored and held.
# measure LABEL V1 V2 [SLUG]: SLUG names the dataset and the pair's directory (default: LABEL made plain).
measure() {
  local pair=$1 v1=$2 v2=$3
  # The label may hold spaces and arrows; dataset names and paths get a plain form of it.
  local slug=${4:-}
  [ -n "$slug" ] || slug=$(tr -c 'a-z0-9.\n' '-' <<<"${pair,,}")
  local dir="$work/run/$slug" started=$SECONDS v2_bytes
  rm -rf "$dir"
  mkdir -p "$dir"
  v2_bytes=$(bytes_in "$v2")
  log "== $pair: v1 $(human "$(bytes_in "$v1")"), v2 $(human "$v2_bytes") in $(find "$v2" -type f | wc -l) files"
  floor_start "$dir" "$v1" "$v2"
  if [ "$skip_aetherfs" = 1 ]; then af_skip; else
    af_start "$dir" "$slug"
    af_first v1 "$v1"
    af_next v2 "$v2"
    af_stop
  fi
  if [ "$only_aetherfs" = 1 ]; then others_skip; else
    others_start "$dir"
    others_add v1 "$v1"
    others_add v2 "$v2"
  fi
  floor_wait "$dir"
  log "  pair took $((SECONDS - started)) s"
  rows+=("$(row "$pair" "$v2_bytes")")
  # Keep the disk use of a run to one pair at a time unless asked to keep everything.
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir"; fi
}

# --- a chain of versions ---------------------------------------------------------------------------
# One hub, repository and store for every version; each step is what version n costs once versions
# 1..n-1 are stored and the consumer holds version n-1. Prints its own table, a row per step and a total.
chain_rows=()
measure_chain() {
  local package=$1; shift
  local versions=("$@") dir="$work/run/chain" started=$SECONDS prev='' step=0
  rm -rf "$dir"
  mkdir -p "$dir/steps"
  local total_v2=0 total_floor=0 total_up=0 total_stored=0 total_holder=0 total_fresh=0 total_restic=0 total_casync=0
  log "== chain: $package, ${#versions[@]} versions"
  [ "$skip_aetherfs" = 1 ] || af_start "$dir" chain
  [ "$only_aetherfs" = 1 ] || others_start "$dir"
  for v in "${versions[@]}"; do
    local tree="$work/data/npm/$package@$v/package"
    if ! npm_unpack "$package@$v" "$work/data/npm/$package@$v"; then
      die "could not fetch $package@$v with npm pack: $(grep -m1 -i 'error' "$work/npm/npm.log" || true)"
    fi
    if [ -z "$prev" ]; then
      [ "$skip_aetherfs" = 1 ] || af_first "s0" "$tree"
      [ "$only_aetherfs" = 1 ] || others_add s0 "$tree"
    else
      step=$((step + 1))
      log "= chain step $step: $prev → $v"
      rm -rf "$dir/steps/$step"
      mkdir -p "$dir/steps/$step"
      floor_start "$dir/steps/$step" "$work/data/npm/$package@$prev/package" "$tree"
      if [ "$skip_aetherfs" = 1 ]; then af_skip; else af_next "s$step" "$tree"; fi
      if [ "$only_aetherfs" = 1 ]; then others_skip; else others_add "s$step" "$tree"; fi
      floor_wait "$dir/steps/$step"
      local v2_bytes
      v2_bytes=$(bytes_in "$tree")
      chain_rows+=("$(row "$step: $prev → $v" "$v2_bytes")")
      total_v2=$((total_v2 + v2_bytes))
      local item name value var
      for item in "floor:$floor" "up:$af_uploaded" "stored:$af_stored" "holder:$af_holder" "fresh:$af_fresh" \
        "restic:$restic_stored" "casync:$casync_stored"; do
        name=${item%%:*} value=${item#*:}
        var="total_$name"
        if [ "$value" = - ] || [ "${!var}" = - ]; then printf -v "$var" '%s' -; else printf -v "$var" '%s' $(( ${!var} + value )); fi
      done
      # The previous version's tree is no longer needed (the holder keeps its own copy).
      [ "${KEEP:-0}" = 1 ] || rm -rf "$work/data/npm/$package@$prev"
    fi
    prev=$v
  done
  [ "$skip_aetherfs" = 1 ] || af_stop
  floor=$total_floor af_uploaded=$total_up af_stored=$total_stored af_holder=$total_holder af_fresh=$total_fresh \
    af_fresh_seconds='' af_deltas='' restic_stored=$total_restic casync_stored=$total_casync
  chain_rows+=("$(row "**total, $step steps**" "$total_v2")")
  chain_label="$package ${versions[0]} → ${versions[-1]}"
  log "  chain took $((SECONDS - started)) s"
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$dir" "$work/data/npm/$package@$prev"; fi
}

# --- main ------------------------------------------------------------------------------------------
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=("${all_pairs[@]}")
selected=()
for pair in "${pairs[@]}"; do
  if [ "$pair" = real ]; then selected+=("${real_names[@]}"); continue; fi
  case "$pair" in
    dir:*:*)
      v1=${pair#dir:} v1=${v1%%:*} v2=${pair##*:}
      if [ ! -d "$v1" ] || [ ! -d "$v2" ]; then die "'$pair': both trees must be directories"; fi
      selected+=("$pair"); continue ;;
    npm:*:*:*) selected+=("$pair"); continue ;;
  esac
  [[ " ${all_pairs[*]} " == *" $pair "* ]] || die "unknown pair '$pair'; pairs: ${all_pairs[*]} real dir:V1DIR:V2DIR npm:PACKAGE:V1:V2"
  selected+=("$pair")
done

if [ "$skip_aetherfs" = 1 ]; then
  log "aetherfs: skipped (SKIP_AETHERFS=1)"
else
  log "aetherfs: $aetherfs ($("$aetherfs" version 2>/dev/null | head -n 1)); push flags: ${AETHERFS_PUSH_FLAGS:-none}"
fi
log "work directory: $work"
custom=0
for pair in "${selected[@]}"; do
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
  elif [[ "$pair" == dir:* ]]; then
    # Two trees of the caller's (read, never written): a pair from outside this script's list.
    v1=${pair#dir:} v1=${v1%%:*} v2=${pair##*:}
    measure "$(basename "$v1") → $(basename "$v2")" "$(cd "$v1" && pwd)" "$(cd "$v2" && pwd)" "custom$((++custom))"
  elif [[ "$pair" == npm:* ]]; then
    IFS=: read -r _ name v1 v2 <<<"$pair"
    if npm_unpack "$name@$v1" "$work/data/npm/$name@$v1" && npm_unpack "$name@$v2" "$work/data/npm/$name@$v2"; then
      measure "${name##*/} $v1 → $v2" "$work/data/npm/$name@$v1/package" "$work/data/npm/$name@$v2/package" "custom$((++custom))"
    else
      die "could not fetch $name@$v1 or @$v2 with npm pack: $(grep -m1 -i 'error' "$work/npm/npm.log" || true)"
    fi
    [ "${KEEP:-0}" = 1 ] || rm -rf "$work/data/npm/$name@$v1" "$work/data/npm/$name@$v2"
  elif [ "$pair" = chain ]; then
    command -v npm >/dev/null || { log "npm is not installed: skipping the chain"; continue; }
    read -ra versions <<<"$chain_versions"
    measure_chain "$chain_package" "${versions[@]}"
  elif [[ " ${real_names[*]} " == *" $pair "* ]]; then
    command -v npm >/dev/null || { log "npm is not installed: skipping $pair"; continue; }
    for entry in "${real_pairs[@]}"; do
      [ "${entry%%=*}" = "$pair" ] || continue
      spec=${entry#*=}
      name=${spec%%:*}
      read -r v1 v2 <<<"${spec#*:}"
      if npm_unpack "$name@$v1" "$work/data/npm/$name@$v1" && npm_unpack "$name@$v2" "$work/data/npm/$name@$v2"; then
        measure "$pair: ${name##*/} $v1 → $v2" "$work/data/npm/$name@$v1/package" "$work/data/npm/$name@$v2/package" "$pair"
      else
        log "could not fetch $name@$v1 or @$v2 with npm pack, skipping $pair: $(grep -m1 -i 'error' "$work/npm/npm.log" || true)"
      fi
      [ "${KEEP:-0}" = 1 ] || rm -rf "$work/data/npm/$name@$v1" "$work/data/npm/$name@$v2"
    done
  else
    log "generating $pair..."
    generate "$pair" "$work/data/$pair"
    measure "$pair" "$work/data/$pair/v1" "$work/data/$pair/v2"
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work/data/$pair"; fi
  fi
done

echo
versions_line="zstd $(zstd -V | grep -o 'v[0-9.]*')"
if [ "$only_aetherfs" != 1 ]; then
  versions_line="$(restic version | cut -d' ' -f1-2), casync $(casync --version | awk '{print $2; exit}'), $versions_line"
fi
if [ "$skip_aetherfs" = 1 ]; then
  echo "aetherfs not measured (SKIP_AETHERFS=1); $versions_line. Bytes for v2 with v1 already stored."
else
  echo "aetherfs \`$("$aetherfs" version 2>/dev/null | head -n 1)\`, push flags \`${AETHERFS_PUSH_FLAGS:-none}\`;" \
    "$versions_line. Bytes for v2 with v1 already stored."
fi
if [ ${#rows[@]} -gt 0 ]; then
  echo
  table_header pair
  printf '%s\n' "${rows[@]}"
fi
if [ ${#chain_rows[@]} -gt 0 ]; then
  echo
  echo "Chain: $chain_label, step by step (each step: version n with versions 1..n-1 stored and n-1 held)."
  echo
  table_header step
  printf '%s\n' "${chain_rows[@]}"
fi
