#!/usr/bin/env bash
# Pull throughput with authentication (--auth-config, Basic, a logged-in CLI), with an OIDC bearer token (a JWT from the
# test issuer, tests/oidc, checked by the hub on every request) and encryption at rest (--encryption-key-file) each on,
# and Basic with encryption, beside an open hub, in one run: one dataset of random bytes (256 MiB by
# default) pushed to a fresh local hub of each kind, then pulled ROUNDS times without the client cache (every block
# comes from the hub, which checks the caller and opens and verifies each block), medians reported.
#
#   benchmarks/encryption/run.sh [SIZE]                # default SIZE 256M; ROUNDS=3
#   BENCH_DIR=/dev/shm benchmarks/encryption/run.sh    # every write on tmpfs instead of disk
#
# Writes under a new directory in $BENCH_DIR (default /tmp), removed at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${BENCH_DIR:-/tmp}/aetherfs-encryption-bench.XXXXXX")
hub_pid=
issuer_pid=
trap '[ -n "$hub_pid" ] && kill $hub_pid 2>/dev/null; [ -n "$issuer_pid" ] && kill $issuer_pid 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT

size=${1:-256M}
rounds=${ROUNDS:-3}
echo "building aetherfs (Release)..." >&2
dotnet publish "$repo/src/AetherFS.Cli" -c Release -o "$work/bin" -nologo -v quiet >&2
aetherfs="$work/bin/aetherfs"
mkdir -p "$work/data"
head -c "$size" /dev/urandom >"$work/data/random.bin"
bytes=$(stat -c %s "$work/data/random.bin")
umask 077
echo "bench:$(head -c 32 /dev/urandom | base64)" >"$work/keys"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export AETHERFS_HUB="http://127.0.0.1:$port" AETHERFS_CACHE_DIR="$work/cache" XDG_CONFIG_HOME="$work/config" CI=1
password=$(head -c 18 /dev/urandom | base64)
printf 'users:\n  bench: "%s"\nadmins: [bench]\n' "$(printf '%s\n' "$password" | "$aetherfs" auth hash-password)" >"$work/auth.yaml"

# The OIDC row needs the test issuer (npm oidc-provider, installed by .ci/run or `npm ci --prefix tests/oidc`).
modes=(open authentication "OIDC bearer token" encryption "authentication and encryption")
if [ -f "$repo/tests/oidc/node_modules/oidc-provider/package.json" ]; then
  issuer_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  node -e '
    const { generateKeyPairSync } = require("crypto");
    const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    Object.assign(jwk, { kid: "bench", alg: "RS256", use: "sig" });
    const [port, secret] = process.argv.slice(1);
    console.log(JSON.stringify({ port: Number(port), audience: "aetherfs", jwks: [jwk], services: { bench: { secret, groups: ["bench"] } } }));
  ' "$issuer_port" "$secret" >"$work/issuer.json"
  node "$repo/tests/oidc/issuer.js" "$work/issuer.json" >"$work/issuer.log" 2>&1 &
  issuer_pid=$!
  until curl -sf "http://127.0.0.1:$issuer_port/.well-known/openid-configuration" >/dev/null; do sleep 0.2; done
  printf 'oidc:\n  issuer: http://127.0.0.1:%s\n  audience: aetherfs\ndatasets:\n  "**": { groups: { bench: [read, write] } }\n' "$issuer_port" >"$work/auth-oidc.yaml"
else
  echo "note: no OIDC row: tests/oidc/node_modules is missing (npm ci --prefix tests/oidc)" >&2
  modes=(open authentication encryption "authentication and encryption")
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| hub | pull seconds (median of $rounds) | MiB/s | hub CPU seconds per pull |"
echo "|---|---:|---:|---:|"
for mode in "${modes[@]}"; do
  rm -rf "$work/hub" "$work/cache" "$work/config"
  flags=()
  case "$mode" in *authentication*) flags+=(--auth-config "$work/auth.yaml") ;; OIDC*) flags+=(--auth-config "$work/auth-oidc.yaml") ;; esac
  case "$mode" in *encryption*) flags+=(--encryption-key-file "$work/keys") ;; esac
  "$aetherfs" run hub --port "$port" --listen-address 127.0.0.1 --storage-path "$work/hub" "${flags[@]}" 2>"$work/hub.log" &
  hub_pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
  case "$mode" in *authentication*) printf '%s\n' "$password" | "$aetherfs" auth login --username bench --password-stdin >/dev/null ;; esac
  unset AETHERFS_TOKEN
  case "$mode" in OIDC*)
    # A client_credentials access token (5 minutes), sent as a bearer token on every request of the push and pulls.
    AETHERFS_TOKEN=$(curl -sf -u "bench:$secret" -d grant_type=client_credentials "http://127.0.0.1:$issuer_port/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    export AETHERFS_TOKEN ;;
  esac
  "$aetherfs" push -t bench:v1 "$work/data" >/dev/null
  cpu_before=$(awk '{print $14 + $15}' "/proc/$hub_pid/stat")
  times=()
  for round in $(seq "$rounds"); do
    rm -rf "$work/pulled"
    sync
    start=$(date +%s.%N)
    "$aetherfs" pull bench:v1 "$work/pulled" --no-cache >/dev/null
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
    cmp -s "$work/data/random.bin" "$work/pulled/random.bin" || { echo "pull differs" >&2; exit 1; }
  done
  cpu_after=$(awk '{print $14 + $15}' "/proc/$hub_pid/stat")
  seconds=$(printf '%s\n' "${times[@]}" | median)
  hub_cpu=$(echo "scale=2; ($cpu_after - $cpu_before) / $(getconf CLK_TCK) / $rounds" | bc)
  printf '| %s | %.2f | %.0f | %.2f |\n' "$mode" "$seconds" "$(echo "$bytes / 1048576 / $seconds" | bc -l)" "$hub_cpu"
  kill $hub_pid; wait $hub_pid 2>/dev/null || true
  hub_pid=
done
