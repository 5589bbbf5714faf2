/**
 * Boundary-value problems by simple shooting, as XPPAUT's "Bndry val" solver does it (the xppbdry help page): the
 * problem is the model on [t0, t0 + total] with one `bdry` condition 0 = g_k(y(t0), y(t1)) per state. Every initial
 * value is unknown; parameters are held fixed. Newton's method on G(y0) = g(y0, phi(y0)), phi the flow map over the
 * interval, with a forward-difference Jacobian (one extra integration per unknown) and a halving line search on
 * |G| (Stoer and Bulirsch, "Introduction to Numerical Analysis", 3rd ed., Section 7.3.1, simple shooting, and 5.4,
 * the damped Newton method). The file's initial conditions are the first guess.
 */
import { badInput } from '../../core/errors';
import { compileExprs } from '../ode/compile';
import { postOrder } from '../ode/expr';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { solveDense } from './implicit';
import { simulate, type SimulateOptions } from './trajectory';

export interface ShootingOptions {
  /** Convergence: Euclidean norm of the boundary residual below this. */
  tol: number;
  maxIterations: number;
}

export interface ShootingResult {
  /** The initial state that satisfies the boundary conditions. */
  initialState: Float64Array;
  /** Euclidean norm of the boundary residual at the solution, and each condition's residual. */
  residualNorm: number;
  residuals: number[];
  /** Newton iterations taken (0 when the file's initial data already satisfy the conditions). */
  iterations: number;
}

const PERIODIC_HINT =
  ' Periodic conditions on an autonomous system leave the phase free and need the period as an unknown: fix one initial value with a condition such as "bdry x-1" in place of one periodicity condition, and scale time by a period that is a state with period\'=0';

const norm2 = (v: Float64Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Why a model cannot be solved as a boundary-value problem by shooting, or undefined. */
function unsuitable(model: OdeModel): string | undefined {
  const n = model.stateNames.length;
  if (model.boundary.length === 0) return 'the model has no boundary conditions (bdry lines)';
  if (model.kind === 'map') return 'the model is a map, not a differential equation';
  if (model.features.delay) return 'the model has delays (XPPAUT refuses them in its shooting too)';
  if (model.features.wiener || model.features.random) return 'the model draws random numbers';
  if (model.features.implicit) return 'the model has integral or algebraic equations';
  const hom = model.boundary.find((b) => b.homoclinic);
  if (hom)
    return `line ${hom.line}: "${hom.text}" uses hom_bcs, AUTO's homoclinic boundary conditions, which XPPAUT's shooting evaluates as 0; they need AUTO's homoclinic continuation, which DynLens does not do`;
  if (model.boundary.length !== n)
    return `the model has ${model.boundary.length} boundary conditions for ${n} states (${model.stateNames.join(', ')}); shooting needs one per state`;
  return undefined;
}

/**
 * Solves the boundary-value problem; `sim` are the integration settings of the run (t0, tEnd, method, step,
 * tolerances). Throws badInput with the residual reached when Newton's method fails.
 */
export function shoot(
  model: OdeModel,
  compiled: CompiledModel,
  sim: SimulateOptions,
  o: ShootingOptions,
): ShootingResult {
  const file = model.file;
  const why = unsuitable(model);
  if (why) throw badInput(`--bvp: ${why}`, { file });
  const n = model.stateNames.length;
  const bc = compileExprs(
    model.boundary.map((b) => b.expr),
    2 * n,
    model.paramNames.length,
    compiled.runtime,
  );
  const span = sim.tEnd - sim.t0;
  const ends = new Float64Array(2 * n);
  /** G(y0): integrates over the interval and evaluates the conditions; NaN entries when the integration fails. */
  const residual = (y0: Float64Array, out: Float64Array): void => {
    const tr = simulate(model, compiled, { ...sim, dt: span, transient: sim.t0, y0 });
    const last = tr.t.length - 1;
    if (tr.diverged || last < 1 || Math.abs(tr.t[last] - sim.tEnd) > 1e-9 * Math.max(1, Math.abs(sim.tEnd))) {
      out.fill(NaN);
      return;
    }
    ends.set(y0);
    for (let i = 0; i < n; i++) ends[n + i] = tr.states[i][last];
    bc(sim.t0, ends, model.paramValues, out);
  };
  const y = Float64Array.from(model.init.subarray(0, n));
  const g = new Float64Array(n);
  residual(y, g);
  let r = norm2(g);
  if (!Number.isFinite(r))
    throw badInput(
      `--bvp: the boundary conditions are not finite at the initial guess (${describe(model, y)}): the solution from it blows up or leaves the domain of the equations before t = ${sim.tEnd}`,
      { file },
    );
  const autonomous = !postOrder(model.rhs).some((e) => e.k === 't');
  const J = new Float64Array(n * n);
  const gd = new Float64Array(n);
  const yd = new Float64Array(n);
  const step = new Float64Array(n);
  let it = 0;
  while (r > o.tol) {
    if (it >= o.maxIterations)
      throw badInput(
        `--bvp: shooting did not converge in ${o.maxIterations} Newton iterations: the boundary residual is ${r.toExponential(3)} (tolerance ${o.tol}) at ${describe(model, y)}; ${worst(model, g)}. Try other initial conditions (init) as the first guess`,
        { file, row: model.boundary[0].line },
      );
    it++;
    for (let j = 0; j < n; j++) {
      yd.set(y);
      const h = 1e-7 * Math.max(1, Math.abs(y[j]));
      yd[j] += h;
      residual(yd, gd);
      for (let i = 0; i < n; i++) J[i * n + j] = (gd[i] - g[i]) / h;
    }
    if (!J.every(Number.isFinite))
      throw badInput(
        `--bvp: at Newton iteration ${it} the solution from a slightly perturbed initial state (${describe(model, y)}) blows up or leaves the domain of the equations before t = ${sim.tEnd}: the shooting problem is too sensitive on this interval`,
        { file, row: model.boundary[0].line },
      );
    step.set(g);
    if (!solveDense(J, step, n))
      throw badInput(
        `--bvp: the boundary conditions do not determine the initial state near ${describe(model, y)} (singular shooting Jacobian at Newton iteration ${it}; residual ${r.toExponential(3)}).${PERIODIC_HINT}`,
        { file, row: model.boundary[0].line },
      );
    // damped Newton: halve the step until the residual decreases
    for (let lambda = 1; ; lambda /= 2) {
      if (lambda < 1 / 1024)
        throw badInput(
          `--bvp: Newton's method stalled at iteration ${it}: no step along the Newton direction lowers the boundary residual ${r.toExponential(3)} at ${describe(model, y)}; ${worst(model, g)}.${autonomous ? PERIODIC_HINT : ''}`,
          { file, row: model.boundary[0].line },
        );
      for (let i = 0; i < n; i++) yd[i] = y[i] - lambda * step[i];
      residual(yd, gd);
      const rd = norm2(gd);
      if (rd < r) {
        y.set(yd);
        g.set(gd);
        r = rd;
        break;
      }
    }
  }
  return { initialState: y, residualNorm: r, residuals: Array.from(g), iterations: it };
}

function describe(model: OdeModel, y: Float64Array): string {
  return model.stateNames
    .slice(0, 8)
    .map((s, i) => `${s}=${Number(y[i].toPrecision(6))}`)
    .join(', ')
    .concat(model.stateNames.length > 8 ? ', ...' : '');
}

function worst(model: OdeModel, g: Float64Array): string {
  let k = 0;
  for (let i = 1; i < g.length; i++) if (!(Math.abs(g[i]) <= Math.abs(g[k]))) k = i;
  return `the largest residual is ${g[k].toExponential(3)} in line ${model.boundary[k].line} (bdry ${model.boundary[k].text})`;
}
