/**
 * Singular value decomposition of tall-skinny matrices: Householder QR first (qr.ts), then the one-sided Jacobi
 * method on the small triangular factor (Hestenes, "Inversion of matrices by biorthogonalization", J. SIAM 6, 1958;
 * Demmel & Veselic, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13(4), 1992). Jacobi is
 * applied to R^T, which is the preconditioning step of Drmac & Veselic ("New fast and accurate Jacobi SVD
 * algorithm I", SIAM J. Matrix Anal. Appl. 29(4), 2008): QR makes the columns of R^T nearly orthogonal already, so
 * few sweeps are needed, and small singular values come out with high relative accuracy.
 */
import { qrFactor, qrThinQ, qrR } from './qr';
import { gemmNN } from './gemm';
import { svdSquare } from './bidiagsvd';

/** Above this size the small SVD uses Golub-Kahan bidiagonal QR (faster); below, Jacobi (high relative accuracy). */
const JACOBI_MAX = 24;

export interface SvdResult {
  m: number;
  n: number;
  /** Singular values, descending (length n). */
  s: Float64Array;
  /** Left singular vectors m x n (column-major), when requested. */
  u?: Float64Array;
  /** Right singular vectors n x n (column-major; columns are v_j, so A = U diag(s) V^T). */
  v: Float64Array;
}

const EPS = 2 ** -52;

/**
 * One-sided Jacobi on g (rows x cols, column-major, rows >= cols). On return the columns of g are mutually
 * orthogonal: g_in * W = g_out with W orthogonal accumulated into w (cols x cols). Returns the number of sweeps.
 */
export function jacobiOrthogonalize(
  g: Float64Array,
  rows: number,
  cols: number,
  w: Float64Array,
  maxSweeps = 60,
): number {
  w.fill(0);
  for (let i = 0; i < cols; i++) w[i + i * cols] = 1;
  const norms = new Float64Array(cols);
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      const o = j * rows;
      for (let i = 0; i < rows; i++) s += g[o + i] * g[o + i];
      norms[j] = s;
    }
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      const op = p * rows;
      for (let q = p + 1; q < cols; q++) {
        const oq = q * rows;
        const alpha = norms[p];
        const beta = norms[q];
        if (alpha === 0 || beta === 0) continue;
        let gamma = 0;
        for (let i = 0; i < rows; i++) gamma += g[op + i] * g[oq + i];
        if (Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // rotation that zeroes the (p, q) entry of the 2 x 2 Gram matrix [[alpha, gamma], [gamma, beta]]
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = g[op + i];
          const y = g[oq + i];
          g[op + i] = c * x - s * y;
          g[oq + i] = s * x + c * y;
        }
        const wp = p * cols;
        const wq = q * cols;
        for (let i = 0; i < cols; i++) {
          const x = w[wp + i];
          const y = w[wq + i];
          w[wp + i] = c * x - s * y;
          w[wq + i] = s * x + c * y;
        }
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
      }
    }
    if (!rotated) return sweep;
  }
  return maxSweeps;
}

/**
 * SVD of a square or tall matrix given its n x n upper triangular R (A = Q R). Returns s (descending), the left
 * singular vectors of R (n x n) and the right singular vectors V (n x n).
 */
export function svdOfTriangular(r: Float64Array, n: number): { s: Float64Array; ur: Float64Array; v: Float64Array } {
  if (n > JACOBI_MAX) {
    const d = svdSquare(r, n);
    return { s: d.s, ur: d.u, v: d.v };
  }
  // G = R^T; Jacobi gives R^T W = G (orthogonal columns) so R^T = G W^T, R = W G^T = W diag(s) Uhat^T
  const g = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) g[j + i * n] = r[i + j * n];
  const w = new Float64Array(n * n);
  jacobiOrthogonalize(g, n, n, w);
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i + j * n] * g[i + j * n];
    norms[j] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => norms[b] - norms[a]);
  const s = new Float64Array(n);
  const ur = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const j = order[k];
    s[k] = norms[j];
    // left singular vector of R: column j of W; right singular vector of R: normalized column j of G
    for (let i = 0; i < n; i++) ur[i + k * n] = w[i + j * n];
    if (norms[j] > 0) for (let i = 0; i < n; i++) v[i + k * n] = g[i + j * n] / norms[j];
  }
  // null directions (s = 0): complete V with an orthonormal basis of the complement by Gram-Schmidt on e_i
  let k0 = n;
  while (k0 > 0 && s[k0 - 1] === 0) k0--;
  for (let k = k0, e = 0; k < n && e < n; e++) {
    const col = new Float64Array(n);
    col[e] = 1;
    for (let rep = 0; rep < 2; rep++) {
      for (let c = 0; c < k; c++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += v[i + c * n] * col[i];
        for (let i = 0; i < n; i++) col[i] -= d * v[i + c * n];
      }
    }
    let nn = 0;
    for (let i = 0; i < n; i++) nn += col[i] * col[i];
    if (nn < 1e-8) continue;
    nn = Math.sqrt(nn);
    for (let i = 0; i < n; i++) v[i + k * n] = col[i] / nn;
    k++;
  }
  return { s, ur, v };
}

/** Thin SVD of the m x n matrix a (m >= n, column-major, ld = m; not modified). */
export function svdTall(a: Float64Array, m: number, n: number, wantU = true): SvdResult {
  if (m < n) throw new Error(`svdTall: needs rows >= columns, got ${m} x ${n}`);
  const f = qrFactor(a.slice(), m, n);
  const r = qrR(f);
  const { s, ur, v } = svdOfTriangular(r, n);
  if (!wantU) return { m, n, s, v };
  const q = qrThinQ(f);
  const u = new Float64Array(m * n);
  gemmNN(m, n, n, 1, q, 0, m, ur, 0, n, u, 0, m);
  return { m, n, s, u, v };
}
