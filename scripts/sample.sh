#!/usr/bin/env bash
# The resnettab tool end to end on the built-in default: generate 20,000 synthetic OCSF events with labelled anomalies,
# fit a bundle on the first half (self-supervised pretraining with progress, a fixed number of epochs: the same numbers
# on any machine for a given seed), score the held-out second half, print the metrics table and write the HTML report.
#   bash scripts/sample.sh [--epochs N] [--seed S] [--count N]
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=6; seed=7; count=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "sample: unknown option '$1' (see --help)" >&2; exit 1 ;;
  esac
done
bash scripts/setup.sh
out="${RESNETTAB_DEMO_DIR:-${TMPDIR:-/tmp}/resnettab-demo}"
mkdir -p "$out"
dotnet build src/ResNetTab.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
resnettab() { dotnet src/ResNetTab.Cli/bin/Release/net10.0/resnettab.dll "$@"; }
start=$(date +%s)

resnettab generate --count "$count" --seed "$seed" --output "$out/events.jsonl" --labels "$out/labels.csv"
# First half to fit on, second half held out (its labels re-indexed from 0).
half=$((count / 2))
head -n "$half" "$out/events.jsonl" > "$out/train.jsonl"
tail -n +"$((half + 1))" "$out/events.jsonl" > "$out/test.jsonl"
awk -F, -v h="$half" 'NR == 1 { print; next } $1 >= h { $1 = $1 - h; print }' OFS=, "$out/labels.csv" > "$out/test.labels.csv"

resnettab fit "$out/train.jsonl" --output "$out/model.bundle" --epochs "$epochs" --seed "$seed" --fresh
resnettab score "$out/model.bundle" "$out/test.jsonl" --output "$out/scores.jsonl"
resnettab evaluate "$out/scores.jsonl" --labels "$out/test.labels.csv"
resnettab report "$out/model.bundle" "$out/scores.jsonl" --labels "$out/test.labels.csv" --output "$out/report.html"
echo "sample: done in $(( $(date +%s) - start )) s; bundle $out/model.bundle, scores $out/scores.jsonl, report $out/report.html"
