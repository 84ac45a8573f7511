#!/usr/bin/env bash
# Runs the main end-to-end sample (after making sure the machine has what it needs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet run -c Release --project samples/ResNetTab.Samples.OcsfAnomalyDetection -- "$@"
