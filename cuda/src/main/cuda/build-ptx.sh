#!/usr/bin/env bash
# Regenerates the committed PTX of the CUDA backend from the kernel sources beside this script:
#   cuda/src/main/cuda/build-ptx.sh        (needs nvcc; run it after editing any .cu or .cuh file)
# PTX for compute_80 runs on every GPU from Ampere on (A100, H100/H200, Blackwell): the driver compiles it for
# the device when the module is loaded. Each file's first line records the SHA-256 of its sources, which
# PtxUpToDateTest checks, so stale PTX fails the build even where nvcc is absent.
set -euo pipefail
cd "$(dirname "$0")"
out=../resources/socialalign/engine/cuda
mkdir -p "$out"
command -v nvcc >/dev/null || { echo "build-ptx.sh: nvcc not found (install the CUDA toolkit)" >&2; exit 1; }
for source in *.cu; do
  name=${source%.cu}
  hash=$(cat "$source" common.cuh | sha256sum | cut -d' ' -f1)
  tmp=$(mktemp)
  nvcc --ptx -arch=compute_80 -std=c++17 -o "$tmp" "$source"
  { echo "// source-sha256 $hash"; cat "$tmp"; } > "$out/$name.ptx.tmp"
  mv "$out/$name.ptx.tmp" "$out/$name.ptx"
  rm -f "$tmp"
  echo "$out/$name.ptx"
done
