#!/usr/bin/env bash
# Matmul GFLOP/s of the Java CPU backend (JMH) and of numpy + OpenBLAS, shape by shape in one run, with the
# ratio Java/OpenBLAS. Writes the table to bench/out/matmul.md.
#   bench/compare-matmul.sh [THREADS...]        (default: 1 2; SHAPES="MxKxN ..." to run some shapes only)
# Needs Debian's python3-numpy, libopenblas0-pthread and python3-threadpoolctl (installed when missing, as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/out"
mkdir -p "$out"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python=/usr/bin/python3

if ! "$python" -c 'import numpy, threadpoolctl' 2>/dev/null || [ ! -d /usr/lib/x86_64-linux-gnu/openblas-pthread ]; then
  apt-get install -y -q python3-numpy libopenblas0-pthread python3-threadpoolctl >&2
fi
(cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl bench -am package >&2)

shapes="${SHAPES:-1024x1024x1024 2048x2048x2048 4096x4096x4096
1x896x896 16x896x896 128x896x896 512x896x896
1x896x4864 16x896x4864 128x896x4864 512x896x4864
1x4864x896 16x4864x896 128x4864x896 512x4864x896}"
threads="${*:-1 2}"
table="$out/matmul.md"
{
  echo "| M x K x N | threads | Java GFLOP/s | OpenBLAS GFLOP/s | Java/OpenBLAS |"
  echo "| --- | --- | --- | --- | --- |"
} > "$table.tmp"
for t in $threads; do
  for s in $shapes; do
    read -r m k n <<<"${s//x/ }"
    "$java" --add-modules=jdk.incubator.vector -jar "$root/bench/target/benchmarks.jar" MatmulBench \
      -p shape="$s" -p threads="$t" -rf json -rff "$out/jmh-matmul.json" >/dev/null 2>&1
    us=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"])' "$out/jmh-matmul.json")
    java_gflops=$("$python" -c "print(f'{2.0*$m*$n*$k/($us*1e-6)/1e9:.1f}')")
    # Unset only here: the environment pins OpenBLAS to its Haswell kernels, which halves it on this CPU.
    blas=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" "$python" "$root/bench/matmul_numpy.py" "$m" "$k" "$n")
    blas_gflops=$(sed -n 's/.*gflops=\([0-9.]*\).*/\1/p' <<<"$blas")
    ratio=$("$python" -c "print(f'{$java_gflops/$blas_gflops:.2f}')")
    line="| $m x $k x $n | $t | $java_gflops | $blas_gflops | $ratio |"
    echo "$line" >> "$table.tmp"
    echo "$line   ($(sed -n 's/.*\(kernel=[^ ]*\).*/\1/p' <<<"$blas"))" >&2
  done
done
mv "$table.tmp" "$table"
cat "$table"
