"""PyTorch's side of bench/gpu-check.sh, on the same GPU and shapes as socialalign.bench.gpu.GpuCheck.

    python3 torch_side.py gemm    cuBLAS TFLOP/s at 8192^3 in FP32, TF32 and BF16 (operands already bfloat16)
    python3 torch_side.py speed   Qwen2.5-0.5B-shaped random model, float32 weights, TF32 matmuls: prefill (512
                                  tokens) and greedy decode (128) tokens/s with a KV cache, and a full-parameter
                                  training step (forward, backward, AdamW) at sequence 1024

Prints key=value lines. The model is written out here (embedding, RMSNorm, GQA attention with rotate-half RoPE,
SwiGLU, tied head), so the comparison needs no transformers install and runs the same work as ours.
"""
import sys
import time

import torch
import torch.nn.functional as F


def gemm():
    n, rounds = 8192, 10
    a = torch.rand(n, n, device="cuda") * 2 - 1
    b = torch.rand(n, n, device="cuda") * 2 - 1
    for name, tf32, dtype in (("fp32", False, torch.float32), ("tf32", True, torch.float32), ("bf16", False, torch.bfloat16)):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        x, y = a.to(dtype), b.to(dtype)
        for _ in range(2):
            x @ y.T
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(rounds):
            x @ y.T
        torch.cuda.synchronize()
        print(f"gemm_tflops_{name}={2 * n ** 3 * rounds / (time.perf_counter() - t0) / 1e12:.1f}")


V, H, I, L, HQ, HKV, THETA, EPS = 151936, 896, 4864, 24, 14, 2, 1e6, 1e-6
D = H // HQ


class Qwen2(torch.nn.Module):
    def __init__(self):
        super().__init__()
        u = lambda *s: torch.nn.Parameter((torch.rand(*s, device="cuda") * 2 - 1) * 0.035)
        ones = lambda: torch.nn.Parameter(torch.ones(H, device="cuda"))
        self.embed = u(V, H)
        self.layers = torch.nn.ModuleList()
        for _ in range(L):
            layer = torch.nn.Module()
            layer.ln1, layer.ln2 = ones(), ones()
            layer.q, layer.qb = u(H, H), u(H)
            layer.k, layer.kb = u(HKV * D, H), u(HKV * D)
            layer.v, layer.vb = u(HKV * D, H), u(HKV * D)
            layer.o = u(H, H)
            layer.gate, layer.up, layer.down = u(I, H), u(I, H), u(H, I)
            self.layers.append(layer)
        self.norm = ones()
        self.inv_freq = THETA ** (-torch.arange(0, D, 2, device="cuda", dtype=torch.float64) / D)

    def rope(self, x, pos):
        angles = pos[:, None].double() * self.inv_freq[None, :]
        cos, sin = torch.cat([angles.cos()] * 2, -1).float(), torch.cat([angles.sin()] * 2, -1).float()
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * cos + rotated * sin

    def forward(self, ids, cache=None, start=0):
        t = ids.shape[0]
        pos = torch.arange(start, start + t, device="cuda")
        h = self.embed[ids][None]
        for i, l in enumerate(self.layers):
            x = F.rms_norm(h, (H,), l.ln1, EPS)
            q = F.linear(x, l.q, l.qb).view(1, t, HQ, D).transpose(1, 2)
            k = F.linear(x, l.k, l.kb).view(1, t, HKV, D).transpose(1, 2)
            v = F.linear(x, l.v, l.vb).view(1, t, HKV, D).transpose(1, 2)
            q, k = self.rope(q, pos), self.rope(k, pos)
            if cache is not None:
                if i in cache:
                    k, v = torch.cat([cache[i][0], k], 2), torch.cat([cache[i][1], v], 2)
                cache[i] = (k, v)
            k, v = k.repeat_interleave(HQ // HKV, 1), v.repeat_interleave(HQ // HKV, 1)
            # Prompts start at 0 and decoding feeds one token, so "causal" is plain is_causal or no mask.
            a = F.scaled_dot_product_attention(q, k, v, is_causal=t > 1)
            h = h + F.linear(a.transpose(1, 2).reshape(1, t, H), l.o)
            x = F.rms_norm(h, (H,), l.ln2, EPS)
            h = h + F.linear(F.silu(F.linear(x, l.gate)) * F.linear(x, l.up), l.down)
        return F.linear(F.rms_norm(h, (H,), self.norm, EPS), self.embed)[0]


def speed():
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.manual_seed(3)
    model = Qwen2()
    prompt = torch.randint(0, V, (512,), device="cuda")
    best_prefill = best_decode = 0.0
    with torch.no_grad():
        for rnd in range(3):
            cache = {}
            torch.cuda.synchronize()
            p0 = time.perf_counter()
            nxt = int(model(prompt, cache)[-1].argmax())
            d0 = time.perf_counter()
            for i in range(128):
                nxt = int(model(torch.tensor([nxt], device="cuda"), cache, 512 + i)[-1].argmax())
            d1 = time.perf_counter()
            if rnd > 0:
                best_prefill = max(best_prefill, 512 / (d0 - p0))
                best_decode = max(best_decode, 128 / (d1 - d0))
    print(f"prefill_tps={best_prefill:.1f}\ndecode_tps={best_decode:.1f}")
    ids = torch.randint(0, V, (1024,), device="cuda")
    targets = torch.cat([ids[1:], torch.tensor([-100], device="cuda")])
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.0)
    best = float("inf")
    for step in range(4):
        torch.cuda.synchronize()
        s0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(ids), targets, ignore_index=-100).backward()
        opt.step()
        torch.cuda.synchronize()
        if step > 0:
            best = min(best, time.perf_counter() - s0)
    print(f"train_step_s={best:.4f}\ntrain_tokens_per_s={1024 / best:.1f}\ngpu_live_gib={torch.cuda.memory_allocated() / 2 ** 30:.2f}")


if __name__ == "__main__":
    {"gemm": gemm, "speed": speed}[sys.argv[1]]()
