/**
 * From eigenpairs to the Koopman decomposition of the state: eigenfunction coefficients on the dictionary,
 * C = W_r S_r^{-1} V, Koopman modes Xi = V^{-1} U_r^T R13 (x ~ sum_j xi_j phi_j(x), Williams, Kevrekidis & Rowley,
 * J. Nonlinear Sci. 25, 2015, section 2.3), eigenfunction values at points, amplitudes and the leading modes.
 */
import type { KoopmanMode } from '../../protocol/results/koopman';
import { complexSolve, type ComplexMatrix } from '../linalg/complex';
import { gemmNN, gemmTN } from '../linalg/gemm';
import type { Dictionary, PointSet } from './dictionary';
import { divideRows, type KoopmanEigen } from './methods';

export interface KoopmanModes {
  /** Rank (eigenpairs), dictionary size and observed state dimension. */
  r: number;
  m: number;
  ns: number;
  /** Dictionary coefficients of the eigenfunctions (m x r, split complex). */
  cre: Float64Array;
  cim: Float64Array;
  /** Koopman modes (r x ns). */
  xi: ComplexMatrix;
  /** Smallest over largest pivot of the eigenvector matrix: near 0 when the operator is close to defective. */
  pivotRatio: number;
}

export function koopmanModes(e: KoopmanEigen, m: number, ns: number): KoopmanModes {
  const { basis, factor } = e;
  const r = basis.r;
  const cre = new Float64Array(m * r),
    cim = new Float64Array(m * r);
  gemmNN(m, r, r, 1, basis.wr, 0, m, divideRows(e.vre, basis.s, r), 0, r, cre, 0, m);
  gemmNN(m, r, r, 1, basis.wr, 0, m, divideRows(e.vim, basis.s, r), 0, r, cim, 0, m);
  // Xi = V^{-1} B, B = U_r^T R13 (r x ns)
  const bmat = new Float64Array(r * ns);
  gemmTN(r, ns, factor.k, 1, basis.ur, 0, factor.k, factor.r13, 0, factor.k, 0, bmat, 0, r);
  const V: ComplexMatrix = { re: e.vre, im: e.vim, rows: r, cols: r };
  const { x: xi, pivotRatio } = complexSolve(V, { re: bmat, im: new Float64Array(r * ns), rows: r, cols: ns });
  return { r, m, ns, cre, cim, xi, pivotRatio };
}

/** Eigenfunctions phi_j at the first `rows` points (rows x r, split complex). */
export function eigenfunctionsAt(
  dict: Dictionary,
  km: KoopmanModes,
  pts: PointSet,
  rows: number,
): { re: Float64Array; im: Float64Array } {
  const { r, m } = km;
  const sub: PointSet = { cols: pts.cols.map((c) => c.subarray(0, rows)), rows };
  const psi = new Float64Array(rows * m);
  dict.evaluate(sub, psi, 0, rows);
  const re = new Float64Array(rows * r),
    im = new Float64Array(rows * r);
  gemmNN(rows, r, m, 1, psi, 0, rows, km.cre, 0, m, re, 0, rows);
  gemmNN(rows, r, m, 1, psi, 0, rows, km.cim, 0, m, im, 0, rows);
  return { re, im };
}

/** Amplitude of each eigenpair at the first point: |phi_j(x_0)| ||xi_j||. */
export function amplitudes(km: KoopmanModes, phi0: { re: Float64Array; im: Float64Array }): Float64Array {
  const { r, ns, xi } = km;
  const amplitude = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    let nx = 0;
    for (let c = 0; c < ns; c++) nx += xi.re[j + c * r] ** 2 + xi.im[j + c * r] ** 2;
    amplitude[j] = Math.hypot(phi0.re[j], phi0.im[j]) * Math.sqrt(nx);
  }
  return amplitude;
}

/** Display order of the eigenvalues: by |lambda| descending, ties by imaginary part descending. */
export function eigenOrder(lre: Float64Array, lim: Float64Array): number[] {
  return Array.from({ length: lre.length }, (_, i) => i).sort(
    (a, b) => Math.hypot(lre[b], lim[b]) - Math.hypot(lre[a], lim[a]) || lim[b] - lim[a],
  );
}

/** The `count` modes of largest amplitude, with their eigenfunctions along the first `rows` points of `pts`. */
export function leadingModes(
  dict: Dictionary,
  km: KoopmanModes,
  order: number[],
  amplitude: Float64Array,
  pts: PointSet,
  rows: number,
  count: number,
): KoopmanMode[] {
  const n = Math.min(count, km.r);
  if (n <= 0) return [];
  const { r, ns, xi } = km;
  const phiT = eigenfunctionsAt(dict, km, pts, rows);
  const lead = [...order].sort((a, b) => amplitude[b] - amplitude[a]).slice(0, n);
  return lead.map((j) => ({
    index: order.indexOf(j),
    re: Float64Array.from({ length: ns }, (_, c) => xi.re[j + c * r]),
    im: Float64Array.from({ length: ns }, (_, c) => xi.im[j + c * r]),
    eigenfunctionRe: phiT.re.slice(j * rows, (j + 1) * rows),
    eigenfunctionIm: phiT.im.slice(j * rows, (j + 1) * rows),
  }));
}
