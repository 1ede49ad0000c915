// Expected ids for the tokenizer tests, produced by Hugging Face's own tokenizers (npm package `tokenizers`,
// prebuilt native addon). The files this script writes are never edited by hand.
//
//   mkdir -p /tmp/hf-tok && (cd /tmp/hf-tok && npm install tokenizers)
//   NODE_PATH=/tmp/hf-tok/node_modules node make-golden.mjs [--rebuild-corpus ../../../../../../shared/data]
//
// With --rebuild-corpus DATA_DIR it first rebuilds corpus.jsonl: Weibo texts sampled from DATA_DIR (see
// README.md) plus the edge cases below. It always writes, next to itself:
//   corpus.ids.jsonl       ids of each corpus line with the real Qwen tokenizer.json (../shared/tokenizers/qwen),
//                          and HF's decoding of them where it is not the line in NFC
//   decode.jsonl           Qwen ids (byte tokens cut inside characters, special tokens) and the text HF decodes
//   tiny.golden.jsonl      ids of hand-made tiny tokenizers on small texts, and decodings of byte sequences
//   unicode-classes.json   the code points Oniguruma puts in \p{L}, \p{N} and \s, as ranges, and NFC of each
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Tokenizer, nfcNormalizer } = require('tokenizers');
const here = path.dirname(fileURLToPath(import.meta.url));
const repoParent = path.resolve(here, '../../../../..', '..');
const qwenFile = path.join(repoParent, 'shared/tokenizers/qwen/tokenizer.json');
const out = (name, lines) => fs.writeFileSync(path.join(here, name), lines.map(l => l + '\n').join(''));

// A fixed PRNG (mulberry32) so that the corpus is the same on every run.
function rng(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function edgeCases() {
  const lines = [
    '你好，世界！', '#新冠肺炎# 武汉加油！！！', '#话题#和#另一个话题#', '【看看人家的富二代】世界亿万富翁',
    '转发微博//@用户名:说得对[心][心]', '回复@小明:哈哈哈哈[哈哈]', 'http://t.cn/RSuWJvd 链接', 'https://weibo.com/1234567890/AbCdEfG?from=page_100505&wvr=6',
    'www.example.com/路径/文件.html?q=中文&x=1#frag', '邮箱 someone@example.org 联系', '１２３４５６７８９０ 全角数字', 'ＡＢＣｄｅｆ 全角字母',
    '“引号”‘单引号’《书名》〈篇名〉「日式」『引用』', '、。，；：？！…—～·', '（括号）【方括号】〔六角〕［全角方］｛全角花｝',
    '123', '1234567890123456789012345678901234567890', '3.1415926535897932384626', '-42 +7 1e10 0x1F 1,000,000 12:30:45',
    '2020年1月23日10时', '第１２３４５６７名', '٣٤٥ ۱۲۳ १२३ ๑๒๓ 〇一二三 ⅠⅡⅢ ①②③ ½ ¾ ²³',
    '😀', '😀😃😄', '👨‍👩‍👧‍👦 家庭', '👩🏽‍💻 程序员', '🏳️‍🌈 彩虹旗', '🇨🇳🇺🇸🇯🇵', '❤️ ❤ ♥', '1️⃣ #️⃣ *️⃣', '🧑‍🤝‍🧑', '👍🏻👍🏼👍🏽👍🏾👍🏿',
    '\u3000\u3000全角空格开头', '中\u3000文', '\uFEFF开头的BOM', '中间\uFEFF的BOM', 'NEL\u0085下一行', '\u0085', '\u3000',
    'line1\r\nline2\r\n', '\r\n', '\r\n\r\n', 'a\rb', '\n\n\nx', 'tab\there', '\t\t缩进', 'trailing spaces   ', '   leading',
    'a  b   c    d', ' \n ', ' \r\n\t ', '\u00A0不换行空格\u00A0', '\u2028\u2029分隔符', '\u200B零宽空格', '\u200D\u200C',
    "it's I'm you're we've he'll she'd don't", "IT'S I'M YOU'RE WE'VE HE'LL SHE'D", "'ſ 'ſt it'ſ", "'S'T'RE'VE'M'LL'D", "''s '", "rock'n'roll",
    'e\u0301 ' + 'cafe\u0301', '\u1100\u1161\u11A8 한국어 조합', 'A\u030A Å Å', 'ñ n\u0303', '\u0915\u093C क़', 'x\u0308\u0301\u0323',
    'Ελληνικά Русский العربية עברית हिन्दी ไทย 日本語 한국어 Tiếng Việt', 'mixed中文English混合123数字', 'Tokyo東京とうきょうトウキョウ',
    '<|im_start|>', '<|im_start|>user\n你好<|im_end|>\n', '文本<|im_end|>中间', '<|im_start|><|im_end|><|endoftext|>', '<|im_start', 'im_start|>',
    '<|endoftext|>end', '<|im_start|>\u0338 NFC does not compose across an added token', 'x<tool_call>y</tool_call>z', '<think>想一想</think>', '<|vision_start|><|image_pad|><|vision_end|>', '<|fim_prefix|>a<|fim_suffix|>',
    '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n',
    '\u0000 NUL \u0001 \u001F \u007F DEL', '\uFFFD 替换字符', '\uE000 私用区', '𠀀𠀁 扩展B 𪜀 𫠠 𬺰 𰀀', '𝐀𝐁𝐂 𝕏', '🀄🃏', 'ﬁ ﬂ ﬀ', 'Ǆ ǅ ǆ',
    '$100 ¥50 €20 £10 ₩1000', '@用户 @user_name', '#hashtag #标签', '~~~ --- *** ___ ===', '😂😂😂😂😂😂😂😂😂😂', '哈'.repeat(60), 'a'.repeat(300),
    '!!!???...', ' !', '  !', ' 中', '  中', '\n中', '\t中', '1a', 'a1', '中1', '1中', '..1..', '\u0085中', '\u3000中',
  ];
  // Each unusual character between each kind of neighbour, to walk every branch of the pre-tokenizer regex.
  const specials = ['\u3000', '\uFEFF', '\u0085', '\r\n', '\r', '\n', '\t', ' ', '  ', '\u00A0', '\u2028', '\u200B', '\uFE0F', '\u0301', '！', "'s", '😀'];
  const neighbours = ['', 'a', '中', '1', '!', ' ', '\n', '，'];
  for (const x of specials) for (const a of neighbours) for (const b of neighbours) lines.push(a + x + b);
  // Seeded random strings drawn from pools of scripts, digits, spaces and symbols.
  const pools = ['中文微博新闻评论转发点赞', 'abcXYZ', '0123456789', ' \t\r\n\u3000\u0085\u00A0\u2028', '，。！？、“”：；（）【】#@',
    '.,!?;:\'"()[]{}<>/\\|-_=+*&^%$', '😀👍❤️🇨🇳👨‍👩‍👧', '\u0301\u0308\u200D\uFEFF', 'αβγабвאבגابت', 'ｱｲｳアイウあいう한글'];
  const r = rng(20250101);
  for (let i = 0; i < 200; i++) {
    let s = '';
    const len = 1 + Math.floor(r() * 40);
    while ([...s].length < len) {
      const pool = [...pools[Math.floor(r() * pools.length)]];
      s += pool[Math.floor(r() * pool.length)];
    }
    lines.push(s);
  }
  return lines;
}

function weiboTexts(dataDir) {
  const jsonl = f => zlib.gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n').filter(l => l).map(l => JSON.parse(l));
  const responses = jsonl(path.join(dataDir, 'weibo-responses/responses.jsonl.gz'));
  const events = jsonl(path.join(dataDir, 'weibo-responses/events.jsonl.gz'));
  const smp = JSON.parse(fs.readFileSync(path.join(dataDir, 'smp2020-ewect/usual_eval_labeled.txt'), 'utf8'));
  const every = (xs, n) => xs.filter((_, i) => i % Math.floor(xs.length / n) === 0).slice(0, n);
  return [
    ...every(responses, 1400).map(x => x.text),
    ...every(responses, 100).map(x => x.original_text),
    ...every(events, 100).map(x => x.news_text),
    ...every(smp, 200).map(x => x.content),
  ];
}

const rebuild = process.argv.indexOf('--rebuild-corpus');
if (rebuild >= 0) {
  const corpus = [...weiboTexts(process.argv[rebuild + 1]), ...edgeCases()];
  out('corpus.jsonl', corpus.map(s => JSON.stringify(s)));
}

const qwen = Tokenizer.fromFile(qwenFile);
const corpus = fs.readFileSync(path.join(here, 'corpus.jsonl'), 'utf8').split('\n').filter(l => l).map(l => JSON.parse(l));
const ids = [];
for (const s of corpus) {
  // "decoded" only where Hugging Face's decoding is not simply the line in NFC.
  const lineIds = (await qwen.encode(s)).getIds();
  const decoded = await qwen.decode(lineIds, false);
  ids.push(JSON.stringify(decoded === s.normalize('NFC') ? { ids: lineIds } : { ids: lineIds, decoded }));
}
out('corpus.ids.jsonl', ids);

// Decoding: byte tokens cut UTF-8 anywhere; special tokens and whole-vocabulary tokens in between.
const r = rng(7);
// First the sequences where decoders disagree (surrogates, overlongs, beyond U+10FFFF, truncations), then random.
const byteRuns = [[0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
  [0xF4, 0x8F, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x90, 0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xF5, 0x80],
  [0xE4, 0xB8], [0xE4, 0xB8, 0x41], [0xF0, 0x9F, 0x98], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBF, 0xBD], [0x80, 0xBF], [0xFE, 0xFF],
  [0xE4, 0xF0, 0x9F, 0x98, 0x80, 0xB8]];
for (let i = 0; i < 300; i++) {
  const run = [];
  const len = 1 + Math.floor(r() * 12);
  for (let j = 0; j < len; j++) run.push(r() < 0.8 ? interestingByte(r) : -1 - Math.floor(r() * 1000));
  byteRuns.push(run);
}
const byteToken = b => qwen.tokenToId(String.fromCodePoint(byteChar(b)));
const decodeLines = [];
for (const run of byteRuns) {
  // Negative entries stand for a token that is not a single byte: a special token or any vocabulary token.
  const ids = run.map(b => b >= 0 ? byteToken(b) : (-b % 3 === 0 ? 151643 + (-b % 26) : (-b * 7919) % 151643));
  decodeLines.push(JSON.stringify({ ids, text: await qwen.decode(ids, false), skipSpecial: await qwen.decode(ids, true) }));
}
out('decode.jsonl', decodeLines);

function interestingByte(r) {
  const bytes = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF,
    0xF0, 0xF1, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF, 0xE4, 0xB8, 0xAD];
  return r() < 0.8 ? bytes[Math.floor(r() * bytes.length)] : Math.floor(r() * 256);
}

// GPT-2's byte-to-unicode table, as the ByteLevel pre-tokenizer defines it.
function byteChar(b) {
  const printable = x => (x >= 0x21 && x <= 0x7E) || (x >= 0xA1 && x <= 0xAC) || (x >= 0xAE && x <= 0xFF);
  if (printable(b)) return b;
  let n = 0;
  for (let x = 0; x < b; x++) if (!printable(x)) n++;
  return 0x100 + n;
}

// Tiny hand-made tokenizers: encodings of small texts and decodings of byte sequences.
const tinyTexts = ['aaaa', 'abab', 'ab ab', 'hello', 'a<S>b', 'a <S> b', 'x <L> y', 'x<L>y', '<R>  z', 'a <LR> b', 'w<W>w', 'w <W> w',
  '<W>', '_<W>_', '1<W>', '中<W>', 'é<W>', '<N>', 'cafe\u0301<N>', '<S><S>', '<SS>', '<S><SS>', 'caf\u00E9 <\u00C9>', '<E\u0301>', '<E\u0301> <N>', 'a\u0301', '', ' ', 'é', 'aé',
  '<R>', ' <L>', 'ab<N>ab', 'ab\u0301<N>', '\u203F<W>', 'q\u0301<W>', '\u00B2<W>', '\u2167<W>', '\u200D<W>', '<W>\u0301', '-<W>-', '<W>_'];
const tinyLines = [];
for (const name of ['tiny-merges-strings.json', 'tiny-merges-pairs.json']) {
  const tiny = Tokenizer.fromFile(path.join(here, name));
  for (const text of tinyTexts) {
    tinyLines.push(JSON.stringify({ tokenizer: name, text, ids: (await tiny.encode(text)).getIds() }));
  }
  // Ids 0..9 are merged tokens, 10..265 the bytes 0..255, 266.. the added tokens (274 is "é", a byte character).
  const decodes = [[274], [266, 274, 75], [3, 274, 0x80 + 10],
    ...byteRuns.slice(0, 100).map(run => run.map(b => b >= 0 ? b + 10 : -b % 10))];
  for (const ids of decodes) {
    tinyLines.push(JSON.stringify({ tokenizer: name, ids, decoded: await tiny.decode(ids, false) }));
  }
}
out('tiny.golden.jsonl', tinyLines);

// Which code points Oniguruma (inside tokenizers) puts in \p{L}, \p{N} and \s, and what NFC makes of each alone.
const all = [];
for (let cp = 1; cp <= 0x10FFFF; cp++) if (cp < 0xD800 || cp > 0xDFFF) all.push(cp);
const text = all.map(cp => String.fromCodePoint(cp)).join('');
const classes = {};
for (const [name, regex] of [['L', '\\p{L}'], ['N', '\\p{N}'], ['S', '\\s']]) {
  const probe = Tokenizer.fromString(JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: regex }, behavior: 'Removed', invert: false },
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, vocab: {}, merges: [] },
  }));
  const outside = new Set();
  for (const [piece] of probe.getPreTokenizer().preTokenizeString(text)) for (const ch of piece) outside.add(ch.codePointAt(0));
  const ranges = [];
  for (const cp of all) {
    if (outside.has(cp)) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp; else ranges.push([cp, cp]);
  }
  classes[name] = ranges;
}
classes.NFC = [];
const nfc = nfcNormalizer();
for (const cp of all) {
  const s = String.fromCodePoint(cp);
  const n = nfc.normalizeString(s);
  if (n !== s) classes.NFC.push([cp, [...n].map(c => c.codePointAt(0))]);
}
fs.writeFileSync(path.join(here, 'unicode-classes.json'), JSON.stringify(classes) + '\n');
console.log(`corpus ${corpus.length} lines, decode ${decodeLines.length}, tiny ${tinyLines.length}, ` +
  `classes L ${classes.L.length} N ${classes.N.length} S ${classes.S.length} ranges, NFC ${classes.NFC.length}`);
