#!/usr/bin/env bash
# Checks what ResNetTab needs on the machine (and installs Debian's chromium for the report test when missing). The engine (TorchSharp with libtorch 2.10) and every other
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
# Debian's chromium renders the tool's HTML report in a test (headless); installed once, only when missing.
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
    echo "setup: installing Debian's chromium (headless, for the report test)"
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; then
      $sudo apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 \
        || echo "setup: could not install chromium (apt-get install -y chromium); the report test will fail without it" >&2
    fi
  else
    echo "setup: chromium not found and no apt-get; the report test needs /usr/bin/chromium" >&2
  fi
fi
echo "setup: ready (.NET SDK $(dotnet --version); TorchSharp and libtorch restore from NuGet; $(command -v chromium >/dev/null 2>&1 && chromium --version 2>/dev/null | head -1 || echo 'no chromium'))"
