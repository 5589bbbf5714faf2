/**
 * Starting directions of new branches. At a simple branch point u* of H(u) = 0 the null space of H_u is spanned by
 * the current tangent t1 and one more vector phi; with psi spanning the left null space, tangents of the branches
 * through u* are d = a t1 + b phi with (a, b) solving the algebraic bifurcation equation
 *   c11 a^2 + 2 c12 a b + c22 b^2 = 0,  cij = psi . D^2 H[phi_i, phi_j]
 * (Keller 1977; Allgower & Georg 1990, section 8.3). At a flip of a period-k cycle of a map, the period-2k cycle
 * leaves along the eigenvector of the multiplier -1 (Kuznetsov 2004, section 4.4).
 */
import { luFactor, luSolve, norm2 } from './dense';
import type { CurveProblem } from './curve';
import { eig } from '../../linalg/eig';

function normalise(v: Float64Array): Float64Array<ArrayBuffer> {
  const s = norm2(v);
  return v.map((x) => x / s);
}

/** Two steps of inverse iteration on a (nearly) singular square matrix: its (right or left) null vector. */
export function nullVector(m: Float64Array, n: number, transpose: boolean): Float64Array | undefined {
  let a = m;
  if (transpose) {
    a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[j * n + i] = m[i * n + j];
  }
  const f = luFactor(a, n);
  if (f.singular) {
    // an exact zero pivot (the point is exactly singular): a pivot of rounding size keeps inverse iteration finite
    const big = f.lu.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
    for (let i = 0; i < n; i++) if (f.lu[i * n + i] === 0) f.lu[i * n + i] = 1e-14 * big;
  }
  let v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = 1 / Math.sqrt(n) + 0.1 * Math.sin(i + 1);
  for (let k = 0; k < 2; k++) {
    luSolve(f, v);
    if (!v.every(Number.isFinite)) return undefined;
    v = normalise(v);
  }
  return v;
}

/** Second directional derivative D^2 H[a, b] by central differences and polarization. */
function secondDerivative(problem: CurveProblem, u: Float64Array, a: Float64Array, b: Float64Array): Float64Array {
  const m = problem.equations;
  const scale = Math.max(1, norm2(u));
  const h = 1e-4 * scale;
  const f0 = new Float64Array(m);
  const fp = new Float64Array(m);
  const fm = new Float64Array(m);
  const w = new Float64Array(u.length);
  problem.residual(u, f0);
  const quad = (d: Float64Array): Float64Array => {
    for (let i = 0; i < u.length; i++) w[i] = u[i] + h * d[i];
    problem.residual(w, fp);
    for (let i = 0; i < u.length; i++) w[i] = u[i] - h * d[i];
    problem.residual(w, fm);
    return fp.map((v, i) => (v - 2 * f0[i] + fm[i]) / (h * h));
  };
  const qs = quad(a.map((v, i) => v + b[i]));
  const qd = quad(a.map((v, i) => v - b[i]));
  return qs.map((v, i) => (v - qd[i]) / 4);
}

export type SwitchDirection = { ok: true; direction: Float64Array } | { ok: false; reason: string };

/** The tangent of the other branch through the branch point u* (current tangent t1). */
export function branchSwitchDirection(problem: CurveProblem, u: Float64Array, t1: Float64Array): SwitchDirection {
  const n1 = u.length;
  const m = new Float64Array(n1 * n1);
  const jac = new Float64Array((n1 - 1) * n1);
  problem.jacobian(u, jac);
  m.set(jac, 0);
  m.set(t1, (n1 - 1) * n1);
  const phi = nullVector(m, n1, false);
  const left = nullVector(m, n1, true);
  if (!phi || !left) return { ok: false, reason: 'the null vectors at the branch point could not be computed' };
  // left = [psi; 0] up to rounding: psi is the left null vector of H_u
  const psi = left.subarray(0, n1 - 1);
  const dot = (x: Float64Array): number => x.reduce((s, v, i) => s + v * psi[i], 0);
  const c11 = dot(secondDerivative(problem, u, t1, t1));
  const c12 = dot(secondDerivative(problem, u, t1, phi));
  const c22 = dot(secondDerivative(problem, u, phi, phi));
  const scale = Math.max(Math.abs(c11), Math.abs(c12), Math.abs(c22));
  if (!(scale > 0))
    return { ok: false, reason: 'the algebraic bifurcation equation vanishes (degenerate branch point)' };
  // roots r = a/b of c11 r^2 + 2 c12 r + c22 = 0; d = r t1 + phi. The current branch is b = 0 (needs c11 = 0) or
  // one of the roots; the new branch is the root least parallel to t1, i.e. the smallest |r|.
  let r: number;
  if (Math.abs(c11) <= 1e-8 * scale) {
    if (Math.abs(c12) <= 1e-8 * scale) return { ok: false, reason: 'degenerate algebraic bifurcation equation' };
    r = -c22 / (2 * c12);
  } else {
    const disc = c12 * c12 - c11 * c22;
    if (disc < 0) return { ok: false, reason: 'no real second branch (isolated solution point)' };
    const sq = Math.sqrt(disc);
    const r1 = (-c12 + sq) / c11;
    const r2 = (-c12 - sq) / c11;
    r = Math.abs(r1) < Math.abs(r2) ? r1 : r2;
  }
  const d = new Float64Array(n1);
  for (let i = 0; i < n1; i++) d[i] = r * t1[i] + phi[i];
  return { ok: true, direction: normalise(d) };
}

/**
 * The eigenvector of the multiplier closest to -1 of the row-major n x n matrix J (D f^k at a flip), as a unit
 * direction in (state, parameter) space with zero parameter component.
 */
export function flipDirection(jRow: Float64Array, n: number): Float64Array | undefined {
  const col = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) col[i + j * n] = jRow[i * n + j];
  const e = eig(col, n, true);
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (Math.abs(e.im[i]) > 1e-9) continue;
    if (k < 0 || Math.abs(e.re[i] + 1) < Math.abs(e.re[k] + 1)) k = i;
  }
  if (k < 0 || !e.vectorsRe) return undefined;
  const d = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) d[i] = e.vectorsRe[i + k * n];
  return normalise(d);
}
