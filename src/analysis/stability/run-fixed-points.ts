import type { AnalysisContext } from '../core/context';
import type { AnalysisInput } from '../core/input';
import { usageError } from '../core/errors';
import type { FixedPointsResult } from '../../protocol/results/stability';
import { findFixedPoints } from './fixed-points';
import { simulate } from './integrate/trajectory';
import { loadModel, requireOrdinaryModel } from './model-input';
import { estimateFixedPoints } from './estimate';
import type { FixedPointParams } from './params';

export function runFixedPoints(input: AnalysisInput, p: FixedPointParams, ctx: AnalysisContext): FixedPointsResult {
  const { model, compiled, size } = loadModel(input, p.set, undefined, ctx.checkEstimate);
  requireOrdinaryModel(model, 'Fixed points');
  ctx.checkEstimate?.(estimateFixedPoints(size, p.seeds, p.maxIterations));
  const n = compiled.n;
  const notes = [...model.notes];
  // A short run from the initial condition: its samples are seeds, its bounding box (widened) the search box.
  const isMap = model.kind === 'map';
  let traj: Float64Array[] = [];
  try {
    const tr = simulate(model, compiled, {
      t0: 0,
      tEnd: isMap ? 200 : Math.min(model.options.total ?? 50, 200),
      dt: isMap ? 1 : Math.min(model.options.total ?? 50, 200) / 200,
      method: 'dopri5',
      rtol: 1e-6,
      atol: 1e-9,
      bound: 1e8,
      maxSteps: 200_000,
      transient: 0,
      memoryBudgetBytes: ctx.memoryBudgetBytes,
    });
    traj = tr.states;
    if (tr.diverged)
      notes.push(`the orbit from the initial condition diverges (${tr.diverged.message}); seeds from the part before`);
  } catch (e) {
    notes.push(`no trajectory seeds: ${(e as Error).message}`);
  }
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < n; i++) {
    let lo = model.init[i],
      hi = model.init[i];
    for (const v of traj[i] ?? [])
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    const pad = Math.max(1, 0.5 * (hi - lo));
    lower.push(p.lower?.[i] ?? lo - pad);
    upper.push(p.upper?.[i] ?? hi + pad);
  }
  if ((p.lower && p.lower.length !== n) || (p.upper && p.upper.length !== n)) {
    throw usageError(`--lower and --upper need ${n} values (one per state: ${model.stateNames.join(', ')})`);
  }
  const extra: Float64Array[] = [Float64Array.from(model.init)];
  const len = traj[0]?.length ?? 0;
  for (let k = 0; k < len; k += Math.max(1, Math.floor(len / 40))) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = traj[i][k];
    if (v.every(Number.isFinite)) extra.push(v);
  }
  const r = findFixedPoints(
    model,
    compiled,
    { seeds: p.seeds, seed: p.seed, lower, upper, extraSeeds: extra, tol: p.tol, maxIterations: p.maxIterations },
    ctx,
  );
  if (r.points.length === 0)
    notes.push(
      `no fixed point found from ${r.tried} seeds in the box [${lower.map((l, i) => `${l.toPrecision(3)}..${upper[i].toPrecision(3)}`).join(', ')}]; widen it with --lower/--upper`,
    );
  return {
    system: model.kind,
    stateNames: model.stateNames,
    fixedPoints: r.points,
    eigenvalueConvention: isMap ? 'discrete (J of the map)' : 'continuous (J of the flow)',
    seeds: r.tried,
    converged: r.converged,
    searchBox: { lower, upper },
    notes,
  };
}

export function fixedPointsToCsv(r: FixedPointsResult): string {
  const n = r.stateNames.length;
  const header = [
    ...r.stateNames,
    'type',
    'stable',
    ...Array.from({ length: n }, (_, k) => [`eig${k + 1}_re`, `eig${k + 1}_im`]).flat(),
    'residual',
    'seeds',
  ];
  const lines = [header.join(',')];
  for (const f of r.fixedPoints) {
    lines.push(
      [
        ...f.state.map(String),
        f.type,
        String(f.stable),
        ...f.eigenvalues.flat().map(String),
        String(f.residual),
        String(f.basinSeeds),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
