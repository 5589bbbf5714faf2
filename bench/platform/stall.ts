/**
 * The host's longest event-loop stall while a job runs: the extension host's view of the worker pool, without VS
 * Code. Runs `summary` on a 1,000,000 x 8 CSV through the real pool and dist/worker.js while a 5 ms interval timer
 * measures its own lateness, with a spin-only worker run first as the machine's scheduling baseline.
 * Usage: npm run build && node scripts/run-ts.mjs bench/platform/stall.ts [rows]
 */
import { Worker } from 'node:worker_threads';
import { existsSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../../src/runtime/pool';

const rows = Number(process.argv[2] ?? 1_000_000);
const file = `/tmp/dynlens-stall-${rows}x8.csv`;

async function makeCsv(): Promise<void> {
  if (existsSync(file)) return;
  const out = createWriteStream(file);
  out.write('t,c1,c2,c3,c4,c5,c6,c7\n');
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff - 0.5;
  for (let i = 0; i < rows; i += 1000) {
    let chunk = '';
    for (let k = i; k < Math.min(rows, i + 1000); k++)
      chunk += `${(k * 1e-3).toFixed(3)},${Math.sin(k * 1e-3).toFixed(6)},${rnd().toFixed(6)},${rnd().toFixed(6)},${rnd().toFixed(6)},${rnd().toFixed(6)},${rnd().toFixed(6)},${rnd().toFixed(6)}\n`;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

function monitor(): { stop(): number } {
  let last = performance.now();
  let max = 0;
  const iv = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 5);
    last = now;
  }, 5);
  return { stop: () => (clearInterval(iv), max) };
}

async function main(): Promise<void> {
  await makeCsv();
  const m0 = monitor();
  const spin = new Worker('const e = Date.now() + 5000; let x = 0; while (Date.now() < e) x += Math.sqrt(x + 1);', {
    eval: true,
  });
  await new Promise((r) => spin.on('exit', r));
  const baseline = m0.stop();
  const pool = new WorkerPool({ workerScript: join(process.cwd(), 'dist/worker.js'), size: 1, maxMemoryMB: 4096 });
  const m1 = monitor();
  const t0 = performance.now();
  const out = await pool.run({ jobId: 'b', analysisId: 'summary', path: file, params: {} }).outcome;
  const wall = performance.now() - t0;
  const stall = m1.stop();
  pool.dispose();
  const load = (await import('node:os')).loadavg()[0];
  console.log(
    JSON.stringify({
      rows,
      ok: out.ok,
      wallMs: Math.round(wall),
      maxStallMs: +stall.toFixed(1),
      spinBaselineMaxStallMs: +baseline.toFixed(1),
      loadAverage1m: load,
    }),
  );
}
void main();
