import { badInput } from '../core/errors';
import type { AnalysisContext } from '../core/context';
import type { AnalysisInput } from '../core/input';
import type { LyapunovDataResult, LyapunovModelResult, LyapunovResult } from '../../protocol/results/stability';
import { benettin, lyapunovVerdict } from './lyapunov/benettin';
import { MAX_PAIR_STEPS, rosenstein } from './lyapunov/rosenstein';
import { loadModel, requireOrdinaryModel } from './model-input';
import { resolveTimeAxis } from '../data/time-axis';
import { pickColumn } from './table-series';
import type { LyapunovParams } from './params';
import type { ResourceEstimate } from '../core/budget';
import { estimateLyapunov, estimateLyapunovData } from './estimate';

/** Kaplan-Yorke dimension (Kaplan & Yorke 1979): j + (lambda_1 + ... + lambda_j) / |lambda_{j+1}|. */
function kaplanYorke(ex: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < ex.length; j++) {
    if (s + ex[j] < 0) return j + s / Math.abs(ex[j]);
    s += ex[j];
  }
  return ex.length;
}

/** The up-front estimate of a table input (models are estimated after their parse, in runFromModel). */
export function estimateLyapunovTable(input: AnalysisInput, p: LyapunovParams): ResourceEstimate {
  if (input.kind !== 'table') return { bytes: 0, work: 0, what: '', lower: '' };
  return estimateLyapunovData(input.dataset.rows, p, MAX_PAIR_STEPS);
}

export function runLyapunov(input: AnalysisInput, p: LyapunovParams, ctx: AnalysisContext): LyapunovResult {
  return input.kind === 'table' ? runFromData(input, p, ctx) : runFromModel(input, p, ctx);
}

function runFromModel(input: AnalysisInput, p: LyapunovParams, ctx: AnalysisContext): LyapunovModelResult {
  const { model, compiled, size } = loadModel(input, p.set, p.init, ctx.checkEstimate);
  requireOrdinaryModel(model, 'Lyapunov exponents');
  const isMap = model.kind === 'map';
  const duration = p.duration ?? (isMap ? 100_000 : 1000);
  const transient = p.transient ?? (isMap ? 1000 : 100);
  const renormInterval = p.renormInterval ?? (isMap ? 1 : 0.5);
  const fileMethod =
    model.options.method === 'euler' || model.options.method === 'modeuler' ? 'rk4' : model.options.method;
  const method = p.method ?? fileMethod ?? 'dopri5';
  const dt = p.dt ?? model.options.dt ?? 0.01;
  ctx.checkEstimate?.(estimateLyapunov(size, (transient + duration) / dt, p.count ?? compiled.n));
  const r = benettin(
    model,
    compiled,
    {
      transient,
      duration,
      renormInterval,
      method,
      dt,
      rtol: p.rtol,
      atol: p.atol,
      bound: model.options.bounds ?? p.bound,
      maxSteps: 50_000_000,
      count: p.count ?? compiled.n,
    },
    ctx,
  );
  const notes = [...model.notes];
  if (r.diverged) {
    notes.push(r.diverged.message);
    ctx.log(r.diverged.message);
  }
  const sum = r.exponents.reduce((a, b) => a + b, 0);
  if (
    !r.diverged &&
    r.exponents.length === compiled.n &&
    Math.abs(sum - r.meanDivergence) > 1e-3 * Math.max(1, Math.abs(sum))
  ) {
    notes.push(
      `the exponents sum to ${sum.toPrecision(6)} but the mean divergence along the orbit is ${r.meanDivergence.toPrecision(6)}: tighten --rtol or shorten --renorm-interval`,
    );
  }
  return {
    method: 'benettin-qr',
    source: 'model',
    system: model.kind,
    stateNames: model.stateNames,
    exponents: r.exponents,
    standardError: r.standardError,
    unit: isMap ? 'per iteration' : 'per time unit',
    sum,
    meanDivergence: r.meanDivergence,
    kaplanYorkeDimension: r.diverged ? NaN : kaplanYorke(r.exponents),
    verdict: lyapunovVerdict(r, model.kind, duration),
    transient,
    duration,
    renormInterval,
    integrator: r.integrator,
    convergence: { t: r.convergenceT, running: r.running },
    diverged: r.diverged,
    finalState: Array.from(r.finalState),
    notes,
  };
}

function runFromData(
  input: AnalysisInput & { kind: 'table' },
  p: LyapunovParams,
  ctx: AnalysisContext,
): LyapunovDataResult {
  const ds = input.dataset;
  const axis = resolveTimeAxis(ds, p);
  const col = pickColumn(ds, p.column, axis.column);
  const notes: string[] = [axis.source === 'assumed' ? `${axis.note}: the exponent is per sample` : axis.note];
  const dt = axis.dt;
  const unit: LyapunovDataResult['unit'] = axis.source === 'assumed' ? 'per sample' : 'per time unit';
  assertNotConstant(ds.data[col], ds.columns[col], ds.source);
  const r = rosenstein(
    ds.data[col],
    {
      dt,
      dim: p.dim,
      lag: p.lag,
      theiler: p.theiler,
      horizon: p.horizon,
      fitStart: p.fitStart,
      fitEnd: p.fitEnd,
      maxDim: p.maxDim,
      file: ds.source,
    },
    ctx,
  );
  if (!Number.isFinite(r.lambda))
    throw badInput(
      `column "${ds.columns[col]}": no exponent: the divergence curve is undefined (nearest neighbours at distance 0: coincident embedded points, as in a constant or exactly repeating series)`,
      { file: ds.source, column: ds.columns[col] },
    );
  const time = new Float64Array(r.steps.length);
  for (let k = 0; k < time.length; k++) time[k] = r.steps[k] * dt;
  return {
    method: 'rosenstein',
    source: 'data',
    column: ds.columns[col],
    exponents: [r.lambda],
    unit,
    dt,
    dim: r.dim,
    dimRule: r.dimRule,
    lag: r.lag,
    lagRule: r.lagRule,
    theilerWindow: r.theiler,
    theilerRule: r.theilerRule,
    samples: ds.rows,
    falseNeighbourFraction: r.fnn,
    divergence: { steps: r.steps, time, meanLogDistance: r.meanLogDistance, fit: r.fit },
    // positive divergence rate over a clearly linear region (slope per sample above 1e-3, R^2 >= 0.9); noise also
    // diverges, so the UI shows the curve for the user to judge
    verdict: r.fit.slope > 1e-3 && r.fit.r2 >= 0.9 ? 'chaotic' : 'not chaotic',
    notes: [...notes, ...r.notes],
  };
}

/** A constant series has no divergence to measure: say so instead of returning an exponent of null. */
function assertNotConstant(x: Float64Array, name: string, file: string): void {
  let first = NaN;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    if (first !== first) first = v;
    else if (v !== first) return;
  }
  throw badInput(
    first === first
      ? `constant series: no exponent (column "${name}" is ${first} in every finite row)`
      : `column "${name}" has no finite value: no exponent`,
    { file, column: name },
  );
}

export function lyapunovToCsv(r: LyapunovResult): string {
  if (r.source === 'data') {
    const lines = ['step,time,mean_log_distance,fit'];
    const f = r.divergence.fit;
    for (let k = 0; k < r.divergence.steps.length; k++) {
      const inFit = k >= f.fromStep && k <= f.toStep;
      lines.push(
        `${k},${r.divergence.time[k]},${r.divergence.meanLogDistance[k]},${inFit ? f.intercept + f.slope * k : ''}`,
      );
    }
    return lines.join('\n') + '\n';
  }
  const lines = [['t', ...r.exponents.map((_, j) => `lambda${j + 1}`)].join(',')];
  for (let k = 0; k < r.convergence.t.length; k++)
    lines.push([r.convergence.t[k], ...r.convergence.running.map((c) => c[k])].join(','));
  return lines.join('\n') + '\n';
}
