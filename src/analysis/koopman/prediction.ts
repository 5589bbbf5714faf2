/**
 * State prediction from the Koopman decomposition, x_k = Re sum_j xi_j lambda_j^k phi_j(x_0): reconstruction of the
 * first trajectory, forecast past its end, the one-step error on sampled pairs, and the per-step errors.
 */
import type { KoopmanResult } from '../../protocol/results/koopman';
import { gemmNN } from '../linalg/gemm';
import type { Dictionary, PointSet } from './dictionary';
import { eigenfunctionsAt, type KoopmanModes } from './modes';
import type { Trajectory } from './snapshots';

/** Pairs used to estimate the one-step error (evenly spaced): the estimate costs O(S m r). */
const ONE_STEP_SAMPLE = 500;
/** Reconstruction curves kept in the result (columns, time points). */
const MAX_SERIES_COLUMNS = 8;
const MAX_SERIES_POINTS = 5000;
/** Steps of a trajectory advanced per matrix product. */
const BLOCK = 256;
// Decaying modes reach subnormal numbers over long horizons (|lambda|^20000), and arithmetic on subnormals is ~50x
// slower on x86: flush them to zero (their contribution is below 1e-290 of the state, far under round-off).
const TINY = 1e-290;

/**
 * Advances the modal coefficients c_j = lambda_j^k phi_j(x_0) by one complex multiplication per step and contracts
 * them with the modes. The data are real, so the terms of a conjugate pair are conjugates:
 * Re(xi_j c_j + xi_j' conj(c_j)) = Re((xi_j + conj(xi_j')) c_j). Only the first of each pair is carried ("active"):
 * half the work of the contraction.
 */
export class ModalPropagator {
  /** Active eigenvalue indices and their count. */
  readonly act: number[] = [];
  readonly nA: number;
  private readonly ns: number;
  private readonly xiAre: Float64Array;
  private readonly xiAim: Float64Array;
  private readonly actRe: Float64Array;
  private readonly actIm: Float64Array;
  private readonly phr: Float64Array;
  private readonly phi: Float64Array;
  private readonly blockOut: Float64Array;

  constructor(lre: Float64Array, lim: Float64Array, km: KoopmanModes) {
    const { r, ns, xi } = km;
    const paired: boolean[] = [];
    for (let j = 0; j < r; j++) {
      const pair = lim[j] > 0 && j + 1 < r && lre[j + 1] === lre[j] && lim[j + 1] === -lim[j];
      this.act.push(j);
      paired.push(pair);
      if (pair) j++;
    }
    const nA = (this.nA = this.act.length);
    this.ns = ns;
    this.xiAre = new Float64Array(nA * ns);
    this.xiAim = new Float64Array(nA * ns);
    this.act.forEach((j, q) => {
      for (let c = 0; c < ns; c++) {
        let re = xi.re[j + c * r],
          im = xi.im[j + c * r];
        if (paired[q]) {
          re += xi.re[j + 1 + c * r];
          im -= xi.im[j + 1 + c * r];
        }
        this.xiAre[q + c * nA] = re;
        this.xiAim[q + c * nA] = im;
      }
    });
    this.actRe = Float64Array.from(this.act, (j) => lre[j]);
    this.actIm = Float64Array.from(this.act, (j) => lim[j]);
    this.phr = new Float64Array(BLOCK * nA);
    this.phi = new Float64Array(BLOCK * nA);
    this.blockOut = new Float64Array(BLOCK * ns);
  }

  /** One step of the carried coefficients (length nA): c_q <- lambda_q c_q. */
  advance(cr: Float64Array, ci: Float64Array): void {
    const { nA, actRe, actIm } = this;
    for (let q = 0; q < nA; q++) {
      const a = cr[q],
        b = ci[q];
      let x = actRe[q] * a - actIm[q] * b;
      let y = actRe[q] * b + actIm[q] * a;
      if (x < TINY && x > -TINY) x = 0;
      if (y < TINY && y > -TINY) y = 0;
      cr[q] = x;
      ci[q] = y;
    }
  }

  /** out (rows x ns, ld = ldo) += Re(C Xi_A) for coefficient rows C = cr + i ci (rows x nA, ld = ldc). */
  contract(rows: number, cr: Float64Array, ci: Float64Array, ldc: number, out: Float64Array, ldo: number): void {
    gemmNN(rows, this.ns, this.nA, 1, cr, 0, ldc, this.xiAre, 0, this.nA, out, 0, ldo);
    gemmNN(rows, this.ns, this.nA, -1, ci, 0, ldc, this.xiAim, 0, this.nA, out, 0, ldo);
  }

  /** The carried coefficients at one point set's rows: phi_j at each row for the active j (rows x nA each). */
  activeCoefficients(phiRe: Float64Array, phiIm: Float64Array, rows: number): { re: Float64Array; im: Float64Array } {
    const re = new Float64Array(rows * this.nA),
      im = new Float64Array(rows * this.nA);
    this.act.forEach((j, q) => {
      re.set(phiRe.subarray(j * rows, (j + 1) * rows), q * rows);
      im.set(phiIm.subarray(j * rows, (j + 1) * rows), q * rows);
    });
    return { re, im };
  }

  /**
   * Writes `count` steps starting from coefficients (cr, ci), advancing them, into out[c][at + q]: a block of steps
   * at a time, the rows of the block being the coefficients at successive steps.
   */
  evolve(cr: Float64Array, ci: Float64Array, count: number, out: Float64Array[], at: number): void {
    const { nA, ns, phr, phi, blockOut } = this;
    for (let q0 = 0; q0 < count; q0 += BLOCK) {
      const cnt = Math.min(BLOCK, count - q0);
      for (let q = 0; q < cnt; q++) {
        for (let a = 0; a < nA; a++) {
          phr[q + a * BLOCK] = cr[a];
          phi[q + a * BLOCK] = ci[a];
        }
        this.advance(cr, ci);
      }
      blockOut.fill(0);
      this.contract(cnt, phr, phi, BLOCK, blockOut, BLOCK);
      for (let c = 0; c < ns; c++) out[c].set(blockOut.subarray(c * BLOCK, c * BLOCK + cnt), at + q0);
    }
  }

  /** One step ahead of every row of coefficients (rows x nA, ld = rows), in place. */
  stepRows(c: { re: Float64Array; im: Float64Array }, rows: number): void {
    const { nA, actRe, actIm } = this;
    for (let q = 0; q < nA; q++) {
      for (let i = 0; i < rows; i++) {
        const a = c.re[i + q * rows],
          b = c.im[i + q * rows];
        c.re[i + q * rows] = actRe[q] * a - actIm[q] * b;
        c.im[i + q * rows] = actRe[q] * b + actIm[q] * a;
      }
    }
  }
}

/** Data and model curves of a reconstruction. */
export interface Curves {
  t: number[];
  data: Float64Array[];
  model: Float64Array[];
}

/** Multi-step reconstruction of trajectory `t0` from phi(x_0), and `steps` forecast steps past its end. */
export function reconstructTrajectory(
  prop: ModalPropagator,
  phi0: { re: Float64Array; im: Float64Array },
  t0: Trajectory,
  ns: number,
  dt: number,
  steps: number,
): { curves: Curves; forecast: KoopmanResult['forecast'] } {
  const K = t0.length;
  const { re: cr, im: ci } = prop.activeCoefficients(phi0.re, phi0.im, 1);
  const curves: Curves = { t: [], data: [], model: [] };
  for (let c = 0; c < ns; c++) {
    curves.data.push(t0.cols[c]); // data only read: no copy
    curves.model.push(new Float64Array(K));
  }
  for (let k = 0; k < K; k++) curves.t.push(t0.t0 + k * dt);
  prop.evolve(cr, ci, K, curves.model, 0);
  if (steps <= 0) return { curves, forecast: undefined };
  const ft: number[] = [];
  const fv = Array.from({ length: ns }, () => new Float64Array(steps));
  for (let q = 0; q < steps; q++) ft.push(t0.t0 + (K + q) * dt);
  prop.evolve(cr, ci, steps, fv, 0);
  return { curves, forecast: { t: Float64Array.from(ft), values: fv } };
}

/**
 * One-step prediction on up to ONE_STEP_SAMPLE evenly spaced pairs (every sample advanced once, one product): the
 * relative error ||y - yhat|| / ||y||, and those pairs as curves (indexed by pair).
 */
export function oneStepPrediction(
  prop: ModalPropagator,
  dict: Dictionary,
  km: KoopmanModes,
  x: PointSet,
  y: PointSet,
): { error: number; curves: Curves } {
  const M = x.rows;
  const ns = km.ns;
  const S = Math.min(M, ONE_STEP_SAMPLE);
  const idx = Array.from({ length: S }, (_, i) => Math.floor((i * M) / S));
  const xsS: PointSet = { cols: x.cols.map((c) => Float64Array.from(idx, (i) => c[i])), rows: S };
  const phiS = eigenfunctionsAt(dict, km, xsS, S);
  const cS = prop.activeCoefficients(phiS.re, phiS.im, S);
  prop.stepRows(cS, S);
  const oneStep = new Float64Array(S * ns);
  prop.contract(S, cS.re, cS.im, S, oneStep, S);
  const model = Array.from({ length: ns }, (_, c) => oneStep.slice(c * S, (c + 1) * S));
  let num = 0,
    den = 0;
  for (let i = 0; i < S; i++) {
    for (let c = 0; c < ns; c++) {
      const v = y.cols[c][idx[i]];
      num += (v - model[c][i]) ** 2;
      den += v * v;
    }
  }
  const data = Array.from({ length: ns }, (_, c) => Float64Array.from(idx, (i) => y.cols[c][i]));
  return { error: den > 0 ? Math.sqrt(num / den) : NaN, curves: { t: idx.slice(), data, model } };
}

/**
 * Per-step relative errors of a reconstruction, ||x_k - xhat_k|| / RMS(x), and the sums of squares of the data and
 * of the errors. A function of its own so that V8 optimizes this loop over every sample of every state column.
 */
export function reconstructionErrors(
  data: Float64Array[],
  model: Float64Array[],
  K: number,
): { perStep: Float64Array; sx: number; se: number } {
  const perStep = new Float64Array(K);
  let sx = 0,
    se = 0;
  // column by column (contiguous): perStep first holds the squared error of each step
  for (let c = 0; c < data.length; c++) {
    const d = data[c],
      mo = model[c];
    for (let k = 0; k < K; k++) {
      const x = d[k],
        e = x - mo[k];
      sx += x * x;
      perStep[k] += e * e;
    }
  }
  const rms = Math.sqrt(sx / Math.max(1, K)) || 1;
  for (let k = 0; k < K; k++) {
    se += perStep[k];
    perStep[k] = Math.sqrt(perStep[k]) / rms;
  }
  return { perStep, sx, se };
}

/**
 * The stored reconstruction: at most MAX_SERIES_COLUMNS columns and MAX_SERIES_POINTS time points of the curves (the
 * errors use every point), so that the panel and the JSON stay small for long or wide data.
 */
export function storedReconstruction(
  c: Curves,
  perStep: Float64Array,
  ns: number,
  notes: string[],
): { reconstruction: KoopmanResult['reconstruction']; columns: number } {
  const K = c.t.length;
  const stride = Math.max(1, Math.ceil(K / MAX_SERIES_POINTS));
  const pick = (a: ArrayLike<number>): Float64Array =>
    Float64Array.from({ length: Math.ceil(K / stride) }, (_, q) => a[q * stride]);
  const keep = Math.min(ns, MAX_SERIES_COLUMNS);
  if (stride > 1 || keep < ns)
    notes.push(
      `reconstruction curves stored for ${keep} of ${ns} state columns, every ${stride} step(s); the errors use all of them`,
    );
  return {
    reconstruction: {
      t: pick(c.t),
      data: c.data.slice(0, keep).map(pick),
      model: c.model.slice(0, keep).map(pick),
      error: pick(perStep),
    },
    columns: keep,
  };
}
