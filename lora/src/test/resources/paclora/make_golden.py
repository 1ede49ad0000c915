#!/usr/bin/python3
"""Writes the PyTorch golden values that socialalign.lora's parity tests check: the PAC-LoRA layer and a whole tiny
Qwen2 with PAC-LoRA on all seven projections, in every gate mode, outputs and every gradient.

Run with Debian's interpreter and torch (apt-get install python3-torch), from any directory:

    /usr/bin/python3 make_golden.py

The layer is written here literally as the reference computes it (spec C7, pac_lora_peft's Linear.forward): masks
from token positions, x_news / x_user zeroed outside their span, per-token gates over the whole chunk, one loop over
the experts. The Java layer computes the same values differently (gate MLPs only on span rows, stacked experts), so
this checks its math, not a transcription. Qwen2 itself is the models module's make_golden.py (imported), its seven
projections routed through the adapter.

As there, the golden values are exact (float64 on the stored float32 values, rounded once to float32) and the
outputs are never edited by hand. Dropout is off (evaluation), as in the `grad` command.

Outputs:
  layer.safetensors      case<k>.<tensor> for each layer case; its __metadata__ "cases" lists the shapes and spans
  tiny-qwen2/            config.json + model.safetensors (F32): hidden 16, 2 layers, 4 heads / 2 KV heads, vocab 64
  tiny-pac/              the PEFT adapter (adapter_config.json + adapter_model.safetensors, F32; r 2, alpha 6)
  model.safetensors      per mode: logits.<mode>, loss.<mode>, grad.<mode>.<adapter key>; grad.token.<base name>
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave no __pycache__ in the models module
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "..", "models", "src", "test", "resources", "qwen2"))
import make_golden as qwen2  # noqa: E402

COMPUTE = torch.float64
MODES = ["token", "pooled", "avg_a", "avg_b", "avg_both"]
EXPERTS, GATE_HIDDEN = 3, 32
PROJECTIONS = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
               "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]
ADAPTER_KEYS = ["lora_A", "lora_A1", "lora_A2", "lora_B", "lora_B1", "lora_B2",
                "lora_A_gate_dense1", "lora_A_gate_dense2", "lora_B_gate_dense1", "lora_B_gate_dense2"]

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


# ---- the PAC-LoRA layer, as the reference computes it ----------------------------------------------

def adapter_shapes(d_in, d_out, r):
    shapes = {}
    for i, k in enumerate(["lora_A", "lora_A1", "lora_A2"]):
        shapes[k] = [r, d_in]
    for k in ["lora_B", "lora_B1", "lora_B2"]:
        shapes[k] = [d_out, r]
    for side in "AB":
        shapes[f"lora_{side}_gate_dense1"] = [GATE_HIDDEN, d_in]
        shapes[f"lora_{side}_gate_dense2"] = [EXPERTS, GATE_HIDDEN]
    return shapes


def random_adapter(d_in, d_out, r, generator):
    """Non-zero everywhere (B too, unlike a fresh adapter), scaled so that the gates are far from uniform."""
    out = {}
    for k, shape in adapter_shapes(d_in, d_out, r).items():
        scale = 2.0 if "gate" in k else 1.0
        out[k] = scale * torch.randn(shape, generator=generator) / shape[1] ** 0.5
    return out


def gate(x, dense1, dense2):
    return F.softmax(F.linear(F.gelu(F.linear(x, dense1)), dense2), dim=-1)


def pac_linear(x, weight, bias, a, mode, user_end, news_end, scaling):
    """pac_lora_peft Linear.forward(x, news_mask, user_mask) with absolute positions 0..T-1, dropout off."""
    result = F.linear(x, weight, bias)
    t = torch.arange(x.shape[1])
    user = (t < user_end).to(x.dtype)[None, :, None]
    news = ((t >= user_end) & (t < news_end)).to(x.dtype)[None, :, None]
    x_news, x_user = x * news, x * user
    uniform = torch.full(x.shape[:2] + (EXPERTS,), 1.0 / EXPERTS, dtype=x.dtype)
    if mode == "pooled":  # ours: one gate per span from its mean hidden state, for every token
        def pooled(mask, side):
            if mask.sum() == 0:
                return uniform
            mean = (x * mask).sum(1, keepdim=True) / mask.sum()
            return gate(mean, a[f"lora_{side}_gate_dense1"], a[f"lora_{side}_gate_dense2"]).expand_as(uniform)
        g_a, g_b = pooled(news, "A"), pooled(user, "B")
    else:
        g_a = gate(x_news, a["lora_A_gate_dense1"], a["lora_A_gate_dense2"])
        g_b = gate(x_user, a["lora_B_gate_dense1"], a["lora_B_gate_dense2"])
    if mode in ("avg_a", "avg_both"):
        g_a = uniform
    if mode in ("avg_b", "avg_both"):
        g_b = uniform
    h = sum(g_a[..., i:i + 1] * F.linear(x, a[k]) for i, k in enumerate(["lora_A", "lora_A1", "lora_A2"]))
    delta = sum(g_b[..., j:j + 1] * F.linear(h, a[k]) for j, k in enumerate(["lora_B", "lora_B1", "lora_B2"]))
    return result + scaling * delta


def layer_cases():
    generator = torch.Generator().manual_seed(7)
    tensors, cases = {}, []
    for k in range(10):
        mode = MODES[k % len(MODES)]
        b = 1 + k % 2
        t = int(torch.randint(4, 12, (1,), generator=generator))
        d_in = int(torch.randint(3, 20, (1,), generator=generator))
        d_out = int(torch.randint(2, 17, (1,), generator=generator))
        r = int(torch.randint(1, 5, (1,), generator=generator))
        alpha = float(torch.randint(1, 17, (1,), generator=generator))
        with_bias = k % 3 != 0
        user_end = int(torch.randint(0, t, (1,), generator=generator))
        news_end = user_end + int(torch.randint(0, t + 3 - user_end, (1,), generator=generator))  # may pass the end
        stored = {"x": torch.randn(b, t, d_in, generator=generator),
                  "weight": torch.randn(d_out, d_in, generator=generator) / d_in ** 0.5,
                  "dy": torch.randn(b, t, d_out, generator=generator)}
        if with_bias:
            stored["bias"] = 0.3 * torch.randn(d_out, generator=generator)
        stored.update({"adapter." + n: v for n, v in random_adapter(d_in, d_out, r, generator).items()})
        p = {n: v.to(COMPUTE).requires_grad_() for n, v in stored.items()}
        a = {n[len("adapter."):]: v for n, v in p.items() if n.startswith("adapter.")}
        y = pac_linear(p["x"], p["weight"], p.get("bias"), a, mode, user_end, news_end, alpha / r)
        (y * p["dy"]).sum().backward()
        for n, v in stored.items():
            tensors[f"case{k}.{n}"] = v
        tensors[f"case{k}.y"] = y.detach().float()
        for n, v in p.items():
            if n != "dy":  # a gate that the mode or an empty span leaves unused has no gradient: zeros
                tensors[f"case{k}.grad.{n}"] = (v.grad if v.grad is not None else torch.zeros_like(v)).float()
        cases.append(dict(mode=mode, r=r, alpha=alpha, user_end=user_end, news_end=news_end, bias=with_bias))
    qwen2.write_safetensors(os.path.join(HERE, "layer.safetensors"), tensors, {"cases": json.dumps(cases)})
    print(f"layer: {len(cases)} cases")


# ---- a whole tiny Qwen2 with PAC-LoRA on every projection ------------------------------------------

MODEL = dict(vocab_size=64, hidden_size=16, intermediate_size=24, num_hidden_layers=2, num_attention_heads=4,
             num_key_value_heads=2, rms_norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=False)
R, ALPHA = 2, 6.0


def decoder(c, p, ids, proj, cos, sin):
    """models' make_golden decoder up to the final norm, [1, T, hidden], each projection y = F.linear(x, W, b)
    computed by proj(name, x); cos and sin [T, 1, head_dim]-broadcastable rotary tables."""
    b, t = 1, ids.shape[0]
    heads, kv_heads = c["num_attention_heads"], c["num_key_value_heads"]
    d = c["hidden_size"] // heads
    eps = c["rms_norm_eps"]
    x = F.embedding(ids[None, :], p["model.embed_tokens.weight"])
    for layer in range(c["num_hidden_layers"]):
        pre = f"model.layers.{layer}."
        n = qwen2.rms_norm(x, p[pre + "input_layernorm.weight"], eps)
        q = proj(pre + "self_attn.q_proj", n).view(b, t, -1, d).transpose(1, 2)
        k = proj(pre + "self_attn.k_proj", n).view(b, t, -1, d).transpose(1, 2)
        v = proj(pre + "self_attn.v_proj", n).view(b, t, -1, d).transpose(1, 2)
        q = q * cos + qwen2.rotate_half(q) * sin
        k = k * cos + qwen2.rotate_half(k) * sin
        k, v = qwen2.repeat_kv(k, heads // kv_heads), qwen2.repeat_kv(v, heads // kv_heads)
        w = torch.matmul(q, k.transpose(2, 3)) * d ** -0.5
        causal = torch.full((t, t), torch.finfo(w.dtype).min, dtype=w.dtype).triu(1)
        w = F.softmax(w + causal, dim=-1, dtype=torch.float32).to(q.dtype)
        out = torch.matmul(w, v).transpose(1, 2).reshape(b, t, -1)
        h = x + proj(pre + "self_attn.o_proj", out)
        n = qwen2.rms_norm(h, p[pre + "post_attention_layernorm.weight"], eps)
        x = h + proj(pre + "mlp.down_proj", F.silu(proj(pre + "mlp.gate_proj", n)) * proj(pre + "mlp.up_proj", n))
    return qwen2.rms_norm(x, p["model.norm.weight"], eps)


def forward(c, p, a, ids, mode, user_end, news_end):
    """models' make_golden forward, each projection replaced by the PAC-LoRA layer."""
    def proj(name, x):
        return pac_linear(x, p[name + ".weight"], p.get(name + ".bias"), a[name], mode, user_end, news_end, ALPHA / R)

    cos, sin = qwen2.rotary(c, ids.shape[0])
    return F.linear(decoder(c, p, ids, proj, cos.unsqueeze(1), sin.unsqueeze(1)), p["lm_head.weight"])[0]


def projection_shape(c, name):
    h, i = c["hidden_size"], c["intermediate_size"]
    kv = c["num_key_value_heads"] * h // c["num_attention_heads"]
    return {"q_proj": (h, h), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (h, h),
            "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}[name.split(".")[-1]]


def model_case():
    c = qwen2.hf_config(dict(dtype=torch.float32, config=MODEL))
    generator = torch.Generator().manual_seed(11)
    stored = qwen2.random_parameters(c, generator)
    adapter = {}
    for layer in range(c["num_hidden_layers"]):
        for proj in PROJECTIONS:
            name = f"model.layers.{layer}.{proj}"
            d_in, d_out = projection_shape(c, proj)
            adapter[name] = random_adapter(d_in, d_out, R, generator)
    t, user_end, news_end = 14, 5, 9
    ids = torch.randint(0, c["vocab_size"], (t,), generator=generator)
    targets = torch.cat([ids[1:], torch.tensor([qwen2.IGNORE_INDEX])])
    targets[:news_end] = qwen2.IGNORE_INDEX  # the loss covers the response, as in training

    model_dir, adapter_dir = os.path.join(HERE, "tiny-qwen2"), os.path.join(HERE, "tiny-pac")
    os.makedirs(model_dir, exist_ok=True)
    os.makedirs(adapter_dir, exist_ok=True)
    qwen2.write_json(os.path.join(model_dir, "config.json"), c)
    qwen2.write_safetensors(os.path.join(model_dir, "model.safetensors"), stored, {"format": "pt"})
    peft = {f"base_model.model.{m}.{k}.weight": v for m, a in adapter.items() for k, v in a.items()}
    qwen2.write_safetensors(os.path.join(adapter_dir, "adapter_model.safetensors"), peft, {"format": "pt"})
    qwen2.write_json(os.path.join(adapter_dir, "adapter_config.json"), {
        "base_model_name_or_path": "tiny-qwen2", "bias": "none", "fan_in_fan_out": False, "inference_mode": True,
        "init_lora_weights": True, "lora_alpha": ALPHA, "lora_dropout": 0.1, "modules_to_save": None,
        "peft_type": "LORA", "r": R, "target_modules": [p.split(".")[-1] for p in PROJECTIONS],
        "task_type": "CAUSAL_LM", "use_dora": False, "use_rslora": False})

    expected = {}
    for mode in MODES:
        p = {n: v.to(COMPUTE).requires_grad_() for n, v in stored.items()}
        a = {m: {k: v.to(COMPUTE).requires_grad_() for k, v in ad.items()} for m, ad in adapter.items()}
        logits = forward(c, p, a, ids, mode, user_end, news_end)
        loss = F.cross_entropy(logits, targets, ignore_index=qwen2.IGNORE_INDEX)
        loss.backward()
        expected[f"logits.{mode}"] = logits.detach().float()
        expected[f"loss.{mode}"] = loss.detach().float()
        for m, ad in a.items():
            for k, v in ad.items():
                g = v.grad if v.grad is not None else torch.zeros_like(v)
                expected[f"grad.{mode}.base_model.model.{m}.{k}.weight"] = g.float()
        if mode == "token":  # the base's gradients once: the gate mode changes only the adapter's path
            expected.update({f"grad.{mode}.{n}": v.grad.float() for n, v in p.items()})
        print(f"model {mode}: loss {loss.item():.6f}")
    qwen2.write_safetensors(os.path.join(HERE, "model.safetensors"), expected,
                            {"ids": json.dumps(ids.tolist()), "targets": json.dumps(targets.tolist()),
                             "user_end": str(user_end), "news_end": str(news_end), "torch": torch.__version__})


if __name__ == "__main__":
    layer_cases()
    model_case()
