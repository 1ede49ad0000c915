// Hugging Face's tokenizers (npm `tokenizers`) side of compare-tokenizer.sh.
//   node hf-tokenizer-bench.mjs prepare RESPONSES.jsonl.gz CHUNKS.jsonl   texts joined by "\n" into ~64 KB chunks
//   node hf-tokenizer-bench.mjs run TOKENIZER.json CHUNKS.jsonl PASSES    prints "tokens=N seconds=S" of the best pass
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const [mode, a, b, passes = '3'] = process.argv.slice(2);
if (mode === 'prepare') {
  const texts = zlib.gunzipSync(fs.readFileSync(a)).toString('utf8').split('\n').filter(l => l).map(l => JSON.parse(l).text);
  const chunks = [];
  let chunk = [];
  let size = 0;
  for (const t of texts) {
    chunk.push(t);
    size += t.length;
    if (size >= 20000) { chunks.push(chunk.join('\n')); chunk = []; size = 0; }
  }
  if (chunk.length) chunks.push(chunk.join('\n'));
  fs.writeFileSync(b, chunks.map(c => JSON.stringify(c) + '\n').join(''));
  console.log(`${texts.length} texts, ${chunks.length} chunks, ${Buffer.byteLength(chunks.join('\n'))} bytes`);
} else if (mode === 'run') {
  const require = createRequire(process.cwd() + '/');
  const { Tokenizer } = require('tokenizers');
  const tokenizer = Tokenizer.fromFile(a);
  const chunks = fs.readFileSync(b, 'utf8').split('\n').filter(l => l).map(l => JSON.parse(l));
  let best = Infinity;
  let tokens = 0;
  for (let pass = 0; pass <= Number(passes); pass++) {  // pass 0 warms up
    const start = process.hrtime.bigint();
    tokens = 0;
    for (const c of chunks) tokens += (await tokenizer.encode(c)).getLength();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (pass > 0) best = Math.min(best, seconds);
  }
  console.log(`tokens=${tokens} seconds=${best}`);
}
