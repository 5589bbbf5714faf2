/**
 * A representative cycle for an H1 bar [b, d), found from the bar's cocycle phi (the column of the coboundary
 * reduction matrix, see cohomology.ts). phi is a cocycle of every complex K_t with t < d, so any 1-cycle z of K_b with
 * phi(z) != 0 is not a boundary in any K_t, t in [b, d): z is non-trivial in homology for the whole bar.
 *
 * Construction: take an edge e = {u, v} of phi's support of length b (the birth edge: phi is the birth edge plus
 * edges later in the filtration). Join v back to u by the shortest path (sum of edge lengths, Dijkstra) through edges
 * of length <= b that are not in phi's support. Then z = e + path lies in K_b and phi(z) = phi(e) != 0. Such a path
 * exists: every edge before the birth edge in the filtration is outside the support, and the birth edge of an H1
 * class joins two vertices already connected by earlier edges. Shortest paths keep the loop tight around the hole,
 * which is what a user expects to see drawn; other valid representatives differ by boundaries and older classes.
 */
import type { EdgeCochain } from './types';

/** Distance between engine vertices i and j, computed exactly as the reduction computed it. */
export type VertexDistance = (i: number, j: number) => number;

/** Dense Dijkstra (O(n^2), no heap: the graphs here are thresholded complete graphs) from `from` to `to`. */
function shortestPath(
  n: number,
  dist: VertexDistance,
  from: number,
  to: number,
  maxLength: number,
  banned: Set<number>,
): number[] | undefined {
  const best = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  best[from] = 0;
  for (;;) {
    let u = -1;
    let bu = Infinity;
    for (let i = 0; i < n; i++)
      if (!done[i] && best[i] < bu) {
        bu = best[i];
        u = i;
      }
    if (u < 0) return undefined;
    if (u === to) break;
    done[u] = 1;
    for (let w = 0; w < n; w++) {
      if (done[w] || w === u) continue;
      const len = dist(u, w);
      if (len > maxLength || banned.has(edgeKey(u, w, n))) continue;
      if (bu + len < best[w]) {
        best[w] = bu + len;
        prev[w] = u;
      }
    }
  }
  const path = [to];
  for (let v = to; v !== from;) {
    v = prev[v];
    path.push(v);
  }
  return path.reverse();
}

function edgeKey(i: number, j: number, n: number): number {
  return i < j ? i * n + j : j * n + i;
}

/**
 * The vertex loop [v0, v1, ..., vk] (closed by the edge vk - v0; v0 - v1 ... are the path, vk - v0 the birth edge)
 * of a cycle on which `phi` is non-zero, or undefined when none is found (which the construction rules out for a
 * true H1 cocycle; callers report it rather than assume it).
 */
export function representativeCycle(
  phi: EdgeCochain,
  birth: number,
  n: number,
  dist: VertexDistance,
): number[] | undefined {
  const banned = new Set<number>();
  for (let t = 0; t < phi.a.length; t++) banned.add(edgeKey(phi.a[t], phi.b[t], n));
  for (let t = 0; t < phi.a.length; t++) {
    const [u, v] = [phi.a[t], phi.b[t]];
    if (dist(u, v) > birth) continue;
    const path = shortestPath(n, dist, v, u, birth, banned);
    if (path) return path;
  }
  return undefined;
}

/**
 * Representative cycles of the `limit` longest bars (infinite first), in the bars' order; undefined for the rest.
 * `d` is the dense distance matrix of the reduction; vertices are mapped through `subset` when one was taken.
 */
export function cyclesOfLongestBars(
  cochains: EdgeCochain[],
  births: Float64Array,
  deaths: Float64Array,
  d: { n: number; data: Float64Array },
  limit: number,
  subset?: ArrayLike<number>,
): (Int32Array | undefined)[] {
  const { n, data } = d;
  const dist: VertexDistance = (i, j) => data[i * n + j];
  const order = cochains.map((_, k) => k).sort((x, y) => deaths[y] - births[y] - (deaths[x] - births[x]) || x - y);
  const out: (Int32Array | undefined)[] = cochains.map(() => undefined);
  for (const k of order.slice(0, limit)) {
    const loop = representativeCycle(cochains[k], births[k], n, dist);
    if (loop) out[k] = Int32Array.from(loop, (v) => (subset ? subset[v] : v));
  }
  return out;
}
