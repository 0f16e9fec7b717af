#!/usr/bin/env bash
# Runs every test of every module: unit, property, fuzz-corpus regression and integration tests.
# Usage: ./test.sh [extra Maven arguments, e.g. -pl sip-codec]
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME="$(bin/jdk25)"
export JAVA_HOME
# Maven 3.8 on JDK 25 warns about sun.misc.Unsafe; the access is allowed explicitly.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
command -v mvn >/dev/null || { echo "Maven not found: install it (Debian: apt-get install maven)" >&2; exit 1; }
bin/test-deps
# ConnectionFloodIT holds 10,000 idle connections: the test JVM and tandem each need more descriptors
# than a default soft limit of 1024 (the JVM raises its soft limit to the hard one; this raises the hard one as root).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec mvn -B -ntp verify "$@"
