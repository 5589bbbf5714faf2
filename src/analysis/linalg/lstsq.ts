/**
 * Linear least squares min ||A x - b|| for tall A of full column rank through Householder QR (Golub & Van Loan 4th
 * ed., Alg. 5.3.2): x = R^{-1} (Q^T b)(0:n). Also the triangular solves used across the Koopman code.
 */
import { qrApply, qrFactor } from './qr';

/** Solves R X = B for upper triangular R (n x n, ld = ldr) and B (n x k, overwritten with X). */
export function solveUpper(r: Float64Array, n: number, ldr: number, b: Float64Array, k: number, ldb = n): void {
  for (let j = 0; j < k; j++) {
    const o = j * ldb;
    for (let i = n - 1; i >= 0; i--) {
      const x = b[o + i] / r[i + i * ldr];
      b[o + i] = x;
      const ri = i * ldr;
      for (let l = 0; l < i; l++) b[o + l] -= r[ri + l] * x;
    }
  }
}

export interface LstsqResult {
  /** n x k solution (column-major). */
  x: Float64Array;
  /** Residual 2-norm of each right-hand side. */
  residualNorms: Float64Array;
  /** min |r_ii| / max |r_ii|: a cheap rank warning (0 means rank deficient). */
  diagonalRatio: number;
}

/** Least squares for A (m x n, m >= n, not modified) and B (m x k, not modified). */
export function lstsq(a: Float64Array, m: number, n: number, b: Float64Array, k: number): LstsqResult {
  if (m < n) throw new Error(`lstsq: needs rows >= columns, got ${m} x ${n}`);
  const f = qrFactor(a.slice(), m, n);
  const qtb = b.slice();
  qrApply(f, true, qtb, k);
  let dmin = Infinity;
  let dmax = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(f.qr[i + i * m]);
    dmin = Math.min(dmin, d);
    dmax = Math.max(dmax, d);
  }
  const x = new Float64Array(n * k);
  const residualNorms = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) x[i + j * n] = qtb[i + j * m];
    let s = 0;
    for (let i = n; i < m; i++) s += qtb[i + j * m] ** 2;
    residualNorms[j] = Math.sqrt(s);
  }
  solveUpper(f.qr, n, m, x, k);
  return { x, residualNorms, diagonalRatio: dmax > 0 ? dmin / dmax : 0 };
}
