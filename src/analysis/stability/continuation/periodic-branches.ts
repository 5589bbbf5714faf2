/**
 * The periodic branches of a bifurcation run: one from each Hopf point of the equilibrium branches, and the
 * period-doubled branch at each period doubling found on them, as result branches and special points.
 */
import type { AnalysisContext } from '../../core/context';
import type { Branch, PointOrbit, SpecialPoint } from '../../../protocol/results/bifurcation';
import type { CurvePoint, StepControl } from './curve';
import { CycleTracer, type CycleBranch, type CycleEvent } from './collocation/cycles';
import type { Mesh } from './collocation/mesh';
import { nextLabel } from './labels';
import { orbitIndices } from './point-orbits';
import type { ModelFunctions } from './system';
import type { TraceLimits } from './trace';

export interface CycleOptions {
  ntst: number;
  ncol: number;
  maxBranches: number;
  /** Start from this simulated cycle (at the model's parameter value) instead of Hopf points. */
  orbit?: { period: number; at(s: number): Float64Array };
}

export interface PeriodicOutput {
  branches: Branch[];
  specials: SpecialPoint[];
  notes: string[];
  orbits: PointOrbit[];
}

interface CycleJob {
  start: CurvePoint;
  mesh?: Mesh;
  origin: string;
  fromDoubling: boolean;
}

export function continuePeriodicBranches(
  fns: ModelFunctions,
  base: Float64Array,
  pi: number,
  hopfs: readonly SpecialPoint[],
  firstId: number,
  control: StepControl,
  limits: TraceLimits,
  opts: CycleOptions,
  ctx: AnalysisContext,
  counters: Map<string, number>,
): PeriodicOutput {
  const out: PeriodicOutput = { branches: [], specials: [], notes: [], orbits: [] };
  const param = fns.paramNames[pi];
  const tracer = new CycleTracer(fns, base, pi, opts.ntst, opts.ncol, control, ctx);
  const jobs: CycleJob[] = [];
  for (const h of hopfs) {
    if (h.frequency === undefined) continue;
    const start = tracer.hopfStart(Float64Array.from(h.state), h.parameters[param], h.frequency);
    if (!start) {
      out.notes.push(`${h.label}: no critical eigenvector to start the periodic branch`);
      continue;
    }
    // the phase reference of the first step is set by hopfStart: trace right away
    runJob({ start, origin: `born at ${h.label}`, fromDoubling: false });
  }
  if (opts.orbit) startFromOrbit(opts.orbit);
  while (jobs.length > 0 && out.branches.length < opts.maxBranches) runJob(jobs.shift()!);
  return out;

  /** Both directions through the simulated cycle, as one branch. */
  function startFromOrbit(orbit: NonNullable<CycleOptions['orbit']>): void {
    const p0 = base[pi];
    const start = tracer.orbitStart(orbit.at, orbit.period, p0);
    if (!start) {
      out.notes.push(
        `the simulated cycle (period ${orbit.period.toPrecision(6)}) could not be corrected into a periodic orbit`,
      );
      return;
    }
    const mesh = tracer.mesh;
    const T0 = orbit.period;
    tracer.problem.setReference(start.u);
    const back = tracer.trace({ u: start.u, t: start.t.map((v) => -v), det: 0 }, { ...limits, maxPeriod: 50 * T0 });
    tracer.setMesh(mesh);
    tracer.problem.setReference(start.u);
    const fwd = tracer.trace({ u: start.u, t: start.t, det: 0 }, { ...limits, maxPeriod: 50 * T0 });
    record(
      { points: [...back.points.reverse(), start, ...fwd.points], end: `${back.end}; ${fwd.end}` },
      { start: { u: start.u, t: start.t, det: 0 }, origin: 'simulated orbit', fromDoubling: false },
    );
  }

  function runJob(job: CycleJob): void {
    if (out.branches.length >= opts.maxBranches) {
      out.notes.push(`${job.origin}: not followed (--max-branches)`);
      return;
    }
    if (job.mesh) tracer.setMesh(job.mesh);
    if (job.fromDoubling) tracer.problem.setReference(job.start.u);
    const T0 = job.start.u[job.start.u.length - 2];
    record(tracer.trace(job.start, { ...limits, maxPeriod: 50 * T0 }), job);
  }

  function record(cb: CycleBranch, job: CycleJob): void {
    if (cb.points.length === 0) {
      out.notes.push(`${job.origin}: no periodic orbit could be followed (${cb.end})`);
      return;
    }
    const id = firstId + out.branches.length;
    out.branches.push({
      id,
      kind: 'periodic',
      freeParameters: [param],
      points: cb.points.map((p) => {
        const s = tracer.summary(p.u, p.mesh);
        return {
          parameters: { [param]: p.u[p.u.length - 1] },
          state: s.state,
          stable: p.stable,
          period: s.period,
          min: s.min,
          max: s.max,
        };
      }),
      ends: cb.end.split('; '),
      origin: job.origin,
    });
    const labelled = cb.points.flatMap((p, i) => (p.special ? [i] : []));
    for (const index of orbitIndices(cb.points.length, labelled)) {
      const p = cb.points[index];
      const run = tracer.profile(p.u, p.mesh);
      const how = `the collocation profile (${p.mesh.intervals} intervals x ${tracer.tables.m} points) over one period`;
      const period = p.u[p.u.length - 2];
      out.orbits.push({ branch: id, index, multipliers: p.multipliers, period, runs: [run], how });
    }
    cb.points.forEach((p, index) => {
      if (!p.special) return;
      // a doubled branch leaves its period doubling like a pitchfork branch, turning in the parameter right at
      // the start: that turn is the period doubling itself, not a fold of cycles
      if (p.special === 'fold-of-cycles' && job.fromDoubling && index <= 2) return;
      const sp = toSpecial(p.special, id, index, param, p.u, p.multipliers, fns.n, counters);
      out.specials.push(sp);
      if (p.special === 'period-doubling') {
        if (p.doubled)
          jobs.push({
            start: p.doubled.start,
            mesh: p.doubled.mesh,
            origin: `period-doubled at ${sp.label}`,
            fromDoubling: true,
          });
        else sp.note = 'the flip eigenfunction could not be computed: no branch switching';
      }
    });
  }
}

function toSpecial(
  type: CycleEvent,
  branch: number,
  index: number,
  param: string,
  u: Float64Array,
  multipliers: [number, number][],
  n: number,
  counters: Map<string, number>,
): SpecialPoint {
  return {
    type,
    label: nextLabel(type, counters),
    branch,
    index,
    parameters: { [param]: u[u.length - 1] },
    state: Array.from(u.subarray(0, n)),
    multipliers,
  };
}
