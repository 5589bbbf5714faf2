// Seeded point clouds for the batch benchmarks: `node bench/batch/make-clouds.mjs DIR COUNT [POINTS]` writes COUNT
// CSV files (x,y) of POINTS points each (default 200) into DIR: noisy circles, two circles, figure eights and blobs
// (the class is the file name's prefix, for --label-from-path). Existing files are kept (the set is deterministic).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, countArg, pointsArg] = process.argv.slice(2);
if (!dir || !countArg) {
  console.error('usage: node bench/batch/make-clouds.mjs DIR COUNT [POINTS]');
  process.exit(2);
}
const count = Number(countArg);
const points = Number(pointsArg ?? 200);
mkdirSync(dir, { recursive: true });

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

const shapes = {
  circle: (u) => [Math.cos(2 * Math.PI * u), Math.sin(2 * Math.PI * u)],
  twocircles: (u, r) => {
    const c = r() < 0.5 ? -1.2 : 1.2;
    return [c + Math.cos(2 * Math.PI * u), Math.sin(2 * Math.PI * u)];
  },
  eight: (u) => [Math.sin(2 * Math.PI * u), Math.sin(4 * Math.PI * u) / 2],
  blob: (u, r) => [
    (Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * r())) / 2,
    (Math.sqrt(-2 * Math.log(1 - u)) * Math.sin(2 * Math.PI * r())) / 2,
  ],
};
const kinds = Object.keys(shapes);
const width = String(count - 1).length;
for (let i = 0; i < count; i++) {
  const kind = kinds[i % kinds.length];
  const file = join(dir, `${kind}-${String(i).padStart(width, '0')}.csv`);
  if (existsSync(file)) continue;
  const r = mulberry32(1000 + i);
  const noise = 0.05 + 0.1 * r();
  const lines = ['x,y'];
  for (let k = 0; k < points; k++) {
    const [x, y] = shapes[kind](r(), r);
    lines.push(`${(x + noise * (r() - 0.5)).toFixed(6)},${(y + noise * (r() - 0.5)).toFixed(6)}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}
console.log(`${count} clouds of ${points} points in ${dir}`);
