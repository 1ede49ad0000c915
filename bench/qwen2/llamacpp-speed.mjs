// llama.cpp's side of compare-decode.sh, through node-llama-cpp's prebuilt CPU binaries. Run it from the folder where
// node-llama-cpp is installed (bench/out/llamacpp):
//   node llamacpp-speed.mjs MODEL.gguf THREADS IDS [DECODE=64] [ROUNDS=2] [mmap|nommap]
// IDS is the comma-separated prompt. Each round prefills the prompt in one batch on an empty sequence, then decodes
// DECODE tokens greedily one at a time; round 0 warms up (page faults, caches), the best later round is reported, as
// the Java harness (socialalign.bench.Qwen2Speed) does. Prints one line of key=value: prefill and decode tokens/s,
// peak resident memory (VmHWM), the greedy ids, so that the two sides can be checked against each other, and the ids
// llama.cpp's tokenizer gives a fixed text (a check of the vocabulary and merges that the GGUF converter wrote).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [modelPath, threadsArg, idsArg, decodeArg = '64', roundsArg = '2', mmapArg = 'nommap'] = process.argv.slice(2);
if (!modelPath || !threadsArg || !idsArg || !['mmap', 'nommap'].includes(mmapArg)) {
  console.error('usage: node llamacpp-speed.mjs MODEL.gguf THREADS IDS [DECODE=64] [ROUNDS=2] [mmap|nommap]');
  process.exit(2);
}
const threads = Number(threadsArg);
const prompt = idsArg.split(',').map(Number);
const decode = Number(decodeArg);
const rounds = Number(roundsArg);

const resolved = createRequire(process.cwd() + '/').resolve('node-llama-cpp');
const { getLlama, LlamaLogLevel } = await import(pathToFileURL(resolved).href);

// build 'never': only the prebuilt binaries, never a compile on a benchmark machine.
const llama = await getLlama({ gpu: false, build: 'never', maxThreads: threads, logLevel: LlamaLogLevel.error });
const loadStart = process.hrtime.bigint();
const model = await llama.loadModel({ modelPath, useMmap: mmapArg === 'mmap' });
const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
const HELLO = '你好，世界！'; // Hugging Face's Qwen tokenizer: 108386,3837,99489,6313
const helloIds = model.tokenize(HELLO);
const context = await model.createContext({
  contextSize: prompt.length + decode + 1,
  batchSize: prompt.length, // the whole prompt in one batch, as the Java side prefills it in one pass
  threads: { ideal: threads, min: threads },
  sequences: 1,
});
const sequence = context.getSequence();

let best = { prefill: 0, decode: 0 };
let generated = [];
for (let round = 0; round < rounds; round++) {
  await sequence.clearHistory();
  const ids = [];
  // temperature 0 is greedy; yieldEogToken keeps going past <|im_end|>, which random weights may well produce.
  const tokens = sequence.evaluate(prompt, { temperature: 0, yieldEogToken: true });
  const p0 = process.hrtime.bigint();
  ids.push((await tokens.next()).value); // prefill of the whole prompt, then the first greedy token
  const d0 = process.hrtime.bigint();
  while (ids.length <= decode) ids.push((await tokens.next()).value);
  const d1 = process.hrtime.bigint();
  await tokens.return();
  const prefill = prompt.length / (Number(d0 - p0) / 1e9);
  const decoding = decode / (Number(d1 - d0) / 1e9);
  console.error(`llama.cpp ${round === 0 ? 'warm-up' : 'round ' + round}, ${threads} threads: prefill ${prefill.toFixed(2)} tokens/s, decode ${decoding.toFixed(2)} tokens/s`);
  if (round > 0 || rounds === 1) {
    best = { prefill: Math.max(best.prefill, prefill), decode: Math.max(best.decode, decoding) };
  }
  generated = ids;
}

// The next-token distribution after the prompt, untimed: its top 5 against the Java side's proves the converted file
// computes the same function (names, layouts, RoPE), where greedy ids of random weights can be too degenerate to tell.
await sequence.clearHistory();
const check = sequence.evaluateWithMetadata(prompt, { probabilities: true },
  { temperature: 1, topK: 0, topP: 1, minP: 0, yieldEogToken: true });
const { probabilities } = (await check.next()).value;
await check.return();
const top5 = [...probabilities].slice(0, 5).map(([id, p]) => `${id}:${p.toPrecision(6)}`).join(',');

const status = fs.readFileSync('/proc/self/status', 'utf8');
const kib = key => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)[1]);
console.log([
  `prefill_tps=${best.prefill.toFixed(3)}`,
  `decode_tps=${best.decode.toFixed(3)}`,
  `peak_rss_kib=${kib('VmHWM')}`,
  `rss_kib=${kib('VmRSS')}`,
  `load_s=${loadSeconds.toFixed(2)}`,
  `hello_ids=${helloIds.join(',')}`,
  `top5=${top5}`,
  `ids=${generated.join(',')}`,
].join(' '));
await context.dispose();
await model.dispose();
