#!/usr/bin/env bash
# Installs what ResNetTab needs on Debian/Ubuntu and makes OpenBLAS the active BLAS.
# Idempotent: does nothing when everything is already in place.
#   libtorch-dev         libtorch 1.13 headers, CMake config and libraries (the engine under the binding)
#   libopenblas0-pthread OpenBLAS; without it libtorch's matmul falls back to reference BLAS (~50x slower)
#   cmake g++            build the native shim (src/ResNetTab.Torch/native)
set -euo pipefail

packages=(libtorch-dev libopenblas0-pthread cmake g++)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else
    echo "setup: need root to run: $*" >&2
    echo "setup: install these packages as root: ${missing[*]}" >&2
    exit 1
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Point the generic BLAS/LAPACK at OpenBLAS (libtorch links libblas.so.3 through Debian's alternatives).
arch_dir="/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
for lib in libblas.so.3 liblapack.so.3; do
  name="${lib}-$(basename "$arch_dir")"
  target="$arch_dir/openblas-pthread/$lib"
  if [ -e "$target" ] && update-alternatives --query "$name" >/dev/null 2>&1; then
    current="$(update-alternatives --query "$name" | awk '/^Value:/{print $2}')"
    if [ "$current" != "$target" ]; then
      echo "setup: selecting OpenBLAS for $lib"
      as_root update-alternatives --set "$name" "$target" >/dev/null
    fi
  fi
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi
echo "setup: ready (libtorch $(dpkg-query -W -f='${Version}' libtorch-dev 2>/dev/null || echo '?'), OpenBLAS active)"
