#!/usr/bin/env bash
# API requests/s of Tandem's JSON/HTTP admin API (resources in H2), measured with wrk:
#   Get    GET  /api/v2beta1/credentials/REF   (one resource, read from the in-memory snapshot)
#   Create POST /api/v2beta1/credentials       (a new Credentials each time: validated, sealed, written to H2 with its audit entry)
# Usage: bench/api.sh [--seconds N] [--connections N] [--threads N] [--jar FILE] [--label TEXT]
# Run it under the load lock: flock /tmp/tandem-it.lock flock /tmp/tandem-load.lock bench/api.sh
# Environment: TANDEM_JAVA_OPTS (as ./tandem), BENCH_API_PORT (HTTP port, default 18080; SIP on +1, gRPC on +2).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH=15 CONNS=16 THREADS=2 JAR="" LABEL="" ARGS="$*"
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_EACH="$2"; shift 2 ;;
        --connections) CONNS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --label) LABEL="-$2"; shift 2 ;;
        -h|--help) sed -n 2,7p "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
if ! command -v wrk >/dev/null 2>&1; then # the Debian package, only when missing
    say "wrk not found: installing Debian package wrk"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >&2 || die "cannot install wrk"
fi
JAVA_HOME="$("$ROOT/bin/jdk25")" || die "JDK 25 not found"
JAR="${JAR:-$ROOT/launcher/target/tandem.jar}"
[ -f "$JAR" ] || die "no $JAR: build it (./tandem --version builds it)"
HTTP_PORT="${BENCH_API_PORT:-18080}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tandem-api-bench.XXXXXX")"
cp "$JAR" "$WORK/tandem.jar"
mkdir -p "$WORK/config"
cat > "$WORK/config/edgeport.yaml" <<YAML
kind: EdgePort
apiVersion: v2beta1
ref: edgeport-api-bench
metadata: {region: default}
spec:
  bindAddr: 127.0.0.1
  transport: [{protocol: udp, port: $((HTTP_PORT + 1))}]
YAML
SECRET_KEY="bench-admin-secret-0123456789"
cat > "$WORK/config/provisioning.yaml" <<YAML
kind: Provisioning
spec:
  provider: database
  api:
    listen: 127.0.0.1:$((HTTP_PORT + 2))
    keys: [{id: bench, secret: "$SECRET_KEY", role: admin}]
YAML
export TANDEM_API_KEY="bench:$SECRET_KEY" TANDEM_SECRET="bench-secret-of-the-api-benchmark-0123456789"
JOPTS="${TANDEM_JAVA_OPTS:--XX:+UseCompactObjectHeaders -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:MaxTenuringThreshold=0 -Xms1g -Xmx1g}"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $JOPTS -jar "$WORK/tandem.jar" run --config "$WORK/config" \
    --http "127.0.0.1:$HTTP_PORT" > "$WORK/tandem.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
ctl() { "$JAVA_HOME/bin/java" -jar "$WORK/tandem.jar" ctl "$@" --http "127.0.0.1:$HTTP_PORT"; }
for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT" && printf 'GET /readyz HTTP/1.0\r\n\r\n' >&3 && IFS= read -r -t 3 l <&3 \
        && [[ "$l" == *" 200"* ]]) 2>/dev/null; then break; fi
    kill -0 $PID 2>/dev/null || die "Tandem stopped: $(tail -5 "$WORK/tandem.log")"
    sleep 0.5
done
REF="$(ctl credentials create --set name=Target --set username=target --set password=pw-target -o json \
    | sed -n 's/^ *"ref" : "\(.*\)",$/\1/p')"
[ -n "$REF" ] || die "could not create the Credentials to read"
say "Tandem up (work dir $WORK), reading Credentials $REF"
run_wrk() { # name, args...
    local name="$1"; shift
    wrk -t1 -c4 -d3s "$@" >/dev/null # warm-up (JIT), not counted
    wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency "$@" > "$WORK/$name.txt"
    cat "$WORK/$name.txt" >&2
}
BENCH_RUN=warm run_wrk get -H "Authorization: Bearer $TANDEM_API_KEY" "http://127.0.0.1:$HTTP_PORT/api/v2beta1/credentials/$REF"
export BENCH_RUN="warm$RANDOM"
wrk -t1 -c4 -d3s -s "$ROOT/bench/api.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
export BENCH_RUN="run$RANDOM"
wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency -s "$ROOT/bench/api.lua" "http://127.0.0.1:$HTTP_PORT" > "$WORK/create.txt"
cat "$WORK/create.txt" >&2
STORED="$(ctl credentials list --page-size 1000 -o json | grep -c '"ref"')"
row() { # name file
    local rps p50 p99 errors
    rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$2")"
    p50="$(awk '$1 == "50%" {print $2}' "$2")"
    p99="$(awk '$1 == "99%" {print $2}' "$2")"
    errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$2")"
    printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${errors:-0}"
}
OUT="$ROOT/bench/results/$(date -u +%Y-%m-%d-%H%M)-api$LABEL.md"
{
    echo "# Admin API requests/s ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, Tandem with H2, wrk $THREADS threads × $CONNS connections, ${SECONDS_EACH} s each)"
    echo
    echo "| request | requests/s | median | p99 | non-2xx |"
    echo "|---|---|---|---|---|"
    row "Get \`GET /api/v2beta1/credentials/REF\`" "$WORK/get.txt"
    row "Create \`POST /api/v2beta1/credentials\`" "$WORK/create.txt"
    echo
    echo "Credentials stored at the end: $STORED. Command: \`bench/api.sh $ARGS\`; JVM: \`$JOPTS\`; work dir $WORK."
} | tee "$OUT"
say "written to $OUT"
