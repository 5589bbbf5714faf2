/**
 * Module approximation (Loiseaux, Carriere & Blumberg, "Fast, stable and efficient approximation of
 * multi-parameter persistence modules with MMA", sec. 3-4): the fibered barcodes along the family of lines,
 * bars matched between neighbouring lines, each matched sequence of bars one interval summand whose lower boundary
 * has the births as corners and whose upper boundary has the deaths as corners.
 *
 * Matching. MMA follows bars through the vineyard between neighbouring lines; we match them by a bottleneck matching
 * at threshold delta/2 instead: the same (birth simplex, death simplex) pair first, then a perfect matching of the
 * remaining bars (Hopcroft-Karp on the diagonal-augmented threshold graph; Efrat, Itai & Katz 2001). One exists:
 * every simplex moves by at most delta/2 in the line parameter s between lines delta apart, so the barcodes are
 * within delta/2 (stability theorem, Cohen-Steiner, Edelsbrunner & Harer 2007). Either matching yields chains whose
 * endpoints move by at most delta/2 per line and that start and end with bars of length at most delta, which is
 * what makes the summands restrict exactly to the family's barcodes (restrict.ts).
 */
import type { CancelSignal } from '../../core/context';
import { hopcroftKarp } from '../diagrams/matching';
import { lineOffset, type LineFamily } from './family';
import type { LineBars, LineEngine } from './line';

export interface Summand {
  degree: number;
  /** Index of the first line of the family carrying a bar of this summand; births/deaths per line from there. */
  firstLine: number;
  births: Float64Array;
  deaths: Float64Array;
}

export interface ApproximationOutput {
  family: LineFamily;
  /** The fibered barcodes of the family, [line][degree]. */
  barcodes: [LineBars, LineBars][];
  summands: Summand[];
  /** Matches found by simplex pair, by the threshold matching, and bars that started a new summand. */
  stats: { lines: number; identityMatches: number; thresholdMatches: number; newSummands: number; millis: number };
}

/** Matching slack for rounding: the threshold delta/2 relaxed by 1e-9 of it plus a few ulps of the values. */
function thresholdOf(delta: number): number {
  return (delta / 2) * (1 + 1e-9);
}

function close(a: LineBars, i: number, b: LineBars, j: number, tau: number): boolean {
  if (Math.abs(a.births[i] - b.births[j]) > tau) return false;
  const da = a.deaths[i];
  const db = b.deaths[j];
  if (da === Infinity || db === Infinity) return da === db;
  return Math.abs(da - db) <= tau;
}

/** A bar that may go unmatched: its distance to the diagonal, (d - b)/2, is at most tau. */
function short(a: LineBars, i: number, tau: number): boolean {
  return a.deaths[i] - a.births[i] <= 2 * tau;
}

/**
 * Perfect matching at threshold tau between the bars `ia` of a and `ib` of b on the diagonal-augmented graph
 * (left: a's bars then b's diagonal copies; right: b's bars then a's diagonal copies). Returns, per index of ib,
 * the matched index of ia or -1 (matched to the diagonal), or null when no perfect matching exists.
 */
function thresholdMatching(a: LineBars, ia: number[], b: LineBars, ib: number[], tau: number): Int32Array | null {
  const na = ia.length;
  const nb = ib.length;
  const size = na + nb;
  const adj: number[] = [];
  const start = new Int32Array(size + 1);
  // the bars of b sorted by birth, to find the close ones by a window on the birth
  const byBirth = ib.map((_, q) => q).sort((p, q) => b.births[ib[p]] - b.births[ib[q]]);
  const births = Float64Array.from(byBirth, (q) => b.births[ib[q]]);
  for (let p = 0; p < na; p++) {
    start[p] = adj.length;
    const i = ia[p];
    let lo = 0;
    let hi = births.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (births[mid] < a.births[i] - tau) lo = mid + 1;
      else hi = mid;
    }
    for (let r = lo; r < births.length && births[r] <= a.births[i] + tau; r++)
      if (close(a, i, b, ib[byBirth[r]], tau)) adj.push(byBirth[r]);
    if (short(a, i, tau)) adj.push(nb + p);
  }
  for (let q = 0; q < nb; q++) {
    start[na + q] = adj.length;
    if (short(b, ib[q], tau)) adj.push(q);
    for (let p = 0; p < na; p++) adj.push(nb + p);
  }
  start[size] = adj.length;
  const matchL = new Int32Array(size).fill(-1);
  const matchR = new Int32Array(size).fill(-1);
  const found = hopcroftKarp({ start, adj: Int32Array.from(adj) }, size, size, matchL, matchR);
  if (found < size) return null;
  const out = new Int32Array(nb).fill(-1);
  for (let q = 0; q < nb; q++) {
    const p = matchR[q];
    if (p >= 0 && p < na) out[q] = ia[p];
  }
  return out;
}

/** For each bar of b, the bar of a it continues, or -1. */
function matchBars(a: LineBars, b: LineBars, tau: number, stats: ApproximationOutput['stats']): Int32Array {
  const out = new Int32Array(b.births.length).fill(-1);
  const byKey = new Map<number, number>();
  for (let i = 0; i < a.keys.length; i++) byKey.set(a.keys[i], i);
  const usedA = new Uint8Array(a.births.length);
  const byIdentity = new Uint8Array(b.births.length);
  for (let j = 0; j < b.keys.length; j++) {
    const i = byKey.get(b.keys[j]);
    if (i !== undefined && close(a, i, b, j, tau)) {
      out[j] = i;
      usedA[i] = 1;
      byIdentity[j] = 1;
    }
  }
  const ia: number[] = [];
  const ib: number[] = [];
  for (let i = 0; i < usedA.length; i++) if (!usedA[i]) ia.push(i);
  for (let j = 0; j < out.length; j++) if (out[j] < 0) ib.push(j);
  let rest = thresholdMatching(a, ia, b, ib, tau);
  if (rest === null) {
    // the identity matches left no perfect matching of the rest: match everything at the threshold
    out.fill(-1);
    byIdentity.fill(0);
    ib.length = 0;
    for (let j = 0; j < out.length; j++) ib.push(j);
    rest = thresholdMatching(
      a,
      Array.from({ length: a.births.length }, (_, i) => i),
      b,
      ib,
      tau,
    );
    if (rest === null)
      throw new Error(
        'module approximation: neighbouring barcodes are further apart than delta/2 (stability violated)',
      );
  }
  for (let q = 0; q < ib.length; q++) out[ib[q]] = rest[q];
  for (let j = 0; j < out.length; j++) {
    if (out[j] < 0) stats.newSummands++;
    else if (byIdentity[j]) stats.identityMatches++;
    else stats.thresholdMatches++;
  }
  return out;
}

export interface ApproximateOptions {
  degrees: number[];
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
}

/** Barcodes along the family, matched into summands. */
export function approximateModule(engine: LineEngine, family: LineFamily, o: ApproximateOptions): ApproximationOutput {
  const t0 = performance.now();
  const tau = thresholdOf(family.step);
  const stats = { lines: family.count, identityMatches: 0, thresholdMatches: 0, newSummands: 0, millis: 0 };
  const barcodes: [LineBars, LineBars][] = [];
  // open chains per degree: for each bar of the previous line, its summand's builder
  const builders: { degree: number; first: number; b: number[]; d: number[] }[] = [];
  let open: number[][] = [[], []];
  for (let k = 0; k < family.count; k++) {
    o.signal?.throwIfCancelled();
    o.onProgress?.(k / family.count);
    const bars = engine(lineOffset(family, k));
    barcodes.push(bars);
    const next: number[][] = [[], []];
    for (const deg of o.degrees) {
      const cur = bars[deg];
      const prev = k > 0 ? barcodes[k - 1][deg] : undefined;
      const match = prev ? matchBars(prev, cur, tau, stats) : new Int32Array(cur.births.length).fill(-1);
      if (!prev) stats.newSummands += cur.births.length;
      for (let j = 0; j < cur.births.length; j++) {
        let s = match[j] >= 0 ? open[deg][match[j]] : -1;
        if (s < 0) {
          s = builders.length;
          builders.push({ degree: deg, first: k, b: [], d: [] });
        }
        builders[s].b.push(cur.births[j]);
        builders[s].d.push(cur.deaths[j]);
        next[deg].push(s);
      }
    }
    open = next;
  }
  stats.millis = performance.now() - t0;
  const summands = builders.map((s) => ({
    degree: s.degree,
    firstLine: s.first,
    births: Float64Array.from(s.b),
    deaths: Float64Array.from(s.d),
  }));
  return { family, barcodes, summands, stats };
}
