#!/usr/bin/python3
"""Writes the PyTorch golden files that the Java golden tests (socialalign.autograd.golden) check against.

Run with Debian's interpreter and torch (apt-get install python3-torch):

    /usr/bin/python3 make_golden.py

This script is the only source of the numbers: never edit the JSON by hand. Every file has the form
{"generator": {...}, "tensors": {name: {"shape": [...], "data": [row-major float32 values]}},
 "ints": {name: [...]}, "scalars": {name: number}}; float32 values are written in their shortest
round-trip form, so Java reads back the exact float32 that torch computed.

Files:
  ops.json          a few ops: seeded inputs, output, a seeded upstream gradient dy and the gradient of
                    every input (case.x, case.y, case.dy, case.grad.x)
  transformer.json  embedding -> one Qwen2 decoder block -> final RMSNorm -> lm_head -> cross-entropy:
                    parameters, ids, targets, logits, loss and the gradient of every parameter
  adamw.json        AdamW alone on one tensor with given gradients, 3 steps: parameter and both moments
                    after each step (single.*); then 10 AdamW steps on the transformer above (cosine
                    schedule with warmup, clipping to norm 1): lr (scalars lr.<step>, 0-based), loss and
                    gradient norm per step, parameters after the last step (param_after.*); this run is
                    torch's float64 one from the float32 start, see adamw()
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
IGNORE_INDEX = -100

# One thread, deterministic kernels: the same torch build writes the same bytes.
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
torch.set_default_dtype(torch.float32)


# ---- writing ---------------------------------------------------------------------------------------

class Golden:
    """The named tensors, int arrays and scalars of one golden file."""

    def __init__(self, name):
        self.name = name
        self.tensors, self.ints, self.scalars = {}, {}, {}

    def tensor(self, name, t):
        t = t.detach().clone()  # a snapshot: parameters and optimizer state change in place later
        assert t.dtype == torch.float32, (name, t.dtype)
        self.tensors[name] = t

    def write(self):
        def floats(t):
            # str of a numpy float32 is its shortest round-trip decimal: exact and compact.
            return "[" + ",".join(str(v) for v in t.reshape(-1).numpy()) + "]"

        def number(x):
            return str(np.float32(x)) if isinstance(x, np.float32) else repr(x)

        lines = ['{', '"generator": ' + json.dumps({"script": "make_golden.py", "torch": torch.__version__}) + ',',
                 '"tensors": {']
        items = [f'{json.dumps(n)}: {{"shape": {json.dumps(list(t.shape))}, "data": {floats(t)}}}'
                 for n, t in self.tensors.items()]
        lines.append(",\n".join(items))
        lines.append('},')
        lines.append('"ints": ' + json.dumps(self.ints) + ',')
        lines.append('"scalars": {' + ", ".join(f'{json.dumps(n)}: {number(x)}' for n, x in self.scalars.items()) + '}')
        lines.append('}')
        path = os.path.join(HERE, self.name)
        with open(path + ".tmp", "w") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(path + ".tmp", path)
        json.load(open(path))  # must parse
        print(f"{self.name}: {os.path.getsize(path)} bytes")


def randn(gen, *shape, scale=1.0):
    return torch.randn(*shape, generator=gen) * scale


def uniform(gen, low, high, *shape):
    return low + (high - low) * torch.rand(*shape, generator=gen)


# ---- the math, written as Hugging Face's Qwen2 writes it -------------------------------------------

def rms_norm(x, weight, eps):
    """Qwen2RMSNorm: x * rsqrt(mean(x^2) + eps) * weight."""
    variance = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


def rotary_cos_sin(positions, dim, base):
    """Qwen2RotaryEmbedding (default rope, attention_scaling 1): cos and sin of [T, dim], float32 step by step."""
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
    freqs = positions.float()[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def apply_rope(x, positions, base):
    """x [B, H, T, D] -> q * cos + rotate_half(q) * sin (apply_rotary_pos_emb)."""
    cos, sin = rotary_cos_sin(positions, x.shape[-1], base)
    return x * cos + rotate_half(x) * sin


def causal_attention(q, k, v, scale):
    """Eager attention with repeat_kv: q [B, Hq, T, D], k, v [B, Hkv, S, D]; query i sees key j <= i + S - T."""
    n_rep = q.shape[1] // k.shape[1]
    k, v = k.repeat_interleave(n_rep, dim=1), v.repeat_interleave(n_rep, dim=1)
    t, s = q.shape[-2], k.shape[-2]
    scores = torch.matmul(q, k.transpose(2, 3)) * scale
    future = torch.arange(s)[None, :] > torch.arange(t)[:, None] + (s - t)
    scores = scores.masked_fill(future, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # HF upcasts to float32 here: a no-op for float32 models
    return torch.matmul(weights, v)


# ---- ops --------------------------------------------------------------------------------------------

def op_case(golden, gen, case, fn, **inputs):
    """Records the inputs, y = fn(*inputs), a random dy and d(sum(y * dy)) / d(input) for every input."""
    leaves = {n: t.clone().requires_grad_(True) for n, t in inputs.items()}
    y = fn(*leaves.values())  # positional, in the order given
    dy = randn(gen, *y.shape)
    y.backward(dy)
    for n, leaf in leaves.items():
        golden.tensor(f"{case}.{n}", leaf)
    golden.tensor(f"{case}.y", y)
    golden.tensor(f"{case}.dy", dy)
    for n, leaf in leaves.items():
        golden.tensor(f"{case}.grad.{n}", leaf.grad)


def ops():
    g = Golden("ops.json")
    gen = torch.Generator().manual_seed(20250601)

    op_case(g, gen, "matmul", torch.matmul, a=randn(gen, 5, 7), b=randn(gen, 7, 3))
    op_case(g, gen, "matmul_batched", torch.matmul, a=randn(gen, 2, 3, 4, 5), b=randn(gen, 2, 3, 5, 6))
    op_case(g, gen, "matmul_shared", torch.matmul, a=randn(gen, 2, 4, 5), b=randn(gen, 5, 3))
    # Both operands enter as transposed views: y = at^T @ bt^T.
    op_case(g, gen, "matmul_transposed", lambda at, bt: torch.matmul(at.transpose(-1, -2), bt.transpose(-1, -2)),
            at=randn(gen, 2, 6, 4), bt=randn(gen, 2, 3, 6))
    op_case(g, gen, "linear", F.linear, x=randn(gen, 2, 3, 8), weight=randn(gen, 5, 8), bias=randn(gen, 5))

    op_case(g, gen, "add", torch.add, a=randn(gen, 3, 1, 5), b=randn(gen, 4, 1))
    op_case(g, gen, "mul", torch.mul, a=randn(gen, 3, 4, 5), b=randn(gen, 5))
    # Denominators kept away from zero: |b| in [0.5, 1.5].
    b = uniform(gen, 0.5, 1.5, 3, 4, 5) * torch.sign(randn(gen, 3, 4, 5))
    op_case(g, gen, "div", torch.div, a=randn(gen, 4, 1), b=b)

    op_case(g, gen, "softmax", lambda x: torch.softmax(x, dim=-1), x=randn(gen, 4, 9, scale=3))
    op_case(g, gen, "log_softmax", lambda x: torch.log_softmax(x, dim=-1), x=randn(gen, 4, 9, scale=3))
    op_case(g, gen, "silu", F.silu, x=randn(gen, 3, 10, scale=3))
    op_case(g, gen, "gelu", lambda x: F.gelu(x, approximate="none"), x=randn(gen, 3, 10, scale=3))

    eps = 1e-6
    g.scalars["rms_norm.eps"] = eps
    op_case(g, gen, "rms_norm", lambda x, weight: rms_norm(x, weight, eps),
            x=randn(gen, 2, 3, 16), weight=uniform(gen, 0.5, 1.5, 16))

    theta, positions = 10000.0, [3, 4, 5, 6, 7]  # a continued sequence, as after a KV cache of 3 tokens
    g.scalars["rope.theta"] = theta
    g.ints["rope.positions"] = positions
    op_case(g, gen, "rope", lambda x: apply_rope(x, torch.tensor(positions), theta), x=randn(gen, 2, 3, 5, 8))

    scale = 1 / math.sqrt(6)
    g.scalars["attention.scale"] = scale
    op_case(g, gen, "attention", lambda q, k, v: causal_attention(q, k, v, scale),
            q=randn(gen, 2, 4, 5, 6), k=randn(gen, 2, 2, 5, 6), v=randn(gen, 2, 2, 5, 6))
    # Decoding with a cache: 2 new queries against 5 keys.
    op_case(g, gen, "attention_cached", lambda q, k, v: causal_attention(q, k, v, scale),
            q=randn(gen, 1, 4, 2, 6), k=randn(gen, 1, 2, 5, 6), v=randn(gen, 1, 2, 5, 6))

    ids = [3, 1, 3, 7, 0, 3]  # row 3 three times: its gradient is a sum
    g.ints["embedding.ids"] = ids
    op_case(g, gen, "embedding", lambda table: F.embedding(torch.tensor(ids), table), table=randn(gen, 10, 4))

    targets = [2, IGNORE_INDEX, 5, 10, IGNORE_INDEX, 0]
    g.ints["cross_entropy.targets"] = targets
    op_case(g, gen, "cross_entropy",
            lambda logits: F.cross_entropy(logits, torch.tensor(targets), ignore_index=IGNORE_INDEX).reshape(1),
            logits=randn(gen, 6, 11, scale=2))
    g.write()


# ---- the small transformer -------------------------------------------------------------------------

CONFIG = dict(vocab=37, hidden=24, heads=4, kv_heads=2, head_dim=6, intermediate=40, tokens=7)
RMS_EPS, ROPE_THETA = 1e-6, 10000.0


def init_parameters(gen):
    """Every parameter random and non-trivial (norm weights in [0.5, 1.5], biases nonzero); names as Java's."""
    c = CONFIG
    h, q, kv, i, v = c["hidden"], c["heads"] * c["head_dim"], c["kv_heads"] * c["head_dim"], c["intermediate"], c["vocab"]

    def linear(out, inp):
        return uniform(gen, -1, 1, out, inp) / math.sqrt(inp)

    return {
        "embed_tokens.weight": randn(gen, v, h),
        "input_layernorm.weight": uniform(gen, 0.5, 1.5, h),
        "self_attn.q_proj.weight": linear(q, h),
        "self_attn.q_proj.bias": uniform(gen, -0.5, 0.5, q),
        "self_attn.k_proj.weight": linear(kv, h),
        "self_attn.k_proj.bias": uniform(gen, -0.5, 0.5, kv),
        "self_attn.v_proj.weight": linear(kv, h),
        "self_attn.v_proj.bias": uniform(gen, -0.5, 0.5, kv),
        "self_attn.o_proj.weight": linear(h, q),
        "post_attention_layernorm.weight": uniform(gen, 0.5, 1.5, h),
        "mlp.gate_proj.weight": linear(i, h),
        "mlp.up_proj.weight": linear(i, h),
        "mlp.down_proj.weight": linear(h, i),
        "norm.weight": uniform(gen, 0.5, 1.5, h),
        "lm_head.weight": linear(v, h),
    }


def transformer_logits(p, ids):
    """Qwen2 with one decoder layer, batch 1: ids [T] -> logits [T, vocab]."""
    c = CONFIG
    t, d = len(ids), c["head_dim"]
    positions = torch.arange(t)

    def heads(x, n):
        return x.view(1, t, n, d).transpose(1, 2)

    x = F.embedding(ids, p["embed_tokens.weight"])[None]  # [1, T, hidden]
    h = rms_norm(x, p["input_layernorm.weight"], RMS_EPS)
    q = heads(F.linear(h, p["self_attn.q_proj.weight"], p["self_attn.q_proj.bias"]), c["heads"])
    k = heads(F.linear(h, p["self_attn.k_proj.weight"], p["self_attn.k_proj.bias"]), c["kv_heads"])
    v = heads(F.linear(h, p["self_attn.v_proj.weight"], p["self_attn.v_proj.bias"]), c["kv_heads"])
    q, k = apply_rope(q, positions, ROPE_THETA), apply_rope(k, positions, ROPE_THETA)
    a = causal_attention(q, k, v, d ** -0.5).transpose(1, 2).reshape(1, t, c["heads"] * d)
    x = x + F.linear(a, p["self_attn.o_proj.weight"])
    h = rms_norm(x, p["post_attention_layernorm.weight"], RMS_EPS)
    mlp = F.linear(F.silu(F.linear(h, p["mlp.gate_proj.weight"])) * F.linear(h, p["mlp.up_proj.weight"]),
                   p["mlp.down_proj.weight"])
    x = rms_norm(x + mlp, p["norm.weight"], RMS_EPS)
    return F.linear(x, p["lm_head.weight"])[0]


def transformer_loss(p, ids, targets):
    logits = transformer_logits(p, ids)
    return logits, F.cross_entropy(logits, targets, ignore_index=IGNORE_INDEX)


def transformer_batch(gen):
    c = CONFIG
    ids = torch.randint(0, c["vocab"], (c["tokens"],), generator=gen)
    ids[4] = ids[1]  # a repeated token: its embedding gradient is a sum
    targets = torch.randint(0, c["vocab"], (c["tokens"],), generator=gen)
    targets[2] = targets[5] = IGNORE_INDEX
    return ids, targets


def transformer(initial, ids, targets):
    g = Golden("transformer.json")
    g.ints.update({k: v for k, v in CONFIG.items()})
    g.ints["ids"], g.ints["targets"] = ids.tolist(), targets.tolist()
    g.scalars["rms_eps"], g.scalars["rope_theta"] = RMS_EPS, ROPE_THETA
    p = {n: t.clone().requires_grad_(True) for n, t in initial.items()}
    logits, loss = transformer_loss(p, ids, targets)
    loss.backward()
    for n, t in p.items():
        g.tensor(f"param.{n}", t)
    g.tensor("logits", logits)
    g.scalars["loss"] = loss.detach().numpy().astype(np.float32)[()]
    for n, t in p.items():
        g.tensor(f"grad.{n}", t.grad)
    g.write()


# ---- AdamW ------------------------------------------------------------------------------------------

def cosine_schedule_with_warmup(num_warmup_steps, num_training_steps, num_cycles=0.5):
    """transformers' _get_cosine_schedule_with_warmup_lr_lambda, verbatim."""

    def lr_lambda(current_step):
        if current_step < num_warmup_steps:
            return float(current_step) / float(max(1, num_warmup_steps))
        progress = float(current_step - num_warmup_steps) / float(max(1, num_training_steps - num_warmup_steps))
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress)))

    return lr_lambda


BETAS, EPS, WEIGHT_DECAY = (0.9, 0.999), 1e-8, 0.01


def adamw_alone(g):
    """torch.optim.AdamW on one tensor with given gradients and learning rates: the parameter and both
    moments after every step (single.param.<s>, single.exp_avg.<s>, single.exp_avg_sq.<s>)."""
    gen = torch.Generator().manual_seed(20250603)
    p = torch.nn.Parameter(randn(gen, 4, 5))
    g.tensor("single.param", p)
    optimizer = torch.optim.AdamW([p], lr=1.0, betas=BETAS, eps=EPS, weight_decay=WEIGHT_DECAY)
    lrs = [1e-2, 5e-2, 3e-2]
    g.ints["single.steps"] = len(lrs)
    for s, lr in enumerate(lrs):
        p.grad = randn(gen, 4, 5, scale=0.1)
        optimizer.param_groups[0]["lr"] = lr
        optimizer.step()
        state = optimizer.state[p]
        g.scalars[f"single.lr.{s}"] = lr
        g.tensor(f"single.grad.{s}", p.grad)
        g.tensor(f"single.param.{s}", p)
        g.tensor(f"single.exp_avg.{s}", state["exp_avg"])
        g.tensor(f"single.exp_avg_sq.{s}", state["exp_avg_sq"])


TRAIN_STEPS, WARMUP, BASE_LR, MAX_NORM = 10, 3, 1e-2, 1.0


def train(initial, ids, targets, dtype):
    """The 10 steps of the golden run in dtype: lrs, losses, gradient norms, parameters after."""
    p = {n: t.detach().to(dtype).clone().requires_grad_(True) for n, t in initial.items()}
    optimizer = torch.optim.AdamW(p.values(), lr=BASE_LR, betas=BETAS, eps=EPS, weight_decay=WEIGHT_DECAY)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, cosine_schedule_with_warmup(WARMUP, TRAIN_STEPS))
    lrs, losses, norms = [], [], []
    for _ in range(TRAIN_STEPS):
        optimizer.zero_grad()
        _, loss = transformer_loss(p, ids, targets)
        loss.backward()
        norms.append(torch.nn.utils.clip_grad_norm_(p.values(), MAX_NORM).item())
        lrs.append(optimizer.param_groups[0]["lr"])
        losses.append(loss.item())
        optimizer.step()
        scheduler.step()
    return lrs, torch.tensor(losses, dtype=torch.float64), torch.tensor(norms, dtype=torch.float64), \
        {n: t.detach() for n, t in p.items()}


def within_golden_tolerance(name, actual, expected):
    """The Java tests' rule, |a - b| <= 1e-5 |b| + 1e-6 max|b|; returns the worst ratio of error to tolerance."""
    actual, expected = actual.double(), expected.double()
    tolerance = 1e-5 * expected.abs() + 1e-6 * expected.abs().max()
    ratio = ((actual - expected).abs() / tolerance).max().item()
    assert ratio <= 1, f"torch float32 is off its own float64 result beyond the golden tolerance: {name} ({ratio:.2f})"
    return ratio


def adamw(initial, ids, targets):
    g = Golden("adamw.json")
    g.ints.update(steps=TRAIN_STEPS, warmup=WARMUP)
    g.scalars.update(base_lr=BASE_LR, beta1=BETAS[0], beta2=BETAS[1], eps=EPS, weight_decay=WEIGHT_DECAY,
                     max_norm=MAX_NORM)
    adamw_alone(g)

    # Ten steps amplify rounding: Adam divides each update by the gradient's own size, so a gradient element
    # that float32 knows only roughly (one summed from cancelling terms) moves its parameter by an amount
    # float32 knows only roughly. The golden trajectory is therefore the float64 one, from the same float32
    # start (stored rounded to float32): what the algorithm gives in exact arithmetic. torch's own float32
    # run must land within the Java tests' tolerance of it, which this script checks.
    lrs, losses, norms, after = train(initial, ids, targets, torch.float64)
    _, losses32, norms32, after32 = train(initial, ids, targets, torch.float32)
    worst = max([within_golden_tolerance("loss", losses32, losses), within_golden_tolerance("grad_norm", norms32, norms)]
                + [within_golden_tolerance(n, after32[n], t) for n, t in after.items()])
    print(f"adamw: torch float32 vs float64 uses at most {worst:.2f} of the golden tolerance")

    g.tensor("loss", losses.float())
    g.tensor("grad_norm", norms.float())
    g.scalars.update({f"lr.{s}": x for s, x in enumerate(lrs)})  # the schedule's doubles, exactly
    for n, t in after.items():
        g.tensor(f"param_after.{n}", t.float())
    g.write()


def main():
    ops()
    gen = torch.Generator().manual_seed(20250602)
    initial = init_parameters(gen)
    ids, targets = transformer_batch(gen)
    transformer(initial, ids, targets)
    adamw(initial, ids, targets)


if __name__ == "__main__":
    main()
