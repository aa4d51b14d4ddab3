#!/usr/bin/env bash
# Fuzzes the parsers that take untrusted bytes (manifests, references, Range headers, /fs paths, block payloads,
# packs, archives) with afl-fuzz through SharpFuzz, each for a bounded time, and prints a Markdown table:
# executions, paths found, crashes and hangs per target. Not part of CI.
#   benchmarks/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 120 s, every target)
# Needs Debian's afl++ (apt-get install -y afl++); installs the sharpfuzz tool into its work directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-120}
shift || true
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/aetherfs-fuzz}
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 1; }

mkdir -p "$work"
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi

# A build of its own, so instrumenting it in place leaves the repository's bin folders alone.
rm -rf "$work/bin" "$work/plain"
dotnet build benchmarks/fuzz/AetherFS.Fuzz -c Release -nologo -v quiet -o "$work/bin" >/dev/null
harness=("$(command -v dotnet)" "$work/bin/AetherFS.Fuzz.dll")
# Seeds come from the assemblies before instrumentation: instrumented code runs only under afl-fuzz.
rm -rf "$work/seeds"
"${harness[@]}" seed "$work/seeds"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <("${harness[@]}" list)
cp -r "$work/bin" "$work/plain"
for assembly in AetherFS.Core AetherFS.Serving; do
  "$work/tools/sharpfuzz" "$work/bin/$assembly.dll" >/dev/null
done

# dotnet is not an afl-instrumented binary (SharpFuzz instruments the IL instead), and a container's core_pattern
# is not ours to change.
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1

echo "| target | seconds | executions | execs/s | corpus | crashes | hangs |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for target in "${targets[@]}"; do
  out="$work/out/$target"
  rm -rf "$out"
  mkdir -p "$work/out"
  afl-fuzz -V "$seconds" -t 10000 -m none -i "$work/seeds/$target" -o "$out" -- "${harness[@]}" run "$target" \
    >"$work/$target.log" 2>&1 || { echo "| $target | afl-fuzz failed: see $work/$target.log | | | | | |"; continue; }
  stats="$out/default/fuzzer_stats"
  value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  echo "| $target | $(value run_time) | $(value execs_done) | $(value execs_per_sec) | $(value corpus_count) | $(value saved_crashes) | $(value saved_hangs) |"
done

# What each crash throws, replayed outside afl on the uninstrumented build.
for target in "${targets[@]}"; do
  crashes=("$work/out/$target"/default/crashes/id:*)
  [ -e "${crashes[0]}" ] || continue
  echo
  echo "### $target: crashes"
  dotnet "$work/plain/AetherFS.Fuzz.dll" replay "$target" "${crashes[@]}" | grep -v ': ok$' | head -40 || true
done
