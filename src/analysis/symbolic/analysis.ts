import type { AnalysisContext } from '../core/context';
import { defineAnalysis } from '../core/definition';
import type { RegisteredAnalysis } from '../core/definition';
import { badInput, usageError } from '../core/errors';
import type { AnalysisInput, Dataset } from '../core/input';
import { columnIndex } from '../core/input';
import type { ResolvedParams } from '../core/params';
import type { SymbolicCandidate, SymbolicResult, SymbolicTarget } from '../../protocol/results/symbolic';
import { sanitizeName, toLatex, toNumpyFunction, toOde, toSympy, toSympyScript, toTypeScriptFunction } from './format';
import { runIslandEpoch } from './island';
import type { IslandChunk } from './island';
import { admissible } from './mutate';
import { loadNetwork, sampleNetwork } from './onnx';
import { DEFAULT_OPERATORS, parseOperators } from './operators';
import type { OperatorSet } from './operators';
import { TIME_COLUMN_NAMES, resolveTimeAxis } from '../data/time-axis';
import { Rng } from '../core/random';
import { savgolDerivative } from './savgol';
import { predictRows, runSearch } from './search';
import type { SearchOutcome, SearchSettings } from './search';
import { buildLibrary, evaluateLibrary, sindyFit, sindyTree } from './sindy';
import { powerLawSeeds } from './seeds';
import type { QualityWarning } from '../../protocol';
import { simplify } from './simplify';
import { estimateSymbolic } from './estimate';
import type { Node } from './tree';

const params = {
  target: { type: 'string', optional: true, description: 'Target column (tables). Default: the last column.' },
  features: {
    type: 'string-list',
    optional: true,
    description:
      'Feature columns (tables), state columns (dynamics) or network input columns. Default: all other columns.',
  },
  derivatives: {
    type: 'boolean',
    default: false,
    description: 'Fit dx/dt of every state column of a trajectory (Savitzky-Golay derivatives, SINDy seed).',
  },
  inputs: {
    type: 'files',
    optional: true,
    description: 'Networks: a table of input samples (one column per network input).',
  },
  box: { type: 'string', optional: true, description: 'Networks: sample uniformly in a box, e.g. x0:-2:2,x1:-3:3.' },
  around: {
    type: 'number',
    max: 1e9,
    optional: true,
    integer: true,
    min: 0,
    description: 'Networks: local surrogate near this row (0-based) of --inputs (SLIME-style Gaussian neighbourhood).',
  },
  samples: {
    type: 'number',
    default: 2000,
    integer: true,
    min: 20,
    max: 1_000_000,
    description: 'Networks: samples drawn from the box or the neighbourhood.',
  },
  operators: {
    type: 'string-list',
    default: DEFAULT_OPERATORS,
    description:
      'Operators, with optional complexity: +,-,*,/,sin:2,... (also tan, tanh, abs, square, cube, neg, inv).',
  },
  timeBudget: {
    type: 'number',
    max: 86_400,
    default: 60,
    min: 0,
    unit: 's',
    description: 'Search time budget in seconds (split over the targets).',
  },
  maxComplexity: {
    type: 'number',
    default: 25,
    integer: true,
    min: 3,
    max: 80,
    description: 'Largest expression complexity (nodes, weighted by operator complexity).',
  },
  iterations: {
    type: 'number-list',
    max: 1e9,
    optional: true,
    integer: true,
    min: 1,
    description:
      'Fixed number of search epochs, one for all targets or one per target (reproducible runs; the time budget still caps it). A run on its time budget records the value that repeats it.',
  },
  maxEvals: {
    type: 'number',
    max: 1e15,
    optional: true,
    integer: true,
    min: 1,
    description:
      'At most this many expression evaluations (an expression scored on the search rows, constant-fitting steps included), split over the targets: with --seed the result repeats on any machine (the time budget still caps it). Reported as evaluations.',
  },
  seed: {
    type: 'number',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    default: 0,
    integer: true,
    description: 'Random seed (runs are reproducible for a given seed and iterations or max-evals).',
  },
  populations: {
    type: 'number',
    default: 8,
    integer: true,
    min: 1,
    max: 256,
    description: 'Number of islands (populations).',
  },
  populationSize: { type: 'number', default: 40, integer: true, min: 8, max: 1000, description: 'Members per island.' },
  batchRows: {
    type: 'number',
    max: 10_000_000,
    default: 1000,
    integer: true,
    min: 16,
    description: 'The search scores expressions on at most this many training rows (final scores use all rows).',
  },
  dt: {
    type: 'number',
    max: 1e12,
    optional: true,
    min: 0,
    unit: 'time unit',
    description: 'Dynamics: sample spacing when there is no time column.',
  },
  timeColumn: {
    type: 'string',
    optional: true,
    description: 'Dynamics: time column (default: "t" or "time" when present).',
  },
  sgWindow: {
    type: 'number',
    max: 100_001,
    default: 9,
    integer: true,
    min: 3,
    description: 'Dynamics: Savitzky-Golay window (odd, samples).',
  },
  sgOrder: {
    type: 'number',
    max: 20,
    default: 3,
    integer: true,
    min: 1,
    description: 'Dynamics: Savitzky-Golay polynomial order.',
  },
  sindyDegree: {
    type: 'number',
    default: 3,
    integer: true,
    min: 1,
    max: 5,
    description: 'Dynamics: largest monomial degree of the SINDy library.',
  },
  sindyTrig: {
    type: 'boolean',
    default: false,
    description: 'Dynamics: add sin and cos of each state to the SINDy library.',
  },
} as const;

type Params = ResolvedParams<typeof params>;

/** Columns after dropping rows with NaN in any used column (error when most rows are NaN). */
function cleanRows(ds: Dataset, used: number[], notes: string[]): Float64Array[] {
  const keep: number[] = [];
  for (let r = 0; r < ds.rows; r++) if (used.every((c) => Number.isFinite(ds.data[c][r]))) keep.push(r);
  const dropped = ds.rows - keep.length;
  if (dropped > ds.rows / 2)
    throw badInput(`${dropped} of ${ds.rows} rows have NaN or non-numeric values in the used columns`, {
      file: ds.source,
    });
  if (dropped > 0) notes.push(`${dropped} rows with NaN dropped`);
  return used.map((c) => Float64Array.from(keep, (r) => ds.data[c][r]));
}

function checkVaries(y: Float64Array, name: string, file: string): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of y) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) throw badInput(`target "${name}" is constant (${lo}): there is nothing to fit`, { file });
}

/** Target k's part of a total split over n targets (the remainder to the first ones). */
function shareOf(total: number, k: number, n: number): number {
  return Math.floor(total / n) + (k < total % n ? 1 : 0);
}

function settingsFrom(
  p: Params,
  ops: OperatorSet,
  budgetSeconds: number,
  seeds: Node[],
  targetIndex = 0,
  targetCount = 1,
): SearchSettings {
  const it = p.iterations;
  return {
    ops,
    maxComplexity: p.maxComplexity,
    maxDepth: Math.max(6, Math.ceil(p.maxComplexity / 2)),
    timeBudgetSeconds: budgetSeconds,
    iterations: it && it.length > 0 ? it[Math.min(targetIndex, it.length - 1)] : undefined,
    maxEvaluations: p.maxEvals === undefined ? undefined : shareOf(p.maxEvals, targetIndex, targetCount),
    seed: p.seed,
    populations: p.populations,
    populationSize: p.populationSize,
    maxSearchRows: p.batchRows,
    seeds: seeds.filter((s) =>
      admissible(s, { ops, maxComplexity: p.maxComplexity, maxDepth: Math.max(6, Math.ceil(p.maxComplexity / 2)) }),
    ),
    earlyStop: true,
  };
}

function candidate(c: SearchOutcome['front'][number], names: string[]): SymbolicCandidate {
  return {
    expression: toSympy(c.tree, names),
    latex: toLatex(c.tree, names),
    complexity: c.complexity,
    loss: c.loss,
    testLoss: c.testLoss,
    r2: c.r2,
  };
}

function targetResult(
  target: string,
  names: string[],
  X: Float64Array[],
  y: Float64Array,
  out: SearchOutcome,
  state?: string,
): SymbolicTarget & { bestTree?: Node } {
  const best = out.front[out.best];
  const display = out.testRows.length > 500 ? out.testRows.slice(0, 500) : out.testRows;
  const fname = sanitizeName(state ? `d${state}_dt` : target);
  return {
    target,
    state,
    features: names,
    pareto: out.front.map((c) => candidate(c, names)),
    bestIndex: out.best,
    exports: best
      ? {
          python: toNumpyFunction(best.tree, names, fname),
          sympy: toSympyScript(best.tree, names),
          latex: toLatex(best.tree, names),
          typescript: toTypeScriptFunction(best.tree, names, fname),
        }
      : { python: '', sympy: '', latex: '', typescript: '' },
    stats: out.stats,
    display: {
      actual: Float64Array.from(display, (r) => y[r]),
      predicted: out.front.map((c) => predictRows(c.tree, X, display)),
    },
    bestTree: best?.tree,
  };
}

/** Drops the internal tree before the target goes into the result. */
function publicTarget(t: SymbolicTarget & { bestTree?: Node }): SymbolicTarget {
  const { bestTree, ...rest } = t;
  void bestTree;
  return rest;
}

async function runTable(
  input: AnalysisInput & { kind: 'table' },
  p: Params,
  ops: OperatorSet,
  ctx: AnalysisContext,
): Promise<SymbolicResult> {
  const ds = input.dataset;
  const notes: string[] = [];
  const targetName = p.target ?? ds.columns[ds.columns.length - 1];
  const t = columnIndex(ds, targetName);
  // plain regression: every other column is a feature, a column named t included (V0*exp(-t/tau) needs it); a
  // time axis is only what --derivatives reads
  const featureNames = p.features ?? ds.columns.filter((c) => c !== targetName);
  if (featureNames.includes(targetName))
    throw badInput(`the target "${targetName}" is also listed as a feature`, { file: input.path });
  if (featureNames.length === 0)
    throw badInput('no feature columns: the table needs at least one column besides the target', { file: input.path });
  const f = featureNames.map((c) => columnIndex(ds, c));
  const cols = cleanRows(ds, [...f, t], notes);
  const y = cols.pop()!;
  checkVaries(y, targetName, input.path);
  if (y.length <= featureNames.length || y.length < 8)
    throw badInput(
      `${y.length} usable rows for ${featureNames.length} features: need more rows than features (and at least 8)`,
      { file: input.path },
    );
  const names = featureNames.map(sanitizeName);
  const out = await runSearch(
    { X: cols, y, names, target: targetName },
    settingsFrom(p, ops, p.timeBudget, powerLawSeeds(cols, y, ops)),
    ctx,
  );
  return {
    mode: 'table',
    targets: [publicTarget(targetResult(targetName, names, cols, y, out))],
    operators: ops.names,
    seed: p.seed,
    notes,
  };
}

/** The time axis of a trajectory: Savitzky-Golay derivatives need a spacing, so one is never assumed. */
function detectTime(ds: Dataset, p: Params): { column?: string; dt: number; note: string } {
  const axis = resolveTimeAxis(ds, p);
  if (axis.source === 'assumed')
    throw badInput(`no time column (${TIME_COLUMN_NAMES.join(' or ')}) and no --dt: give the sample spacing`, {
      file: ds.source,
    });
  return { column: axis.column >= 0 ? ds.columns[axis.column] : undefined, dt: axis.dt, note: axis.note };
}

async function runDynamics(
  input: AnalysisInput & { kind: 'table' },
  p: Params,
  ops: OperatorSet,
  ctx: AnalysisContext,
): Promise<SymbolicResult> {
  const ds = input.dataset;
  const notes: string[] = [];
  const time = detectTime(ds, p);
  notes.push(time.note);
  const stateNames = p.features ?? ds.columns.filter((c) => c !== time.column);
  if (stateNames.length === 0) throw badInput('no state columns', { file: input.path });
  const X = stateNames.map((c) => ds.data[columnIndex(ds, c)]);
  X.forEach((x, k) => {
    for (let r = 0; r < x.length; r++)
      if (!Number.isFinite(x[r]))
        throw badInput(
          `state column "${stateNames[k]}" has a NaN at row ${r + 2}; derivatives need a gap-free trajectory`,
          { file: input.path, row: r + 2, column: stateNames[k] },
        );
  });
  const names = stateNames.map(sanitizeName);
  const derivs = X.map((x) => savgolDerivative(x, time.dt, p.sgWindow, p.sgOrder, input.path));
  const library = buildLibrary(names, p.sindyDegree, p.sindyTrig);
  const theta = evaluateLibrary(library, X, ds.rows);
  const sindy: NonNullable<SymbolicResult['sindy']> = { library: library.map((t) => t.name), equations: {} };
  const targets: SymbolicTarget[] = [];
  const equations: NonNullable<SymbolicResult['equations']> = {};
  const budget = p.timeBudget / stateNames.length;
  const odeEqs: { state: string; tree: Node }[] = [];
  for (let k = 0; k < stateNames.length; k++) {
    ctx.signal.throwIfCancelled();
    const y = derivs[k];
    checkVaries(y, `d${stateNames[k]}/dt`, input.path);
    const fit = sindyFit(theta, y);
    const seed = simplify(sindyTree(library, fit.coefficients), ops);
    let yv = 0;
    const ym = y.reduce((s, v) => s + v, 0) / y.length;
    for (const v of y) yv += (v - ym) ** 2;
    sindy.equations[stateNames[k]] = {
      expression: toSympy(seed, names),
      r2: 1 - (fit.mse * y.length) / yv,
      threshold: fit.threshold,
    };
    const out = await runSearch(
      { X, y, names, target: `d${stateNames[k]}/dt` },
      settingsFrom(p, ops, budget, [seed], k, stateNames.length),
      ctx,
      [k / stateNames.length, (k + 1) / stateNames.length],
    );
    const tr = targetResult(`d${stateNames[k]}/dt`, names, X, y, out, stateNames[k]);
    targets.push(publicTarget(tr));
    if (tr.bestTree) odeEqs.push({ state: names[k], tree: tr.bestTree });
    const b = tr.pareto[tr.bestIndex];
    if (b) equations[stateNames[k]] = { expression: b.expression, complexity: b.complexity, loss: b.loss, r2: b.r2 };
  }
  const init: Record<string, number> = {};
  names.forEach((n, k) => (init[n] = X[k][0]));
  const ode =
    odeEqs.length === names.length
      ? toOde(
          odeEqs,
          names,
          init,
          `DynLens symbolic fit of ${input.path} (Savitzky-Golay window ${p.sgWindow}, order ${p.sgOrder}, dt ${time.dt})`,
        )
      : undefined;
  if (!ode) notes.push('no .ode export: some state has no finite fit');
  return {
    mode: 'dynamics',
    targets,
    operators: ops.names,
    seed: p.seed,
    derivatives: {
      method: 'Savitzky-Golay',
      window: p.sgWindow,
      order: p.sgOrder,
      dt: time.dt,
      timeColumn: time.column,
    },
    sindy,
    equations,
    ode,
    notes,
  };
}

/** `x0:-2:2,x1:-3:3` -> ranges. */
export function parseBox(spec: string): { name: string; lo: number; hi: number }[] {
  return spec
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((item) => {
      const parts = item.split(':').map((s) => s.trim());
      if (parts.length !== 3) throw usageError(`--box expects name:lo:hi items separated by commas, got "${item}"`);
      const lo = Number(parts[1]);
      const hi = Number(parts[2]);
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo))
        throw usageError(`--box: "${item}" needs finite lo < hi`);
      return { name: parts[0], lo, hi };
    });
}

async function runNetwork(
  input: AnalysisInput & { kind: 'onnx' },
  p: Params,
  ops: OperatorSet,
  ctx: AnalysisContext,
): Promise<SymbolicResult> {
  const notes: string[] = [];
  const net = await loadNetwork(input.bytes, input.path);
  try {
    const rng = Rng.fromSeed(p.seed, 31337);
    let names: string[];
    let X: Float64Array[];
    let sampling: 'inputs' | 'box' | 'around';
    let box: { name: string; lo: number; hi: number }[] | undefined;
    if (p.inputs.length > 0) {
      const loaded = await ctx.loadInput(p.inputs[0]);
      if (loaded.kind !== 'table') throw badInput('--inputs must be a table of input samples', { file: p.inputs[0] });
      const ds = loaded.dataset;
      names = p.features ?? ds.columns;
      const cols = cleanRows(
        ds,
        names.map((c) => columnIndex(ds, c)),
        notes,
      );
      if (net.inputWidth !== undefined && net.inputWidth !== names.length) {
        throw badInput(
          `the model ${input.path} expects ${net.inputWidth} input features but ${p.inputs[0]} gives ${names.length} (${names.join(', ')}); choose columns with --features`,
          { file: input.path },
        );
      }
      if (p.around !== undefined) {
        if (p.around >= cols[0].length)
          throw badInput(`--around ${p.around} is past the last row (${cols[0].length - 1})`, { file: p.inputs[0] });
        // SLIME (SymTorch): a surrogate valid near one input; Gaussian neighbourhood of 10% of each column's spread
        sampling = 'around';
        X = cols.map((c) => {
          const m = c.reduce((s, v) => s + v, 0) / c.length;
          const sd = Math.sqrt(c.reduce((s, v) => s + (v - m) ** 2, 0) / c.length) || 1;
          const centre = c[p.around!];
          return Float64Array.from({ length: p.samples }, () => centre + 0.1 * sd * rng.normal());
        });
      } else {
        sampling = 'inputs';
        X = cols;
      }
    } else if (p.box) {
      box = parseBox(p.box);
      names = box.map((b) => b.name);
      sampling = 'box';
      X = box.map((b) => Float64Array.from({ length: p.samples }, () => rng.uniform(b.lo, b.hi)));
    } else if (net.inputWidth !== undefined) {
      // No samples given (e.g. a right-click in VS Code): the unit box of the model's inputs, said in the result.
      box = Array.from({ length: net.inputWidth }, (_, i) => ({ name: `x${i}`, lo: -1, hi: 1 }));
      names = box.map((b) => b.name);
      sampling = 'box';
      notes.push(
        `no --inputs or --box given: inputs sampled uniformly in [-1, 1]^${net.inputWidth}; give the ranges the network was trained on with --box name:lo:hi,...`,
      );
      X = box.map((b) => Float64Array.from({ length: p.samples }, () => rng.uniform(b.lo, b.hi)));
    } else {
      throw usageError(
        `distilling ${input.path} needs samples (its input width is not fixed in the model): give --inputs data.csv or --box name:lo:hi,...`,
      );
    }
    if (net.inputWidth !== undefined && net.inputWidth !== names.length) {
      throw badInput(
        `the model expects ${net.inputWidth} input features but ${names.length} were given (${names.join(', ')})`,
        { file: input.path },
      );
    }
    const outputs = await sampleNetwork(net, X, input.path);
    const safe = names.map(sanitizeName);
    const outNames = outputs.length === 1 ? [net.outputName] : outputs.map((_, k) => `${net.outputName}[${k}]`);
    const targets: SymbolicTarget[] = [];
    for (let k = 0; k < outputs.length; k++) {
      ctx.signal.throwIfCancelled();
      const y = outputs[k];
      checkVaries(y, outNames[k], input.path);
      const out = await runSearch(
        { X, y, names: safe, target: outNames[k] },
        settingsFrom(p, ops, p.timeBudget / outputs.length, powerLawSeeds(X, y, ops), k, outputs.length),
        ctx,
        [k / outputs.length, (k + 1) / outputs.length],
      );
      const tr = publicTarget(targetResult(outNames[k], safe, X, y, out));
      const best = out.front[out.best];
      if (best) {
        const pred = predictRows(best.tree, X, out.testRows);
        let se = 0;
        let maxAbs = 0;
        out.testRows.forEach((r, i) => {
          const e = pred[i] - y[r];
          se += e * e;
          maxAbs = Math.max(maxAbs, Math.abs(e));
        });
        tr.fidelity = {
          r2: best.r2,
          rmse: Math.sqrt(se / out.testRows.length),
          maxAbsError: maxAbs,
          samples: out.testRows.length,
        };
      }
      targets.push(tr);
    }
    return {
      mode: 'network',
      targets,
      operators: ops.names,
      seed: p.seed,
      network: { inputs: names, outputs: outNames, samples: X[0].length, sampling, around: p.around, box },
      notes,
    };
  } finally {
    await net.release();
  }
}

function jsonCandidate(c: SymbolicCandidate): Record<string, unknown> {
  return {
    expression: c.expression,
    complexity: c.complexity,
    loss: c.loss,
    r2: c.r2,
    testLoss: c.testLoss,
    latex: c.latex,
  };
}

/**
 * The `--json` document of a SymbolicResult (src/protocol/results/symbolic.ts): pareto and best of the (first)
 * target, per-target fronts, equations for dynamics.
 */
export function symbolicJson(r: SymbolicResult): unknown {
  const first = r.targets[0];
  const targets: Record<string, unknown> = {};
  for (const t of r.targets) {
    targets[t.target] = {
      pareto: t.pareto.map(jsonCandidate),
      best: t.pareto[t.bestIndex] ? jsonCandidate(t.pareto[t.bestIndex]) : null,
      exports: t.exports,
      stats: t.stats,
      fidelity: t.fidelity,
    };
  }
  return {
    mode: r.mode,
    pareto: first ? first.pareto.map(jsonCandidate) : [],
    best: first && first.pareto[first.bestIndex] ? jsonCandidate(first.pareto[first.bestIndex]) : null,
    targets,
    equations: r.equations,
    ode: r.ode,
    derivatives: r.derivatives,
    sindy: r.sindy,
    network: r.network,
    operators: r.operators,
    seed: r.seed,
    notes: r.notes,
  };
}

/**
 * The flags that repeat a search exactly: its seed and the whole epochs each target ran (the search drops an epoch
 * the deadline cut, so a budgeted run is a fixed number of epochs). When a target stopped on the time budget the
 * rerun gets a budget large enough (4x the time it took, per target) not to cut it on a slower machine.
 */
export function symbolicRepeatWith(
  r: SymbolicResult,
  p: { timeBudget: number; maxEvals?: number },
): Record<string, unknown> | undefined {
  const stats = r.targets.map((t) => t.stats);
  if (stats.length === 0 || stats.some((s) => !s.wholeEpochs || s.stoppedBy === 'cancelled')) return undefined;
  const epochs = stats.map((s) => s.epochs);
  const iterations = epochs.every((e) => e === epochs[0]) ? [epochs[0]] : epochs;
  const out: Record<string, unknown> = { seed: r.seed, iterations };
  // An epoch cut at the evaluation bound is replayed only with the same bound.
  if (p.maxEvals !== undefined) out.maxEvals = p.maxEvals;
  if (stats.some((s) => s.stoppedBy === 'time budget' || s.stoppedBy === 'max evals')) {
    const slowest = Math.max(...stats.map((s) => s.seconds));
    out.timeBudget = Math.max(p.timeBudget, Math.ceil(stats.length * (4 * slowest + 5)));
  }
  return out;
}

/** Held-out R^2 of a target's best expression below this: the law found does not explain the target. */
const POOR_R2 = 0.9;

/** The verdict of the search's own measure: the held-out R^2 of each target's best expression. */
/** The flag that gives a poor search more room: the bound it stopped at, raised, else a larger complexity. */
function moreRoom(stoppedBy: string, p: { timeBudget: number; maxComplexity: number; maxEvals?: number }): string {
  if (stoppedBy === 'time budget') return `--time-budget ${Math.ceil(4 * p.timeBudget)}`;
  if (stoppedBy === 'max evals' && p.maxEvals !== undefined) return `--max-evals ${4 * p.maxEvals}`;
  return `--max-complexity ${Math.min(80, 2 * p.maxComplexity)}`;
}

export function assessSymbolic(
  r: SymbolicResult,
  p: { timeBudget: number; maxComplexity: number; maxEvals?: number },
): QualityWarning[] {
  const out: QualityWarning[] = [];
  for (const t of r.targets) {
    const best = t.pareto[t.bestIndex];
    if (!best || best.r2 >= POOR_R2 || t.stats.stoppedBy === 'cancelled') continue;
    out.push({
      message: `best expression for ${t.target} has held-out R^2 ${best.r2.toPrecision(3)}: no law found that explains it`,
      flag: moreRoom(t.stats.stoppedBy, p),
    });
  }
  return out;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const SYMBOLIC_TASKS = {
  island: (chunk: IslandChunk): unknown => runIslandEpoch(chunk),
};

export const symbolicAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'symbolic',
    title: 'Symbolic regression',
    description:
      'Finds closed-form laws: in a table (--target), in dx/dt of a trajectory (--derivatives, with SINDy), or inside an ONNX network (--inputs/--box). Pareto front of complexity vs loss.',
    inputs: ['table', 'onnx'],
    params,
    estimate: estimateSymbolic,
    async run(input, p, ctx) {
      if (!(p.timeBudget > 0)) throw usageError(`--time-budget must be more than 0 seconds, got ${p.timeBudget}`);
      const ops = parseOperators(p.operators);
      if (input.kind === 'onnx') return runNetwork(input, p, ops, ctx);
      if (input.kind !== 'table')
        throw badInput('symbolic regression needs a table or an .onnx model', { file: input.path });
      if (p.inputs.length > 0 || p.box !== undefined) throw usageError('--inputs and --box are for .onnx models');
      return p.derivatives ? runDynamics(input, p, ops, ctx) : runTable(input, p, ops, ctx);
    },
    toJson: symbolicJson,
    repeatWith: symbolicRepeatWith,
    assess: assessSymbolic,
    toCsv(r) {
      const lines = ['target,complexity,loss,test_loss,r2,best,expression'];
      for (const t of r.targets)
        t.pareto.forEach((c, i) =>
          lines.push(
            [
              csvCell(t.target),
              c.complexity,
              c.loss,
              c.testLoss,
              c.r2,
              i === t.bestIndex ? 1 : 0,
              csvCell(c.expression),
            ].join(','),
          ),
        );
      return lines.join('\n') + '\n';
    },
    tasks: SYMBOLIC_TASKS,
    view: 'symbolic',
  }),
];
