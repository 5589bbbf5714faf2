import { badInput } from '../../core/errors';

/** y' = f(t, y); writes into out, must not allocate. */
export type Rhs = (t: number, y: Float64Array, out: Float64Array) => void;

export interface StepperOptions {
  rtol: number;
  atol: number;
  /** Initial step; for RK4 the fixed step. */
  h0: number;
  hMax: number;
  /** |y_i| beyond this (or a non-finite value) = divergence. */
  bound: number;
  /** Hard cap on accepted steps, so a pathological model never freezes the editor. */
  maxSteps: number;
  /** End of the whole run, when known: lets the stiffness test refuse early instead of grinding to maxSteps. */
  tEnd?: number;
  /** For error messages. */
  file?: string;
  /** Names of the state components for messages (the first `names.length` components are named). */
  names?: readonly string[];
}

export interface StepStats {
  accepted: number;
  rejected: number;
  evaluations: number;
  /** Set when the DOPRI5 stiffness test fired (time of detection). */
  stiffAt?: number;
}

/** A one-step integrator advanced by the caller; the state lives in `y` at time `t`. */
export interface Stepper {
  readonly method: 'dopri5' | 'rk4' | 'ode23s' | 'euler' | 'modeuler';
  t: number;
  readonly y: Float64Array;
  /** Time at the start of the last accepted step (for dense output). */
  tPrev: number;
  /** Current (proposed) step size. */
  h: number;
  /** One accepted step that does not pass tCap. */
  step(tCap: number): void;
  /** Solution at time s in [tPrev, t] (dense output; RK4 uses cubic Hermite interpolation). */
  denseAt(s: number, out: Float64Array): void;
  /** Call after changing `y` in place (e.g. re-orthonormalised tangent vectors): re-evaluates f(t, y). */
  restart(): void;
  stats: StepStats;
}

/** Divergence: non-finite or beyond the bound. Names the first offending component and the time. */
export function checkBounded(y: Float64Array, t: number, opts: StepperOptions): void {
  const n = opts.names ? opts.names.length : y.length;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (!(Math.abs(v) <= opts.bound)) throw divergenceError(t, i, v, opts);
  }
}

export function divergenceError(t: number, i: number, v: number, opts: StepperOptions): Error {
  const name = opts.names?.[i] ?? `y${i}`;
  const what = Number.isFinite(v)
    ? `|${name}| = ${v.toExponential(2)} > ${opts.bound.toExponential(0)}`
    : `${name} became ${v}`;
  return badInput(`the solution blows up at t = ${formatTime(t)} (${what})`, { file: opts.file });
}

export function formatTime(t: number): string {
  return Math.abs(t) >= 1e-3 && Math.abs(t) < 1e6 ? String(Number(t.toPrecision(4))) : t.toExponential(3);
}
