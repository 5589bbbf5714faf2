/**
 * One function per Koopman method, each giving the same eigen-triple: eigenvalues (lre, lim) and eigenvectors
 * (vre, vim, r x r, columns) of its Galerkin matrix in the orthonormal POD basis of a snapshot factor, with the ResDMD
 * residual of every eigenpair and the factor and basis the eigenvectors live in (what modes and eigenfunctions need).
 *
 *  dmd, hankel, edmd, kedmd  eigenpairs of the data Galerkin matrix (galerkinEigen): exact DMD (Schmid 2010; Tu et
 *                            al. 2014) with the identity or delay dictionary, EDMD with any other.
 *  fbdmd   forward-backward DMD (Dawson, Hemati, Williams & Rowley, Exp. Fluids 57:42, 2016).
 *  tlsdmd  total-least-squares DMD (Hemati, Rowley, Deem & Cattafesta, Theor. Comput. Fluid Dyn. 31, 2017).
 */
import { badInput } from '../core/errors';
import type { KoopmanMethod, KoopmanResult } from '../../protocol/results/koopman';
import { eig } from '../linalg/eig';
import { gemmNN, gemmTN, transpose } from '../linalg/gemm';
import { lstsq } from '../linalg/lstsq';
import { svdOfTriangular } from '../linalg/svd';
import {
  factorSnapshots,
  galerkinBasis,
  orthGalerkin,
  residualsFull,
  residualsOrth,
  type GalerkinBasis,
  type OrthGalerkin,
  type SnapshotFactor,
} from './resdmd';
import type { Trajectory } from './snapshots';
import { complexSqrt } from './spectrum';

export interface EigenTriple {
  lre: Float64Array;
  lim: Float64Array;
  vre: Float64Array;
  vim: Float64Array;
}

export interface KoopmanEigen extends EigenTriple {
  /** ResDMD residual of each eigenpair against the data. */
  residual: Float64Array;
  /** The factor and basis the eigenvectors are expressed in (TLS: those of the projected data). */
  factor: SnapshotFactor;
  basis: GalerkinBasis;
}

/** Eigen-decomposition of an r x r real matrix as split complex columns. */
function eigPairs(a: Float64Array, r: number): EigenTriple {
  const e = eig(a, r, true);
  return { lre: e.re, lim: e.im, vre: e.vectorsRe!, vim: e.vectorsIm! };
}

/** The eigenpairs of a method; `dims` = [dictionary size, snapshot pairs] for the rank rule of TLS. */
export function methodEigen(
  method: KoopmanMethod,
  f: SnapshotFactor,
  basis: GalerkinBasis,
  og: OrthGalerkin,
  dims: [number, number],
  file: string,
): KoopmanEigen {
  if (method === 'fbdmd') return fbdmdEigen(f, basis, og, file);
  if (method === 'tlsdmd') return tlsdmdEigen(f, basis.r, dims, file);
  return galerkinEigen(f, basis, og);
}

/** Eigenpairs of the data Galerkin matrix with their residuals (Colbrook & Townsend, CPAM 2024). */
function galerkinEigen(f: SnapshotFactor, basis: GalerkinBasis, og: OrthGalerkin): KoopmanEigen {
  const e = eigPairs(og.a, basis.r);
  return { ...e, residual: residualsOrth(og, e.lre, e.lim, e.vre, e.vim), factor: f, basis };
}

/** Forward-backward DMD: A = (A_f A_b^{-1})^{1/2}, judged by the residuals of the forward data. */
function fbdmdEigen(f: SnapshotFactor, basis: GalerkinBasis, og: OrthGalerkin, file: string): KoopmanEigen {
  const e = forwardBackward(f, basis, og, file);
  return { ...e, residual: residualsOrth(og, e.lre, e.lim, e.vre, e.vim), factor: f, basis };
}

/** Forward-backward DMD in the orthonormal basis of the forward fit (Dawson et al. 2016, A = (A_f A_b^-1)^1/2). */
function forwardBackward(f: SnapshotFactor, b: GalerkinBasis, og: OrthGalerkin, file: string): EigenTriple {
  const { k, m, rows22 } = f;
  const { r, ur, wr, s } = b;
  // Phi_y in Q coordinates: [R12 W_r; R22 W_r] S^-1 ; Phi_x = [U_r; 0]
  const rows = k + rows22;
  const py = new Float64Array(rows * r);
  gemmNN(k, r, m, 1, f.r12, 0, k, wr, 0, m, py, 0, rows);
  if (rows22 > 0) gemmNN(rows22, r, m, 1, f.r22, 0, rows22, wr, 0, m, py, k, rows);
  for (let j = 0; j < r; j++) for (let i = 0; i < rows; i++) py[i + j * rows] /= s[j];
  const px = new Float64Array(rows * r);
  for (let j = 0; j < r; j++) for (let i = 0; i < k; i++) px[i + j * rows] = ur[i + j * k];
  if (rows < r) throw badInput(`fbdmd needs more snapshot pairs than the rank ${r}`, { file });
  const ab = lstsq(py, rows, r, px, r).x; // Phi_x ~ Phi_y A_b
  // M = A_f A_b^{-1}: solve A_b^T M^T = A_f^T
  const mt = lstsq(transpose(ab, r, r), r, r, transpose(og.a, r, r), r).x;
  const e = eigPairs(transpose(mt, r, r), r);
  squareRootBranch(e, og.a, r);
  return e;
}

/**
 * Eigenvalues of the square root A = M^{1/2}: for each eigenvector v of M, the branch of sqrt(mu) nearest the forward
 * operator's Rayleigh quotient v* A_f v (in place).
 */
function squareRootBranch(e: EigenTriple, af: Float64Array, r: number): void {
  for (let j = 0; j < r; j++) {
    const [sr, si] = complexSqrt(e.lre[j], e.lim[j]);
    let qr = 0,
      qi = 0;
    for (let i = 0; i < r; i++) {
      let ar = 0,
        ai = 0;
      for (let l = 0; l < r; l++) {
        ar += af[i + l * r] * e.vre[l + j * r];
        ai += af[i + l * r] * e.vim[l + j * r];
      }
      // conj(v_i) * (A v)_i
      qr += e.vre[i + j * r] * ar + e.vim[i + j * r] * ai;
      qi += e.vre[i + j * r] * ai - e.vim[i + j * r] * ar;
    }
    const plus = Math.hypot(sr - qr, si - qi);
    const minus = Math.hypot(-sr - qr, -si - qi);
    e.lre[j] = plus <= minus ? sr : -sr;
    e.lim[j] = plus <= minus ? si : -si;
  }
}

/**
 * TLS-DMD: DMD of the data projected onto the leading r right singular vectors of [X; Y]; the residuals judge the
 * eigenfunctions c = W_r S^-1 v of the projected basis against the real data.
 */
function tlsdmdEigen(f: SnapshotFactor, r: number, dims: [number, number], file: string): KoopmanEigen {
  const m = dims[0];
  const ft = tlsFactor(f, r, file);
  const bt = galerkinBasis(ft, String(r), false, dims, file);
  const ot = orthGalerkin(ft, bt);
  const e = eigPairs(ot.a, r);
  const cre = new Float64Array(m * r),
    cim = new Float64Array(m * r);
  gemmNN(m, r, r, 1, bt.wr, 0, m, divideRows(e.vre, bt.s, r), 0, r, cre, 0, m);
  gemmNN(m, r, r, 1, bt.wr, 0, m, divideRows(e.vim, bt.s, r), 0, r, cim, 0, m);
  return { ...e, residual: residualsFull(f, e.lre, e.lim, cre, cim, r), factor: ft, basis: bt };
}

/** S^-1 X for an r x r matrix X and singular values s (a copy). */
export function divideRows(x: Float64Array, s: Float64Array, r: number): Float64Array {
  const o = x.slice();
  for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) o[i + j * r] /= s[i];
  return o;
}

/** TLS-DMD: R-factor of the projected stacked snapshots U_r U_r^T R, as a new factor (Hemati et al. 2017). */
function tlsFactor(f: SnapshotFactor, r: number, file: string): SnapshotFactor {
  const n = f.m;
  if (f.k < n || f.rows22 < n) {
    throw badInput(
      `tlsdmd needs at least 2 x ${n} = ${2 * n} snapshot pairs (twice the state dimension), got ${f.pairs}`,
      { file },
    );
  }
  const N = 2 * n;
  const R = new Float64Array(N * N);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      R[i + j * N] = f.r11[i + j * n];
      R[i + (n + j) * N] = f.r12[i + j * n];
      R[n + i + (n + j) * N] = f.r22[i + j * n];
    }
  }
  const { ur } = svdOfTriangular(R, N);
  // P = U_r U_r^T R
  const utr = new Float64Array(r * N);
  gemmTN(r, N, N, 1, ur, 0, N, R, 0, N, 0, utr, 0, r);
  const proj = new Float64Array(N * N);
  gemmNN(N, N, r, 1, ur, 0, N, utr, 0, r, proj, 0, N);
  // stacked factor of the projected data: QR of proj (columns [Xbar^T, Ybar^T]), state = Xbar
  return factorSnapshots(N, n, n, (buf, ld) => {
    for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) buf[i + j * ld] = proj[i + j * N];
    for (let j = 0; j < n; j++) for (let i = 0; i < N; i++) buf[i + (N + j) * ld] = proj[i + j * N];
  });
}

/**
 * HAVOK's forcing along a trajectory of delay coordinates z_t (Brunton et al., Nat. Commun. 8:19, 2017): the last
 * retained right singular direction, v_r(t) = z_t . w_r / s_r.
 */
export function havokForcing(
  t0: Trajectory,
  basis: GalerkinBasis,
  m: number,
  dt: number,
): KoopmanResult['havokForcing'] {
  const r = basis.r;
  const w = basis.wr.subarray((r - 1) * m, r * m);
  const v = new Float64Array(t0.length);
  for (let k = 0; k < t0.length; k++) {
    let s = 0;
    for (let d = 0; d < m; d++) s += t0.cols[d][k] * w[d];
    v[k] = s / basis.s[r - 1];
  }
  return { t: Float64Array.from({ length: t0.length }, (_, k) => t0.t0 + k * dt), values: v };
}
