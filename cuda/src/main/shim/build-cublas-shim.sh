#!/usr/bin/env bash
# Builds the libcublas.so.12 forwarding shim (see cublas_shim.c) into the cuda module's resources:
#   cuda/src/main/shim/build-cublas-shim.sh                 (needs gcc)
#   cuda/src/main/shim/build-cublas-shim.sh --symbols JAR   (first re-lists cublas12.symbols from a
#                                                            jcublas-natives jar, after a JCuda upgrade)
# The list holds every cuBLAS symbol that JCublas2's native library imports; a copy goes beside the library, where
# CublasLibrary reads the order of the forwarding table. The inputs' SHA-256 goes to libcublas.so.12.sha256,
# which CublasShimTest checks against the sources.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "--symbols" ]; then
  tmp=$(mktemp -d)
  unzip -q -o "$2" 'lib/libJCublas2-*-linux-x86_64.so' -d "$tmp"
  nm -D --undefined-only "$tmp"/lib/libJCublas2-*.so | sed -n 's/.* U \(cublas[A-Za-z0-9_]*\)@libcublas\.so\.12$/\1/p' | sort -u > cublas12.symbols
  rm -rf "$tmp"
  echo "cublas12.symbols: $(wc -l < cublas12.symbols) symbols"
fi
command -v gcc >/dev/null || { echo "build-cublas-shim.sh: gcc not found" >&2; exit 1; }
out=../resources/socialalign/engine/cuda
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk '{ printf "SYM(%s, %d)\n", $0, NR - 1 }' cublas12.symbols > "$work/cublas12_symbols.inc"
{
  echo 'libcublas.so.12 {'
  echo '  global:'
  sed 's/.*/    &;/' cublas12.symbols
  echo '    socialalign_cublas_shim_table; socialalign_cublas_shim_size;'
  echo '  local: *;'
  echo '};'
} > "$work/version.map"
gcc -O2 -shared -fPIC -I"$work" -o "$work/libcublas.so.12" cublas_shim.c -nostdlib \
    -Wl,-soname,libcublas.so.12 -Wl,--version-script,"$work/version.map" -Wl,--hash-style=both
strip --strip-unneeded "$work/libcublas.so.12"
mv "$work/libcublas.so.12" "$out/libcublas.so.12"
cp cublas12.symbols "$out/cublas12.symbols"
cat cublas_shim.c cublas12.symbols | sha256sum | cut -d' ' -f1 > "$out/libcublas.so.12.sha256"
echo "$out/libcublas.so.12 ($(stat -c %s "$out/libcublas.so.12") bytes)"
