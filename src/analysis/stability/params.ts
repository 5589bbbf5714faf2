/**
 * Parameter schemas of the stability analyses; each run-*.ts takes the resolved type of its schema
 * (ResolvedParams), so the flags, defaults and types are declared once.
 */
import type { ResolvedParams } from '../core/params';

const setParam = {
  type: 'string-list',
  optional: true,
  description:
    'Parameter overrides name=value (e.g. --set rho=24,beta=2), or the name of a set block of the file (--set fast)',
} as const;
const initParam = {
  type: 'number-list',
  min: -1e300,
  max: 1e300,
  optional: true,
  description: "Initial state, one value per state variable in file order; default: the file's init",
} as const;

export const overviewParams = {
  tEnd: {
    type: 'number',
    max: 1e9,
    optional: true,
    min: 0,
    unit: 'time',
    description: 'Trajectory end time (maps: iterations); default: @ total in the file, else 100 (maps 1000)',
  },
  duration: {
    type: 'number',
    max: 1e9,
    optional: true,
    min: 0,
    unit: 'time',
    description: 'Lyapunov averaging time; default 1000 (maps 100000)',
  },
  seeds: {
    type: 'number',
    max: 1e9,
    default: 100,
    min: 1,
    integer: true,
    description: 'Random seeds of the fixed-point search',
  },
  set: setParam,
  init: initParam,
} as const;

export const simulateParams = {
  tEnd: {
    type: 'number',
    max: 1e9,
    optional: true,
    min: 0,
    unit: 'time',
    description: 'End time (maps: iterations); default: @ total in the file, else 100 (maps 1000)',
  },
  dt: {
    type: 'number',
    max: 1e9,
    optional: true,
    min: 0,
    unit: 'time',
    description: 'Output interval and RK4 step; default: @ dt in the file, else 0.05',
  },
  method: {
    type: 'string',
    optional: true,
    choices: ['dopri5', 'rk4', 'ode23s', 'euler', 'modeuler'],
    description: 'Integrator (ode23s: stiff Rosenbrock 2(3)); default: @ meth in the file, else dopri5',
  },
  rtol: { type: 'number', max: 1, default: 1e-8, min: 0, description: 'Relative tolerance (dopri5)' },
  atol: { type: 'number', min: 0, max: 1, default: 1e-10, description: 'Absolute tolerance (dopri5)' },
  transient: {
    type: 'number',
    min: 0,
    max: 1e9,
    optional: true,
    unit: 'time',
    description: 'Samples before this time are not stored; default: @ trans, else 0',
  },
  maxSteps: {
    type: 'number',
    max: 1e10,
    default: 10_000_000,
    min: 1,
    integer: true,
    description: 'Safety limit on integration steps',
  },
  bound: {
    type: 'number',
    max: 1e300,
    default: 1e12,
    min: 0,
    description: 'A state beyond +-bound counts as blown up (@ bounds in the file overrides)',
  },
  bvp: {
    type: 'boolean',
    default: false,
    description:
      'Solve the boundary-value problem of the bdry lines by shooting on [t0, t0 + total]: every initial value unknown, parameters fixed',
  },
  bvpTol: {
    type: 'number',
    min: 0,
    max: 1,
    default: 1e-8,
    description: 'Shooting: Euclidean norm of the boundary residual to reach',
  },
  bvpMaxIter: {
    type: 'number',
    min: 1,
    max: 1000,
    default: 20,
    integer: true,
    description: "Shooting: Newton iterations before giving up (XPPAUT's default 20)",
  },
  set: setParam,
  init: initParam,
} as const;

export const lyapunovParams = {
  duration: {
    type: 'number',
    max: 1e9,
    optional: true,
    min: 0,
    unit: 'time',
    description: 'Model: averaging time after the transient (maps: iterations); default 1000 (maps 100000)',
  },
  transient: {
    type: 'number',
    min: 0,
    max: 1e9,
    optional: true,
    unit: 'time',
    description: 'Model: discarded transient; default 100 (maps 1000 iterations)',
  },
  renormInterval: {
    type: 'number',
    max: 1e9,
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
    max: 1e9,
    optional: true,
    min: 0,
    unit: 'time',
    description:
      'Model: RK4 step (default @ dt, else 0.01). Data: sample spacing (default: from the time column, else 1 = per sample)',
  },
  rtol: {
    type: 'number',
    max: 1,
    default: 1e-8,
    min: 0,
    description: 'Model: relative tolerance of dopri5 (orbit and tangent vectors)',
  },
  atol: { type: 'number', min: 0, max: 1, default: 1e-10, description: 'Model: absolute tolerance of dopri5' },
  count: {
    type: 'number',
    min: 1,
    max: 1000,
    optional: true,
    integer: true,
    description: 'Model: how many exponents (default all)',
  },
  bound: {
    type: 'number',
    max: 1e300,
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
    max: 1000,
    optional: true,
    min: 1,
    integer: true,
    description: 'Data: embedding dimension; default: false nearest neighbours (Kennel 1992)',
  },
  lag: {
    type: 'number',
    max: 1_000_000,
    optional: true,
    min: 1,
    integer: true,
    unit: 'samples',
    description:
      'Data: embedding lag; default: first minimum of mutual information (capped by the autocorrelation 1/e time)',
  },
  theiler: {
    type: 'number',
    max: 10_000_000,
    optional: true,
    min: 0,
    integer: true,
    unit: 'samples',
    description: 'Data: Theiler window (neighbours closer in time are excluded); default: the mean period',
  },
  horizon: {
    type: 'number',
    max: 1_000_000,
    optional: true,
    min: 5,
    integer: true,
    unit: 'samples',
    description: 'Data: length of the divergence curve; default max(20, 8 Theiler, 6 lag) up to 1000',
  },
  fitStart: {
    type: 'number',
    max: 1_000_000,
    optional: true,
    min: 0,
    integer: true,
    unit: 'samples',
    description: 'Data: first step of the linear fit; default: automatic (10% of the rise)',
  },
  fitEnd: {
    type: 'number',
    max: 1_000_000,
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
} as const;

export const fixedPointParams = {
  seeds: {
    type: 'number',
    max: 1e9,
    default: 200,
    min: 1,
    integer: true,
    description: 'Random seeds in the search box (plus 40 points of a trajectory from the initial condition)',
  },
  seed: {
    type: 'number',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    default: 1,
    integer: true,
    description: 'Random seed (results are reproducible)',
  },
  lower: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description: 'Lower corner of the search box, one value per state; default: trajectory box widened by 50%',
  },
  upper: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description: 'Upper corner of the search box, one value per state',
  },
  tol: { type: 'number', max: 1, default: 1e-10, min: 0, description: 'Convergence: max |F| <= tol (1 + max |x|)' },
  maxIterations: {
    type: 'number',
    min: 1,
    max: 1_000_000,
    default: 50,
    integer: true,
    description: 'Newton iterations per seed',
  },
  set: setParam,
} as const;

export const ewsParams = {
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
    max: 1e12,
    default: 0.2,
    min: 0,
    description: 'Gaussian bandwidth / Lowess span: fraction of the series (<= 1) or points (> 1)',
  },
  window: {
    type: 'number',
    max: 1e12,
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
  seed: {
    type: 'number',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    default: 1,
    integer: true,
    description: 'Random seed of the surrogates',
  },
  alpha: { type: 'number', default: 0.05, min: 0, max: 1, description: 'Significance level' },
  transition: {
    type: 'number',
    min: -1e300,
    max: 1e300,
    optional: true,
    unit: 'time',
    description: 'Time of the transition: later data are dropped (ewstools "transition")',
  },
} as const;

export type OverviewParams = ResolvedParams<typeof overviewParams>;
export type SimulateParams = ResolvedParams<typeof simulateParams>;
export type LyapunovParams = ResolvedParams<typeof lyapunovParams>;
export type FixedPointParams = ResolvedParams<typeof fixedPointParams>;
export type EwsParams = ResolvedParams<typeof ewsParams>;
