/**
 * Level-3 kernels on column-major Float64Array storage: element (i, j) of a matrix with leading dimension ld sits
 * at data[off + i + j * ld]. Register-blocked so that V8 keeps the accumulators in registers: the inner loops touch
 * only contiguous columns (the layout's fast direction) and allocate nothing.
 *
 * Blocking follows the usual GEMM decomposition (Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3), 2008): a row panel small enough to stay in cache is reused across columns.
 *
 * When all operands are views of an open WebAssembly workspace (wasm.ts), the products run on the SIMD kernels;
 * large products on ordinary arrays are copied into a workspace for them (stagedGemm).
 */
import { stagedGemm, wasmGemmNN, wasmGemmTN } from './wasm';

/** Rows per cache panel: 384 rows x 8 bytes x (4 columns of A + 2 of B) fits L1/L2 comfortably. */
const ROW_PANEL = 384;

/**
 * C (m x n) = alpha * A^T B + beta * C, with A stored k x m and B stored k x n (dot products of columns).
 */
export function gemmTN(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  beta: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (beta !== 1) {
    for (let j = 0; j < n; j++) {
      const cj = cOff + j * ldc;
      if (beta === 0) c.fill(0, cj, cj + m);
      else for (let i = 0; i < m; i++) c[cj + i] *= beta;
    }
  }
  if (k === 0 || m === 0 || n === 0) return;
  if (wasmGemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc)) return;
  if (stagedGemm('gemmTN', m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc)) return;
  for (let p0 = 0; p0 < k; p0 += ROW_PANEL) {
    const p1 = Math.min(k, p0 + ROW_PANEL);
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = bOff + j * ldb;
      const b1 = b0 + ldb;
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const a0 = aOff + i * lda;
        const a1 = a0 + lda;
        const a2 = a1 + lda;
        const a3 = a2 + lda;
        let s00 = 0,
          s10 = 0,
          s20 = 0,
          s30 = 0,
          s01 = 0,
          s11 = 0,
          s21 = 0,
          s31 = 0;
        for (let p = p0; p < p1; p++) {
          const x0 = b[b0 + p];
          const x1 = b[b1 + p];
          const y0 = a[a0 + p];
          const y1 = a[a1 + p];
          const y2 = a[a2 + p];
          const y3 = a[a3 + p];
          s00 += y0 * x0;
          s10 += y1 * x0;
          s20 += y2 * x0;
          s30 += y3 * x0;
          s01 += y0 * x1;
          s11 += y1 * x1;
          s21 += y2 * x1;
          s31 += y3 * x1;
        }
        const c0 = cOff + i + j * ldc;
        const c1 = c0 + ldc;
        c[c0] += alpha * s00;
        c[c0 + 1] += alpha * s10;
        c[c0 + 2] += alpha * s20;
        c[c0 + 3] += alpha * s30;
        c[c1] += alpha * s01;
        c[c1 + 1] += alpha * s11;
        c[c1 + 2] += alpha * s21;
        c[c1 + 3] += alpha * s31;
      }
      for (; i < m; i++) {
        const a0 = aOff + i * lda;
        let s0 = 0,
          s1 = 0;
        for (let p = p0; p < p1; p++) {
          const y = a[a0 + p];
          s0 += y * b[b0 + p];
          s1 += y * b[b1 + p];
        }
        c[cOff + i + j * ldc] += alpha * s0;
        c[cOff + i + (j + 1) * ldc] += alpha * s1;
      }
    }
    for (; j < n; j++) {
      const b0 = bOff + j * ldb;
      for (let i = 0; i < m; i++) {
        const a0 = aOff + i * lda;
        let s = 0;
        for (let p = p0; p < p1; p++) s += a[a0 + p] * b[b0 + p];
        c[cOff + i + j * ldc] += alpha * s;
      }
    }
  }
}

/**
 * C (m x n) += alpha * A B, with A stored m x k and B stored k x n (column updates C[:, j] += A[:, p] B[p, j]).
 */
export function gemmNN(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (k === 0 || m === 0 || n === 0) return;
  if (wasmGemmNN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc)) return;
  if (stagedGemm('gemmNN', m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc)) return;
  for (let i0 = 0; i0 < m; i0 += ROW_PANEL) {
    const i1 = Math.min(m, i0 + ROW_PANEL);
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const c0 = cOff + j * ldc;
      const c1 = c0 + ldc;
      const bj0 = bOff + j * ldb;
      const bj1 = bj0 + ldb;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        const w00 = alpha * b[bj0 + p],
          w10 = alpha * b[bj0 + p + 1],
          w20 = alpha * b[bj0 + p + 2],
          w30 = alpha * b[bj0 + p + 3];
        const w01 = alpha * b[bj1 + p],
          w11 = alpha * b[bj1 + p + 1],
          w21 = alpha * b[bj1 + p + 2],
          w31 = alpha * b[bj1 + p + 3];
        const a0 = aOff + p * lda;
        const a1 = a0 + lda;
        const a2 = a1 + lda;
        const a3 = a2 + lda;
        for (let i = i0; i < i1; i++) {
          const y0 = a[a0 + i],
            y1 = a[a1 + i],
            y2 = a[a2 + i],
            y3 = a[a3 + i];
          c[c0 + i] += y0 * w00 + y1 * w10 + y2 * w20 + y3 * w30;
          c[c1 + i] += y0 * w01 + y1 * w11 + y2 * w21 + y3 * w31;
        }
      }
      for (; p < k; p++) {
        const w0 = alpha * b[bj0 + p],
          w1 = alpha * b[bj1 + p];
        const a0 = aOff + p * lda;
        for (let i = i0; i < i1; i++) {
          const y = a[a0 + i];
          c[c0 + i] += y * w0;
          c[c1 + i] += y * w1;
        }
      }
    }
    for (; j < n; j++) {
      const c0 = cOff + j * ldc;
      const bj = bOff + j * ldb;
      for (let p = 0; p < k; p++) {
        const w = alpha * b[bj + p];
        if (w === 0) continue;
        const a0 = aOff + p * lda;
        for (let i = i0; i < i1; i++) c[c0 + i] += a[a0 + i] * w;
      }
    }
  }
}

/** Plain product of two dense column-major matrices with ld = rows: returns A (m x k) times B (k x n). */
export function matmul(a: Float64Array, m: number, k: number, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(m * n);
  gemmNN(m, n, k, 1, a, 0, m, b, 0, k, c, 0, m);
  return c;
}

/** Transpose of an m x n column-major matrix (ld = m). */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) t[j + i * n] = a[i + j * m];
  return t;
}
