/**
 * Traces one branch of equilibria (flows) or of fixed points of f^k (maps) in one parameter, in both directions from
 * a start point, detecting and locating folds, branch points, Hopf, flip and Neimark-Sacker points between accepted
 * steps (tests.ts), and returns the points in arclength order with the special points inserted where they lie.
 */
import type { AnalysisContext } from '../../core/context';
import { CurveWorkspace, advance, locateZero, type CurvePoint, type StepControl } from './curve';
import type { EquilibriumProblem } from './system';
import { stabilityInfo, type StabilityInfo } from './tests';

export interface TraceLimits {
  from: number;
  to: number;
  maxSteps: number;
  normMax: number;
}

/** The parameter must move by more than this (relative) between the two steps around a fold... */
const FOLD_MOVE = 1e-12;
/** ...or the tangent's parameter component before it must be larger than this. */
const FOLD_TANGENT = 1e-9;

export type DetectedType = 'fold' | 'branch-point' | 'hopf' | 'flip' | 'neimark-sacker';

export interface TracedPoint {
  u: Float64Array;
  t: Float64Array;
  info: StabilityInfo;
  /** Set on located special points. */
  special?: DetectedType;
}

export interface TracedBranch {
  points: TracedPoint[];
  ends: string[];
}

type Analysed = { cp: CurvePoint; info: StabilityInfo };

export class BranchTracer {
  readonly ws: CurveWorkspace;
  private readonly jx: Float64Array;

  constructor(
    readonly problem: EquilibriumProblem,
    readonly control: StepControl,
    readonly limits: TraceLimits,
    private readonly ctx: AnalysisContext,
    private readonly paramName: string,
  ) {
    this.ws = new CurveWorkspace(problem);
    const n = problem.model.n;
    this.jx = new Float64Array(n * n);
  }

  private get n(): number {
    return this.problem.model.n;
  }

  analyse(cp: CurvePoint): Analysed {
    const n = this.n;
    this.problem.stateJacobian(cp.u.subarray(0, n), cp.u[n], this.jx);
    return { cp, info: stabilityInfo(this.jx, n, this.problem.model.kind) };
  }

  /** The unit tangent at a start point u0 (oriented towards increasing parameter when possible). */
  startTangent(u0: Float64Array): CurvePoint | undefined {
    const n1 = this.n + 1;
    const guesses: Float64Array[] = [];
    const eP = new Float64Array(n1);
    eP[n1 - 1] = 1;
    guesses.push(eP);
    for (let i = 0; i < n1 - 1; i++) {
      const e = new Float64Array(n1);
      e[i] = 1;
      guesses.push(e);
    }
    for (const g of guesses) {
      const tan = this.ws.tangent(u0, g);
      if (tan) return { u: u0.slice(), t: tan.t, det: tan.det };
    }
    return undefined;
  }

  /** Both directions from `start`; the result runs from the far end of the backward half to the forward end. */
  traceBoth(start: CurvePoint): TracedBranch {
    // det [H_u; t^T] is linear in t: the reversed tangent flips its sign
    const back: CurvePoint = { u: start.u, t: start.t.map((v) => -v), det: -start.det };
    const b = this.traceOne(back, 0.5);
    const f = this.traceOne(start, 1);
    const s0 = this.analyse(start);
    const points = [...b.points.reverse(), { u: start.u, t: start.t, info: s0.info }, ...f.points];
    return { points, ends: [b.end, f.end] };
  }

  /**
   * One direction only, for a period-doubled cycle started at its flip: the other direction is the same cycle
   * shifted by one iterate, and past the flip it runs back onto the undoubled cycle.
   */
  traceForward(start: CurvePoint): TracedBranch {
    const f = this.traceOne(start, 1);
    return { points: [{ u: start.u, t: start.t, info: this.analyse(start).info }, ...f.points], ends: [f.end] };
  }

  /** Follows the curve from `start` along start.t; the start itself is not returned. */
  traceOne(start: CurvePoint, progressShare: number): { points: TracedPoint[]; end: string } {
    const n = this.n;
    const c = this.control;
    const { from, to, maxSteps, normMax } = this.limits;
    const out: TracedPoint[] = [];
    let prev = this.analyse(start);
    let h = c.ds;
    for (let step = 0; step < maxSteps; step++) {
      this.ctx.signal.throwIfCancelled();
      if (step % 20 === 0) this.ctx.progress(Math.min(0.95, (progressShare * step) / maxSteps), 'continuation');
      const r = advance(this.ws, prev.cp, h, c);
      if (!r.ok) return { points: out, end: `${r.reason} at ${this.where(prev.cp.u)}` };
      const cur = this.analyse(r.point);
      for (const sp of this.detect(prev, cur, r.point, h)) out.push(sp);
      const lam = r.point.u[n];
      if (lam < Math.min(from, to) || lam > Math.max(from, to)) {
        // end exactly on the boundary, as AUTO's end points
        const bound = lam < Math.min(from, to) ? Math.min(from, to) : Math.max(from, to);
        const psi = (cp: CurvePoint): number => cp.u[n] - bound;
        const loc = locateZero(this.ws, prev.cp, h, psi(prev.cp), psi(r.point), psi, c);
        if (loc) {
          const a = this.analyse(loc.point);
          out.push({ u: a.cp.u, t: a.cp.t, info: a.info });
        }
        return { points: out, end: `reached the end of the parameter range, ${this.paramName} = ${bound}` };
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(r.point.u[i]));
      if (!(norm <= normMax)) return { points: out, end: `the state left the box max|x| <= ${normMax} (normmax)` };
      out.push({ u: cur.cp.u, t: cur.cp.t, info: cur.info });
      if (step > 4 && this.closesOn(start.u, r.point.u, Math.abs(h))) {
        return { points: out, end: 'the branch closed on itself' };
      }
      prev = cur;
      h = r.h;
    }
    return { points: out, end: `reached the step limit (nmax = ${maxSteps})` };
  }

  private closesOn(a: Float64Array, b: Float64Array, h: number): boolean {
    let d = 0;
    for (let i = 0; i < a.length; i++) d += (a[i] - b[i]) ** 2;
    return Math.sqrt(d) < 0.5 * h;
  }

  private where(u: Float64Array): string {
    return `${this.paramName} = ${u[this.n].toPrecision(6)}`;
  }

  /** Special points between two accepted points, located and sorted by arclength. */
  private detect(prev: Analysed, cur: Analysed, next: CurvePoint, h: number): TracedPoint[] {
    const n = this.n;
    const kind = this.problem.model.kind;
    const found: { s: number; p: TracedPoint }[] = [];
    void next;
    const tryLocate = (type: DetectedType, psi: (a: Analysed) => number): void => {
      const p0 = psi(prev);
      const p1 = psi(cur);
      if (!(Math.sign(p0) * Math.sign(p1) < 0)) return;
      const loc = locateZero(this.ws, prev.cp, h, p0, p1, (cp) => psi(this.analyse(cp)), this.control);
      if (!loc) return;
      const a = this.analyse(loc.point);
      found.push({ s: loc.s, p: { u: a.cp.u, t: a.cp.t, info: a.info, special: type } });
    };
    const fold = (a: Analysed): number => a.cp.t[n];
    // A fold turns the branch back in the parameter. Along a curve of equilibria at a fixed parameter value (a
    // degenerate system, e.g. Lorenz at sigma = 0) the parameter tangent is zero up to rounding and flips sign from
    // step to step: those flips are not folds, the parameter does not move.
    const pn = (a: Analysed): number => a.cp.u[n];
    const turns =
      Math.abs(pn(prev) - pn(cur)) > FOLD_MOVE * (1 + Math.abs(pn(cur))) || Math.abs(fold(prev)) > FOLD_TANGENT;
    if (turns) tryLocate('fold', fold);
    tryLocate('branch-point', (a) => a.cp.det);
    if (kind === 'flow' && prev.info.unstableComplex !== cur.info.unstableComplex) {
      tryLocate('hopf', (a) => a.info.hopf);
    }
    if (kind === 'map') {
      if (prev.info.belowMinusOne !== cur.info.belowMinusOne) tryLocate('flip', (a) => a.info.flip);
      if (prev.info.unstableComplex !== cur.info.unstableComplex)
        tryLocate('neimark-sacker', (a) => a.info.neimarkSacker);
    }
    found.sort((x, y) => Math.abs(x.s) - Math.abs(y.s));
    return found.map((f) => f.p);
  }
}
