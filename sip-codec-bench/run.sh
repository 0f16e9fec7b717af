#!/usr/bin/env bash
# Builds the JMH jar and runs the codec benchmarks: Tandem against JAIN-SIP, same messages, same JVM.
#
# Usage: sip-codec-bench/run.sh [extra JMH arguments]
#   sip-codec-bench/run.sh                          # everything, default settings (about 7 minutes)
#   BENCH=CodecBenchmark.routing sip-codec-bench/run.sh -p message=ok   # a subset: benchmark regex, one message
#   BENCH=TandemBreakdown sip-codec-bench/run.sh    # Tandem only: framing and each routing accessor alone
#   sip-codec-bench/run.sh -prof jfr                # add a profiler (JFR files under the run directory)
#   JMH_OPTS="-f 1 -wi 1 -w 1s -i 1 -r 1s" sip-codec-bench/run.sh   # a quick smoke run
#   SKIP_BUILD=1 sip-codec-bench/run.sh             # reuse target/benchmarks.jar
#   NICE=-10 sip-codec-bench/run.sh                 # on a shared machine (as root): run JMH at a higher
#                                                   # CPU priority than the other jobs, for steadier numbers
#
# Results: JMH's summary in sip-codec-bench/target/jmh-result.txt, the Tandem/JAIN-SIP comparison
# as a markdown table in sip-codec-bench/target/jmh-table.md, the whole console output in
# sip-codec-bench/target/jmh-run.log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
JAVA_HOME="$("$here/../bin/jdk25")"
export JAVA_HOME

if [ -z "${SKIP_BUILD:-}" ]; then
  command -v mvn >/dev/null || { echo "Maven not found: install it (Debian: apt-get install maven)" >&2; exit 1; }
  (cd "$root" && mvn -B -ntp -q -pl sip-codec,sip-codec-bench -am package -DskipTests)
fi

jar="$here/target/benchmarks.jar"
[ -f "$jar" ] || { echo "$jar missing: build it first (run without SKIP_BUILD)" >&2; exit 1; }

# Two forks (the JIT does not always compile a parser the same way: one fork can be 20-40% off the
# other), each with 5 warm-up iterations of 2 s (JAIN-SIP has a lot of code for the JIT to compile:
# with much less, its first measured iterations still run partly interpreted) and 5 measured
# iterations of 1 s: 4 benchmarks x 3 messages x 2 forks x ~17 s, about 7 minutes.
read -r -a opts <<< "${JMH_OPTS:--f 2 -wi 5 -w 2s -i 5 -r 1s}"

prio=()
if [ -n "${NICE:-}" ]; then
  # With autogroup scheduling (the Linux default) nice only ranks processes of one session against
  # each other, so JMH gets a session of its own and that session's autogroup gets the nice value too.
  prio=(setsid -w bash -c 'echo "$0" 2>/dev/null > /proc/self/autogroup || true; exec nice -n "$0" "$@"' "$NICE")
fi

"$JAVA_HOME/bin/java" -version 2>&1 | head -1
set +e
# io.tandem.bench.Compare is JMH's runner plus the markdown comparison table at the end.
"${prio[@]}" "$JAVA_HOME/bin/java" -Dtandem.bench.table="$here/target/jmh-table.md" \
  -cp "$jar" io.tandem.bench.Compare "${opts[@]}" -prof gc -prof io.tandem.bench.CpuTimeProfiler \
  -rf text -rff "$here/target/jmh-result.txt" "$@" "${BENCH:-CodecBenchmark}" 2>&1 | tee "$here/target/jmh-run.log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 0 ]; then
  echo "results: $here/target/jmh-result.txt, $here/target/jmh-table.md (console output: $here/target/jmh-run.log)"
else
  echo "JMH failed (exit $status): see $here/target/jmh-run.log" >&2
fi
exit "$status"
