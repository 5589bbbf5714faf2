/**
 * Pseudo-arclength continuation of a curve H(u) = 0, H: R^(N+1) -> R^N (Keller 1977, "Numerical solution of
 * bifurcation and nonlinear eigenvalue problems"; Allgower & Georg, Introduction to Numerical Continuation Methods,
 * 1990, ch. 2 and 6). One step: the tangent t solves [H_u; t_prev^T] t = [0; 1] (normalised, oriented as t_prev),
 * the Euler predictor is v = u + h t, and Newton corrects on the bordered system [H(w); t^T (w - v)] = 0. The step h
 * adapts: halved when Newton fails or the tangent turns by more than `maxTurn`, grown after easy steps, within
 * [dsMin, dsMax] as AUTO's DS, DSMIN, DSMAX.
 */
import { luDeterminant, luFactor, luSolve, norm2 } from './dense';

export interface CurveProblem {
  /** N: number of equations; the unknown u has N + 1 components (the last ones are the free parameters). */
  equations: number;
  residual(u: Float64Array, out: Float64Array): void;
  /** Row-major N x (N + 1) Jacobian dH/du. */
  jacobian(u: Float64Array, out: Float64Array): void;
}

export interface StepControl {
  ds: number;
  dsMin: number;
  dsMax: number;
  /** Newton tolerance on ||H|| and on the correction, relative to 1 + ||u||. */
  tol: number;
  maxNewton: number;
  /** Largest angle between consecutive tangents (radians) before the step is refused and halved. */
  maxTurn: number;
}

export const DEFAULT_STEP_CONTROL: StepControl = {
  ds: 0.01,
  dsMin: 1e-6,
  dsMax: 0.1,
  tol: 1e-10,
  maxNewton: 12,
  maxTurn: 0.5,
};

/**
 * What a continuation step needs from a problem's linear algebra: the corrector, the tangent and the inner product
 * that measures arclength (Euclidean for equilibria, a quadrature of the profile for periodic orbits).
 */
export interface Corrector {
  /** Number of unknowns (N + 1). */
  readonly n1: number;
  dot(a: Float64Array, b: Float64Array): number;
  /** Newton on [H(w); <t, w - v>] = 0 from w = v: iterations, or -1 without convergence. */
  correct(v: Float64Array, t: Float64Array, c: StepControl, w: Float64Array): number;
  /** Unit tangent oriented as prev, and a branch-point test value (det of the bordered Jacobian, or 0). */
  tangent(u: Float64Array, prev: Float64Array): { t: Float64Array; det: number } | undefined;
}

/** Scratch buffers of one curve problem, allocated once per continuation run. */
export class CurveWorkspace implements Corrector {
  readonly n1: number;
  readonly jac: Float64Array;
  readonly bordered: Float64Array;
  readonly res: Float64Array;
  readonly rhs: Float64Array;

  constructor(readonly problem: CurveProblem) {
    const n = problem.equations;
    this.n1 = n + 1;
    this.jac = new Float64Array(n * (n + 1));
    this.bordered = new Float64Array((n + 1) * (n + 1));
    this.res = new Float64Array(n);
    this.rhs = new Float64Array(n + 1);
  }

  dot(a: Float64Array, b: Float64Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** Fills the bordered matrix [H_u(u); row^T] from the current Jacobian buffer. */
  private border(row: Float64Array): void {
    const n1 = this.n1;
    this.bordered.set(this.jac.subarray(0, (n1 - 1) * n1), 0);
    this.bordered.set(row, (n1 - 1) * n1);
  }

  /**
   * Unit tangent at u, oriented so that t . prev > 0. Returns det [H_u; t^T] too: it changes sign at a simple branch
   * point and not at a fold (Allgower & Georg, section 8.1), the branch-point test function.
   */
  tangent(u: Float64Array, prev: Float64Array): { t: Float64Array; det: number } | undefined {
    this.problem.jacobian(u, this.jac);
    this.border(prev);
    const f = luFactor(this.bordered, this.n1);
    if (f.singular) {
      // exactly at a singular point (a branch point hit to the last bit) the tangent is not unique: keep the
      // incoming direction; det = 0 is the exact value of the test function there
      const np = norm2(prev);
      return np > 0 ? { t: prev.map((v) => v / np), det: 0 } : undefined;
    }
    const t = new Float64Array(this.n1);
    t[this.n1 - 1] = 1;
    luSolve(f, t);
    const nt = norm2(t);
    if (!(nt > 0) || !Number.isFinite(nt)) return undefined;
    let dot = 0;
    for (let i = 0; i < this.n1; i++) dot += t[i] * prev[i];
    const s = dot < 0 ? -1 / nt : 1 / nt;
    for (let i = 0; i < this.n1; i++) t[i] *= s;
    // det [H_u; t^T] for the oriented tangent
    this.border(t);
    const g = luFactor(this.bordered, this.n1);
    return { t, det: luDeterminant(g) };
  }

  /**
   * Newton on [H(w); t^T (w - v)] = 0 from w = v. Returns the number of iterations, or -1 when it did not converge.
   */
  correct(v: Float64Array, t: Float64Array, c: StepControl, w: Float64Array): number {
    w.set(v);
    const n1 = this.n1;
    let prevNorm = Infinity;
    for (let it = 1; it <= c.maxNewton; it++) {
      this.problem.residual(w, this.res);
      this.problem.jacobian(w, this.jac);
      this.border(t);
      let dot = 0;
      for (let i = 0; i < n1; i++) dot += t[i] * (w[i] - v[i]);
      const scale0 = 1 + norm2(w);
      // already on the curve (e.g. a trivial branch, where H vanishes identically): no solve needed, and the
      // bordered matrix may be exactly singular there
      if (norm2(this.res) <= c.tol * scale0 && Math.abs(dot) <= c.tol * scale0) return it;
      this.rhs.set(this.res, 0);
      this.rhs[n1 - 1] = dot;
      const f = luFactor(this.bordered, n1);
      if (f.singular) return -1;
      luSolve(f, this.rhs);
      const dn = norm2(this.rhs);
      if (!Number.isFinite(dn)) return -1;
      for (let i = 0; i < n1; i++) w[i] -= this.rhs[i];
      const scale = 1 + norm2(w);
      if (dn <= c.tol * scale) {
        this.problem.residual(w, this.res);
        if (norm2(this.res) <= Math.sqrt(c.tol) * scale) return it;
      }
      // a growing correction after the first steps means the predictor left Newton's basin
      if (it > 2 && dn > 2 * prevNorm) return -1;
      prevNorm = dn;
    }
    return -1;
  }
}

export interface CurvePoint {
  u: Float64Array;
  t: Float64Array;
  /** det [H_u; t^T]: changes sign at simple branch points. */
  det: number;
}

export type StepOutcome = { ok: true; point: CurvePoint; h: number } | { ok: false; reason: string };

/**
 * One accepted continuation step from `from` with step `h` (adapted; returns the step actually taken). The step is
 * refused and halved when Newton fails or the tangent turns too much, down to dsMin.
 */
export function advance(ws: Corrector, from: CurvePoint, h: number, c: StepControl): StepOutcome {
  const n1 = ws.n1;
  const v = new Float64Array(n1);
  const w = new Float64Array(n1);
  let step = Math.sign(h) * Math.min(Math.abs(h), c.dsMax);
  for (;;) {
    for (let i = 0; i < n1; i++) v[i] = from.u[i] + step * from.t[i];
    const its = ws.correct(v, from.t, c, w);
    if (its > 0) {
      const tan = ws.tangent(w, from.t);
      if (tan) {
        const dot = ws.dot(tan.t, from.t);
        if (Math.acos(Math.min(1, Math.max(-1, dot))) <= c.maxTurn) {
          const grow = its <= 3 ? 1.5 : its >= 7 ? 0.7 : 1;
          const next = Math.sign(step) * Math.min(c.dsMax, Math.abs(step) * grow);
          return { ok: true, point: { u: w.slice(), t: tan.t, det: tan.det }, h: next };
        }
      }
    }
    step /= 2;
    if (Math.abs(step) < c.dsMin) {
      return {
        ok: false,
        reason: `the corrector did not converge with the smallest step (dsmin = ${c.dsMin})`,
      };
    }
  }
}

/**
 * The point at arclength s from `from` along its tangent, corrected with the same constraint as a step: used to
 * locate zeros of test functions between two accepted points.
 */
export function pointAt(ws: Corrector, from: CurvePoint, s: number, c: StepControl): CurvePoint | undefined {
  const n1 = ws.n1;
  const v = new Float64Array(n1);
  const w = new Float64Array(n1);
  for (let i = 0; i < n1; i++) v[i] = from.u[i] + s * from.t[i];
  if (ws.correct(v, from.t, c, w) < 0) return undefined;
  const tan = ws.tangent(w, from.t);
  if (!tan) return undefined;
  return { u: w, t: tan.t, det: tan.det };
}

/**
 * Zero of a test function psi between `from` (s = 0) and the next accepted point (s = h) by the Illinois variant of
 * regula falsi (Dowell & Jarratt 1971) on the arclength, each trial point corrected onto the curve.
 */
export function locateZero(
  ws: Corrector,
  from: CurvePoint,
  h: number,
  psi0: number,
  psi1: number,
  psi: (p: CurvePoint) => number,
  c: StepControl,
): { point: CurvePoint; s: number } | undefined {
  let a = 0;
  let b = h;
  let fa = psi0;
  let fb = psi1;
  let best: { point: CurvePoint; s: number } | undefined;
  let side = 0;
  for (let it = 0; it < 60; it++) {
    const s = fb - fa === 0 ? (a + b) / 2 : b - (fb * (b - a)) / (fb - fa);
    const p = pointAt(ws, from, s, c);
    if (!p) return best;
    best = { point: p, s };
    const fs = psi(p);
    if (fs === 0) return best;
    if (Math.sign(fs) === Math.sign(fb)) {
      b = s;
      fb = fs;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = s;
      fa = fs;
      if (side === 1) fb /= 2;
      side = 1;
    }
    if (Math.abs(b - a) <= 1e-12 * Math.max(1e-3, Math.abs(h))) return best;
  }
  return best;
}
