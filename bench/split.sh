# bench/run.sh --split: the Tandem side as the four processes of a split deployment on loopback,
# from the same configuration directory: tandem location, connect (on that Location), dispatcher
# (dispatcher.yaml sends every method to Connect over gRPC) and edgeport (SIP, the door, the proxy;
# every request to the Dispatcher over gRPC). Sourced by run.sh, which calls:
#   split_config DIR    after gen_tandem_config: writes DIR/dispatcher.yaml
#   split_start DIR     instead of `tandem run`: starts the four, sets SRV_PID to the EdgePort's
#   split_pids          the four pids (run.sh's proxy_pids: CPU per call and memory are their sums)
#   split_stop          stops them, logging each one's CPU seconds
# Links are plaintext gRPC on 127.0.0.1 (base+71..+74). The EdgePort gets run.sh's JVM options;
# the three services TANDEM_SPLIT_JAVA_OPTS (default: the same with a 256 MB initial and 512 MB
# maximum heap), so that the memory sum is not four 1 GB heaps.
# shellcheck shell=bash

SPLIT_LOCATION_PORT=$((PORT_BASE + 71)) SPLIT_CONNECT_PORT=$((PORT_BASE + 72))
SPLIT_DISPATCHER_PORT=$((PORT_BASE + 73)) SPLIT_DISPATCHER_HTTP=$((PORT_BASE + 74))
SPLIT_NAMES=(location connect dispatcher edgeport)
SPLIT_PIDS=()
SPLIT_JOPTS="${TANDEM_SPLIT_JAVA_OPTS:-$(echo "$JOPTS" | sed -E 's/-Xms[^ ]+/-Xms256m/; s/-Xmx[^ ]+/-Xmx512m/')}"

split_config() { # dir
    cat >"$1/dispatcher.yaml" <<EOF
kind: MessageDispatcher
apiVersion: v2beta1
ref: bench-split
spec:
  bindAddr: 127.0.0.1:$SPLIT_DISPATCHER_PORT
  processors:
    - ref: connect-processor
      addr: 127.0.0.1:$SPLIT_CONNECT_PORT
      methods: [REGISTER, INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE]
      matchFunc: "true"
EOF
}

split_pids() {
    printf '%s\n' "${SPLIT_PIDS[@]}"
}

# one service: java OPTS -jar tandem.jar ARGS, logging to DIR/NAME.log; waits for its "serving gRPC" line
split_service() { # dir name opts args...
    local d="$1" name="$2" opts="$3" pid deadline
    shift 3
    # shellcheck disable=SC2086 # opts is a list of options
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $opts -jar "$WORK/tandem.jar" "$@" >"$d/$name.log" 2>&1 &
    pid=$!
    SPLIT_PIDS+=("$pid")
    deadline=$(( $(now_ms) + 120000 ))
    until grep -q "serving gRPC" "$d/$name.log" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { tail -20 "$d/$name.log" >&2; die "tandem $name exited at start"; }
        [ "$(now_ms)" -lt "$deadline" ] || die "tandem $name not serving after 120 s (see $d/$name.log)"
        sleep 0.3
    done
}

split_start() { # dir (of this instance)
    local d="$1" p deadline
    feature media && die "--split: media anchoring needs the Dispatcher in the EdgePort's process (tandem edgeport refuses media.yaml)"
    for p in "$SPLIT_LOCATION_PORT" "$SPLIT_CONNECT_PORT" "$SPLIT_DISPATCHER_PORT" "$SPLIT_DISPATCHER_HTTP"; do
        port_busy "$p" && die "--split: port $p is in use: set BENCH_PORT_BASE to another base"
    done
    SPLIT_PIDS=()
    split_service "$d" location "$SPLIT_JOPTS" location --config "$WORK/tandem-config" \
        --listen "127.0.0.1:$SPLIT_LOCATION_PORT" --grace 1000
    split_service "$d" connect "$SPLIT_JOPTS" connect --config "$WORK/tandem-config" \
        --listen "127.0.0.1:$SPLIT_CONNECT_PORT" --location "127.0.0.1:$SPLIT_LOCATION_PORT" --digest MD5 --grace 1000
    split_service "$d" dispatcher "$SPLIT_JOPTS" dispatcher --config "$WORK/tandem-config" \
        --listen "127.0.0.1:$SPLIT_DISPATCHER_PORT" --http "127.0.0.1:$SPLIT_DISPATCHER_HTTP" --grace 1000
    # shellcheck disable=SC2086 # JOPTS and TANDEM_RUN_EXTRA are lists of options
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $JOPTS -jar "$WORK/tandem.jar" edgeport \
        --config "$WORK/tandem-config" --dispatcher "127.0.0.1:$SPLIT_DISPATCHER_PORT" --http "127.0.0.1:$HTTP_PORT" \
        --grace 1000 $TANDEM_RUN_EXTRA >"$d/server.log" 2>&1 &
    SRV_PID=$!
    SPLIT_PIDS+=("$SRV_PID")
    # the EdgePort's /readyz is green once the Dispatcher answers; the Dispatcher's once Connect does
    deadline=$(( $(now_ms) + 300000 ))
    until http_ready && (HTTP_PORT=$SPLIT_DISPATCHER_HTTP; http_ready); do
        kill -0 "$SRV_PID" 2>/dev/null || { tail -20 "$d/server.log" >&2; die "tandem edgeport exited at start"; }
        [ "$(now_ms)" -lt "$deadline" ] || die "the split deployment is not ready after 300 s (see $d)"
        sleep 0.3
    done
}

split_stop() {
    [ ${#SPLIT_PIDS[@]} -gt 0 ] || return 0
    local i p cpu="" v
    for i in "${!SPLIT_PIDS[@]}"; do
        p="${SPLIT_PIDS[$i]}"
        v="$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk -v hz="$HZ" '{ printf "%.1f", ($12 + $13) / hz }')" || v="?"
        cpu="$cpu${cpu:+, }${SPLIT_NAMES[$i]} ${v:-?} s"
    done
    say "split: CPU per process since its start: $cpu"
    for p in "${SPLIT_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${SPLIT_PIDS[@]}"; do
        for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    SPLIT_PIDS=()
}
