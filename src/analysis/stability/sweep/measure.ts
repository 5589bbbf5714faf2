/**
 * One grid point of a parameter sweep: the model with the point's parameter values, measured by
 * - `lyapunov`: the leading `count` Lyapunov exponents (Benettin et al. 1980, lyapunov/benettin.ts) and the verdict
 *   of the spectrum alone;
 * - `attractor`: the type of the attractor reached from the model's initial state, decided from the spectrum
 *   (lyapunovVerdict: chaotic / quasi-periodic / periodic / fixed point / divergent) and the orbit (period.ts): a
 *   periodic verdict gets its period from the orbit, a quasi-periodic one whose orbit closes is periodic (a torus
 *   with a rational rotation number), a map cycle of period 1 is a fixed point;
 * - `fixed-points`: how many fixed points a Newton search finds (fixed-points.ts) and how many are stable.
 * Every measure yields the same numeric columns at every point, so the rows form one table.
 */
import type { AnalysisContext } from '../../core/context';
import type { StabilityVerdict } from '../../../protocol/results/stability';
import type { SweepMeasure, SweepPointResult } from '../../../protocol/results/sweep';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { benettin, lyapunovVerdict, type BenettinResult } from '../lyapunov/benettin';
import { findFixedPoints } from '../fixed-points';
import { simulate, type Method } from '../integrate/trajectory';
import { flowPeriod, mapPeriod, type PeriodResult } from './period';

export interface SweepOptions {
  measure: SweepMeasure;
  /** Averaging time (flows) or iterations (maps) of the Lyapunov estimate. */
  duration: number;
  transient: number;
  renormInterval: number;
  /** Exponents computed (1 = the largest). */
  count: number;
  method: Method;
  dt: number;
  rtol: number;
  atol: number;
  bound: number;
  maxPeriod: number;
  periodTol: number;
  seeds: number;
  seed: number;
  lower?: number[];
  upper?: number[];
}

/** Attractor types as numbers, for numeric feature tables and heat maps (documented in the view's legend). */
export const ATTRACTOR_CODES: readonly StabilityVerdict[] = [
  'fixed point',
  'periodic',
  'quasi-periodic',
  'chaotic',
  'divergent',
];

/** Defaults that depend on the model (maps iterate, flows integrate). */
export function sweepDefaults(
  kind: 'flow' | 'map',
  n: number,
  measure: SweepMeasure,
): Pick<SweepOptions, 'duration' | 'transient' | 'renormInterval' | 'count'> {
  return {
    duration: kind === 'map' ? 10_000 : 200,
    transient: kind === 'map' ? 1000 : 100,
    renormInterval: kind === 'map' ? 1 : 0.5,
    count: measure === 'attractor' ? Math.min(n, 2) : 1,
  };
}

export function featureNames(measure: SweepMeasure, count: number): string[] {
  const lambdas = Array.from({ length: count }, (_, j) => `lyapunov_${j + 1}`);
  if (measure === 'lyapunov') return [...lambdas, 'attractor_code'];
  if (measure === 'attractor') return ['attractor_code', 'period', 'period_loops', ...lambdas];
  return ['fixed_points', 'stable_fixed_points', 'unstable_fixed_points', 'saddles'];
}

/** The model with its parameters set to the point's values (the parsed model itself is not modified). */
export function modelAt(base: OdeModel, names: readonly string[], values: readonly number[]): OdeModel {
  const paramValues = Float64Array.from(base.paramValues);
  names.forEach((name, a) => {
    paramValues[base.paramNames.indexOf(name)] = values[a];
  });
  return { ...base, paramValues, notes: [] };
}

function lyapunovAt(model: OdeModel, compiled: CompiledModel, o: SweepOptions, ctx: AnalysisContext): BenettinResult {
  return benettin(
    model,
    compiled,
    {
      transient: o.transient,
      duration: o.duration,
      renormInterval: o.renormInterval,
      method: o.method,
      dt: o.dt,
      rtol: o.rtol,
      atol: o.atol,
      bound: o.bound,
      maxSteps: 50_000_000,
      count: o.count,
      maxCurvePoints: 2,
    },
    ctx,
  );
}

/** Combines the spectrum's verdict with the orbit's period (see the module comment). */
export function attractorType(
  spectral: StabilityVerdict,
  orbit: PeriodResult,
  system: 'flow' | 'map',
): { type: StabilityVerdict; period: number; loops: number } {
  if (spectral === 'divergent' || orbit.diverged) return { type: 'divergent', period: NaN, loops: NaN };
  if (spectral === 'chaotic') return { type: 'chaotic', period: NaN, loops: NaN };
  const closes = Number.isFinite(orbit.period);
  if (system === 'map') {
    if (spectral === 'fixed point' || (closes && orbit.period === 1))
      return { type: 'fixed point', period: 1, loops: 1 };
    if (closes) return { type: 'periodic', period: orbit.period, loops: orbit.loops };
    return { type: spectral, period: NaN, loops: NaN };
  }
  if (spectral === 'fixed point') return { type: 'fixed point', period: NaN, loops: NaN };
  if (closes) return { type: 'periodic', period: orbit.period, loops: orbit.loops };
  return { type: spectral, period: NaN, loops: NaN };
}

export function measurePoint(
  model: OdeModel,
  compiled: CompiledModel,
  point: Record<string, number>,
  o: SweepOptions,
  ctx: AnalysisContext,
): SweepPointResult {
  const names = featureNames(o.measure, o.count);
  if (o.measure === 'fixed-points') return fixedPointsAt(model, compiled, point, names, o, ctx);
  const r = lyapunovAt(model, compiled, o, ctx);
  const spectral = lyapunovVerdict(r, model.kind, o.duration);
  const notes = r.diverged ? [r.diverged.message] : [];
  const lambdas = r.exponents.slice(0, o.count);
  if (o.measure === 'lyapunov') {
    return {
      measure: o.measure,
      point,
      attractor: spectral,
      period: NaN,
      names,
      values: [...lambdas, ATTRACTOR_CODES.indexOf(spectral)],
      notes,
    };
  }
  const periodOpts = {
    maxPeriod: o.maxPeriod,
    tol: o.periodTol,
    maxTime: Math.max(o.duration / 2, 50 * o.renormInterval),
    method: o.method,
    rtol: Math.min(o.rtol, 1e-9),
    atol: Math.min(o.atol, 1e-11),
    bound: o.bound,
  };
  const t0 = o.transient + o.duration;
  const orbit: PeriodResult = r.diverged
    ? { period: NaN, loops: NaN, amplitude: NaN }
    : model.kind === 'map'
      ? mapPeriod(model, compiled, r.finalState, t0, periodOpts)
      : flowPeriod(model, compiled, r.finalState, t0, periodOpts, ctx);
  if (orbit.diverged) notes.push(orbit.diverged);
  const a = attractorType(spectral, orbit, model.kind);
  return {
    measure: o.measure,
    point,
    attractor: a.type,
    period: a.period,
    names,
    values: [ATTRACTOR_CODES.indexOf(a.type), a.period, a.loops, ...lambdas],
    notes,
  };
}

/** Newton from random seeds in a box and from a short orbit's samples (as the fixed-points analysis seeds it). */
function fixedPointsAt(
  model: OdeModel,
  compiled: CompiledModel,
  point: Record<string, number>,
  names: string[],
  o: SweepOptions,
  ctx: AnalysisContext,
): SweepPointResult {
  const n = compiled.n;
  const isMap = model.kind === 'map';
  const notes: string[] = [];
  const tr = simulate(model, compiled, {
    t0: 0,
    tEnd: isMap ? 200 : 50,
    dt: isMap ? 1 : 0.25,
    method: 'dopri5',
    rtol: 1e-6,
    atol: 1e-9,
    bound: 1e8,
    maxSteps: 200_000,
    transient: 0,
    memoryBudgetBytes: ctx.memoryBudgetBytes,
  });
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < n; i++) {
    let lo = model.init[i];
    let hi = model.init[i];
    for (const v of tr.states[i])
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    const pad = Math.max(1, 0.5 * (hi - lo));
    lower.push(o.lower?.[i] ?? lo - pad);
    upper.push(o.upper?.[i] ?? hi + pad);
  }
  const extra: Float64Array[] = [Float64Array.from(model.init)];
  const len = tr.t.length;
  for (let k = 0; k < len; k += Math.max(1, Math.floor(len / 20))) {
    const v = Float64Array.from({ length: n }, (_, i) => tr.states[i][k]);
    if (v.every(Number.isFinite)) extra.push(v);
  }
  const r = findFixedPoints(
    model,
    compiled,
    { seeds: o.seeds, seed: o.seed, lower, upper, extraSeeds: extra, tol: 1e-10, maxIterations: 50 },
    ctx,
  );
  const stable = r.points.filter((f) => f.stable).length;
  const saddles = r.points.filter((f) => f.type === 'saddle' || f.type === 'saddle focus').length;
  return {
    measure: o.measure,
    point,
    period: NaN,
    names,
    values: [r.points.length, stable, r.points.length - stable, saddles],
    fixedPoints: r.points.map((f) => ({ state: f.state, type: f.type, stable: f.stable })),
    notes,
  };
}
