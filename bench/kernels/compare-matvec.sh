#!/usr/bin/env bash
# Decoding's matrix-vector product on one thread, our kernel against llama.cpp's loops in C on the same weights, in
# one process (socialalign.bench.MatVecVsC): Java's ColumnTiles pass through CpuBackend.matmul, C's row-major dot
# products as ggml computes them (bench/kernels/matvec.c, gcc -O3 -march=native, called through the FFM API).
# Finer than bench/qwen2/compare-decode.sh (no whole model, no separate processes whose speed drifts apart), it
# shows how fast each side streams the weights from memory.
#
#   bench/kernels/compare-matvec.sh            # F32 and BF16; the head and a down-projection-like matrix
#
# Env: ROUNDS (30, the first fifth warm-up). Needs gcc and a CPU with AVX-512 F and BF16. Writes the library under
# bench/out/kernels/ (git-ignored) and the table to bench/out/kernels/matvec.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out/kernels"
mkdir -p "$out"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rounds="${ROUNDS:-30}"

gcc -O3 -march=native -shared -fPIC -o "$out/libmatvec.so.tmp" "$root/bench/kernels/matvec.c"
mv "$out/libmatvec.so.tmp" "$out/libmatvec.so"
(cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl bench -am package >&2)

table="$out/matvec.md"
{
  echo "One thread, weights on huge pages, $rounds rounds alternating the sides (the first fifth warm-up): median GB/s of weights streamed."
  echo "C: llama.cpp's row-major dot products (F32: four accumulators; BF16: x rounded to BF16, the CPU's BF16 dot product), gcc $(gcc -dumpfullversion) -O3 -march=native."
  echo
  echo "| weights | matrix | Java GB/s | C GB/s | Java/C | max diff (relative) |"
  echo "| --- | --- | --- | --- | --- | --- |"
  # The head of Qwen2.5-0.5B, and a matrix as wide as its down projection, both far larger than the L3 cache.
  for format in F32 BF16; do
    for shape in "151936 896" "28672 4864"; do
      set -- $shape
      line=$(taskset -c 0 "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -XX:+UseTransparentHugePages -Xms64m -Xmx1g -cp "$root/bench/target/benchmarks.jar" \
        socialalign.bench.MatVecVsC "$out/libmatvec.so" "$format" "$1" "$2" "$rounds" 2>/dev/null)
      echo "$line" >&2
      get() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$line"; }
      echo "| $format | $1 x $2 | $(get java_gbs) | $(get c_gbs) | $(get java_over_c) | $(get max_rel_diff) |"
    done
  done
} > "$table.tmp"
mv "$table.tmp" "$table"
cat "$table"
