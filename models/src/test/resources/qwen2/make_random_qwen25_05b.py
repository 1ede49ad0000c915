#!/usr/bin/python3
"""Writes a Qwen2.5-0.5B-shaped Qwen2 model with random weights, for speed measurements only (never commit its output).

    /usr/bin/python3 make_random_qwen25_05b.py OUT_DIR [--dtype bf16|f16|f32]

Shape of Qwen2.5-0.5B-Instruct: hidden 896, 24 layers, 14 heads, 2 KV heads, intermediate 4864, vocab 151936, tied
embeddings, rope_theta 1e6. Weights are drawn as in make_golden.py (so activations stay in a realistic range) and
written as one model.safetensors with the same hand-written writer; BF16 is about 1 GB, F32 about 2 GB.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_golden  # noqa: E402

DTYPES = {"bf16": torch.bfloat16, "f16": torch.float16, "f32": torch.float32}


def main():
    out = sys.argv[1]
    dtype = DTYPES[sys.argv[sys.argv.index("--dtype") + 1]] if "--dtype" in sys.argv else torch.bfloat16
    spec = dict(dtype=dtype, config=dict(vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                                          num_attention_heads=14, num_key_value_heads=2, rms_norm_eps=1e-6,
                                          rope_theta=1000000.0, tie_word_embeddings=True, max_position_embeddings=32768))
    config = make_golden.hf_config(spec)
    config.update(bos_token_id=151643, eos_token_id=151645, sliding_window=32768, max_window_layers=21)
    os.makedirs(out, exist_ok=True)
    params = make_golden.random_parameters(config, torch.Generator().manual_seed(0))
    make_golden.write_json(os.path.join(out, "config.json"), config)
    make_golden.write_safetensors(os.path.join(out, "model.safetensors"), {n: t.to(dtype) for n, t in params.items()}, {"format": "pt"})
    print(f"wrote {out}: {sum(t.numel() for t in params.values()) / 1e6:.1f}M parameters as {dtype}")


if __name__ == "__main__":
    main()
