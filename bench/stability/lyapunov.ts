/**
 * Lyapunov benchmarks, ours and the anchors back to back:
 *  1. Lorenz spectrum to 1% in < 2 s (issue 6): our Benettin (DOPRI5 default and RK4 dt 0.01) vs a numpy Benettin
 *     (RK4 dt 0.01, same T) and scipy solve_ivp RK45 on the orbit alone;
 *  2. Rossler to 1% (largest) / 2% (others): a long run (too slow for a unit test);
 *  3. Rosenstein on 100,000 samples of Lorenz x in < 5 s vs the same estimator with scipy cKDTree neighbours.
 * Run: node scripts/run-ts.mjs bench/stability/lyapunov.ts
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCancelSignal, type AnalysisContext } from '../../src/analysis/core/context';
import { parseOde } from '../../src/analysis/stability/ode/parser';
import { compileModel } from '../../src/analysis/stability/ode/compile';
import { benettin, type BenettinOptions } from '../../src/analysis/stability/lyapunov/benettin';
import { simulate } from '../../src/analysis/stability/integrate/trajectory';
import { rosenstein } from '../../src/analysis/stability/lyapunov/rosenstein';

const ctx = { progress() {}, log() {}, signal: localCancelSignal() } as unknown as AnalysisContext;
const mem = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
const gc = (globalThis as { gc?: () => void }).gc;

function timeIt<T>(f: () => T): { value: T; seconds: number } {
  gc?.();
  const t0 = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

const lorenz = parseOde(readFileSync('examples/lorenz.ode', 'utf8'), 'lorenz.ode');
const lc = compileModel(lorenz);
const ref = [0.9056, 0, -14.5723];
const base: BenettinOptions = {
  transient: 100,
  duration: 1000,
  renormInterval: 0.5,
  method: 'dopri5',
  dt: 0.01,
  rtol: 1e-8,
  atol: 1e-10,
  bound: 1e12,
  maxSteps: 5e7,
  count: 3,
};
const report = (name: string, ex: number[], s: number) =>
  console.log(
    `${name}: ${s.toFixed(3)} s, exponents ${ex.map((v) => v.toFixed(4)).join(', ')}, err(l1) ${((100 * Math.abs(ex[0] - ref[0])) / ref[0]).toFixed(2)}%, err(l3) ${((100 * Math.abs(ex[2] - ref[2])) / Math.abs(ref[2])).toFixed(2)}%, rss ${mem()} MB`,
  );

console.log(`# Lorenz spectrum (T = 1000 after a transient of 100), node ${process.version}`);
const a = timeIt(() => benettin(lorenz, lc, base, ctx));
report('ours dopri5 rtol 1e-8', a.value.exponents, a.seconds);
const b = timeIt(() => benettin(lorenz, lc, { ...base, method: 'rk4', dt: 0.01 }, ctx));
report('ours rk4 dt 0.01', b.value.exponents, b.seconds);
const py = spawnSync('/usr/bin/python3', ['bench/stability/anchor.py', 'lorenz'], { encoding: 'utf8' });
if (py.status === 0) {
  const j = JSON.parse(py.stdout) as {
    benettinNumpy: { exponents: number[]; seconds: number };
    solveIvpRK45: { seconds: number; steps: number; nfev: number };
  };
  report('anchor numpy rk4 dt 0.01', j.benettinNumpy.exponents, j.benettinNumpy.seconds);
  console.log(
    `anchor scipy solve_ivp RK45 orbit only (T = 1100, rtol 1e-8): ${j.solveIvpRK45.seconds.toFixed(3)} s, ${j.solveIvpRK45.steps} steps`,
  );
  const orbit = timeIt(() =>
    simulate(lorenz, lc, {
      t0: 0,
      tEnd: 1100,
      dt: 0.01,
      method: 'dopri5',
      rtol: 1e-8,
      atol: 1e-10,
      bound: 1e12,
      maxSteps: 1e8,
      transient: 0,
      memoryBudgetBytes: 2 ** 31,
    }),
  );
  console.log(
    `ours dopri5 orbit only (T = 1100, rtol 1e-8, dense output every 0.01): ${orbit.seconds.toFixed(3)} s, ${orbit.value.stats.accepted} steps; ratio scipy/ours ${(j.solveIvpRK45.seconds / orbit.seconds).toFixed(1)}x`,
  );
  console.log(`ratio numpy Benettin / ours (rk4, same steps): ${(j.benettinNumpy.seconds / b.seconds).toFixed(1)}x`);
} else console.log('anchor failed:', py.stderr);

if (!process.argv.includes('--quick')) {
  console.log('\n# Rossler (a = b = 0.2, c = 5.7), reference 0.0714, 0, -5.3943');
  const ros = parseOde(
    "x' = -y - z\ny' = x + a*y\nz' = b + z*(x - c)\npar a=0.2, b=0.2, c=5.7\ninit x=1, y=1, z=0",
    'rossler.ode',
  );
  const rc = compileModel(ros);
  for (const T of [20_000, 100_000]) {
    const r = timeIt(() =>
      benettin(ros, rc, { ...base, duration: T, method: 'rk4', dt: 0.01, renormInterval: 1 }, ctx),
    );
    const ex = r.value.exponents;
    console.log(
      `ours rk4 dt 0.01, T = ${T}: ${r.seconds.toFixed(2)} s, exponents ${ex.map((v) => v.toFixed(5)).join(', ')} (+- ${r.value.standardError.map((v) => v.toFixed(5)).join(', ')}), err(l1) ${((100 * Math.abs(ex[0] - 0.0714)) / 0.0714).toFixed(2)}%, err(l3) ${((100 * Math.abs(ex[2] + 5.3943)) / 5.3943).toFixed(2)}%`,
    );
  }
}

console.log('\n# Rosenstein on 100,000 samples of Lorenz x (dt = 0.01)');
const tr = simulate(lorenz, lc, {
  t0: 0,
  tEnd: 50 + 100_000 * 0.01 - 0.01,
  dt: 0.01,
  method: 'dopri5',
  rtol: 1e-10,
  atol: 1e-12,
  bound: 1e12,
  maxSteps: 1e8,
  transient: 50,
  memoryBudgetBytes: 2 ** 31,
});
const x = tr.states[0];
const ro = timeIt(() => rosenstein(x, { dt: 0.01, maxDim: 10 }, ctx));
const r = ro.value;
console.log(
  `ours (automatic dim/lag/Theiler): ${ro.seconds.toFixed(2)} s for ${x.length} samples, lambda ${r.lambda.toFixed(4)} (err ${((100 * Math.abs(r.lambda - 0.9056)) / 0.9056).toFixed(1)}%), dim ${r.dim}, lag ${r.lag}, Theiler ${r.theiler}, fit steps ${r.fit.fromStep}..${r.fit.toStep}, rss ${mem()} MB; ${r.notes.join('; ')}`,
);
const dir = mkdtempSync(join(tmpdir(), 'dynlens-bench-'));
const file = join(dir, 'x.txt');
writeFileSync(file, Array.from(x, String).join('\n'));
const K = r.steps.length - 1;
const stride = Number(/every (\d+)-th/.exec(r.notes.join(' '))?.[1] ?? 1);
const fixed = timeIt(() =>
  rosenstein(x, { dt: 0.01, maxDim: 10, dim: r.dim, lag: r.lag, theiler: r.theiler, horizon: K }, ctx),
);
const an = spawnSync(
  '/usr/bin/python3',
  [
    'bench/stability/anchor.py',
    'rosenstein',
    file,
    String(r.dim),
    String(r.lag),
    String(r.theiler),
    String(K),
    String(stride),
  ],
  { encoding: 'utf8', maxBuffer: 1 << 26 },
);
if (an.status === 0) {
  const j = JSON.parse(an.stdout) as { seconds: number; curve: number[]; references: number };
  const f = r.fit;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    n = 0;
  for (let k = f.fromStep; k <= f.toStep; k++) {
    sx += k;
    sy += j.curve[k];
    sxx += k * k;
    sxy += k * j.curve[k];
    n++;
  }
  const slope = (sxy - (sx * sy) / n) / (sxx - (sx * sx) / n);
  console.log(`ours with the same dim/lag/Theiler/horizon (neighbours + curve only): ${fixed.seconds.toFixed(2)} s`);
  console.log(
    `anchor scipy cKDTree Rosenstein (same parameters, every ${stride}-th reference, ${j.references} references): ${j.seconds.toFixed(2)} s, lambda over the same fit region ${(slope / 0.01).toFixed(4)}; ratio anchor/ours ${(j.seconds / fixed.seconds).toFixed(1)}x`,
  );
} else console.log('anchor failed:', an.stderr.slice(0, 500));
