/**
 * Symmetric and Hermitian eigenproblems by the cyclic Jacobi method with threshold (Rutishauser, "The Jacobi method
 * for real symmetric matrices", Numer. Math. 9, 1966; Golub & Van Loan 4th ed., Alg. 8.5.3). Jacobi is slower than
 * tridiagonal QR for large n but accurate (small eigenvalues with small relative error when the matrix is scaled
 * diagonally dominant), and our uses are small: Ritz matrices, the Hermitian pseudospectrum check.
 * A Hermitian H = X + iY is solved through its real symmetric embedding [[X, -Y], [Y, X]], whose spectrum is the
 * spectrum of H with every eigenvalue doubled.
 */

export interface SymEigResult {
  /** Eigenvalues ascending. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns (n x n), when requested. */
  vectors?: Float64Array;
}

export function symmetricEig(a: Float64Array, n: number, wantVectors = true): SymEigResult {
  const s = a.slice();
  const v = wantVectors ? new Float64Array(n * n) : undefined;
  if (v) for (let i = 0; i < n; i++) v[i + i * n] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let j = 0; j < n; j++) {
      diag += s[j + j * n] * s[j + j * n];
      for (let i = 0; i < j; i++) off += s[i + j * n] * s[i + j * n];
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p + q * n];
        if (apq === 0) continue;
        const app = s[p + p * n];
        const aqq = s[q + q * n];
        if (Math.abs(apq) < 1e-300 || Math.abs(apq) <= 2 ** -60 * Math.sqrt(Math.abs(app * aqq))) {
          s[p + q * n] = 0;
          s[q + p * n] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = s[k + p * n];
          const akq = s[k + q * n];
          s[k + p * n] = c * akp - sn * akq;
          s[k + q * n] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = s[p + k * n];
          const aqk = s[q + k * n];
          s[p + k * n] = c * apk - sn * aqk;
          s[q + k * n] = sn * apk + c * aqk;
        }
        if (v) {
          for (let k = 0; k < n; k++) {
            const vkp = v[k + p * n];
            const vkq = v[k + q * n];
            v[k + p * n] = c * vkp - sn * vkq;
            v[k + q * n] = sn * vkp + c * vkq;
          }
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[x + x * n] - s[y + y * n]);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[k] = s[order[k] + order[k] * n];
  if (!v) return { values };
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) vectors.set(v.subarray(order[k] * n, order[k] * n + n), k * n);
  return { values, vectors };
}

/**
 * Eigenvalues (ascending) of the Hermitian n x n matrix re + i im (column-major), through the real 2n x 2n
 * embedding; each eigenvalue of the embedding appears twice and is returned once.
 */
export function hermitianEigenvalues(re: Float64Array, im: Float64Array, n: number): Float64Array {
  const m = 2 * n;
  const e = new Float64Array(m * m);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const x = re[i + j * n];
      const y = im[i + j * n];
      e[i + j * m] = x;
      e[i + n + (j + n) * m] = x;
      e[i + n + j * m] = y;
      e[i + (j + n) * m] = -y;
    }
  }
  const all = symmetricEig(e, m, false).values;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = (all[2 * k] + all[2 * k + 1]) / 2;
  return out;
}
