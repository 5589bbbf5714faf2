/**
 * Fixed points of a model and their linear stability.
 * Equilibria of flows solve f(x) = 0, fixed points of maps solve f(x) - x = 0. Newton's method with a backtracking
 * line search on ||F||^2 (Dennis & Schnabel 1983, Numerical Methods for Unconstrained Optimization and Nonlinear
 * Equations, Alg. 6.3.5) from many seeds: points of a trajectory from the model's initial condition and uniform
 * random points in a box around it (seeded). Converged points are deduplicated; eigenvalues of the exact Jacobian
 * (flows: J, compared with the imaginary axis; maps: J of the map, compared with the unit circle) come from the
 * Francis QR in linalg/eig.ts and give the classification (Strogatz, Nonlinear Dynamics and Chaos, section 5.2 and
 * 6.3; for maps, e.g. Alligood, Sauer & Yorke, Chaos, section 2.3).
 */
import type { AnalysisContext } from '../core/context';
import { eig } from '../linalg/eig';
import type { FixedPoint, FixedPointType } from '../../protocol/results/stability';
import type { CompiledModel } from './ode/compile';
import type { OdeModel } from './ode/parser';
import { SeededRandom } from '../core/random';

export interface FixedPointOptions {
  seeds: number;
  seed: number;
  lower: number[];
  upper: number[];
  /** Extra seeds (e.g. trajectory samples), row per seed. */
  extraSeeds: Float64Array[];
  tol: number;
  maxIterations: number;
}

/** Solves A x = b in place (A row-major n x n, overwritten) by Gaussian elimination with partial pivoting. */
function solve(A: Float64Array, b: Float64Array, n: number): boolean {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[piv * n + c])) piv = r;
    if (!(Math.abs(A[piv * n + c]) > 1e-300)) return false;
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        const t = A[c * n + j];
        A[c * n + j] = A[piv * n + j];
        A[piv * n + j] = t;
      }
      const t = b[c];
      b[c] = b[piv];
      b[piv] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / A[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) A[r * n + j] -= f * A[c * n + j];
      b[r] -= f * b[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < n; j++) s -= A[r * n + j] * b[j];
    b[r] = s / A[r * n + r];
  }
  return b.every(Number.isFinite);
}

export function classify(eigs: [number, number][], system: 'flow' | 'map'): { type: FixedPointType; stable: boolean } {
  const scale = Math.max(1, ...eigs.map(([re, im]) => Math.hypot(re, im)));
  const tol = 1e-7 * scale;
  // growth rate of each mode: Re(lambda) for flows, |mu| - 1 for maps
  const g = eigs.map(([re, im]) => (system === 'flow' ? re : Math.hypot(re, im) - 1));
  const complex = eigs.some(([, im]) => Math.abs(im) > tol);
  const neutral = g.filter((x) => Math.abs(x) <= tol).length;
  const pos = g.filter((x) => x > tol).length;
  const negc = g.filter((x) => x < -tol).length;
  if (neutral > 0) {
    const allNeutral = neutral === g.length;
    const rotation = eigs.every(([, im]) => Math.abs(im) > tol);
    if (allNeutral && rotation) return { type: 'center', stable: false };
    return { type: 'non-hyperbolic', stable: false };
  }
  if (pos > 0 && negc > 0) return { type: complex ? 'saddle focus' : 'saddle', stable: false };
  if (negc === g.length) return { type: complex ? 'stable focus' : 'stable node', stable: true };
  return { type: complex ? 'unstable focus' : 'unstable node', stable: false };
}

/** Eigenvalues of a row-major n x n matrix as [re, im] pairs, sorted by decreasing growth. */
export function eigenvaluesOf(Jrow: Float64Array, n: number, system: 'flow' | 'map'): [number, number][] {
  const colMajor = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colMajor[i + j * n] = Jrow[i * n + j];
  const e = eig(colMajor, n, false);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([e.re[i], e.im[i]]);
  const key = ([re, im]: [number, number]): number => (system === 'flow' ? re : Math.hypot(re, im));
  out.sort((a, b) => key(b) - key(a) || b[1] - a[1]);
  return out;
}

/**
 * Adds a converged root to the distinct roots found so far: within 1e-6 (relative, max norm) of a known one it
 * counts towards that root's basin and keeps the smaller residual; otherwise it is a new root.
 */
function mergeRoot(found: { x: Float64Array; count: number; res: number }[], x: Float64Array, r: number): void {
  const n = x.length;
  for (const f of found) {
    let d = 0;
    let sc = 0;
    for (let i = 0; i < n; i++) {
      d = Math.max(d, Math.abs(f.x[i] - x[i]));
      sc = Math.max(sc, Math.abs(x[i]));
    }
    if (d <= 1e-6 * (1 + sc)) {
      f.count++;
      if (r < f.res) {
        f.x.set(x);
        f.res = r;
      }
      return;
    }
  }
  found.push({ x: Float64Array.from(x), count: 1, res: r });
}

export function findFixedPoints(
  model: OdeModel,
  compiled: CompiledModel,
  o: FixedPointOptions,
  ctx: AnalysisContext,
): { points: FixedPoint[]; converged: number; tried: number } {
  const n = compiled.n;
  const p = model.paramValues;
  const isMap = model.kind === 'map';
  const F = new Float64Array(n);
  const Ft = new Float64Array(n);
  const J = new Float64Array(n * n);
  const step = new Float64Array(n);
  const x = new Float64Array(n);
  const xt = new Float64Array(n);
  const residual = (y: Float64Array, out: Float64Array): number => {
    compiled.rhs(0, y, p, out);
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (isMap) out[i] -= y[i];
      const a = Math.abs(out[i]);
      if (!(a <= m)) m = a; // NaN propagates as m = NaN
    }
    return m;
  };
  const norm2 = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i] * v[i];
    return s;
  };
  const rng = new SeededRandom(o.seed);
  const seeds: Float64Array[] = [...o.extraSeeds];
  for (let s = 0; s < o.seeds; s++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = o.lower[i] + (o.upper[i] - o.lower[i]) * rng.uniform();
    seeds.push(v);
  }
  const found: { x: Float64Array; count: number; res: number }[] = [];
  let converged = 0;
  for (let s = 0; s < seeds.length; s++) {
    if ((s & 15) === 0) {
      ctx.signal.throwIfCancelled();
      ctx.progress(s / seeds.length, `Newton from seed ${s + 1} of ${seeds.length}`);
    }
    x.set(seeds[s]);
    let r = residual(x, F);
    if (!Number.isFinite(r)) continue;
    let ok = false;
    for (let it = 0; it < o.maxIterations; it++) {
      const scale = 1 + Math.max(...Array.from(x, Math.abs));
      if (r <= o.tol * scale) {
        ok = true;
        break;
      }
      compiled.jac(0, x, p, J);
      if (isMap) for (let i = 0; i < n; i++) J[i * n + i] -= 1;
      for (let i = 0; i < n; i++) step[i] = -F[i];
      if (!solve(J, step, n)) break;
      // backtracking: accept the first t in 1, 1/2, 1/4, ... that decreases ||F||^2 sufficiently (Armijo, c = 1e-4)
      const f0 = norm2(F);
      let t = 1;
      let accepted = false;
      for (let ls = 0; ls < 30; ls++) {
        for (let i = 0; i < n; i++) xt[i] = x[i] + t * step[i];
        const rt = residual(xt, Ft);
        if (Number.isFinite(rt) && norm2(Ft) <= (1 - 2e-4 * t) * f0) {
          x.set(xt);
          F.set(Ft);
          r = rt;
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) break;
    }
    if (!ok) {
      const scale = 1 + Math.max(...Array.from(x, Math.abs));
      ok = r <= o.tol * scale;
    }
    if (!ok) continue;
    converged++;
    // Newton leaves components that are exactly zero at ~1e-20: snap them when that does not raise the residual
    {
      const scale = Math.max(1, ...Array.from(x, Math.abs));
      xt.set(x);
      let changed = false;
      for (let i = 0; i < n; i++)
        if (xt[i] !== 0 && Math.abs(xt[i]) < 1e-12 * scale) {
          xt[i] = 0;
          changed = true;
        }
      if (changed) {
        const rt = residual(xt, Ft);
        if (rt <= Math.max(r, o.tol * scale)) {
          x.set(xt);
          r = rt;
        }
      }
    }
    mergeRoot(found, x, r);
  }
  const points: FixedPoint[] = found.map((f) => {
    compiled.jac(0, f.x, p, J);
    const eigenvalues = eigenvaluesOf(J, n, model.kind);
    const { type, stable } = classify(eigenvalues, model.kind);
    return { state: Array.from(f.x), eigenvalues, type, stable, residual: f.res, basinSeeds: f.count };
  });
  // stable first, then by position, for a stable display order
  points.sort(
    (a, b) => Number(b.stable) - Number(a.stable) || a.state[0] - b.state[0] || (a.state[1] ?? 0) - (b.state[1] ?? 0),
  );
  return { points, converged, tried: seeds.length };
}
