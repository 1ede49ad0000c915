#!/usr/bin/python3
"""Converts a Hugging Face Qwen2 directory (config.json, safetensors, tokenizer.json) to GGUF v3 for llama.cpp.

    /usr/bin/python3 bench/qwen2/to_gguf.py MODEL_DIR OUT.gguf [--type f32|bf16|f16] [--tokenizer TOKENIZER.json]

Debian ships no `gguf` package, so the format is written here from the GGUF v3 specification (ggml's docs/gguf.md):
little-endian header (magic, version 3, tensor count, metadata count), typed key-value metadata, tensor infos (name,
dimensions innermost first, ggml type, offset into the data section) and the tensor data, every tensor starting on a
32-byte boundary. Names and metadata keys are those llama.cpp's own converter writes for the `qwen2` architecture.
Matrices are stored in the chosen --type; norms and biases stay F32, as llama.cpp's converter keeps them.
Needs Debian's python3-torch for the dtype conversions (bf16 has no numpy type). The tokenizer defaults to
MODEL_DIR/tokenizer.json; models made by make_random_qwen25_05b.py have none, so pass the real Qwen one.
"""
import argparse
import json
import os
import re
import struct
import sys

import torch

GGUF_MAGIC = b"GGUF"
GGUF_VERSION = 3
ALIGNMENT = 32

# gguf_type: the tag of a metadata value.
UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY = 4, 5, 6, 7, 8, 9
# ggml_type of tensor data, and llama.cpp's general.file_type (llama_ftype) of a file whose matrices have it.
TENSOR_TYPES = {  # --type: (torch dtype, ggml_type, llama_ftype)
    "f32": (torch.float32, 0, 0),
    "f16": (torch.float16, 1, 1),
    "bf16": (torch.bfloat16, 30, 32),
}
SAFETENSORS_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
# llama.cpp's token types (llama_token_type).
NORMAL, CONTROL, USER_DEFINED, UNUSED = 1, 3, 4, 5

# Hugging Face parameter name -> llama.cpp tensor name (llama.cpp's LLM_TENSOR_NAMES for qwen2).
GLOBAL_NAMES = {
    "model.embed_tokens.weight": "token_embd.weight",
    "model.norm.weight": "output_norm.weight",
    "lm_head.weight": "output.weight",
}
LAYER_NAMES = {
    "input_layernorm.weight": "attn_norm.weight",
    "self_attn.q_proj.weight": "attn_q.weight",
    "self_attn.q_proj.bias": "attn_q.bias",
    "self_attn.k_proj.weight": "attn_k.weight",
    "self_attn.k_proj.bias": "attn_k.bias",
    "self_attn.v_proj.weight": "attn_v.weight",
    "self_attn.v_proj.bias": "attn_v.bias",
    "self_attn.o_proj.weight": "attn_output.weight",
    "post_attention_layernorm.weight": "ffn_norm.weight",
    "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight",
    "mlp.down_proj.weight": "ffn_down.weight",
}
LAYER_PATTERN = re.compile(r"model\.layers\.(\d+)\.(.+)")


def fail(message):
    print(f"to_gguf: {message}", file=sys.stderr)
    sys.exit(2)


def gguf_name(hf_name):
    if hf_name in GLOBAL_NAMES:
        return GLOBAL_NAMES[hf_name]
    match = LAYER_PATTERN.fullmatch(hf_name)
    if match and match.group(2) in LAYER_NAMES:
        return f"blk.{match.group(1)}.{LAYER_NAMES[match.group(2)]}"
    fail(f"tensor {hf_name}: not a Qwen2 parameter")


# ---- reading the Hugging Face directory ------------------------------------------------------------------------

def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def safetensors_entries(model_dir):
    """(hf name, file, dtype, shape, absolute begin, end) of every tensor, from model.safetensors or its shards."""
    index = os.path.join(model_dir, "model.safetensors.index.json")
    if os.path.exists(index):
        files = sorted(set(read_json(index)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    entries = []
    for name in files:
        path = os.path.join(model_dir, name)
        try:
            size = os.path.getsize(path)
            with open(path, "rb") as f:
                (header_length,) = struct.unpack("<Q", f.read(8))
                if header_length > 100_000_000 or 8 + header_length > size:
                    fail(f"{path}: header length {header_length} does not fit the file ({size} bytes)")
                header = json.loads(f.read(header_length))
        except (OSError, ValueError, struct.error) as e:
            fail(f"{path}: {e}")
        base = 8 + header_length
        for tensor, info in header.items():
            if tensor == "__metadata__":
                continue
            if info["dtype"] not in SAFETENSORS_DTYPES:
                fail(f"{path}: tensor {tensor}: dtype {info['dtype']} is not F32, F16 or BF16")
            begin, end = info["data_offsets"]
            if base + end > size:
                fail(f"{path}: tensor {tensor}: bytes {begin}..{end} lie outside the file")
            entries.append((tensor, path, info["dtype"], info["shape"], base + begin, base + end))
    return entries


def read_tensor(path, dtype, shape, begin, end):
    with open(path, "rb") as f:
        f.seek(begin)
        data = bytearray(f.read(end - begin))
    return torch.frombuffer(data, dtype=SAFETENSORS_DTYPES[dtype]).reshape(shape)


def vocabulary(tokenizer, tokenizer_path, vocab_size):
    """tokens, token types and merges as llama.cpp's converter derives them from tokenizer.json for a gpt2-style BPE."""
    model = tokenizer.get("model", {})
    if model.get("type") != "BPE":
        fail(f"{tokenizer_path}: model.type is {model.get('type')!r}, not BPE")
    by_id = {i: (token, NORMAL) for token, i in model["vocab"].items()}
    for added in tokenizer.get("added_tokens", []):
        content = added["content"]
        # llama.cpp treats an added token as control when it is special or looks like one (<|...|>).
        special = added.get("special") or (content.startswith("<|") and content.endswith("|>"))
        by_id[added["id"]] = (content, CONTROL if special else USER_DEFINED)
    if max(by_id) >= vocab_size:
        fail(f"{tokenizer_path}: token id {max(by_id)} is outside the model's vocab_size {vocab_size}")
    tokens, types = [], []
    for i in range(vocab_size):  # rows beyond the tokenizer are padding, never produced by it
        token, kind = by_id.get(i, (f"[PAD{i}]", UNUSED))
        tokens.append(token)
        types.append(kind)
    merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    return tokens, types, merges


# ---- writing GGUF ------------------------------------------------------------------------------------------------

def gguf_string(s):
    data = s.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def gguf_value(kind, value):
    if kind == STRING:
        return gguf_string(value)
    if kind == ARRAY:
        element_kind, items = value
        body = b"".join(gguf_value(element_kind, item) for item in items)
        return struct.pack("<IQ", element_kind, len(items)) + body
    return struct.pack({UINT32: "<I", INT32: "<i", FLOAT32: "<f", BOOL: "<?"}[kind], value)


def metadata(config, name, file_type, tokenizer_path):
    tokenizer = read_json(tokenizer_path)
    tokens, types, merges = vocabulary(tokenizer, tokenizer_path, config["vocab_size"])
    pad_id = pad_token_id(tokenizer, tokenizer_path)
    arch = "qwen2"
    return [
        ("general.architecture", STRING, arch),
        ("general.name", STRING, name),
        ("general.file_type", UINT32, file_type),
        ("general.alignment", UINT32, ALIGNMENT),
        (f"{arch}.context_length", UINT32, config["max_position_embeddings"]),
        (f"{arch}.embedding_length", UINT32, config["hidden_size"]),
        (f"{arch}.block_count", UINT32, config["num_hidden_layers"]),
        (f"{arch}.feed_forward_length", UINT32, config["intermediate_size"]),
        (f"{arch}.attention.head_count", UINT32, config["num_attention_heads"]),
        (f"{arch}.attention.head_count_kv", UINT32, config["num_key_value_heads"]),
        (f"{arch}.rope.freq_base", FLOAT32, config["rope_theta"]),
        (f"{arch}.attention.layer_norm_rms_epsilon", FLOAT32, config["rms_norm_eps"]),
        ("tokenizer.ggml.model", STRING, "gpt2"),
        ("tokenizer.ggml.pre", STRING, "qwen2"),
        ("tokenizer.ggml.tokens", ARRAY, (STRING, tokens)),
        ("tokenizer.ggml.token_type", ARRAY, (INT32, types)),
        ("tokenizer.ggml.merges", ARRAY, (STRING, merges)),
        ("tokenizer.ggml.bos_token_id", UINT32, config.get("bos_token_id", pad_id)),
        ("tokenizer.ggml.eos_token_id", UINT32, config.get("eos_token_id", pad_id)),
        ("tokenizer.ggml.padding_token_id", UINT32, pad_id),
        ("tokenizer.ggml.add_bos_token", BOOL, False),  # Qwen prepends nothing
    ]


def aligned(n):
    return (n + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def convert(model_dir, config, out, type_name, tokenizer_path):
    for key in ("vocab_size", "hidden_size", "num_hidden_layers", "intermediate_size", "num_attention_heads",
                "num_key_value_heads", "rope_theta", "rms_norm_eps", "max_position_embeddings"):
        if key not in config:
            fail(f"{model_dir}/config.json: missing {key}")
    matrix_dtype, matrix_type, file_type = TENSOR_TYPES[type_name]

    tensors = []  # (gguf name, entry, torch dtype, ggml type, byte size)
    for entry in safetensors_entries(model_dir):
        hf_name, _, _, shape, _, _ = entry
        matrix = len(shape) == 2
        dtype, ggml_type = (matrix_dtype, matrix_type) if matrix else (torch.float32, 0)
        size = torch.tensor([], dtype=dtype).element_size()
        for d in shape:
            size *= d
        tensors.append((gguf_name(hf_name), entry, dtype, ggml_type, size))
    tensors.sort(key=lambda t: tensor_order(t[0]))

    kv = metadata(config, os.path.basename(os.path.normpath(model_dir)), file_type, tokenizer_path)
    header = bytearray(GGUF_MAGIC + struct.pack("<IQQ", GGUF_VERSION, len(tensors), len(kv)))
    for key, kind, value in kv:
        header += gguf_string(key) + struct.pack("<I", kind) + gguf_value(kind, value)
    offset = 0
    for name, entry, _, ggml_type, size in tensors:
        dims = list(reversed(entry[3]))  # ggml lists dimensions innermost first: ne[0] is a row's length
        header += gguf_string(name) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
        header += struct.pack("<IQ", ggml_type, offset)
        offset = aligned(offset + size)
    header += bytes(aligned(len(header)) - len(header))

    temporary = out + ".tmp"
    with open(temporary, "wb") as f:
        f.write(header)
        for name, (hf_name, path, src_dtype, shape, begin, end), dtype, _, size in tensors:
            data = read_tensor(path, src_dtype, shape, begin, end).to(dtype).contiguous().view(torch.uint8).numpy().tobytes()
            assert len(data) == size, name
            f.write(data)
            f.write(bytes(aligned(size) - size))
    os.replace(temporary, out)
    total = os.path.getsize(out)
    print(f"wrote {out}: {len(tensors)} tensors, {type_name} matrices, {total / 1e9:.3f} GB")


def tensor_order(name):
    """The order llama.cpp's converter writes: embedding, blocks by index, then the final norm and head."""
    match = re.match(r"blk\.(\d+)\.", name)
    if match:
        return (1, int(match.group(1)), name)
    return (0 if name.startswith("token_embd") else 2, 0, name)


def pad_token_id(tokenizer, tokenizer_path):
    """The id of tokenizer_config.json's pad_token beside the tokenizer, else of <|endoftext|> (Qwen's padding)."""
    ids = {t["content"]: t["id"] for t in tokenizer.get("added_tokens", [])}
    config_path = os.path.join(os.path.dirname(tokenizer_path), "tokenizer_config.json")
    pad = read_json(config_path).get("pad_token") if os.path.exists(config_path) else None
    if isinstance(pad, dict):
        pad = pad.get("content")
    pad = pad if pad in ids else "<|endoftext|>"
    if pad not in ids:
        fail(f"{tokenizer_path}: no pad token and no <|endoftext|> among the added tokens")
    return ids[pad]


def main():
    parser = argparse.ArgumentParser(description="Hugging Face Qwen2 directory to GGUF v3 (F32, BF16 or F16).")
    parser.add_argument("model_dir")
    parser.add_argument("out")
    parser.add_argument("--type", choices=sorted(TENSOR_TYPES), default="f32", help="type of the matrices")
    parser.add_argument("--tokenizer", help="tokenizer.json (default: MODEL_DIR/tokenizer.json)")
    args = parser.parse_args()
    tokenizer = args.tokenizer or os.path.join(args.model_dir, "tokenizer.json")
    if not os.path.exists(tokenizer):
        fail(f"{tokenizer}: no such file (pass --tokenizer)")
    config = read_json(os.path.join(args.model_dir, "config.json"))
    if config.get("model_type") != "qwen2":
        fail(f"{args.model_dir}/config.json: model_type is {config.get('model_type')!r}, not qwen2")
    convert(args.model_dir, config, args.out, args.type, tokenizer)


if __name__ == "__main__":
    main()
