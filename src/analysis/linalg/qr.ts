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
import { copyBlock, withWasmWorkspace } from './wasm';

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
    if (r >= m) {
      tau[j] = 0;
      continue;
    }
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
 * C <- (I - V T V^T)^T C or (I - V T V^T) C for C = c[cOff..] (len rows, nc columns). V is len x w (leading
 * dimension ldv, explicit unit diagonal and zeros above it), T is w x w upper triangular (leading dimension ldt).
 * `work` holds w x nc. This is LAPACK's dlarfb for forward, columnwise reflectors.
 */
function applyBlock(
  transposeH: boolean,
  len: number,
  w: number,
  v: Float64Array,
  vOff: number,
  ldv: number,
  t: Float64Array,
  tOff: number,
  ldt: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  nc: number,
  work: Float64Array,
): void {
  if (nc === 0) return;
  // W = V^T C (w x nc)
  gemmTN(w, nc, len, 1, v, vOff, ldv, c, cOff, ldc, 0, work, 0, w);
  // W = T^T W (transposeH) or T W
  for (let j = 0; j < nc; j++) {
    const wj = j * w;
    if (transposeH) {
      for (let i = w - 1; i >= 0; i--) {
        let s = 0;
        const ti = tOff + i * ldt;
        for (let l = 0; l <= i; l++) s += t[ti + l] * work[wj + l];
        work[wj + i] = s;
      }
    } else {
      for (let i = 0; i < w; i++) {
        let s = 0;
        for (let l = i; l < w; l++) s += t[tOff + i + l * ldt] * work[wj + l];
        work[wj + i] = s;
      }
    }
  }
  // C -= V W
  gemmNN(len, nc, w, -1, v, vOff, ldv, work, 0, w, c, cOff, ldc);
}

/** Columns at or below which the recursive panel factorization switches to the unblocked loop. */
const LEAF = 4;

/**
 * Recursive factorization of the panel columns s..s+w-1 (local to a panel whose first row and column are p0), after
 * Elmroth & Gustavson, "Applying recursion to serial and parallel QR factorization leads to better performance",
 * IBM J. Res. Dev. 44(4), 2000: split the columns in two, factor the left half, update the right half with one
 * blocked reflector, factor it, and join the two T factors as
 *     T = [[T1, -T1 (V1^T V2) T2], [0, T2]].
 * Only the narrow leaves run the level-2 loop, so a tall panel is swept by matrix products instead of one pass per
 * column. Writes the panel's reflectors into v (len x nbPanel, ld = len, unit diagonal, zeros above) and T (ld = ldt).
 */
function panelRecursive(
  a: Float64Array,
  m: number,
  lda: number,
  p0: number,
  s: number,
  w: number,
  tau: Float64Array,
  v: Float64Array,
  len: number,
  t: Float64Array,
  ldt: number,
  work: Float64Array,
): void {
  if (w <= LEAF) {
    panelQR(a, m, lda, p0 + s, p0 + s, w, tau);
    copyReflectors(a, m, lda, p0, s, w, v, len);
    buildT(v, len, s, w, tau, p0, t, ldt);
    return;
  }
  const w1 = w >> 1;
  const w2 = w - w1;
  panelRecursive(a, m, lda, p0, s, w1, tau, v, len, t, ldt, work);
  applyBlock(
    true,
    len - s,
    w1,
    v,
    s + s * len,
    len,
    t,
    s + s * ldt,
    ldt,
    a,
    p0 + s + (p0 + s + w1) * lda,
    lda,
    w2,
    work,
  );
  panelRecursive(a, m, lda, p0, s + w1, w2, tau, v, len, t, ldt, work);
  // T12 = V1^T V2 over the rows where V2 is non-zero, then -T1 T12 T2 in place
  const s2 = s + w1;
  const t12 = s + s2 * ldt;
  gemmTN(w1, w2, len - s2, 1, v, s2 + s * len, len, v, s2 + s2 * len, len, 0, t, t12, ldt);
  for (let j = 0; j < w2; j++) {
    // column j of T12 <- T1 * column j (T1 upper triangular: top-down overwrite is safe)
    const cj = t12 + j * ldt;
    for (let i = 0; i < w1; i++) {
      let acc = 0;
      for (let l = i; l < w1; l++) acc += t[s + i + (s + l) * ldt] * t[cj + l];
      t[cj + i] = acc;
    }
  }
  for (let i = 0; i < w1; i++) {
    // row i of T12 <- -(row i) * T2 (T2 upper triangular: right-to-left overwrite is safe)
    for (let j = w2 - 1; j >= 0; j--) {
      let acc = 0;
      for (let l = 0; l <= j; l++) acc += t[t12 + i + l * ldt] * t[s2 + l + (s2 + j) * ldt];
      t[t12 + i + j * ldt] = -acc;
    }
  }
}

/** Copies reflectors s..s+w-1 of the panel at p0 into v (ld = len = m - p0) with unit diagonal and zeros above. */
function copyReflectors(
  a: Float64Array,
  m: number,
  lda: number,
  p0: number,
  s: number,
  w: number,
  v: Float64Array,
  len: number,
): void {
  for (let jj = s; jj < s + w; jj++) {
    const dst = jj * len;
    v.fill(0, dst, dst + jj);
    if (p0 + jj >= m) {
      v.fill(0, dst + jj, dst + len);
      continue;
    }
    v[dst + jj] = 1;
    const src = p0 + (p0 + jj) * lda;
    for (let i = jj + 1; i < len; i++) v[dst + i] = a[src + i];
  }
}

/**
 * The w x w block of T for reflectors s..s+w-1 (LAPACK dlarft, forward, columnwise), from V already in v:
 * T(0:i, i) = -tau_i T(0:i, 0:i) V(:, 0:i)^T v_i.
 */
function buildT(
  v: Float64Array,
  len: number,
  s: number,
  w: number,
  tau: Float64Array,
  p0: number,
  t: Float64Array,
  ldt: number,
): void {
  const tb = s + s * ldt;
  for (let j = 0; j < w; j++) t.fill(0, tb + j * ldt, tb + j * ldt + w);
  for (let i = 0; i < w; i++) {
    const ti = tau[p0 + s + i];
    t[tb + i + i * ldt] = ti;
    if (i === 0 || ti === 0) continue;
    const vi = (s + i) * len;
    // z = V(:, 0:i)^T v_i, only rows >= s + i of v_i are non-zero
    for (let k = 0; k < i; k++) {
      const vk = (s + k) * len;
      let acc = 0;
      for (let r = s + i; r < len; r++) acc += v[vk + r] * v[vi + r];
      t[tb + k + i * ldt] = -ti * acc;
    }
    for (let k = 0; k < i; k++) {
      let acc = 0;
      for (let l = k; l < i; l++) acc += t[tb + k + l * ldt] * t[tb + l + i * ldt];
      t[tb + k + i * ldt] = acc;
    }
  }
}

/** Below this many m n min(m, n) multiply-adds the copy into the SIMD workspace costs more than it saves. */
const WASM_MIN_WORK = 2e6;

/** Float64 values of scratch that qrFactorWith needs for an m x n matrix. */
export function qrScratchSize(m: number, n: number): number {
  const nb = Math.min(NB, Math.min(m, n));
  return Math.max(1, m * nb) + nb * nb + Math.max(1, nb * n);
}

/**
 * Householder QR in place of a (m x n, leading dimension lda), with its scratch carved from `scratch`
 * (qrScratchSize(m, n) values). When a and scratch are views of an open WebAssembly workspace (wasm.ts), the
 * trailing updates run on the SIMD kernels.
 */
export function qrFactorWith(
  a: Float64Array,
  m: number,
  n: number,
  lda: number,
  scratch: Float64Array,
  onBlock?: (fraction: number) => void,
): QRFactors {
  const kmax = Math.min(m, n);
  const tau = new Float64Array(kmax);
  const nb = Math.min(NB, kmax);
  const vLen = Math.max(1, m * nb);
  const v = scratch.subarray(0, vLen);
  const t = scratch.subarray(vLen, vLen + nb * nb);
  const work = scratch.subarray(vLen + nb * nb, vLen + nb * nb + Math.max(1, nb * n));
  for (let j0 = 0; j0 < kmax; j0 += nb) {
    const w = Math.min(nb, kmax - j0);
    panelRecursive(a, m, lda, j0, 0, w, tau, v, m - j0, t, w, work);
    const rest = n - j0 - w;
    if (rest > 0) applyBlock(true, m - j0, w, v, 0, m - j0, t, 0, w, a, j0 + (j0 + w) * lda, lda, rest, work);
    if (onBlock) onBlock((j0 + w) / kmax);
  }
  return { qr: a, m, n, lda, tau };
}

/**
 * Householder QR in place of a (m x n, leading dimension lda). Returns the factors (the same array). An optional
 * `onBlock(fraction)` is called after each block, for progress and cancellation. Large matrices are factored in a
 * copy in the WebAssembly workspace (SIMD products) and copied back.
 */
export function qrFactor(
  a: Float64Array,
  m: number,
  n: number,
  lda = m,
  onBlock?: (fraction: number) => void,
): QRFactors {
  const scratch = qrScratchSize(m, n);
  if (m * n * Math.min(m, n) >= WASM_MIN_WORK) {
    const f = withWasmWorkspace(m * n + scratch, (ws) => {
      const wa = ws.subarray(0, m * n);
      copyBlock(a, 0, lda, wa, 0, m, m, n);
      const g = qrFactorWith(wa, m, n, m, ws.subarray(m * n), onBlock);
      copyBlock(wa, 0, m, a, 0, lda, m, n);
      return g.tau;
    });
    if (f) return { qr: a, m, n, lda, tau: f };
  }
  return qrFactorWith(a, m, n, lda, new Float64Array(scratch), onBlock);
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

/** Applies the blocked reflectors of f to c (rows f.m, nc columns, ld ldc) with buffers v, t, work. */
function applyQ(
  f: QRFactors,
  qr: Float64Array,
  lda: number,
  transposeQ: boolean,
  c: Float64Array,
  cOff: number,
  nc: number,
  ldc: number,
  v: Float64Array,
  t: Float64Array,
  work: Float64Array,
): void {
  const { m, tau } = f;
  const kmax = tau.length;
  const nb = Math.min(NB, Math.max(1, kmax));
  const starts: number[] = [];
  for (let j0 = 0; j0 < kmax; j0 += nb) starts.push(j0);
  if (!transposeQ) starts.reverse();
  for (const j0 of starts) {
    const w = Math.min(nb, kmax - j0);
    copyReflectors(qr, m, lda, j0, 0, w, v, m - j0);
    buildT(v, m - j0, 0, w, tau, j0, t, w);
    applyBlock(transposeQ, m - j0, w, v, 0, m - j0, t, 0, w, c, cOff + j0, ldc, nc, work);
  }
}

/**
 * Applies Q^T (transpose = true) or Q to the m x nc matrix c (leading dimension ldc) in place, Q = H_1 ... H_k.
 */
export function qrApply(f: QRFactors, transposeQ: boolean, c: Float64Array, nc: number, ldc = f.m): void {
  const { m, n, lda } = f;
  const kmax = f.tau.length;
  const nb = Math.min(NB, Math.max(1, kmax));
  const vLen = Math.max(1, m * nb),
    wLen = Math.max(1, nb * nc);
  if (m * nc * kmax >= WASM_MIN_WORK) {
    const done = withWasmWorkspace(m * n + m * nc + vLen + nb * nb + wLen, (ws) => {
      let o = 0;
      const wq = ws.subarray(o, (o += m * n));
      const wc = ws.subarray(o, (o += m * nc));
      copyBlock(f.qr, 0, lda, wq, 0, m, m, n);
      copyBlock(c, 0, ldc, wc, 0, m, m, nc);
      applyQ(
        f,
        wq,
        m,
        transposeQ,
        wc,
        0,
        nc,
        m,
        ws.subarray(o, o + vLen),
        ws.subarray(o + vLen, o + vLen + nb * nb),
        ws.subarray(o + vLen + nb * nb, o + vLen + nb * nb + wLen),
      );
      copyBlock(wc, 0, m, c, 0, ldc, m, nc);
      return true;
    });
    if (done) return;
  }
  applyQ(
    f,
    f.qr,
    lda,
    transposeQ,
    c,
    0,
    nc,
    ldc,
    new Float64Array(vLen),
    new Float64Array(nb * nb),
    new Float64Array(wLen),
  );
}

/** The thin Q (m x k, k = min(m, n)) with orthonormal columns, by backward accumulation (LAPACK dorgqr). */
export function qrThinQ(f: QRFactors): Float64Array {
  const { m, n } = f;
  const k = f.tau.length;
  const q = new Float64Array(m * k);
  const nb = Math.min(NB, Math.max(1, k));
  const vLen = Math.max(1, m * nb),
    wLen = Math.max(1, nb * k);
  const accumulate = (
    qr: Float64Array,
    lda: number,
    out: Float64Array,
    v: Float64Array,
    t: Float64Array,
    work: Float64Array,
  ): void => {
    for (let i = 0; i < k; i++) out[i + i * m] = 1;
    const last = Math.floor((k - 1) / nb) * nb;
    for (let j0 = last; j0 >= 0; j0 -= nb) {
      const w = Math.min(nb, k - j0);
      copyReflectors(qr, m, lda, j0, 0, w, v, m - j0);
      buildT(v, m - j0, 0, w, f.tau, j0, t, w);
      // columns < j0 of the partial product are still unit vectors above row j0: only Q[j0:, j0:] changes
      applyBlock(false, m - j0, w, v, 0, m - j0, t, 0, w, out, j0 + j0 * m, m, k - j0, work);
    }
  };
  if (m * k * k >= WASM_MIN_WORK) {
    const done = withWasmWorkspace(m * n + m * k + vLen + nb * nb + wLen, (ws) => {
      let o = 0;
      const wq = ws.subarray(o, (o += m * n));
      const out = ws.subarray(o, (o += m * k));
      out.fill(0);
      copyBlock(f.qr, 0, f.lda, wq, 0, m, m, n);
      accumulate(
        wq,
        m,
        out,
        ws.subarray(o, o + vLen),
        ws.subarray(o + vLen, o + vLen + nb * nb),
        ws.subarray(o + vLen + nb * nb, o + vLen + nb * nb + wLen),
      );
      q.set(out);
      return true;
    });
    if (done) return q;
  }
  accumulate(f.qr, f.lda, q, new Float64Array(vLen), new Float64Array(nb * nb), new Float64Array(wLen));
  return q;
}
