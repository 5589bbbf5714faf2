/**
 * The brute-force orbit diagram that needs no continuation: for each of `count` parameter values in [from, to], the
 * model is run from its initial state, the first half discarded as transient, and the rest recorded as the local
 * maxima of each state variable (flows; a Poincare section at dx/dt = 0 from above) or the iterates themselves
 * (maps). Chaotic windows and period doublings appear as clouds and splittings, beside the continued branches.
 */
import type { AnalysisContext } from '../../core/context';
import type { OrbitDiagram } from '../../../protocol/results/bifurcation';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { simulate } from '../integrate/trajectory';

/** Most points recorded per parameter value and variable (the last ones of the run). */
const KEEP = 120;

export function orbitDiagram(
  model: OdeModel,
  compiled: CompiledModel,
  pi: number,
  from: number,
  to: number,
  count: number,
  ctx: AnalysisContext,
): OrbitDiagram {
  const n = compiled.n;
  const isMap = model.kind === 'map';
  const total = isMap ? 1000 : Math.max(model.options.total ?? 200, 50);
  const saved = model.paramValues[pi];
  const param: number[] = [];
  const values: number[][] = Array.from({ length: n }, () => []);
  const owner: number[][] = Array.from({ length: n }, () => []);
  let diverged = 0;
  try {
    for (let k = 0; k < count; k++) {
      ctx.signal.throwIfCancelled();
      ctx.progress(0.5 + (0.45 * k) / count, 'orbit diagram');
      const lambda = count === 1 ? from : from + ((to - from) * k) / (count - 1);
      model.paramValues[pi] = lambda;
      param.push(lambda);
      let tr;
      try {
        tr = simulate(
          model,
          compiled,
          {
            t0: 0,
            tEnd: total,
            dt: isMap ? 1 : total / 20_000,
            method: 'dopri5',
            rtol: 1e-8,
            atol: 1e-10,
            bound: 1e8,
            maxSteps: 2_000_000,
            transient: total / 2,
            memoryBudgetBytes: ctx.memoryBudgetBytes,
          },
          ctx,
        );
      } catch {
        diverged++;
        continue;
      }
      if (tr.diverged) {
        diverged++;
        continue;
      }
      for (let c = 0; c < n; c++) {
        const x = tr.states[c];
        const picked: number[] = [];
        if (isMap) for (let i = 0; i < x.length; i++) picked.push(x[i]);
        else for (let i = 1; i + 1 < x.length; i++) if (x[i] > x[i - 1] && x[i] >= x[i + 1]) picked.push(x[i]);
        // a fixed point has no maxima: its value is the orbit's end
        if (picked.length === 0 && x.length > 0) picked.push(x[x.length - 1]);
        for (const v of picked.slice(-KEEP)) {
          values[c].push(v);
          owner[c].push(k);
        }
      }
    }
  } finally {
    model.paramValues[pi] = saved;
  }
  return {
    parameter: model.paramNames[pi],
    values: param,
    points: values.map((v, c) => ({ variable: model.stateNames[c], parameterIndex: owner[c], value: v })),
    kind: isMap ? 'iterates' : 'local maxima',
    diverged,
  };
}
