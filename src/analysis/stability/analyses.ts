import { ewsFeatures, lyapunovFeatures } from './features';
import { defineAnalysis, type RegisteredAnalysis } from '../core/definition';
import type {
  EwsResult,
  FixedPointsResult,
  LyapunovResult,
  ModelOverviewResult,
  SimulateResult,
} from '../../protocol/results/stability';
import { runEws, ewsToCsv } from './run-ews';
import { runFixedPoints, fixedPointsToCsv } from './run-fixed-points';
import { runLyapunov, lyapunovToCsv } from './run-lyapunov';
import { runSimulate, simulateToCsv } from './run-simulate';
import { runOverview } from './run-overview';

const setParam = {
  type: 'string-list',
  optional: true,
  description: 'Parameter overrides name=value (e.g. --set rho=24,beta=2)',
} as const;
const initParam = {
  type: 'number-list',
  optional: true,
  description: "Initial state, one value per state variable in file order; default: the file's init",
} as const;

/** The stability domain's analyses (registered in src/analysis/registry.ts). */
export const stabilityAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'model-overview',
    title: 'Model stability',
    description:
      'The full panel of an .ode model (what its code lens opens): the trajectory from the initial condition (phase portrait and time series), the Lyapunov spectrum with its convergence and verdict, and the fixed points with their eigenvalues, drawn on the portrait.',
    inputs: ['ode'],
    params: {
      tEnd: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Trajectory end time (maps: iterations); default: @ total in the file, else 100 (maps 1000)',
      },
      duration: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Lyapunov averaging time; default 1000 (maps 100000)',
      },
      seeds: {
        type: 'number',
        default: 100,
        min: 1,
        integer: true,
        description: 'Random seeds of the fixed-point search',
      },
      set: setParam,
      init: initParam,
    },
    run: (input, params, ctx) => runOverview(input, params, ctx),
    toCsv: (r: ModelOverviewResult) => simulateToCsv(r.simulate),
  }),
  defineAnalysis({
    id: 'simulate',
    title: 'Simulate model',
    description:
      'Integrates an XPPAUT .ode model (adaptive Dormand-Prince 5(4) with dense output, or fixed-step RK4; maps are iterated) and returns the trajectory t, x, y, ... (-o writes it as CSV). Reports where the solution blows up and when the system is too stiff for the explicit integrator.',
    inputs: ['ode'],
    params: {
      tEnd: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'End time (maps: iterations); default: @ total in the file, else 100 (maps 1000)',
      },
      dt: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Output interval and RK4 step; default: @ dt in the file, else 0.05',
      },
      method: {
        type: 'string',
        optional: true,
        choices: ['dopri5', 'rk4', 'ode23s'],
        description: 'Integrator (ode23s: stiff Rosenbrock 2(3)); default: @ meth in the file, else dopri5',
      },
      rtol: { type: 'number', default: 1e-8, min: 0, description: 'Relative tolerance (dopri5)' },
      atol: { type: 'number', default: 1e-10, min: 0, description: 'Absolute tolerance (dopri5)' },
      transient: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Samples before this time are not stored; default: @ trans, else 0',
      },
      maxSteps: {
        type: 'number',
        default: 10_000_000,
        min: 1,
        integer: true,
        description: 'Safety limit on integration steps',
      },
      bound: {
        type: 'number',
        default: 1e12,
        min: 0,
        description: 'A state beyond +-bound counts as blown up (@ bounds in the file overrides)',
      },
      set: setParam,
      init: initParam,
    },
    run: (input, params, ctx) => runSimulate(input, params, ctx),
    toCsv: (r: SimulateResult) => simulateToCsv(r),
  }),
  defineAnalysis({
    id: 'lyapunov',
    title: 'Lyapunov exponents',
    description:
      "Model (.ode): the Lyapunov spectrum by Benettin's method with QR re-orthonormalisation of the variational equations, transient discarded, with running estimates, standard errors, the Liouville check (sum = mean divergence) and a verdict. Data (table): the largest exponent by Rosenstein's method on a delay embedding (dimension by false nearest neighbours, lag by mutual information), with the divergence curve and its fitted linear region.",
    inputs: ['ode', 'table'],
    params: {
      duration: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Model: averaging time after the transient (maps: iterations); default 1000 (maps 100000)',
      },
      transient: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Model: discarded transient; default 100 (maps 1000 iterations)',
      },
      renormInterval: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description: 'Model: time between QR re-orthonormalisations; default 0.5 (maps: every iteration)',
      },
      method: {
        type: 'string',
        optional: true,
        choices: ['dopri5', 'rk4', 'ode23s'],
        description: 'Model: integrator (ode23s: stiff Rosenbrock 2(3)); default: @ meth in the file, else dopri5',
      },
      dt: {
        type: 'number',
        optional: true,
        min: 0,
        unit: 'time',
        description:
          'Model: RK4 step (default @ dt, else 0.01). Data: sample spacing (default: from the time column, else 1 = per sample)',
      },
      rtol: {
        type: 'number',
        default: 1e-8,
        min: 0,
        description: 'Model: relative tolerance of dopri5 (orbit and tangent vectors)',
      },
      atol: { type: 'number', default: 1e-10, min: 0, description: 'Model: absolute tolerance of dopri5' },
      count: {
        type: 'number',
        optional: true,
        min: 1,
        integer: true,
        description: 'Model: how many exponents (default all)',
      },
      bound: {
        type: 'number',
        default: 1e12,
        min: 0,
        description: 'Model: a state beyond +-bound counts as divergent',
      },
      set: setParam,
      init: initParam,
      column: {
        type: 'string',
        optional: true,
        description: 'Data: column to analyse; default: the first non-time column',
      },
      timeColumn: {
        type: 'string',
        optional: true,
        description: 'Data: time column; default: a column named t or time',
      },
      dim: {
        type: 'number',
        optional: true,
        min: 1,
        integer: true,
        description: 'Data: embedding dimension; default: false nearest neighbours (Kennel 1992)',
      },
      lag: {
        type: 'number',
        optional: true,
        min: 1,
        integer: true,
        unit: 'samples',
        description:
          'Data: embedding lag; default: first minimum of mutual information (capped by the autocorrelation 1/e time)',
      },
      theiler: {
        type: 'number',
        optional: true,
        min: 0,
        integer: true,
        unit: 'samples',
        description: 'Data: Theiler window (neighbours closer in time are excluded); default: the mean period',
      },
      horizon: {
        type: 'number',
        optional: true,
        min: 5,
        integer: true,
        unit: 'samples',
        description: 'Data: length of the divergence curve; default max(20, 8 Theiler, 6 lag) up to 1000',
      },
      fitStart: {
        type: 'number',
        optional: true,
        min: 0,
        integer: true,
        unit: 'samples',
        description: 'Data: first step of the linear fit; default: automatic (10% of the rise)',
      },
      fitEnd: {
        type: 'number',
        optional: true,
        min: 1,
        integer: true,
        unit: 'samples',
        description: 'Data: last step of the linear fit; default: automatic (70% of the rise)',
      },
      maxDim: {
        type: 'number',
        default: 10,
        min: 1,
        max: 30,
        integer: true,
        description: 'Data: largest embedding dimension tried by false nearest neighbours',
      },
    },
    run: (input, params, ctx) => runLyapunov(input, params, ctx),
    toCsv: (r: LyapunovResult) => lyapunovToCsv(r),
    features: lyapunovFeatures,
  }),
  defineAnalysis({
    id: 'fixed-points',
    title: 'Fixed points',
    description:
      'Equilibria of a flow (f(x) = 0) or fixed points of a map (f(x) = x) by damped Newton from many seeds (deduplicated), with the eigenvalues of the exact Jacobian and the type: stable/unstable node or focus, saddle, center (maps: with respect to the unit circle).',
    inputs: ['ode'],
    params: {
      seeds: {
        type: 'number',
        default: 200,
        min: 1,
        integer: true,
        description: 'Random seeds in the search box (plus 40 points of a trajectory from the initial condition)',
      },
      seed: { type: 'number', default: 1, integer: true, description: 'Random seed (results are reproducible)' },
      lower: {
        type: 'number-list',
        optional: true,
        description: 'Lower corner of the search box, one value per state; default: trajectory box widened by 50%',
      },
      upper: {
        type: 'number-list',
        optional: true,
        description: 'Upper corner of the search box, one value per state',
      },
      tol: { type: 'number', default: 1e-10, min: 0, description: 'Convergence: max |F| <= tol (1 + max |x|)' },
      maxIterations: { type: 'number', default: 50, min: 1, integer: true, description: 'Newton iterations per seed' },
      set: setParam,
    },
    run: (input, params, ctx) => runFixedPoints(input, params, ctx),
    toCsv: (r: FixedPointsResult) => fixedPointsToCsv(r),
  }),
  defineAnalysis({
    id: 'ews',
    title: 'Early-warning signals',
    description:
      'Critical slowing down before a tipping point, as ewstools defines it: detrending (Gaussian kernel or Lowess), rolling variance, lag-1 autocorrelation and skewness, their Kendall tau trends, and p-values from seeded surrogate series (AR(1) or phase-randomised).',
    inputs: ['table'],
    params: {
      column: { type: 'string', optional: true, description: 'Column to analyse; default: the first non-time column' },
      timeColumn: {
        type: 'string',
        optional: true,
        description: 'Time column; default: a column named t or time, else the sample index',
      },
      detrend: {
        type: 'string',
        default: 'gaussian',
        choices: ['gaussian', 'lowess', 'none'],
        description: 'Detrending (ewstools: Gaussian bandwidth or Lowess span)',
      },
      bandwidth: {
        type: 'number',
        default: 0.2,
        min: 0,
        description: 'Gaussian bandwidth / Lowess span: fraction of the series (<= 1) or points (> 1)',
      },
      window: {
        type: 'number',
        default: 0.25,
        min: 0,
        description: 'Rolling window: fraction of the series (<= 1) or points (> 1)',
      },
      surrogates: {
        type: 'number',
        default: 200,
        min: 1,
        max: 100_000,
        integer: true,
        description: 'Number of surrogate series for the p-values',
      },
      surrogateKind: {
        type: 'string',
        default: 'ar1',
        choices: ['ar1', 'phase'],
        description: "Surrogates: AR(1) with the residuals' lag-1 autocorrelation and variance, or phase-randomised",
      },
      seed: { type: 'number', default: 1, integer: true, description: 'Random seed of the surrogates' },
      alpha: { type: 'number', default: 0.05, min: 0, max: 1, description: 'Significance level' },
      transition: {
        type: 'number',
        optional: true,
        unit: 'time',
        description: 'Time of the transition: later data are dropped (ewstools "transition")',
      },
    },
    run: (input, params, ctx) => runEws(input, params, ctx),
    toCsv: (r: EwsResult) => ewsToCsv(r),
    features: ewsFeatures,
  }),
];
