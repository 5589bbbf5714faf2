/**
 * `dynlens bifurcation`: branches of equilibria (flows) or fixed points and cycles (maps) of an .ode model in one
 * parameter, their special points with normal-form data, the branches through branch points and the period-doubled
 * cycles of maps, and (with --two-param) the curves of folds and Hopf points in two parameters.
 */
import type { AnalysisContext } from '../../core/context';
import type { AnalysisInput } from '../../core/input';
import { badInput, usageError } from '../../core/errors';
import type {
  BifurcationResult,
  Branch,
  BranchKind,
  PointOrbit,
  SpecialPoint,
  SpecialPointType,
} from '../../../protocol/results/bifurcation';
import { loadModel, requireOrdinaryModel } from '../model-input';
import { runFixedPoints } from '../run-fixed-points';
import { DEFAULT_STEP_CONTROL, type CurvePoint, type StepControl } from './curve';
import { firstLyapunovCoefficient } from './normal-form';
import { branchSwitchDirection, flipDirection } from './switching';
import { EquilibriumProblem, type ModelFunctions } from './system';
import { BranchTracer, type TracedBranch, type TracedPoint } from './trace';
import { continueCodim1Curves } from './two-parameter';
import { LABEL_PREFIX, nextLabel } from './labels';
import { cycleImages, isLowerPeriodFlip } from './map-cycles';
import { continuePeriodicBranches } from './periodic-branches';
import { cycleFromSimulation } from './orbit-start';
import { orbitDiagram } from './orbit-diagram';
import { equilibriumOrbit, orbitIndices } from './point-orbits';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';

export interface BifurcationParams {
  param?: string;
  from?: number;
  to?: number;
  start: string;
  twoParam?: string[];
  ds?: number;
  dsMin?: number;
  dsMax?: number;
  maxSteps: number;
  normMax: number;
  period: number;
  maxBranches: number;
  cycles: boolean;
  orbitDiagram: number;
  ntst: number;
  ncol: number;
  set?: string[];
  init?: number[];
}

interface Job {
  start: CurvePoint;
  period: number;
  origin: string;
  /** Period-doubled jobs: the flip point and direction, and the distance in the parameter to the flip before it. */
  flip?: { u: Float64Array; d: Float64Array; gap?: number };
}

export function runBifurcation(input: AnalysisInput, p: BifurcationParams, ctx: AnalysisContext): BifurcationResult {
  const { model, compiled } = loadModel(input, p.set, p.init);
  requireOrdinaryModel(model, 'Continuation');
  const param = p.param ?? model.paramNames[0];
  if (param === undefined || param === '') {
    throw usageError(`${input.path} has no parameters (par lines) to continue in`);
  }
  if (p.param === undefined) {
    model.notes.push(`continued in ${param}, the first parameter of the model; choose another with --param NAME`);
  }
  const pi = model.paramNames.indexOf(param);
  if (pi < 0) {
    throw usageError(
      `--param ${param}: no parameter of that name in ${input.path} (parameters: ${model.paramNames.join(', ') || 'none'})`,
    );
  }
  if (model.kind === 'flow' && p.period !== 1) throw usageError('--period applies to maps only');
  const notes = [...model.notes];
  const p0 = model.paramValues[pi];
  const width = 10 * Math.max(1, Math.abs(p0));
  const from = p.from ?? p0 - width;
  const to = p.to ?? p0 + width;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from !== to)) throw usageError('--from and --to must differ');
  // arclength mixes the parameter with the state, which is of order one or more: steps scale with both
  const scale = Math.max(Math.abs(to - from), 1);
  const control: StepControl = {
    ...DEFAULT_STEP_CONTROL,
    // a default step never contradicts a given bound: --ds-max alone lowers the first step too
    ds: p.ds ?? Math.max(Math.min(0.005 * scale, p.dsMax ?? Infinity), p.dsMin ?? 0),
    dsMin: p.dsMin ?? Math.min(1e-7 * scale, p.ds ?? Infinity, p.dsMax ?? Infinity),
    dsMax: p.dsMax ?? 0.05 * scale,
  };
  if (!(control.dsMin > 0 && control.dsMin <= control.ds && control.ds <= control.dsMax)) {
    throw usageError(`need 0 < dsmin <= ds <= dsmax (got ${control.dsMin}, ${control.ds}, ${control.dsMax})`);
  }
  const fns: ModelFunctions = {
    n: compiled.n,
    kind: model.kind,
    stateNames: model.stateNames,
    paramNames: model.paramNames,
    rhs: (x, q, out) => compiled.rhs(0, x, q, out),
    jac: (x, q, out) => compiled.jac(0, x, q, out),
  };
  const limits = { from, to, maxSteps: p.maxSteps, normMax: p.normMax };
  const fromOrbit = p.start === 'orbit';
  if (fromOrbit && model.kind !== 'flow')
    throw usageError('--start orbit is for flows; maps continue fixed points and cycles');
  const starts = fromOrbit ? [] : startingPoints(input, p, ctx, fns, pi, p0);
  if (starts.length === 0 && !fromOrbit) {
    throw badInput(
      `no ${model.kind === 'flow' ? 'equilibrium' : 'fixed point'} found at ${param} = ${p0} to start the branch from; give --init near one or move the parameter with --set`,
      { file: input.path },
    );
  }
  const branches: Branch[] = [];
  const specials: SpecialPoint[] = [];
  const counters = new Map<string, number>();
  const traced: { branch: TracedBranch; problem: EquilibriumProblem }[] = [];
  const queue: Job[] = starts.map((s) => ({ start: s, period: p.period, origin: 'start' }));
  while (queue.length > 0 && branches.length < p.maxBranches) {
    const job = queue.shift()!;
    const problem = new EquilibriumProblem(fns, model.paramValues, pi, job.period);
    const tracer = new BranchTracer(problem, control, limits, ctx, param);
    const start =
      job.origin === 'start'
        ? tracer.startTangent(job.start.u)
        : job.flip
          ? settleNearFlip(tracer, job.flip, control)
          : settle(tracer, job.start, control);
    if (!start) {
      notes.push(
        `${job.origin}: no convergence or a singular Jacobian at the start point (${param} = ${job.start.u[fns.n]}); skipped`,
      );
      continue;
    }
    if (onKnownBranch(start.u, traced, job.period)) {
      if (job.origin !== 'start') notes.push(`${job.origin}: the new direction led back onto a known branch`);
      continue;
    }
    const tb = job.period !== p.period ? tracer.traceForward(start) : tracer.traceBoth(start);
    const id = branches.length;
    traced.push({ branch: tb, problem });
    const kind: BranchKind = model.kind === 'flow' ? 'equilibrium' : job.period === 1 ? 'fixed-point' : 'cycle';
    branches.push(toBranch(id, kind, tb, param, fns, job, model.kind));
    for (let i = 0; i < tb.points.length; i++) {
      const tp = tb.points[i];
      if (!tp.special) continue;
      if (repeatsLowerPeriodFlip(tp, job.period, fns, model.paramValues, pi, specials, branches)) continue;
      const sp = toSpecial(tp, id, i, param, fns, problem, counters);
      const images = (x: number[]): number[][] =>
        job.period > 1 ? cycleImages(fns, withParam(model.paramValues, pi, tp.u[fns.n]), x, job.period) : [x];
      if (isDuplicate(sp, specials, images)) {
        // the label just taken goes back, so labels stay consecutive
        const prefix = LABEL_PREFIX[sp.type];
        counters.set(prefix, (counters.get(prefix) ?? 1) - 1);
        continue;
      }
      // a pitchfork's new branch turns back in the parameter at the branch point itself: that is the BP, not a fold
      if (sp.type === 'fold' && specials.some((k) => k.type === 'branch-point' && samePoint(k, sp))) continue;
      specials.push(sp);
      if (tp.special === 'branch-point') {
        const dir = branchSwitchDirection(problem, tp.u, tp.t);
        if (dir.ok)
          queue.push({
            start: offset(tp.u, dir.direction, control.ds),
            period: job.period,
            origin: `switched at ${sp.label}`,
          });
        else sp.note = `no branch switching: ${dir.reason}`;
      }
      if (tp.special === 'flip') {
        const jx = new Float64Array(fns.n * fns.n);
        problem.stateJacobian(tp.u.subarray(0, fns.n), tp.u[fns.n], jx);
        const d = flipDirection(jx, fns.n);
        const gap = job.flip ? Math.abs(tp.u[fns.n] - job.flip.u[fns.n]) : undefined;
        if (d)
          queue.push({
            start: offset(tp.u, d, control.ds),
            period: job.period * 2,
            origin: `period-doubled at ${sp.label}`,
            flip: { u: tp.u, d, gap },
          });
      }
    }
  }
  const orbits = traced.flatMap((t, id) => equilibriumOrbits(model, compiled, pi, t.branch, t.problem, id, ctx));
  if ((p.cycles || p.start !== 'equilibrium') && model.kind === 'flow') {
    const hopfs = specials.filter((s) => s.type === 'hopf' && s.frequency !== undefined);
    const orbit = fromOrbit ? cycleFromSimulation(model, compiled, ctx) : undefined;
    const opts = { ntst: p.ntst, ncol: p.ncol, maxBranches: p.maxBranches, orbit };
    // orbits move through state space faster than equilibria: larger steps, as AUTO's DSMAX for cycles
    const cycleControl = { ...control, ds: Math.max(control.ds, 0.01 * scale), dsMax: p.dsMax ?? 0.2 * scale };
    const cyc = continuePeriodicBranches(
      fns,
      model.paramValues,
      pi,
      hopfs,
      branches.length,
      cycleControl,
      limits,
      opts,
      ctx,
      counters,
    );
    branches.push(...cyc.branches);
    specials.push(...cyc.specials);
    notes.push(...cyc.notes);
    orbits.push(...cyc.orbits);
  }
  if (queue.length > 0)
    notes.push(`stopped after ${p.maxBranches} branches (--max-branches); ${queue.length} not followed`);
  let secondParameter: string | undefined;
  if (p.twoParam && p.twoParam.length > 0) {
    secondParameter = secondParam(p.twoParam, param, model.paramNames, input.path);
    const qi = model.paramNames.indexOf(secondParameter);
    const two = continueCodim1Curves(
      fns,
      model.paramValues,
      pi,
      qi,
      specials,
      (sp) => branches[sp.branch]?.cyclePeriod ?? 1,
      branches.length,
      control,
      limits,
      ctx,
      counters,
    );
    branches.push(...two.branches);
    specials.push(...two.specials);
    notes.push(...two.notes);
  }
  const diagram = p.orbitDiagram > 0 ? orbitDiagram(model, compiled, pi, from, to, p.orbitDiagram, ctx) : undefined;
  if (diagram && diagram.diverged > 0)
    notes.push(`orbit diagram: the run blew up at ${diagram.diverged} of ${p.orbitDiagram} parameter values`);
  return {
    system: model.kind,
    stateNames: [...model.stateNames],
    orbitDiagram: diagram,
    parameter: param,
    secondParameter,
    range: { from, to },
    branches,
    specialPoints: specials,
    orbits,
    summary: summarize(specials, param),
    notes,
  };
}

/** The stored orbits of an equilibrium (fixed-point, cycle) branch: its labelled points and a few between. */
function equilibriumOrbits(
  model: OdeModel,
  compiled: CompiledModel,
  pi: number,
  tb: TracedBranch,
  problem: EquilibriumProblem,
  branch: number,
  ctx: AnalysisContext,
): PointOrbit[] {
  const n = compiled.n;
  const labelled = tb.points.flatMap((tp, i) => (tp.special ? [i] : []));
  return orbitIndices(tb.points.length, labelled).map((index) => {
    ctx.signal.throwIfCancelled();
    const tp = tb.points[index];
    const x = tp.u.slice(0, n);
    const jacobian = new Float64Array(n * n);
    problem.stateJacobian(x, tp.u[n], jacobian);
    const at = { branch, index, x, lambda: tp.u[n], jacobian, eigenvalues: tp.info.eigenvalues };
    return equilibriumOrbit(model, compiled, pi, { ...at, cyclePeriod: problem.period }, ctx);
  });
}

function secondParam(list: string[], first: string, names: readonly string[], file: string): string {
  const names2 = list.map((s) => s.trim()).filter((s) => s !== '');
  const other = names2.filter((s) => s !== first);
  if (names2.length > 2 || other.length !== 1) {
    throw usageError(`--two-param expects two parameter names including --param ${first}, e.g. --two-param ${first},g`);
  }
  if (!names.includes(other[0])) {
    throw usageError(`--two-param ${other[0]}: no parameter of that name in ${file} (parameters: ${names.join(', ')})`);
  }
  return other[0];
}

function offset(u: Float64Array, d: Float64Array, eps: number): CurvePoint {
  const v = u.map((x, i) => x + eps * d[i]);
  return { u: v, t: d, det: 0 };
}

/** Start points: the equilibria (fixed points) found at the model's parameter value, as (x, p) vectors. */
function startingPoints(
  input: AnalysisInput,
  p: BifurcationParams,
  ctx: AnalysisContext,
  fns: ModelFunctions,
  pi: number,
  p0: number,
): CurvePoint[] {
  const n = fns.n;
  const fp = runFixedPoints(input, { seeds: 60, seed: 1, tol: 1e-11, maxIterations: 60, set: p.set }, ctx);
  const out: CurvePoint[] = [];
  for (const f of fp.fixedPoints.slice(0, 4)) {
    const u = new Float64Array(n + 1);
    u.set(f.state, 0);
    u[n] = p0;
    out.push({ u, t: new Float64Array(n + 1), det: 0 });
  }
  void pi;
  return out;
}

function onKnownBranch(
  u: Float64Array,
  traced: { branch: TracedBranch; problem: EquilibriumProblem }[],
  period: number,
): boolean {
  const scale = 1e-5 * (1 + Math.sqrt(u.reduce((s, v) => s + v * v, 0)));
  for (const t of traced) {
    if (t.problem.period !== period) continue;
    const pts = t.branch.points;
    for (let k = 0; k + 1 < pts.length; k++) if (segmentDistance(u, pts[k].u, pts[k + 1].u) < scale) return true;
  }
  return false;
}

/** Distance from u to the segment [a, b]. */
function segmentDistance(u: Float64Array, a: Float64Array, b: Float64Array): number {
  let ab = 0;
  let au = 0;
  for (let i = 0; i < u.length; i++) {
    ab += (b[i] - a[i]) ** 2;
    au += (u[i] - a[i]) * (b[i] - a[i]);
  }
  const s = ab > 0 ? Math.min(1, Math.max(0, au / ab)) : 0;
  let d = 0;
  for (let i = 0; i < u.length; i++) d += (u[i] - a[i] - s * (b[i] - a[i])) ** 2;
  return Math.sqrt(d);
}

/**
 * The start of a period-doubled branch of a map: the flip point offset along the flip direction and corrected onto
 * the doubled branch. Down a cascade the next flip comes closer by Feigenbaum's factor (~4.67) each time while the
 * doubled cycle's amplitude shrinks by ~2.5, so a fixed offset lands past the next flip: the offset is cut by 4 until
 * the start lies within a fifth of the distance between this flip and the one before it.
 */
function settleNearFlip(
  tracer: BranchTracer,
  flip: NonNullable<Job['flip']>,
  control: StepControl,
): CurvePoint | undefined {
  const n = flip.u.length - 1;
  let found: CurvePoint | undefined;
  for (let k = 0, eps = control.ds; k < 8; k++, eps /= 4) {
    const start = settle(tracer, offset(flip.u, flip.d, eps), control);
    if (start) found = start;
    if (start && (flip.gap === undefined || Math.abs(start.u[n] - flip.u[n]) <= 0.2 * flip.gap)) return start;
  }
  return found;
}

/** Corrects an offset start point onto the curve (constraint along its direction) and takes the tangent there. */
function settle(tracer: BranchTracer, guess: CurvePoint, control: StepControl): CurvePoint | undefined {
  const w = new Float64Array(guess.u.length);
  if (tracer.ws.correct(guess.u, guess.t, control, w) < 0) return undefined;
  const tan = tracer.ws.tangent(w, guess.t);
  return tan ? { u: w, t: tan.t, det: tan.det } : undefined;
}

function toBranch(
  id: number,
  kind: BranchKind,
  tb: TracedBranch,
  param: string,
  fns: ModelFunctions,
  job: Job,
  system: 'flow' | 'map',
): Branch {
  const n = fns.n;
  return {
    id,
    kind,
    freeParameters: [param],
    cyclePeriod: system === 'map' ? job.period : undefined,
    points: tb.points.map((tp) => ({
      parameters: { [param]: tp.u[n] },
      state: Array.from(tp.u.subarray(0, n)),
      stable: tp.info.stable,
    })),
    ends: tb.ends,
    origin: job.origin,
  };
}

function toSpecial(
  tp: TracedPoint,
  branch: number,
  index: number,
  param: string,
  fns: ModelFunctions,
  problem: EquilibriumProblem,
  counters: Map<string, number>,
): SpecialPoint {
  const n = fns.n;
  const type = tp.special!;
  const label = nextLabel(type, counters);
  const x = tp.u.slice(0, n);
  const sp: SpecialPoint = {
    type,
    label,
    branch,
    index,
    parameters: { [param]: tp.u[n] },
    state: Array.from(x),
  };
  if (fns.kind === 'flow') sp.eigenvalues = tp.info.eigenvalues;
  else sp.multipliers = tp.info.eigenvalues;
  if (type === 'hopf') {
    const jx = new Float64Array(n * n);
    problem.stateJacobian(x, tp.u[n], jx);
    const params = problem.params.slice();
    params[problem.paramIndex] = tp.u[n];
    const f = (y: Float64Array, out: Float64Array): void => fns.rhs(y, params, out);
    const scale = Math.max(1, ...tp.info.eigenvalues.map(([re, im]) => Math.hypot(re, im)));
    const zero = tp.info.eigenvalues.some(([re, im]) => im === 0 && Math.abs(re) < 1e-6 * scale);
    const nf = zero ? undefined : firstLyapunovCoefficient(f, x, jx);
    if (zero) {
      sp.criticality = 'degenerate';
      sp.note = 'a zero eigenvalue as well (fold-Hopf point): the first Lyapunov coefficient is not defined here';
      const pair = tp.info.eigenvalues.find(([, im]) => im > 0);
      if (pair) sp.frequency = pair[1];
    } else if (nf) {
      sp.firstLyapunovCoefficient = nf.firstLyapunovCoefficient;
      sp.frequency = nf.omega;
      const l1 = nf.firstLyapunovCoefficient;
      sp.criticality = Math.abs(l1) < 1e-9 ? 'degenerate' : l1 < 0 ? 'supercritical' : 'subcritical';
    } else {
      sp.note = 'no pair of imaginary eigenvalues at this point (neutral saddle?)';
    }
  }
  return sp;
}

function samePoint(a: SpecialPoint, b: SpecialPoint): boolean {
  const keys = Object.keys(b.parameters);
  const dp = Math.max(...keys.map((key) => Math.abs((a.parameters[key] ?? NaN) - b.parameters[key])));
  const dx = Math.max(...b.state.map((v, i) => Math.abs(v - a.state[i])));
  return dp < 1e-6 && dx < 1e-5 * (1 + Math.max(...b.state.map(Math.abs)));
}

/** A fold or branch point of a map's k-cycle branch that is the flip of a lower-period cycle the branch meets. */
function repeatsLowerPeriodFlip(
  tp: TracedPoint,
  k: number,
  fns: ModelFunctions,
  base: Float64Array,
  pi: number,
  specials: readonly SpecialPoint[],
  branches: readonly Branch[],
): boolean {
  if (k === 1 || (tp.special !== 'fold' && tp.special !== 'branch-point')) return false;
  const lambda = tp.u[fns.n];
  return (
    atLowerPeriodFlip(lambda, k, specials, branches) ||
    isLowerPeriodFlip(fns, base, pi, Array.from(tp.u.subarray(0, fns.n)), lambda, k)
  );
}

/**
 * Whether a known flip of a cycle of period d lies at parameter value lambda (to the location tolerance), with 2d
 * dividing k: there the branches of f^k born at the flip cross the period-d branch.
 */
function atLowerPeriodFlip(
  lambda: number,
  k: number,
  specials: readonly SpecialPoint[],
  branches: readonly Branch[],
): boolean {
  return specials.some(
    (s) =>
      s.type === 'flip' &&
      k % (2 * (branches[s.branch]?.cyclePeriod ?? k)) === 0 &&
      Object.values(s.parameters).some((v) => Math.abs(v - lambda) < 1e-4 * Math.max(1, Math.abs(lambda))),
  );
}

/** Whether sp (or, on a map's cycle, sp at another point of its cycle) is already known. */
function isDuplicate(
  sp: SpecialPoint,
  known: readonly SpecialPoint[],
  images: (x: number[]) => number[][] = (x) => [x],
): boolean {
  const all = images(sp.state).map((state) => ({ ...sp, state }));
  return known.some((k) => k.type === sp.type && all.some((s) => samePoint(k, s)));
}

function withParam(base: Float64Array, index: number, value: number): Float64Array {
  const q = base.slice();
  q[index] = value;
  return q;
}

const NAMES: Record<SpecialPointType, string> = {
  fold: 'fold',
  hopf: 'Hopf',
  'branch-point': 'branch point',
  'period-doubling': 'period doubling',
  'fold-of-cycles': 'fold of cycles',
  torus: 'torus',
  'bogdanov-takens': 'Bogdanov-Takens',
  cusp: 'cusp',
  'generalized-hopf': 'generalized Hopf',
  'resonance-1:1': '1:1 resonance',
  'resonance-1:2': '1:2 resonance',
  'resonance-1:3': '1:3 resonance',
  'resonance-1:4': '1:4 resonance',
  'fold-flip': 'fold-flip',
  flip: 'flip',
  'neimark-sacker': 'Neimark-Sacker',
};

/**
 * One line per special point, except that a run of the same kind on the same branch at the same parameter value
 * (the folds of cycles that pile up as a branch of orbits spirals towards a homoclinic orbit) is one line with a count.
 */
function summarize(specials: readonly SpecialPoint[], param: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < specials.length;) {
    let j = i + 1;
    const a = specials[i];
    const v = a.parameters[param];
    while (
      j < specials.length &&
      specials[j].type === a.type &&
      specials[j].branch === a.branch &&
      Math.abs(specials[j].parameters[param] - v) <= 1e-6 * Math.max(1, Math.abs(v))
    )
      j++;
    const line = summaryLine(a, param);
    const why = ' at the same parameter value';
    out.push(j - i > 1 ? `${line} (x${j - i}${why})` : line);
    i = j;
  }
  return out;
}

function summaryLine(s: SpecialPoint, param: string): string {
  const where = Object.entries(s.parameters)
    .map(([k, v]) => `${k} = ${Number(v.toPrecision(4))}`)
    .join(', ');
  const crit = !s.criticality
    ? ''
    : s.criticality === 'degenerate'
      ? ' (degenerate: l1 = 0 or a zero eigenvalue)'
      : ` (${s.criticality})`;
  void param;
  return `${NAMES[s.type]} at ${where}${crit}`;
}
