#!/usr/bin/env bash
# Times aetherfs push, unchanged re-push and pull of one tree through a local hub, beside restic backup,
# restic backup again and restic restore (local repository) and cp -a of the same tree, in one run.
# Reports wall time and peak RSS (GNU time %M) of each client process, and the hub's peak RSS.
#
#   benchmarks/push-pull/run.sh [TREE]            # default TREE: /usr/share/dotnet; ROUNDS=3 rounds, medians reported
#   BENCH_DIR=/dev/shm benchmarks/push-pull/run.sh  # every write on tmpfs instead of disk
#   benchmarks/push-pull/run.sh --big [SIZE]      # memory: push and pull one file of SIZE (default 4G)
#
# Needs: restic and GNU time (apt-get install -y restic time). Writes under $BENCH_DIR (default /tmp).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-bench.XXXXXX")
trap 'kill $hub_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

command -v restic >/dev/null || { echo "restic is not installed (apt-get install -y restic)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is not installed (apt-get install -y time)" >&2; exit 1; }

echo "building aetherfs (Release)..." >&2
dotnet publish "$repo/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
aetherfs="$work/bin/aetherfs"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$aetherfs" run hub --port "$port" --listen-address 127.0.0.1 --storage-path "$work/hub" 2>"$work/hub.log" &
hub_pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
export AETHERFS_HUB="http://127.0.0.1:$port" AETHERFS_CACHE_DIR="$work/cache" CI=1

# run LABEL CMD...: time one command, keep "label seconds peak-KiB".
results="$work/results"
run() {
  local label=$1; shift
  sync # start every step with no dirty pages left by the one before
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  echo "$label $(cat "$work/time")" >>"$results"
  echo "  $label: $(cut -d' ' -f1 "$work/time") s, peak RSS $(( $(cut -d' ' -f2 "$work/time") / 1024 )) MiB" >&2
}

hub_peak() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$hub_pid/status"; }

if [ "${1:-}" = "--big" ]; then
  size=${2:-4G}
  mkdir -p "$work/big"
  echo "writing a $size file of random bytes..." >&2
  head -c "$size" /dev/urandom >"$work/big/data.bin"
  run "aetherfs-push-$size" "$aetherfs" push -t big:v1 --json "$work/big"
  rm -rf "$work/cache"
  run "aetherfs-pull-$size" "$aetherfs" pull big:v1 "$work/big-pulled" --json
  cmp "$work/big/data.bin" "$work/big-pulled/data.bin"
  echo
  echo "one $size file of random bytes; writes on $(df --output=fstype "$work" | tail -1)"
  echo
  echo "| step | seconds | peak RSS (MiB) |"
  echo "|---|---:|---:|"
  while read -r label seconds kib; do echo "| $label | $seconds | $(( kib / 1024 )) |"; done <"$results"
  echo "| hub, whole run | | $(hub_peak) |"
  exit 0
fi

tree=${1:-/usr/share/dotnet}
rounds=${ROUNDS:-3}
files=$(find "$tree" -type f | wc -l)
bytes=$(du -sb "$tree" | cut -f1)
echo "tree: $tree, $files files, $(( bytes / 1024 / 1024 )) MiB; $rounds rounds; writes under $work" >&2
# Warm the page cache so every tool reads the tree from memory, as the first one would otherwise pay alone.
tar -cf - "$tree" 2>/dev/null | cat >/dev/null

export RESTIC_PASSWORD=bench
for round in $(seq "$rounds"); do
  echo "round $round" >&2
  # Each round starts from empty stores: a fresh hub store, cache, restic repository and copy target.
  kill $hub_pid; wait $hub_pid 2>/dev/null || true
  rm -rf "$work/hub" "$work/cache" "$work/pulled" "$work/restic" "$work/restored" "$work/copied"
  "$aetherfs" run hub --port "$port" --listen-address 127.0.0.1 --storage-path "$work/hub" 2>"$work/hub.log" &
  hub_pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done

  run "aetherfs-push" "$aetherfs" push -t sdk:v1 --json "$tree"
  run "aetherfs-repush" "$aetherfs" push -t sdk:v2 --json "$tree"   # the push index skips reading
  grep -q '"blocksUploaded": 0' "$work/out" || { echo "unchanged re-push uploaded blocks" >&2; exit 1; }
  run "aetherfs-repush-reread" "$aetherfs" push -t sdk:v3 --reread --json "$tree"   # reads and hashes everything
  grep -q '"blocksUploaded": 0' "$work/out" || { echo "unchanged re-push uploaded blocks" >&2; exit 1; }
  run "aetherfs-pull" "$aetherfs" pull sdk:v1 "$work/pulled" --json
  diff -r "$tree" "$work/pulled" >/dev/null || { echo "pulled tree differs" >&2; exit 1; }
  run "aetherfs-pull-nocache" "$aetherfs" pull --no-cache --cache-dir "$work/cache-empty" sdk:v1 "$work/pulled-nocache" --json
  rm -rf "$work/pulled-nocache" "$work/cache-empty"
  hub_rss=$(hub_peak)

  export RESTIC_REPOSITORY="$work/restic"
  restic init -q >/dev/null
  run "restic-backup" restic backup -q "$tree"
  run "restic-backup-again" restic backup -q "$tree"
  run "restic-restore" restic restore latest --target "$work/restored" -q
  run "cp-a" cp -a "$tree" "$work/copied"
done

# median seconds and median peak MiB of a step over the rounds
t() { awk -v l="$1" '$1==l {print $2}' "$results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m() { awk -v l="$1" '$1==l {print int($3/1024)}' "$results" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
all() { awk -v l="$1" '$1==l {printf "%s%s", sep, $2; sep=" "}' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "tree: \`$tree\` ($files files, $(( bytes / 1024 / 1024 )) MiB); writes on $(df --output=fstype "$work" | tail -1); median of $rounds rounds; hub peak RSS $hub_rss MiB"
echo
echo "| operation | aetherfs s (peak MiB) | comparison | comparison s (peak MiB) | ratio | target |"
echo "|---|---:|---|---:|---:|---|"
echo "| push | $(t aetherfs-push) ($(m aetherfs-push)) | restic backup | $(t restic-backup) ($(m restic-backup)) | $(ratio "$(t aetherfs-push)" "$(t restic-backup)") | <= 1.0 |"
echo "| unchanged re-push | $(t aetherfs-repush) ($(m aetherfs-repush)) | restic backup again | $(t restic-backup-again) ($(m restic-backup-again)) | $(ratio "$(t aetherfs-repush)" "$(t restic-backup-again)") | <= 1.0 |"
echo "| unchanged re-push --reread | $(t aetherfs-repush-reread) ($(m aetherfs-repush-reread)) | restic backup again | $(t restic-backup-again) ($(m restic-backup-again)) | $(ratio "$(t aetherfs-repush-reread)" "$(t restic-backup-again)") | (reads all) |"
echo "| pull | $(t aetherfs-pull) ($(m aetherfs-pull)) | cp -a | $(t cp-a) ($(m cp-a)) | $(ratio "$(t aetherfs-pull)" "$(t cp-a)") | <= 1.3 |"
echo "| pull --no-cache | $(t aetherfs-pull-nocache) ($(m aetherfs-pull-nocache)) | cp -a | $(t cp-a) ($(m cp-a)) | $(ratio "$(t aetherfs-pull-nocache)" "$(t cp-a)") | <= 1.3 |"
echo "| (for reference) | | restic restore | $(t restic-restore) ($(m restic-restore)) | | |"
echo
echo "every round, seconds: push [$(all aetherfs-push)] re-push [$(all aetherfs-repush)] re-push --reread [$(all aetherfs-repush-reread)] pull [$(all aetherfs-pull)] pull --no-cache [$(all aetherfs-pull-nocache)] restic backup [$(all restic-backup)] again [$(all restic-backup-again)] restore [$(all restic-restore)] cp -a [$(all cp-a)]"
