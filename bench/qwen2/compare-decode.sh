#!/usr/bin/env bash
# Prefill and decode speed and peak memory of our Java Qwen2 against llama.cpp (node-llama-cpp's prebuilt CPU build)
# on the same random Qwen2.5-0.5B-shaped weights, side by side in one run, with the ratio Java/llama.cpp.
#   bench/qwen2/compare-decode.sh [THREADS...]          (default: 1 2)
# Environment: PRECISIONS (default "f32 bf16"; f16 works too), PROMPT (128 tokens), DECODE (64 tokens),
# ROUNDS (3: one warm-up, best of the others), PAIRS (3: each configuration runs as a pair of llama.cpp and Java,
# alternately in that order and the other, this many times over; the table gives each side's median and the median
# of the pairs' ratios, since the machine's speed drifts by 10-20% within minutes), LLAMA_MMAP (nommap: llama.cpp copies the weights into memory, its
# faster mode here; mmap to map the file instead), JAVA_PLACEMENTS (default "anonymous mapped"; also heap: see
# socialalign.bench.Qwen2Speed). Each llama.cpp configuration runs once, then Java once per placement.
# Writes the models, GGUF files and node-llama-cpp under bench/out/ (git-ignored; never commit them) and the table
# to bench/out/qwen2/decode.md. Needs Debian's python3-torch (installed when missing, as root), node and npm.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/bench/out/qwen2"
npm_dir="$root/bench/out/llamacpp"
mkdir -p "$out" "$npm_dir"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python=/usr/bin/python3
threads="${*:-1 2}"
precisions="${PRECISIONS:-f32 bf16}"
prompt_length="${PROMPT:-128}"
decode="${DECODE:-64}"
rounds="${ROUNDS:-3}"
pairs="${PAIRS:-3}"
mmap="${LLAMA_MMAP:-nommap}"
placements="${JAVA_PLACEMENTS:-anonymous mapped}"
tokenizer="$root/../shared/tokenizers/qwen/tokenizer.json"
[ -f "$tokenizer" ] || tokenizer="${QWEN_TOKENIZER:?no ../shared/tokenizers/qwen/tokenizer.json: set QWEN_TOKENIZER to a Qwen tokenizer.json}"

# (a) the random models, one Hugging Face directory per precision; (b) their GGUF twins.
"$python" -c 'import torch' 2>/dev/null || apt-get install -y -q python3-torch >&2
for p in $precisions; do
  if [ ! -f "$out/hf-$p/model.safetensors" ]; then
    rm -rf "$out/hf-$p.tmp"
    "$python" "$root/models/src/test/resources/qwen2/make_random_qwen25_05b.py" "$out/hf-$p.tmp" --dtype "$p" >&2
    mv "$out/hf-$p.tmp" "$out/hf-$p"
  fi
  if [ ! -f "$out/$p.gguf" ] || [ "$out/$p.gguf" -ot "$out/hf-$p/model.safetensors" ] || [ "$out/$p.gguf" -ot "$root/bench/qwen2/to_gguf.py" ]; then
    "$python" "$root/bench/qwen2/to_gguf.py" "$out/hf-$p" "$out/$p.gguf" --type "$p" --tokenizer "$tokenizer" >&2
  fi
done

# llama.cpp: node-llama-cpp ships prebuilt binaries; skip its download/compile step.
if [ ! -d "$npm_dir/node_modules/node-llama-cpp" ]; then
  (cd "$npm_dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund node-llama-cpp --ignore-scripts >&2)
fi
# (c) the bench jar.
(cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl bench -am package >&2)

# The same prompt on both sides: ids spread over the tokenizer's vocabulary.
ids=$("$python" -c "print(','.join(str((1 + 7919 * i) % 151643) for i in range($prompt_length)))")
# Both sides get the same cores: THREADS runs are pinned to cores 0..THREADS-1 (JIT and GC threads included).
# The environment pins OpenBLAS to Haswell kernels; unset only here, for both sides alike.
run() { local t=$1; shift; env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE taskset -c "0-$((t - 1))" "$@"; }

kv_bytes=$("$python" -c "
import json; c = json.load(open('$out/hf-${precisions%% *}/config.json'))
head_dim = c['hidden_size'] // c['num_attention_heads']
print(c['num_hidden_layers'] * 2 * c['num_key_value_heads'] * head_dim * ($prompt_length + $decode) * 4)")
table="$out/decode.md"
{
  echo "Qwen2.5-0.5B shape, random weights; prompt $prompt_length tokens (one batch), then $decode greedy tokens; best of $((rounds > 1 ? rounds - 1 : 1)) round(s)$([ "$rounds" -gt 1 ] && echo ' after a warm-up'); $pairs pair(s) of runs per configuration (llama.cpp first in odd pairs, Java first in even ones): speeds are each side's median, ratios the median of the pairs' ratios."
  echo "llama.cpp: node-llama-cpp $(node -p "require('$npm_dir/node_modules/node-llama-cpp/package.json').version") prebuilt CPU, $mmap. Java placements: heap = widened to float32 on the heap; anonymous = off the heap as stored (F32/BF16) on huge pages; mapped = read in place from the mapped file."
  echo "Top-5 check: F32 rows prove the GGUF computes what the safetensors do; llama.cpp's BF16 matmul rounds activations to BF16 too (Java widens BF16 weights exactly, F32 activations), so BF16 rows differ by ~1e-2."
  echo "Budget = weights at the file's precision + F32 KV cache for $((prompt_length + decode)) positions ($((kv_bytes / 1024)) KiB). RSS: peak (VmHWM) / after the run (VmRSS), MiB (x budget). Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| weights | threads | Java placement | prefill llama.cpp | prefill Java | Java/llama.cpp | decode llama.cpp | decode Java | Java/llama.cpp | decode ratio of each pair | budget MiB | RSS llama.cpp | RSS Java | same greedy ids | top-5 ids in common after the prompt (max abs diff of p) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$table.tmp"
cat "$table.tmp" >&2
# (d) each configuration: llama.cpp and Java (each placement), one after the other, PAIRS times over.
for t in $threads; do
  for p in $precisions; do
    llama_runs=""
    declare -A java_runs=()
    for ((pair = 1; pair <= pairs; pair++)); do
      # Odd pairs run llama.cpp first, even pairs Java first, so that a drift of the machine's speed during a pair
      # favours neither side.
      for side in $( ((pair % 2)) && echo "llama java" || echo "java llama"); do
        if [ "$side" = llama ]; then
          llama=$(cd "$npm_dir" && run "$t" node "$root/bench/qwen2/llamacpp-speed.mjs" "$out/$p.gguf" "$t" "$ids" "$decode" "$rounds" "$mmap")
          hello=$(sed -n 's/.*hello_ids=\([^ ]*\).*/\1/p' <<<"$llama")
          [ "$hello" = "108386,3837,99489,6313" ] || echo "warning: llama.cpp tokenizes 你好，世界！ as $hello, Hugging Face as 108386,3837,99489,6313" >&2
          llama_runs+="${llama_runs:+;}$llama"
          continue
        fi
        for placement in $placements; do
          # The JVM flags the ./socialalign launcher runs with (its GC decides how much heap stays resident).
          ours=$(run "$t" "$java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
            ${SOCIALALIGN_JAVA_OPTS:-} -cp "$root/bench/target/benchmarks.jar" \
            socialalign.bench.Qwen2Speed "$out/hf-$p" "$t" "$ids" "$decode" "$rounds" "$placement" 2> >(grep -v '^WARNING: Using incubator' >&2))
          java_runs[$placement]+="${java_runs[$placement]:+;}$ours"
        done
      done
      for placement in $placements; do
        ours=${java_runs[$placement]##*;}
        echo "pair $pair, ${p^^}, $t thread(s), $placement: decode llama.cpp $(sed -n 's/.*decode_tps=\([^ ]*\).*/\1/p' <<<"$llama"), Java $(sed -n 's/.*decode_tps=\([^ ]*\).*/\1/p' <<<"$ours") tokens/s" >&2
      done
    done
    for placement in $placements; do
      line=$("$python" - "$p" "$t" "$kv_bytes" "$llama_runs" "${java_runs[$placement]}" <<'EOF'
import statistics, sys
p, t, kv, llama, java = sys.argv[1:]
# Each side: one line of key=value per pair, in the order the pairs ran.
ls, js = ([dict(f.split("=", 1) for f in run.split()) for run in side.split(";")] for side in (llama, java))
l, j = ls[0], js[0]
budget = int(j["parameters"]) * {"f32": 4, "bf16": 2, "f16": 2}[p] + int(kv)
rss = lambda runs: " / ".join(f"{v / 1024:.0f} ({v * 1024 / budget:.2f}x)" for v in
                              (max(int(s[k]) for s in runs) for k in ("peak_rss_kib", "rss_kib")))
a, b = l["ids"].split(","), j["ids"].split(",")
same = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
top = lambda s: [(int(i), float(q)) for i, q in (e.split(":") for e in s["top5"].split(","))]
lt, jt = dict(top(l)), dict(top(j))
common = lt.keys() & jt.keys()
top_diff = max((abs(lt[i] - jt[i]) for i in common), default=float("nan"))
ratios = lambda k: [float(y[k]) / float(x[k]) for x, y in zip(ls, js)]
median = lambda runs, k: statistics.median(float(s[k]) for s in runs)
speed = lambda k, f: f"{median(ls, k):.{f}f} | {median(js, k):.{f}f} | {statistics.median(ratios(k)):.2f}"
print(f"| {p.upper()} | {t} | {j['placement']} | {speed('prefill_tps', 1)} | {speed('decode_tps', 2)} "
      f"| {' / '.join(f'{r:.2f}' for r in ratios('decode_tps'))} | {budget / 2**20:.0f} "
      f"| {rss(ls)} | {rss(js)} | {same}/{len(a)} | {len(common)}/5 ({top_diff:.1e}) |")
EOF
)
      echo "$line" >> "$table.tmp"
      echo "$line" >&2
    done
    unset java_runs
  done
done
echo >> "$table.tmp"
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: other work runs beside these measurements)." >> "$table.tmp"
mv "$table.tmp" "$table"
cat "$table"
