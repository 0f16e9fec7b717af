#!/usr/bin/env bash
# API requests/s of Tandem's JSON/HTTP admin API (resources in H2), measured with wrk:
#   Get    GET  /api/v2beta1/credentials/REF   (one resource, read from the in-memory snapshot)
#   Create POST /api/v2beta1/credentials       (a new Credentials each time: validated, sealed, written to H2 with its audit entry)
#   Create POST /api/v2beta1/agents            (a new Agent each time, referencing the Domain and a Credentials)
# The store starts with one Domain and --agents N Agents, each with its Credentials (imported with tandem import).
# Usage: bench/api.sh [--agents N] [--seconds N] [--connections N] [--threads N] [--jar FILE] [--label TEXT]
# Run it under the load lock: flock /tmp/tandem-it.lock flock /tmp/tandem-load.lock bench/api.sh
# Environment: TANDEM_JAVA_OPTS (as ./tandem), BENCH_API_PORT (HTTP port, default 18080; SIP on +1, gRPC on +2).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH=15 CONNS=16 THREADS=2 AGENTS=10 JAR="" LABEL="" ARGS="$*"
while [ $# -gt 0 ]; do
    case "$1" in
        --agents) AGENTS="$2"; shift 2 ;;
        --seconds) SECONDS_EACH="$2"; shift 2 ;;
        --connections) CONNS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --label) LABEL="-$2"; shift 2 ;;
        -h|--help) sed -n 2,10p "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }
for tool in wrk jq curl; do # the Debian packages, only when missing
    if ! command -v $tool >/dev/null 2>&1; then
        say "$tool not found: installing Debian package $tool"
        sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
        $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $tool >&2 || die "cannot install $tool"
    fi
done
JAVA_HOME="$("$ROOT/bin/jdk25")" || die "JDK 25 not found"
JAR="${JAR:-$ROOT/launcher/target/tandem.jar}"
[ -f "$JAR" ] || die "no $JAR: build it (./tandem --version builds it)"
[[ "$AGENTS" =~ ^[1-9][0-9]*$ ]] || die "--agents: a number of at least 1, not '$AGENTS'"
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
# the store before the run: Domain domain-bench, AGENTS Agents agent-uNNNNNN with their Credentials cred-uNNNNNN
mkdir -p "$WORK/resources"
printf -- '- apiVersion: v2beta1\n  kind: Domain\n  ref: domain-bench\n  metadata: {name: Bench}\n  spec: {context: {domainUri: bench.example}}\n' \
    > "$WORK/resources/domain.yaml"
awk -v n="$AGENTS" -v dir="$WORK/resources" 'BEGIN { for (i = 1; i <= n; i++) { u = sprintf("u%06d", i)
    printf "- apiVersion: v2beta1\n  kind: Agent\n  ref: agent-%s\n  metadata: {name: %s}\n  spec: {username: \"%s\", domainRef: domain-bench, credentialsRef: cred-%s, privacy: None}\n", u, u, u, u > dir "/agents.yaml"
    printf "- apiVersion: v2beta1\n  kind: Credentials\n  ref: cred-%s\n  metadata: {name: %s}\n  spec: {credentials: {username: \"%s\", password: \"pw%s\"}}\n", u, u, u, u > dir "/credentials.yaml" } }'
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$WORK/tandem.jar" import "$WORK/resources" --config "$WORK/config" \
    > "$WORK/import.log" 2>&1 || die "tandem import failed: $(tail -5 "$WORK/import.log")"
say "$(tail -1 "$WORK/import.log")"
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
create() { # kind (credentials or agents): a warm-up, then the counted run
    BENCH_KIND="$1" BENCH_RUN="warm$RANDOM" wrk -t1 -c4 -d3s -s "$ROOT/bench/api.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
    BENCH_KIND="$1" BENCH_RUN="run$RANDOM" wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency -s "$ROOT/bench/api.lua" \
        "http://127.0.0.1:$HTTP_PORT" > "$WORK/create-$1.txt"
    cat "$WORK/create-$1.txt" >&2
}
count() { # kind: how many the store holds (the HTTP List, 1000 a page)
    local n=0 token="" page
    while :; do
        page="$(curl -sf -H "Authorization: Bearer $TANDEM_API_KEY" \
            "http://127.0.0.1:$HTTP_PORT/api/v2beta1/$1?pageSize=1000&pageToken=$token")" || die "cannot list $1"
        n=$((n + $(jq '.items | length' <<<"$page")))
        token="$(jq -r '.nextPageToken // ""' <<<"$page")"
        [ -n "$token" ] || break
    done
    echo "$n"
}
START_AGENTS="$(count agents)" START_CREDENTIALS="$(count credentials)"
create credentials
create agents
END_AGENTS="$(count agents)" END_CREDENTIALS="$(count credentials)"
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
    row "Create \`POST /api/v2beta1/credentials\`" "$WORK/create-credentials.txt"
    row "Create \`POST /api/v2beta1/agents\`" "$WORK/create-agents.txt"
    echo
    echo "Store at the start: $START_AGENTS Agents, $START_CREDENTIALS Credentials, 1 Domain; at the end (after the"
    echo "warm-ups and both Create runs): $END_AGENTS Agents, $END_CREDENTIALS Credentials. Command: \`bench/api.sh $ARGS\`; JVM: \`$JOPTS\`; work dir $WORK."
} | tee "$OUT"
say "written to $OUT"
