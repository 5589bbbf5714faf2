/**
 * Branches of periodic orbits of flows: started at a Hopf point from the critical eigenvector (u(tau) = x_H +
 * eps Re(q e^(2 pi i tau)), T = 2 pi / omega; Doedel, Keller & Kernevez 1991, section 4.1), or at a period doubling
 * from the doubled orbit plus the flip eigenfunction, and continued by collocation (problem.ts). Along the branch:
 * the Floquet multipliers and stability, folds of cycles (the parameter component of the tangent changes sign),
 * period doublings (a real multiplier crosses -1) and Neimark-Sacker (torus) points (a complex pair crosses the
 * unit circle), located between steps like the equilibrium tests.
 */
import type { AnalysisContext } from '../../../core/context';
import { advance, locateZero, type CurvePoint, type StepControl } from '../curve';
import type { ModelFunctions } from '../system';
import { testProducts, type Eigenvalue } from '../tests';
import { eig } from '../../../linalg/eig';
import { flipEigenfunction, monodromy, multipliersOf, nontrivial, type Multiplier } from './floquet';
import { adaptMesh, CollocationTables, Mesh } from './mesh';
import { PeriodicProblem } from './problem';
import { display } from '../point-orbits';

/** Steps between mesh adaptations (AUTO's IAD). */
const ADAPT_EVERY = 3;

export type CycleEvent = 'fold-of-cycles' | 'period-doubling' | 'torus';

export interface CyclePoint {
  u: Float64Array;
  t: Float64Array;
  multipliers: Eigenvalue[];
  stable: boolean;
  special?: CycleEvent;
  /** The mesh of u (the mesh adapts along the branch). */
  mesh: Mesh;
  /** Period-doubling points: the doubled orbit's start for branch switching, and its mesh. */
  doubled?: { start: CurvePoint; mesh: Mesh };
}

export interface CycleBranch {
  points: CyclePoint[];
  end: string;
}

interface Info {
  cp: CurvePoint;
  multipliers: Eigenvalue[];
  stable: boolean;
  below: number;
  outside: number;
  pd: number;
  ns: number;
}

export class CycleTracer {
  readonly tables: CollocationTables;
  mesh: Mesh;
  problem: PeriodicProblem;

  constructor(
    readonly fns: ModelFunctions,
    readonly base: Float64Array,
    readonly paramIndex: number,
    ntst: number,
    ncol: number,
    readonly control: StepControl,
    private readonly ctx: AnalysisContext,
  ) {
    this.tables = new CollocationTables(ncol);
    this.mesh = Mesh.uniform(ntst);
    this.problem = new PeriodicProblem(fns, base, paramIndex, this.mesh, this.tables);
  }

  private get n(): number {
    return this.fns.n;
  }

  /** Switches to another mesh of the same size (the problem is rebuilt; the phase reference is reset by callers). */
  setMesh(mesh: Mesh): void {
    this.mesh = mesh;
    this.problem = new PeriodicProblem(this.fns, this.base, this.paramIndex, mesh, this.tables);
  }

  /** Node values of u (on `from`) interpolated onto the current mesh; T and p copied. */
  private interpolate(u: Float64Array, from: Mesh): Float64Array {
    const n = this.n;
    const nodes = this.problem.nodes;
    const out = new Float64Array(this.problem.n1);
    for (let q = 0; q < nodes; q++) out.set(this.evaluate(u, this.nodeTau(q), from), q * n);
    out[n * nodes] = u[u.length - 2];
    out[n * nodes + 1] = u[u.length - 1];
    return out;
  }

  /**
   * Moves the current point onto an adapted mesh and corrects it there (same constraint direction); the point is
   * kept unchanged when the corrector fails on the new mesh.
   */
  private readapt(prev: Info): Info {
    const old = this.mesh;
    const next = adaptMesh(prev.cp.u, this.n, old, this.tables.m);
    this.setMesh(next);
    const u = this.interpolate(prev.cp.u, old);
    const t = this.interpolate(prev.cp.t, old);
    const nt = Math.sqrt(this.problem.dot(t, t));
    for (let i = 0; i < t.length; i++) t[i] /= nt;
    this.problem.setReference(u);
    const w = new Float64Array(u.length);
    const tan = this.problem.correct(u, t, this.control, w) > 0 ? this.problem.tangent(w, t) : undefined;
    const info = tan ? this.analyse({ u: w, t: tan.t, det: 0 }) : undefined;
    if (info) return info;
    this.setMesh(old);
    return prev;
  }

  private analyse(cp: CurvePoint): Info | undefined {
    const n = this.n;
    const o = n * this.problem.nodes;
    const params = this.base.slice();
    params[this.paramIndex] = cp.u[o + 1];
    const mono = monodromy(this.fns, params, cp.u, this.mesh, this.tables);
    if (!mono) return undefined;
    const mult = multipliersOf(mono.matrix, n);
    const rest = nontrivial(mult);
    const tol = 1e-9;
    let below = 0;
    let outside = 0;
    let stable = true;
    for (const [re, im] of rest) {
      const r = Math.hypot(re, im);
      if (!(r < 1)) stable = false;
      if (Math.abs(im) <= tol && re < -1) below++;
      if (Math.abs(im) > tol && r > 1) outside++;
    }
    const tp = testProducts(rest);
    return { cp, multipliers: mult, stable, below, outside, pd: tp.flip, ns: tp.neimarkSacker };
  }

  /** The start of the branch born at a Hopf point x with eigenvalue i omega at parameter value lambda. */
  hopfStart(x: Float64Array, lambda: number, omega: number): CurvePoint | undefined {
    const n = this.n;
    this.setMesh(Mesh.uniform(this.mesh.intervals));
    const params = this.base.slice();
    params[this.paramIndex] = lambda;
    const j = new Float64Array(n * n);
    this.fns.jac(x, params, j);
    const col = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) col[r + c * n] = j[r * n + c];
    const e = eig(col, n, true);
    let k = -1;
    for (let i = 0; i < n; i++)
      if (e.im[i] > 0 && (k < 0 || Math.abs(e.im[i] - omega) < Math.abs(e.im[k] - omega))) k = i;
    if (k < 0 || !e.vectorsRe || !e.vectorsIm) return undefined;
    const nodes = this.problem.nodes;
    const u = new Float64Array(this.problem.n1);
    const t = new Float64Array(this.problem.n1);
    const dPhi = new Float64Array(n * nodes);
    for (let q = 0; q < nodes; q++) {
      const tau = this.nodeTau(q);
      const cs = Math.cos(2 * Math.PI * tau);
      const sn = Math.sin(2 * Math.PI * tau);
      for (let c = 0; c < n; c++) {
        const qr = e.vectorsRe[c + k * n];
        const qi = e.vectorsIm[c + k * n];
        u[q * n + c] = x[c];
        t[q * n + c] = qr * cs - qi * sn;
        dPhi[q * n + c] = -2 * Math.PI * (qr * sn + qi * cs);
      }
    }
    u[n * nodes] = (2 * Math.PI) / omega;
    u[n * nodes + 1] = lambda;
    const nt = Math.sqrt(this.problem.dot(t, t));
    for (let i = 0; i < t.length; i++) t[i] /= nt;
    // the phase reference of the first step: the constant profile with the eigenfunction's derivative
    this.problem.refU.set(u.subarray(0, n * nodes));
    this.problem.refDU.set(dPhi);
    return { u, t, det: 0 };
  }

  /**
   * The start of a branch through a simulated cycle at parameter value lambda: the profile sampled at the nodes of a
   * uniform mesh, corrected at fixed lambda, with the branch tangent there. Undefined when the corrector fails.
   */
  orbitStart(at: (s: number) => Float64Array, period: number, lambda: number): CyclePoint | undefined {
    const n = this.n;
    this.setMesh(Mesh.uniform(this.mesh.intervals));
    const nodes = this.problem.nodes;
    const u = new Float64Array(this.problem.n1);
    for (let q = 0; q < nodes; q++) u.set(at(this.nodeTau(q)), q * n);
    u[n * nodes] = period;
    u[n * nodes + 1] = lambda;
    this.problem.setReference(u);
    const eLambda = new Float64Array(this.problem.n1);
    eLambda[n * nodes + 1] = 1;
    const w = new Float64Array(this.problem.n1);
    if (this.problem.correct(u, eLambda, this.control, w) < 0) return undefined;
    const tan = this.problem.tangent(w, eLambda);
    const info = tan ? this.analyse({ u: w, t: tan.t, det: 0 }) : undefined;
    if (!info) return undefined;
    return { u: w, t: info.cp.t, multipliers: info.multipliers, stable: info.stable, mesh: this.mesh };
  }

  private nodeTau(q: number): number {
    const m = this.tables.m;
    const j = Math.floor(q / m);
    return this.mesh.starts[j] + ((q % m) / m) * this.mesh.widths[j];
  }

  /**
   * Follows the branch from `start` (a point with a direction; for Hopf and period-doubling starts, the first step
   * leaves the singular start point along that direction).
   */
  trace(
    start: CurvePoint,
    limits: { from: number; to: number; maxSteps: number; normMax: number; maxPeriod: number },
  ): CycleBranch {
    const n = this.n;
    const o = n * this.problem.nodes;
    const c = this.control;
    const points: CyclePoint[] = [];
    let prev: Info | { cp: CurvePoint } = { cp: start };
    let h = c.ds;
    for (let step = 0; step < limits.maxSteps; step++) {
      this.ctx.signal.throwIfCancelled();
      if (step > 0) this.problem.setReference(prev.cp.u);
      const r = advance(this.problem, prev.cp, h, c);
      if (!r.ok)
        return {
          points,
          end: `${r.reason} at ${this.fns.paramNames[this.paramIndex]} = ${prev.cp.u[o + 1].toPrecision(6)}`,
        };
      const cur = this.analyse(r.point);
      if (!cur) return { points, end: 'the Floquet multipliers could not be computed (singular interval system)' };
      if ('multipliers' in prev) for (const sp of this.detect(prev, cur, h)) points.push(sp);
      points.push({ u: cur.cp.u, t: cur.cp.t, multipliers: cur.multipliers, stable: cur.stable, mesh: this.mesh });
      const lam = r.point.u[o + 1];
      const T = r.point.u[o];
      if (lam < Math.min(limits.from, limits.to) || lam > Math.max(limits.from, limits.to)) {
        points.pop();
        const bound =
          lam < Math.min(limits.from, limits.to) ? Math.min(limits.from, limits.to) : Math.max(limits.from, limits.to);
        const psi = (cp: CurvePoint): number => cp.u[o + 1] - bound;
        const loc = locateZero(this.problem, prev.cp, h, psi(prev.cp), psi(r.point), psi, c);
        const a = loc ? this.analyse(loc.point) : undefined;
        if (a) points.push({ u: a.cp.u, t: a.cp.t, multipliers: a.multipliers, stable: a.stable, mesh: this.mesh });
        return {
          points,
          end: `reached the end of the parameter range, ${this.fns.paramNames[this.paramIndex]} = ${bound}`,
        };
      }
      if (!(T > 0) || T > limits.maxPeriod)
        return {
          points,
          end: `the period grew beyond ${limits.maxPeriod.toPrecision(3)} (a homoclinic orbit is near)`,
        };
      let norm = 0;
      for (let i = 0; i < o; i++) norm = Math.max(norm, Math.abs(r.point.u[i]));
      if (!(norm <= limits.normMax))
        return { points, end: `the orbit left the box max|x| <= ${limits.normMax} (normmax)` };
      prev = step % ADAPT_EVERY === ADAPT_EVERY - 1 ? this.readapt(cur) : cur;
      h = r.h;
    }
    return { points, end: `reached the step limit (nmax = ${limits.maxSteps})` };
  }

  private detect(prev: Info, cur: Info, h: number): CyclePoint[] {
    const o = this.n * this.problem.nodes;
    const found: { s: number; p: CyclePoint }[] = [];
    const tryLocate = (type: CycleEvent, psi: (a: Info) => number): void => {
      const p0 = psi(prev);
      const p1 = psi(cur);
      if (!(Math.sign(p0) * Math.sign(p1) < 0)) return;
      const loc = locateZero(
        this.problem,
        prev.cp,
        h,
        p0,
        p1,
        (cp) => {
          const a = this.analyse(cp);
          return a ? psi(a) : NaN;
        },
        this.control,
      );
      if (!loc) return;
      const a = this.analyse(loc.point);
      if (!a || !confirmed(type, a.multipliers)) return;
      const p: CyclePoint = {
        u: a.cp.u,
        t: a.cp.t,
        multipliers: a.multipliers,
        stable: a.stable,
        special: type,
        mesh: this.mesh,
      };
      if (type === 'period-doubling') p.doubled = this.doubledStart(a.cp.u);
      found.push({ s: loc.s, p });
    };
    tryLocate('fold-of-cycles', (a) => a.cp.t[o + 1]);
    if (prev.below !== cur.below) tryLocate('period-doubling', (a) => a.pd);
    if (prev.outside !== cur.outside) tryLocate('torus', (a) => a.ns);
    found.sort((x, y) => Math.abs(x.s) - Math.abs(y.s));
    return found.map((f) => f.p);
  }

  /**
   * The doubled orbit at a period doubling, on this tracer's mesh: tau' in [0, 1) runs twice around the orbit,
   * u2(tau') = u(2 tau') and the direction is +-v(2 tau') (the flip eigenfunction, sign changing after one turn).
   */
  private doubledStart(u: Float64Array): { start: CurvePoint; mesh: Mesh } | undefined {
    const n = this.n;
    const nodes = this.problem.nodes;
    const o = n * nodes;
    const params = this.base.slice();
    params[this.paramIndex] = u[o + 1];
    const mono = monodromy(this.fns, params, u, this.mesh, this.tables);
    if (!mono) return undefined;
    const v = flipEigenfunction(mono, n, this.tables.m);
    if (!v) return undefined;
    // the doubled orbit runs twice around: its mesh is the old one traversed twice, pairs of intervals merged so
    // that the size stays NTST (adaptation refines it after a few steps)
    const old = this.mesh;
    const twice = new Float64Array(2 * old.intervals);
    for (let j = 0; j < old.intervals; j++) twice[j] = twice[j + old.intervals] = old.widths[j] / 2;
    const merged = new Float64Array(old.intervals);
    for (let j = 0; j < old.intervals; j++)
      merged[j] = twice[2 * j] + (2 * j + 1 < twice.length ? twice[2 * j + 1] : 0);
    this.setMesh(new Mesh(merged));
    const u2 = new Float64Array(this.problem.n1);
    const d = new Float64Array(this.problem.n1);
    for (let q = 0; q < nodes; q++) {
      const tau2 = 2 * this.nodeTau(q);
      const sign = tau2 < 1 ? 1 : -1;
      const a = this.evaluate(u, tau2, old);
      const b = this.evaluate(v, tau2, old);
      for (let c = 0; c < n; c++) {
        u2[q * n + c] = a[c];
        d[q * n + c] = sign * b[c];
      }
    }
    u2[o] = 2 * u[o];
    u2[o + 1] = u[o + 1];
    const nd = Math.sqrt(this.problem.dot(d, d));
    for (let i = 0; i < d.length; i++) d[i] /= nd;
    const doubledMesh = this.mesh;
    this.setMesh(old);
    return { start: { u: u2, t: d, det: 0 }, mesh: doubledMesh };
  }

  /**
   * The stored profile of a point: its node values at their times tau T over one period, closed by repeating the
   * first node at time T, as states[variable][node].
   */
  profile(u: Float64Array, mesh: Mesh): { time: number[]; states: number[][] } {
    const n = this.n;
    const m = this.tables.m;
    const nodes = mesh.intervals * m;
    const period = u[u.length - 2];
    const time: number[] = [];
    const states: number[][] = Array.from({ length: n }, () => []);
    for (let q = 0; q <= nodes; q++) {
      const j = Math.floor(q / m);
      const tau = q === nodes ? 1 : mesh.starts[j] + ((q % m) / m) * mesh.widths[j];
      time.push(display(tau * period));
      for (let c = 0; c < n; c++) states[c].push(display(u[(q % nodes) * n + c]));
    }
    return { time, states };
  }

  /** The collocation polynomial of node values `vals` at tau (periodic). */
  evaluate(vals: Float64Array, tau: number, mesh: Mesh = this.mesh): Float64Array {
    const n = this.n;
    const m = this.tables.m;
    const nodes = mesh.intervals * m;
    const { j, s } = mesh.locate(tau);
    const basis = this.tables.basisAt(s);
    const out = new Float64Array(n);
    for (let i = 0; i <= m; i++) {
      const q = (j * m + i) % nodes;
      for (let c = 0; c < n; c++) out[c] += basis[i] * vals[q * n + c];
    }
    return out;
  }

  /**
   * Period, componentwise min and max over the orbit: the polynomial sampled 4 times per node spacing, then each
   * extremum refined by golden-section search on the polynomial around the best sample.
   */
  summary(u: Float64Array, mesh: Mesh): { period: number; min: number[]; max: number[]; state: number[] } {
    const n = this.n;
    const nodes = mesh.intervals * this.tables.m;
    const samples = 4 * nodes;
    const vals = new Float64Array(samples * n);
    for (let k = 0; k < samples; k++) vals.set(this.evaluate(u, k / samples, mesh), k * n);
    const min: number[] = [];
    const max: number[] = [];
    for (let c = 0; c < n; c++) {
      let kMin = 0;
      let kMax = 0;
      for (let k = 1; k < samples; k++) {
        if (vals[k * n + c] < vals[kMin * n + c]) kMin = k;
        if (vals[k * n + c] > vals[kMax * n + c]) kMax = k;
      }
      const g = (tau: number): number => this.evaluate(u, tau, mesh)[c];
      max.push(-goldenMin((tau) => -g(tau), (kMax - 1) / samples, (kMax + 1) / samples));
      min.push(goldenMin(g, (kMin - 1) / samples, (kMin + 1) / samples));
    }
    return { period: u[n * nodes], min, max, state: Array.from(u.subarray(0, n)) };
  }
}

/** Minimum value of a unimodal function on [a, b] by golden-section search (Kiefer 1953). */
function goldenMin(f: (x: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = b - r * (b - a);
  let x2 = a + r * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let it = 0; it < 60 && b - a > 1e-13; it++) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - r * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + r * (b - a);
      f2 = f(x2);
    }
  }
  return Math.min(f1, f2);
}

/** How close to the unit circle a located multiplier must be for the crossing to count. */
const CROSSING_TOL = 1e-2;

/**
 * A sign change of a test function is a bifurcation only if, at the located zero, a
 * nontrivial multiplier sits at -1 (or a complex pair on the unit circle). Near a homoclinic orbit the period grows
 * and the largest multipliers reach 1e9 and more, where rounding flips their sign from one step to the next: the
 * test function then changes sign through infinity, not through zero, and no multiplier is near -1.
 */
function confirmed(type: CycleEvent, multipliers: readonly Multiplier[]): boolean {
  // At a fold of cycles the trivial multiplier 1 is double; if not even one multiplier is near 1 the monodromy
  // matrix has lost its accuracy (again near a homoclinic orbit) and nothing can be concluded.
  if (type === 'fold-of-cycles')
    return multipliers.filter(([re, im]) => Math.hypot(re - 1, im) <= CROSSING_TOL).length >= 2;
  const rest = nontrivial(multipliers);
  if (type === 'period-doubling')
    return rest.some(([re, im]) => Math.abs(im) <= CROSSING_TOL && Math.abs(re + 1) <= CROSSING_TOL);
  return rest.some(([re, im]) => Math.abs(im) > CROSSING_TOL && Math.abs(Math.hypot(re, im) - 1) <= CROSSING_TOL);
}
