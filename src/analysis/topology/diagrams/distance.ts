/**
 * Bottleneck and p-Wasserstein distances between two persistence diagrams, internal L-infinity ground metric,
 * exact.
 *
 * Finite points: the diagonal-augmented bipartite problem (Edelsbrunner & Harer, Computational Topology VIII.4;
 * Kerber, Morozov & Nigmetov, "Geometry helps to compare persistence diagrams", JEA 2017, sec. 2): each diagram
 * gets a copy of the other's orthogonal projections on the diagonal; a point may go to a point of the other diagram
 * (cost = L-infinity distance), or to its own projection (cost = (death - birth) / 2); projections match each other
 * at cost 0. Bottleneck = smallest threshold admitting a perfect matching (Efrat, Itai & Katz, Algorithmica 2001:
 * binary search over the candidate costs, Hopcroft-Karp per step); Wasserstein = optimal assignment of the
 * augmented (n + m) x (n + m) cost matrix with costs raised to the power p.
 *
 * Infinite points (GUDHI's convention): points with death = +Infinity, points with birth = -Infinity and points with
 * both infinite form three classes; a class with different counts in the two diagrams gives distance Infinity; else
 * each class is matched within itself by sorting its finite coordinate (optimal for any p on the line), at cost
 * |difference of the finite coordinates|, 0 for the doubly infinite class.
 */
import { badInput } from '../../core/errors';
import { linearSumAssignment } from './assignment';
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
  const hx = new Float64Array(n);
  const hy = new Float64Array(m);
  // Matching every point to the diagonal is always possible: the largest half-persistence bounds the answer.
  let upper = 0;
  for (let i = 0; i < n; i++) upper = Math.max(upper, (hx[i] = (x.d[i] - x.b[i]) / 2));
  for (let j = 0; j < m; j++) upper = Math.max(upper, (hy[j] = (y.d[j] - y.b[j]) / 2));
  if (n === 0 || m === 0) return upper;
  // Candidate values: every cost of the augmented problem up to the upper bound (the answer is one of them).
  const cand: number[] = [0, upper];
  for (let i = 0; i < n; i++) cand.push(hx[i]);
  for (let j = 0; j < m; j++) cand.push(hy[j]);
  for (let i = 0; i < n; i++) {
    const bi = x.b[i];
    const di = x.d[i];
    for (let j = 0; j < m; j++) {
      const c = Math.max(Math.abs(bi - y.b[j]), Math.abs(di - y.d[j]));
      if (c < upper) cand.push(c);
    }
  }
  const values = Float64Array.from(cand).sort();
  const matchL = new Int32Array(n + m).fill(-1);
  const matchR = new Int32Array(n + m).fill(-1);
  // Invariant: `values[hi]` is feasible; the matching of the largest infeasible threshold seeds the next search
  // (its edges stay edges at any larger threshold).
  let lo = -1;
  let hi = values.length - 1;
  const keepL = new Int32Array(n + m).fill(-1);
  const keepR = new Int32Array(n + m).fill(-1);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (values[mid] === values[hi]) {
      hi = mid;
      continue;
    }
    matchL.set(keepL);
    matchR.set(keepR);
    if (perfectAt(values[mid], x, y, hx, hy, matchL, matchR)) hi = mid;
    else {
      lo = mid;
      keepL.set(matchL);
      keepR.set(matchR);
    }
  }
  return values[hi];
}

/**
 * Whether the augmented graph with edges of cost <= r has a perfect matching. Left: points of x (0..n-1), then the
 * projections of y's points (n..n+m-1); right: points of y (0..m-1), then projections of x's points (m..m+n-1).
 */
function perfectAt(
  r: number,
  x: Split,
  y: Split,
  hx: Float64Array,
  hy: Float64Array,
  matchL: Int32Array,
  matchR: Int32Array,
): boolean {
  const n = x.b.length;
  const m = y.b.length;
  const start = new Int32Array(n + m + 1);
  const adj: number[] = [];
  for (let i = 0; i < n; i++) {
    const bi = x.b[i];
    const di = x.d[i];
    for (let j = 0; j < m; j++) if (Math.max(Math.abs(bi - y.b[j]), Math.abs(di - y.d[j])) <= r) adj.push(j);
    if (hx[i] <= r) adj.push(m + i);
    start[i + 1] = adj.length;
  }
  for (let j = 0; j < m; j++) {
    if (hy[j] <= r) adj.push(j);
    for (let k = 0; k < n; k++) adj.push(m + k);
    start[n + j + 1] = adj.length;
  }
  return hopcroftKarp({ start, adj: Int32Array.from(adj) }, n + m, n + m, matchL, matchR) === n + m;
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
  // Rows: x's points then y's projections; columns: y's points then x's projections (as in perfectAt).
  const cost = new Float64Array(N * N).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * N;
    for (let j = 0; j < m; j++)
      cost[row + j] = Math.pow(Math.max(Math.abs(x.b[i] - y.b[j]), Math.abs(x.d[i] - y.d[j])), p);
    cost[row + m + i] = Math.pow((x.d[i] - x.b[i]) / 2, p);
  }
  for (let j = 0; j < m; j++) {
    const row = (n + j) * N;
    cost[row + j] = Math.pow((y.d[j] - y.b[j]) / 2, p);
    for (let k = 0; k < n; k++) cost[row + m + k] = 0;
  }
  const col = linearSumAssignment(cost, N);
  let s = 0;
  for (let r = 0; r < N; r++) s += cost[r * N + col[r]];
  return s;
}
