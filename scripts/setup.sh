#!/usr/bin/env bash
# Checks what ResNetTab needs on the machine. The engine (TorchSharp with libtorch 2.10) and every other
# dependency come from NuGet at restore time; no system package is required. On Debian 12 / Ubuntu 22.04
# the build marks one symbol-version requirement of TorchSharp's native library weak so that it loads with
# the system's GCC 12 libstdc++ (see the README, "Engine").
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH): https://dotnet.microsoft.com/download" >&2
  exit 1
fi
major="$(dotnet --version | cut -d. -f1)"
if [ "$major" -lt 10 ]; then
  echo "setup: the .NET 10 SDK is required; found $(dotnet --version)" >&2
  exit 1
fi
echo "setup: ready (.NET SDK $(dotnet --version); TorchSharp and libtorch restore from NuGet)"
