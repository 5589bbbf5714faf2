/**
 * Resource estimates of the model analyses (core/budget.ts): made after the cheap parse and before the costly
 * stages (the dense symbolic Jacobian of compileModel, the trajectory arrays, the seeds of the fixed-point search).
 * The per-entry constants were measured on this runtime (a ring of n coupled linear equations: about 220 bytes and
 * 4 us per Jacobian entry for n = 1000..2000) and are rounded up.
 */
import { HOST_BYTES_PER_RESULT_NUMBER, WORKER_BYTES_PER_RESULT_NUMBER, type ResourceEstimate } from '../core/budget';

/** Bytes held per entry of the dense n x n symbolic Jacobian (expression, JavaScript source, compiled code). */
const JACOBIAN_BYTES_PER_ENTRY = 240;
/** Work units per Jacobian entry (differentiation, source, compilation). */
const JACOBIAN_WORK_PER_ENTRY = 2000;
/** Bytes per expression node kept by the parsed model and its compiled functions. */
const BYTES_PER_NODE = 300;

/**
 * Counts the distinct nodes reachable from `roots` (shared subtrees once), stopping at `cap`. Generic over the
 * node shape (any object child or array of objects), so it needs nothing of the expression module's internals.
 */
export function countExprNodes(roots: readonly object[], cap: number): number {
  const seen = new Set<object>();
  const stack: object[] = [...roots];
  while (stack.length > 0 && seen.size < cap) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) {
        for (const x of v) if (x !== null && typeof x === 'object') stack.push(x as object);
      } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) stack.push(v as object);
    }
  }
  return seen.size;
}

export interface ModelSize {
  states: number;
  aux: number;
  /** Distinct expression nodes of the right-hand sides and auxiliaries (capped). */
  nodes: number;
}

export function modelSize(model: { stateNames: string[]; rhs: object[]; aux: { expr: object }[] }): ModelSize {
  const roots = [...model.rhs, ...model.aux.map((a) => a.expr)];
  return { states: model.stateNames.length, aux: model.aux.length, nodes: countExprNodes(roots, 1e8) };
}

/** Compiling the model: its expressions and the dense symbolic Jacobian (n^2 entries). */
export function estimateCompile(s: ModelSize): ResourceEstimate {
  const entries = s.states * s.states;
  return {
    bytes: entries * JACOBIAN_BYTES_PER_ENTRY + s.nodes * BYTES_PER_NODE,
    work: entries * JACOBIAN_WORK_PER_ENTRY + s.nodes * 100,
    what: `${s.states} equations: a ${s.states} x ${s.states} symbolic Jacobian, ${s.nodes} expression nodes`,
    lower: 'the number of equations of the model',
  };
}

/** A stored trajectory: `samples` rows of t, states and auxiliaries, held by the worker and sent to the host. */
export function estimateTrajectory(s: ModelSize, samples: number, steps: number, lower: string): ResourceEstimate {
  const numbers = samples * (1 + s.states + s.aux);
  return {
    bytes: numbers * (WORKER_BYTES_PER_RESULT_NUMBER + HOST_BYTES_PER_RESULT_NUMBER),
    // Seven stages of Dormand-Prince per step, each one evaluation of every node.
    work: steps * 7 * Math.max(1, s.nodes),
    what: `${samples.toExponential(2)} samples x ${1 + s.states + s.aux} columns, about ${steps.toExponential(2)} steps`,
    lower,
  };
}

/** The fixed-point search: every seed is held (n numbers), each runs up to maxIterations damped Newton steps. */
export function estimateFixedPoints(s: ModelSize, seeds: number, maxIterations: number): ResourceEstimate {
  const n = Math.max(1, s.states);
  const perIteration = n * n * n + n * n + s.nodes * (n + 1);
  return {
    bytes: seeds * (n * 8 + 64),
    work: seeds * maxIterations * perIteration,
    what: `${seeds} seeds x up to ${maxIterations} Newton steps on ${n} equations`,
    lower: '--seeds or --max-iterations',
  };
}

/** Benettin's method: every step integrates the model and `count` tangent vectors through the n x n Jacobian. */
export function estimateLyapunov(s: ModelSize, steps: number, count: number): ResourceEstimate {
  const n = Math.max(1, s.states);
  return {
    bytes: 8 * n * (count + 8) * 8,
    work: steps * 7 * (s.nodes + n * n * (1 + count)),
    what: `about ${steps.toExponential(2)} steps of ${n} equations with ${count} tangent vectors`,
    lower: '--duration or --transient, or raise --dt',
  };
}

/**
 * Early-warning signals: detrending (Lowess is O(n^2 x bandwidth), the Gaussian kernel less), then the rolling
 * indicators (O(n) with running sums) and a surrogate series (O(n log n) for phase randomisation) per surrogate.
 */
export function estimateEws(
  input: { kind: string; dataset?: { rows: number } },
  p: { surrogates: number; bandwidth: number },
): ResourceEstimate {
  const n = input.kind === 'table' && input.dataset ? input.dataset.rows : 0;
  const logN = Math.log2(Math.max(2, n));
  const span = p.bandwidth <= 1 ? p.bandwidth * n : Math.min(n, p.bandwidth);
  return {
    bytes: 8 * n * 16 + (p.surrogates + 1) * 3 * 8 * 4,
    work: (p.surrogates + 1) * n * (60 + 10 * logN) + 20 * n * Math.max(1, span),
    what: `${n} rows with ${p.surrogates} surrogate series`,
    lower: '--surrogates or the rows',
  };
}

/**
 * Elementary operations of one nearest-neighbour query in a k-d tree of m points in dimension d: about 2^d leaves
 * visited (Friedman, Bentley & Finkel 1977) times log m levels while 2^d is well below m, and a scan of every point
 * once the dimension is too high for the tree to prune.
 */
function kdQueryWork(m: number, d: number): number {
  return d * Math.min(m, 2 ** Math.min(d, 60) * Math.log2(Math.max(2, m)));
}

/** Rosenstein's method (Rosenstein, Collins & De Luca 1993): the neighbour search and the divergence curve. */
export function estimateNeighbourSearch(points: number, dim: number, refs: number, horizon: number): ResourceEstimate {
  return {
    bytes: 16 * dim * points + 12 * points + 8 * (horizon + 1) * 3 + 4 * refs,
    work: points * Math.log2(Math.max(2, points)) * dim + refs * kdQueryWork(points, dim) + refs * (horizon + 1) * dim,
    what: `nearest neighbours of ${refs} of ${points} embedded points in dimension ${dim}, a ${horizon}-step divergence curve`,
    lower: '--dim or the rows of the series',
  };
}

/**
 * The up-front estimate of Lyapunov from data: false nearest neighbours (up to --max-dim dimensions, 3,000 queries
 * each) when --dim is not given, else the neighbour search itself at the given dimension, with the horizon given or
 * its smallest default (20 steps: the most reference points). The search at a chosen dimension is checked again
 * once false nearest neighbours have chosen it (rosenstein.ts).
 */
export function estimateLyapunovData(
  rows: number,
  p: { dim?: number; maxDim: number; lag?: number; horizon?: number },
  maxPairSteps: number,
): ResourceEstimate {
  const lag = p.lag ?? 1;
  if (p.dim === undefined) {
    let work = 0;
    for (let d = 1; d <= p.maxDim; d++) {
      const m = Math.max(0, rows - d * lag);
      work += m * Math.log2(Math.max(2, m)) * d + Math.min(m, 3000) * kdQueryWork(m, d + 1);
    }
    return {
      bytes: 16 * (p.maxDim + 1) * rows + 12 * rows,
      work,
      what: `false nearest neighbours in dimensions 1 to ${p.maxDim} over ${rows} samples`,
      lower: '--max-dim (or give --dim)',
    };
  }
  const points = Math.max(0, rows - (p.dim - 1) * lag);
  const horizon = Math.max(5, Math.min(p.horizon ?? 20, Math.floor(points / 4)));
  const usable = Math.max(0, points - horizon);
  const refs = Math.ceil(usable / Math.max(1, Math.ceil((usable * (horizon + 1)) / maxPairSteps)));
  return estimateNeighbourSearch(points, p.dim, refs, horizon);
}
