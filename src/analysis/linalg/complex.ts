/**
 * Small dense complex kernels on split storage (re and im Float64Arrays, column-major): LU with partial pivoting
 * (Golub & Van Loan 4th ed., Alg. 3.4.1) for solves and inverses, and the Cholesky factorization of a Hermitian
 * positive definite matrix (Alg. 4.2.1 in complex arithmetic). Used for Koopman modes (inverse of an eigenvector
 * matrix) and for the pseudospectrum (smallest eigenvalue of a Hermitian matrix by inverse iteration). The Cholesky
 * factorization and solve run on the WebAssembly SIMD kernels when their arrays are views of an open workspace.
 */
import { wasmComplexCholesky, wasmComplexCholeskySolve } from './wasm';

export interface ComplexMatrix {
  re: Float64Array;
  im: Float64Array;
  rows: number;
  cols: number;
}

/**
 * Solves A X = B for square A (n x n) and B (n x k), both complex; A and B are not modified. Returns X and the
 * reciprocal pivot growth estimate min|u_ii| / max|u_ii| (0 when A is singular to working precision).
 */
export function complexSolve(a: ComplexMatrix, b: ComplexMatrix): { x: ComplexMatrix; pivotRatio: number } {
  const n = a.rows;
  const k = b.cols;
  const ar = a.re.slice();
  const ai = a.im.slice();
  const xr = b.re.slice();
  const xi = b.im.slice();
  let minPiv = Infinity;
  let maxPiv = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = -1;
    for (let i = c; i < n; i++) {
      const m2 = ar[i + c * n] ** 2 + ai[i + c * n] ** 2;
      if (m2 > best) {
        best = m2;
        p = i;
      }
    }
    const piv = Math.sqrt(best);
    minPiv = Math.min(minPiv, piv);
    maxPiv = Math.max(maxPiv, piv);
    if (p !== c) {
      for (let j = 0; j < n; j++) {
        let t = ar[c + j * n];
        ar[c + j * n] = ar[p + j * n];
        ar[p + j * n] = t;
        t = ai[c + j * n];
        ai[c + j * n] = ai[p + j * n];
        ai[p + j * n] = t;
      }
      for (let j = 0; j < k; j++) {
        let t = xr[c + j * n];
        xr[c + j * n] = xr[p + j * n];
        xr[p + j * n] = t;
        t = xi[c + j * n];
        xi[c + j * n] = xi[p + j * n];
        xi[p + j * n] = t;
      }
    }
    if (best === 0) continue;
    const dr = ar[c + c * n];
    const di = ai[c + c * n];
    const den = dr * dr + di * di;
    for (let i = c + 1; i < n; i++) {
      // l = a_ic / a_cc
      const nr = ar[i + c * n];
      const ni = ai[i + c * n];
      const lr = (nr * dr + ni * di) / den;
      const li = (ni * dr - nr * di) / den;
      ar[i + c * n] = lr;
      ai[i + c * n] = li;
      for (let j = c + 1; j < n; j++) {
        const ur = ar[c + j * n];
        const ui = ai[c + j * n];
        ar[i + j * n] -= lr * ur - li * ui;
        ai[i + j * n] -= lr * ui + li * ur;
      }
      for (let j = 0; j < k; j++) {
        const ur = xr[c + j * n];
        const ui = xi[c + j * n];
        xr[i + j * n] -= lr * ur - li * ui;
        xi[i + j * n] -= lr * ui + li * ur;
      }
    }
  }
  const pivotRatio = maxPiv > 0 ? minPiv / maxPiv : 0;
  // back substitution with U
  for (let j = 0; j < k; j++) {
    for (let i = n - 1; i >= 0; i--) {
      let sr = xr[i + j * n];
      let si = xi[i + j * n];
      for (let l = i + 1; l < n; l++) {
        const ur = ar[i + l * n];
        const ui = ai[i + l * n];
        const vr = xr[l + j * n];
        const vi = xi[l + j * n];
        sr -= ur * vr - ui * vi;
        si -= ur * vi + ui * vr;
      }
      const dr = ar[i + i * n];
      const di = ai[i + i * n];
      const den = dr * dr + di * di;
      if (den === 0) {
        xr[i + j * n] = NaN;
        xi[i + j * n] = NaN;
      } else {
        xr[i + j * n] = (sr * dr + si * di) / den;
        xi[i + j * n] = (si * dr - sr * di) / den;
      }
    }
  }
  return { x: { re: xr, im: xi, rows: n, cols: k }, pivotRatio };
}

/**
 * In-place lower Cholesky factor of a Hermitian positive definite matrix (only the lower triangle is read), H = L L*.
 * Returns -1 on success, or the index of the first pivot that is not positive (the matrix is then singular or
 * indefinite to working precision).
 */
export function complexCholesky(re: Float64Array, im: Float64Array, n: number): number {
  const viaWasm = wasmComplexCholesky(re, im, n);
  if (viaWasm !== undefined) return viaWasm;
  for (let j = 0; j < n; j++) {
    let d = re[j + j * n];
    const oj = j;
    for (let k = 0; k < j; k++) {
      const lr = re[oj + k * n];
      const li = im[oj + k * n];
      d -= lr * lr + li * li;
    }
    if (!(d > 0)) return j;
    const ljj = Math.sqrt(d);
    re[j + j * n] = ljj;
    im[j + j * n] = 0;
    // column j below the diagonal: l_ij = (h_ij - sum_k l_ik conj(l_jk)) / l_jj, two columns k per pass so
    // column j is loaded and stored half as often
    const oc = j * n;
    let k = 0;
    for (; k + 1 < j; k += 2) {
      const ar0 = re[j + k * n],
        ai0 = -im[j + k * n];
      const ar1 = re[j + (k + 1) * n],
        ai1 = -im[j + (k + 1) * n];
      const o0 = k * n;
      const o1 = o0 + n;
      for (let i = j + 1; i < n; i++) {
        const xr0 = re[o0 + i],
          xi0 = im[o0 + i];
        const xr1 = re[o1 + i],
          xi1 = im[o1 + i];
        re[oc + i] -= xr0 * ar0 - xi0 * ai0 + xr1 * ar1 - xi1 * ai1;
        im[oc + i] -= xr0 * ai0 + xi0 * ar0 + xr1 * ai1 + xi1 * ar1;
      }
    }
    for (; k < j; k++) {
      const cr = re[j + k * n];
      const ci = -im[j + k * n];
      const ok = k * n;
      for (let i = j + 1; i < n; i++) {
        const ar = re[ok + i];
        const ai = im[ok + i];
        re[oc + i] -= ar * cr - ai * ci;
        im[oc + i] -= ar * ci + ai * cr;
      }
    }
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      re[i + j * n] *= inv;
      im[i + j * n] *= inv;
    }
  }
  return -1;
}

/** Solves L L* x = b in place (x overwrites b) with the lower Cholesky factor from complexCholesky. */
export function complexCholeskySolve(
  lr: Float64Array,
  li: Float64Array,
  n: number,
  br: Float64Array,
  bi: Float64Array,
): void {
  if (wasmComplexCholeskySolve(lr, li, n, br, bi)) return;
  // forward: L y = b (column-oriented)
  for (let j = 0; j < n; j++) {
    const d = lr[j + j * n];
    const yr = br[j] / d;
    const yi = bi[j] / d;
    br[j] = yr;
    bi[j] = yi;
    const o = j * n;
    for (let i = j + 1; i < n; i++) {
      const ar = lr[o + i];
      const ai = li[o + i];
      br[i] -= ar * yr - ai * yi;
      bi[i] -= ar * yi + ai * yr;
    }
  }
  // backward: L* x = y (row i of L* is conj of column i of L)
  for (let i = n - 1; i >= 0; i--) {
    let sr = br[i];
    let si = bi[i];
    const o = i * n;
    for (let k = i + 1; k < n; k++) {
      const ar = lr[o + k];
      const ai = -li[o + k];
      sr -= ar * br[k] - ai * bi[k];
      si -= ar * bi[k] + ai * br[k];
    }
    const d = lr[i + i * n];
    br[i] = sr / d;
    bi[i] = si / d;
  }
}
