import type { AnalysisContext } from '../core/context';
import type { AnalysisInput } from '../core/input';
import type { SimulateResult } from '../../protocol/results/stability';
import { simulate } from './integrate/trajectory';
import { loadModel } from './model-input';
import { estimateTrajectory } from './estimate';

export interface SimulateParams {
  tEnd?: number;
  dt?: number;
  method?: string;
  rtol: number;
  atol: number;
  transient?: number;
  maxSteps: number;
  bound: number;
  set?: string[];
  init?: number[];
}

export function runSimulate(input: AnalysisInput, p: SimulateParams, ctx: AnalysisContext): SimulateResult {
  const { model, compiled, size } = loadModel(input, p.set, p.init, ctx.checkEstimate);
  const isMap = model.kind === 'map';
  const tEnd = p.tEnd ?? model.options.total ?? (isMap ? 1000 : 100);
  const dt = isMap ? 1 : (p.dt ?? model.options.dt ?? 0.05);
  const method = (p.method ?? model.options.method ?? 'dopri5') as 'dopri5' | 'rk4' | 'ode23s';
  const bound = model.options.bounds ?? p.bound;
  const t0 = model.options.t0 ?? 0;
  const stored = Math.floor(Math.max(0, tEnd - (p.transient ?? model.options.transient ?? 0)) / dt) + 1;
  ctx.checkEstimate?.(estimateTrajectory(size, stored, Math.min(p.maxSteps, tEnd / dt), '--t-end (or raise --dt)'));
  const tr = simulate(
    model,
    compiled,
    {
      t0,
      tEnd: t0 + tEnd,
      dt,
      method,
      rtol: p.rtol,
      atol: p.atol,
      bound,
      maxSteps: p.maxSteps,
      transient: t0 + (p.transient ?? model.options.transient ?? 0),
      memoryBudgetBytes: ctx.memoryBudgetBytes,
    },
    ctx,
  );
  const notes = [...model.notes];
  if (tr.diverged) {
    notes.push(tr.diverged.message);
    ctx.log(tr.diverged.message);
  }
  if (tr.stats.stiffAt !== undefined)
    notes.push(
      `the stiffness test of DOPRI5 fired at t = ${tr.stats.stiffAt}: the explicit integrator is limited by stability there (slow, but the result is accurate)`,
    );
  return {
    system: model.kind,
    stateNames: model.stateNames,
    auxNames: model.aux.map((a) => a.name),
    t: tr.t,
    states: tr.states,
    aux: tr.aux,
    method: isMap ? 'iterate' : method,
    dt,
    tEnd,
    params: model.paramNames.map((name, i) => ({ name, value: model.paramValues[i] })),
    diverged: tr.diverged,
    steps: { accepted: tr.stats.accepted, rejected: tr.stats.rejected, evaluations: tr.stats.evaluations },
    stiffAt: tr.stats.stiffAt,
    notes,
  };
}

/** t, states..., aux... with full precision (shortest round-trip representation). */
export function simulateToCsv(r: SimulateResult): string {
  const cols = [r.t, ...r.states, ...r.aux];
  const header = [r.system === 'map' ? 'n' : 't', ...r.stateNames, ...r.auxNames].join(',');
  const lines: string[] = [header];
  for (let k = 0; k < r.t.length; k++) {
    let s = '';
    for (let c = 0; c < cols.length; c++) s += (c ? ',' : '') + String(cols[c][k]);
    lines.push(s);
  }
  return lines.join('\n') + '\n';
}
