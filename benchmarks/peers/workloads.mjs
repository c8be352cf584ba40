// The byte-exact workloads of WORKLOADS.md (shared benchmark workloads), built as the Java
// side builds them (org.gripkit.bench.Workloads), with the same SHA-256 checks.
import { createHash } from 'node:crypto';

export const W1_SHA256 = '2f14808503fa9e0f8fc9baf1634c79fbf6c8012ceb031841ff566fddf93fa0d7';
export const W2_SHA256 = 'b71595a36354bf8496b1fc584189a3838bcb3a3a947be1fb55b1eaea547e6303';
export const W4_SHA256 = '61f4a07cc80ab589748955603b4e98834b20500f0e8722b5722ed36a9d6b593a';

const enc = new TextEncoder();

/** P(i): "m" + 4-digit i + ":", then 'a' + ((i + p) mod 26) for p = 6..63. */
export function p(i) {
  let s = 'm' + String(i).padStart(4, '0') + ':';
  for (let q = 6; q < 64; q++) {
    s += String.fromCharCode(97 + ((i + q) % 26));
  }
  return s;
}

/** B(i): byte j = (i * 7 + j) & 0xFF. */
export function b(i) {
  const out = new Uint8Array(32);
  for (let j = 0; j < 32; j++) {
    out[j] = (i * 7 + j) & 0xff;
  }
  return out;
}

/** U: "é€😀中жab" repeated 4096 times. */
export function u() {
  return 'é€😀中жab'.repeat(4096);
}

function event(parts, type, content) {
  parts.push(enc.encode(type + ' ' + content.length.toString(16) + '\r\n'), content,
    enc.encode('\r\n'));
}

function concat(parts) {
  const length = parts.reduce((n, part) => n + part.length, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function w1() {
  const parts = [];
  for (let i = 0; i < 100; i++) {
    event(parts, 'TEXT', enc.encode(p(i)));
  }
  return concat(parts);
}

export function w2() {
  const parts = [];
  event(parts, 'TEXT', enc.encode(u()));
  return concat(parts);
}

export function w4Body() {
  const parts = [enc.encode('OPEN\r\n')];
  for (let i = 0; i < 10; i++) {
    event(parts, 'TEXT', enc.encode(p(i)));
    event(parts, 'BINARY', b(i));
  }
  event(parts, 'CLOSE', new Uint8Array([0x03, 0xe8]));
  return concat(parts);
}

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

export function check(name, bytes, length, expected) {
  const actual = sha256(bytes);
  if (bytes.length !== length || actual !== expected) {
    throw new Error(`${name} is ${bytes.length} bytes with sha256 ${actual}, ` +
      `expected ${length} bytes with sha256 ${expected}`);
  }
}
