/**
 * Continuation speed against the targets of the bifurcation work (no scriptable AUTO-07p or MatCont on this machine:
 * XPPAUT's AUTO is interactive only, so the targets are absolute):
 *  1. 1,000 pseudo-arclength steps along an equilibrium branch of a 10-dimensional system (< 1 s);
 *  2. 200 steps of a periodic branch of the 3-dimensional Rossler system, NTST = 50, NCOL = 4 (< 5 s).
 * Each is run 3 times in this process; the best and the first (JIT warm-up) run are printed.
 * Run: node scripts/run-ts.mjs bench/stability/continuation.ts
 */
import { localCancelSignal, type AnalysisContext } from '../../src/analysis/core/context';
import { parseOde } from '../../src/analysis/stability/ode/parser';
import { compileModel } from '../../src/analysis/stability/ode/compile';
import { DEFAULT_STEP_CONTROL } from '../../src/analysis/stability/continuation/curve';
import { EquilibriumProblem, type ModelFunctions } from '../../src/analysis/stability/continuation/system';
import { BranchTracer } from '../../src/analysis/stability/continuation/trace';
import { CycleTracer } from '../../src/analysis/stability/continuation/collocation/cycles';

const ctx = { progress() {}, log() {}, signal: localCancelSignal() } as unknown as AnalysisContext;

function functions(text: string): { fns: ModelFunctions; params: Float64Array } {
  const model = parseOde(text, 'bench.ode');
  const c = compileModel(model);
  return {
    fns: {
      n: c.n,
      kind: model.kind,
      stateNames: model.stateNames,
      paramNames: model.paramNames,
      rhs: (x, p, out) => c.rhs(0, x, p, out),
      jac: (x, p, out) => c.jac(0, x, p, out),
    },
    params: model.paramValues,
  };
}

function best(label: string, runs: number, f: () => string): void {
  const times: number[] = [];
  let info = '';
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    info = f();
    times.push((performance.now() - t0) / 1000);
  }
  console.log(`${label}: best ${Math.min(...times).toFixed(3)} s, first ${times[0].toFixed(3)} s (${info})`);
}

// 1. ten units in a ring, x_i' = p - x_i^3 + x_i + 0.2 (x_(i+1) - 2 x_i + x_(i-1)): an S-shaped branch in p
const n = 10;
const lines: string[] = [];
for (let i = 1; i <= n; i++) {
  const l = i === 1 ? n : i - 1;
  const r = i === n ? 1 : i + 1;
  lines.push(`x${i}' = p - x${i}^3 + x${i} + 0.2*(x${r} - 2*x${i} + x${l})`);
}
lines.push('par p=-3', `init ${Array.from({ length: n }, (_, i) => `x${i + 1}=-1.6717`).join(', ')}`, 'done');
const ring = functions(lines.join('\n'));
best('equilibrium branch, n = 10, 1000 steps', 3, () => {
  const problem = new EquilibriumProblem(ring.fns, ring.params, 0, 1);
  const control = { ...DEFAULT_STEP_CONTROL, ds: 0.01, dsMin: 1e-8, dsMax: 0.01 };
  const tracer = new BranchTracer(problem, control, { from: -1e9, to: 1e9, maxSteps: 1000, normMax: 1e9 }, ctx, 'p');
  // Newton onto the branch at p = -3 from the init guess
  const u0 = new Float64Array(n + 1).fill(-1.6717);
  u0[n] = -3;
  const w = new Float64Array(n + 1);
  const e = new Float64Array(n + 1);
  e[n] = 1;
  tracer.ws.correct(u0, e, control, w);
  const start = tracer.startTangent(w)!;
  const r = tracer.traceOne(start, 1);
  const folds = r.points.filter((p) => p.special === 'fold').length;
  return `${r.points.length} points, ${folds} folds, ends: ${r.end}`;
});

// 2. Rossler cycles from the Hopf point at c = 0.4 (a = b = 0.2)
const ross = functions("x' = -y - z\ny' = x + a*y\nz' = b + z*(x - c)\npar a=0.2, b=0.2, c=0.4\ndone\n");
best('periodic branch, Rossler, NTST 50, NCOL 4, 200 steps', 3, () => {
  const control = { ...DEFAULT_STEP_CONTROL, ds: 0.01, dsMin: 1e-8, dsMax: 0.05 };
  const tracer = new CycleTracer(ross.fns, ross.params, 2, 50, 4, control, ctx);
  const x = Float64Array.of(0.2, -1, 1); // the equilibrium at c = 0.4: x = c/2, y = -x/a, z = x/a
  const start = tracer.hopfStart(x, 0.4, 1.4)!;
  const r = tracer.trace(start, { from: -1e9, to: 1e9, maxSteps: 200, normMax: 1e9, maxPeriod: 1e6 });
  const last = r.points[r.points.length - 1];
  return `${r.points.length} points to c = ${last.u[last.u.length - 1].toFixed(3)}, ${r.points.filter((p) => p.special).length} special, ends: ${r.end}`;
});
