/**
 * Eigenvalues and eigenvectors of a real nonsymmetric n x n matrix (column-major):
 *  1. balancing by powers of two (Parlett & Reinsch, "Balancing a matrix for calculation of eigenvalues and
 *     eigenvectors", Numer. Math. 13, 1969), so that rounding errors scale with the balanced norm;
 *  2. orthogonal reduction to upper Hessenberg form by Householder reflectors (Golub & Van Loan, 4th ed., Alg. 7.4.2);
 *  3. the Francis implicit double-shift QR iteration to real Schur form, accumulating the orthogonal factor
 *     (Francis 1961/62; Golub & Van Loan Alg. 7.5.2, with the deflation tests and exceptional shifts of the
 *     EISPACK routine hqr2, Wilkinson & Reinsch, Handbook for Automatic Computation II, 1971, contribution II/15);
 *  4. eigenvectors of the quasi-triangular Schur factor by back-substitution, transformed back by the Schur vectors
 *     and the balancing scale, then normalized to unit Euclidean norm (the numpy/LAPACK convention).
 * Complex eigenvalues come in conjugate pairs, the one with positive imaginary part first. Stages 2 and 3 also run
 * as WebAssembly kernels (wasm/linalg.ts, the same algorithms), used when available.
 */
import { reflectColumns, reflectRows } from './reflect';
import { wasmSchur } from './wasm';

export interface EigResult {
  n: number;
  /** Real and imaginary parts of the eigenvalues. */
  re: Float64Array;
  im: Float64Array;
  /** Eigenvectors as columns (n x n, column-major), real and imaginary parts; absent when not requested. */
  vectorsRe?: Float64Array;
  vectorsIm?: Float64Array;
}

const EPS = 2 ** -52;
/** Below this order the scalar TypeScript stages are as fast as the copy into the WebAssembly workspace. */
const WASM_MIN_N = 8;

/** Scales rows and columns by powers of two until their off-diagonal 1-norms balance. Returns the scale vector. */
function balance(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n).fill(1);
  const radix = 2;
  const sqrdx = radix * radix;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0;
      let c = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(a[j + i * n]);
        r += Math.abs(a[i + j * n]);
      }
      if (c === 0 || r === 0) continue;
      let g = r / radix;
      let f = 1;
      const s = c + r;
      while (c < g) {
        f *= radix;
        c *= sqrdx;
      }
      g = r * radix;
      while (c > g) {
        f /= radix;
        c /= sqrdx;
      }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        g = 1 / f;
        d[i] *= f;
        for (let j = 0; j < n; j++) a[i + j * n] *= g;
        for (let j = 0; j < n; j++) a[j + i * n] *= f;
      }
    }
  }
  return d;
}

/** Householder reduction to Hessenberg form in place; returns the accumulated orthogonal V with A = V H V^T. */
function hessenberg(h: Float64Array, n: number): Float64Array {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i + i * n] = 1;
  const u = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // reflector for x = h[k+1:n, k]
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale += Math.abs(h[i + k * n]);
    if (scale === 0) continue;
    let ss = 0;
    for (let i = k + 1; i < n; i++) {
      u[i] = h[i + k * n] / scale;
      ss += u[i] * u[i];
    }
    const g = u[k + 1] >= 0 ? -Math.sqrt(ss) : Math.sqrt(ss);
    // P = I - u u^T / hh with u = x/scale - g e_1
    const hh = ss - u[k + 1] * g;
    u[k + 1] -= g;
    // left: H = P H on rows k+1.., columns k..n-1; right: H = H P and V = V P on all rows, columns k+1..
    const x = u.subarray(k + 1, n);
    reflectColumns(n - k - 1, x, 1 / hh, h, k + 1 + k * n, n, n - k);
    reflectRows(n, n - k - 1, x, 1 / hh, h, (k + 1) * n, n, w);
    reflectRows(n, n - k - 1, x, 1 / hh, v, (k + 1) * n, n, w);
    for (let i = k + 2; i < n; i++) h[i + k * n] = 0;
  }
  return v;
}

/** Complex division (a + ib) / (c + id), Smith's algorithm (Smith, CACM 5(8), 1962) to avoid overflow. */
function cdiv(a: number, b: number, c: number, d: number, out: Float64Array): void {
  if (Math.abs(c) >= Math.abs(d)) {
    const r = d / c;
    const den = c + r * d;
    out[0] = (a + r * b) / den;
    out[1] = (b - r * a) / den;
  } else {
    const r = c / d;
    const den = d + r * c;
    out[0] = (r * a + b) / den;
    out[1] = (r * b - a) / den;
  }
}

/**
 * Francis double-shift QR on the Hessenberg matrix h (n x n), accumulating into v; on return h holds the real
 * Schur form T (quasi upper triangular) and v the Schur vectors (A_balanced = V T V^T). Throws after 30 n sweeps.
 */
function francisQR(
  h: Float64Array,
  n: number,
  v: Float64Array | undefined,
  wr: Float64Array,
  wi: Float64Array,
): number {
  let norm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) norm += Math.abs(h[i + j * n]);
  let nn = n - 1;
  let iter = 0;
  let totalIter = 0;
  let exshift = 0;
  let p = 0,
    q = 0,
    r = 0,
    s = 0,
    z = 0,
    w = 0,
    x = 0,
    y = 0;
  while (nn >= 0) {
    // find a negligible subdiagonal element h(l, l-1)
    let l = nn;
    while (l > 0) {
      s = Math.abs(h[l - 1 + (l - 1) * n]) + Math.abs(h[l + l * n]);
      if (s === 0) s = norm;
      if (Math.abs(h[l + (l - 1) * n]) <= EPS * s) break;
      l--;
    }
    if (l === nn) {
      // one root converged
      h[nn + nn * n] += exshift;
      wr[nn] = h[nn + nn * n];
      wi[nn] = 0;
      nn--;
      iter = 0;
    } else if (l === nn - 1) {
      // a 2 x 2 block converged: real pair (split it with a rotation) or complex pair
      w = h[nn + (nn - 1) * n] * h[nn - 1 + nn * n];
      p = (h[nn - 1 + (nn - 1) * n] - h[nn + nn * n]) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      h[nn + nn * n] += exshift;
      h[nn - 1 + (nn - 1) * n] += exshift;
      x = h[nn + nn * n];
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        wr[nn - 1] = x + z;
        wr[nn] = z !== 0 ? x - w / z : x + z;
        wi[nn - 1] = 0;
        wi[nn] = 0;
        x = h[nn + (nn - 1) * n];
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = nn - 1; j < n; j++) {
          z = h[nn - 1 + j * n];
          h[nn - 1 + j * n] = q * z + p * h[nn + j * n];
          h[nn + j * n] = q * h[nn + j * n] - p * z;
        }
        for (let i = 0; i <= nn; i++) {
          z = h[i + (nn - 1) * n];
          h[i + (nn - 1) * n] = q * z + p * h[i + nn * n];
          h[i + nn * n] = q * h[i + nn * n] - p * z;
        }
        if (v) {
          for (let i = 0; i < n; i++) {
            z = v[i + (nn - 1) * n];
            v[i + (nn - 1) * n] = q * z + p * v[i + nn * n];
            v[i + nn * n] = q * v[i + nn * n] - p * z;
          }
        }
      } else {
        wr[nn - 1] = x + p;
        wr[nn] = x + p;
        wi[nn - 1] = z;
        wi[nn] = -z;
      }
      nn -= 2;
      iter = 0;
    } else {
      // one Francis double-shift sweep on rows/columns l..nn
      x = h[nn + nn * n];
      y = 0;
      w = 0;
      if (l < nn) {
        y = h[nn - 1 + (nn - 1) * n];
        w = h[nn + (nn - 1) * n] * h[nn - 1 + nn * n];
      }
      if (iter === 10) {
        // exceptional shift (Wilkinson) to break cycles
        exshift += x;
        for (let i = 0; i <= nn; i++) h[i + i * n] -= x;
        s = Math.abs(h[nn + (nn - 1) * n]) + Math.abs(h[nn - 1 + (nn - 2) * n]);
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= nn; i++) h[i + i * n] -= s;
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      totalIter++;
      if (totalIter > 30 * Math.max(n, 10))
        throw new Error(`eig: Francis QR did not converge after ${totalIter} sweeps (n = ${n})`);
      // look for two consecutive small subdiagonal elements (start the bulge at row m)
      let m = nn - 2;
      while (m >= l) {
        z = h[m + m * n];
        r = x - z;
        s = y - z;
        p = (r * s - w) / h[m + 1 + m * n] + h[m + (m + 1) * n];
        q = h[m + 1 + (m + 1) * n] - z - r - s;
        r = h[m + 2 + (m + 1) * n];
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (
          Math.abs(h[m + (m - 1) * n]) * (Math.abs(q) + Math.abs(r)) <
          EPS * (Math.abs(p) * (Math.abs(h[m - 1 + (m - 1) * n]) + Math.abs(z) + Math.abs(h[m + 1 + (m + 1) * n])))
        )
          break;
        m--;
      }
      for (let i = m + 2; i <= nn; i++) {
        h[i + (i - 2) * n] = 0;
        if (i > m + 2) h[i + (i - 3) * n] = 0;
      }
      // chase the bulge with 3 x 3 reflectors
      for (let k = m; k <= nn - 1; k++) {
        const notlast = k !== nn - 1;
        if (k !== m) {
          p = h[k + (k - 1) * n];
          q = h[k + 1 + (k - 1) * n];
          r = notlast ? h[k + 2 + (k - 1) * n] : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) h[k + (k - 1) * n] = -s * x;
        else if (l !== m) h[k + (k - 1) * n] = -h[k + (k - 1) * n];
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        for (let j = k; j < n; j++) {
          p = h[k + j * n] + q * h[k + 1 + j * n];
          if (notlast) {
            p += r * h[k + 2 + j * n];
            h[k + 2 + j * n] -= p * z;
          }
          h[k + j * n] -= p * x;
          h[k + 1 + j * n] -= p * y;
        }
        const iMax = Math.min(nn, k + 3);
        for (let i = 0; i <= iMax; i++) {
          p = x * h[i + k * n] + y * h[i + (k + 1) * n];
          if (notlast) {
            p += z * h[i + (k + 2) * n];
            h[i + (k + 2) * n] -= p * r;
          }
          h[i + k * n] -= p;
          h[i + (k + 1) * n] -= p * q;
        }
        if (v) {
          for (let i = 0; i < n; i++) {
            p = x * v[i + k * n] + y * v[i + (k + 1) * n];
            if (notlast) {
              p += z * v[i + (k + 2) * n];
              v[i + (k + 2) * n] -= p * r;
            }
            v[i + k * n] -= p;
            v[i + (k + 1) * n] -= p * q;
          }
        }
      }
    }
  }
  return norm;
}

/**
 * Eigenvectors of the quasi-triangular T (in h) by back-substitution, overwriting h's upper part with the
 * eigenvectors of T (real vector in column j; complex pair as columns j (real) and j+1 (imaginary)), then
 * multiplied by the Schur vectors v in place (v becomes the eigenvector matrix of the balanced matrix).
 */
function schurVectors(
  h: Float64Array,
  n: number,
  v: Float64Array,
  wr: Float64Array,
  wi: Float64Array,
  norm: number,
): void {
  if (norm === 0) return;
  const cd = new Float64Array(2);
  let p = 0,
    q = 0,
    r = 0,
    s = 0,
    t = 0,
    w = 0,
    x = 0,
    y = 0,
    z = 0;
  for (let nn = n - 1; nn >= 0; nn--) {
    p = wr[nn];
    q = wi[nn];
    if (q === 0) {
      let l = nn;
      h[nn + nn * n] = 1;
      for (let i = nn - 1; i >= 0; i--) {
        w = h[i + i * n] - p;
        r = 0;
        for (let j = l; j <= nn; j++) r += h[i + j * n] * h[j + nn * n];
        if (wi[i] < 0) {
          z = w;
          s = r;
        } else {
          l = i;
          if (wi[i] === 0) {
            h[i + nn * n] = w !== 0 ? -r / w : -r / (EPS * norm);
          } else {
            x = h[i + (i + 1) * n];
            y = h[i + 1 + i * n];
            q = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i];
            t = (x * s - z * r) / q;
            h[i + nn * n] = t;
            h[i + 1 + nn * n] = Math.abs(x) > Math.abs(z) ? (-r - w * t) / x : (-s - y * t) / z;
          }
          t = Math.abs(h[i + nn * n]);
          if (EPS * t * t > 1) for (let j = i; j <= nn; j++) h[j + nn * n] /= t;
        }
      }
    } else if (q < 0) {
      // the pair (nn-1, nn): columns nn-1 (real part) and nn (imaginary part) for eigenvalue p - i|q|... with the
      // last component fixed, as in hqr2; the pair's vector for wr + i wi[nn-1] is col(nn-1) + i col(nn)
      let l = nn - 1;
      if (Math.abs(h[nn + (nn - 1) * n]) > Math.abs(h[nn - 1 + nn * n])) {
        h[nn - 1 + (nn - 1) * n] = q / h[nn + (nn - 1) * n];
        h[nn - 1 + nn * n] = -(h[nn + nn * n] - p) / h[nn + (nn - 1) * n];
      } else {
        cdiv(0, -h[nn - 1 + nn * n], h[nn - 1 + (nn - 1) * n] - p, q, cd);
        h[nn - 1 + (nn - 1) * n] = cd[0];
        h[nn - 1 + nn * n] = cd[1];
      }
      h[nn + (nn - 1) * n] = 0;
      h[nn + nn * n] = 1;
      for (let i = nn - 2; i >= 0; i--) {
        let ra = 0;
        let sa = 0;
        for (let j = l; j <= nn; j++) {
          ra += h[i + j * n] * h[j + (nn - 1) * n];
          sa += h[i + j * n] * h[j + nn * n];
        }
        w = h[i + i * n] - p;
        if (wi[i] < 0) {
          z = w;
          r = ra;
          s = sa;
        } else {
          l = i;
          if (wi[i] === 0) {
            cdiv(-ra, -sa, w, q, cd);
            h[i + (nn - 1) * n] = cd[0];
            h[i + nn * n] = cd[1];
          } else {
            x = h[i + (i + 1) * n];
            y = h[i + 1 + i * n];
            let vr = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i] - q * q;
            const vi = (wr[i] - p) * 2 * q;
            if (vr === 0 && vi === 0)
              vr = EPS * norm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
            cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi, cd);
            h[i + (nn - 1) * n] = cd[0];
            h[i + nn * n] = cd[1];
            if (Math.abs(x) > Math.abs(z) + Math.abs(q)) {
              h[i + 1 + (nn - 1) * n] = (-ra - w * h[i + (nn - 1) * n] + q * h[i + nn * n]) / x;
              h[i + 1 + nn * n] = (-sa - w * h[i + nn * n] - q * h[i + (nn - 1) * n]) / x;
            } else {
              cdiv(-r - y * h[i + (nn - 1) * n], -s - y * h[i + nn * n], z, q, cd);
              h[i + 1 + (nn - 1) * n] = cd[0];
              h[i + 1 + nn * n] = cd[1];
            }
          }
          t = Math.max(Math.abs(h[i + (nn - 1) * n]), Math.abs(h[i + nn * n]));
          if (EPS * t * t > 1) {
            for (let j = i; j <= nn; j++) {
              h[j + (nn - 1) * n] /= t;
              h[j + nn * n] /= t;
            }
          }
        }
      }
    }
  }
  // V <- V * (upper triangular eigenvector matrix of T), column by column from the right
  const col = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    col.fill(0);
    for (let k = 0; k <= j; k++) {
      const hk = h[k + j * n];
      if (hk === 0) continue;
      const vk = k * n;
      for (let i = 0; i < n; i++) col[i] += v[vk + i] * hk;
    }
    v.set(col, j * n);
  }
}

/**
 * Eigen-decomposition of the real n x n matrix a (column-major; not modified). With `vectors`, eigenvectors are
 * returned normalized to unit 2-norm, the largest-modulus component real and positive (a deterministic phase).
 */
export function eig(a: Float64Array, n: number, vectors = true): EigResult {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  if (n === 0)
    return {
      n,
      re,
      im,
      vectorsRe: vectors ? new Float64Array(0) : undefined,
      vectorsIm: vectors ? new Float64Array(0) : undefined,
    };
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(a[i])) throw new Error('eig: matrix has non-finite entries');
  const h = a.slice();
  const d = balance(h, n);
  // the two O(n^3) stages on the compiled kernels when they are there (no JIT warm-up, no bounds checks)
  const schur = n >= WASM_MIN_N ? wasmSchur(h, n, vectors, re, im) : undefined;
  const v = schur ? schur.v : hessenberg(h, n);
  const norm = schur ? schur.norm : francisQR(h, n, vectors ? v : undefined, re, im);
  if (!vectors) return { n, re, im };
  schurVectors(h, n, v, re, im, norm);
  // undo the balancing: x = D x_balanced
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) v[i + j * n] *= d[i];
  const vr = new Float64Array(n * n);
  const vi = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    if (im[j] === 0) {
      for (let i = 0; i < n; i++) vr[i + j * n] = v[i + j * n];
    } else if (im[j] > 0 && j + 1 < n) {
      for (let i = 0; i < n; i++) {
        vr[i + j * n] = v[i + j * n];
        vi[i + j * n] = v[i + (j + 1) * n];
        vr[i + (j + 1) * n] = v[i + j * n];
        vi[i + (j + 1) * n] = -v[i + (j + 1) * n];
      }
      j++;
    }
  }
  normalizeColumns(vr, vi, n);
  return { n, re, im, vectorsRe: vr, vectorsIm: vi };
}

/** Scales each complex column to unit 2-norm with its largest-modulus entry real positive. */
export function normalizeColumns(vr: Float64Array, vi: Float64Array, n: number, rows = n): void {
  for (let j = 0; j < n; j++) {
    const o = j * rows;
    let ss = 0;
    let big = -1;
    let bi = 0;
    for (let i = 0; i < rows; i++) {
      const m2 = vr[o + i] * vr[o + i] + vi[o + i] * vi[o + i];
      ss += m2;
      if (m2 > big) {
        big = m2;
        bi = i;
      }
    }
    if (ss === 0) continue;
    const nrm = Math.sqrt(ss);
    const mag = Math.sqrt(big);
    // multiply by conj(x_bi) / (|x_bi| * nrm)
    const cr = vr[o + bi] / (mag * nrm);
    const ci = -vi[o + bi] / (mag * nrm);
    for (let i = 0; i < rows; i++) {
      const xr = vr[o + i];
      const xi = vi[o + i];
      vr[o + i] = xr * cr - xi * ci;
      vi[o + i] = xr * ci + xi * cr;
    }
    vi[o + bi] = 0;
  }
}
