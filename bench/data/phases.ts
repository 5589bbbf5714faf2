/**
 * CPU time of each step of the summary on a CSV made by bench/data/summary.ts (run that first), measured in
 * isolation, twice (the second pass is warm). Usage:
 *   node scripts/run-ts.mjs bench/data/phases.ts /tmp/dynlens-bench-1000000x8.csv
 * Also: parse throughput of 200,000 x 8 whitespace/comma text at 10 and 19 significant digits (numpy.savetxt's
 * default %.18e takes the Number() fallback for every cell).
 */
import { readFileSync } from 'node:fs';
import { parseDelimited, parseDelimitedText } from '../../src/analysis/data/delimited';
import { columnStats } from '../../src/analysis/data/columnStats';
import { autocorrelationPair } from '../../src/analysis/timeseries/acf';
import { welchPsd } from '../../src/analysis/timeseries/welch';
import { chooseDelayLag } from '../../src/analysis/timeseries/embedding';
import { decimateMinMax } from '../../src/analysis/timeseries/decimate';
const file = process.argv[2];
const ds = parseDelimited(file, new Uint8Array(readFileSync(file)));
const cols = ds.data.slice(1);
const T = (label: string, f: () => unknown): unknown => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = f();
  const c = process.cpuUsage(c0);
  console.log(label, (performance.now() - t0).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu');
  return r;
};
for (let rep = 0; rep < 2; rep++) {
  T('stats', () => cols.map((c) => columnStats('c', c)));
  T('decimate', () => decimateMinMax(ds.data[0], cols, 4000));
  T('acf', () => {
    for (let c = 0; c < 7; c += 2) autocorrelationPair(cols[c], cols[c + 1], 200);
  });
  T('welch', () => cols.map((c) => welchPsd(c, 1000, 4096)));
  T('lag', () => chooseDelayLag(cols[0].subarray(0, 100000), 200));
}

let seed = 1;
const u = (): number => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const lines: string[] = [];
for (let i = 0; i < 200_000; i++) lines.push(Array.from({ length: 8 }, () => (u() - 0.5).toExponential(18)).join(' '));
const e18 = lines.join('\n');
const p10 = lines
  .map((l) =>
    l
      .split(' ')
      .map((x) => Number(x).toPrecision(10))
      .join(' '),
  )
  .join('\n');
for (const [name, text] of [
  ['%.18e whitespace', e18],
  ['%.18e comma', e18.replace(/ /g, ',')],
  ['10 digits whitespace', p10],
  ['10 digits comma', p10.replace(/ /g, ',')],
] as const) {
  const c0 = process.cpuUsage();
  parseDelimitedText('x.txt', text);
  const c = process.cpuUsage(c0);
  const s = (c.user + c.system) / 1e6;
  console.log(
    `${name}: ${(text.length / 1048576).toFixed(1)} MB in ${s.toFixed(2)} s CPU = ${(text.length / 1048576 / s).toFixed(0)} MB/s`,
  );
}
