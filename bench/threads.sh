#!/usr/bin/env bash
# Measures libtorch's OpenMP wait settings, quiet and beside competing busy processes, with the engine
# benchmark (matmul, small op, MLP training) and TabularResNet masked-feature training.
# Usage: bash bench/threads.sh [competitors...]   e.g. bash bench/threads.sh 0 1   (default: 0 1)
# QUICK=1 runs a tenth of the work per case (for a machine that is busy anyway); TIMEOUT (s, default 300)
# bounds each run, and a collapsed run reports "timeout".
set -euo pipefail
cd "$(dirname "$0")/.."
for p in Engine Models; do dotnet build -c Release "bench/ResNetTab.Bench.$p" -v q --nologo >/dev/null; done
engine=bench/ResNetTab.Bench.Engine/bin/Release/net10.0/ResNetTab.Bench.Engine.dll
models=bench/ResNetTab.Bench.Models/bin/Release/net10.0/ResNetTab.Bench.Models.dll
settings=("" "GOMP_SPINCOUNT=100000" "GOMP_SPINCOUNT=10000" "GOMP_SPINCOUNT=3000" "GOMP_SPINCOUNT=1000" "GOMP_SPINCOUNT=300" "OMP_WAIT_POLICY=PASSIVE")
[ -z "${ONLY_SETTINGS:-}" ] || read -r -a settings <<< "$ONLY_SETTINGS"
competitors=("${@:-0 1}")
[ $# -gt 0 ] || competitors=(0 1)
for n in "${competitors[@]}"; do
  pids=()
  for _ in $(seq 1 "$n"); do (while :; do :; done) & pids+=($!); done
  for setting in "${settings[@]}"; do
    # RESNETTAB_KEEP_ENV=1: measure exactly the setting given here, not the library's default.
    quick=(); [ "${QUICK:-0}" = 1 ] && quick=(--quick)
    result=$(env RESNETTAB_KEEP_ENV=1 $setting timeout "${TIMEOUT:-300}" dotnet "$engine" --threads 2 "${quick[@]}" | grep -E "^[a-z_0-9]+ " | tr '\n' ' ') || result="engine timeout"
    masked=$(env RESNETTAB_KEEP_ENV=1 $setting timeout "${TIMEOUT:-300}" dotnet "$models" --threads 2 --only tabular-masked "${quick[@]}" | grep -E "^tabular" | tr '\n' ' ') || masked="masked timeout"
    echo "competitors=$n setting=${setting:-default} $result $masked load=$(cut -d' ' -f1 /proc/loadavg)"
  done
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
done
