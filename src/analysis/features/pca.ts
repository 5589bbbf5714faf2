/**
 * Principal component analysis of a batch's feature vectors (rows = items), for a 2-D projection.
 *
 * The leading eigenpairs of the sample covariance C = Xc^T Xc / (n - 1) (Xc: the rows minus their mean; Jolliffe,
 * "Principal Component Analysis", 2nd ed., sec. 1.1) are found by block subspace iteration with Rayleigh-Ritz
 * (Golub & Van Loan, 4th ed., Alg. 8.2.7 and sec. 10.1.3): a block of b >= k vectors is multiplied by C through
 * Xc (never forming the d x d covariance, so thousands of features cost O(n d b) per step), re-orthonormalized,
 * and rotated onto the Ritz vectors of the small b x b projected matrix. Convergence of eigenvector j goes as
 * (lambda_{b+1} / lambda_j)^iteration; with b = k + 6 and the start below a few dozen steps reach full precision.
 * When min(n, d) <= b the block spans the whole row space and one step is exact.
 *
 * Sign convention (components are defined up to sign): each component's largest-magnitude loading is positive
 * (the first one on ties), so that results are comparable across runs and with numpy's SVD under the same rule.
 */
import { symmetricEig } from '../linalg/symeig';

export interface PcaResult {
  /** Number of components (<= min(n - 1, d)). */
  k: number;
  /** Column means of the input (length d). */
  mean: Float64Array;
  /** Components as rows, k x d, row-major: unit vectors. */
  components: Float64Array;
  /** Eigenvalues of the sample covariance (variance along each component), descending. */
  explainedVariance: Float64Array;
  /** explainedVariance over the total variance (trace of the covariance). */
  explainedVarianceRatio: Float64Array;
  /** Projections of the rows on the components, n x k, row-major. */
  scores: Float64Array;
}

const EXTRA = 6;
const MAX_ITER = 3000;

/** Modified Gram-Schmidt, twice ("twice is enough", Giraud et al. 2005), on b columns of length d (row-major d x b). */
function orthonormalize(q: Float64Array, d: number, b: number): void {
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < b; j++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < d; r++) dot += q[r * b + i] * q[r * b + j];
        for (let r = 0; r < d; r++) q[r * b + j] -= dot * q[r * b + i];
      }
      let norm = 0;
      for (let r = 0; r < d; r++) norm += q[r * b + j] * q[r * b + j];
      norm = Math.sqrt(norm);
      // A column that vanished (rank below b) is replaced by a unit vector orthogonal enough after the next pass.
      if (norm < 1e-300) for (let r = 0; r < d; r++) q[r * b + j] = r === j % d ? 1 : 0;
      else for (let r = 0; r < d; r++) q[r * b + j] /= norm;
    }
}

/** out (d x b) = Xc^T (Xc q) / (n - 1), with Xc row-major n x d and q row-major d x b. */
function covTimes(xc: Float64Array, n: number, d: number, q: Float64Array, b: number, out: Float64Array): void {
  const t = new Float64Array(n * b);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < d; r++) {
      const x = xc[i * d + r];
      if (x === 0) continue;
      for (let j = 0; j < b; j++) t[i * b + j] += x * q[r * b + j];
    }
  out.fill(0);
  const s = 1 / (n - 1);
  for (let i = 0; i < n; i++)
    for (let r = 0; r < d; r++) {
      const x = xc[i * d + r] * s;
      if (x === 0) continue;
      for (let j = 0; j < b; j++) out[r * b + j] += x * t[i * b + j];
    }
}

/**
 * PCA of `rows` (n rows of d values, row-major) keeping `k` components. Needs n >= 2 and finite values; k is
 * capped at min(n - 1, d).
 */
export function pca(rows: Float64Array, n: number, d: number, k = 2): PcaResult {
  if (n < 2 || d < 1) throw new Error(`PCA needs at least 2 rows and 1 column (got ${n} x ${d})`);
  if (rows.length !== n * d) throw new Error(`PCA: ${rows.length} values for ${n} x ${d}`);
  for (let i = 0; i < rows.length; i++) if (!Number.isFinite(rows[i])) throw new Error('PCA: non-finite value');
  k = Math.max(1, Math.min(k, n - 1, d));
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let r = 0; r < d; r++) mean[r] += rows[i * d + r];
  for (let r = 0; r < d; r++) mean[r] /= n;
  const xc = new Float64Array(n * d);
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let r = 0; r < d; r++) {
      const v = rows[i * d + r] - mean[r];
      xc[i * d + r] = v;
      total += v * v;
    }
  total /= n - 1;
  const b = Math.min(d, k + EXTRA);
  // A fixed, generic start (no seed to carry): smooth in r and different per column.
  let q: Float64Array = new Float64Array(d * b);
  for (let r = 0; r < d; r++) for (let j = 0; j < b; j++) q[r * b + j] = Math.sin((r + 1) * (j + 1) * 0.618 + j);
  orthonormalize(q, d, b);
  const z = new Float64Array(d * b);
  let values = new Float64Array(b);
  const full = b >= Math.min(n - 1, d);
  for (let iter = 0; iter < MAX_ITER; iter++) {
    covTimes(xc, n, d, q, b, z);
    // Rayleigh-Ritz: H = Q^T C Q (b x b); its eigenvectors W give the Ritz vectors U = Q W and C U = Z W.
    const hm = new Float64Array(b * b);
    for (let i = 0; i < b; i++)
      for (let j = 0; j < b; j++) {
        let s = 0;
        for (let r = 0; r < d; r++) s += q[r * b + i] * z[r * b + j];
        hm[i + j * b] = s;
      }
    for (let i = 0; i < b; i++)
      for (let j = 0; j < i; j++) hm[i + j * b] = hm[j + i * b] = (hm[i + j * b] + hm[j + i * b]) / 2;
    const eig = symmetricEig(hm, b);
    const order = Array.from({ length: b }, (_, i) => b - 1 - i); // descending Ritz values
    values = Float64Array.from(order, (i) => eig.values[i]);
    const u = rotate(q, d, b, eig.vectors!, order);
    const cu = rotate(z, d, b, eig.vectors!, order);
    // Stop on the residual ||C u_j - lambda_j u_j|| of the kept vectors (eigenvalues settle long before vectors).
    const tol = 1e-12 * Math.max(values[0], 1e-300);
    let settled = true;
    for (let j = 0; j < k && settled; j++) {
      let r2 = 0;
      for (let r = 0; r < d; r++) r2 += (cu[r * b + j] - values[j] * u[r * b + j]) ** 2;
      if (Math.sqrt(r2) > tol) settled = false;
    }
    q = u;
    if (full || settled || iter === MAX_ITER - 1) break;
    orthonormalize(cu, d, b);
    q = cu;
  }
  return finish(xc, n, d, k, q, b, values, total, mean);
}

/** Q W with the columns of W taken in `order`: (d x b) times (b x b). */
function rotate(q: Float64Array, d: number, b: number, w: Float64Array, order: number[]): Float64Array {
  const out = new Float64Array(d * b);
  for (let r = 0; r < d; r++)
    for (let jj = 0; jj < b; jj++) {
      const j = order[jj];
      let s = 0;
      for (let i = 0; i < b; i++) s += q[r * b + i] * w[i + j * b];
      out[r * b + jj] = s;
    }
  return out;
}

function finish(
  xc: Float64Array,
  n: number,
  d: number,
  k: number,
  q: Float64Array,
  b: number,
  values: Float64Array,
  total: number,
  mean: Float64Array,
): PcaResult {
  const components = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    let best = 0;
    for (let r = 1; r < d; r++) if (Math.abs(q[r * b + j]) > Math.abs(q[best * b + j]) * (1 + 1e-12)) best = r;
    const sign = q[best * b + j] < 0 ? -1 : 1;
    for (let r = 0; r < d; r++) components[j * d + r] = sign * q[r * b + j];
  }
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let r = 0; r < d; r++) s += xc[i * d + r] * components[j * d + r];
      scores[i * k + j] = s;
    }
  const explainedVariance = Float64Array.from(values.subarray(0, k), (v) => Math.max(0, v));
  const explainedVarianceRatio = explainedVariance.map((v) => (total > 0 ? v / total : 0));
  return { k, mean, components, explainedVariance, explainedVarianceRatio, scores };
}
