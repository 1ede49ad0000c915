#!/usr/bin/env bash
# The GPU backend proven and measured on a GPU machine, in one run of at most ~8 minutes (issue 8):
#   bench/gpu/package.sh      on a build machine first: carry = bench/gpu/carry (shaded jar + jlink-ed Java 25)
#   bench/gpu-check.sh        on the GPU machine, from the repository root; needs no Maven and no internet
# (a) every op and gradient, GPU against the reference, FP32/TF32/BF16; (b) a tiny Qwen2 GPU against CPU: logits,
# loss, every gradient, cached decoding, then with PAC-LoRA (token and pooled gates); (c) cuBLAS TFLOP/s at 8192^3;
# (d) Qwen2.5-0.5B-shaped random model: prefill and decode tokens/s, a full-parameter training step and a PAC-LoRA
# adapter training step at sequence 1024, beside PyTorch on the same GPU when present.
# Writes the log and the table to $OUT (the device tool's output folder) or bench/out/.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-bench/out}
mkdir -p "$out"
log="$out/gpu-check.log"
exec > >(tee "$log") 2>&1
carry=bench/gpu/carry
failed=0

echo "== nvidia-smi"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || { echo "gpu-check: nvidia-smi failed: no GPU here"; exit 1; }
java=java
[ -x "$carry/jre/bin/java" ] && java="$carry/jre/bin/java"
echo "== $java -version"
"$java" -version 2>&1 | head -1 || { echo "gpu-check: no Java 25 (run bench/gpu/package.sh and carry bench/gpu/carry)"; exit 1; }
jar="$carry/benchmarks.jar"
[ -f "$jar" ] || jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "gpu-check: no benchmarks.jar (run bench/gpu/package.sh)"; exit 1; }

# cuBLAS: CUDA 12's libcublas.so.12 when present, else CUDA 13's through the shim (engine/README.md).
if [ -z "${SOCIALALIGN_CUBLAS13:-}" ] && ! ldconfig -p 2>/dev/null | grep -q 'libcublas.so.12 '; then
  found=$(ldconfig -p 2>/dev/null | sed -n 's/.*libcublas\.so\.13 .*=> //p' | head -1)
  [ -n "$found" ] || found=$(timeout 60 find /usr/local /usr/lib /opt /usr/lib64 / -xdev -name 'libcublas.so.13' 2>/dev/null | head -1)
  [ -n "$found" ] && export SOCIALALIGN_CUBLAS13="$found"
fi
echo "== cuBLAS 13 for the shim: ${SOCIALALIGN_CUBLAS13:-(not needed or not found)}"

run() { # run SECONDS PART FILE: one part of GpuCheck, its output also in $out/FILE
  timeout "$1" "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx24g \
      -cp "$jar" socialalign.bench.gpu.GpuCheck "$2" 2>&1 | grep -v '^WARNING: Using incubator' | tee "$out/$3"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || { echo "gpu-check: part $2 failed (exit $rc)"; failed=1; }
}

echo "== (a) every op and gradient against the reference"; run 120 ops ops.txt
echo "== (b) tiny Qwen2, GPU against CPU"; run 90 qwen2 qwen2.txt
echo "== (c) cuBLAS GEMM 8192^3"; run 90 gemm java-gemm.txt
echo "== (d) 0.5B-shaped model"; run 200 speed java-speed.txt
echo "== (d) 0.5B-shaped model, PAC-LoRA adapter training step"; run 150 pac java-pac.txt

torch_ok=0
if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
  echo "== PyTorch $(python3 -c 'import torch; print(torch.__version__)') on the same GPU"
  timeout 60 python3 bench/gpu/torch_side.py gemm | tee "$out/torch-gemm.txt" && \
  timeout 120 python3 bench/gpu/torch_side.py speed | tee "$out/torch-speed.txt" && \
  timeout 120 python3 bench/gpu/torch_side.py pac | tee "$out/torch-pac.txt" && torch_ok=1
else
  echo "== PyTorch with CUDA is not installed here: no side-by-side"
fi

value() { sed -n "s/^$2=//p" "$out/$1" 2>/dev/null | head -1; }
{
  echo "| measure | SocialAlign-J | PyTorch | ours / PyTorch |"
  echo "| --- | --- | --- | --- |"
  for key in gemm_tflops_fp32 gemm_tflops_tf32 gemm_tflops_bf16 prefill_tps decode_tps train_tokens_per_s train_step_s gpu_live_gib \
      pac_train_tokens_per_s pac_train_step_s; do
    file=speed.txt; case $key in gemm*) file=gemm.txt;; pac*) file=pac.txt;; esac
    ours=$(value "java-$file" $key); theirs=$([ $torch_ok = 1 ] && value "torch-$file" $key)
    ratio=
    case $key in gemm*|*tps|*per_s) [ -n "$ours" ] && [ -n "$theirs" ] && ratio=$(python3 -c "print(f'{$ours / $theirs:.2f}x')" 2>/dev/null);; esac
    echo "| $key | ${ours:-n/a} | ${theirs:-n/a} | ${ratio:-} |"
  done
} | tee "$out/table.md"
echo "checks: $(cat "$out/ops.txt" "$out/qwen2.txt" 2>/dev/null | grep -c '^PASS') passed, $(cat "$out/ops.txt" "$out/qwen2.txt" 2>/dev/null | grep -c '^FAIL') failed"
[ $failed = 0 ] && echo "gpu-check: all checks passed" || echo "gpu-check: SOME CHECKS FAILED"
exit $failed
