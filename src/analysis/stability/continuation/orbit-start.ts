/**
 * A periodic orbit to start continuation from, taken from a simulation: the model is integrated from its initial
 * state (DOPRI5, tight tolerances), the first half of the run is discarded as transient, and the period is read from
 * the upward crossings of the first state variable through its mean (linear interpolation between output samples).
 * The crossings must be regular (their spread under 0.1% of the period): a chaotic or quasi-periodic attractor is
 * refused rather than continued. The last full period becomes the collocation profile; the corrector refines it.
 */
import type { AnalysisContext } from '../../core/context';
import { badInput } from '../../core/errors';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { simulate } from '../integrate/trajectory';

export interface SimulatedCycle {
  period: number;
  /** Samples of one period: state at time t0 + s * period for s = k / (samples - 1). */
  at(s: number): Float64Array;
}

const SAMPLES_PER_RUN = 40_000;

export function cycleFromSimulation(model: OdeModel, compiled: CompiledModel, ctx: AnalysisContext): SimulatedCycle {
  const n = compiled.n;
  const total = Math.max(model.options.total ?? 200, 200);
  const dt = total / SAMPLES_PER_RUN;
  const tr = simulate(
    model,
    compiled,
    {
      t0: 0,
      tEnd: total,
      dt,
      method: 'dopri5',
      rtol: 1e-10,
      atol: 1e-12,
      bound: 1e8,
      maxSteps: 5_000_000,
      transient: total / 2,
      memoryBudgetBytes: ctx.memoryBudgetBytes,
    },
    ctx,
  );
  if (tr.diverged)
    throw badInput(`the orbit from the initial state diverges (${tr.diverged.message}): no cycle to continue`, {
      file: model.file,
    });
  const x = tr.states[0];
  const t = tr.t;
  let mean = 0;
  for (let k = 0; k < x.length; k++) mean += x[k];
  mean /= x.length;
  const crossings: number[] = [];
  for (let k = 1; k < x.length; k++) {
    if (x[k - 1] < mean && x[k] >= mean)
      crossings.push(t[k - 1] + ((mean - x[k - 1]) / (x[k] - x[k - 1])) * (t[k] - t[k - 1]));
  }
  if (crossings.length < 4) {
    throw badInput(
      `the orbit from the initial state settles without oscillating (${crossings.length} crossings of its mean in t = ${total / 2}..${total}): no cycle to continue; start from --start equilibrium or move --init`,
      { file: model.file },
    );
  }
  const gaps = crossings.slice(1).map((c, i) => c - crossings[i]);
  const recent = gaps.slice(-Math.min(gaps.length, 20));
  const period = recent.reduce((a, b) => a + b, 0) / recent.length;
  const spread = Math.max(...recent.map((g) => Math.abs(g - period)));
  if (spread > 1e-3 * period) {
    throw badInput(
      `the orbit from the initial state is not periodic: the times between crossings vary by ${((100 * spread) / period).toFixed(2)}% (chaotic, quasi-periodic or not yet settled); no cycle to continue`,
      { file: model.file },
    );
  }
  const start = crossings[crossings.length - 1] - period;
  const at = (s: number): Float64Array => {
    const time = start + s * period;
    const k = Math.min(t.length - 2, Math.max(0, Math.floor((time - t[0]) / dt)));
    const w = (time - t[k]) / (t[k + 1] - t[k]);
    const out = new Float64Array(n);
    for (let c = 0; c < n; c++) out[c] = (1 - w) * tr.states[c][k] + w * tr.states[c][k + 1];
    return out;
  };
  return { period, at };
}
