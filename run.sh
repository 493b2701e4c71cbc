#!/usr/bin/env bash
# Runs the whole system locally: 3 memcached nodes, Redis, 3 silos and 2 web front-ends on 127.0.0.1,
# waits until every part is healthy, prints a status table and the URL to open, and stops everything
# on Ctrl-C. `./run.sh quick` runs one memcached, one silo and one front-end. `./run.sh stop` stops a
# running cluster (from another terminal, or after a crash), `./run.sh status` shows it,
# `./run.sh --help` lists the options (counts, port offset). Logs: .run/logs/<component>.log.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (dotnet is not on PATH): https://learn.microsoft.com/dotnet/core/install/linux" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

tool=tools/Cluster/bin/Release/net10.0/Cluster.dll
command=${1:-up}

case "$command" in
  up|quick|-*)
    bash scripts/install-deps.sh
    # Build in Release once; later runs reuse the build unless a source or build file changed since.
    mkdir -p .run
    stamp=.run/build.stamp
    if [ ! -f "$tool" ] || [ ! -f "$stamp" ] || [ -n "$(find src tools Directory.Build.props Directory.Build.targets Directory.Packages.props global.json \
          \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit)" ]; then
      echo "Building (Release, log in .run/build.log)..."
      touch "$stamp.new"
      if ! dotnet build tools/Cluster/Cluster.csproj -c Release --nologo >.run/build.log 2>&1; then
        grep -E "error" .run/build.log | sort -u >&2 || true
        echo "The build failed; see .run/build.log" >&2
        exit 1
      fi
      mv "$stamp.new" "$stamp"
    fi
    ;;
  *)
    if [ ! -f "$tool" ]; then
      mkdir -p .run
      dotnet build tools/Cluster/Cluster.csproj -c Release --nologo >.run/build.log 2>&1 || { echo "The build failed; see .run/build.log" >&2; exit 1; }
    fi
    ;;
esac

exec dotnet "$tool" "$@"
