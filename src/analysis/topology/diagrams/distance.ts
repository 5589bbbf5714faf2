/**
 * Bottleneck and p-Wasserstein distances between two persistence diagrams, internal L-infinity ground metric,
 * exact.
 *
 * Finite points: the diagonal-augmented bipartite problem (Edelsbrunner & Harer, Computational Topology VIII.4;
 * Kerber, Morozov & Nigmetov, "Geometry helps to compare persistence diagrams", JEA 2017, sec. 2): each diagram
 * gets a copy of the other's orthogonal projections on the diagonal; a point may go to a point of the other diagram
 * (cost = L-infinity distance), or to its own projection (cost = (death - birth) / 2); projections match each other
 * at cost 0. Bottleneck = smallest threshold admitting a perfect matching (Efrat, Itai & Katz, Algorithmica 2001:
 * binary search over the candidate costs, a Hopcroft-Karp matching test per step); Wasserstein = optimal assignment of the
 * augmented (n + m) x (n + m) problem with costs raised to the power p, solved exactly by shortest augmenting paths
 * on its sparse structure (diagram-assignment.ts).
 *
 * Infinite points (GUDHI's convention): points with death = +Infinity, points with birth = -Infinity and points with
 * both infinite form three classes; a class with different counts in the two diagrams gives distance Infinity; else
 * each class is matched within itself by sorting its finite coordinate (optimal for any p on the line), at cost
 * |difference of the finite coordinates|, 0 for the doubly infinite class.
 */
import { badInput } from '../../core/errors';
import { solveAugmented } from './diagram-assignment';
import { hopcroftKarp } from './matching';

export interface Diagram {
  births: ArrayLike<number>;
  deaths: ArrayLike<number>;
}

interface Split {
  /** Finite points. */
  b: Float64Array;
  d: Float64Array;
  /** Finite births of (b, +inf), finite deaths of (-inf, d), count of (-inf, +inf). */
  infDeath: Float64Array;
  infBirth: Float64Array;
  bothInf: number;
}

function split(dg: Diagram, label: string): Split {
  const b: number[] = [];
  const d: number[] = [];
  const infDeath: number[] = [];
  const infBirth: number[] = [];
  let bothInf = 0;
  for (let i = 0; i < dg.births.length; i++) {
    const x = dg.births[i];
    const y = dg.deaths[i];
    if (Number.isNaN(x) || Number.isNaN(y) || x === Infinity || y === -Infinity || y < x)
      throw badInput(`${label}: point ${i + 1} (${x}, ${y}) is not a persistence pair (need birth <= death, no NaN)`);
    if (x === -Infinity && y === Infinity) bothInf++;
    else if (y === Infinity) infDeath.push(x);
    else if (x === -Infinity) infBirth.push(y);
    else if (y > x) {
      b.push(x);
      d.push(y);
    }
    // Points on the diagonal are at distance 0 from it: they change no distance.
  }
  const sorted = (a: number[]): Float64Array => Float64Array.from(a).sort();
  return {
    b: Float64Array.from(b),
    d: Float64Array.from(d),
    infDeath: sorted(infDeath),
    infBirth: sorted(infBirth),
    bothInf,
  };
}

/** Costs of the essential classes matched in sorted order, or null when the counts differ. */
function essentialCosts(x: Split, y: Split): number[] | null {
  if (x.infDeath.length !== y.infDeath.length || x.infBirth.length !== y.infBirth.length || x.bothInf !== y.bothInf)
    return null;
  const out: number[] = [];
  for (let i = 0; i < x.infDeath.length; i++) out.push(Math.abs(x.infDeath[i] - y.infDeath[i]));
  for (let i = 0; i < x.infBirth.length; i++) out.push(Math.abs(x.infBirth[i] - y.infBirth[i]));
  return out;
}

/** Bottleneck distance (internal L-infinity). */
export function bottleneckDistance(a: Diagram, b: Diagram): number {
  const x = split(a, 'first diagram');
  const y = split(b, 'second diagram');
  const ess = essentialCosts(x, y);
  if (ess === null) return Infinity;
  let best = 0;
  for (const c of ess) best = Math.max(best, c);
  return Math.max(best, finiteBottleneck(x, y));
}

function finiteBottleneck(x: Split, y: Split): number {
  const n = x.b.length;
  const m = y.b.length;
  const hx = halfPersistence(x);
  const hy = halfPersistence(y);
  // Matching every point to the diagonal is always possible: the largest half-persistence bounds the answer.
  let upper = 0;
  for (const h of hx) upper = Math.max(upper, h);
  for (const h of hy) upper = Math.max(upper, h);
  if (n === 0 || m === 0) return upper;
  // Pairs costing less than the upper bound (with L-infinity, c_ij >= |birth difference|: a birth-range query).
  const sx = new SortedByBirth(x);
  const sy = new SortedByBirth(y);
  const near = new Float64Array(n + m).fill(Infinity);
  const pairCosts: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = sy.lowerBound(x.b[i] - upper); t < m; t++) {
      const j = sy.order[t];
      if (y.b[j] > x.b[i] + upper) break;
      const c = linf(x, i, y, j);
      if (c >= upper) continue;
      pairCosts.push(c);
      if (c < near[i]) near[i] = c;
      if (c < near[n + j]) near[n + j] = c;
    }
  }
  // Each point goes to the diagonal or to a point of the other diagram: the larger of these minima is a lower bound.
  let lower = 0;
  for (let i = 0; i < n; i++) lower = Math.max(lower, Math.min(hx[i], near[i]));
  for (let j = 0; j < m; j++) lower = Math.max(lower, Math.min(hy[j], near[n + j]));
  // Candidate values: the costs of the augmented problem in [lower, upper]; the answer is one of them.
  const cand: number[] = [lower, upper];
  for (const h of hx) if (h > lower && h < upper) cand.push(h);
  for (const h of hy) if (h > lower && h < upper) cand.push(h);
  for (const c of pairCosts) if (c > lower) cand.push(c);
  const values = Float64Array.from(cand).sort();
  // Invariant: values[hi] is feasible, values[lo] (lo >= 0) is not.
  let lo = -1;
  let hi = values.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid] === values[hi]) hi = mid;
    else if (coversForced(values[mid], x, hx, sy) && coversForced(values[mid], y, hy, sx)) hi = mid;
    else lo = mid;
  }
  return values[hi];
}

function halfPersistence(s: Split): Float64Array {
  const h = new Float64Array(s.b.length);
  for (let i = 0; i < h.length; i++) h[i] = (s.d[i] - s.b[i]) / 2;
  return h;
}

/** L-infinity distance between point i of x and point j of y; one expression everywhere, so thresholds compare exactly. */
function linf(x: Split, i: number, y: Split, j: number): number {
  return Math.max(Math.abs(x.b[i] - y.b[j]), Math.abs(x.d[i] - y.d[j]));
}

/** The points of a diagram in order of birth, for range queries on the birth coordinate. */
class SortedByBirth {
  readonly order: Int32Array;
  readonly births: Float64Array;
  constructor(readonly s: Split) {
    this.order = Int32Array.from(s.b.keys()).sort((p, q) => s.b[p] - s.b[q]);
    this.births = Float64Array.from(this.order, (k) => s.b[k]);
  }
  /** First index in `order` whose birth is >= v. */
  lowerBound(v: number): number {
    let lo = 0;
    let hi = this.births.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.births[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Decision step at threshold r. The augmented graph has a perfect matching iff some matching between the two
 * diagrams' points, with edges of cost <= r, covers every point farther than r from the diagonal (the others go to
 * their projections, and the leftover projections pair at cost 0). By the Mendelsohn-Dulmage theorem such a matching
 * exists iff one matching covers the far points of x and another covers those of y; this tests one side (the far
 * points of `x` against all of `other`) with Hopcroft-Karp.
 */
function coversForced(r: number, x: Split, hx: Float64Array, other: SortedByBirth): boolean {
  const forced: number[] = [];
  for (let i = 0; i < hx.length; i++) if (hx[i] > r) forced.push(i);
  if (forced.length === 0) return true;
  const y = other.s;
  const start = new Int32Array(forced.length + 1);
  const adj: number[] = [];
  for (let k = 0; k < forced.length; k++) {
    const i = forced[k];
    for (let t = other.lowerBound(x.b[i] - r); t < other.order.length; t++) {
      const j = other.order[t];
      if (y.b[j] > x.b[i] + r) break;
      if (linf(x, i, y, j) <= r) adj.push(j);
    }
    if (start[k] === adj.length) return false;
    start[k + 1] = adj.length;
  }
  const nLeft = forced.length;
  const nRight = y.b.length;
  const matchL = new Int32Array(nLeft).fill(-1);
  const matchR = new Int32Array(nRight).fill(-1);
  return hopcroftKarp({ start, adj: Int32Array.from(adj) }, nLeft, nRight, matchL, matchR) === nLeft;
}

function maxOf(a: Float64Array): number {
  let mx = 0;
  for (const t of a) mx = Math.max(mx, t);
  return mx;
}

/** p-Wasserstein distance (internal L-infinity), p >= 1 finite. */
export function wassersteinDistance(a: Diagram, b: Diagram, p: number): number {
  if (!(p >= 1) || !Number.isFinite(p)) throw badInput(`the Wasserstein order must be a finite number >= 1, got ${p}`);
  const x = split(a, 'first diagram');
  const y = split(b, 'second diagram');
  const ess = essentialCosts(x, y);
  if (ess === null) return Infinity;
  let total = finiteWassersteinPower(x, y, p);
  for (const c of ess) total += Math.pow(c, p);
  return Math.pow(total, 1 / p);
}

function finiteWassersteinPower(x: Split, y: Split, p: number): number {
  const n = x.b.length;
  const m = y.b.length;
  const N = n + m;
  if (N === 0) return 0;
  if (n === 0 || m === 0) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.pow((x.d[i] - x.b[i]) / 2, p);
    for (let j = 0; j < m; j++) s += Math.pow((y.d[j] - y.b[j]) / 2, p);
    return s;
  }
  const hA = Float64Array.from(x.b, (b, i) => Math.pow((x.d[i] - b) / 2, p));
  const hB = Float64Array.from(y.b, (b, j) => Math.pow((y.d[j] - b) / 2, p));
  // Only edges cheaper than sending both points to the diagonal can be needed (see diagram-assignment.ts); with
  // L-infinity, c_ij >= |birth difference|, so a birth-sorted range query finds all of them.
  const sy = new SortedByBirth(y);
  const hBmax = maxOf(hB);
  const start = new Int32Array(n + 1);
  const cols: number[] = [];
  const costs: number[] = [];
  for (let i = 0; i < n; i++) {
    // Slack of a few ulps so that rounding in pow never drops an edge at the boundary.
    const reach = Math.pow(hA[i] + hBmax, 1 / p) * (1 + 1e-12) + Number.MIN_VALUE;
    for (let t = sy.lowerBound(x.b[i] - reach); t < m; t++) {
      const j = sy.order[t];
      if (y.b[j] > x.b[i] + reach) break;
      const c = Math.pow(linf(x, i, y, j), p);
      if (c < hA[i] + hB[j]) {
        cols.push(j);
        costs.push(c);
      }
    }
    start[i + 1] = cols.length;
  }
  return solveAugmented({ n, m, start, cols: Int32Array.from(cols), costs: Float64Array.from(costs), hA, hB });
}
