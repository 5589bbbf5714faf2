import { compile, mse } from './program';
import type { Evaluator } from './program';
import type { Rng } from '../core/random';
import type { Node } from './tree';
import { constantNodes } from './tree';

/** The data an expression is scored on: columns (features), target, rows used. */
export interface FitData {
  columns: Float64Array[];
  y: Float64Array;
  rows: number;
  weights?: Float64Array;
}

export interface ConstantFitOptions {
  maxIterations: number;
  /** extra starts from perturbed constants (PySR's optimizer_nrestarts) */
  restarts: number;
}

/** Scratch owned by one thread: predictions, Jacobian and the perturbed-parameter buffers. */
export class FitWorkspace {
  pred: Float64Array;
  trial: Float64Array;
  jac: Float64Array;
  constructor(readonly rows: number) {
    this.pred = new Float64Array(rows);
    this.trial = new Float64Array(rows);
    this.jac = new Float64Array(rows * 4);
  }
  jacobian(size: number): Float64Array {
    if (this.jac.length < size) this.jac = new Float64Array(size);
    return this.jac;
  }
}

/** Loss of a tree with its current constants. */
export function lossOf(tree: Node, data: FitData, ev: Evaluator, ws: FitWorkspace): number {
  ev.evaluate(compile(tree, data.columns.length), data.columns, data.rows, ws.pred);
  return mse(ws.pred, data.y, data.rows, data.weights);
}

/**
 * Fits the constants of `tree` in place by Levenberg-Marquardt (Levenberg 1944, Marquardt 1963; the damping
 * lambda*diag(J^T J) of Marquardt's eq. 27) on the mean squared error, with a forward-difference Jacobian, from
 * the current constants and `restarts` perturbed copies (c * (1 + 0.5 N(0,1)), as PySR perturbs its BFGS starts).
 * Keeps the best; returns its loss. Evaluations are counted by `ev`.
 */
export function fitConstants(
  tree: Node,
  data: FitData,
  ev: Evaluator,
  ws: FitWorkspace,
  rng: Rng,
  opts: ConstantFitOptions,
): number {
  // snapped constants (marked `r`) stay fixed: the snapping step refits the others around them
  const nodes = constantNodes(tree).filter((c) => !c.r);
  const k = nodes.length;
  if (k === 0) return lossOf(tree, data, ev, ws);
  const start = nodes.map((c) => c.v);
  let bestP = start.slice();
  let bestLoss = levenbergMarquardt(tree, nodes, data, ev, ws, opts.maxIterations);
  if (bestLoss < Infinity) bestP = nodes.map((c) => c.v);
  for (let r = 0; r < opts.restarts; r++) {
    for (let j = 0; j < k; j++)
      nodes[j].v = start[j] * (1 + 0.5 * rng.normal()) + (start[j] === 0 ? 0.1 * rng.normal() : 0);
    const l = levenbergMarquardt(tree, nodes, data, ev, ws, opts.maxIterations);
    if (l < bestLoss) {
      bestLoss = l;
      bestP = nodes.map((c) => c.v);
    }
  }
  for (let j = 0; j < k; j++) nodes[j].v = bestP[j];
  return bestLoss;
}

function levenbergMarquardt(
  tree: Node,
  nodes: Array<{ v: number }>,
  data: FitData,
  ev: Evaluator,
  ws: FitWorkspace,
  maxIter: number,
): number {
  const k = nodes.length;
  const n = data.rows;
  const nf = data.columns.length;
  const y = data.y;
  const w = data.weights;
  const J = ws.jacobian(n * k);
  const pred = ws.pred;
  const trial = ws.trial;
  const p = new Float64Array(k);
  for (let j = 0; j < k; j++) p[j] = nodes[j].v;
  const evalAt = (out: Float64Array): void => ev.evaluate(compile(tree, nf), data.columns, n, out);
  evalAt(pred);
  let loss = mse(pred, y, n, w);
  if (loss === Infinity) return Infinity;
  const JtJ = new Float64Array(k * k);
  const Jtr = new Float64Array(k);
  const A = new Float64Array(k * k);
  const delta = new Float64Array(k);
  const pTrial = new Float64Array(k);
  let lambda = 1e-3;
  for (let iter = 0; iter < maxIter; iter++) {
    // forward-difference Jacobian, column j = d pred / d p_j
    for (let j = 0; j < k; j++) {
      const h = 1.4901161193847656e-8 * Math.max(1, Math.abs(p[j]));
      nodes[j].v = p[j] + h;
      evalAt(trial);
      nodes[j].v = p[j];
      const col = j * n;
      for (let i = 0; i < n; i++) J[col + i] = (trial[i] - pred[i]) / h;
    }
    JtJ.fill(0);
    Jtr.fill(0);
    for (let a = 0; a < k; a++) {
      const ca = a * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += (w ? w[i] : 1) * J[ca + i] * (pred[i] - y[i]);
      Jtr[a] = s;
      for (let b = 0; b <= a; b++) {
        const cb = b * n;
        let t = 0;
        for (let i = 0; i < n; i++) t += (w ? w[i] : 1) * J[ca + i] * J[cb + i];
        JtJ[a * k + b] = t;
        JtJ[b * k + a] = t;
      }
    }
    if (!Jtr.every(Number.isFinite) || !JtJ.every(Number.isFinite)) break;
    let improved = false;
    for (let attempt = 0; attempt < 12; attempt++) {
      A.set(JtJ);
      for (let a = 0; a < k; a++) A[a * k + a] += lambda * Math.max(JtJ[a * k + a], 1e-12);
      if (!solveSymmetric(A, Jtr, delta, k)) {
        lambda *= 10;
        continue;
      }
      for (let j = 0; j < k; j++) {
        pTrial[j] = p[j] - delta[j];
        nodes[j].v = pTrial[j];
      }
      evalAt(trial);
      const l = mse(trial, y, n, w);
      if (l < loss) {
        const rel = (loss - l) / Math.max(loss, 1e-300);
        loss = l;
        p.set(pTrial);
        pred.set(trial.subarray(0, n));
        lambda = Math.max(lambda / 3, 1e-12);
        improved = rel > 1e-10;
        break;
      }
      lambda *= 4;
    }
    for (let j = 0; j < k; j++) nodes[j].v = p[j];
    if (!improved || loss < 1e-30) break;
  }
  for (let j = 0; j < k; j++) nodes[j].v = p[j];
  return loss;
}

/** Solves A x = b for symmetric positive definite A (k x k, row-major) by Cholesky. False if not SPD. */
export function solveSymmetric(A: Float64Array, b: Float64Array, x: Float64Array, k: number): boolean {
  // in-place Cholesky: lower triangle of A becomes L
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j];
    for (let m = 0; m < j; m++) d -= A[j * k + m] * A[j * k + m];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    A[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j];
      for (let m = 0; m < j; m++) s -= A[i * k + m] * A[j * k + m];
      A[i * k + j] = s / ljj;
    }
  }
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= A[i * k + m] * x[m];
    x[i] = s / A[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i];
    for (let m = i + 1; m < k; m++) s -= A[m * k + i] * x[m];
    x[i] = s / A[i * k + i];
  }
  return true;
}
