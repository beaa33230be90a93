#!/usr/bin/env sh
# The FULL crash test: 200,000 events, each of the six pipeline processes killed (SIGKILL) three
# times while load flows. Extra arguments go to Maven, e.g. -Dcrash.seed=42, -Dcrash.events=500000,
# -Dcrash.disable=dedupe (negative control: must fail). See end-to-end/README.md.
set -eu
cd "$(dirname "$0")/.."
if [ "${CRASH_SKIP_INSTALL:-0}" != "1" ]; then
  ./mvnw -q -DskipTests install
fi
exec ./mvnw -pl end-to-end verify -Dit.test=CrashTestIT -Dcrash.events=200000 -Dcrash.kills=3 "$@"
