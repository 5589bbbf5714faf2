/**
 * Blocked Householder QR of a column-major m x n matrix (m >= 1), in place, the LAPACK dgeqrf layout: R in the
 * upper triangle, the essential parts of the Householder vectors below the diagonal, scalars in `tau`.
 *
 * Householder (1958) reflectors H_j = I - tau_j v_j v_j^T with v_j(j) = 1. Blocks of NB reflectors are combined in
 * the compact WY form H_1...H_nb = I - V T V^T (Schreiber & Van Loan, "A storage-efficient WY representation for
 * products of Householder transformations", SIAM J. Sci. Stat. Comput. 10(1), 1989) so that the trailing update is
 * two matrix products (gemm.ts) instead of nb rank-1 updates. Golub & Van Loan, Matrix Computations 4th ed.,
 * Algorithms 5.1.1 (house), 5.2.1 (Householder QR) and 5.2.2 (block QR).
 */
import { gemmNN, gemmTN } from './gemm';

const NB = 32;

export interface QRFactors {
  /** m x n, ld = lda: R on and above the diagonal, reflectors below. */
  qr: Float64Array;
  m: number;
  n: number;
  lda: number;
  tau: Float64Array;
}

/**
 * Generates the reflector that maps x = a[off .. off+len) (stride 1) to beta e_1; overwrites x with
 * (beta, v_2..v_len) and returns tau (0 when x is already a multiple of e_1). Golub & Van Loan Alg. 5.1.1 with
 * the scaling that avoids overflow in the norm.
 */
function house(a: Float64Array, off: number, len: number): number {
  let scale = 0;
  for (let i = 1; i < len; i++) {
    const v = Math.abs(a[off + i]);
    if (v > scale) scale = v;
  }
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = 1; i < len; i++) {
    const v = a[off + i] / scale;
    ss += v * v;
  }
  const alpha = a[off];
  const xnorm = scale * Math.sqrt(ss);
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
  const tau = (beta - alpha) / beta;
  const inv = 1 / (alpha - beta);
  for (let i = 1; i < len; i++) a[off + i] *= inv;
  a[off] = beta;
  return tau;
}

/** Unblocked QR of the panel a[r0.., c0..c0+w) (rows r0..m-1), applying each reflector to the panel only. */
function panelQR(a: Float64Array, m: number, lda: number, r0: number, c0: number, w: number, tau: Float64Array): void {
  for (let jj = 0; jj < w; jj++) {
    const j = c0 + jj;
    const r = r0 + jj;
    if (r >= m) { tau[j] = 0; continue; }
    const col = r + j * lda;
    const t = house(a, col, m - r);
    tau[j] = t;
    if (t === 0) continue;
    const beta = a[col];
    a[col] = 1;
    for (let k = j + 1; k < c0 + w; k++) {
      const ck = r + k * lda;
      let s = 0;
      for (let i = 0; i < m - r; i++) s += a[col + i] * a[ck + i];
      s *= t;
      for (let i = 0; i < m - r; i++) a[ck + i] -= s * a[col + i];
    }
    a[col] = beta;
  }
}

/**
 * Copies the w reflectors of a panel into a dense (m - r0) x w buffer V with explicit unit diagonal and zeros above
 * it, and forms the upper triangular T of the compact WY form (LAPACK dlarft, forward, columnwise):
 * T(0:i, i) = -tau_i T(0:i, 0:i) V(:, 0:i)^T v_i.
 */
function panelWY(a: Float64Array, m: number, lda: number, r0: number, c0: number, w: number, tau: Float64Array, v: Float64Array, t: Float64Array): void {
  const len = m - r0;
  for (let jj = 0; jj < w; jj++) {
    const dst = jj * len;
    v.fill(0, dst, dst + jj);
    v[dst + jj] = 1;
    const src = r0 + (c0 + jj) * lda;
    for (let i = jj + 1; i < len; i++) v[dst + i] = a[src + i];
  }
  t.fill(0, 0, w * w);
  for (let i = 0; i < w; i++) {
    const ti = tau[c0 + i];
    t[i + i * w] = ti;
    if (i === 0 || ti === 0) continue;
    const vi = i * len;
    // z = V(:, 0:i)^T v_i, only rows >= i of v_i are non-zero
    for (let k = 0; k < i; k++) {
      const vk = k * len;
      let s = 0;
      for (let r = i; r < len; r++) s += v[vk + r] * v[vi + r];
      t[k + i * w] = -ti * s;
    }
    // T(0:i, i) = T(0:i, 0:i) z (upper triangular times vector, in place from the top)
    for (let k = 0; k < i; k++) {
      let s = 0;
      for (let l = k; l < i; l++) s += t[k + l * w] * t[l + i * w];
      t[k + i * w] = s;
    }
  }
}

/**
 * C <- (I - V T V^T)^T C or (I - V T V^T) C for C = a[r0.., cs..cs+nc) (rows r0..m-1). `work` holds w x nc.
 * This is LAPACK's dlarfb for forward, columnwise reflectors.
 */
function applyBlock(
  transposeH: boolean, len: number, w: number, v: Float64Array, t: Float64Array,
  c: Float64Array, cOff: number, ldc: number, nc: number, work: Float64Array,
): void {
  if (nc === 0) return;
  // W = V^T C (w x nc)
  gemmTN(w, nc, len, 1, v, 0, len, c, cOff, ldc, 0, work, 0, w);
  // W = T^T W (transposeH) or T W
  for (let j = 0; j < nc; j++) {
    const wj = j * w;
    if (transposeH) {
      for (let i = w - 1; i >= 0; i--) {
        let s = 0;
        for (let l = 0; l <= i; l++) s += t[l + i * w] * work[wj + l];
        work[wj + i] = s;
      }
    } else {
      for (let i = 0; i < w; i++) {
        let s = 0;
        for (let l = i; l < w; l++) s += t[i + l * w] * work[wj + l];
        work[wj + i] = s;
      }
    }
  }
  // C -= V W
  gemmNN(len, nc, w, -1, v, 0, len, work, 0, w, c, cOff, ldc);
}

/**
 * Householder QR in place of a (m x n, leading dimension lda). Returns the factors (the same array). An optional
 * `onBlock(fraction)` is called after each block, for progress and cancellation.
 */
export function qrFactor(a: Float64Array, m: number, n: number, lda = m, onBlock?: (fraction: number) => void): QRFactors {
  const kmax = Math.min(m, n);
  const tau = new Float64Array(kmax);
  const nb = Math.min(NB, kmax);
  const v = new Float64Array(Math.max(1, m * nb));
  const t = new Float64Array(nb * nb);
  const work = new Float64Array(Math.max(1, nb * n));
  for (let j0 = 0; j0 < kmax; j0 += nb) {
    const w = Math.min(nb, kmax - j0);
    panelQR(a, m, lda, j0, j0, w, tau);
    const rest = n - j0 - w;
    if (rest > 0) {
      panelWY(a, m, lda, j0, j0, w, tau, v, t);
      applyBlock(true, m - j0, w, v, t, a, j0 + (j0 + w) * lda, lda, rest, work);
    }
    if (onBlock) onBlock((j0 + w) / kmax);
  }
  return { qr: a, m, n, lda, tau };
}

/** The k x n upper trapezoid R (k = min(m, n)) as a dense column-major k x n matrix. */
export function qrR(f: QRFactors): Float64Array {
  const k = Math.min(f.m, f.n);
  const r = new Float64Array(k * f.n);
  for (let j = 0; j < f.n; j++) {
    for (let i = 0; i <= Math.min(j, k - 1); i++) r[i + j * k] = f.qr[i + j * f.lda];
  }
  return r;
}

/**
 * Applies Q^T (transpose = true) or Q to the m x nc matrix c (leading dimension ldc) in place, Q = H_1 ... H_k.
 */
export function qrApply(f: QRFactors, transposeQ: boolean, c: Float64Array, nc: number, ldc = f.m): void {
  const { m, lda, tau } = f;
  const kmax = tau.length;
  const nb = Math.min(NB, Math.max(1, kmax));
  const v = new Float64Array(Math.max(1, m * nb));
  const t = new Float64Array(nb * nb);
  const work = new Float64Array(Math.max(1, nb * nc));
  const starts: number[] = [];
  for (let j0 = 0; j0 < kmax; j0 += nb) starts.push(j0);
  if (!transposeQ) starts.reverse();
  for (const j0 of starts) {
    const w = Math.min(nb, kmax - j0);
    panelWY(f.qr, m, lda, j0, j0, w, tau, v, t);
    applyBlock(transposeQ, m - j0, w, v, t, c, j0, ldc, nc, work);
  }
}

/** The thin Q (m x k, k = min(m, n)) with orthonormal columns, by backward accumulation (LAPACK dorgqr). */
export function qrThinQ(f: QRFactors): Float64Array {
  const { m } = f;
  const k = f.tau.length;
  const q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) q[i + i * m] = 1;
  const nb = Math.min(NB, Math.max(1, k));
  const v = new Float64Array(Math.max(1, m * nb));
  const t = new Float64Array(nb * nb);
  const work = new Float64Array(Math.max(1, nb * k));
  const last = Math.floor((k - 1) / nb) * nb;
  for (let j0 = last; j0 >= 0; j0 -= nb) {
    const w = Math.min(nb, k - j0);
    panelWY(f.qr, m, f.lda, j0, j0, w, f.tau, v, t);
    // columns < j0 of the partial product are still unit vectors above row j0: only Q[j0:, j0:] changes
    applyBlock(false, m - j0, w, v, t, q, j0 + j0 * m, m, k - j0, work);
  }
  return q;
}
