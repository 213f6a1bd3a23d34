#!/usr/bin/env bash
# The project's test command (README "Quick start" and .ci/run): installs what the tests need, runs every test of
# the solution, and ends with one line "N passed, N failed, N skipped" computed from the TRX results.
set -euo pipefail
cd "$(dirname "$0")/.."

# git (Git tests and end-to-end), prometheus/promtool (metrics tests), docker-registry (the OCI registry the chart
# tests push to; best effort: they skip with a reason without it). kubectl is expected on PATH (see README).
need=()
command -v git >/dev/null 2>&1 || need+=(git)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
[ -x /usr/bin/docker-registry ] || command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing ${need[*]} and cannot apt-get install them; the tests that need them will skip" >&2
  fi
fi
# Debian's prometheus package may start its own service on :9090, and docker-registry on :5000; the tests start
# their own on free ports.

# A real helm for the Helm renderer and chart tests (best effort; they skip with a reason without it).
bash eng/install-helm.sh || true
export PATH="$PWD/.tools/bin:$PATH"

results=TestResults
rm -rf "$results"
status=0
dotnet test GitOpsAgent.sln --configuration Release \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 10m || status=$?

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for path in files:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive"):
            skipped += 1
        else:
            failed += 1
if not files:
    failed += 1
    print("no test results were written", file=sys.stderr)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
