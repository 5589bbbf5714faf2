/** Test helpers: diagram comparison as multisets within a tolerance, and an exact bottleneck distance. */
import type { PersistenceDiagram } from '../../../../src/analysis/topology/rips/engine';

export type Pair = [number, number]; // [birth, death], death Infinity for essential

export function pairsOf(d: PersistenceDiagram): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i < d.births.length; i++) out.push([d.births[i], d.deaths[i]]);
  return out;
}

/**
 * Greedy match of two multisets of pairs within tol in both coordinates (infinite deaths match only infinite).
 * Returns a description of the first mismatch, or undefined if equal. With tol far below the gaps between distinct
 * values of the fixtures, greedy matching after sorting equals exact multiset comparison.
 */
export function multisetMismatch(ours: Pair[], theirs: Pair[], tol: number): string | undefined {
  const key = (p: Pair): number => p[0] * 1e6 + (Number.isFinite(p[1]) ? p[1] : 1e12);
  const a = [...ours].sort((x, y) => key(x) - key(y));
  const b = [...theirs].sort((x, y) => key(x) - key(y));
  const used = new Uint8Array(b.length);
  for (const p of a) {
    let found = -1;
    for (let i = 0; i < b.length; i++) {
      if (used[i]) continue;
      const q = b[i];
      const deathOk = Number.isFinite(p[1])
        ? Number.isFinite(q[1]) && Math.abs(p[1] - q[1]) <= tol
        : !Number.isFinite(q[1]);
      if (deathOk && Math.abs(p[0] - q[0]) <= tol) {
        found = i;
        break;
      }
    }
    if (found < 0) return `our pair [${p[0]}, ${p[1]}] has no partner (ours ${a.length}, theirs ${b.length})`;
    used[found] = 1;
  }
  const left = b.filter((_, i) => !used[i]);
  if (left.length > 0)
    return `their pair [${left[0][0]}, ${left[0][1]}] has no partner (ours ${a.length}, theirs ${b.length})`;
  return undefined;
}

/**
 * Bottleneck distance between two diagrams (finite parts; infinite bars must match in number and are compared by
 * birth), exactly: binary search over the candidate values with a bipartite perfect matching (Hopcroft-Karp-free
 * augmenting paths; test sizes are small). Diagonal copies make the graph square (Edelsbrunner & Harer, VIII.4).
 */
export function bottleneck(a: Pair[], b: Pair[]): number {
  const af = a.filter((p) => Number.isFinite(p[1]));
  const bf = b.filter((p) => Number.isFinite(p[1]));
  const ai = a
    .filter((p) => !Number.isFinite(p[1]))
    .map((p) => p[0])
    .sort((x, y) => x - y);
  const bi = b
    .filter((p) => !Number.isFinite(p[1]))
    .map((p) => p[0])
    .sort((x, y) => x - y);
  if (ai.length !== bi.length) return Infinity;
  let infCost = 0;
  for (let i = 0; i < ai.length; i++) infCost = Math.max(infCost, Math.abs(ai[i] - bi[i]));
  const m = af.length;
  const k = bf.length;
  const N = m + k;
  // cost[i][j]: i < m real point of a, i >= m diagonal copy of b's point i-m; j < k real of b, j >= k diagonal of a.
  const cost = (i: number, j: number): number => {
    if (i < m && j < k) return Math.max(Math.abs(af[i][0] - bf[j][0]), Math.abs(af[i][1] - bf[j][1]));
    if (i < m && j >= k) return j - k === i ? (af[i][1] - af[i][0]) / 2 : Infinity;
    if (i >= m && j < k) return i - m === j ? (bf[j][1] - bf[j][0]) / 2 : Infinity;
    return 0;
  };
  const candidates = new Set<number>([0]);
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      const c = cost(i, j);
      if (Number.isFinite(c)) candidates.add(c);
    }
  const vals = [...candidates].sort((x, y) => x - y);
  const feasible = (eps: number): boolean => {
    const matchR = new Int32Array(N).fill(-1);
    const tryAug = (i: number, seen: Uint8Array): boolean => {
      for (let j = 0; j < N; j++) {
        if (seen[j] || cost(i, j) > eps) continue;
        seen[j] = 1;
        if (matchR[j] < 0 || tryAug(matchR[j], seen)) {
          matchR[j] = i;
          return true;
        }
      }
      return false;
    };
    for (let i = 0; i < N; i++) if (!tryAug(i, new Uint8Array(N))) return false;
    return true;
  };
  let lo = 0;
  let hi = vals.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (feasible(vals[mid])) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(infCost, vals.length ? vals[lo] : 0);
}
