/**
 * The product path with real workers: a `koopman` EDMD job (snapshot QR split over workers by TSQR, pseudospectrum
 * grid chunks) through src/runtime's WorkerPool with 1 and with 2 workers, same input file, back to back.
 * Run: node scripts/run-ts.mjs bench/koopman/parallel.ts   (bundles src/worker.ts to a temp dir with npx esbuild)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../../src/runtime/pool';
import { tmp } from './common';

const workerScript = join(tmp, 'worker.js');
execFileSync(
  'npx',
  [
    'esbuild',
    'src/worker.ts',
    '--bundle',
    '--platform=node',
    '--format=cjs',
    '--target=node20',
    `--outfile=${workerScript}`,
    '--external:vscode',
    '--external:onnxruntime-node',
    '--log-level=warning',
  ],
  { stdio: 'inherit' },
);

// 400 trajectories x 26 samples of the damped Duffing map (explicit Euler steps), 10000 snapshot pairs
let s = 11;
const rnd = (): number => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s / 4294967296;
};
const lines = ['id,t,x,v'];
for (let id = 0; id < 400; id++) {
  let x = 4 * rnd() - 2,
    v = 4 * rnd() - 2;
  for (let k = 0; k < 26; k++) {
    lines.push(`${id},${(k * 0.05).toFixed(2)},${x},${v}`);
    [x, v] = [x + 0.05 * v, v + 0.05 * (-0.5 * v + x - x ** 3)];
  }
}
const csv = join(tmp, 'duffing-pairs.csv');
writeFileSync(csv, lines.join('\n') + '\n');

// one long signal for Hankel DMD: 100000 samples of three damped/neutral oscillations plus noise
const sig = ['t,x'];
for (let k = 0; k < 100000; k++) {
  const t = k * 0.01;
  sig.push(
    `${t.toFixed(2)},${Math.sin(2.1 * t) + 0.5 * Math.sin(5.3 * t + 1) + 0.2 * Math.cos(11.7 * t) + 0.01 * (rnd() - 0.5)}`,
  );
}
const longCsv = join(tmp, 'long-signal.csv');
writeFileSync(longCsv, sig.join('\n') + '\n');

/** Wall time of the whole job, and of its pseudospectrum step when it has one (result.pseudospectrum.ms). */
async function run(
  size: number,
  params: Record<string, unknown>,
  path = csv,
): Promise<{ job: number; pseudo?: number }> {
  const pool = new WorkerPool({ workerScript, size, maxMemoryMB: 4096 });
  try {
    const t = performance.now();
    const h = pool.run({ jobId: `bench-${size}`, analysisId: 'koopman', path, params });
    const out = await h.outcome;
    if (!out.ok) throw new Error(out.error.message);
    const job = (performance.now() - t) / 1000;
    const ps = (out.envelope.result as { pseudospectrum?: { ms: number } }).pseudospectrum;
    return { job, pseudo: ps ? ps.ms / 1000 : undefined };
  } finally {
    pool.dispose();
  }
}

async function main(): Promise<void> {
  const cases: [string, Record<string, unknown>, string?][] = [
    ['Hankel DMD, 100000 samples, 64 delays', { method: 'hankel', delays: 64, modes: 0 }, longCsv],
    [
      'EDMD rff:497 (500 functions), 10000 pairs',
      { method: 'edmd', dictionary: 'rff:497', trajectoryColumn: 'id', modes: 0 },
    ],
    [
      'EDMD rff:197 + pseudospectrum 100x100',
      {
        method: 'edmd',
        dictionary: 'rff:197',
        trajectoryColumn: 'id',
        modes: 0,
        pseudospectrum: true,
        grid: '-1.2,1.2,-1.2,1.2,100,100',
      },
    ],
    // worst case: 200 Gaussian RBFs keep full rank, so every grid point factors a 200 x 200 Hermitian matrix
    [
      'EDMD rbf:197 + pseudospectrum 100x100',
      {
        method: 'edmd',
        dictionary: 'rbf:197',
        trajectoryColumn: 'id',
        modes: 0,
        pseudospectrum: true,
        grid: '-1.2,1.2,-1.2,1.2,100,100',
      },
    ],
  ];
  const out = [
    '| job (full analysis in the worker pool) | 1 worker s | 2 workers s | speed-up | pseudospectrum step s (1 / 2 workers) |',
    '|---|---|---|---|---|',
  ];
  for (const [name, params, path] of cases) {
    const one = await run(1, params, path);
    const two = await run(2, params, path);
    const ps =
      one.pseudo !== undefined && two.pseudo !== undefined
        ? `${one.pseudo.toFixed(2)} / ${two.pseudo.toFixed(2)}`
        : '-';
    out.push(
      `| ${name} | ${one.job.toFixed(2)} | ${two.job.toFixed(2)} | ${(one.job / two.job).toFixed(2)}x | ${ps} |`,
    );
    console.log(out[out.length - 1]);
  }
  console.log('\n' + out.join('\n'));
}

void main();
