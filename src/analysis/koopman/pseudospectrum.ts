/**
 * The ResDMD pseudospectrum tau(z) = sigma_min([A - z I; D]) on grid points z (Colbrook & Townsend, CPAM 2024,
 * Sec. 4: the set {z : tau(z) < eps} approximates the eps-pseudospectrum of the Koopman operator from inside,
 * without spectral pollution). A and D are the orthonormal-basis Galerkin and residual matrices of resdmd.ts.
 *
 * tau(z)^2 is the smallest eigenvalue of the Hermitian H(z) = (A - zI)^*(A - zI) + D^T D
 *     = G0 - Re z (A + A^T) + |z|^2 I + i Im z (A - A^T),   G0 = A^T A + D^T D,
 * found by inverse iteration with a complex Cholesky factorization of H(z) (Golub & Van Loan 4th ed., Sec. 8.2.2),
 * warm-started from the previous grid point's vector, and a final Rayleigh quotient. Values below about
 * sqrt(eps) ||[A; D]|| are at the resolution of this squared formulation and are reported as that floor.
 * Grid points are independent: chunks of them go to workers through ctx.parallelMap('pseudospectrum', ...).
 */
import { complexCholesky, complexCholeskySolve } from '../linalg/complex';

export interface PseudospectrumChunk {
  r: number;
  /** r x r Galerkin matrix (column-major). */
  a: Float64Array;
  /** r x r G0 = A^T A + D^T D. */
  g0: Float64Array;
  zre: Float64Array;
  zim: Float64Array;
}

/** Builds G0 from A (r x r) and the triangular D (rd x r). */
export function pseudospectrumGram(a: Float64Array, d: Float64Array, r: number, rd: number): Float64Array {
  const g = new Float64Array(r * r);
  for (let j = 0; j < r; j++) {
    for (let i = 0; i <= j; i++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += a[k + i * r] * a[k + j * r];
      for (let k = 0; k < rd; k++) s += d[k + i * rd] * d[k + j * rd];
      g[i + j * r] = s;
      g[j + i * r] = s;
    }
  }
  return g;
}

/** Evaluates tau at the chunk's points. Pure function of its input: safe to run on any worker. */
export function pseudospectrumChunk(chunk: PseudospectrumChunk): Float64Array {
  const { r, a, g0, zre, zim } = chunk;
  const n = zre.length;
  const out = new Float64Array(n);
  const hr = new Float64Array(r * r);
  const hi = new Float64Array(r * r);
  const lr = new Float64Array(r * r);
  const li = new Float64Array(r * r);
  let xr = new Float64Array(r).fill(1 / Math.sqrt(r));
  let xi = new Float64Array(r);
  const yr = new Float64Array(r);
  const yi = new Float64Array(r);
  let trace = 0;
  for (let i = 0; i < r; i++) trace += g0[i + i * r];
  for (let p = 0; p < n; p++) {
    const x = zre[p];
    const y = zim[p];
    const z2 = x * x + y * y;
    for (let j = 0; j < r; j++) {
      for (let i = 0; i < r; i++) {
        const aij = a[i + j * r];
        const aji = a[j + i * r];
        hr[i + j * r] = g0[i + j * r] - x * (aij + aji);
        hi[i + j * r] = y * (aij - aji);
      }
      hr[j + j * r] += z2;
    }
    let scale = (trace + r * z2) / r;
    let shift = 0;
    lr.set(hr);
    li.set(hi);
    if (complexCholesky(lr, li, r) >= 0) {
      // singular to working precision: tau is at the floor; shift to get a factorization and report the floor
      shift = 1e-13 * scale;
      for (let i = 0; i < r; i++) hr[i + i * r] += shift;
      lr.set(hr);
      li.set(hi);
      if (complexCholesky(lr, li, r) >= 0) {
        out[p] = Math.sqrt(shift);
        continue;
      }
    }
    let prev = 0;
    for (let it = 0; it < 60; it++) {
      yr.set(xr);
      yi.set(xi);
      complexCholeskySolve(lr, li, r, yr, yi);
      let nrm = 0;
      for (let i = 0; i < r; i++) nrm += yr[i] * yr[i] + yi[i] * yi[i];
      nrm = Math.sqrt(nrm);
      for (let i = 0; i < r; i++) {
        xr[i] = yr[i] / nrm;
        xi[i] = yi[i] / nrm;
      }
      // 1/nrm is an upper bound estimate of lambda_min that converges from above
      if (it > 0 && Math.abs(nrm - prev) <= 1e-9 * nrm) break;
      prev = nrm;
    }
    // Rayleigh quotient x* H x (H with the shift removed)
    let q = 0;
    for (let j = 0; j < r; j++) {
      let sr = 0;
      let si = 0;
      for (let i = 0; i < r; i++) {
        const h1 = hr[i + j * r];
        const h2 = hi[i + j * r];
        // (H x)_i contributions are summed via x* H x = sum_ij conj(x_i) H_ij x_j
        const cr = xr[i];
        const ci = -xi[i];
        sr += cr * h1 - ci * h2;
        si += cr * h2 + ci * h1;
      }
      q += sr * xr[j] - si * xi[j];
    }
    q -= shift;
    scale = Math.max(scale, 0);
    out[p] = Math.sqrt(Math.max(q, 1e-16 * scale));
    if (!Number.isFinite(out[p])) {
      xr = new Float64Array(r).fill(1 / Math.sqrt(r));
      xi = new Float64Array(r);
    }
  }
  return out;
}
