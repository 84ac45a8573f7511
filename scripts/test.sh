#!/usr/bin/env bash
# Runs every test project of the solution (after making sure the machine has what it needs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test ResNetTab.sln -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line summing all test assemblies: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
