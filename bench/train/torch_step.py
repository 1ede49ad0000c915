#!/usr/bin/python3
"""PyTorch's side of bench/train/compare-train-step.sh, the twin of socialalign.bench.TrainStepBench: one SFT training
step (forward, backward, AdamW on the adapter, base frozen) on the small Qwen2 of issue 4 with random weights.

    /usr/bin/python3 torch_step.py lora|pac THREADS [STEPS=20] [WARMUP=5]

Same model, sequence, spans, loss tokens, adapter settings and timing as the Java side (see TrainStepBench): WARMUP
untimed steps, then STEPS steps timed one by one; prints one line of key=value (median, mean and fastest step in
milliseconds, the last loss). LOGITS=counted in the environment applies the head to the counted rows only (as
the Java trainer does) instead of all rows (as Hugging Face's model does in training). Debian's python3-torch; run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset.

Qwen2 and PAC-LoRA are the ones of the golden-value scripts (models' and lora's make_golden.py, imported): the
decoder as transformers' eager Qwen2 computes it and the PAC layer as the reference computes it, per-token gates
over the whole chunk and one loop over the experts. Only dropout is added, where training has it: on the adapter's
input (experts and gates), never on the base projection's.
"""
import importlib.util
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.dont_write_bytecode = True  # leave no __pycache__ in the test resources
# torch.set_num_threads sizes OpenMP only, while Debian's torch multiplies matrices in OpenBLAS (pthreads), whose
# pool takes every core unless told otherwise when it loads: give it the same count, before torch is imported.
if len(sys.argv) > 2 and sys.argv[2].isdigit():
    os.environ["OPENBLAS_NUM_THREADS"] = sys.argv[2]

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def load(name, path):
    """The golden script at path as module name: both scripts are called make_golden.py."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# lora's script imports models' as make_golden: load that one under this name first.
qwen2 = load("make_golden", "models/src/test/resources/qwen2/make_golden.py")
paclora = load("paclora_make_golden", "lora/src/test/resources/paclora/make_golden.py")
torch.use_deterministic_algorithms(False)  # the golden scripts ask for it on import; training does not

MODEL = dict(vocab_size=8192, hidden_size=256, intermediate_size=688, num_hidden_layers=4, num_attention_heads=8,
             num_key_value_heads=2, rms_norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=True)
LENGTH, LOSS_TOKENS, USER_END, NEWS_END = 256, 100, 40, 120
R, ALPHA, DROPOUT = 8, 16.0, 0.1
LEARNING_RATE, WEIGHT_DECAY = 2e-5, 0.01


def pac_linear(x, weight, bias, a, scaling):
    """paclora.pac_linear in token mode with dropout on the adapter's input, as training runs it."""
    xd = F.dropout(x, DROPOUT, training=True)
    t = torch.arange(x.shape[1])
    user = (t < USER_END).to(x.dtype)[None, :, None]
    news = ((t >= USER_END) & (t < NEWS_END)).to(x.dtype)[None, :, None]
    g_a = paclora.gate(xd * news, a["lora_A_gate_dense1"], a["lora_A_gate_dense2"])
    g_b = paclora.gate(xd * user, a["lora_B_gate_dense1"], a["lora_B_gate_dense2"])
    h = sum(g_a[..., i:i + 1] * F.linear(xd, a[k]) for i, k in enumerate(["lora_A", "lora_A1", "lora_A2"]))
    delta = sum(g_b[..., j:j + 1] * F.linear(h, a[k]) for j, k in enumerate(["lora_B", "lora_B1", "lora_B2"]))
    return F.linear(x, weight, bias) + scaling * delta


def lora_linear(x, weight, bias, a, scaling):
    """PEFT's LoRA Linear.forward in training: y = W0 x + b + (alpha/r) B A dropout(x)."""
    return F.linear(x, weight, bias) + scaling * F.linear(F.linear(F.dropout(x, DROPOUT, training=True), a["lora_A"]), a["lora_B"])


def forward(c, p, a, ids, cos, sin, adapted, rows=slice(None)):
    """paclora.decoder (models' Qwen2 with every projection adapted), the head tied to the embedding, on rows."""
    def proj(name, x):
        return adapted(x, p[name + ".weight"], p.get(name + ".bias"), a[name], ALPHA / R)

    return F.linear(paclora.decoder(c, p, ids, proj, cos, sin)[:, rows], p["model.embed_tokens.weight"])[0]


def fresh_adapter(c, pac, generator):
    """As PEFT and the reference initialise it: A and the gate layers kaiming-uniform(a = sqrt 5), B zeros."""
    adapter = {}
    for layer in range(c["num_hidden_layers"]):
        for proj in paclora.PROJECTIONS:
            d_in, d_out = paclora.projection_shape(c, proj)
            shapes = paclora.adapter_shapes(d_in, d_out, R) if pac else {"lora_A": [R, d_in], "lora_B": [d_out, R]}
            tensors = {}
            for k, shape in shapes.items():
                bound = 1 / shape[1] ** 0.5  # kaiming_uniform_(a=sqrt(5)): gain sqrt(1/3) * sqrt(3 / fan_in)
                init = torch.zeros(shape) if k.startswith("lora_B") and "gate" not in k else \
                    (torch.rand(shape, generator=generator) * 2 - 1) * bound
                tensors[k] = init.requires_grad_()
            adapter[f"model.layers.{layer}.{proj}"] = tensors
    return adapter


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("lora", "pac"):
        sys.exit("usage: torch_step.py lora|pac THREADS [STEPS=20] [WARMUP=5]")
    pac, threads = sys.argv[1] == "pac", int(sys.argv[2])
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    torch.set_num_threads(threads)
    generator = torch.Generator().manual_seed(1)

    c = qwen2.hf_config(dict(dtype=torch.float32, config=MODEL))
    p = {}
    for name, shape in qwen2.parameter_shapes(c).items():  # frozen: no gradient is computed for the base
        if name.endswith("norm.weight"):
            p[name] = torch.ones(shape)
        else:
            sd = 0.02 if len(shape) == 1 else shape[1] ** -0.5
            p[name] = sd * torch.randn(shape, generator=generator)
    a = fresh_adapter(c, pac, generator)
    params = [v for ad in a.values() for v in ad.values()]
    optimizer = torch.optim.AdamW(params, lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)

    ids = torch.tensor([(1 + 7919 * i) % c["vocab_size"] for i in range(LENGTH)])
    targets = torch.full((LENGTH,), qwen2.IGNORE_INDEX)
    targets[LENGTH - 1 - LOSS_TOKENS:LENGTH - 1] = ids[LENGTH - LOSS_TOKENS:]
    # The golden script's rotary runs in float64 for exact values; a float32 model takes it in float32.
    cos, sin = (e.to(torch.float32).unsqueeze(1) for e in qwen2.rotary(c, LENGTH))
    adapted = pac_linear if pac else lora_linear
    # LOGITS=counted: the head only on the rows whose target counts, as the Java trainer does; default all rows, as
    # Hugging Face's Qwen2ForCausalLM computes them in training.
    rows = slice(LENGTH - 1 - LOSS_TOKENS, LENGTH - 1) if os.environ.get("LOGITS") == "counted" else slice(None)

    millis, loss = [], float("nan")
    for step in range(warmup + steps):
        start = time.perf_counter()
        logits = forward(c, p, a, ids, cos, sin, adapted, rows)
        l = F.cross_entropy(logits, targets[rows], ignore_index=qwen2.IGNORE_INDEX)
        l.backward()
        optimizer.step()
        optimizer.zero_grad()
        loss = l.item()
        if step >= warmup:
            millis.append((time.perf_counter() - start) * 1e3)
    print(f"adapter={sys.argv[1]} threads={threads} steps={steps} median_ms={statistics.median(millis):.2f} "
          f"mean_ms={statistics.fmean(millis):.2f} min_ms={min(millis):.2f} adapter_params={sum(v.numel() for v in params)} "
          f"loss={loss:.6f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
