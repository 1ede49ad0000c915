#!/usr/bin/env bash
# One SFT training step (forward + backward + AdamW on the adapter, base frozen) of the small Qwen2 of issue 4
# (hidden 256, 4 layers, 8/2 heads, intermediate 688, vocab 8192, tied; 256 tokens, loss on the last 100) with LoRA
# and with PAC-LoRA (token gates) on all seven projections: Java (socialalign.bench.TrainStepBench) against PyTorch
# CPU (bench/train/torch_step.py, the same model), side by side, with the ratio Java/PyTorch of the median step time.
#   bench/train/compare-train-step.sh [THREADS...]        (default: 1 2)
# Environment: STEPS (timed steps, default 20), WARMUP (untimed steps first, 10), ROUNDS (default 2: Java and
# PyTorch alternate ROUNDS times per row and each side's lowest median counts, since a busy machine only adds time).
# Writes the table to bench/out/train/train-step.md. Needs Debian's python3-torch (installed when missing, as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/out/train"
mkdir -p "$out"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python=/usr/bin/python3
threads="${*:-1 2}"
steps="${STEPS:-20}"
warmup="${WARMUP:-10}"
rounds="${ROUNDS:-2}"

"$python" -c 'import torch' 2>/dev/null || apt-get install -y -q python3-torch >&2
(cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl bench -am package >&2)
# A private copy, so that another build of the bench module cannot swap the jar in the middle of a run.
jar="$out/benchmarks.jar"
cp "$root/bench/target/benchmarks.jar" "$jar"

# Both sides get the same cores: THREADS runs are pinned to the last THREADS cores (JIT and GC threads included),
# away from core 0 where the other comparisons pin their one-thread runs. The environment pins OpenBLAS to Haswell
# kernels; unset only here, for both sides alike.
cores=$(nproc)
run() { local t=$1; shift; env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE taskset -c "$((cores - t))-$((cores - 1))" "$@"; }
# PyTorch's OpenMP workers spin while they wait (libgomp's default): on a machine that other work shares, a worker
# that loses its core stalls every parallel op, and two threads took 1 to 7 s per step here instead of about 80 ms.
# Passive waiting keeps PyTorch at its best on a shared machine: the stronger baseline.
export OMP_WAIT_POLICY=PASSIVE
value() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
lowest() { tr ' ' '\n' <<<"$1" | grep . | sort -g | head -1; }

table="$out/train-step.md"
{
  echo "| adapter | threads | Java ms/step (median) | PyTorch ms/step (median) | Java/PyTorch | PyTorch, head on counted rows (median) | Java/that | Java mean / fastest | PyTorch mean / fastest |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$table.tmp"
for t in $threads; do
  for adapter in lora pac; do
    java_medians="" torch_medians="" counted_medians="" java_means="" torch_means="" java_mins="" torch_mins=""
    for ((r = 0; r < rounds; r++)); do
      # The launcher's collector, with a young generation that holds a step's activations: each young collection
      # copies the activations still alive, and a small one collects several times a step.
      ours=$(run "$t" "$java" --add-modules=jdk.incubator.vector -XX:+UseParallelGC -XX:+UseTransparentHugePages -Xmn2g -Xmx4g -cp "$jar" \
        socialalign.bench.TrainStepBench "$adapter" "$t" "$steps" "$warmup" 2>"$out/java.err") ||
        { cat "$out/java.err" >&2; exit 1; }
      theirs=$(run "$t" "$python" "$root/bench/train/torch_step.py" "$adapter" "$t" "$steps" "$warmup")
      counted=$(LOGITS=counted run "$t" "$python" "$root/bench/train/torch_step.py" "$adapter" "$t" "$steps" "$warmup")
      echo "java:    $ours" >&2
      echo "pytorch: $theirs" >&2
      echo "pytorch, head on counted rows: $counted" >&2
      counted_medians+=" $(value median_ms "$counted")"
      java_medians+=" $(value median_ms "$ours")" java_means+=" $(value mean_ms "$ours")"
      torch_medians+=" $(value median_ms "$theirs")" torch_means+=" $(value mean_ms "$theirs")"
      java_mins+=" $(value min_ms "$ours")" torch_mins+=" $(value min_ms "$theirs")"
    done
    jm=$(lowest "$java_medians") tm=$(lowest "$torch_medians") cm=$(lowest "$counted_medians")
    ratio=$("$python" -c "print(f'{$jm/$tm:.2f}')") counted_ratio=$("$python" -c "print(f'{$jm/$cm:.2f}')")
    name=$([ "$adapter" = pac ] && echo "PAC-LoRA (token gates)" || echo "LoRA")
    echo "| $name | $t | $jm | $tm | $ratio | $cm | $counted_ratio | $(lowest "$java_means") / $(lowest "$java_mins") |" \
      "$(lowest "$torch_means") / $(lowest "$torch_mins") |" >> "$table.tmp"
  done
done
mv "$table.tmp" "$table"
cat "$table"
