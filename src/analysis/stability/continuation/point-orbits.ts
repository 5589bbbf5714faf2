/**
 * The orbits behind clickable points of a bifurcation diagram. Which points: the labelled ones and a bounded number
 * of evenly spaced ones per branch, so the result stays small. Equilibria (fixed points, cycles of maps): short runs
 * from x* +- delta v, v the real part of the leading eigenvector (largest real part for flows, largest modulus for
 * maps), long enough for that eigenvalue to act (about four e-foldings, at least three turns of a complex pair, and
 * capped at a few hundred of the fastest time scale). Periodic orbits: the collocation profile itself (cycles.ts).
 */
import type { AnalysisContext } from '../../core/context';
import type { PointOrbit } from '../../../protocol/results/bifurcation';
import { CancelledError } from '../../core/errors';
import { eig } from '../../linalg/eig';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { simulate } from '../integrate/trajectory';
import type { Eigenvalue } from './tests';

/**
 * Stored orbits are for display: 7 significant digits (the size of the result halves; the points' own values on
 * the branch keep full precision).
 */
export function display(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(7)) : v;
}

/** Evenly spaced points with a stored orbit per branch, besides the labelled ones (at most as many). */
const ORBITS_PER_BRANCH = 8;
/** Output samples per run of a flow. */
const SAMPLES = 120;
/** Longest run of a map. */
const MAX_ITERATIONS = 400;
/** Size of the start offset relative to max(1, |x*|). */
const OFFSET = 1e-2;

/**
 * The indices of a branch of `length` points that get an orbit, sorted: the labelled ones (at most `count` of them,
 * evenly chosen: folds of cycles pile up by the hundred near a homoclinic orbit) plus `count` evenly spaced ones.
 */
export function orbitIndices(length: number, labelled: readonly number[], count = ORBITS_PER_BRANCH): number[] {
  const valid = [...new Set(labelled.filter((i) => i >= 0 && i < length))].sort((a, b) => a - b);
  const kept =
    valid.length <= count
      ? valid
      : Array.from({ length: count }, (_, j) => valid[Math.round((j * (valid.length - 1)) / (count - 1))]);
  const set = new Set<number>(kept);
  if (length > 0) {
    const k = Math.min(count, length);
    for (let j = 0; j < k; j++) set.add(k === 1 ? 0 : Math.round((j * (length - 1)) / (k - 1)));
  }
  return [...set].sort((a, b) => a - b);
}

export interface EquilibriumAt {
  branch: number;
  index: number;
  /** The equilibrium (a point of the cycle for maps), the parameter value, and D f (D f^k) there, row-major. */
  x: Float64Array;
  lambda: number;
  jacobian: Float64Array;
  eigenvalues: Eigenvalue[];
  /** Maps: the period k of the cycle (the runs iterate f, so they visit every point of the cycle). */
  cyclePeriod: number;
}

/** Runs from both sides of an equilibrium (fixed point) along its leading eigenvector; the model is left unchanged. */
export function equilibriumOrbit(
  model: OdeModel,
  compiled: CompiledModel,
  paramIndex: number,
  at: EquilibriumAt,
  ctx: AnalysisContext,
): PointOrbit {
  const n = compiled.n;
  const isMap = model.kind === 'map';
  const { v, lead } = leadingDirection(at.jacobian, n, isMap);
  const size = OFFSET * Math.max(1, ...Array.from(at.x, Math.abs));
  const horizon = isMap ? mapHorizon(at.eigenvalues, at.cyclePeriod) : flowHorizon(at.eigenvalues);
  const saved = model.paramValues[paramIndex];
  const runs: PointOrbit['runs'] = [];
  model.paramValues[paramIndex] = at.lambda;
  try {
    for (const sign of [1, -1]) {
      const y0 = at.x.map((xi, i) => xi + sign * size * v[i]);
      runs.push(run(model, compiled, y0, horizon, ctx));
    }
  } finally {
    model.paramValues[paramIndex] = saved;
  }
  const how = `runs from x* ± ${size.toPrecision(2)} v, v the leading eigenvector (${isMap ? 'multiplier' : 'eigenvalue'} ${formatEigen(lead)}), over ${isMap ? `${horizon} iterations` : `t = 0..${horizon.toPrecision(3)}`}`;
  const out: PointOrbit = { branch: at.branch, index: at.index, runs, how };
  if (isMap) out.multipliers = at.eigenvalues;
  else out.eigenvalues = at.eigenvalues;
  return out;
}

function formatEigen([re, im]: Eigenvalue): string {
  const r = Number(re.toPrecision(4));
  return im === 0 ? String(r) : `${r} ${im < 0 ? '-' : '+'} ${Number(Math.abs(im).toPrecision(4))}i`;
}

/** Unit (max-norm) real part of the leading eigenvector, and its eigenvalue. */
function leadingDirection(jRow: Float64Array, n: number, isMap: boolean): { v: Float64Array; lead: Eigenvalue } {
  const col = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) col[i + j * n] = jRow[i * n + j];
  const e = eig(col, n, true);
  const score = (k: number): number => (isMap ? Math.hypot(e.re[k], e.im[k]) : e.re[k]);
  let best = 0;
  for (let k = 1; k < n; k++) if (score(k) > score(best)) best = k;
  const v = new Float64Array(n);
  if (e.vectorsRe && e.vectorsIm) {
    for (let i = 0; i < n; i++) v[i] = e.vectorsRe[i + best * n];
    if (v.every((x) => x === 0)) for (let i = 0; i < n; i++) v[i] = e.vectorsIm[i + best * n];
  }
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  if (!(m > 0)) v.fill(1);
  else for (let i = 0; i < n; i++) v[i] /= m;
  return { v, lead: [e.re[best], e.im[best]] };
}

/** About four e-foldings of the leading eigenvalue, at least three turns of the slowest rotation, capped. */
function flowHorizon(ev: readonly Eigenvalue[]): number {
  const fastest = Math.max(1e-6, ...ev.map(([re, im]) => Math.hypot(re, im)));
  const lead = ev.reduce((a, b) => (b[0] > a[0] ? b : a), ev[0] ?? [0, 0]);
  let t = Math.abs(lead[0]) > 1e-9 ? 4 / Math.abs(lead[0]) : 50 / fastest;
  const turning = ev.filter(([, im]) => Math.abs(im) > 1e-9 * fastest).map(([, im]) => Math.abs(im));
  if (turning.length > 0) t = Math.max(t, (3 * 2 * Math.PI) / Math.min(...turning));
  return Math.min(t, 300 / fastest);
}

/** Iterations: about four e-foldings of the leading multiplier, at least 8 turns of the cycle, at most 400 iterations. */
function mapHorizon(ev: readonly Eigenvalue[], k: number): number {
  const lead = Math.max(...ev.map(([re, im]) => Math.hypot(re, im)));
  const rate = Math.abs(Math.log(lead));
  const turns = rate > 1e-9 ? Math.ceil(4 / rate) : Infinity;
  return k * Math.max(1, Math.min(Math.max(8, turns), Math.floor(MAX_ITERATIONS / k)));
}

function run(
  model: OdeModel,
  compiled: CompiledModel,
  y0: Float64Array,
  horizon: number,
  ctx: AnalysisContext,
): PointOrbit['runs'][number] {
  const isMap = model.kind === 'map';
  try {
    const tr = simulate(
      model,
      compiled,
      {
        t0: 0,
        tEnd: horizon,
        dt: isMap ? 1 : horizon / SAMPLES,
        method: 'dopri5',
        rtol: 1e-8,
        atol: 1e-10,
        bound: 1e6,
        maxSteps: 200_000,
        transient: 0,
        memoryBudgetBytes: ctx.memoryBudgetBytes,
        y0,
      },
      ctx,
    );
    return { time: Array.from(tr.t, display), states: tr.states.map((s) => Array.from(s, display)) };
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    // a start where the model cannot be evaluated: the run is just its start
    return { time: [0], states: Array.from(y0, (v) => [v]) };
  }
}
