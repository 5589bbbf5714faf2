#!/usr/bin/env node
// Writes examples/waves.tsv, a tiny collection in the UCR archive's 2018 layout (tab-separated, the class label in
// the first column, one series per row): 8 noisy sine waves (class 1) and 8 noisy sawtooth waves (class 2), 48
// samples each, random phase and period. Deterministic (a seeded generator). Usage: node scripts/make-batch-example.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'waves.tsv');

/** mulberry32, uniform in [0, 1) (the generator of scripts/make-examples.mjs). */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const u = uniform(20261207);
const rows = [];
for (let k = 0; k < 16; k++) {
  const label = k % 2 === 0 ? 1 : 2;
  const period = 12 + 6 * u();
  const phase = u();
  const values = [];
  for (let i = 0; i < 48; i++) {
    const x = i / period + phase;
    const clean = label === 1 ? Math.sin(2 * Math.PI * x) : 2 * (x - Math.floor(x)) - 1;
    values.push((clean + 0.1 * (u() - 0.5)).toFixed(4));
  }
  rows.push([label, ...values].join('\t'));
}
writeFileSync(OUT, rows.join('\n') + '\n');
console.log(`wrote ${OUT}`);
