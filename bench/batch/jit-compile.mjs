// How much optimizing-compiler work a batch costs, next to its item phase: runs the bench's signed-barcode batch
// (1,000 clouds of 200 points, H0+H1 Hilbert 50 x 50, convolution-image features, the fit of bench/batch/run.mjs
// reused) with V8's --trace-opt --trace-deopt, for each worker count, and reports from the trace the TurboFan jobs
// (count, background milliseconds), the eager deoptimizations and the optimized code thrown away by dependency
// changes ("marking dependent code"). Each isolate compiles for itself: with as many workers as cores the compiler
// threads take their time from the workers, with one worker they use the idle core.
// Usage: node bench/batch/jit-compile.mjs [--data DIR] [--workers 1,2] [--repeat N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'dynlens.js');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const DATA = arg('data', join(ROOT, 'bench', 'batch', 'data', 'clouds-1000'));
const WORKERS = arg('workers', '1,2').split(',').map(Number);
const REPEAT = Number(arg('repeat', 1));
const FIT = join(ROOT, 'bench', 'batch', 'data', 'out', 'w2', 'fit.json');
const SB = ['--degrees', '0,1', '--invariant', 'hilbert', '--grid', '50', '--image-resolution', '50'];

if (!existsSync(DATA))
  throw new Error(`${DATA}: no such collection (node bench/batch/make-clouds.mjs ${DATA} 1000 200)`);
if (!existsSync(FIT)) throw new Error(`${FIT}: run bench/batch/run.mjs once first (its 2-worker batch is the fit)`);

/** Totals of one traced batch. */
function traced(workers) {
  const out = mkdtempSync(join(tmpdir(), 'dynlens-jit-'));
  try {
    const batch = ['batch', 'signed-barcode', DATA, ...SB, '--format', 'npy', '--fit-from', FIT, '--out', out];
    const r = spawnSync(
      process.execPath,
      ['--trace-opt', '--trace-deopt', CLI, ...batch, '--workers', String(workers)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      },
    );
    if (r.status !== 0) throw new Error(`batch failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const trace = r.stdout + r.stderr;
    let jobs = 0;
    let compileMs = 0;
    for (const m of trace.matchAll(/completed compiling .*? - took [\d.]+, ([\d.]+), [\d.]+ ms/g)) {
      jobs++;
      compileMs += Number(m[1]);
    }
    const report = JSON.parse(readFileSync(join(out, 'batch.json'), 'utf8'));
    return {
      workers,
      itemsMs: report.phasesMs.items,
      turbofanJobs: jobs,
      turbofanMs: Math.round(compileMs),
      eagerDeopts: (trace.match(/bailout \(kind: deopt-eager/g) ?? []).length,
      dependencyDeopts: (trace.match(/marking dependent code/g) ?? []).length,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const rows = [];
for (let k = 0; k < REPEAT; k++) for (const w of WORKERS) rows.push(traced(w));
for (const row of rows) console.log(JSON.stringify(row));
