import type { AnalysisContext } from '../core/context';
import type { SymbolicPartial } from '../../protocol/results/symbolic';
import { FitWorkspace, fitConstants } from './constants';
import type { FitData } from './constants';
import { toSympy } from './format';
import type { IslandChunk, IslandConfig, IslandResult, IslandState, Member } from './island';
import type { OperatorSet } from './operators';
import { paretoIndices, selectBest } from './pareto';
import { Evaluator, compile, mse } from './program';
import { Rng } from '../core/random';
import { simplify } from './simplify';
import { snapConstants } from './snap';
import type { Node } from './tree';
import { clone, complexity, key, randomTree } from './tree';

/**
 * The search driver (PySR's outer loop, Cranmer 2023 Algorithm 1): islands advance one epoch at a time through
 * ctx.parallelMap('island', ...) (so the runtime can spread them over workers), then the driver merges their halls of
 * fame, migrates members between islands and checks the budgets. After the loop, every hall-of-fame member is
 * refitted on the training split, simplified and snapped, and scored on the held-out split.
 */
export interface SearchSettings {
  ops: OperatorSet;
  maxComplexity: number;
  maxDepth: number;
  timeBudgetSeconds: number;
  /** fixed number of epochs (deterministic runs); the time budget still caps it when set */
  iterations?: number;
  /**
   * at most this many expression evaluations (deterministic runs): each epoch gives every island an equal share of
   * what is left, and the search ends after the first epoch in which an island spent its share
   */
  maxEvaluations?: number;
  seed: number;
  populations: number;
  populationSize: number;
  /** search on at most this many training rows (a fixed seeded subset); the final scores use every row */
  maxSearchRows: number;
  /** expressions to put in the initial populations (e.g. the SINDy fit) */
  seeds: Node[];
  earlyStop: boolean;
}

export interface SearchProblem {
  X: Float64Array[];
  y: Float64Array;
  names: string[];
  /** label of the target in messages and partial results */
  target: string;
}

export interface Candidate {
  tree: Node;
  complexity: number;
  /** MSE on the training split */
  loss: number;
  /** MSE on the held-out split */
  testLoss: number;
  /** R^2 on the held-out split */
  r2: number;
}

export type StopReason = 'time budget' | 'iterations' | 'max evals' | 'exact fit' | 'noise floor' | 'cancelled';

export interface SearchStats {
  epochs: number;
  /** evolution cycles summed over islands (PySR's "generations") */
  generations: number;
  evaluations: number;
  nodeEvaluations: number;
  seconds: number;
  evaluationsPerSecond: number;
  stoppedBy: StopReason;
  /** every epoch ran to its end (a cut epoch is dropped unless it was the first): repeatable with --iterations */
  wholeEpochs: boolean;
  /** delta-test estimate of the noise variance of the target (Pi & Peterson 1994) */
  noiseVariance: number;
  trainRows: number;
  testRows: number;
  searchRows: number;
}

export interface SearchOutcome {
  /** Pareto front, by increasing complexity */
  front: Candidate[];
  best: number;
  stats: SearchStats;
  /** row indices (into the problem) of the held-out split */
  testRows: Int32Array;
}

/** The live front sent through ctx.partial (the view's renderPartial reads it). */
export type PartialFront = SymbolicPartial;

export const ISLAND_CONFIG_DEFAULTS = {
  cycles: 40,
  tournamentSize: 12,
  tournamentP: 0.9,
  parsimony: 0.0032,
  adaptiveScaling: 20,
  alpha: 0.1,
  crossoverProbability: 0.066,
  fitIterations: 10,
  fitProbability: 0.25,
  childFitIterations: 4,
  childFitProbability: 0.5,
};

const FRACTION_REPLACED = 0.02;
const FRACTION_REPLACED_HOF = 0.035;

/** Seeded 75/25 split (SRBench protocol). */
export function splitRows(n: number, seed: number): { train: Int32Array; test: Int32Array } {
  const rng = Rng.fromSeed(seed, 9999);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const nTest = Math.max(1, Math.round(0.25 * n));
  return { train: perm.slice(nTest).sort(), test: perm.slice(0, nTest).sort() };
}

function take(cols: Float64Array[], y: Float64Array, rows: Int32Array): FitData {
  return {
    columns: cols.map((c) => Float64Array.from(rows, (r) => c[r])),
    y: Float64Array.from(rows, (r) => y[r]),
    rows: rows.length,
  };
}

function variance(y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - m) ** 2;
  return s / y.length;
}

/**
 * Noise variance by the delta test: half the mean squared difference of targets of nearest neighbours in the
 * standardized feature space (Pi & Peterson 1994). It overestimates when the data are sparse (the function varies
 * between neighbours), so it is used only together with a stalled search to stop early.
 */
export function deltaTestNoise(d: FitData): number {
  const n = d.rows;
  const p = d.columns.length;
  if (n < 3 || p === 0) return 0;
  const scaled = d.columns.map((c) => {
    const v = Math.sqrt(variance(c)) || 1;
    return Float64Array.from(c, (x) => x / v);
  });
  let s = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bj = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dist = 0;
      for (let k = 0; k < p; k++) {
        const t = scaled[k][i] - scaled[k][j];
        dist += t * t;
      }
      if (dist < best) {
        best = dist;
        bj = j;
      }
    }
    s += (d.y[i] - d.y[bj]) ** 2;
  }
  return s / (2 * n);
}

export async function runSearch(
  problem: SearchProblem,
  settings: SearchSettings,
  ctx: AnalysisContext,
  progressSpan: [number, number] = [0, 1],
): Promise<SearchOutcome> {
  const started = performance.now();
  const { train, test } = splitRows(problem.y.length, settings.seed);
  const mainRng = Rng.fromSeed(settings.seed, 7777);
  const { searchData, baseline, noise } = searchSample(problem, settings, train);
  const lossFloor = baseline * 1e-20;

  const config: IslandConfig = {
    ops: settings.ops,
    maxComplexity: settings.maxComplexity,
    maxDepth: settings.maxDepth,
    baseline,
    ...ISLAND_CONFIG_DEFAULTS,
  };
  const islands = initialIslands(settings, problem.X.length);

  const hof = new Map<number, Member>();
  let evaluations = 0;
  let nodeEvaluations = 0;
  let epochs = 0;
  let stoppedBy: StopReason = 'time budget';
  let lastImprovement = { loss: Infinity, epoch: 0, ms: 0 };
  let exactEpochs = 0;
  let wholeEpochs = true;
  const budgetMs = settings.timeBudgetSeconds * 1000;
  // the last 10% of the budget (at most 5 s) is kept for the final refit of the front
  const searchMs = budgetMs - Math.min(0.1 * budgetMs, 5000);
  let generations = 0;
  const [p0, p1] = progressSpan;

  for (;;) {
    if (ctx.signal.cancelled) {
      stoppedBy = 'cancelled';
      break;
    }
    const deadlineMs = Date.now() + Math.max(0, searchMs - (performance.now() - started));
    // An epoch the deadline cuts short depends on the machine's speed: it is dropped (islands restored), so the
    // result is that of whole epochs only and `--seed S --iterations E` repeats it exactly anywhere.
    const before = epochs > 0 ? structuredClone(islands) : undefined;
    const shares = evaluationShares(settings.maxEvaluations, evaluations, islands.length);
    const chunks: IslandChunk[] = islands.map((island, k) => ({
      island,
      data: searchData,
      config,
      deadlineMs,
      maxEvaluations: shares?.[k],
    }));
    let results: IslandResult[];
    try {
      results = await ctx.parallelMap<IslandChunk, IslandResult>('island', chunks);
    } catch (e) {
      if (ctx.signal.cancelled) {
        stoppedBy = 'cancelled';
        break;
      }
      throw e;
    }
    if (before && results.some((r) => !r.complete)) {
      islands.splice(0, islands.length, ...before);
      stoppedBy = 'time budget';
      break;
    }
    if (results.some((r) => !r.complete)) wholeEpochs = false;
    epochs++;
    for (let k = 0; k < results.length; k++) {
      islands[k] = results[k].island;
      evaluations += results[k].evaluations;
      nodeEvaluations += results[k].nodeEvaluations;
      generations += results[k].cycles;
      for (const m of results[k].hallOfFame) {
        const h = hof.get(m.complexity);
        if (!h || m.loss < h.loss) hof.set(m.complexity, m);
      }
    }
    migrate(islands, hof, mainRng);
    let bestLoss = Infinity;
    for (const m of hof.values()) bestLoss = Math.min(bestLoss, m.loss);
    const elapsed = performance.now() - started;
    let frac = settings.iterations ? Math.max(epochs / settings.iterations, elapsed / budgetMs) : elapsed / budgetMs;
    if (settings.maxEvaluations) frac = Math.max(frac, evaluations / settings.maxEvaluations);
    ctx.progress(
      p0 + (p1 - p0) * Math.min(1, frac),
      `${problem.target}: epoch ${epochs}, best loss ${bestLoss.toPrecision(3)}`,
    );
    ctx.partial?.(partialFront(problem, hof, epochs, evaluations, elapsed, generations));
    if (settings.iterations !== undefined && epochs >= settings.iterations) {
      stoppedBy = 'iterations';
      break;
    }
    if (results.some((r) => r.exhausted)) {
      stoppedBy = 'max evals';
      break;
    }
    if (elapsed >= searchMs) {
      stoppedBy = 'time budget';
      break;
    }
    if (bestLoss < lastImprovement.loss * 0.99) lastImprovement = { loss: bestLoss, epoch: epochs, ms: elapsed };
    if (settings.earlyStop && bestLoss <= baseline * 1e-24) exactEpochs++;
    const early = earlyStop(settings, exactEpochs, bestLoss <= noise, elapsed - lastImprovement.ms, searchMs);
    if (early) {
      stoppedBy = early;
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;

  // refit only the members on (or next to) the search's front: the others cannot become the best, and refitting
  // 25 candidates with restarts costs seconds
  const hofList = [...hof.values()];
  const onFront = new Set(paretoIndices(hofList));
  const minLoss = Math.min(...hofList.map((m) => m.loss));
  const finalists = hofList.filter((m, i) => onFront.has(i) || m.loss <= 2 * minLoss);
  const outcome = finalize(problem, finalists, train, test, settings, lossFloor);
  return {
    ...outcome,
    stats: {
      epochs,
      generations,
      evaluations,
      nodeEvaluations,
      seconds,
      evaluationsPerSecond: evaluations / Math.max(seconds, 1e-9),
      stoppedBy,
      wholeEpochs,
      noiseVariance: noise,
      trainRows: train.length,
      testRows: test.length,
      searchRows: searchData.rows,
    },
    testRows: test,
  };
}

/** The rows the search evaluates (a seeded sample of the training rows past maxSearchRows), their variance and noise. */
function searchSample(
  problem: SearchProblem,
  settings: SearchSettings,
  train: Int32Array,
): { searchData: FitData; baseline: number; noise: number } {
  let searchRowsIdx = train;
  if (train.length > settings.maxSearchRows) {
    const pick = splitRows(train.length, settings.seed + 1).train; // a seeded shuffle of train positions
    const idx = new Int32Array(settings.maxSearchRows);
    for (let i = 0; i < idx.length; i++) idx[i] = train[pick[i % pick.length]];
    searchRowsIdx = idx.sort();
  }
  const searchData = take(problem.X, problem.y, searchRowsIdx);
  const baseline = Math.max(variance(searchData.y), 1e-300);
  const noise = deltaTestNoise(
    searchData.rows > 2000
      ? take(
          searchData.columns,
          searchData.y,
          Int32Array.from({ length: 2000 }, (_, i) => i),
        )
      : searchData,
  );
  return { searchData, baseline, noise };
}

/**
 * Each island's evaluation allowance for the next epoch: an equal share of what is left of --max-evals (the
 * remainder to the first islands), so the total never passes it and the split does not depend on the workers.
 */
function evaluationShares(max: number | undefined, spent: number, islands: number): number[] | undefined {
  if (max === undefined) return undefined;
  const left = Math.max(0, max - spent);
  const base = Math.floor(left / islands);
  return Array.from({ length: islands }, (_, k) => base + (k < left % islands ? 1 : 0));
}

/** Random initial populations (one seeded stream per island), with the seed expressions placed round-robin. */
function initialIslands(settings: SearchSettings, nf: number): IslandState[] {
  const islands: IslandState[] = [];
  for (let k = 0; k < settings.populations; k++) {
    const rng = Rng.fromSeed(settings.seed, k);
    const members: Member[] = [];
    for (let i = 0; i < settings.populationSize; i++) {
      const t = randomTree(rng, settings.ops, nf, 1 + rng.int(Math.max(1, Math.min(settings.maxComplexity, 10))));
      members.push({ tree: t, loss: -1, complexity: complexity(t, settings.ops), birth: i, fitted: false });
    }
    islands.push({
      id: k,
      members,
      rng: rng.state(),
      births: settings.populationSize,
      frequency: new Array(settings.maxComplexity + 2).fill(0),
    });
  }
  settings.seeds.forEach((s, i) => {
    const isl = islands[i % islands.length];
    const slot = Math.floor(i / islands.length) % isl.members.length;
    isl.members[slot] = {
      tree: clone(s),
      loss: -1,
      complexity: complexity(s, settings.ops),
      birth: slot,
      fitted: false,
    };
  });
  return islands;
}

/**
 * Whether the search ends before its budget. An exact fit ends it 8 epochs (320 cycles per island) later: time for
 * the front to find simpler equivalent forms of the law. The noise floor (the loss within the delta-test noise
 * estimate, an upper bound of the noise, and no 1% improvement for 30% of the budget: conservative, since the
 * estimate is biased up on sparse data) ends it too, except with a fixed number of epochs or evaluations: that rule
 * measures stalls in wall time, so a run replayed with --iterations E or --max-evals N must not stop before them.
 */
function earlyStop(
  settings: SearchSettings,
  exactEpochs: number,
  atNoiseFloor: boolean,
  msSinceImprovement: number,
  searchMs: number,
): StopReason | undefined {
  if (!settings.earlyStop) return undefined;
  if (exactEpochs > 8) return 'exact fit';
  const fixedLength = settings.iterations !== undefined || settings.maxEvaluations !== undefined;
  if (!fixedLength && atNoiseFloor && msSinceImprovement >= 0.3 * searchMs) return 'noise floor';
  return undefined;
}

/** PySR's migration: each member is replaced with small probability by a member of another island or the hall of fame. */
function migrate(islands: IslandState[], hof: Map<number, Member>, rng: Rng): void {
  const hofList = [...hof.values()].sort((a, b) => a.complexity - b.complexity);
  const pool: Member[] = [];
  for (const isl of islands) {
    const sorted = [...isl.members].filter((m) => m.loss >= 0 && m.loss < Infinity).sort((a, b) => a.loss - b.loss);
    pool.push(...sorted.slice(0, Math.max(1, Math.ceil(sorted.length * 0.1))));
  }
  for (const isl of islands) {
    for (let i = 0; i < isl.members.length; i++) {
      const r = rng.next();
      let src: Member | undefined;
      if (r < FRACTION_REPLACED && pool.length > 0) src = pool[rng.int(pool.length)];
      else if (r < FRACTION_REPLACED + FRACTION_REPLACED_HOF && hofList.length > 0)
        src = hofList[rng.int(hofList.length)];
      if (src)
        isl.members[i] = {
          tree: clone(src.tree),
          loss: src.loss,
          complexity: src.complexity,
          birth: isl.births++,
          fitted: src.fitted,
        };
    }
  }
}

function partialFront(
  problem: SearchProblem,
  hof: Map<number, Member>,
  epoch: number,
  evaluations: number,
  elapsedMs: number,
  generations: number,
): PartialFront {
  const items = [...hof.values()];
  const idx = paretoIndices(items);
  return {
    target: problem.target,
    epoch,
    evaluationsPerSecond: evaluations / Math.max(elapsedMs / 1000, 1e-9),
    generations,
    pareto: idx.map((i) => ({
      expression: toSympy(items[i].tree, problem.names),
      complexity: items[i].complexity,
      loss: items[i].loss,
    })),
  };
}

/**
 * Refits, simplifies and snaps the finalists on the training split (at most 2000 rows for the fits;
 * losses use all rows), scores it on the held-out split, and returns the Pareto front and PySR's best.
 */
function finalize(
  problem: SearchProblem,
  hofMembers: Member[],
  train: Int32Array,
  test: Int32Array,
  settings: SearchSettings,
  lossFloor: number,
): { front: Candidate[]; best: number } {
  const fitRows = train.length > 2000 ? train.filter((_, i) => i % Math.ceil(train.length / 2000) === 0) : train;
  const fitData = take(problem.X, problem.y, fitRows);
  const trainData = take(problem.X, problem.y, train);
  const testData = take(problem.X, problem.y, test);
  const ev = new Evaluator();
  const ws = new FitWorkspace(fitData.rows);
  const rng = Rng.fromSeed(settings.seed, 4242);
  const predTrain = new Float64Array(trainData.rows);
  const predTest = new Float64Array(testData.rows);
  const testMean = testData.y.reduce((s, v) => s + v, 0) / testData.rows;
  let sst = 0;
  for (let i = 0; i < testData.rows; i++) sst += (testData.y[i] - testMean) ** 2;
  const byKey = new Map<string, Candidate>();
  for (const m of hofMembers.sort((a, b) => a.complexity - b.complexity)) {
    let tree = simplify(clone(m.tree), settings.ops);
    fitConstants(tree, fitData, ev, ws, rng, { maxIterations: 60, restarts: 1 });
    // snapping may raise the loss by the AIC's price of one parameter (Akaike 1974: n log(MSE'/MSE) < 2), so that
    // noise does not keep d**(-0.9992) from becoming 1/d; on exact data any wrong snap raises the loss by orders
    snapConstants(tree, fitData, ev, ws, rng, { absFloor: lossFloor, tolerance: Math.expm1(2 / fitData.rows) });
    tree = simplify(tree, settings.ops);
    const k = key(tree);
    if (byKey.has(k)) continue;
    const prog = compile(tree, problem.X.length);
    ev.evaluate(prog, trainData.columns, trainData.rows, predTrain);
    const loss = mse(predTrain, trainData.y, trainData.rows);
    ev.evaluate(prog, testData.columns, testData.rows, predTest);
    const testLoss = mse(predTest, testData.y, testData.rows);
    const r2 = sst > 0 ? 1 - (testLoss * testData.rows) / sst : testLoss === 0 ? 1 : -Infinity;
    byKey.set(k, { tree, complexity: complexity(tree, settings.ops), loss, testLoss, r2 });
  }
  const all = [...byKey.values()];
  const front = paretoIndices(all).map((i) => all[i]);
  return { front, best: selectBest(front, lossFloor) };
}

/** Predictions of a tree on given rows of the problem (for plots). */
export function predictRows(tree: Node, X: Float64Array[], rows: Int32Array): Float64Array {
  const cols = X.map((c) => Float64Array.from(rows, (r) => c[r]));
  const out = new Float64Array(rows.length);
  new Evaluator().evaluate(compile(tree, X.length), cols, rows.length, out);
  return out;
}
