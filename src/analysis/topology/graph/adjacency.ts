/** Compressed adjacency of an undirected simple graph (both directions stored), with the edge index of each entry. */
import type { GraphData } from '../../data/graph/types';

export interface Adjacency {
  n: number;
  /** Neighbours of v: nbr[start[v] .. start[v+1]-1], increasing. */
  start: Int32Array;
  nbr: Int32Array;
  /** Edge index (into GraphData.src/dst/weight) of each adjacency entry. */
  edge: Int32Array;
}

export function adjacencyOf(g: GraphData): Adjacency {
  const n = g.nodeIds.length;
  const m = g.src.length;
  const deg = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    deg[g.src[k]]++;
    deg[g.dst[k]]++;
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v] + deg[v];
  const fill = start.slice(0, n);
  const nbr = new Int32Array(2 * m);
  const edge = new Int32Array(2 * m);
  for (let k = 0; k < m; k++) {
    const a = g.src[k];
    const b = g.dst[k];
    nbr[fill[a]] = b;
    edge[fill[a]++] = k;
    nbr[fill[b]] = a;
    edge[fill[b]++] = k;
  }
  // Sort each neighbour list (with its edge indices) so that clique enumeration can merge lists.
  for (let v = 0; v < n; v++) {
    const lo = start[v];
    const hi = start[v + 1];
    const idx = Array.from({ length: hi - lo }, (_, i) => lo + i).sort((x, y) => nbr[x] - nbr[y]);
    const nb = idx.map((i) => nbr[i]);
    const ed = idx.map((i) => edge[i]);
    nbr.set(nb, lo);
    edge.set(ed, lo);
  }
  return { n, start, nbr, edge };
}

export function degreeOf(a: Adjacency, v: number): number {
  return a.start[v + 1] - a.start[v];
}

/** Connected components: component label per node (0-based, in order of the smallest node), and their count. */
export function components(a: Adjacency): { label: Int32Array; count: number } {
  const label = new Int32Array(a.n).fill(-1);
  let count = 0;
  const stack: number[] = [];
  for (let s = 0; s < a.n; s++) {
    if (label[s] >= 0) continue;
    label[s] = count;
    stack.push(s);
    while (stack.length) {
      const v = stack.pop() as number;
      for (let p = a.start[v]; p < a.start[v + 1]; p++) {
        const w = a.nbr[p];
        if (label[w] < 0) {
          label[w] = count;
          stack.push(w);
        }
      }
    }
    count++;
  }
  return { label, count };
}
