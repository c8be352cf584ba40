// The codec workloads W1..W4 of WORKLOADS.md on the JavaScript GRIP library (@fanoutio/grip).
// Method (WORKLOADS.md): each workload warms up for --warmup-ms, then runs --rounds rounds of
// --round-ms in a tight loop; the printed ops_per_s is the median round, with min and max.
//
//   node codec.mjs [--warmup-ms 2000] [--rounds 5] [--round-ms 1000] [--prefix peer.js.]
import { decodeWebSocketEvents, encodeWebSocketEvents, WebSocketEvent } from '@fanoutio/grip';
import * as W from './workloads.mjs';

const args = { warmupMs: 2000, rounds: 5, roundMs: 1000, prefix: 'peer.js.' };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--warmup-ms') args.warmupMs = Number(process.argv[++i]);
  else if (a === '--rounds') args.rounds = Number(process.argv[++i]);
  else if (a === '--round-ms') args.roundMs = Number(process.argv[++i]);
  else if (a === '--prefix') args.prefix = process.argv[++i];
  else if (a === '--quick') Object.assign(args, { warmupMs: 200, rounds: 3, roundMs: 200 });
  else { console.error('usage: node codec.mjs [--quick] [--warmup-ms N] [--rounds N] [--round-ms N]'); process.exit(2); }
}

const textDecoder = new TextDecoder();
const w1 = W.w1();
const w2 = W.w2();
const w3 = [];
for (let i = 0; i < 100; i++) w3.push(new WebSocketEvent('TEXT', W.p(i)));
const w4 = [new WebSocketEvent('OPEN')];
for (let i = 0; i < 10; i++) {
  w4.push(new WebSocketEvent('TEXT', W.p(i)));
  w4.push(new WebSocketEvent('BINARY', W.b(i)));
}
w4.push(new WebSocketEvent('CLOSE', new Uint8Array([0x03, 0xe8])));

W.check('W1', w1, 7500, W.W1_SHA256);
W.check('W2', w2, 65550, W.W2_SHA256);
W.check('W3 (encoded)', encodeWebSocketEvents(w3), 7500, W.W1_SHA256);
W.check('W4 (encoded)', encodeWebSocketEvents(w4), 1219, W.W4_SHA256);
W.check('W4 (spelled out)', W.w4Body(), 1219, W.W4_SHA256);
if (decodeWebSocketEvents(w1).length !== 100 || decodeWebSocketEvents(w2).length !== 1) {
  throw new Error('decoding a workload does not give its events back');
}

function decodeStr(body) {
  const events = decodeWebSocketEvents(body);
  for (const e of events) {
    if (e.getType() === 'TEXT' && e.getContent() != null) {
      e.content = textDecoder.decode(e.getContent());
    }
  }
  return events;
}

let sink = 0; // keeps results alive so no call is optimised away
const specs = [
  ['codec.decode.small', 'W1', 100, 7500, () => { sink += decodeWebSocketEvents(w1).length; }],
  ['codec.decode.small.str', 'W1', 100, 7500, () => { sink += decodeStr(w1).length; }],
  ['codec.decode.large_utf8', 'W2', 1, 65550, () => { sink += decodeWebSocketEvents(w2).length; }],
  ['codec.decode.large_utf8.str', 'W2', 1, 65550, () => { sink += decodeStr(w2).length; }],
  ['codec.encode.small', 'W3', 100, 7500, () => { sink += encodeWebSocketEvents(w3).length; }],
  ['codec.roundtrip.mixed', 'W4', 22, 1219,
    () => { sink += decodeWebSocketEvents(encodeWebSocketEvents(w4)).length; }],
  ['codec.copy.large_utf8', 'W2', 1, 65550, () => { sink += w2.slice().length; }],
];

function runFor(ms, fn) {
  const end = process.hrtime.bigint() + BigInt(ms) * 1000000n;
  const start = process.hrtime.bigint();
  let ops = 0;
  let now;
  do {
    for (let k = 0; k < 8; k++) fn();
    ops += 8;
    now = process.hrtime.bigint();
  } while (now < end);
  return ops / (Number(now - start) / 1e9);
}

function fmt(v) {
  const a = Math.abs(v);
  return v.toFixed(a >= 1000 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

for (const [name, workload, events, bytes, fn] of specs) {
  runFor(args.warmupMs, fn);
  const rounds = [];
  for (let r = 0; r < args.rounds; r++) rounds.push(runFor(args.roundMs, fn));
  rounds.sort((x, y) => x - y);
  const median = rounds.length % 2 === 1 ? rounds[(rounds.length - 1) / 2]
    : (rounds[rounds.length / 2 - 1] + rounds[rounds.length / 2]) / 2;
  console.log(`${args.prefix}${name} workload=${workload} ops_per_s=${fmt(median)} ` +
    `events_per_s=${fmt(median * events)} bytes_per_s=${fmt(median * bytes)} ` +
    `min_ops_per_s=${fmt(rounds[0])} max_ops_per_s=${fmt(rounds[rounds.length - 1])}`);
}
if (sink === 0) console.error('(nothing ran)');
