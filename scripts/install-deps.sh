#!/usr/bin/env bash
# Installs the Debian packages the project needs (servers for tests and for the local cluster),
# only those that are missing. As root it installs them; otherwise it uses sudo if available,
# or prints the exact command and fails.
set -euo pipefail

need=()
command -v memcached >/dev/null 2>&1 || need+=(memcached)
command -v memcslap >/dev/null 2>&1 || need+=(libmemcached-tools)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/bin/chromium ] || need+=(chromium)            # WebFront browser test (Playwright drives Debian's Chromium)
command -v wrk >/dev/null 2>&1 || need+=(wrk)           # bench/Web.Bench

# kubectl (kustomize) for tests/Deploy.Tests: not a plain Debian package, see the script.
bash "$(dirname "$0")/install-kubectl.sh"

[ ${#need[@]} -eq 0 ] && exit 0

cmd=(apt-get install -y --no-install-recommends "${need[@]}")
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing: ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  echo "Installing with sudo: ${need[*]}" >&2
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >/dev/null
else
  echo "Missing packages: ${need[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo ${cmd[*]}" >&2
  exit 1
fi
