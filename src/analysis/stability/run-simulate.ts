import type { AnalysisContext } from '../core/context';
import type { AnalysisInput } from '../core/input';
import type { SimulateResult } from '../../protocol/results/stability';
import { simulate, type Method } from './integrate/trajectory';
import type { OdeModel } from './ode/parser';
import { loadModel } from './model-input';
import type { SimulateParams } from './params';
import { estimateTrajectory } from './estimate';
import { shoot } from './integrate/shooting';

export function runSimulate(input: AnalysisInput, p: SimulateParams, ctx: AnalysisContext): SimulateResult {
  const { model, compiled, size } = loadModel(input, p.set, p.init, ctx.checkEstimate);
  const isMap = model.kind === 'map';
  const tEnd = p.tEnd ?? model.options.total ?? (isMap ? 1000 : 100);
  // XPPAUT stores every njmp-th step: the output interval is dt * njmp, the fixed step stays dt
  const njmp = p.dt === undefined ? (model.options.njmp ?? 1) : 1;
  const stepDt = p.dt ?? model.options.dt ?? 0.05;
  const dt = isMap ? njmp : stepDt * njmp;
  const notes = [...model.notes];
  const method = chooseMethod(p.method, model, notes);
  const bound = model.options.bounds ?? p.bound;
  const t0 = model.options.t0 ?? 0;
  const stored = Math.floor(Math.max(0, tEnd - (p.transient ?? model.options.transient ?? 0)) / dt) + 1;
  ctx.checkEstimate?.(estimateTrajectory(size, stored, Math.min(p.maxSteps, tEnd / dt), '--t-end (or raise --dt)'));
  const sim = {
    t0,
    tEnd: t0 + tEnd,
    dt,
    step: isMap ? undefined : stepDt,
    method,
    rtol: p.rtol,
    atol: p.atol,
    bound,
    maxSteps: p.maxSteps,
    transient: t0 + (p.transient ?? model.options.transient ?? 0),
    memoryBudgetBytes: ctx.memoryBudgetBytes,
  };
  let bvp: SimulateResult['bvp'];
  if (p.bvp) {
    const s = shoot(model, compiled, sim, { tol: p.bvpTol, maxIterations: p.bvpMaxIter });
    bvp = {
      iterations: s.iterations,
      residualNorm: s.residualNorm,
      residuals: s.residuals,
      initialState: model.stateNames.map((name, i) => ({ name, value: s.initialState[i] })),
    };
    notes.push(
      `boundary-value problem on [${t0}, ${t0 + tEnd}] solved by shooting in ${s.iterations} Newton iteration(s); boundary residual ${s.residualNorm.toExponential(2)}`,
    );
    Object.assign(sim, { y0: s.initialState });
  } else if (model.boundary.length > 0)
    notes.push(`${model.boundary.length} boundary condition(s) (bdry) not used: run with --bvp to solve them`);
  const tr = simulate(model, compiled, sim, ctx);
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
    auxNames: [...model.aux.map((a) => a.name), ...model.solvNames],
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
    bvp,
    notes,
  };
}

/**
 * The integrator: --method, else the file's meth, else adaptive DOPRI5. Models with noise (wiener, ran, normal) draw
 * new values at every evaluation, which an adaptive step-size control cannot handle: they run with a fixed step
 * (Euler-Maruyama for wiener unless the file asks for another fixed-step method).
 */
function chooseMethod(asked: string | undefined, model: OdeModel, notes: string[]): Method {
  const m = (asked ?? model.options.method ?? 'dopri5') as Method;
  const noisy = model.features.wiener || model.features.random;
  if (noisy) {
    notes.push(
      `random numbers from seed ${model.options.seed ?? 0}${model.options.seed === undefined ? ' (set another with @ seed=...)' : ''}`,
    );
    if (m === 'dopri5' || m === 'ode23s') {
      const fixed: Method = model.features.wiener ? 'euler' : 'rk4';
      notes.push(
        `the model draws random numbers: integrated with fixed-step ${fixed === 'euler' ? 'Euler-Maruyama' : 'RK4'} at dt instead of ${m}`,
      );
      return fixed;
    }
  }
  return m;
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
