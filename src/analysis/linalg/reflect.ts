/**
 * Householder reflector updates I - tau x x^T on column-major storage, shared by the Hessenberg reduction (eig.ts)
 * and the bidiagonalization (bidiagsvd.ts). On the WebAssembly SIMD kernels when every array is a view of the open
 * workspace (wasm.ts), the scalar loops below otherwise (the kernels' dot products sum in SIMD lanes: the two can
 * differ in the last bits).
 */
import { wasmReflectColumns, wasmReflectRows } from './wasm';

/** Column_j -= tau (x . column_j) x for ncols columns of m starting at mOff (leading dimension ld), |x| = len. */
export function reflectColumns(
  len: number,
  x: Float64Array,
  tau: number,
  m: Float64Array,
  mOff: number,
  ld: number,
  ncols: number,
): void {
  if (wasmReflectColumns(len, x, tau, m, mOff, ld, ncols)) return;
  for (let j = 0; j < ncols; j++) {
    const o = mOff + j * ld;
    let s = 0;
    for (let i = 0; i < len; i++) s += x[i] * m[o + i];
    s *= tau;
    for (let i = 0; i < len; i++) m[o + i] -= s * x[i];
  }
}

/** Rows 0..rows-1 of the len columns of m at mOff times (I - tau x x^T): w = M x, M -= tau w x^T (column-oriented). */
export function reflectRows(
  rows: number,
  len: number,
  x: Float64Array,
  tau: number,
  m: Float64Array,
  mOff: number,
  ld: number,
  w: Float64Array,
): void {
  if (wasmReflectRows(rows, len, x, tau, m, mOff, ld, w)) return;
  w.fill(0, 0, rows);
  for (let l = 0; l < len; l++) {
    const xl = x[l];
    const o = mOff + l * ld;
    for (let i = 0; i < rows; i++) w[i] += xl * m[o + i];
  }
  for (let l = 0; l < len; l++) {
    const f = tau * x[l];
    const o = mOff + l * ld;
    for (let i = 0; i < rows; i++) m[o + i] -= f * w[i];
  }
}
