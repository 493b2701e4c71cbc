#!/usr/bin/env bash
# Runs the system locally. Until the silo and web front-end land, this starts one memcached on a
# free loopback port and runs the client quick-start against it (or against MEMCACHED_SERVERS,
# e.g. MEMCACHED_SERVERS=10.0.0.5:11211,10.0.0.6:11211).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh

if [ -z "${MEMCACHED_SERVERS:-}" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 21211)
  user_flag=(); [ "$(id -u)" -eq 0 ] && user_flag=(-u nobody)
  memcached "${user_flag[@]}" -l 127.0.0.1 -p "$port" -U 0 -m 64 &
  mc_pid=$!
  trap 'kill "$mc_pid" 2>/dev/null || true' EXIT
  MEMCACHED_SERVERS="127.0.0.1:$port"
  echo "Started memcached on 127.0.0.1:$port (pid $mc_pid)"
fi

export ConnectionStrings__memcached="$MEMCACHED_SERVERS"
dotnet run -c Release --project samples/QuickStart -- "$@"
