#!/usr/bin/env node
// Makes examples/model.onnx: a tiny MLP (2 -> 16 -> 16 -> 1, tanh) trained on y = x0 * sin(x1) for
// x0 in [-2, 2], x1 in [-3, 3], so that `dynlens symbolic examples/model.onnx --box x0:-2:2,x1:-3:3` has a known law
// to distill. Training: full-batch Adam (Kingma & Ba 2015) on 2000 seeded samples, 4000 steps, deterministic.
// Serialization: ONNX ModelProto (onnx/onnx.proto3, IR version 7, opset 13) written by the small protobuf encoder
// below (MatMul, Add, Tanh nodes; float32 initializers as raw_data).
// Usage: node scripts/make-onnx-example.mjs [out.onnx]
import { writeFileSync } from 'node:fs';

// ---- seeded PRNG (mulberry32) ----
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20251126);
const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());

// ---- data ----
const N = 2000;
const X = new Float64Array(N * 2);
const Y = new Float64Array(N);
for (let i = 0; i < N; i++) {
  const x0 = -2 + 4 * rand();
  const x1 = -3 + 6 * rand();
  X[2 * i] = x0;
  X[2 * i + 1] = x1;
  Y[i] = x0 * Math.sin(x1);
}

// ---- model: W1 [2x16], b1 [16], W2 [16x16], b2 [16], W3 [16x1], b3 [1] (row-major, x @ W) ----
const sizes = [2, 16, 16, 1];
const params = [];
for (let l = 0; l < 3; l++) {
  const fanIn = sizes[l];
  const fanOut = sizes[l + 1];
  const W = new Float64Array(fanIn * fanOut).map(() => normal() * Math.sqrt(1 / fanIn));
  params.push(W, new Float64Array(fanOut));
}

function trainStep(grads) {
  // forward
  const acts = [X];
  const pre = [];
  let a = X;
  for (let l = 0; l < 3; l++) {
    const W = params[2 * l];
    const b = params[2 * l + 1];
    const fi = sizes[l];
    const fo = sizes[l + 1];
    const z = new Float64Array(N * fo);
    for (let i = 0; i < N; i++) {
      for (let o = 0; o < fo; o++) {
        let s = b[o];
        for (let k = 0; k < fi; k++) s += a[i * fi + k] * W[k * fo + o];
        z[i * fo + o] = s;
      }
    }
    pre.push(z);
    a = l < 2 ? z.map(Math.tanh) : z;
    acts.push(a);
  }
  // loss and backward (MSE)
  let loss = 0;
  let delta = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const r = a[i] - Y[i];
    loss += r * r;
    delta[i] = (2 * r) / N;
  }
  loss /= N;
  for (let l = 2; l >= 0; l--) {
    const fi = sizes[l];
    const fo = sizes[l + 1];
    const ain = acts[l];
    const gW = grads[2 * l];
    const gb = grads[2 * l + 1];
    gW.fill(0);
    gb.fill(0);
    for (let i = 0; i < N; i++) {
      for (let o = 0; o < fo; o++) {
        const d = delta[i * fo + o];
        gb[o] += d;
        for (let k = 0; k < fi; k++) gW[k * fo + o] += ain[i * fi + k] * d;
      }
    }
    if (l > 0) {
      const W = params[2 * l];
      const next = new Float64Array(N * fi);
      for (let i = 0; i < N; i++) {
        for (let k = 0; k < fi; k++) {
          let s = 0;
          for (let o = 0; o < fo; o++) s += delta[i * fo + o] * W[k * fo + o];
          const t = acts[l][i * fi + k];
          next[i * fi + k] = s * (1 - t * t);
        }
      }
      delta = next;
    }
  }
  return loss;
}

const grads = params.map((p) => new Float64Array(p.length));
const m = params.map((p) => new Float64Array(p.length));
const v = params.map((p) => new Float64Array(p.length));
const steps = 4000;
let loss = 0;
for (let t = 1; t <= steps; t++) {
  loss = trainStep(grads);
  const lr = 0.01 * (t < steps / 2 ? 1 : 0.2);
  for (let j = 0; j < params.length; j++) {
    const p = params[j];
    for (let k = 0; k < p.length; k++) {
      const g = grads[j][k];
      m[j][k] = 0.9 * m[j][k] + 0.1 * g;
      v[j][k] = 0.999 * v[j][k] + 0.001 * g * g;
      p[k] -= (lr * (m[j][k] / (1 - 0.9 ** t))) / (Math.sqrt(v[j][k] / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  if (t % 1000 === 0) console.error(`step ${t}: mse ${loss.toExponential(3)}`);
}
let varY = 0;
const meanY = Y.reduce((s, y) => s + y, 0) / N;
for (const y of Y) varY += (y - meanY) ** 2;
console.error(`final training mse ${loss.toExponential(3)}, R^2 ${(1 - (loss * N) / varY).toFixed(5)}`);

// ---- minimal protobuf encoder ----
function varint(n) {
  const out = [];
  let x = BigInt(n);
  if (x < 0n) x += 1n << 64n;
  while (x >= 0x80n) {
    out.push(Number((x & 0x7fn) | 0x80n));
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}
const tag = (field, wire) => varint((field << 3) | wire);
const fInt = (field, n) => [...tag(field, 0), ...varint(n)];
const fBytes = (field, bytes) => [...tag(field, 2), ...varint(bytes.length), ...bytes];
const fStr = (field, s) => fBytes(field, [...new TextEncoder().encode(s)]);
const fMsg = (field, msg) => fBytes(field, msg);

const FLOAT = 1;
function tensor(name, dims, values) {
  const f32 = new Float32Array(values);
  const raw = [...new Uint8Array(f32.buffer)];
  return [...dims.flatMap((d) => fInt(1, d)), ...fInt(2, FLOAT), ...fStr(8, name), ...fBytes(9, raw)];
}
function node(op, inputs, outputs, name) {
  return [
    ...inputs.flatMap((s) => fStr(1, s)),
    ...outputs.flatMap((s) => fStr(2, s)),
    ...fStr(3, name),
    ...fStr(4, op),
  ];
}
function valueInfo(name, dims) {
  const shape = dims.flatMap((d) => fMsg(1, typeof d === 'string' ? fStr(2, d) : fInt(1, d)));
  const tensorType = [...fInt(1, FLOAT), ...fMsg(2, shape)];
  return [...fStr(1, name), ...fMsg(2, fMsg(1, tensorType))];
}

const nodes = [];
const inits = [];
let cur = 'input';
for (let l = 0; l < 3; l++) {
  inits.push(tensor(`W${l + 1}`, [sizes[l], sizes[l + 1]], params[2 * l]));
  inits.push(tensor(`b${l + 1}`, [sizes[l + 1]], params[2 * l + 1]));
  nodes.push(node('MatMul', [cur, `W${l + 1}`], [`mm${l + 1}`], `matmul${l + 1}`));
  const out = l === 2 ? 'output' : `z${l + 1}`;
  nodes.push(node('Add', [`mm${l + 1}`, `b${l + 1}`], [out], `add${l + 1}`));
  if (l < 2) {
    nodes.push(node('Tanh', [out], [`h${l + 1}`], `tanh${l + 1}`));
    cur = `h${l + 1}`;
  }
}
const graph = [
  ...nodes.flatMap((n) => fMsg(1, n)),
  ...fStr(2, 'mlp_x0_sin_x1'),
  ...inits.flatMap((t) => fMsg(5, t)),
  ...fMsg(11, valueInfo('input', ['batch', 2])),
  ...fMsg(12, valueInfo('output', ['batch', 1])),
];
const model = [
  ...fInt(1, 7), // ir_version
  ...fStr(2, 'dynlens scripts/make-onnx-example.mjs'),
  ...fStr(3, '0.1'),
  ...fStr(6, 'MLP 2-16-16-1 (tanh) trained on y = x0*sin(x1), x0 in [-2,2], x1 in [-3,3]'),
  ...fMsg(7, graph),
  ...fMsg(8, [...fStr(1, ''), ...fInt(2, 13)]), // opset_import: default domain, version 13
];
const out = process.argv[2] ?? 'examples/model.onnx';
writeFileSync(out, new Uint8Array(model));
console.error(`wrote ${out} (${model.length} bytes)`);
