/**
 * Fixed-step implicit solver for models with Volterra integral equations (x(t) = ..., volt x = ..., int{...}) and
 * differential-algebraic equations (0 = g with solv variables, index 1). On the grid t_n = t0 + n h every unknown
 * is found by Newton's method on:
 *   x' = f  (differential)  ->  x_n - x_{n-1} - h/2 (f_{n-1} + f_n) = 0       (trapezoidal rule)
 *   x  = F  (integral eq.)  ->  x_n - F(t_n, x_n, I_n) = 0
 *   0  = g  (algebraic)     ->  g(t_n, x_n) = 0
 * with each integral I_n = sum_j W_{n,j} phi_j by product integration against the weight (t-t')^-q (Linz,
 * "Analytical and Numerical Methods for Volterra Equations", SIAM 1985, Sections 7.2 and 8.3; q = 0 gives the
 * trapezoidal rule). phi_j = K(t_n - t_j) u(t_j) for the convolution form
 * int{K#u}, and G(t_n, t_j, x_j) for int{G}. Work is O(N^2) in the number of steps, as for any Volterra scheme of
 * this kind; memory is checked against the budget first. Global events are located on this grid (applyEvent).
 */
import type { AnalysisContext } from '../../core/context';
import { badInput, tooLarge } from '../../core/errors';
import { compileExprs, type CompiledModel, type VectorField } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { evalExpr } from '../ode/evaluate';
import type { SimulateOptions, Trajectory } from './trajectory';
import { formatTime } from './stepper';
import { createGridEvents } from './events';

/**
 * Weights of the product rule with the weight (t-t')^-q: grid point j (at distance l = n - j from t_n) carries half of
 * the integral of s^-q over each interval next to it, the integrand being held constant there (Linz 1985, Section 8.3,
 * the rule XPPAUT uses; the trapezoidal rule when q = 0). W(l) for interior points, W0(l) for the first point
 * (one interval), Wn for the current point.
 */
function productWeights(
  q: number,
  h: number,
  steps: number,
): { interior: Float64Array; first: Float64Array; current: number } {
  const m1 = 1 - q;
  const P = (x: number): number => Math.pow(Math.abs(x), m1) / m1;
  const interior = new Float64Array(steps + 1);
  const first = new Float64Array(steps + 1);
  for (let l = 1; l <= steps; l++) {
    interior[l] = 0.5 * (P(l * h + h) - P(l * h - h));
    first[l] = 0.5 * (P(l * h) - P(l * h - h));
  }
  return { interior, first, current: 0.5 * P(h) };
}

/** Solves A x = b in place (Gaussian elimination with partial pivoting); false when singular. */
export function solveDense(A: Float64Array, b: Float64Array, N: number): boolean {
  for (let c = 0; c < N; c++) {
    let piv = c;
    for (let r = c + 1; r < N; r++) if (Math.abs(A[r * N + c]) > Math.abs(A[piv * N + c])) piv = r;
    if (!(Math.abs(A[piv * N + c]) > 1e-300)) return false;
    if (piv !== c) {
      for (let k = 0; k < N; k++) [A[c * N + k], A[piv * N + k]] = [A[piv * N + k], A[c * N + k]];
      [b[c], b[piv]] = [b[piv], b[c]];
    }
    for (let r = c + 1; r < N; r++) {
      const f = A[r * N + c] / A[c * N + c];
      if (f === 0) continue;
      for (let k = c; k < N; k++) A[r * N + k] -= f * A[c * N + k];
      b[r] -= f * b[c];
    }
  }
  for (let r = N - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < N; k++) s -= A[r * N + k] * b[k];
    b[r] = s / A[r * N + r];
  }
  return true;
}

export function simulateImplicit(
  model: OdeModel,
  compiled: CompiledModel,
  o: SimulateOptions,
  ctx?: AnalysisContext,
): Trajectory {
  const n = model.stateNames.length;
  const N = n + model.solvNames.length;
  const np = model.paramNames.length;
  const p = model.paramValues;
  const rt = compiled.runtime;
  const file = model.file;
  const pureDae = model.integrals.length === 0 && !model.volterra.some(Boolean);
  // a DAE alone runs four trapezoidal steps per output interval; Volterra models on XPPAUT's grid (h = dt)
  const h = (o.step ?? o.dt) / (pureDae ? 4 : 1);
  const stride = Math.max(1, Math.round(o.dt / h));
  const steps = Math.ceil((o.tEnd - o.t0) / h - 1e-9);
  const nI = model.integrals.length;
  const bytes = (steps + 1) * (N + nI) * 8 + (nI > 0 ? (steps + 1) * 16 * (1 + nI) : 0);
  if (bytes > o.memoryBudgetBytes || steps > o.maxSteps)
    throw tooLarge(
      `the integral-equation solver would take ${steps} steps and ${(bytes / 2 ** 20).toFixed(0)} MB; raise dt or lower total`,
      { file },
    );
  const constraints: VectorField = compileExprs(
    model.constraints.map((c) => c.expr),
    N,
    np,
    rt,
  );
  const conv = model.integrals.map((g) => g.of !== undefined);
  const kernels = model.integrals.map((g) => compileExprs([g.kernel], N, np, rt));
  const ofs = model.integrals.map((g) => (g.of ? compileExprs([g.of], N, np, rt) : undefined));
  const weights = model.integrals.map((g) => productWeights(g.q, h, steps));
  const hist = new Float64Array((steps + 1) * N);
  const E = model.integrals.map(() => new Float64Array(steps + 1)); // u(t_j) of the convolutions
  const K = model.integrals.map(() => new Float64Array(steps + 1).fill(NaN)); // K(m h), filled on demand
  const one = new Float64Array(1);
  const zeros = new Float64Array(N);
  const kernelAt = (i: number, m: number): number => {
    let v = K[i][m];
    if (v !== v) {
      kernels[i](m * h, zeros, p, one);
      v = K[i][m] = one[0];
      if (!Number.isFinite(v))
        throw badInput(
          `line ${model.integrals[i].line}: the Volterra kernel is ${v} at lag ${formatTime(m * h)} (it diverges; a weakly singular kernel is written int[q]{...} with 0 <= q < 1)`,
          { file, row: model.integrals[i].line },
        );
    }
    return v;
  };
  /** phi of integral i at grid point j, for the integral at step `cur`, with the unknowns z at j. */
  const phi = (i: number, cur: number, j: number, z: Float64Array, tj: number): number => {
    if (conv[i]) {
      if (j === cur) {
        ofs[i]!(tj, z, p, one);
        return kernelAt(i, 0) * one[0];
      }
      return kernelAt(i, cur - j) * E[i][j];
    }
    rt.tp = tj;
    kernels[i](o.t0 + cur * h, z, p, one);
    return one[0];
  };
  const row = (j: number): Float64Array => hist.subarray(j * N, (j + 1) * N);
  const past = new Float64Array(nI);
  const pastPart = (cur: number): void => {
    for (let i = 0; i < nI; i++) {
      const { interior, first } = weights[i];
      let s = 0;
      for (let j = 0; j < cur; j++) {
        const w = j === 0 ? first[cur] : interior[cur - j];
        s += w * phi(i, cur, j, row(j), o.t0 + j * h);
      }
      past[i] = s;
    }
  };
  if (model.features.delay) {
    rt.delay = (i, s) => {
      if (s <= o.t0) return model.initHistory[i] ? evalExpr(model.initHistory[i], s, model.init, p) : 0;
      const u = (s - o.t0) / h;
      const j = Math.min(Math.floor(u), Math.max(0, filled - 2));
      const f = Math.min(1, u - j);
      return j + 1 < filled ? hist[j * N + i] * (1 - f) + hist[(j + 1) * N + i] * f : hist[(filled - 1) * N + i];
    };
  }
  let filled = 0;
  const fPrev = new Float64Array(N);
  const f = new Float64Array(N);
  const g = new Float64Array(Math.max(1, model.constraints.length));
  const zPrev = new Float64Array(N);
  // the solve in progress: its time, the trapezoidal step that ends there, and (when set) the values the
  // differential states are held at (the initial point, and the point just after an event)
  let solveT = o.t0;
  let solveH = h;
  let anchor: Float64Array | null = Float64Array.from(model.init.subarray(0, n));
  /** Residual of step `cur` at time solveT. */
  const residual = (cur: number, z: Float64Array, out: Float64Array): void => {
    const t = solveT;
    for (let i = 0; i < nI; i++) rt.vint[i] = cur === 0 ? 0 : past[i] + weights[i].current * phi(i, cur, cur, z, t);
    compiled.rhs(t, z, p, f);
    for (let i = 0; i < n; i++) {
      if (model.volterra[i]) out[i] = z[i] - f[i];
      else out[i] = anchor ? z[i] - anchor[i] : z[i] - zPrev[i] - (solveH / 2) * (fPrev[i] + f[i]);
    }
    if (N > n) {
      constraints(t, z, p, g);
      for (let k = 0; k < N - n; k++) out[n + k] = g[k];
    }
  };
  const z = new Float64Array(N);
  const r0 = new Float64Array(N);
  const r1 = new Float64Array(N);
  const zt = new Float64Array(N);
  const J = new Float64Array(N * N);
  const newton = (cur: number): void => {
    for (let it = 0; it < 50; it++) {
      residual(cur, z, r0);
      let norm = 0;
      for (let i = 0; i < N; i++) norm = Math.max(norm, Math.abs(r0[i]) / (1 + Math.abs(z[i])));
      if (!Number.isFinite(norm)) break;
      if (norm < 1e-11) return;
      for (let c = 0; c < N; c++) {
        zt.set(z);
        const d = 1e-7 * Math.max(1, Math.abs(z[c]));
        zt[c] += d;
        residual(cur, zt, r1);
        for (let r = 0; r < N; r++) J[r * N + c] = (r1[r] - r0[r]) / d;
      }
      if (!solveDense(J, r0, N)) break;
      for (let i = 0; i < N; i++) z[i] -= r0[i];
    }
    residual(cur, z, r0);
    let norm = 0;
    for (let i = 0; i < N; i++) norm = Math.max(norm, Math.abs(r0[i]) / (1 + Math.abs(z[i])));
    if (norm < 1e-7) return;
    const where = model.constraints[0]?.line ?? model.stateLines[model.volterra.indexOf(true)] ?? model.stateLines[0];
    throw badInput(
      `line ${where}: Newton's method did not converge at t = ${formatTime(o.t0 + cur * h)} (residual ${norm.toExponential(2)}): the algebraic or integral equations have no solution near the previous point`,
      { file, row: where },
    );
  };

  const samples = Math.floor(steps / stride) + 1;
  const firstK = Math.max(0, Math.ceil((o.transient - o.t0) / (h * stride) - 1e-9));
  const tArr = new Float64Array(Math.max(0, samples - firstK));
  const states = Array.from({ length: n }, () => new Float64Array(tArr.length));
  const nAux = model.aux.length;
  const aux = Array.from({ length: nAux + N - n }, () => new Float64Array(tArr.length));
  const auxBuf = new Float64Array(nAux);
  let stored = 0;
  const store = (k: number, t: number): void => {
    if (k < firstK) return;
    tArr[stored] = Number(t.toPrecision(15));
    for (let i = 0; i < n; i++) states[i][stored] = z[i];
    compiled.aux(t, z, p, auxBuf);
    for (let i = 0; i < nAux; i++) aux[i][stored] = auxBuf[i];
    for (let k2 = 0; k2 < N - n; k2++) aux[nAux + k2][stored] = z[n + k2];
    stored++;
  };
  z.set(model.init.subarray(0, N));
  newton(0);
  anchor = null;
  hist.set(z, 0);
  const events = createGridEvents(model, rt, N);
  events?.reset(o.t0, z);
  /**
   * A global event in the step ending at t: the solution is interpolated linearly to the crossing (as XPPAUT does),
   * reset there with its algebraic and integral-equation variables solved again, and stepped on to t by a partial
   * trapezoidal step (the integrals take their value at t from the grid). The integrals keep their history: an event
   * changes the solution from the event on, not the past it remembers.
   */
  const applyEvent = (cur: number, t: number, frac: number): void => {
    const tc = t - h + frac * h;
    for (let i = 0; i < N; i++) z[i] = zPrev[i] + frac * (z[i] - zPrev[i]);
    events!.apply(tc, z);
    anchor = Float64Array.from(z.subarray(0, n));
    solveT = tc;
    newton(cur);
    anchor = null;
    if (t - tc > 1e-12 * Math.max(1, Math.abs(t))) {
      zPrev.set(z);
      compiled.rhs(tc, zPrev, p, fPrev);
      solveH = t - tc;
      solveT = t;
      newton(cur);
      solveH = h;
    }
    solveT = t;
    events!.reset(t, z);
  };
  filled = 1;
  for (let i = 0; i < nI; i++)
    if (conv[i]) {
      ofs[i]!(o.t0, z, p, one);
      E[i][0] = one[0];
    }
  store(0, o.t0);
  let diverged: Trajectory['diverged'];
  for (let cur = 1; cur <= steps; cur++) {
    const t = o.t0 + cur * h;
    zPrev.set(z);
    compiled.rhs(t - h, zPrev, p, fPrev);
    pastPart(cur);
    solveT = t;
    newton(cur);
    const frac = events?.crossing(t, z);
    if (frac !== undefined) applyEvent(cur, t, frac);
    hist.set(z, cur * N);
    filled = cur + 1;
    for (let i = 0; i < nI; i++)
      if (conv[i]) {
        ofs[i]!(t, z, p, one);
        E[i][cur] = one[0];
      }
    const bad = Array.from(z.subarray(0, n)).findIndex((v) => !(Math.abs(v) <= o.bound));
    if (bad >= 0) {
      diverged = { t, message: `the solution blows up at t = ${formatTime(t)} (${model.stateNames[bad]} = ${z[bad]})` };
      break;
    }
    if (cur % stride === 0) store(cur / stride, t);
    if ((cur & 255) === 0) {
      ctx?.signal.throwIfCancelled();
      ctx?.progress(cur / steps, `t = ${formatTime(t)}`);
    }
  }
  return {
    t: tArr.subarray(0, stored),
    states: states.map((s) => s.subarray(0, stored)),
    aux: aux.map((a) => a.subarray(0, stored)),
    diverged,
    stats: { accepted: steps, rejected: 0, evaluations: 0 },
  };
}
