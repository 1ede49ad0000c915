#!/usr/bin/python3
"""Writes the tiny random Qwen2 models and the PyTorch golden values that socialalign.models.qwen2 tests check.

Run with Debian's interpreter and torch (apt-get install python3-torch), from any directory:

    /usr/bin/python3 make_golden.py

Debian packages neither transformers nor safetensors, so this script holds Qwen2 in plain torch, written line for
line as transformers' modeling_qwen2.py (eager attention) computes it, and writes safetensors files by hand (an
8-byte little-endian header length, the JSON header padded with spaces to 8 bytes, the raw little-endian data).
This script is the only source of the numbers: never edit its outputs by hand.

Each model is a real Hugging Face directory (config.json, weights, and for the first a byte-level tokenizer.json
with the ChatML special tokens), plus expected.safetensors (float32): "logits" [T, vocab] and "loss" [] of the
ids and (already shifted) targets stored in its __metadata__, and "grad.<name>" for every parameter. Weights stored
as BF16 or F16 are widened first, as the Java loader does; see COMPUTE for the precision of the golden values.
"""
import json
import os
import struct

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
IGNORE_INDEX = -100

# The golden values are the exact results (computed in float64, rounded once to float32), so that a test measures
# the Java float32 implementation's own error. Torch's float32 run of the same model differs from them by up to
# 1e-6 in logits and, in gradients whose terms cancel (k_proj.bias above all), by up to 1e-3 of an element.
COMPUTE = torch.float64

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

MODELS = [
    # name, dtype, tied, layout, config overrides
    dict(name="tied-gqa2-f32", dtype=torch.float32, shards=1, tokenizer=True, seed=1,
         config=dict(vocab_size=272, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=2, rms_norm_eps=1e-6, rope_theta=10000.0,
                     tie_word_embeddings=True)),
    dict(name="untied-gqa4-bf16", dtype=torch.bfloat16, shards=1, tokenizer=False, seed=2,
         config=dict(vocab_size=160, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=1, rms_norm_eps=1e-5, rope_theta=1000000.0,
                     tie_word_embeddings=False)),
    dict(name="untied-gqa2-f16-sharded", dtype=torch.float16, shards=2, tokenizer=False, seed=3,
         config=dict(vocab_size=128, hidden_size=48, intermediate_size=80, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=2, rms_norm_eps=1e-6, rope_theta=10000.0,
                     tie_word_embeddings=False)),
]

SAFETENSORS_DTYPE = {torch.float32: "F32", torch.bfloat16: "BF16", torch.float16: "F16"}
TORCH_DTYPE_NAME = {torch.float32: "float32", torch.bfloat16: "bfloat16", torch.float16: "float16"}


# ---- the model, as transformers' modeling_qwen2.py --------------------------------------------------

def parameter_shapes(c):
    h, i, kv = c["hidden_size"], c["intermediate_size"], c["num_key_value_heads"] * c["hidden_size"] // c["num_attention_heads"]
    shapes = {"model.embed_tokens.weight": [c["vocab_size"], h]}
    for layer in range(c["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        shapes.update({
            p + "self_attn.q_proj.weight": [h, h], p + "self_attn.q_proj.bias": [h],
            p + "self_attn.k_proj.weight": [kv, h], p + "self_attn.k_proj.bias": [kv],
            p + "self_attn.v_proj.weight": [kv, h], p + "self_attn.v_proj.bias": [kv],
            p + "self_attn.o_proj.weight": [h, h],
            p + "mlp.gate_proj.weight": [i, h], p + "mlp.up_proj.weight": [i, h], p + "mlp.down_proj.weight": [h, i],
            p + "input_layernorm.weight": [h], p + "post_attention_layernorm.weight": [h],
        })
    shapes["model.norm.weight"] = [h]
    if not c["tie_word_embeddings"]:
        shapes["lm_head.weight"] = [c["vocab_size"], h]
    return shapes


def random_parameters(c, generator):
    """Non-trivial values everywhere: norm weights around 1, biases well away from 0, weights ~ 1/sqrt(fan_in)."""
    params = {}
    for name, shape in parameter_shapes(c).items():
        if name.endswith("layernorm.weight") or name == "model.norm.weight":
            t = 1 + 0.2 * torch.randn(shape, generator=generator)
        elif name.endswith(".bias"):
            t = 0.2 * torch.randn(shape, generator=generator)
        elif name == "model.embed_tokens.weight":
            t = 0.5 * torch.randn(shape, generator=generator)
        else:
            t = torch.randn(shape, generator=generator) / shape[1] ** 0.5
        params[name] = t
    return params


def rms_norm(x, weight, eps):  # Qwen2RMSNorm (which computes in float32, or here in float64 when given it)
    input_dtype = x.dtype
    x = x.to(torch.promote_types(x.dtype, torch.float32))
    variance = x.pow(2).mean(-1, keepdim=True)
    x = x * torch.rsqrt(variance + eps)
    return weight * x.to(input_dtype)


def rotary(c, t):  # Qwen2RotaryEmbedding, default rope type (attention_scaling 1)
    dim = c["hidden_size"] // c["num_attention_heads"]
    inv_freq = 1.0 / (c["rope_theta"] ** (torch.arange(0, dim, 2, dtype=torch.int64).to(COMPUTE) / dim))
    position_ids = torch.arange(t)[None, :]
    inv_freq_expanded = inv_freq[None, :, None]
    freqs = (inv_freq_expanded @ position_ids[:, None, :].to(COMPUTE)).transpose(1, 2)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def repeat_kv(x, n_rep):
    b, kv, t, d = x.shape
    return x if n_rep == 1 else x[:, :, None, :, :].expand(b, kv, n_rep, t, d).reshape(b, kv * n_rep, t, d)


def attention(c, p, prefix, x, cos, sin):  # Qwen2Attention with eager_attention_forward
    b, t, _ = x.shape
    heads, kv_heads = c["num_attention_heads"], c["num_key_value_heads"]
    d = c["hidden_size"] // heads
    q = F.linear(x, p[prefix + "q_proj.weight"], p[prefix + "q_proj.bias"]).view(b, t, -1, d).transpose(1, 2)
    k = F.linear(x, p[prefix + "k_proj.weight"], p[prefix + "k_proj.bias"]).view(b, t, -1, d).transpose(1, 2)
    v = F.linear(x, p[prefix + "v_proj.weight"], p[prefix + "v_proj.bias"]).view(b, t, -1, d).transpose(1, 2)
    cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)
    q = q * cos + rotate_half(q) * sin
    k = k * cos + rotate_half(k) * sin
    k, v = repeat_kv(k, heads // kv_heads), repeat_kv(v, heads // kv_heads)
    weights = torch.matmul(q, k.transpose(2, 3)) * d ** -0.5
    causal = torch.full((t, t), torch.finfo(weights.dtype).min, dtype=weights.dtype).triu(1)
    weights = F.softmax(weights + causal, dim=-1, dtype=torch.float32).to(q.dtype)
    out = torch.matmul(weights, v).transpose(1, 2).reshape(b, t, -1).contiguous()
    return F.linear(out, p[prefix + "o_proj.weight"])


def forward(c, p, ids):  # Qwen2ForCausalLM.forward -> logits [T, vocab]
    x = F.embedding(ids[None, :], p["model.embed_tokens.weight"])
    cos, sin = rotary(c, ids.shape[0])
    eps = c["rms_norm_eps"]
    for layer in range(c["num_hidden_layers"]):
        pre = f"model.layers.{layer}."
        h = x + attention(c, p, pre + "self_attn.", rms_norm(x, p[pre + "input_layernorm.weight"], eps), cos, sin)
        n = rms_norm(h, p[pre + "post_attention_layernorm.weight"], eps)
        mlp = F.linear(F.silu(F.linear(n, p[pre + "mlp.gate_proj.weight"])) * F.linear(n, p[pre + "mlp.up_proj.weight"]),
                       p[pre + "mlp.down_proj.weight"])
        x = h + mlp
    x = rms_norm(x, p["model.norm.weight"], eps)
    head = p["model.embed_tokens.weight"] if c["tie_word_embeddings"] else p["lm_head.weight"]
    return F.linear(x, head)[0]


# ---- files ----------------------------------------------------------------------------------------

def raw_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16 or t.dtype == torch.float16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype("<f4").tobytes()


def write_safetensors(path, tensors, metadata=None):
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = raw_bytes(t)
        header[name] = {"dtype": SAFETENSORS_DTYPE[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def hf_config(spec):
    c = dict(architectures=["Qwen2ForCausalLM"], model_type="qwen2", hidden_act="silu",
             max_position_embeddings=512, attention_dropout=0.0, initializer_range=0.02,
             use_cache=True, use_sliding_window=False, sliding_window=512, max_window_layers=2,
             rope_scaling=None, bos_token_id=256, eos_token_id=258, torch_dtype=TORCH_DTYPE_NAME[spec["dtype"]])
    c.update(spec["config"])
    return c


def bytes_to_unicode():  # GPT-2's byte-level table
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def write_tokenizer(path):
    """Byte-level BPE over the 256 bytes plus a few English merges, and Qwen2's three special tokens (ids 256..258)."""
    table = bytes_to_unicode()
    vocab = {table[b]: b for b in range(256)}
    merges = [["h", "e"], ["l", "l"], ["Ġ", "t"], ["he", "ll"], ["hell", "o"], ["Ġt", "h"], ["Ġth", "e"]]
    added = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    next_id = 256 + len(added)
    for a, b in merges:
        vocab[a + b] = next_id
        next_id += 1
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
    write_json(path, {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": 256 + i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for i, t in enumerate(added)],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},
             "behavior": "Isolated", "invert": False},
            dict(byte_level)]},
        "post_processor": dict(byte_level),
        "decoder": dict(byte_level),
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    })


def make(spec):
    out = os.path.join(HERE, spec["name"])
    os.makedirs(out, exist_ok=True)
    config = hf_config(spec)
    generator = torch.Generator().manual_seed(spec["seed"])
    stored = {n: t.to(spec["dtype"]) for n, t in random_parameters(config, generator).items()}
    params = {n: t.to(COMPUTE).requires_grad_() for n, t in stored.items()}

    t = 9
    ids = torch.randint(0, config["vocab_size"], (t,), generator=generator)
    targets = torch.cat([ids[1:], torch.tensor([IGNORE_INDEX])])
    targets[3] = IGNORE_INDEX
    logits = forward(config, params, ids)
    loss = F.cross_entropy(logits, targets, ignore_index=IGNORE_INDEX)
    loss.backward()

    write_json(os.path.join(out, "config.json"), config)
    names = list(stored)
    if spec["shards"] == 1:
        write_safetensors(os.path.join(out, "model.safetensors"), stored, {"format": "pt"})
    else:
        weight_map, per = {}, (len(names) + spec["shards"] - 1) // spec["shards"]
        for s in range(spec["shards"]):
            file = f"model-{s + 1:05d}-of-{spec['shards']:05d}.safetensors"
            part = {n: stored[n] for n in names[s * per:(s + 1) * per]}
            write_safetensors(os.path.join(out, file), part, {"format": "pt"})
            weight_map.update({n: file for n in part})
        total = sum(len(raw_bytes(v)) for v in stored.values())
        write_json(os.path.join(out, "model.safetensors.index.json"), {"metadata": {"total_size": total}, "weight_map": weight_map})
    if spec["tokenizer"]:
        write_tokenizer(os.path.join(out, "tokenizer.json"))

    expected = {"logits": logits.detach().float(), "loss": loss.detach().float()}
    expected.update({"grad." + n: p.grad.float() for n, p in params.items()})
    write_safetensors(os.path.join(out, "expected.safetensors"), expected,
                      {"ids": json.dumps(ids.tolist()), "targets": json.dumps(targets.tolist()), "torch": torch.__version__})
    print(f"{spec['name']}: loss {loss.item():.6f}, logits in [{logits.min().item():.3f}, {logits.max().item():.3f}]")


if __name__ == "__main__":
    for spec in MODELS:
        make(spec)
