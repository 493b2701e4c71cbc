#!/usr/bin/env bash
# Runs every test (unit and against real memcached/redis processes that the tests start themselves).
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Ketama]
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Cluster.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for CI: the totals over every test assembly.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $i); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
