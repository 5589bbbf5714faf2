import type { AnalysisContext } from '../core/context';
import type { AnalysisInput } from '../core/input';
import type { LyapunovModelResult, ModelOverviewResult } from '../../protocol/results/stability';
import { runFixedPoints } from './run-fixed-points';
import { runLyapunov } from './run-lyapunov';
import { runSimulate } from './run-simulate';
import type { OverviewParams } from './params';

/** A context whose progress maps [0, 1] onto [a, b] of the parent's, so three sub-analyses report as one job. */
function slice(ctx: AnalysisContext, a: number, b: number, what: string): AnalysisContext {
  return { ...ctx, progress: (f, m) => ctx.progress(a + (b - a) * f, m ? `${what}: ${m}` : what) };
}

/**
 * The full panel of a model: trajectory from the initial condition, Lyapunov spectrum (shorter default averaging
 * than `lyapunov`, for an interactive panel) and fixed points, from one parse of the file each.
 */
export function runOverview(input: AnalysisInput, p: OverviewParams, ctx: AnalysisContext): ModelOverviewResult {
  const simulate = runSimulate(
    input,
    {
      tEnd: p.tEnd,
      rtol: 1e-8,
      atol: 1e-10,
      maxSteps: 10_000_000,
      bound: 1e12,
      bvp: false,
      bvpTol: 1e-8,
      bvpMaxIter: 20,
      set: p.set,
      init: p.init,
    },
    slice(ctx, 0, 0.2, 'trajectory'),
  );
  const lyapunov = runLyapunov(
    input,
    { duration: p.duration, rtol: 1e-8, atol: 1e-10, bound: 1e12, maxDim: 10, set: p.set, init: p.init },
    slice(ctx, 0.2, 0.8, 'Lyapunov spectrum'),
  ) as LyapunovModelResult;
  const fixedPoints = runFixedPoints(
    input,
    { seeds: p.seeds, seed: 1, tol: 1e-10, maxIterations: 50, set: p.set },
    slice(ctx, 0.8, 1, 'fixed points'),
  );
  return { simulate, lyapunov, fixedPoints };
}
