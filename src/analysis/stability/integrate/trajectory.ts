/**
 * Trajectories on an output grid: flows through a stepper with dense output (the integrator chooses its own steps;
 * samples at t0 + k*dt are interpolated), maps by iteration. Used by 'simulate', the code lens fate and fixed-point
 * seeds.
 */
import type { AnalysisContext } from '../../core/context';
import { badInput, tooLarge } from '../../core/errors';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { createDopri5, initialStep } from './dopri5';
import { createRk4 } from './rk4';
import { createRosenbrock23, finiteDifferenceJacobian, type JacobianRowMajor } from './rosenbrock';
import { checkBounded, formatTime, type Rhs, type Stepper, type StepperOptions } from './stepper';
import { createFixedStep } from './euler';
import { createEventWatcher, createGillespie, createMarkovJumps } from './events';
import { DelayHistory } from './history';
import { evalExpr } from '../ode/evaluate';
import { simulateImplicit } from './implicit';

export interface SimulateOptions {
  t0: number;
  tEnd: number;
  /** Output interval (flows); RK4 step size too. Ignored for maps (one sample per iteration). */
  dt: number;
  /** Step of the fixed-step methods when it differs from the output interval (XPPAUT's njmp: dt = step * njmp). */
  step?: number;
  method: Method;
  rtol: number;
  atol: number;
  bound: number;
  maxSteps: number;
  /** Samples with t < transient are not stored (XPPAUT `trans`). */
  transient: number;
  /** Budget for the stored trajectory. */
  memoryBudgetBytes: number;
  /** Initial state (defaults to model.init). */
  y0?: Float64Array;
}

export interface Trajectory {
  t: Float64Array;
  /** states[i][k] = component i at t[k]. */
  states: Float64Array[];
  aux: Float64Array[];
  /** When the run stopped early because the solution diverged: the message ("blows up at t = 3.2 ..."). */
  diverged?: { t: number; message: string };
  stats: { accepted: number; rejected: number; evaluations: number; stiffAt?: number };
}

export type Method = 'dopri5' | 'rk4' | 'ode23s' | 'euler' | 'modeuler';

const FIXED_STEP: readonly Method[] = ['rk4', 'euler', 'modeuler'];

/** A stepper of the chosen method; ode23s uses `jac` (exact) or finite differences. */
export function makeStepper(
  f: Rhs,
  t0: number,
  y0: Float64Array,
  opts: StepperOptions & { method: Method; jac?: JacobianRowMajor },
  beforeStep?: (h: number) => void,
): Stepper {
  if (opts.method === 'rk4') return createRk4(f, t0, y0, opts);
  if (opts.method === 'euler' || opts.method === 'modeuler')
    return createFixedStep(opts.method, f, t0, y0, opts, beforeStep);
  if (opts.method === 'ode23s') {
    const h0 = initialStep(f, t0, y0, opts.rtol, opts.atol, opts.hMax);
    return createRosenbrock23(f, opts.jac ?? finiteDifferenceJacobian(f, y0.length), t0, y0, { ...opts, h0 });
  }
  const h0 = initialStep(f, t0, y0, opts.rtol, opts.atol, opts.hMax);
  return createDopri5(f, t0, y0, { ...opts, h0 });
}

export function modelRhs(compiled: CompiledModel, params: Float64Array): Rhs {
  const g = compiled.rhs;
  return (t, y, out) => g(t, y, params, out);
}

/** Checks f at the initial condition: a division by zero there is reported with the equation's line. */
export function checkInitialRhs(model: OdeModel, compiled: CompiledModel, y0: Float64Array, t0: number): void {
  const out = new Float64Array(compiled.n);
  compiled.rhs(t0, y0, model.paramValues, out);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      const eq = model.kind === 'map' ? `${model.stateNames[i]}(t+1)` : `${model.stateNames[i]}'`;
      throw badInput(
        `line ${model.stateLines[i]}: ${eq} evaluates to ${out[i]} at the initial condition (${model.stateNames.map((s, k) => `${s}=${y0[k]}`).join(', ')}): division by zero or a function outside its domain`,
        { file: model.file, row: model.stateLines[i], column: 1 },
      );
    }
  }
}

/**
 * Integrates (or iterates) the model; if the solution blows up, the trajectory up to that point is returned with
 * `diverged` set, so the user still sees where it went.
 */
export function simulate(
  model: OdeModel,
  compiled: CompiledModel,
  o: SimulateOptions,
  ctx?: AnalysisContext,
): Trajectory {
  if (model.features.implicit) return simulateImplicit(model, compiled, o, ctx);
  const n = compiled.n;
  const y0 = o.y0 ?? model.init;
  const p = model.paramValues;
  const rt = compiled.runtime;
  rt.reseed(model.options.seed ?? 0);
  let history: DelayHistory | undefined;
  if (model.features.delay) {
    const hist = model.initHistory;
    const before = (i: number, s: number): number => (hist[i] ? evalExpr(hist[i], s, y0, p) : 0);
    history = new DelayHistory(n, o.t0, before, o.memoryBudgetBytes, model.file);
    const h = history;
    rt.delay = (i, s) => h.value(i, s);
  }
  // Gillespie draws exist before the first evaluation (they are redrawn before every iteration)
  const gillespie = createGillespie(model, rt);
  gillespie?.(o.t0, y0);
  checkInitialRhs(model, compiled, y0, o.t0);
  const isMap = model.kind === 'map';
  const step = isMap ? 1 : o.dt;
  if (!(o.tEnd > o.t0)) throw badInput(`t-end (${o.tEnd}) must be greater than t0 (${o.t0})`, { file: model.file });
  const firstK = Math.max(0, Math.ceil((o.transient - o.t0) / step - 1e-9));
  const lastK = Math.floor((o.tEnd - o.t0) / step + 1e-9);
  const samples = lastK - firstK + 1;
  const nAux = model.aux.length;
  const bytes = samples * (n + nAux + 1) * 8;
  if (bytes > o.memoryBudgetBytes) {
    throw tooLarge(
      `the trajectory would hold ${samples} samples x ${n + nAux + 1} columns = ${(bytes / 2 ** 20).toFixed(0)} MB, over the memory budget of ${(o.memoryBudgetBytes / 2 ** 20).toFixed(0)} MB; raise --dt or lower --t-end`,
      { file: model.file },
    );
  }
  if (!isMap && FIXED_STEP.includes(o.method) && (o.tEnd - o.t0) / (o.step ?? o.dt) > o.maxSteps) {
    throw tooLarge(
      `${o.method} with dt = ${o.dt} needs ${Math.ceil((o.tEnd - o.t0) / o.dt)} steps (limit ${o.maxSteps}); raise --dt or lower --t-end`,
      { file: model.file },
    );
  }
  const tArr = new Float64Array(samples);
  const states = Array.from({ length: n }, () => new Float64Array(samples));
  const aux = Array.from({ length: nAux }, () => new Float64Array(samples));
  const auxBuf = new Float64Array(nAux);
  const cur = new Float64Array(n);
  let stored = 0;
  const store = (t: number, y: Float64Array): void => {
    tArr[stored] = t;
    for (let i = 0; i < n; i++) states[i][stored] = y[i];
    if (nAux > 0) {
      compiled.aux(t, y, p, auxBuf);
      for (let i = 0; i < nAux; i++) aux[i][stored] = auxBuf[i];
    }
    stored++;
  };
  const p0 = model.paramValues;
  const opts: StepperOptions & { method: Method; jac?: JacobianRowMajor } = {
    jac: (t, y, J) => compiled.jac(t, y, p0, J),
    method: o.method,
    rtol: o.rtol,
    atol: o.atol,
    h0: o.step ?? o.dt,
    hMax: Math.max(o.dt, (o.tEnd - o.t0) / 10),
    bound: o.bound,
    maxSteps: o.maxSteps,
    file: model.file,
    names: model.stateNames,
    tEnd: o.tEnd,
  };
  const finish = (
    diverged?: Trajectory['diverged'],
    stats: Trajectory['stats'] = { accepted: 0, rejected: 0, evaluations: 0 },
  ): Trajectory => ({
    t: tArr.subarray(0, stored),
    states: states.map((s) => s.subarray(0, stored)),
    aux: aux.map((a) => a.subarray(0, stored)),
    diverged,
    stats,
  });

  if (isMap) {
    const y = Float64Array.from(y0);
    const ny = new Float64Array(n);
    if (firstK === 0) store(o.t0, y);
    for (let k = 1; k <= lastK; k++) {
      gillespie?.(o.t0 + k - 1, y);
      compiled.rhs(o.t0 + k - 1, y, p, ny);
      y.set(ny);
      try {
        checkBounded(y, o.t0 + k, opts);
      } catch (e) {
        return finish({ t: o.t0 + k, message: (e as Error).message }, { accepted: k, rejected: 0, evaluations: k });
      }
      if (k >= firstK) store(o.t0 + k, y);
      if ((k & 0xffff) === 0) {
        ctx?.signal.throwIfCancelled();
        ctx?.progress(k / lastK, `iteration ${k}`);
      }
    }
    return finish(undefined, { accepted: lastK, rejected: 0, evaluations: lastK });
  }

  const f = modelRhs(compiled, p);
  const draw = gillespie
    ? (): void => gillespie(stepper.t, stepper.y)
    : model.features.wiener
      ? (h: number): void => {
          const scale = 1 / Math.sqrt(h);
          for (let i = 0; i < rt.w.length; i++) rt.w[i] = scale * rt.normal(0, 1);
        }
      : undefined;
  if (history) opts.hMax = Math.min(opts.hMax, o.dt);
  const stepper = makeStepper(f, o.t0, y0, opts, draw);
  const fNow = new Float64Array(n);
  const remember = (): void => {
    if (!history) return;
    f(stepper.t, stepper.y, fNow);
    history.push(stepper.t, stepper.y, fNow);
  };
  remember();
  const events = createEventWatcher(model, rt);
  const jumps = createMarkovJumps(model, rt);
  events?.reset(o.t0, stepper.y);
  let k = firstK;
  if (k === 0) {
    store(o.t0, stepper.y);
    k = 1;
  }
  /** Stores the samples up to time `upTo` from the current step's dense output. */
  const storeUpTo = (upTo: number, exact: boolean): void => {
    while (k <= lastK && o.t0 + k * step <= upTo + 1e-12 * Math.max(1, Math.abs(upTo))) {
      const tk = Number((o.t0 + k * step).toPrecision(15)); // 0.15, not 0.15000000000000002, in the CSV
      if (exact && tk === stepper.t) store(tk, stepper.y);
      else {
        stepper.denseAt(tk, cur);
        store(tk, cur);
      }
      k++;
    }
  };
  let lastPoll = 0;
  try {
    while (k <= lastK) {
      stepper.step(o.tEnd);
      if (jumps?.(stepper.t, stepper.y, stepper.t - stepper.tPrev)) stepper.restart();
      const tc = events?.crossing(stepper);
      if (tc !== undefined && tc < stepper.t) {
        storeUpTo(tc, false);
        stepper.denseAt(tc, cur);
        stepper.t = tc;
        stepper.y.set(cur);
      }
      if (tc !== undefined) {
        storeUpTo(stepper.t, true);
        events!.apply(stepper.t, stepper.y);
        stepper.tPrev = stepper.t;
        stepper.restart();
        events!.reset(stepper.t, stepper.y);
      } else storeUpTo(stepper.t, true);
      remember();
      if (stepper.stats.accepted - lastPoll >= 2000) {
        lastPoll = stepper.stats.accepted;
        ctx?.signal.throwIfCancelled();
        ctx?.progress((stepper.t - o.t0) / (o.tEnd - o.t0), `t = ${formatTime(stepper.t)}`);
      }
    }
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if (/blows up/.test(msg)) return finish({ t: stepper.t, message: msg }, stepper.stats);
    throw e;
  }
  return finish(undefined, stepper.stats);
}
