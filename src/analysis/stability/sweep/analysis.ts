/**
 * `sweep-point`: one point of a parameter sweep (the model with `--set` values, measured as measure.ts says). The
 * batch engine runs it on every point of the grid of `dynlens sweep` (items = points) and tabulates its features;
 * run alone it measures the model at one parameter setting. The parsed and compiled model is kept between points of
 * the same file, so a worker compiles the model's JavaScript once and V8 optimises it once.
 */
import { defineAnalysis, type RegisteredAnalysis } from '../../core/definition';
import type { AnalysisContext } from '../../core/context';
import type { AnalysisInput } from '../../core/input';
import { usageError } from '../../core/errors';
import type { ParamSchema, ResolvedParams } from '../../core/params';
import type { SweepMeasure, SweepPointResult } from '../../../protocol/results/sweep';
import { compileModel, type CompiledModel } from '../ode/compile';
import { parseOde, type OdeModel } from '../ode/parser';
import { measurePoint, modelAt, sweepDefaults, type SweepOptions } from './measure';

let cached: { text: string; path: string; model: OdeModel; compiled: CompiledModel } | undefined;

function modelOf(input: AnalysisInput): { model: OdeModel; compiled: CompiledModel } {
  if (input.kind !== 'ode')
    throw usageError(`a sweep needs an .ode model file, got a ${input.kind} input (${input.path})`);
  if (!cached || cached.text !== input.text || cached.path !== input.path) {
    const model = parseOde(input.text, input.path);
    cached = { text: input.text, path: input.path, model, compiled: compileModel(model) };
  }
  return cached;
}

/** "a=0.5" settings into a point; every name must be a parameter of the model. */
export function parsePoint(set: readonly string[], model: OdeModel): Record<string, number> {
  const point: Record<string, number> = {};
  for (const s of set) {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*(.+?)\s*$/.exec(s);
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v)) throw usageError(`--set expects name=number pairs, got "${s}"`);
    if (!model.paramNames.includes(m[1]))
      throw usageError(
        `--set ${m[1]}: no parameter of that name in ${model.file} (parameters: ${model.paramNames.join(', ') || 'none'})`,
      );
    point[m[1]] = v;
  }
  return point;
}

/** The parameters of one sweep point (`dynlens sweep` resolves the same schema for its shared settings). */
export const sweepPointParams = {
  measure: {
    type: 'string',
    default: 'lyapunov',
    choices: ['lyapunov', 'attractor', 'fixed-points'],
    description: 'What to measure at each point',
  },
  set: {
    type: 'string-list',
    optional: true,
    description: 'Parameter values of the point, name=value (e.g. --set rho=24,beta=2)',
  },
  duration: {
    type: 'number',
    min: 0,
    max: 1e9,
    optional: true,
    unit: 'time',
    description: 'Lyapunov averaging time; default 200 (maps: 10000 iterations)',
  },
  transient: {
    type: 'number',
    min: 0,
    max: 1e9,
    optional: true,
    unit: 'time',
    description: 'Discarded transient; default 100 (maps: 1000 iterations)',
  },
  renormInterval: {
    type: 'number',
    min: 0,
    max: 1e9,
    optional: true,
    unit: 'time',
    description: 'Time between re-orthonormalisations; default 0.5 (maps: 1)',
  },
  count: {
    type: 'number',
    min: 1,
    max: 1000,
    optional: true,
    integer: true,
    description: 'Exponents computed; default 1 (the largest), 2 for --measure attractor',
  },
  method: {
    type: 'string',
    optional: true,
    choices: ['dopri5', 'rk4', 'ode23s'],
    description: "Integrator; default: the file's meth, else dopri5",
  },
  rtol: { type: 'number', min: 0, max: 1, default: 1e-8, description: 'Relative tolerance of the integrator' },
  atol: { type: 'number', min: 0, max: 1, default: 1e-10, description: 'Absolute tolerance of the integrator' },
  bound: {
    type: 'number',
    min: 0,
    max: 1e300,
    default: 1e8,
    description: 'A state beyond this magnitude counts as divergent',
  },
  maxPeriod: {
    type: 'number',
    min: 1,
    max: 1_000_000,
    default: 32,
    integer: true,
    description: 'Longest period searched in the orbit (iterations for maps, loops through the section for flows)',
  },
  periodTol: {
    type: 'number',
    min: 0,
    max: 1,
    default: 1e-4,
    description: "Relative tolerance (of the orbit's range) for the orbit to count as closed",
  },
  seeds: {
    type: 'number',
    min: 1,
    max: 1e9,
    default: 50,
    integer: true,
    description: 'Random seeds of the fixed-point search at each point',
  },
  seed: {
    type: 'number',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    default: 1,
    integer: true,
    description: 'Seed of the fixed-point search',
  },
  lower: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description: 'Lower corner of the fixed-point search box (one value per state)',
  },
  upper: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description: 'Upper corner of the fixed-point search box (one value per state)',
  },
} satisfies ParamSchema;

type SweepPointParams = ResolvedParams<typeof sweepPointParams>;

/** The options of a point after the model-dependent defaults (also written into the sweep's provenance). */
export function sweepOptionsFor(model: OdeModel, n: number, p: SweepPointParams): SweepOptions {
  const measure = p.measure as SweepMeasure;
  const d = sweepDefaults(model.kind, n, measure);
  return {
    measure,
    duration: p.duration ?? d.duration,
    transient: p.transient ?? d.transient,
    renormInterval: p.renormInterval ?? d.renormInterval,
    count: Math.min(n, p.count ?? d.count),
    method: (p.method ?? model.options.method ?? 'dopri5') as SweepOptions['method'],
    dt: model.options.dt ?? 0.01,
    rtol: p.rtol,
    atol: p.atol,
    bound: model.options.bounds ?? p.bound,
    maxPeriod: p.maxPeriod,
    periodTol: p.periodTol,
    seeds: p.seeds,
    seed: p.seed,
    lower: p.lower,
    upper: p.upper,
  };
}

export function runSweepPoint(input: AnalysisInput, p: SweepPointParams, ctx: AnalysisContext): SweepPointResult {
  const { model, compiled } = modelOf(input);
  const point = parsePoint(p.set ?? [], model);
  const at = modelAt(model, Object.keys(point), Object.values(point));
  return measurePoint(at, compiled, point, sweepOptionsFor(model, compiled.n, p), ctx);
}

export const sweepAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'sweep-point',
    title: 'Sweep point',
    description:
      'One point of a parameter sweep (`dynlens sweep` runs it on every point of a grid): the largest Lyapunov exponent(s), the attractor type (fixed point, periodic with its period, quasi-periodic, chaotic, divergent: from the spectrum and the orbit) or the number and stability of the fixed points, at the parameter values of --set.',
    inputs: ['ode'],
    params: sweepPointParams,
    run: (input, params, ctx) => runSweepPoint(input, params, ctx),
    // attractor_code: 0 fixed point, 1 periodic, 2 quasi-periodic, 3 chaotic, 4 divergent (ATTRACTOR_CODES)
    features: (r: SweepPointResult) => ({ names: r.names, values: Float64Array.from(r.values) }),
  }),
];
