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
import { estimateLyapunovTable, runLyapunov, lyapunovToCsv } from './run-lyapunov';
import { assessLyapunov } from './quality';
import { runSimulate, simulateToCsv } from './run-simulate';
import { runOverview } from './run-overview';
import { ewsParams, fixedPointParams, lyapunovParams, overviewParams, simulateParams } from './params';
import { estimateEws } from './estimate';

/** The stability domain's analyses (registered in src/analysis/registry.ts). */
export const stabilityAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'model-overview',
    title: 'Model stability',
    description:
      'The full panel of an .ode model (what its code lens opens): the trajectory from the initial condition (phase portrait and time series), the Lyapunov spectrum with its convergence and verdict, and the fixed points with their eigenvalues, drawn on the portrait.',
    inputs: ['ode'],
    params: overviewParams,
    run: (input, params, ctx) => runOverview(input, params, ctx),
    toCsv: (r: ModelOverviewResult) => simulateToCsv(r.simulate),
  }),
  defineAnalysis({
    id: 'simulate',
    title: 'Simulate model',
    description:
      'Integrates an XPPAUT .ode model (adaptive Dormand-Prince 5(4) with dense output, or fixed-step RK4; maps are iterated) and returns the trajectory t, x, y, ... (-o writes it as CSV). Reports where the solution blows up and when the system is too stiff for the explicit integrator.',
    inputs: ['ode'],
    params: simulateParams,
    run: (input, params, ctx) => runSimulate(input, params, ctx),
    toCsv: (r: SimulateResult) => simulateToCsv(r),
  }),
  defineAnalysis({
    id: 'lyapunov',
    title: 'Lyapunov exponents',
    description:
      "Model (.ode): the Lyapunov spectrum by Benettin's method with QR re-orthonormalisation of the variational equations, transient discarded, with running estimates, standard errors, the Liouville check (sum = mean divergence) and a verdict. Data (table): the largest exponent by Rosenstein's method on a delay embedding (dimension by false nearest neighbours, lag by mutual information), with the divergence curve and its fitted linear region.",
    inputs: ['ode', 'table'],
    params: lyapunovParams,
    estimate: (input, params) => estimateLyapunovTable(input, params),
    run: (input, params, ctx) => runLyapunov(input, params, ctx),
    toCsv: (r: LyapunovResult) => lyapunovToCsv(r),
    assess: (r: LyapunovResult) => assessLyapunov(r),
    features: lyapunovFeatures,
  }),
  defineAnalysis({
    id: 'fixed-points',
    title: 'Fixed points',
    description:
      'Equilibria of a flow (f(x) = 0) or fixed points of a map (f(x) = x) by damped Newton from many seeds (deduplicated), with the eigenvalues of the exact Jacobian and the type: stable/unstable node or focus, saddle, center (maps: with respect to the unit circle).',
    inputs: ['ode'],
    params: fixedPointParams,
    run: (input, params, ctx) => runFixedPoints(input, params, ctx),
    toCsv: (r: FixedPointsResult) => fixedPointsToCsv(r),
  }),
  defineAnalysis({
    id: 'ews',
    title: 'Early-warning signals',
    description:
      'Critical slowing down before a tipping point, as ewstools defines it: detrending (Gaussian kernel or Lowess), rolling variance, lag-1 autocorrelation and skewness, their Kendall tau trends, and p-values from seeded surrogate series (AR(1) or phase-randomised).',
    inputs: ['table'],
    params: ewsParams,
    run: (input, params, ctx) => runEws(input, params, ctx),
    estimate: (input, params) => estimateEws(input, params),
    toCsv: (r: EwsResult) => ewsToCsv(r),
    features: ewsFeatures,
  }),
];
