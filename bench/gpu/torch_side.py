"""PyTorch's side of bench/gpu-check.sh, on the same GPU and shapes as socialalign.bench.gpu.GpuCheck.

    python3 torch_side.py gemm    cuBLAS TFLOP/s at 8192^3 in FP32, TF32 and BF16 (operands already bfloat16)
    python3 torch_side.py speed   Qwen2.5-0.5B-shaped random model, float32 weights, TF32 matmuls: prefill (512
                                  tokens) and greedy decode (128) tokens/s with a KV cache, and a full-parameter
                                  training step (forward, backward, AdamW) at sequence 1024
    python3 torch_side.py pac     the same model frozen, PAC-LoRA on all seven projections (r 8, alpha 16, dropout
                                  0.1, token gates, user [0, 300), news [300, 700)): an adapter training step at 1024

DEVICE=cpu SMOKE=1 runs a tiny shape on the CPU, to try the script where there is no GPU.

Prints key=value lines. The model is written out here (embedding, RMSNorm, GQA attention with rotate-half RoPE,
SwiGLU, tied head), so the comparison needs no transformers install and runs the same work as ours.
"""
import os
import sys
import time

import torch
import torch.nn.functional as F


def gemm():
    n, rounds = 8192, 10
    a = torch.rand(n, n, device=DEVICE) * 2 - 1
    b = torch.rand(n, n, device=DEVICE) * 2 - 1
    for name, tf32, dtype in (("fp32", False, torch.float32), ("tf32", True, torch.float32), ("bf16", False, torch.bfloat16)):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        x, y = a.to(dtype), b.to(dtype)
        for _ in range(2):
            x @ y.T
        sync()
        t0 = time.perf_counter()
        for _ in range(rounds):
            x @ y.T
        sync()
        print(f"gemm_tflops_{name}={2 * n ** 3 * rounds / (time.perf_counter() - t0) / 1e12:.1f}")


V, H, I, L, HQ, HKV, THETA, EPS = 151936, 896, 4864, 24, 14, 2, 1e6, 1e-6
DEVICE = os.environ.get("DEVICE", "cuda")
if os.environ.get("SMOKE"):
    V, H, I, L, HQ, HKV = 2048, 128, 352, 2, 4, 2
D = H // HQ
R, ALPHA, DROPOUT, EXPERTS, GATE_HIDDEN = 8, 16.0, 0.1, 3, 32


def rms_norm(x, weight):
    """F.rms_norm where torch has it (2.4 on); the same formula on an older torch (a CPU smoke run)."""
    if hasattr(F, "rms_norm"):
        return F.rms_norm(x, (H,), weight, EPS)
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + EPS) * weight


def attention(q, k, v, causal):
    """F.scaled_dot_product_attention where torch has it (2.0 on); the same computation on an older torch."""
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    s = q @ k.transpose(-1, -2) / q.shape[-1] ** 0.5
    if causal:
        s = s.masked_fill(torch.ones(s.shape[-2:], dtype=torch.bool, device=s.device).triu(1), float("-inf"))
    return torch.softmax(s, -1) @ v


def sync():
    if DEVICE == "cuda":
        sync()


class Qwen2(torch.nn.Module):
    def __init__(self):
        super().__init__()
        u = lambda *s: torch.nn.Parameter((torch.rand(*s, device=DEVICE) * 2 - 1) * 0.035)
        ones = lambda: torch.nn.Parameter(torch.ones(H, device=DEVICE))
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
        self.inv_freq = THETA ** (-torch.arange(0, D, 2, device=DEVICE, dtype=torch.float64) / D)

    def rope(self, x, pos):
        angles = pos[:, None].double() * self.inv_freq[None, :]
        cos, sin = torch.cat([angles.cos()] * 2, -1).float(), torch.cat([angles.sin()] * 2, -1).float()
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * cos + rotated * sin

    def forward(self, ids, cache=None, start=0, adapted=None):
        """adapted(x, weight, bias, layer, name): a projection with its adapter; plain F.linear when None."""
        t = ids.shape[0]
        pos = torch.arange(start, start + t, device=DEVICE)
        h = self.embed[ids][None]
        for i, l in enumerate(self.layers):
            proj = (lambda x, w, b, name: F.linear(x, w, b)) if adapted is None else \
                (lambda x, w, b, name, i=i: adapted(x, w, b, i, name))
            x = rms_norm(h, l.ln1)
            q = proj(x, l.q, l.qb, "q_proj").view(1, t, HQ, D).transpose(1, 2)
            k = proj(x, l.k, l.kb, "k_proj").view(1, t, HKV, D).transpose(1, 2)
            v = proj(x, l.v, l.vb, "v_proj").view(1, t, HKV, D).transpose(1, 2)
            q, k = self.rope(q, pos), self.rope(k, pos)
            if cache is not None:
                if i in cache:
                    k, v = torch.cat([cache[i][0], k], 2), torch.cat([cache[i][1], v], 2)
                cache[i] = (k, v)
            k, v = k.repeat_interleave(HQ // HKV, 1), v.repeat_interleave(HQ // HKV, 1)
            # Prompts start at 0 and decoding feeds one token, so "causal" is plain is_causal or no mask.
            a = attention(q, k, v, t > 1)
            h = h + proj(a.transpose(1, 2).reshape(1, t, H), l.o, None, "o_proj")
            x = rms_norm(h, l.ln2)
            h = h + proj(F.silu(proj(x, l.gate, None, "gate_proj")) * proj(x, l.up, None, "up_proj"), l.down, None, "down_proj")
        return F.linear(rms_norm(h, self.norm), self.embed)[0]


def speed():
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.manual_seed(3)
    model = Qwen2()
    prompt = torch.randint(0, V, (512,), device=DEVICE)
    best_prefill = best_decode = 0.0
    with torch.no_grad():
        for rnd in range(3):
            cache = {}
            sync()
            p0 = time.perf_counter()
            nxt = int(model(prompt, cache)[-1].argmax())
            d0 = time.perf_counter()
            for i in range(128):
                nxt = int(model(torch.tensor([nxt], device=DEVICE), cache, 512 + i)[-1].argmax())
            d1 = time.perf_counter()
            if rnd > 0:
                best_prefill = max(best_prefill, 512 / (d0 - p0))
                best_decode = max(best_decode, 128 / (d1 - d0))
    print(f"prefill_tps={best_prefill:.1f}\ndecode_tps={best_decode:.1f}")
    ids = torch.randint(0, V, (1024,), device=DEVICE)
    targets = torch.cat([ids[1:], torch.tensor([-100], device=DEVICE)])
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.0)
    best = float("inf")
    for step in range(4):
        sync()
        s0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(ids), targets, ignore_index=-100).backward()
        opt.step()
        sync()
        if step > 0:
            best = min(best, time.perf_counter() - s0)
    print(f"train_step_s={best:.4f}\ntrain_tokens_per_s={1024 / best:.1f}\ngpu_live_gib={torch.cuda.memory_allocated() / 2 ** 30:.2f}")


SHAPES = {"q_proj": (H, H), "k_proj": (H, HKV * D), "v_proj": (H, HKV * D), "o_proj": (H, H),
          "gate_proj": (H, I), "up_proj": (H, I), "down_proj": (I, H)}


def pac():
    """PAC-LoRA as the reference computes it in token mode (spec C4): dropout on x before experts and gates; gate A
    reads the news tokens, gate B the user tokens (other tokens zeroed); three analyze experts A_i and three compose
    experts B_j (zeros, as PEFT initialises B); y = W0 x + b + (alpha/r) sum_j gB_j B_j sum_i gA_i A_i x."""
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.manual_seed(5)
    model = Qwen2()
    for p in model.parameters():
        p.requires_grad_(False)
    u = lambda *s: torch.nn.Parameter((torch.rand(*s, device=DEVICE) * 2 - 1) / s[-1] ** 0.5)
    adapters = {(i, name): dict(a=u(EXPERTS * R, d_in), b=torch.nn.Parameter(torch.zeros(EXPERTS * d_out, R, device=DEVICE)),
                                a1=u(GATE_HIDDEN, d_in), a2=u(EXPERTS, GATE_HIDDEN), b1=u(GATE_HIDDEN, d_in), b2=u(EXPERTS, GATE_HIDDEN))
                for i in range(L) for name, (d_in, d_out) in SHAPES.items()}
    t = 1024 if not os.environ.get("SMOKE") else 256
    user_end, news_end = t * 300 // 1024, t * 700 // 1024
    pos = torch.arange(t, device=DEVICE)
    user = (pos < user_end).float()[None, :, None]
    news = ((pos >= user_end) & (pos < news_end)).float()[None, :, None]
    gate = lambda x, w1, w2: torch.softmax(F.linear(F.gelu(F.linear(x, w1)), w2), -1)

    def pac_linear(x, weight, bias, layer, name):
        a = adapters[(layer, name)]
        xd = F.dropout(x, DROPOUT, training=True)
        g_a, g_b = gate(xd * news, a["a1"], a["a2"]), gate(xd * user, a["b1"], a["b2"])
        h = (g_a[..., None] * F.linear(xd, a["a"]).unflatten(-1, (EXPERTS, R))).sum(-2)
        delta = (g_b[..., None] * F.linear(h, a["b"]).unflatten(-1, (EXPERTS, -1))).sum(-2)
        return F.linear(x, weight, bias) + ALPHA / R * delta

    ids = torch.randint(0, V, (t,), device=DEVICE)
    targets = torch.full((t,), -100, device=DEVICE)
    targets[news_end:t - 1] = ids[news_end + 1:]
    params = [p for a in adapters.values() for p in a.values()]
    opt = torch.optim.AdamW(params, lr=2e-5, weight_decay=0.01)
    best, loss = float("inf"), float("nan")
    for step in range(4):
        sync()
        s0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        l = F.cross_entropy(model(ids, adapted=pac_linear), targets, ignore_index=-100)
        l.backward()
        opt.step()
        loss = l.item()
        sync()
        if step > 0:
            best = min(best, time.perf_counter() - s0)
    print(f"pac_train_step_s={best:.4f}\npac_train_tokens_per_s={t / best:.1f}\npac_loss={loss:.4f}")


if __name__ == "__main__":
    {"gemm": gemm, "speed": speed, "pac": pac}[sys.argv[1]]()
