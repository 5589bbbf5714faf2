import type { Node } from './tree';
import { bin, cnst, feat, un } from './tree';
import { OP } from './operators';

/**
 * SINDy (Brunton, Proctor & Kutz 2016, PNAS 113:3932): dX/dt = Theta(X) Xi with a sparse Xi found by sequentially
 * thresholded least squares (STLSQ, their Algorithm / eq. 7 code): least squares, zero the coefficients below the
 * threshold, refit on the rest, repeat. The library holds monomials up to `degree` and optionally sin/cos of each
 * state. Columns are scaled to unit RMS for the fit, so the threshold is relative to the target's RMS; a small grid of
 * thresholds is tried and the sparsest model within 10% of the best residual is kept.
 */
export interface LibraryTerm {
  /** exponents per state variable (monomials), or a trig function of one variable */
  powers?: number[];
  trig?: { fn: 'sin' | 'cos'; index: number };
  name: string;
}

export function buildLibrary(names: string[], degree: number, trig: boolean): LibraryTerm[] {
  const p = names.length;
  const terms: LibraryTerm[] = [];
  const rec = (start: number, left: number, powers: number[]): void => {
    const total = powers.reduce((s, v) => s + v, 0);
    if (total > 0) {
      const name = powers
        .map((e, i) => (e === 0 ? '' : e === 1 ? names[i] : `${names[i]}**${e}`))
        .filter((s) => s)
        .join('*');
      terms.push({ powers: powers.slice(), name });
    }
    if (left === 0) return;
    for (let i = start; i < p; i++) {
      powers[i]++;
      rec(i, left - 1, powers);
      powers[i]--;
    }
  };
  terms.push({ powers: new Array(p).fill(0), name: '1' });
  rec(0, degree, new Array(p).fill(0));
  if (trig)
    for (let i = 0; i < p; i++)
      for (const fn of ['sin', 'cos'] as const) terms.push({ trig: { fn, index: i }, name: `${fn}(${names[i]})` });
  return terms;
}

export function evaluateLibrary(terms: LibraryTerm[], X: Float64Array[], n: number): Float64Array[] {
  return terms.map((t) => {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let v = 1;
      if (t.powers) {
        for (let i = 0; i < t.powers.length; i++) for (let e = 0; e < t.powers[i]; e++) v *= X[i][r];
      } else if (t.trig) v = t.trig.fn === 'sin' ? Math.sin(X[t.trig.index][r]) : Math.cos(X[t.trig.index][r]);
      col[r] = v;
    }
    return col;
  });
}

/** Least squares by Householder QR (Golub & Van Loan, Algorithm 5.3.2) on the selected columns; returns coefficients. */
export function leastSquares(cols: Float64Array[], y: Float64Array, n: number): Float64Array {
  const k = cols.length;
  const A = cols.map((c) => Float64Array.from(c.subarray(0, n)));
  const b = Float64Array.from(y.subarray(0, n));
  const rdiag = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const a = A[j];
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      rdiag[j] = 0;
      continue;
    }
    const alpha = a[j] > 0 ? -norm : norm;
    a[j] -= alpha; // v = a - alpha e_j stored in a[j..]
    let vv = 0;
    for (let i = j; i < n; i++) vv += a[i] * a[i];
    const apply = (c: Float64Array): void => {
      let s = 0;
      for (let i = j; i < n; i++) s += a[i] * c[i];
      const f = (2 * s) / vv;
      for (let i = j; i < n; i++) c[i] -= f * a[i];
    };
    for (let m = j + 1; m < k; m++) apply(A[m]);
    apply(b);
    rdiag[j] = alpha;
  }
  const x = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    if (rdiag[j] === 0) continue;
    let s = b[j];
    for (let m = j + 1; m < k; m++) s -= A[m][j] * x[m];
    x[j] = s / rdiag[j];
  }
  return x;
}

export interface SindyFit {
  coefficients: Float64Array;
  threshold: number;
  mse: number;
}

export function stlsq(theta: Float64Array[], y: Float64Array, threshold: number, iterations = 10): SindyFit {
  const n = y.length;
  const k = theta.length;
  const scale = theta.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] * c[i];
    return Math.sqrt(s / n) || 1;
  });
  let yr = 0;
  for (let i = 0; i < n; i++) yr += y[i] * y[i];
  yr = Math.sqrt(yr / n) || 1;
  const scaled = theta.map((c, j) => Float64Array.from(c, (v) => v / scale[j]));
  let active = Array.from({ length: k }, (_, j) => j);
  let coef = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    const x = leastSquares(
      active.map((j) => scaled[j]),
      y,
      n,
    );
    coef = new Float64Array(k);
    active.forEach((j, m) => (coef[j] = x[m]));
    const next = active.filter((j) => Math.abs(coef[j]) >= threshold * yr);
    if (next.length === active.length) break;
    active = next;
    if (active.length === 0) {
      coef = new Float64Array(k);
      break;
    }
  }
  const out = Float64Array.from(coef, (c, j) => c / scale[j]);
  let s = 0;
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let j = 0; j < k; j++) if (out[j] !== 0) p += out[j] * theta[j][i];
    s += (p - y[i]) ** 2;
  }
  return { coefficients: out, threshold, mse: s / n };
}

/**
 * STLSQ over a grid of thresholds: the sparsest model whose R^2 is within 1e-4 of the best one's (or whose residual
 * is within 10% of the best). Estimated derivatives carry systematic errors that small spurious library terms
 * absorb (Lorenz with Savitzky-Golay derivatives: ten terms at R^2 0.9999996 against the true three at 0.99999), so
 * "lowest residual" would keep them.
 */
export function sindyFit(
  theta: Float64Array[],
  y: Float64Array,
  thresholds = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3],
): SindyFit {
  const fits = thresholds.map((t) => stlsq(theta, y, t));
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let yv = 0;
  for (let i = 0; i < y.length; i++) yv += (y[i] - mean) ** 2;
  yv /= y.length;
  const minMse = Math.min(...fits.map((f) => f.mse));
  const ok = fits.filter((f) => f.mse <= minMse * 1.1 + 1e-4 * yv);
  const nnz = (f: SindyFit): number => f.coefficients.reduce((s, c) => s + (c !== 0 ? 1 : 0), 0);
  ok.sort((a, b) => nnz(a) - nnz(b) || a.mse - b.mse);
  return ok[0];
}

/** The fitted model as an expression tree (sum of coefficient * term). */
export function sindyTree(terms: LibraryTerm[], coef: Float64Array): Node {
  let out: Node | undefined;
  for (let j = 0; j < terms.length; j++) {
    if (coef[j] === 0) continue;
    const t = terms[j];
    let term: Node | undefined;
    if (t.powers) {
      for (let i = 0; i < t.powers.length; i++)
        for (let e = 0; e < t.powers[i]; e++) term = term ? bin(OP.mul, term, feat(i)) : feat(i);
    } else if (t.trig) term = un(t.trig.fn === 'sin' ? OP.sin : OP.cos, feat(t.trig.index));
    const piece = term ? (coef[j] === 1 ? term : bin(OP.mul, cnst(coef[j]), term)) : cnst(coef[j]);
    out = out ? bin(OP.add, out, piece) : piece;
  }
  return out ?? cnst(0);
}
