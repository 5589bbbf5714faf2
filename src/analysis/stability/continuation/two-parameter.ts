/**
 * Two-parameter continuation of fold and Hopf points of equilibria of flows, as MatCont's LP and H curves
 * (Dhooge, Govaerts & Kuznetsov 2003, ACM TOMS 29(2); Govaerts 2000, ch. 4):
 *   fold curve:  f(x, a, b) = 0,  g(x, a, b) = 0  with g from the bordered system [[J, w], [v^T, 0]] [z; g] = [0; 1]
 *                (v, w right and left null vectors of J at the start), the minimally extended system;
 *   Hopf curve:  f(x, a, b) = 0,  det(2 J (.) I) = 0  written as the scaled product of eigenvalue sums (tests.ts).
 * The Jacobians are central differences of these residuals. Codimension-two points are located as zeros of test
 * functions along the curves (Kuznetsov 2004, sections 8.2-8.3):
 *   on a fold curve:  Bogdanov-Takens where the second smallest eigenvalue crosses zero (sum of the two smallest),
 *                     cusp where the fold's normal-form coefficient a = 1/2 w^T B(v, v) / (w^T v) vanishes;
 *   on a Hopf curve:  Bogdanov-Takens where the critical pair's product (omega^2) crosses zero, generalized Hopf
 *                     where the first Lyapunov coefficient vanishes.
 */
import type { AnalysisContext } from '../../core/context';
import type { Branch, BranchKind, SpecialPoint, SpecialPointType } from '../../../protocol/results/bifurcation';
import { CurveWorkspace, advance, locateZero, type CurvePoint, type CurveProblem, type StepControl } from './curve';
import { luFactor, luSolve, norm2 } from './dense';
import { firstLyapunovCoefficient } from './normal-form';
import { nullVector } from './switching';
import { EquilibriumProblem, type ModelFunctions } from './system';
import { nextLabel } from './labels';
import { eigenvaluesRowMajor, stabilityInfo, type Eigenvalue } from './tests';
import type { TraceLimits } from './trace';

type CurveType = 'fold' | 'hopf' | 'flip' | 'neimark-sacker';

/**
 * G(x, a, b) = 0 plus one scalar condition, in unknowns (x, a, b); G is f for flows and f^k - id for maps (system.ts).
 * The scalar: fold and flip, the bordered g of J - s I (s = 0 for flows' folds, 1 for maps' folds, -1 for flips:
 * multiplier 1 or -1); Hopf, the bialternate product; Neimark-Sacker, prod (m_i m_j - 1) (tests.ts), the test
 * MatCont's NS curves of maps use in product form (Kuznetsov & Meijer 2019, Numerical Bifurcation Analysis of Maps,
 * ch. 5).
 */
class Codim1Problem implements CurveProblem {
  readonly equations: number;
  private readonly eq: EquilibriumProblem;
  private readonly jx: Float64Array;
  private readonly up: Float64Array;
  private readonly rp: Float64Array;
  private readonly rm: Float64Array;
  /** Borders of the fold and flip systems (right and left null vectors of J - s I at the start). */
  borderV?: Float64Array;
  borderW?: Float64Array;

  constructor(
    readonly fns: ModelFunctions,
    base: Float64Array,
    readonly ia: number,
    readonly ib: number,
    readonly type: CurveType,
    /** Maps: the period k of the cycle (fixed points of f^k). */
    readonly period = 1,
  ) {
    const n = fns.n;
    this.equations = n + 1;
    this.eq = new EquilibriumProblem(fns, base, ia, period);
    this.jx = new Float64Array(n * n);
    this.up = new Float64Array(n + 2);
    this.rp = new Float64Array(n + 1);
    this.rm = new Float64Array(n + 1);
  }

  /** The multiplier the bordered systems make singular: J - shift I. */
  get shift(): number {
    if (this.type === 'flip') return -1;
    return this.type === 'fold' && this.fns.kind === 'map' ? 1 : 0;
  }

  setParams(u: Float64Array): Float64Array {
    const n = this.fns.n;
    const q = this.eq.params;
    q[this.ia] = u[n];
    q[this.ib] = u[n + 1];
    return q;
  }

  /** D f (flows) or D f^k (maps) at (x, a, b), row-major. */
  stateJacobian(u: Float64Array): Float64Array {
    const n = this.fns.n;
    this.setParams(u);
    this.eq.stateJacobian(u.subarray(0, n), u[n], this.jx);
    return this.jx;
  }

  /** J - shift I, a copy. */
  shifted(j: Float64Array): Float64Array {
    const n = this.fns.n;
    const out = j.slice();
    for (let i = 0; i < n; i++) out[i * n + i] -= this.shift;
    return out;
  }

  /** The bordered scalar g of the fold (flip) system at J - shift I. */
  borderedScalar(j: Float64Array): number {
    const n = this.fns.n;
    const m = n + 1;
    const a = new Float64Array(m * m);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) a[i * m + k] = j[i * n + k] - (i === k ? this.shift : 0);
      a[i * m + n] = this.borderW![i];
      a[n * m + i] = this.borderV![i];
    }
    const f = luFactor(a, m);
    if (f.singular) return 0;
    const rhs = new Float64Array(m);
    rhs[n] = 1;
    luSolve(f, rhs);
    return rhs[n];
  }

  residual(u: Float64Array, out: Float64Array): void {
    const n = this.fns.n;
    this.setParams(u);
    this.eq.residual(u.subarray(0, n + 1), out);
    const j = this.stateJacobian(u);
    if (this.type === 'fold' || this.type === 'flip') out[n] = this.borderedScalar(j);
    else if (this.type === 'hopf') out[n] = stabilityInfo(j, n, 'flow').hopf;
    else out[n] = stabilityInfo(j, n, 'map').neimarkSacker;
  }

  jacobian(u: Float64Array, out: Float64Array): void {
    const m = this.equations;
    const cols = m + 1;
    for (let k = 0; k < cols; k++) {
      const h = 1e-6 * Math.max(1, Math.abs(u[k]));
      this.up.set(u);
      this.up[k] = u[k] + h;
      this.residual(this.up, this.rp);
      this.up[k] = u[k] - h;
      this.residual(this.up, this.rm);
      for (let i = 0; i < m; i++) out[i * cols + k] = (this.rp[i] - this.rm[i]) / (2 * h);
    }
  }
}

/** Eigenvalues sorted by modulus. */
function byModulus(ev: Eigenvalue[]): Eigenvalue[] {
  return [...ev].sort((a, b) => Math.hypot(a[0], a[1]) - Math.hypot(b[0], b[1]));
}

/** Right and left null vectors of a nearly singular J (inverse iteration, as at branch points). */
function nullPair(j: Float64Array, n: number): { v: Float64Array; w: Float64Array } {
  // a failed iteration gives NaN borders: the defining system then fails to converge and the curve is skipped
  const v = nullVector(j, n, false) ?? new Float64Array(n).fill(NaN);
  const w = nullVector(j, n, true) ?? new Float64Array(n).fill(NaN);
  return { v, w };
}

/** Fold normal-form coefficient a = 1/2 w^T B(v, v) / (w^T v) at x (second difference of f along v). */
function foldCoefficient(
  fns: ModelFunctions,
  x: Float64Array,
  params: Float64Array,
  v: Float64Array,
  w: Float64Array,
): number {
  const n = fns.n;
  const h = 1e-4 * Math.max(1, norm2(x));
  const f0 = new Float64Array(n);
  const fp = new Float64Array(n);
  const fm = new Float64Array(n);
  fns.rhs(x, params, f0);
  fns.rhs(
    x.map((y, i) => y + h * v[i]),
    params,
    fp,
  );
  fns.rhs(
    x.map((y, i) => y - h * v[i]),
    params,
    fm,
  );
  let wb = 0;
  let wv = 0;
  for (let i = 0; i < n; i++) {
    wb += (w[i] * (fp[i] - 2 * f0[i] + fm[i])) / (h * h);
    wv += w[i] * v[i];
  }
  return (0.5 * wb) / wv;
}

interface Codim2Test {
  type: SpecialPointType;
  psi(u: Float64Array): number;
}

function testsFor(problem: Codim1Problem): Codim2Test[] {
  const n = problem.fns.n;
  if (problem.fns.kind === 'map') return mapTests(problem);
  if (problem.type === 'fold') {
    return [
      {
        type: 'bogdanov-takens',
        psi: (u) => {
          const ev = byModulus(eigenvaluesRowMajor(problem.stateJacobian(u), n));
          return ev.length < 2 ? 1 : ev[0][0] + ev[1][0];
        },
      },
      {
        type: 'cusp',
        psi: (u) => {
          const j = problem.stateJacobian(u).slice();
          const { v, w } = nullPair(j, n);
          return foldCoefficient(problem.fns, u.slice(0, n), problem.setParams(u).slice(), v, w);
        },
      },
    ];
  }
  return [
    {
      type: 'bogdanov-takens',
      psi: (u) => criticalPairProduct(eigenvaluesRowMajor(problem.stateJacobian(u), n)),
    },
    {
      type: 'generalized-hopf',
      psi: (u) => {
        const params = problem.setParams(u).slice();
        const x = u.slice(0, n);
        const nf = firstLyapunovCoefficient(
          (y, out) => problem.fns.rhs(y, params, out),
          x,
          problem.stateJacobian(u).slice(),
        );
        return nf ? nf.firstLyapunovCoefficient : NaN;
      },
    },
  ];
}

/**
 * Codimension-two points of maps on their codimension-one curves (Kuznetsov, Elements of Applied Bifurcation Theory,
 * 3rd ed., sections 9.5-9.6; Kuznetsov & Meijer 2019, ch. 5), from the multipliers apart from the critical one(s):
 *   fold curve (multiplier 1):  1:1 resonance where another multiplier reaches 1, prod (m_i - 1); fold-flip where
 *                               one reaches -1, prod (m_i + 1);
 *   flip curve (multiplier -1): 1:2 resonance, prod (m_i + 1); fold-flip, prod (m_i - 1);
 *   NS curve (pair e^(+-i theta), kappa = cos theta = (m_1 + m_2) / 2 for the pair with m_1 m_2 = 1):
 *                               1:1 at kappa = 1, 1:2 at kappa = -1, 1:3 at kappa = -1/2, 1:4 at kappa = 0.
 * The degenerate cases of the normal-form coefficients (cusp, generalized flip, Chenciner) are not detected.
 */
function mapTests(problem: Codim1Problem): Codim2Test[] {
  const n = problem.fns.n;
  const multipliers = (u: Float64Array): Eigenvalue[] => eigenvaluesRowMajor(problem.stateJacobian(u), n);
  if (problem.type === 'neimark-sacker') {
    const kappa = (u: Float64Array): number => nsPairCosine(multipliers(u));
    return (
      [
        ['resonance-1:1', 1],
        ['resonance-1:2', -1],
        ['resonance-1:3', -0.5],
        ['resonance-1:4', 0],
      ] as const
    ).map(([type, at]) => ({ type, psi: (u: Float64Array) => kappa(u) - at }));
  }
  const s = problem.shift;
  const rest = (u: Float64Array): Eigenvalue[] => {
    const ev = multipliers(u);
    let k = 0;
    for (let i = 1; i < ev.length; i++)
      if (Math.hypot(ev[i][0] - s, ev[i][1]) < Math.hypot(ev[k][0] - s, ev[k][1])) k = i;
    return ev.filter((_, i) => i !== k);
  };
  const at = (c: number) => (u: Float64Array) => shiftedProduct(rest(u), c);
  return problem.type === 'fold'
    ? [
        { type: 'resonance-1:1', psi: at(1) },
        { type: 'fold-flip', psi: at(-1) },
      ]
    : [
        { type: 'resonance-1:2', psi: at(-1) },
        { type: 'fold-flip', psi: at(1) },
      ];
}

/** Re prod_i (m_i - c) / (1 + |m_i|): real (complex multipliers come in conjugate pairs), zero where some m_i = c. */
function shiftedProduct(ev: readonly Eigenvalue[], c: number): number {
  let re = 1;
  let im = 0;
  for (const [a, b] of ev) {
    const scale = 1 + Math.hypot(a, b);
    const zr = (a - c) / scale;
    const zi = b / scale;
    [re, im] = [re * zr - im * zi, re * zi + im * zr];
  }
  return re;
}

/** (m_i + m_j) / 2 for the pair whose product is closest to 1 (cos theta of a Neimark-Sacker pair). */
function nsPairCosine(ev: readonly Eigenvalue[]): number {
  let best = Infinity;
  let kappa = NaN;
  for (let i = 0; i < ev.length; i++)
    for (let j = i + 1; j < ev.length; j++) {
      const pr = ev[i][0] * ev[j][0] - ev[i][1] * ev[j][1] - 1;
      const pi = ev[i][0] * ev[j][1] + ev[i][1] * ev[j][0];
      const d = Math.hypot(pr, pi);
      if (d < best) {
        best = d;
        kappa = (ev[i][0] + ev[j][0]) / 2;
      }
    }
  return kappa;
}

/** lambda_i * lambda_j for the pair with the smallest |lambda_i + lambda_j| (omega^2 at a Hopf pair). */
function criticalPairProduct(ev: Eigenvalue[]): number {
  let best = Infinity;
  let prod = NaN;
  for (let i = 0; i < ev.length; i++)
    for (let j = i + 1; j < ev.length; j++) {
      const sr = ev[i][0] + ev[j][0];
      const si = ev[i][1] + ev[j][1];
      const m = Math.hypot(sr, si);
      if (m < best) {
        best = m;
        prod = ev[i][0] * ev[j][0] - ev[i][1] * ev[j][1];
      }
    }
  return prod;
}

export interface TwoParameterOutput {
  branches: Branch[];
  specials: SpecialPoint[];
  notes: string[];
}

const CURVE_KINDS: Record<CurveType, BranchKind> = {
  fold: 'fold-curve',
  hopf: 'hopf-curve',
  flip: 'flip-curve',
  'neimark-sacker': 'neimark-sacker-curve',
};

function curveType(kind: 'flow' | 'map', type: SpecialPointType): CurveType | undefined {
  if (type === 'fold') return 'fold';
  if (kind === 'flow') return type === 'hopf' ? 'hopf' : undefined;
  return type === 'flip' || type === 'neimark-sacker' ? type : undefined;
}

/**
 * Continues in (param a, param b) every fold and Hopf point (flows), or every fold, flip and Neimark-Sacker point of
 * a fixed point of f^k (maps, k = periodOf(point)), found on the one-parameter branches.
 */
export function continueCodim1Curves(
  fns: ModelFunctions,
  base: Float64Array,
  ia: number,
  ib: number,
  oneParamSpecials: readonly SpecialPoint[],
  periodOf: (sp: SpecialPoint) => number,
  firstId: number,
  control: StepControl,
  limits: TraceLimits,
  ctx: AnalysisContext,
  counters: Map<string, number>,
): TwoParameterOutput {
  const out: TwoParameterOutput = { branches: [], specials: [], notes: [] };
  const a = fns.paramNames[ia];
  const b = fns.paramNames[ib];
  const b0 = base[ib];
  const bWidth = 10 * Math.max(1, Math.abs(b0));
  for (const sp of oneParamSpecials) {
    const type = curveType(fns.kind, sp.type);
    if (!type) continue;
    const problem = new Codim1Problem(fns, base, ia, ib, type, fns.kind === 'map' ? periodOf(sp) : 1);
    const n = fns.n;
    const known = out.branches.find(
      (c) =>
        c.kind === CURVE_KINDS[type] &&
        (c.cyclePeriod ?? 1) === problem.period &&
        onPolyline(
          [sp.parameters[a], b0],
          c.points.map((p) => [p.parameters[a], p.parameters[b]]),
        ),
    );
    if (known) {
      out.notes.push(`${sp.label} lies on the ${type} curve already continued (${known.origin})`);
      continue;
    }
    const u0 = new Float64Array(n + 2);
    u0.set(sp.state, 0);
    u0[n] = sp.parameters[a];
    u0[n + 1] = b0;
    if (type === 'fold' || type === 'flip') {
      const pair = nullPair(problem.shifted(problem.stateJacobian(u0)), n);
      problem.borderV = pair.v;
      problem.borderW = pair.w;
    }
    const curve = traceCurve(problem, u0, control, limits, [b0 - bWidth, b0 + bWidth], ctx);
    if (!curve) {
      out.notes.push(`${sp.label}: the ${type} curve could not be started (singular defining system)`);
      continue;
    }
    const id = firstId + out.branches.length;
    out.branches.push({
      id,
      kind: CURVE_KINDS[type],
      cyclePeriod: fns.kind === 'map' ? problem.period : undefined,
      freeParameters: [a, b],
      points: curve.points.map((p) => ({
        parameters: { [a]: p.u[n], [b]: p.u[n + 1] },
        state: Array.from(p.u.subarray(0, n)),
        stable: p.stableOtherwise,
      })),
      ends: curve.ends,
      origin: `continued from ${sp.label}`,
    });
    curve.points.forEach((p, index) => {
      if (!p.special) return;
      const label = nextLabel(p.special, counters);
      out.specials.push({
        type: p.special,
        label,
        branch: id,
        index,
        parameters: { [a]: p.u[n], [b]: p.u[n + 1] },
        state: Array.from(p.u.subarray(0, n)),
        ...(fns.kind === 'map'
          ? { multipliers: eigenvaluesRowMajor(problem.stateJacobian(p.u), n) }
          : { eigenvalues: eigenvaluesRowMajor(problem.stateJacobian(p.u), n) }),
      });
    });
  }
  return out;
}

/**
 * Whether point p lies on the polyline of a continued curve: within 5% of the length of the nearest segment (the
 * chord of a curve of curvature k over a step h misses it by about h^2 k / 8, a few percent of h at the steps used).
 */
function onPolyline(p: readonly number[], line: readonly (readonly number[])[]): boolean {
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i];
    const dx = line[i + 1][0] - ax;
    const dy = line[i + 1][1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2)) : 0;
    const d = Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy);
    if (d <= 0.05 * Math.sqrt(len2) + 1e-12 * (1 + Math.hypot(p[0], p[1]))) return true;
  }
  return false;
}

interface CurvePointOut {
  u: Float64Array;
  stableOtherwise: boolean;
  special?: SpecialPointType;
}

function traceCurve(
  problem: Codim1Problem,
  u0: Float64Array,
  control: StepControl,
  limits: TraceLimits,
  bRange: [number, number],
  ctx: AnalysisContext,
): { points: CurvePointOut[]; ends: string[] } | undefined {
  const ws = new CurveWorkspace(problem);
  const n = problem.fns.n;
  const guess = new Float64Array(n + 2);
  guess[n + 1] = 1;
  const w = new Float64Array(n + 2);
  // refine the start on the defining system (the located point solves it to the one-parameter tolerance)
  if (ws.correct(u0, guess, control, w) < 0) return undefined;
  const tan = ws.tangent(w, guess);
  if (!tan) return undefined;
  const start: CurvePoint = { u: w.slice(), t: tan.t, det: tan.det };
  const tests = testsFor(problem);
  const half = (dir: number): { pts: CurvePointOut[]; end: string } => {
    const pts: CurvePointOut[] = [];
    let prev: CurvePoint = { ...start, t: start.t.map((v) => dir * v) };
    let prevPsi = tests.map((t) => t.psi(prev.u));
    let h = control.ds;
    for (let step = 0; step < limits.maxSteps; step++) {
      ctx.signal.throwIfCancelled();
      const r = advance(ws, prev, h, control);
      if (!r.ok) return { pts, end: r.reason };
      const psi = tests.map((t) => t.psi(r.point.u));
      tests.forEach((t, k) => {
        if (!(Math.sign(prevPsi[k]) * Math.sign(psi[k]) < 0)) return;
        const loc = locateZero(ws, prev, h, prevPsi[k], psi[k], (cp) => t.psi(cp.u), control);
        if (loc) pts.push({ u: loc.point.u, stableOtherwise: otherStable(problem, loc.point.u), special: t.type });
      });
      const a = r.point.u[n];
      const b = r.point.u[n + 1];
      if (a < Math.min(limits.from, limits.to) || a > Math.max(limits.from, limits.to))
        return { pts, end: 'left the range of the first parameter' };
      if (b < bRange[0] || b > bRange[1])
        return { pts, end: `left the range of the second parameter [${bRange[0]}, ${bRange[1]}]` };
      pts.push({ u: r.point.u, stableOtherwise: otherStable(problem, r.point.u) });
      prev = r.point;
      prevPsi = psi;
      h = r.h;
    }
    return { pts, end: `reached the step limit (nmax = ${limits.maxSteps})` };
  };
  const back = half(-1);
  const fwd = half(1);
  const points = [...back.pts.reverse(), { u: start.u, stableOtherwise: otherStable(problem, start.u) }, ...fwd.pts];
  return { points, ends: [back.end, fwd.end] };
}

/** Stability of the equilibrium (fixed point) apart from the critical eigenvalue(s) (multipliers) of the curve. */
function otherStable(problem: Codim1Problem, u: Float64Array): boolean {
  const n = problem.fns.n;
  const ev = eigenvaluesRowMajor(problem.stateJacobian(u), n);
  if (problem.fns.kind === 'map') {
    const s = problem.shift;
    const away = (e: Eigenvalue): number =>
      problem.type === 'neimark-sacker' ? Math.abs(Math.hypot(e[0], e[1]) - 1) : Math.hypot(e[0] - s, e[1]);
    const rest = [...ev].sort((x, y) => away(x) - away(y)).slice(problem.type === 'neimark-sacker' ? 2 : 1);
    return rest.every((e) => Math.hypot(e[0], e[1]) < 1);
  }
  const sorted =
    problem.type === 'fold' ? byModulus(ev).slice(1) : [...ev].sort((x, y) => Math.abs(x[0]) - Math.abs(y[0])).slice(2);
  return sorted.every((e) => e[0] < 0);
}
