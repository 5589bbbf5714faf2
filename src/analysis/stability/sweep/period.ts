/**
 * The period of an orbit already on its attractor, read from the orbit itself.
 * Maps: the smallest p with |x_{m+p} - x_m| small for the last iterates (a period-p cycle).
 * Flows: a Poincare section (Poincare 1881; e.g. Strogatz, Nonlinear Dynamics and Chaos, section 8.7): upward
 * crossings of the most varying state through the middle of its range, located to integrator accuracy by bisection
 * on the dense output. A periodic orbit that crosses the section p times per loop gives section points that repeat
 * with period p; the period is the time between repeats. Chaotic and quasi-periodic orbits never repeat.
 */
import type { AnalysisContext } from '../../core/context';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { makeStepper, type Method } from '../integrate/trajectory';
import type { Stepper } from '../integrate/stepper';

export interface PeriodOptions {
  /** Largest period searched: iterations (maps) or loops through the section (flows). */
  maxPeriod: number;
  /** Relative tolerance of a repeat (of the orbit's range). */
  tol: number;
  /** Flows: longest integration time spent looking. Maps: iterations are 4 * maxPeriod. */
  maxTime: number;
  method: Method;
  rtol: number;
  atol: number;
  bound: number;
}

export interface PeriodResult {
  /** Period in time units (flows) or iterations (maps); NaN when no repeat was found. */
  period: number;
  /** Flows: section crossings per period; maps: equals `period`. NaN when none. */
  loops: number;
  /** Largest range (max - min) of a state over the examined orbit: ~0 means the orbit is at rest. */
  amplitude: number;
  /** Set when the orbit left the bound while looking. */
  diverged?: string;
}

/**
 * Smallest p <= maxPeriod such that every point of the window repeats after p steps: |pts[j] - pts[j-p]| <= tol
 * for j in the last 2p+1 points (so the cycle is seen at least twice). `pts` are rows of equal length.
 */
export function smallestRepeat(pts: readonly Float64Array[], maxPeriod: number, tol: number): number {
  const m = pts.length;
  for (let p = 1; p <= maxPeriod && 3 * p <= m - 1; p++) {
    let ok = true;
    for (let j = m - 1; j >= m - 1 - 2 * p && ok; j--) {
      const a = pts[j];
      const b = pts[j - p];
      for (let i = 0; i < a.length; i++)
        if (!(Math.abs(a[i] - b[i]) <= tol)) {
          ok = false;
          break;
        }
    }
    if (ok) return p;
  }
  return 0;
}

function rangeOf(pts: readonly Float64Array[], n: number): { lo: Float64Array; hi: Float64Array; amp: number } {
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  for (const v of pts)
    for (let i = 0; i < n; i++) {
      if (v[i] < lo[i]) lo[i] = v[i];
      if (v[i] > hi[i]) hi[i] = v[i];
    }
  let amp = 0;
  for (let i = 0; i < n; i++) amp = Math.max(amp, hi[i] - lo[i]);
  return { lo, hi, amp };
}

/** Maps: iterate 4 * maxPeriod times from x0 and look for the smallest repeat. */
export function mapPeriod(
  model: OdeModel,
  compiled: CompiledModel,
  x0: Float64Array,
  t0: number,
  o: PeriodOptions,
): PeriodResult {
  const n = compiled.n;
  const p = model.paramValues;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  const N = 4 * o.maxPeriod;
  for (let k = 0; k < N; k++) {
    const nx = new Float64Array(n);
    compiled.rhs(t0 + k, pts[k], p, nx);
    for (let i = 0; i < n; i++)
      if (!(Math.abs(nx[i]) <= o.bound))
        return { period: NaN, loops: NaN, amplitude: NaN, diverged: `left the bound at iteration ${k + 1}` };
    pts.push(nx);
  }
  const { amp } = rangeOf(pts, n);
  const scale = Math.max(1, ...Array.from(pts[pts.length - 1], Math.abs));
  const per = smallestRepeat(pts, o.maxPeriod, Math.max(o.tol * amp, 1e-12 * scale));
  return { period: per || NaN, loops: per || NaN, amplitude: amp };
}

/** Time of the crossing of y_c through `level` inside the last step, by bisection on the dense output. */
function crossingTime(st: Stepper, c: number, level: number, buf: Float64Array): number {
  let a = st.tPrev;
  let b = st.t;
  for (let it = 0; it < 60 && b - a > 1e-13 * Math.max(1, Math.abs(b)); it++) {
    const mid = 0.5 * (a + b);
    st.denseAt(mid, buf);
    if (buf[c] < level) a = mid;
    else b = mid;
  }
  return 0.5 * (a + b);
}

/**
 * Flows: a probe run of maxTime / 8 fixes the section (the most varying state through the middle of its range),
 * then crossings are collected until a repeat is seen or maxTime is spent.
 */
export function flowPeriod(
  model: OdeModel,
  compiled: CompiledModel,
  y0: Float64Array,
  t0: number,
  o: PeriodOptions,
  ctx: AnalysisContext,
): PeriodResult {
  const n = compiled.n;
  const p = model.paramValues;
  const st = makeStepper((t, y, out) => compiled.rhs(t, y, p, out), t0, y0, {
    method: o.method,
    rtol: o.rtol,
    atol: o.atol,
    h0: 1e-3,
    hMax: o.maxTime / 200,
    bound: o.bound,
    maxSteps: 5_000_000,
    tEnd: t0 + o.maxTime,
    names: model.stateNames,
    file: model.file,
    jac: (t, y, J) => compiled.jac(t, y, p, J),
  });
  const probeEnd = t0 + o.maxTime / 8;
  const probe: Float64Array[] = [Float64Array.from(y0)];
  try {
    while (st.t < probeEnd) {
      st.step(probeEnd);
      probe.push(Float64Array.from(st.y));
    }
  } catch (e) {
    return { period: NaN, loops: NaN, amplitude: NaN, diverged: (e as Error).message };
  }
  const { lo, hi, amp } = rangeOf(probe, n);
  const scale = Math.max(1, ...Array.from(st.y, Math.abs));
  if (amp <= 1e-7 * scale) return { period: NaN, loops: NaN, amplitude: amp };
  let c = 0;
  for (let i = 1; i < n; i++) if (hi[i] - lo[i] > hi[c] - lo[c]) c = i;
  const level = 0.5 * (lo[c] + hi[c]);
  const tol = o.tol * amp;
  const times: number[] = [];
  const pts: Float64Array[] = [];
  const buf = new Float64Array(n);
  const prev = Float64Array.from(st.y);
  const tEnd = t0 + o.maxTime;
  const maxCrossings = 4 * o.maxPeriod + 2;
  let steps = 0;
  try {
    while (st.t < tEnd && pts.length < maxCrossings) {
      prev.set(st.y);
      st.step(tEnd);
      if ((++steps & 1023) === 0) ctx.signal.throwIfCancelled();
      if (prev[c] < level && st.y[c] >= level) {
        const tc = crossingTime(st, c, level, buf);
        st.denseAt(tc, buf);
        times.push(tc);
        pts.push(Float64Array.from(buf));
        const per = smallestRepeat(pts, o.maxPeriod, tol);
        if (per > 0) {
          const reps = Math.floor((pts.length - 1) / per);
          const period = (times[times.length - 1] - times[times.length - 1 - reps * per]) / reps;
          return { period, loops: per, amplitude: amp };
        }
      }
    }
  } catch (e) {
    return { period: NaN, loops: NaN, amplitude: amp, diverged: (e as Error).message };
  }
  return { period: NaN, loops: NaN, amplitude: amp };
}
