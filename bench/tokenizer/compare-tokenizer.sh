#!/usr/bin/env bash
# Encoding speed on one core: our tokenizer against Hugging Face's own (npm `tokenizers`), same Qwen
# tokenizer.json, same Chinese corpus (the Weibo responses), in one run. Prints tokens/s of both and Java/HF.
#   bench/tokenizer/compare-tokenizer.sh [TOKENIZER.json] [RESPONSES.jsonl.gz] [PASSES]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tokenizer="${1:-$root/../shared/tokenizers/qwen/tokenizer.json}"
responses="${2:-$root/../shared/data/weibo-responses/responses.jsonl.gz}"
passes="${3:-3}"
out="$root/bench/out/tokenizer"
mkdir -p "$out"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -d "$out/node_modules/tokenizers" ]; then
  (cd "$out" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund tokenizers >&2)
fi
(cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl bench -am package >&2)
(cd "$root" && ./mvnw -q -B -ntp -o -pl bench dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >&2)

node "$root/bench/tokenizer/hf-tokenizer-bench.mjs" prepare "$responses" "$out/chunks.jsonl"
# One core for each side: taskset pins the process (JIT and GC threads included); Rust's pool gets one thread.
hf=$(cd "$out" && RAYON_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false taskset -c 0 \
  node "$root/bench/tokenizer/hf-tokenizer-bench.mjs" run "$tokenizer" "$out/chunks.jsonl" "$passes")
ours=$(taskset -c 0 "$java" -XX:+UseSerialGC -Xmx2g -cp "$root/bench/target/classes:$(cat "$out/classpath.txt")" \
  socialalign.bench.TokenizerBench "$tokenizer" "$out/chunks.jsonl" "$passes")

field() { sed -n "s/.*$2=\([0-9.e+-]*\).*/\1/p" <<<"$1"; }
awk -v ht="$(field "$hf" tokens)" -v hs="$(field "$hf" seconds)" -v jt="$(field "$ours" tokens)" -v js="$(field "$ours" seconds)" 'BEGIN {
  if (ht != jt) { printf "token counts differ: HF %d, Java %d\n", ht, jt; exit 1 }
  printf "tokens per pass:   %d\n", jt
  printf "HF tokenizers:     %.0f tokens/s (%.3f s)\n", ht / hs, hs
  printf "Java (ours):       %.0f tokens/s (%.3f s)\n", jt / js, js
  printf "Java/HF:           %.2fx\n", (jt / js) / (ht / hs)
}'
