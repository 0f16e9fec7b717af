#!/usr/bin/env bash
# CI smoke test of the benchmark harness (called from .ci/run after the tests): Tandem only,
# 100 registrations with digest and 20 calls over UDP through SIPp. Needs sipp and the built
# launcher/target/tandem.jar; finishes in well under 60 s. Prints one line
# "BENCH SMOKE: PASS (...)" or "BENCH SMOKE: FAIL (...)" and exits 0 or 1.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(timeout 58 "$here/run.sh" --smoke "$@")"
rc=$?
if [ -n "$out" ]; then echo "$out"; fi
if [ "$rc" -ne 0 ] && ! grep -q '^BENCH SMOKE: FAIL' <<<"$out"; then
    if [ "$rc" -eq 124 ]; then
        echo "BENCH SMOKE: FAIL (run.sh --smoke did not finish within 58 s)"
    else
        echo "BENCH SMOKE: FAIL (run.sh --smoke exited with status $rc before the verdict; see the messages above)"
    fi
fi
exit $(( rc == 0 ? 0 : 1 ))
