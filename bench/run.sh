#!/usr/bin/env bash
# Tandem and Kamailio 5.6 side by side, on loopback, one after the other, driven by the same SIPp
# scenarios. Prints one table (Tandem, Kamailio, Tandem/Kamailio) and writes it to
# bench/results/<date>-<transport>[-quick][-label].md. See bench/README.md.
#
#   bench/run.sh [--full | --quick | --smoke] [--only tandem|kamailio] [--transport udp|tcp]
#                [--phases LIST] [--jfr] [--label TEXT] [--jar FILE] [--keep] [--split]
#
# Environment: TANDEM_JAVA_OPTS (JVM options of Tandem; default: ./tandem's), BENCH_PORT_BASE
# (first of the loopback ports used; default 15060, 25060 for --smoke).
set -euo pipefail
# The whole script is one block, read before anything runs: editing this file while it runs
# cannot change what a running benchmark does.
{
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
SCEN="$BENCH/scenarios"

usage() {
    cat <<'EOF'
usage: bench/run.sh [--full | --quick | --smoke] [options]
  --full              every measurement at full size (default; about 30 min per server and transport)
  --quick             short steps, low rates, small populations (about 8 min per server)
  --smoke             Tandem only: 100 registrations and 20 calls; exit 1 on any failure (< 60 s)
  --only SERVER       tandem or kamailio (default: both, one after the other)
  --transport T       udp (default) or tcp, for every SIPp instance
  --phases LIST       which groups to run, comma-separated: throughput,memory,soak (default: all)
  --jfr               record a JFR profile of Tandem during the throughput ramps, summarize it
  --label TEXT        appended to the results file name (e.g. the JVM options tried)
  --jar FILE          the Tandem jar (default: launcher/target/tandem.jar, built if missing)
  --report DIR        only write the report again, from the work directory DIR of an earlier run
                      (give the same mode and --transport as that run)
  --features LIST     the features of both servers (without it: Tandem as shipped, Kamailio's plain proxy). on (door
                      filters, accounting, call flows), off (none), all (door,security,topoh,accounting,nats,limits,
                      flows,hep,metrics,provisioning), or a comma list of: security (Tandem's door as shipped, loopback
                      trusted), door (the door counting the load generator: Kamailio pike, htable bans, scanner and
                      brute-force checks), topoh (topology hiding), accounting (dialogs and CDRs: Tandem H2, Kamailio
                      dialog + acc to SQLite), nats (CDRs also to a JetStream stream of a nats-server the run starts),
                      limits (call limits on the callee and its domain), flows (Tandem's call flows), hep (HEP v3 over
                      UDP to a sink the run starts), hep-tcp (Tandem only, over TCP), metrics (/metrics scraped every
                      BENCH_SCRAPE_SECS), provisioning (Tandem's resources imported into H2 with tandem import), media
                      (every call through an rtpengine the run starts, in userspace; its CPU is not the proxy's).
                      Kamailio gets the matching defines of bench/kamailio/kamailio.cfg (see bench/README.md)
  --keep              keep the work directory (logs, SIPp statistics) even after a smoke PASS
  --split             Tandem as four processes on loopback (location, connect, dispatcher, edgeport; gRPC between
                      them, bench/split.sh) instead of tandem run; CPU and memory are the sums over the four
environment:
  TANDEM_JAVA_OPTS    JVM options for Tandem (default, as ./tandem:
                      -XX:+UseCompactObjectHeaders -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:MaxTenuringThreshold=0 -Xms1g -Xmx1g)
  BENCH_PORT_BASE     proxy port; SIPp and HTTP use base+10..base+40 (default 15060; smoke 25060)
  BENCH_CALL_STEPS, BENCH_REG_STEPS, BENCH_STEP_SECS
                      the ramps' rates and each step's length, instead of the mode's (experiments)
  BENCH_WARM_RATE, BENCH_WARM_SECS
                      the warm-up (calls, then registrations, before anything is measured) instead of the mode's
  BENCH_SCRAPE_SECS   how often /metrics is scraped with --features metrics (default 5)
  BENCH_LINGER_MS     how long both servers keep a UDP transaction after its final response (default
                      5000: Kamailio's wt_timer default; Tandem's spec.timers.linger); 0: the RFC's 32 s
EOF
}

MODE=full ONLY=both TRANSPORT=udp JFR=no LABEL="" KEEP=no JAR="" PHASES=throughput,memory,soak REPORT_DIR="" FEATURES=default SPLIT=no
while [ $# -gt 0 ]; do
    case "$1" in
        --full) MODE=full ;;
        --quick) MODE=quick ;;
        --smoke) MODE=smoke ;;
        --only) ONLY="${2:?--only needs tandem or kamailio}"; shift ;;
        --only=*) ONLY="${1#*=}" ;;
        --transport) TRANSPORT="${2:?--transport needs udp or tcp}"; shift ;;
        --transport=*) TRANSPORT="${1#*=}" ;;
        --jfr) JFR=yes ;;
        --report) REPORT_DIR="${2:?--report needs the work directory of an earlier run}"; shift ;;
        --phases) PHASES="${2:?--phases needs a list such as throughput,soak}"; shift ;;
        --label) LABEL="${2:?--label needs a text}"; shift ;;
        --label=*) LABEL="${1#*=}" ;;
        --jar) JAR="${2:?--jar needs a file}"; shift ;;
        --jar=*) JAR="${1#*=}" ;;
        --keep) KEEP=yes ;;
        --split) SPLIT=yes ;;
        --features) FEATURES="${2:?--features needs on, off or a list}"; shift ;;
        --features=*) FEATURES="${1#*=}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
# Without --features, Kamailio runs its plain configuration and Tandem its shipped features; with
# --features, both servers get the features named (Kamailio through the defines of kamailio.cfg).
KAM_FEATURES=yes
case "$FEATURES" in default) FEATURES=on KAM_FEATURES=no ;; esac
FEATURES_ASKED="$FEATURES"
FEATURES="${FEATURES//all/door,security,topoh,accounting,nats,limits,flows,hep,metrics,provisioning}"
case "$FEATURES" in on) FEATURES=security,accounting,flows ;; off) FEATURES="" ;; esac
for f in ${FEATURES//,/ }; do
    case "$f" in security|door|topoh|accounting|nats|limits|flows|hep|hep-tcp|media|metrics|provisioning) ;;
        *) echo "run.sh: --features: unknown feature '$f' (security, door, topoh, accounting, nats, limits, flows, hep, hep-tcp, media, metrics, provisioning, all, on, off)" >&2; exit 2 ;; esac
done
feature() { case ",$FEATURES," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
# what a feature needs: the door's detectors and topology hiding are the security module's, the NATS outlet is accounting's
feature door && ! feature security && FEATURES="$FEATURES,security"
feature topoh && ! feature security && FEATURES="$FEATURES,security"
feature nats && ! feature accounting && FEATURES="$FEATURES,accounting"
# Kamailio's defines for the features it can do too (bench/kamailio/kamailio.cfg; bench/README.md
# says why flows, provisioning, hep-tcp and 'security' with a trusted load generator have none)
KAM_DEFINES=()
if [ "$KAM_FEATURES" = yes ]; then
    feature door && KAM_DEFINES+=(WITH_SECURITY)
    feature topoh && KAM_DEFINES+=(WITH_TOPOH)
    feature accounting && KAM_DEFINES+=(WITH_ACC)
    feature nats && KAM_DEFINES+=(WITH_NATS)
    feature limits && KAM_DEFINES+=(WITH_LIMITS)
    feature metrics && KAM_DEFINES+=(WITH_PROM)
    feature hep && KAM_DEFINES+=(WITH_HEP)
    feature media && KAM_DEFINES+=(WITH_MEDIA)
fi
kam_define() { [[ " ${KAM_DEFINES[*]} " == *" $1 "* ]]; }
KAM_ARGS=()
TANDEM_RUN_EXTRA=""
feature flows || TANDEM_RUN_EXTRA="--flow-calls 0"
case "$ONLY" in both|tandem|kamailio) ;; *) echo "run.sh: --only must be tandem or kamailio" >&2; exit 2 ;; esac
case "$TRANSPORT" in udp) SIPP_T=u1 ;; tcp) SIPP_T=t1 ;; *) echo "run.sh: --transport must be udp or tcp" >&2; exit 2 ;; esac
if [ "$MODE" = smoke ]; then
    [ "$ONLY" = kamailio ] && { echo "run.sh: --smoke runs Tandem only" >&2; exit 2; }
    ONLY=tandem
fi
SERVERS=()
[ "$ONLY" != kamailio ] && SERVERS+=(tandem)
[ "$ONLY" != tandem ] && SERVERS+=(kamailio)

# ---------------------------------------------------------------- sizes of each mode
DOMAIN=bench.local
case "$MODE" in
    full)
        WARM_RATE=200 WARM_SECS=30
        LAT_RATE=200 LAT_SECS=30
        STEP_SECS=30
        CALL_STEPS="500 1000 1500 2000 2500 3000 3500 4000 5000 6000 7000 8000 10000"
        REG_STEPS="250 500 750 1000 1500 2000 2500 3000 4000 5000 6000 8000"
        REG_USERS=20000
        MEM_USERS=100000 MEM_REG_RATE=500
        MEM_CALLS=10000 MEM_HOLD=30
        SOAK_USERS=10000 SOAK_RATE=83 SOAK_HOLD=30 SOAK_SECS=600 SOAK_WINDOW=60
        ;;
    quick)
        WARM_RATE=500 WARM_SECS=30
        LAT_RATE=100 LAT_SECS=10
        STEP_SECS=8
        CALL_STEPS="100 300 600 1000 1500 2000 3000"
        REG_STEPS="100 300 600 1000 1500 2000 3000"
        REG_USERS=5000
        MEM_USERS=5000 MEM_REG_RATE=250
        MEM_CALLS=1000 MEM_HOLD=10
        SOAK_USERS=2000 SOAK_RATE=20 SOAK_HOLD=10 SOAK_SECS=60 SOAK_WINDOW=10
        ;;
    smoke)
        REG_USERS=100 MEM_USERS=0
        SMOKE_REGS=100 SMOKE_REG_RATE=50 SMOKE_CALLS=20 SMOKE_CALL_RATE=10
        ;;
esac
# Overrides for a targeted experiment (e.g. BENCH_CALL_STEPS="6000 7000 8000"); the report names the steps.
CALL_STEPS="${BENCH_CALL_STEPS:-${CALL_STEPS:-}}" REG_STEPS="${BENCH_REG_STEPS:-${REG_STEPS:-}}"
STEP_SECS="${BENCH_STEP_SECS:-${STEP_SECS:-}}"
WARM_RATE="${BENCH_WARM_RATE:-${WARM_RATE:-}}" WARM_SECS="${BENCH_WARM_SECS:-${WARM_SECS:-}}"
TOTAL_USERS=$((REG_USERS + MEM_USERS))

if [ "$MODE" = smoke ]; then PORT_BASE="${BENCH_PORT_BASE:-25060}"; else PORT_BASE="${BENCH_PORT_BASE:-15060}"; fi
PROXY_PORT=$PORT_BASE UAS_PORT=$((PORT_BASE + 10)) UAC_PORT=$((PORT_BASE + 20)) REG_PORT=$((PORT_BASE + 30))
# How long a UDP transaction with its final response is kept to absorb retransmissions, in both
# servers: Kamailio's tm wt_timer (its default, 5 s) and Tandem's spec.timers.linger (its default,
# 0, keeps the RFC's 64·T1 = 32 s). BENCH_LINGER_MS=0 measures Tandem with the RFC's timers.
LINGER_MS="${BENCH_LINGER_MS:-5000}"
KAMAILIO_WAIT_MS=$((LINGER_MS > 0 ? LINGER_MS : 32000))
HTTP_PORT=$((PORT_BASE + 40)) HEP_PORT=$((PORT_BASE + 50)) NATS_PORT=$((PORT_BASE + 70)) PG_PORT=$((PORT_BASE + 80))
# a call limit on the callee Agent and on its Domain (Kamailio: dialog profiles), above any load of the bench
MAX_CALLS=100000
# how often /metrics is scraped while a server runs (--features metrics)
SCRAPE_SECS="${BENCH_SCRAPE_SECS:-5}"
PG_DIR="" PG_BIN="" # Kamailio's CDR database (--features accounting): a private PostgreSQL, started below
# HEP goes to a bound socket that never reads: the kernel drops what overflows its buffer, so the
# collector costs nothing and Tandem's sending is what is measured.
if feature hep; then TANDEM_RUN_EXTRA="$TANDEM_RUN_EXTRA --hep 127.0.0.1:$HEP_PORT"; fi
if feature hep-tcp; then TANDEM_RUN_EXTRA="$TANDEM_RUN_EXTRA --hep tcp:127.0.0.1:$HEP_PORT"; fi
HZ="$(getconf CLK_TCK)"
# SIPp times responses with CLOCK_MONOTONIC_COARSE: its resolution is the kernel tick
TICK_MS="$(python3 -c 'import time; print("%g" % (time.clock_getres(6) * 1000))' 2>/dev/null || echo "one kernel tick,")"
TANDEM_DEFAULT_OPTS="-XX:+UseCompactObjectHeaders -XX:+UseG1GC -XX:MaxGCPauseMillis=50 -XX:MaxTenuringThreshold=0 -Xms1g -Xmx1g"
JOPTS="${TANDEM_JAVA_OPTS:-$TANDEM_DEFAULT_OPTS}"
# shellcheck source=bench/split.sh
source "$BENCH/split.sh"

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- programs
# apt-get only for what is missing and needed (Debian packages sip-tester and kamailio).
ensure_pkg() { # command package
    command -v "$1" >/dev/null 2>&1 && return 0
    say "$1 not found: installing Debian package $2"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >&2 \
        || die "cannot install $2: install it (apt-get install $2) and run again"
    command -v "$1" >/dev/null 2>&1 || die "$2 installed but $1 is still not on PATH"
}
ensure_kam_module() { # module package: a Kamailio module packaged apart from kamailio
    ls /usr/lib/*/kamailio/modules/"$1".so >/dev/null 2>&1 && return 0
    say "Kamailio module $1 not found: installing Debian package $2"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2 || die "cannot install $2: install it (apt-get install $2) and run again"
}
ensure_pkg sipp sip-tester
feature nats && ensure_pkg nats-server nats-server
if [[ " ${SERVERS[*]} " == *" kamailio "* ]]; then
    ensure_pkg kamailio kamailio
    if kam_define WITH_ACC; then
        ensure_kam_module db_postgres kamailio-postgres-modules
        ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ensure_pkg psql postgresql
        ensure_pkg psql postgresql-client
        PG_BIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | tail -1)")"
    fi
    kam_define WITH_NATS && ensure_kam_module nats kamailio-nats-modules
    KAM_VERSION="$(kamailio -v 2>/dev/null | head -1 || true)"
    [[ "$KAM_VERSION" == *"kamailio 5.6"* ]] || say "warning: Kamailio is not 5.6: $KAM_VERSION"
fi
if [[ " ${SERVERS[*]} " == *" tandem "* ]]; then
    JAVA_HOME="$("$ROOT/bin/jdk25")" || die "JDK 25 not found"
    if [ -z "$JAR" ]; then
        JAR="$ROOT/launcher/target/tandem.jar"
        if [ ! -f "$JAR" ]; then
            say "building Tandem (launcher/target/tandem.jar is missing)"
            "$ROOT/tandem" --version >/dev/null || die "build failed"
        fi
    fi
    [ -f "$JAR" ] || die "no Tandem jar at $JAR"
fi

# ---------------------------------------------------------------- work directory, clean-up
if [ -n "$REPORT_DIR" ]; then
    [ -d "$REPORT_DIR" ] || die "--report: no directory $REPORT_DIR"
    WORK="$(cd "$REPORT_DIR" && pwd)" KEEP=yes JAR=""
    TANDEM_VERSION="$("$JAVA_HOME/bin/java" -jar "$WORK/tandem.jar" --version 2>/dev/null | head -1 || true)"
else
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/tandem-bench.XXXXXX")"
fi
SRV_PID="" SRV_NAME="" UAS_PID="" BG_SIPP="" HEP_SINK="" RTPENGINE_PID="" NATS_PID="" SCRAPER_PID="" HEP_DROPS_AT_START=0
cleanup() {
    local rc=$?
    [ -n "$NATS_PID" ] && kill "$NATS_PID" 2>/dev/null || true
    [ -n "$PG_DIR" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" stop -m fast >/dev/null 2>&1 || true
    stop_scraper 2>/dev/null || true
    [ -n "$HEP_SINK" ] && kill "$HEP_SINK" 2>/dev/null || true
    [ -n "$RTPENGINE_PID" ] && kill "$RTPENGINE_PID" 2>/dev/null || true
    [ -n "$BG_SIPP" ] && kill "$BG_SIPP" 2>/dev/null || true
    stop_uas 2>/dev/null || true
    stop_server 2>/dev/null || true
    if [ "$MODE" = smoke ] && [ "$rc" -eq 0 ] && [ "$KEEP" = no ]; then rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if feature hep; then
    python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1]))); time.sleep(1e9)' "$HEP_PORT" &
    HEP_SINK=$!
fi
RTPENGINE_NG=$((PORT_BASE + 60))
if feature media; then # userspace (no kernel module); ports for 10,000 calls at once
    ensure_pkg rtpengine rtpengine-daemon
    rtpengine --config-file=none --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:$RTPENGINE_NG --port-min=20000 --port-max=59999 \
        --foreground --log-stderr --log-level=3 --delete-delay=0 --num-threads=2 --pidfile="$WORK/rtpengine.pid" \
        >"$WORK/rtpengine.log" 2>&1 &
    RTPENGINE_PID=$!
    sleep 1
    kill -0 "$RTPENGINE_PID" 2>/dev/null || die "rtpengine did not start (see $WORK/rtpengine.log)"
fi
if feature hep-tcp && [ "$ONLY" != kamailio ]; then # a TCP collector must read, or the stream stops: this one discards
    python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4)
while True:
    c, _ = s.accept()
    while c.recv(1 << 20):
        pass' "$HEP_PORT" &
    HEP_SINK=$!
fi
if feature nats; then # a private JetStream for the CDR streams, its store in the work directory
    nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$WORK/nats" >"$WORK/nats.log" 2>&1 &
    NATS_PID=$!
    for i in $(seq 1 50); do python3 "$BENCH/jetstream.py" "$NATS_PORT" count NONE >/dev/null 2>&1 && break; sleep 0.2; done
    kill -0 "$NATS_PID" 2>/dev/null || die "nats-server did not start (see $WORK/nats.log)"
    # Kamailio's nats module publishes (core NATS, no acknowledgement): a stream captures its subject
    kam_define WITH_NATS && { python3 "$BENCH/jetstream.py" "$NATS_PORT" create KAMAILIO_CDRS kamailio.cdrs || die "cannot create the JetStream stream KAMAILIO_CDRS"; }
fi
# A private copy of the jar, so that a rebuild during the run is harmless; a jar caught half
# written by a build running now (no manifest yet) is copied again once the build is done
if [ -n "$JAR" ]; then
    for i in $(seq 1 30); do
        cp "$JAR" "$WORK/tandem.jar"
        TANDEM_VERSION="$("$JAVA_HOME/bin/java" -jar "$WORK/tandem.jar" --version 2>/dev/null | head -1)" && break
        [ "$i" -eq 1 ] && say "$JAR is not usable yet (a build running?): waiting up to 60 s"
        sleep 2
    done
    [ -n "${TANDEM_VERSION:-}" ] || die "$JAR does not run (java -jar $JAR --version fails)"
fi

# ---------------------------------------------------------------- provisioning (both servers)
user_name() { printf 'u%06d' "$1"; }
# SIPp injection file: users FROM..TO, "user;password"
gen_users_csv() { # file from to
    awk -v a="$2" -v b="$3" 'BEGIN { print "SEQUENTIAL"; for (i = a; i <= b; i++) printf "u%06d;pw%06d\n", i, i }' >"$1"
}
# Tandem: Routr v2 resources. Agents and Credentials in files of 5,000 (one YAML file must stay
# under 3 MB: Tandem's YAML reader refuses bigger documents).
gen_tandem_config() { # dir
    local d="$1" res="$1/resources" t0 limits=""
    # provisioning from the database: the resources are generated apart and imported into H2
    feature provisioning && res="$WORK/tandem-resources"
    feature limits && limits=", limits: {maxCalls: $MAX_CALLS}"
    mkdir -p "$d" "$res"
    cat >"$d/edgeport.yaml" <<EOF
kind: EdgePort
apiVersion: v2beta1
ref: edgeport-bench
metadata:
  region: default
spec:
  bindAddr: 127.0.0.1
  localnets: [127.0.0.0/8]
  methods: [REGISTER, INVITE, ACK, BYE, CANCEL, OPTIONS]
  unknownMethodAction: Respond
  transport:
    - protocol: udp
      port: $PROXY_PORT
    - protocol: tcp
      port: $PROXY_PORT
  timers: {linger: $LINGER_MS}
EOF
    feature security || printf '  security: {enabled: false}\n' >>"$d/edgeport.yaml"
    if feature door; then # the load generator not trusted (the default trusts loopback): every detector counts it
        cat >>"$d/edgeport.yaml" <<EOF
  security:
    trusted: [192.0.2.1/32]
    flood: {windowSeconds: 1, maxRequests: 1000000}
    bruteForce: {windowSeconds: 60, maxFailures: 1000000, maxFailuresPerUser: 1000000}
EOF
    elif feature security && feature topoh; then
        printf '  security:\n' >>"$d/edgeport.yaml"
    fi
    if feature topoh; then printf '    topologyHiding: {enabled: true}\n' >>"$d/edgeport.yaml"; fi
    feature accounting || printf 'kind: Accounting\nspec: {enabled: false}\n' >"$d/accounting.yaml"
    if feature nats; then
        printf 'kind: Accounting\nspec:\n  nats: {url: "nats://127.0.0.1:%s", stream: TANDEM_CDRS, subject: tandem.cdrs}\n' "$NATS_PORT" >"$d/accounting.yaml"
    fi
    if feature media; then
        printf 'kind: Media\napiVersion: v2beta1\nref: media-bench\nspec:\n  rtpengines:\n    - addr: "127.0.0.1:%s"\n  policy: always\n' \
            "$RTPENGINE_NG" >"$d/media.yaml"
    fi
    cat >"$res/domains.yaml" <<EOF
# the bench domain, and the caller: a Peer admitted by address (no digest), like Kamailio's
# src_ip check for INVITEs
- apiVersion: v2beta1
  kind: Domain
  ref: domain-bench
  metadata: {name: bench}
  spec:
    context: {domainUri: $DOMAIN}
$(feature limits && echo "    limits: {maxCalls: $MAX_CALLS}" || true)
- apiVersion: v2beta1
  kind: AccessControlList
  ref: acl-loopback
  metadata: {name: loopback}
  spec:
    accessControlList: {allow: [127.0.0.1/32]}
- apiVersion: v2beta1
  kind: Peer
  ref: peer-caller
  metadata: {name: caller}
  spec: {username: caller, aor: "sip:caller@127.0.0.1", accessControlListRef: acl-loopback, enabled: true}
EOF
    awk -v n="$TOTAL_USERS" -v dir="$res" -v limits="$limits" 'BEGIN {
        for (i = 0; i <= n; i++) {
            if (i == 0) { u = "callee"; p = "calleepw" } else { u = sprintf("u%06d", i); p = sprintf("pw%06d", i) }
            k = int(i / 5000); a = sprintf("%s/agents-%03d.yaml", dir, k); c = sprintf("%s/credentials-%03d.yaml", dir, k)
            printf "- apiVersion: v2beta1\n  kind: Agent\n  ref: agent-%s\n  metadata: {name: %s}\n  spec: {username: \"%s\", domainRef: domain-bench, credentialsRef: cred-%s, privacy: None, enabled: true%s}\n", u, u, u, u, (i == 0 ? limits : "") > a
            printf "- apiVersion: v2beta1\n  kind: Credentials\n  ref: cred-%s\n  metadata: {name: %s}\n  spec: {credentials: {username: \"%s\", password: \"%s\"}}\n", u, u, u, p > c
        } }'
    if feature provisioning; then
        printf 'kind: Provisioning\nspec: {provider: database}\n' >"$d/provisioning.yaml"
        t0="$(now_ms)"
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$WORK/tandem.jar" import "$res" --config "$d" >"$WORK/tandem-import.log" 2>&1 \
            || { tail -5 "$WORK/tandem-import.log" >&2; die "tandem import failed (see $WORK/tandem-import.log)"; }
        IMPORT_SECS="$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN { printf "%.1f", ms / 1000 }')"
        say "tandem import: $((TOTAL_USERS * 2 + 4)) resources into the provisioning database in $IMPORT_SECS s"
    fi
}
# Kamailio: db_text table "users" (htable format: key_name, key_type, value_type, key_value, expires)
gen_kamailio_db() { # dir
    local d="$1"
    mkdir -p "$d"
    printf 'table_name(str) table_version(int)\nusers:1\n' >"$d/version"
    awk -v n="$TOTAL_USERS" 'BEGIN {
        print "id(int,auto) key_name(str) key_type(int) value_type(int) key_value(str) expires(int)"
        print "1:callee:0:0:calleepw:0"
        for (i = 1; i <= n; i++) printf "%d:u%06d:0:0:pw%06d:0\n", i + 1, i, i
    }' >"$d/users"
}

# Kamailio's CDR database: a PostgreSQL of its own (port base+70, data in the work directory), with
# acc's table acc_cdrs (Kamailio's own schema) plus the Call-ID (cdr_extra), indexed as Tandem's cdrs
# table is (key and start time). synchronous_commit off: a commit does not wait for its WAL flush,
# as H2 (Tandem's) writes its commits to the file from a background thread. Its processes are
# counted as Kamailio's (proxy_pids), as H2's work is inside Tandem's JVM. PostgreSQL refuses to
# run as root: then it runs as the user postgres.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_kamailio_db() { # dir
    PG_DIR="$1"
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" -eq 0 ]; then chmod 755 "$WORK"; chown postgres "$PG_DIR"; fi
    as_pg "$PG_BIN/initdb" -D "$PG_DIR" -A trust -U kamailio --no-sync >"$WORK/pg-initdb.log" 2>&1 || die "initdb failed (see $WORK/pg-initdb.log)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR" -w -l "$PG_DIR/server.log" -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c synchronous_commit=off" \
        start >/dev/null || die "PostgreSQL did not start (see $PG_DIR/server.log)"
    psql -q -h 127.0.0.1 -p "$PG_PORT" -U kamailio -d postgres -c 'CREATE DATABASE kamailio' >/dev/null || die "cannot create Kamailio's CDR database"
    psql -q -h 127.0.0.1 -p "$PG_PORT" -U kamailio -d kamailio >/dev/null <<'SQL' || die "cannot create Kamailio's CDR table"
CREATE TABLE version (table_name VARCHAR(32) NOT NULL, table_version INTEGER DEFAULT 0 NOT NULL);
CREATE TABLE acc_cdrs (id SERIAL PRIMARY KEY NOT NULL,
    start_time TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:00' NOT NULL,
    end_time TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:00' NOT NULL,
    duration REAL DEFAULT 0 NOT NULL, callid VARCHAR(255) DEFAULT '' NOT NULL);
CREATE INDEX acc_cdrs_start_time_idx ON acc_cdrs (start_time);
INSERT INTO version VALUES ('acc_cdrs', 2);
SQL
}

# ---------------------------------------------------------------- CDRs (--features accounting, nats)
# how many CDRs the running server has written to its database: Tandem's cdrs table (tandem cdrs,
# which reads the H2 file while Tandem runs), Kamailio's acc_cdrs; "" when that server keeps none
cdrs_in_db() {
    if [ "$SRV_NAME" = tandem ]; then
        feature accounting || return 0
        "$JAVA_HOME/bin/java" -Xmx512m -jar "$WORK/tandem.jar" cdrs --config "$WORK/tandem-config" --data "$WORK/tandem-config" \
            --limit 100000000 --json 2>>"$WORK/tandem-cdrs.log" | grep -c '^{' || true
    else
        kam_define WITH_ACC || return 0
        psql -At -h 127.0.0.1 -p "$PG_PORT" -U kamailio -d kamailio -c 'SELECT count(*) FROM acc_cdrs' 2>>"$WORK/kamailio-cdrs.log" || echo 0
    fi
}
cdrs_in_nats() { # the messages of the server's JetStream stream, "" without one
    if [ "$SRV_NAME" = tandem ]; then feature nats || return 0; else kam_define WITH_NATS || return 0; fi
    python3 "$BENCH/jetstream.py" "$NATS_PORT" count "$([ "$SRV_NAME" = tandem ] && echo TANDEM_CDRS || echo KAMAILIO_CDRS)" || echo 0
}

# ---------------------------------------------------------------- process measurements
proxy_pids() { # the proxy and, for Kamailio, every process below its main one
    [ -n "$SRV_PID" ] || return 0
    if [ "$SRV_NAME" = kamailio ]; then
        # with its CDR database (PostgreSQL: the postmaster and its children), as H2 is in Tandem's JVM
        local db=""
        [ -n "$PG_DIR" ] && db="$(head -1 "$PG_DIR/postmaster.pid" 2>/dev/null)"
        ps -e -o pid=,ppid= | awk -v root="$SRV_PID" -v db="${db:-none}" '
            { parent[$1] = $2; pids[NR] = $1 }
            END { for (i in pids) { p = pids[i]; q = p; while (q != "" && q != root && q != db && q != 1 && q != 0) q = parent[q]; if (q == root || q == db) print p } }'
    elif [ "$SPLIT" = yes ]; then
        split_pids
    else
        echo "$SRV_PID"
    fi
}
cpu_ticks() { # utime + stime of the proxy, all processes, in clock ticks
    local t=0 p v
    for p in $(proxy_pids); do
        v="$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')" || v=0
        t=$((t + ${v:-0}))
    done
    echo "$t"
}
mem_kb() { # "PSS RSS" of the proxy in kB, summed over its processes (PSS counts shared pages once)
    local pss=0 rss=0 p a b
    for p in $(proxy_pids); do
        a="$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null)" || a=0
        b="$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null)" || b=0
        pss=$((pss + ${a:-0})); rss=$((rss + ${b:-0}))
    done
    echo "$pss $rss"
}
java_heap_used_kb() { # live Java heap after a full GC (Tandem only), kB
    [ "$SRV_NAME" = tandem ] || { echo ""; return; }
    "$JAVA_HOME/bin/jcmd" "$SRV_PID" GC.run >/dev/null 2>&1 || true
    "$JAVA_HOME/bin/jcmd" "$SRV_PID" GC.heap_info 2>/dev/null | awk '
        match($0, /used [0-9]+[KMG]/) { s = substr($0, RSTART + 5, RLENGTH - 5); u = substr(s, length(s)); v = substr(s, 1, length(s) - 1);
            if (u == "M") v *= 1024; if (u == "G") v *= 1048576; print v; exit }'
}
now_ms() { date +%s%3N; }
# datagrams the kernel dropped because a socket's receive buffer was full, summed over the UDP
# sockets bound to a port (Tandem binds one per I/O thread): shows who could not keep up
udp_drops() { # port
    awk -v p="$(printf '%04X' "$1")" 'NR > 1 { split($2, a, ":"); if (a[2] == p) d += $NF } END { print d + 0 }' /proc/net/udp 2>/dev/null || echo 0
}
# why SIPp failed calls: its error log, reasons and unexpected answers counted
sipp_why() { # dir
    grep -oE "Aborting call on [a-zA-Z ]+|Call timeout|timed out after|received 'SIP/2.0 [0-9]{3}" "$1/err.log" 2>/dev/null \
        | sed -E "s/received 'SIP\/2.0 /got /; s/Aborting call on //" | sort | uniq -c | sort -rn | head -4 \
        | awk '{ n = $1; $1 = ""; printf "%s%d×%s", (NR > 1 ? ", " : ""), n, $0 }' || true
}
sleep_until() { # epoch ms
    local d=$(( $1 - $(now_ms) ))
    [ "$d" -gt 0 ] && sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
    return 0
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---------------------------------------------------------------- results store
res() { printf '%s=%s\n' "$2" "$3" >>"$WORK/$1.res"; }          # server key value
get() { [ -f "$WORK/$1.res" ] || return 0; awk -F= -v k="$2" '$1 == k { v = substr($0, length(k) + 2) } END { print v }' "$WORK/$1.res"; }
step_line() { printf '%s\n' "$*" >>"$WORK/$SRV_NAME.steps"; }

# ---------------------------------------------------------------- servers
port_busy() { ss -Hlnu "sport = :$1" 2>/dev/null | grep -q . || ss -Hlnt "sport = :$1" 2>/dev/null | grep -q .; }
check_ports() { # a process that is just ending may still hold a port: wait up to 15 s
    local p i
    for p in "$PROXY_PORT" "$UAS_PORT" "$UAC_PORT" "$REG_PORT" "$HTTP_PORT"; do
        for i in $(seq 1 30); do port_busy "$p" || break; sleep 0.5; done
        port_busy "$p" && die "port $p is in use on this machine: set BENCH_PORT_BASE to another base"
    done
    return 0
}
http_ready() { # GET /readyz with bash alone (no curl needed)
    (
        exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT" || exit 1
        printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
        IFS= read -r -t 3 line <&3 || exit 1
        [[ "$line" == *" 200"* ]]
    ) 2>/dev/null
}
start_server() { # name instance
    local name="$1" inst="$2" d="$WORK/$1/$2" deadline
    mkdir -p "$d"
    check_ports
    SRV_NAME="$name"
    if [ "$name" = kamailio ]; then
        mkdir -p "$d/run"
        kamailio -f "$BENCH/kamailio/kamailio.cfg" -DD -E -x tlsf -m 2048 -P "$d/run/kamailio.pid" -Y "$d/run" -w "$d/run" \
            -A "BENCH_PORT=$PROXY_PORT" -A "BENCH_DB=\"text://$WORK/kamailio-db\"" -A "BENCH_DOMAIN=\"$DOMAIN\"" -A "BENCH_WAIT_MS=$KAMAILIO_WAIT_MS" \
            "${KAM_ARGS[@]}" >"$d/server.log" 2>&1 &
        SRV_PID=$!
        deadline=$(( $(now_ms) + 60000 ))
        until port_busy "$PROXY_PORT"; do
            kill -0 "$SRV_PID" 2>/dev/null || { tail -20 "$d/server.log" >&2; die "Kamailio exited at start"; }
            [ "$(now_ms)" -lt "$deadline" ] || die "Kamailio not listening after 60 s"
            sleep 0.2
        done
        sleep 1 # the workers finish their initialisation
        kill -0 "$SRV_PID" 2>/dev/null || { tail -20 "$d/server.log" >&2; die "Kamailio exited at start"; }
    elif [ "$SPLIT" = yes ]; then
        split_start "$d"
    else
        # shellcheck disable=SC2086 # JOPTS is a list of options
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $JOPTS -jar "$WORK/tandem.jar" run \
            --config "$WORK/tandem-config" --http "127.0.0.1:$HTTP_PORT" --digest MD5 --grace 1000 $TANDEM_RUN_EXTRA \
            >"$d/server.log" 2>&1 &
        SRV_PID=$!
        deadline=$(( $(now_ms) + 300000 ))
        until http_ready; do
            kill -0 "$SRV_PID" 2>/dev/null || { tail -20 "$d/server.log" >&2; die "Tandem exited at start"; }
            [ "$(now_ms)" -lt "$deadline" ] || die "Tandem not ready after 300 s"
            sleep 0.3
        done
    fi
    say "$name ($inst) up, pid $SRV_PID, $(proxy_pids | wc -l) process(es); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    if feature metrics && { [ "$name" = tandem ] || kam_define WITH_PROM; }; then start_scraper "$d/metrics.log"; fi
    HEP_DROPS_AT_START="$(udp_drops "$HEP_PORT")"
}
# GET /metrics every SCRAPE_SECS while the server runs, as a Prometheus would: one line per scrape
# (time, HTTP status line, bytes, samples); the proxy's CPU for answering it is in every figure
scrape_metrics() { # file
    : >"$1.last"
    (
        exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT" || exit 1
        printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
        # the body by its Content-Length: Kamailio's xhttp keeps the connection open after it
        local line len=""
        {
            IFS= read -r -t 5 line <&3 && printf '%s\n' "$line"
            while IFS= read -r -t 5 line <&3; do
                line="${line%$'\r'}"; [ -z "$line" ] && break
                case "${line,,}" in content-length:*) len="${line#*:}"; len="${len// /}" ;; esac
                printf '%s\n' "$line"
            done
            echo
            if [ -n "$len" ]; then head -c "$len" <&3; else timeout 5 cat <&3; fi
        } >"$1.last"
    ) 2>/dev/null || true
    printf '%s %s %s %s\n' "$(date +%H:%M:%S)" "$(head -1 "$1.last" 2>/dev/null | tr -d '\r' | awk '{ print $2 }')" \
        "$(wc -c <"$1.last" 2>/dev/null || echo 0)" "$(awk 'body && /^[a-zA-Z_]/ { n++ } /^\r?$/ { body = 1 } END { print n + 0 }' "$1.last" 2>/dev/null)" >>"$1"
}
start_scraper() { # file
    ( while sleep "$SCRAPE_SECS"; do scrape_metrics "$1"; done ) &
    SCRAPER_PID=$!
}
stop_scraper() {
    [ -n "$SCRAPER_PID" ] || return 0
    kill "$SCRAPER_PID" 2>/dev/null || true
    wait "$SCRAPER_PID" 2>/dev/null || true
    SCRAPER_PID=""
}
stop_server() {
    [ -n "$SRV_PID" ] || return 0
    local i
    stop_scraper
    if [ "$SPLIT" = yes ] && [ "$SRV_NAME" = tandem ]; then split_stop; SRV_PID=""; return 0; fi
    # HEP: the sink never reads, so what reached it is what the kernel dropped once its buffer was full
    if feature hep; then res "$SRV_NAME" hep_drops $(( $(get "$SRV_NAME" hep_drops | grep . || echo 0) + $(udp_drops "$HEP_PORT") - HEP_DROPS_AT_START )); fi
    kill -TERM "$SRV_PID" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SRV_PID" 2>/dev/null || true
    wait "$SRV_PID" 2>/dev/null || true
    SRV_PID=""
    # Kamailio's children leave with their parent; wait until the port is free again
    for i in $(seq 1 100); do port_busy "$PROXY_PORT" || break; sleep 0.1; done
}

# ---------------------------------------------------------------- SIPp
SIPP_COMMON=(-i 127.0.0.1 -t "$SIPP_T" -nostdin -key domain "$DOMAIN"
    -watchdog_minor_maxtriggers 1000000 -watchdog_major_maxtriggers 1000000 -max_log_size 2000000)
[ -n "${BENCH_SIPP_BUFF:-}" ] && SIPP_COMMON+=(-buff_size "$BENCH_SIPP_BUFF")

start_uas() { # the callee: registers, then answers every call (out-of-call scenario)
    local d="$WORK/$SRV_NAME/$1/uas" i
    mkdir -p "$d"
    (cd "$d" && exec sipp "127.0.0.1:$PROXY_PORT" "${SIPP_COMMON[@]}" -p "$UAS_PORT" \
        -sf "$SCEN/uas-register.xml" -oocsf "$SCEN/uas-answer.xml" -m 1 \
        -s callee -au callee -ap calleepw -key expires 3600 -recv_timeout 180000 -f 10 >"$d/screen.log" 2>&1) &
    UAS_PID=$!
    # registered once the first REGISTER cycle succeeded: probe with one call
    for i in $(seq 1 40); do
        sleep 0.5
        kill -0 "$UAS_PID" 2>/dev/null || die "the UAS (SIPp) exited: see $d/screen.log"
        if run_sipp "$1/uas-probe-$i" call 1 1 0 >/dev/null 2>&1 && [ "$(get_last_ok)" = 1 ]; then return 0; fi
    done
    die "the callee never became reachable through $SRV_NAME (see $WORK/$SRV_NAME/$1)"
}
stop_uas() {
    [ -n "$UAS_PID" ] || return 0
    kill -TERM "$UAS_PID" 2>/dev/null || true
    wait "$UAS_PID" 2>/dev/null || true
    UAS_PID=""
}

LAST_OK=0
get_last_ok() { echo "$LAST_OK"; }
# run_sipp NAME KIND RATE COUNT HOLD_MS [USERS_CSV] [bg]: one SIPp run, statistics in its directory.
# In the foreground it returns when SIPp ends; with "bg" it sets BG_SIPP.
run_sipp() {
    local name="$1" kind="$2" rate="$3" count="$4" hold="$5" csv="${6:-}" bg="${7:-}"
    local d="$WORK/$SRV_NAME/$name" limit tmo args rc=0 freq
    mkdir -p "$d"
    limit=$(( rate * (hold / 1000 + 12) + 1000 ))
    # SIPp writes response times in batches of -rtt_freq and drops the last partial batch at exit:
    # one batch for small runs, batches of 1000 (the last < 1000 calls unsampled) for big ones
    freq=$(( count <= 5000 ? count : 1000 ))
    tmo=$(( count / rate + hold / 1000 + 60 ))
    args=("127.0.0.1:$PROXY_PORT" "${SIPP_COMMON[@]}" -r "$rate" -rp 1000 -m "$count" -l "$limit"
        -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq "$freq" -trace_err -error_file err.log
        -timeout "${tmo}s" -timeout_error)
    if [ "$kind" = call ]; then
        args+=(-sf "$SCEN/uac.xml" -p "$UAC_PORT" -s callee -key caller caller -d "$hold")
    else
        args+=(-sf "$SCEN/register.xml" -p "$REG_PORT" -inf "$csv" -key expires 3600)
    fi
    if [ "$bg" = bg ]; then
        (cd "$d" && exec sipp "${args[@]}" >/dev/null 2>"$d/stderr.log") &
        BG_SIPP=$!
        return 0
    fi
    (cd "$d" && exec sipp "${args[@]}" >/dev/null 2>"$d/stderr.log") || rc=$?
    echo "$rc" >"$d/rc"
    LAST_OK="$(sipp_counts "$d" | awk '{ print $2 }')"
    return 0
}
wait_bg_sipp() { # dir
    local rc=0
    wait "$BG_SIPP" || rc=$?
    echo "$rc" >"$1/rc"
    BG_SIPP=""
}
# "created successful failed retransmissions current" from the last complete statistics row
sipp_counts() { # dir
    awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; n = NF; next }
        NF >= n { last = $0 }
        END { split(last, f, ";"); printf "%d %d %d %d %d\n", f[h["OutgoingCall(C)"]], f[h["SuccessfulCall(C)"]],
              f[h["FailedCall(C)"]], f[h["Retransmissions(C)"]], f[h["CurrentCall"]] }' "$1/stat.csv" 2>/dev/null || echo "0 0 0 0 0"
}
# "achieved_rate p50_ms p99_ms mean_ms samples" from the response-time file (one line per call
# reaching the rtd): when each call started = logged time - response time; rate over the first..last
# start. SIPp's clock is CLOCK_MONOTONIC_COARSE (one kernel tick, 4 ms here): percentiles are
# multiples of it, the mean is not biased by it (start and end fall at random within a tick).
sipp_rtt() { # dir
    cat "$1"/*_rtt.csv 2>/dev/null | awk -F';' '$1 ~ /^[0-9]/ { print $1 - $2, $2 }' | sort -g -k2 | awk '
        { r[NR] = $2; sum += $2; if (NR == 1 || $1 < lo) lo = $1; if (NR == 1 || $1 > hi) hi = $1 }
        END { if (NR == 0) { print "0 - - - 0"; exit }
              p50 = r[int(NR * 0.50 + 0.999999)]; p99 = r[int(NR * 0.99 + 0.999999)]
              rate = (hi > lo) ? (NR - 1) * 1000 / (hi - lo) : 0
              printf "%.1f %.0f %.0f %.2f %d\n", rate, p50, p99, sum / NR, NR }' || true
}

# step NAME KIND RATE SECS HOLD_MS [CSV] -> sets STEP_OK, STEP_CPU1K, STEP_ACH, STEP_P50, STEP_P99, STEP_FAILED
step() {
    local name="$1" kind="$2" rate="$3" secs="$4" hold="$5" csv="${6:-}"
    local count=$(( rate * secs )) c0 c1 t0 t1 created ok failed retr cur ach p50 p99 mean n dp0 dp1 du0 du1 why=""
    c0="$(cpu_ticks)"; t0="$(now_ms)"; dp0="$(udp_drops "$PROXY_PORT")"; du0="$(udp_drops "$UAS_PORT")"
    run_sipp "$name" "$kind" "$rate" "$count" "$hold" "$csv"
    c1="$(cpu_ticks)"; t1="$(now_ms)"; dp1="$(udp_drops "$PROXY_PORT")"; du1="$(udp_drops "$UAS_PORT")"
    read -r created ok failed retr cur < <(sipp_counts "$WORK/$SRV_NAME/$name")
    read -r ach p50 p99 mean n < <(sipp_rtt "$WORK/$SRV_NAME/$name")
    STEP_FAILED=$(( count - ok ))
    STEP_ACH="$ach" STEP_P50="$p50" STEP_P99="$p99" STEP_MEAN="$mean"
    STEP_CPU1K="$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v n="$ok" 'BEGIN { printf "%.0f", (n > 0 ? t * 1000 / hz * 1000 / n : 0) }')"
    STEP_OK=no
    if [ "$STEP_FAILED" -eq 0 ] && awk -v a="$ach" -v r="$rate" 'BEGIN { exit !(a >= 0.95 * r) }'; then STEP_OK=yes; fi
    [ "$STEP_FAILED" -gt 0 ] && why="$(sipp_why "$WORK/$SRV_NAME/$name")"
    step_line "| $name | $rate | $count | $ok | $STEP_FAILED | $retr | $((dp1 - dp0)) / $((du1 - du0)) | $ach | $mean | $p50 | $p99 | $STEP_CPU1K | $(( (t1 - t0) / 1000 )) s | $STEP_OK | $why |"
    say "  $SRV_NAME $name: $rate/s x ${secs}s: $ok/$count ok, $STEP_FAILED failed${why:+ ($why)}, $retr retransmissions, UDP drops proxy $((dp1 - dp0)) callee $((du1 - du0)), achieved $ach/s, mean $mean p50 $p50 p99 $p99 ms, CPU $STEP_CPU1K ms/1000 -> $STEP_OK"
}

# ---------------------------------------------------------------- phases
warm_up() { # instance
    step "$1/warm-calls" call "$WARM_RATE" "$WARM_SECS" 0 >/dev/null
    step "$1/warm-regs" reg "$WARM_RATE" "$WARM_SECS" 0 "$WORK/users-reg.csv" >/dev/null
}

phase_throughput() {
    local inst=1-throughput best cpu r
    start_server "$SRV_NAME" "$inst"
    start_uas "$inst"
    warm_up "$inst"
    if [ "$SRV_NAME" = tandem ] && [ "$JFR" = yes ]; then
        # CPU-time sampling (JDK 25, JEP 509): a sample per millisecond of CPU a thread uses, in Java
        # code or in the kernel on its behalf (sends, receives), not per wall-clock tick
        "$JAVA_HOME/bin/jfr" configure --input profile +jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=1ms \
            --output "$WORK/cpu.jfc" >/dev/null 2>&1 || cp "$JAVA_HOME/lib/jfr/profile.jfc" "$WORK/cpu.jfc"
        "$JAVA_HOME/bin/jcmd" "$SRV_PID" JFR.start name=bench settings="$WORK/cpu.jfc" >/dev/null 2>&1 || say "warning: JFR.start failed"
    fi
    step "$inst/latency-$LAT_RATE" call "$LAT_RATE" "$LAT_SECS" 0
    res "$SRV_NAME" lat_mean "$STEP_MEAN"
    res "$SRV_NAME" lat_p50 "$STEP_P50"
    res "$SRV_NAME" lat_p99 "$STEP_P99"
    res "$SRV_NAME" lat_cpu "$STEP_CPU1K"
    res "$SRV_NAME" lat_failed "$STEP_FAILED"
    best=0 cpu=""
    for r in $CALL_STEPS; do
        step "$inst/calls-$r" call "$r" "$STEP_SECS" 0
        res "$SRV_NAME" "call_cpu_at_$r" "$STEP_CPU1K$([ "$STEP_OK" = yes ] || echo ' (not sustained)')"
        [ "$STEP_OK" = yes ] || break
        best=$r cpu=$STEP_CPU1K
    done
    res "$SRV_NAME" call_max "$best"
    res "$SRV_NAME" call_max_all "$([ "$STEP_OK" = yes ] && echo yes || echo no)"
    res "$SRV_NAME" call_cpu "$cpu"
    sleep 5 # let a failed step's leftovers (retransmissions, timers) end
    best=0 cpu=""
    for r in $REG_STEPS; do
        step "$inst/regs-$r" reg "$r" "$STEP_SECS" 0 "$WORK/users-reg.csv"
        [ "$STEP_OK" = yes ] || break
        best=$r cpu=$STEP_CPU1K
    done
    res "$SRV_NAME" reg_max "$best"
    res "$SRV_NAME" reg_max_all "$([ "$STEP_OK" = yes ] && echo yes || echo no)"
    res "$SRV_NAME" reg_cpu "$cpu"
    if [ "$SRV_NAME" = tandem ] && [ "$JFR" = yes ]; then
        "$JAVA_HOME/bin/jcmd" "$SRV_PID" JFR.stop name=bench filename="$WORK/tandem/throughput.jfr" >/dev/null 2>&1 \
            && jfr_summary "$WORK/tandem/throughput.jfr" >"$WORK/tandem/jfr-summary.txt" || say "warning: no JFR recording"
    fi
    stop_uas
    stop_server
    log_problems "$inst"
}

phase_memory() {
    local inst=2-memory m0 m1 m2 m3 h0 h1 h2 p0 p1 p2 p3 rate count cur half d
    start_server "$SRV_NAME" "$inst"
    start_uas "$inst"
    warm_up "$inst"
    # measured once the warm-up's transactions are gone (Tandem keeps a UDP non-INVITE server
    # transaction 32 s, RFC 3261 Timer J; Kamailio 5 s)
    sleep 35
    read -r p0 m0 < <(mem_kb); h0="$(java_heap_used_kb)"
    res "$SRV_NAME" mem_idle "$(mb "$p0")"
    res "$SRV_NAME" rss_idle "$(mb "$m0")"
    # contacts: MEM_USERS users never registered before (u[REG_USERS+1]...), at a rate both
    # servers keep up with, in two halves, each measured 35 s after its last REGISTER. The first
    # half also takes memory to the high-water mark of the registration work itself (transactions,
    # buffers: an allocator keeps what it has touched), so the second half shows the contacts alone.
    half=$(( MEM_USERS / 2 ))
    step "$inst/contacts-1-$half" reg "$MEM_REG_RATE" $(( half / MEM_REG_RATE )) 0 "$WORK/users-mem.csv"
    local failed_a=$STEP_FAILED
    sleep 35
    read -r p1 m1 < <(mem_kb); h1="$(java_heap_used_kb)"
    step "$inst/contacts-2-$half" reg "$MEM_REG_RATE" $(( half / MEM_REG_RATE )) 0 "$WORK/users-mem2.csv"
    res "$SRV_NAME" mem_contacts_failed $(( failed_a + STEP_FAILED ))
    sleep 35
    read -r p2 m2 < <(mem_kb); h2="$(java_heap_used_kb)"
    per() { awk -v a="$1" -v b="$2" -v n="$3" -v per="$4" 'BEGIN { v = (n > 0 ? (b - a) / 1024 * per / n : 0); if (v > -0.05 && v < 0.05) v = 0; printf "%.1f", v }'; }
    res "$SRV_NAME" mem_contacts "$(per "$p0" "$p2" "$MEM_USERS" 100000)"
    res "$SRV_NAME" mem_contacts_2nd "$(per "$p1" "$p2" "$half" 100000)"
    res "$SRV_NAME" rss_contacts "$(per "$m0" "$m2" "$MEM_USERS" 100000)"
    res "$SRV_NAME" rss_contacts_2nd "$(per "$m1" "$m2" "$half" 100000)"
    [ -n "$h0" ] && [ -n "$h2" ] && res "$SRV_NAME" heap_contacts "$(per "$h0" "$h2" "$MEM_USERS" 100000)"
    # concurrent calls: MEM_CALLS calls started over MEM_HOLD s, each held 10 s longer, so that
    # all of them are up together for a while; measured in that plateau
    rate=$(( (MEM_CALLS + MEM_HOLD - 1) / MEM_HOLD )); count=$(( rate * MEM_HOLD ))
    d="$WORK/$SRV_NAME/$inst/calls-$count"
    local t0
    t0="$(now_ms)"
    run_sipp "$inst/calls-$count" call "$rate" "$count" $(( (MEM_HOLD + 10) * 1000 )) "" bg
    sleep_until $(( t0 + MEM_HOLD * 1000 + 4000 ))
    read -r p3 m3 < <(mem_kb)
    cur="$(sipp_counts "$d" | awk '{ print $5 }')"
    wait_bg_sipp "$d"
    local ok
    read -r _ ok _ _ _ < <(sipp_counts "$d")
    res "$SRV_NAME" mem_calls_failed $(( count - ok ))
    res "$SRV_NAME" mem_calls_concurrent "$cur"
    res "$SRV_NAME" mem_calls "$(per "$p2" "$p3" "$cur" 10000)"
    res "$SRV_NAME" rss_calls "$(per "$m2" "$m3" "$cur" 10000)"
    say "  $SRV_NAME memory (PSS): idle $(mb "$p0") MB; +$half contacts $(mb "$p1") MB; +$half more $(mb "$p2") MB; $cur concurrent calls $(mb "$p3") MB"
    stop_uas
    stop_server
    log_problems "$inst"
}

phase_soak() {
    local inst=3-soak count d t0 c0 c1 c2 c3 ta tb p_start p_end cur ok h_start="" h_end=""
    start_server "$SRV_NAME" "$inst"
    start_uas "$inst"
    warm_up "$inst"
    step "$inst/register-$SOAK_USERS" reg 250 $(( SOAK_USERS / 250 )) 0 "$WORK/users-reg.csv"
    res "$SRV_NAME" soak_reg_failed "$STEP_FAILED"
    count=$(( SOAK_RATE * SOAK_SECS ))
    d="$WORK/$SRV_NAME/$inst/calls"
    # the CDRs so far (warm-up, probes): those of the soak are counted from here
    local db0 db1 nats0 nats1
    db0="$(cdrs_in_db)"; nats0="$(cdrs_in_nats)"
    t0="$(now_ms)"
    run_sipp "$inst/calls" call "$SOAK_RATE" "$count" $(( SOAK_HOLD * 1000 )) "" bg
    # start: the first full window once all calls are up; end: the last window of new calls
    sleep_until $(( t0 + SOAK_HOLD * 1000 )); c0="$(cpu_ticks)"; ta="$(now_ms)"
    sleep_until $(( t0 + (SOAK_HOLD + SOAK_WINDOW) * 1000 )); c1="$(cpu_ticks)"; tb="$(now_ms)"
    read -r p_start _ < <(mem_kb)
    # a JVM's resident memory follows the heap it has touched, not what it holds: the live heap
    # after a full GC (Tandem only; taken after the CPU window, so not counted in it) shows a leak
    if [ "$SRV_NAME" = tandem ]; then h_start="$(java_heap_used_kb)"; fi
    res "$SRV_NAME" soak_cpu_start "$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v ms=$((tb - ta)) 'BEGIN { printf "%.0f", t / hz / (ms / 1000) * 100 }')"
    cur="$(sipp_counts "$d" | awk '{ print $5 }')"
    sleep_until $(( t0 + (SOAK_SECS - 1 - SOAK_WINDOW) * 1000 )); c2="$(cpu_ticks)"; ta="$(now_ms)"
    sleep_until $(( t0 + (SOAK_SECS - 1) * 1000 )); c3="$(cpu_ticks)"; tb="$(now_ms)"
    read -r p_end _ < <(mem_kb)
    if [ "$SRV_NAME" = tandem ]; then h_end="$(java_heap_used_kb)"; fi
    res "$SRV_NAME" soak_cpu_end "$(awk -v t=$((c3 - c2)) -v hz="$HZ" -v ms=$((tb - ta)) 'BEGIN { printf "%.0f", t / hz / (ms / 1000) * 100 }')"
    wait_bg_sipp "$d"
    read -r _ ok _ _ _ < <(sipp_counts "$d")
    res "$SRV_NAME" soak_failed $(( count - ok ))
    # one CDR per call attempted, in the database and on the stream: lost = attempted - written
    # (the writers are given 10 s after the last call; negative would be duplicates)
    if [ -n "$db0$nats0" ]; then
        sleep 10
        db1="$(cdrs_in_db)"; nats1="$(cdrs_in_nats)"
        [ -n "$db0" ] && res "$SRV_NAME" soak_cdrs_db_lost $(( count - (db1 - db0) ))
        [ -n "$nats0" ] && res "$SRV_NAME" soak_cdrs_nats_lost $(( count - (nats1 - nats0) ))
        say "  $SRV_NAME soak CDRs: database ${db0:--} -> ${db1:--}, NATS ${nats0:--} -> ${nats1:--}, $count calls attempted"
    fi
    res "$SRV_NAME" soak_calls "$count"
    res "$SRV_NAME" soak_concurrent "$cur"
    res "$SRV_NAME" soak_mem_start "$(mb "$p_start")"
    res "$SRV_NAME" soak_mem_end "$(mb "$p_end")"
    [ -n "$h_start" ] && res "$SRV_NAME" soak_heap_start "$(mb "$h_start")"
    [ -n "$h_end" ] && res "$SRV_NAME" soak_heap_end "$(mb "$h_end")"
    say "  $SRV_NAME soak: $ok/$count calls ok, ~$cur concurrent, memory $(mb "$p_start") -> $(mb "$p_end") MB"
    stop_uas
    stop_server
    log_problems "$inst"
}

# errors and warnings in the proxy's log, most frequent first (timestamps, thread names, numbers
# and Call-IDs folded so that repeats group together)
log_problems() { # instance
    local f="$WORK/$SRV_NAME/$1/server.log" out="$WORK/$SRV_NAME.problems"
    [ -f "$f" ] || return 0
    {
        echo "### $SRV_NAME, $1: $(grep -cE ' (ERROR|WARN) |ERROR:|WARNING:|Exception' "$f" || true) error/warning lines"
        grep -E ' (ERROR|WARN) |ERROR:|WARNING:|Exception|^\s+at ' "$f" \
            | sed -E 's/^[0-9:.]+ +//; s/\[[^]]*\] //; s/^ *[0-9]+\([0-9]+\) //; s/[0-9a-f]{8,}/#/g; s/[0-9]+/N/g' \
            | sort | uniq -c | sort -rn | head -15 | sed 's/^/    /' || true
    } >>"$out"
}

jfr_summary() { # file
    local f="$1"
    local ev=jdk.CPUTimeSample
    "$JAVA_HOME/bin/jfr" summary "$f" 2>/dev/null | grep -q "jdk.CPUTimeSample  *[1-9]" || ev=jdk.ExecutionSample
    "$JAVA_HOME/bin/jfr" print --events "$ev" --stack-depth 64 "$f" | awk -v ev="$ev" '
        /stackTrace = \[/ { inst = 1; depth = 0; tandem = ""; delete onStack; next }
        inst && /^[[:space:]]*\]/ { inst = 0; if (tandem != "") firstTandem[tandem]++; for (f in onStack) incl[f]++; next }
        inst {
            fr = $0; sub(/^[[:space:]]+/, "", fr); sub(/[[:space:]]+line:.*/, "", fr)
            if (fr == "...") next
            depth++
            if (depth == 1) { top[fr]++; total++; split(fr, parts, "."); pkg = parts[1] "." parts[2] "." parts[3]; topPkg[pkg]++ }
            if (tandem == "" && fr ~ /^io\.tandem\./) tandem = fr
            if (fr ~ /^io\.tandem\./) onStack[fr] = 1
        }
        END {
            printf "%d samples (%s)\n\nTop frames (self time):\n", total, ev
            n = 0; for (k in top) keys[++n] = k
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (top[keys[j]] > top[keys[i]]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
            for (i = 1; i <= n && i <= 25; i++) printf "  %5.1f%%  %s\n", top[keys[i]] * 100 / total, keys[i]
            printf "\nBy package of the top frame:\n"
            n = 0; delete keys; for (k in topPkg) keys[++n] = k
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (topPkg[keys[j]] > topPkg[keys[i]]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
            for (i = 1; i <= n && i <= 15; i++) printf "  %5.1f%%  %s\n", topPkg[keys[i]] * 100 / total, keys[i]
            printf "\nInnermost Tandem frame on the stack (where Tandem code is, or calls what is, on CPU):\n"
            n = 0; delete keys; for (k in firstTandem) keys[++n] = k
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (firstTandem[keys[j]] > firstTandem[keys[i]]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
            for (i = 1; i <= n && i <= 25; i++) printf "  %5.1f%%  %s\n", firstTandem[keys[i]] * 100 / total, keys[i]
            printf "\nTandem methods by inclusive samples (on the stack, callees included):\n"
            n = 0; delete keys; for (k in incl) keys[++n] = k
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (incl[keys[j]] > incl[keys[i]]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
            for (i = 1; i <= n && i <= 40; i++) printf "  %5.1f%%  %s\n", incl[keys[i]] * 100 / total, keys[i]
        }'
}

# ---------------------------------------------------------------- smoke
run_smoke() {
    local t_start verdict="PASS" why=""
    t_start="$(date +%s)"
    start_server tandem smoke
    start_uas smoke
    step smoke/register reg "$SMOKE_REG_RATE" $(( SMOKE_REGS / SMOKE_REG_RATE )) 0 "$WORK/users-reg.csv"
    [ "$STEP_FAILED" -eq 0 ] || { verdict=FAIL; why="$STEP_FAILED of $SMOKE_REGS registrations failed"; }
    step smoke/calls call "$SMOKE_CALL_RATE" $(( SMOKE_CALLS / SMOKE_CALL_RATE )) 0
    [ "$STEP_FAILED" -eq 0 ] || { verdict=FAIL; why="${why:+$why; }$STEP_FAILED of $SMOKE_CALLS calls failed"; }
    stop_uas
    stop_server
    log_problems smoke
    if grep -qE 'Exception| ERROR ' "$WORK/tandem/smoke/server.log"; then
        say "Tandem logged errors during the smoke run:"
        grep -E 'Exception| ERROR ' "$WORK/tandem/smoke/server.log" | head -5 >&2
    fi
    if [ "$verdict" = PASS ]; then
        echo "BENCH SMOKE: PASS ($SMOKE_REGS registrations with digest and $SMOKE_CALLS calls through Tandem over $TRANSPORT, none failed, $(( $(date +%s) - t_start )) s)"
        return 0
    fi
    KEEP=yes
    echo "BENCH SMOKE: FAIL ($why; logs and SIPp statistics in $WORK)"
    return 1
}

# ---------------------------------------------------------------- report
ratio() { # tandem kamailio
    awk -v t="$1" -v k="$2" 'BEGIN { if (t ~ /^[0-9.]+$/ && k ~ /^[0-9.]+$/ && k + 0 > 0) printf "%.2f", t / k; else printf "-" }'
}
cell() { local v; v="$(get "$1" "$2")"; echo "${v:--}"; }
report() {
    local out="$1" s t k
    {
        echo "# Tandem vs Kamailio — $MODE run, $TRANSPORT, $(date '+%Y-%m-%d %H:%M %Z')"
        echo
        echo "Machine: $(nproc) CPU ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)."
        echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes every figure noisier)."
        echo "SIPp $(sipp -v 2>&1 | grep -o 'v3[^ ]*' | head -1), transport $TRANSPORT (SIPp -t $SIPP_T)."
        [[ " ${SERVERS[*]} " == *" kamailio "* ]] && echo "Kamailio: ${KAM_VERSION#version: }, -x tlsf -m 2048, children=4 (bench/kamailio/kamailio.cfg)."
        [[ " ${SERVERS[*]} " == *" tandem "* ]] && echo "Tandem: $TANDEM_VERSION, JVM options: \`$JOPTS\`."
        [ "$MODE" != smoke ] && echo "Warm-up of each server before it is measured: $WARM_RATE calls/s for $WARM_SECS s, then $WARM_RATE registrations/s for $WARM_SECS s."
        [[ " ${SERVERS[*]} " == *" tandem "* ]] && echo "Tandem features on: ${FEATURES:-none} (bench/run.sh --features ${FEATURES_ASKED}; the Dispatcher is always in the path)."
        [[ " ${SERVERS[*]} " == *" tandem "* ]] && [ "$SPLIT" = yes ] && echo "Tandem split into four processes (bench/run.sh --split: location, connect, dispatcher, edgeport over gRPC on loopback); CPU and memory are their sums."
        [[ " ${SERVERS[*]} " == *" kamailio "* ]] && echo "Kamailio defines: ${KAM_DEFINES[*]:-none (the plain proxy)}."
        [ -n "${IMPORT_SECS:-}" ] && echo "Provisioning from the database: $((TOTAL_USERS * 2 + 4)) resources imported into H2 with tandem import in $IMPORT_SECS s before the first start."
        if feature hep; then
            echo "HEP packets that reached the sink (dropped by its full socket buffer; it never reads): Tandem $(cell tandem hep_drops), Kamailio $(cell kamailio hep_drops)."
        fi
        if feature metrics; then
            for s in "${SERVERS[@]}"; do
                echo "/metrics of $s scraped every $SCRAPE_SECS s: $(cat "$WORK/$s"/*/metrics.log 2>/dev/null | wc -l) scrapes, $(cat "$WORK/$s"/*/metrics.log 2>/dev/null | awk '$2 != "200"' | wc -l) not answered 200, the last $(tail -1 "$(ls "$WORK/$s"/*/metrics.log 2>/dev/null | tail -1)" 2>/dev/null | awk '{ print $3 " bytes, " $4 " samples" }')."
            done
        fi
        echo "A UDP transaction with its final response is kept $KAMAILIO_WAIT_MS ms to absorb retransmissions (Kamailio: tm wt_timer; Tandem: spec.timers.linger$([ "$LINGER_MS" = 0 ] && echo ' = 0, the RFC 3261 timers D, J, L, M'); BENCH_LINGER_MS)."
        echo
        echo "Ratio = Tandem ÷ Kamailio: above 1 is better for rates, below 1 is better for CPU, memory and latency."
        echo
        echo "| measurement | Tandem | Kamailio | Tandem/Kamailio |"
        echo "|---|---:|---:|---:|"
        row() { # label key; a ramp every step of which passed shows "≥" (the server may do more)
            local tm="" km="" r
            t="$(cell tandem "$2")"; k="$(cell kamailio "$2")"
            [ "$(get tandem "${2}_all")" = yes ] && tm="≥ "
            [ "$(get kamailio "${2}_all")" = yes ] && km="≥ "
            r="$(ratio "$t" "$k")"
            if [ "$r" != - ] && [ -n "$tm$km" ]; then
                if [ -n "$tm" ] && [ -z "$km" ]; then r="≥ $r"; elif [ -z "$tm" ]; then r="≤ $r"; else r="? ($r)"; fi
            fi
            echo "| $1 | $tm$t | $km$k | $r |"
        }
        row "Calls/s sustained ${STEP_SECS} s (0 failed, ≥95% of target; steps: ${CALL_STEPS// /, })" call_max
        row "CPU ms per 1,000 calls at that rate" call_cpu
        row "INVITE→200 mean at $LAT_RATE calls/s, ms" lat_mean
        row "INVITE→200 median at $LAT_RATE calls/s, ms (multiples of SIPp's $TICK_MS ms clock tick)" lat_p50
        row "INVITE→200 99th percentile at $LAT_RATE calls/s, ms" lat_p99
        row "CPU ms per 1,000 calls at $LAT_RATE calls/s" lat_cpu
        for r in $CALL_STEPS; do
            [ -n "$(get tandem "call_cpu_at_$r")$(get kamailio "call_cpu_at_$r")" ] && row "CPU ms per 1,000 calls, ramp step $r calls/s" "call_cpu_at_$r"
        done
        row "REGISTER/s sustained with MD5 digest, $REG_USERS users (steps: ${REG_STEPS// /, })" reg_max
        row "CPU ms per 1,000 registrations at that rate" reg_cpu
        row "Memory after start and warm-up, MB PSS" mem_idle
        row "Memory per 100,000 contacts, MB PSS (all $MEM_USERS registered, before/after)" mem_contacts
        row "Memory per 100,000 contacts, MB PSS (second half only: without the registration work's high-water mark)" mem_contacts_2nd
        row "Memory per 10,000 concurrent calls, MB PSS (measured with ~$MEM_CALLS)" mem_calls
        row "Soak: failed calls ($SOAK_RATE calls/s, ${SOAK_HOLD} s hold, $SOAK_SECS s, $SOAK_USERS users registered)" soak_failed
        row "Soak: memory at start, MB PSS" soak_mem_start
        row "Soak: memory at end, MB PSS" soak_mem_end
        row "Soak: CPU at start, % of one core (${SOAK_WINDOW} s window)" soak_cpu_start
        row "Soak: CPU at end, % of one core" soak_cpu_end
        if [ -n "$(get tandem soak_cdrs_db_lost)$(get kamailio soak_cdrs_db_lost)" ]; then
            row "Soak: CDRs lost, database (calls attempted − CDRs written; Tandem: H2 table cdrs, Kamailio: acc_cdrs in PostgreSQL)" soak_cdrs_db_lost
        fi
        if [ -n "$(get tandem soak_cdrs_nats_lost)$(get kamailio soak_cdrs_nats_lost)" ]; then
            row "Soak: CDRs lost, NATS JetStream (calls attempted − stream messages)" soak_cdrs_nats_lost
        fi
        echo
        echo "Also measured (Tandem, one process, so RSS is meaningful): RSS per 100,000 contacts $(cell tandem rss_contacts) MB (second half $(cell tandem rss_contacts_2nd) MB), per 10,000 calls $(cell tandem rss_calls) MB;"
        echo "live Java heap after a full GC per 100,000 contacts $(cell tandem heap_contacts) MB; in the soak $(cell tandem soak_heap_start) MB at the start, $(cell tandem soak_heap_end) MB at the end. (Kamailio's RSS summed over its processes counts the shared memory once per process, hence PSS.)"
        echo "Concurrent calls when memory was sampled: Tandem $(cell tandem mem_calls_concurrent), Kamailio $(cell kamailio mem_calls_concurrent); in the soak: Tandem $(cell tandem soak_concurrent), Kamailio $(cell kamailio soak_concurrent)."
        echo "Failures outside the ramps (must be 0): latency step T $(cell tandem lat_failed) / K $(cell kamailio lat_failed); contacts T $(cell tandem mem_contacts_failed) / K $(cell kamailio mem_contacts_failed); memory calls T $(cell tandem mem_calls_failed) / K $(cell kamailio mem_calls_failed); soak registrations T $(cell tandem soak_reg_failed) / K $(cell kamailio soak_reg_failed)."
        echo "≥: every step of the ramp passed, the server may sustain more (extend the steps)."
        for s in "${SERVERS[@]}"; do
            echo
            echo "## Steps: $s"
            echo
            echo "| step | target/s | sent | ok | failed | retrans. | UDP drops proxy / callee | achieved/s | mean ms | p50 ms | p99 ms | CPU ms/1000 | wall | sustained | why calls failed (SIPp) |"
            echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
            grep -v '/warm-\|uas-probe' "$WORK/$s.steps" 2>/dev/null || true
        done
        for s in "${SERVERS[@]}"; do
            if [ -s "$WORK/$s.problems" ]; then
                echo
                echo "## Errors and warnings logged by $s (counted, most frequent first)"
                echo
                echo '```'
                cat "$WORK/$s.problems"
                echo '```'
            fi
        done
        if [ -s "$WORK/tandem/jfr-summary.txt" ]; then
            echo
            echo "## Where Tandem spends CPU (JFR CPU-time samples of its Java threads during the latency and ramp steps)"
            echo
            echo '```'
            cat "$WORK/tandem/jfr-summary.txt"
            echo '```'
        fi
        echo
        echo "Work directory (logs, SIPp statistics): $WORK"
    } >"$out"
}

# ---------------------------------------------------------------- main
if [ -n "$REPORT_DIR" ]; then # the servers whose results the directory holds
    SERVERS=()
    for s in tandem kamailio; do [ -f "$WORK/$s.res" ] && SERVERS+=("$s"); done
    [ ${#SERVERS[@]} -gt 0 ] || die "--report: no results in $WORK"
    [ ${#SERVERS[@]} -eq 1 ] && ONLY="${SERVERS[0]}"
    PHASES=""
fi
say "work directory $WORK; mode $MODE; transport $TRANSPORT; servers: ${SERVERS[*]}; ports $PROXY_PORT (proxy), $UAS_PORT/$UAC_PORT/$REG_PORT (SIPp)"
[ -n "$REPORT_DIR" ] || gen_users_csv "$WORK/users-reg.csv" 1 "$REG_USERS"
if [ "$MEM_USERS" -gt 0 ] && [ -z "$REPORT_DIR" ]; then
    gen_users_csv "$WORK/users-mem.csv" $((REG_USERS + 1)) $((REG_USERS + MEM_USERS / 2))
    gen_users_csv "$WORK/users-mem2.csv" $((REG_USERS + MEM_USERS / 2 + 1)) "$TOTAL_USERS"
fi
if [ -z "$REPORT_DIR" ]; then
    [[ " ${SERVERS[*]} " == *" tandem "* ]] && gen_tandem_config "$WORK/tandem-config"
    [[ " ${SERVERS[*]} " == *" tandem "* ]] && [ "$SPLIT" = yes ] && split_config "$WORK/tandem-config"
    if [[ " ${SERVERS[*]} " == *" kamailio "* ]]; then
        gen_kamailio_db "$WORK/kamailio-db"
        for def in "${KAM_DEFINES[@]}"; do KAM_ARGS+=(-A "$def"); done
        KAM_ARGS+=(-A "BENCH_HTTP_PORT=$HTTP_PORT" -A "BENCH_HEP_URI=\"sip:127.0.0.1:$HEP_PORT\"" -A "BENCH_NATS_URL=\"nats://127.0.0.1:$NATS_PORT\""
            -A "BENCH_RTPENGINE=\"udp:127.0.0.1:$RTPENGINE_NG\"" -A "BENCH_MAX_CALLS=$MAX_CALLS")
        if kam_define WITH_ACC; then
            start_kamailio_db "$WORK/kamailio-pg"
            KAM_ARGS+=(-A "BENCH_ACC_DB=\"postgres://kamailio@127.0.0.1:$PG_PORT/kamailio\"")
        fi
    fi
fi

if [ "$MODE" = smoke ]; then
    SRV_NAME=tandem
    run_smoke
    exit $?
fi

for SRV_NAME in "${SERVERS[@]}"; do
    say "=== $SRV_NAME"
    if [[ ",$PHASES," == *,throughput,* ]]; then phase_throughput; fi
    if [[ ",$PHASES," == *,memory,* ]]; then phase_memory; fi
    if [[ ",$PHASES," == *,soak,* ]]; then phase_soak; fi
done

mkdir -p "$BENCH/results"
OUT="$BENCH/results/$(date +%Y-%m-%d-%H%M)-$TRANSPORT$([ "$MODE" = quick ] && echo -quick || true)${LABEL:+-$LABEL}.md"
[ "$ONLY" != both ] && OUT="${OUT%.md}-$ONLY.md"
report "$OUT"
cat "$OUT"
echo
echo "written to ${OUT#"$ROOT"/}"
exit 0
}
