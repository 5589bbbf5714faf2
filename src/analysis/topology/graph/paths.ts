/**
 * Single-source shortest paths: breadth-first search on unweighted graphs, Dijkstra's algorithm with a binary heap
 * on graphs with non-negative edge lengths (Dijkstra 1959). Unreachable nodes are at Infinity.
 */
import type { Adjacency } from './adjacency';

export function bfsDistances(a: Adjacency, s: number, out = new Float64Array(a.n)): Float64Array {
  out.fill(Infinity);
  out[s] = 0;
  const queue = new Int32Array(a.n);
  let head = 0;
  let tail = 0;
  queue[tail++] = s;
  while (head < tail) {
    const v = queue[head++];
    for (let p = a.start[v]; p < a.start[v + 1]; p++) {
      const w = a.nbr[p];
      if (out[w] === Infinity) {
        out[w] = out[v] + 1;
        queue[tail++] = w;
      }
    }
  }
  return out;
}

/** Dijkstra from s; `length[k]` is the length of edge k (>= 0). */
export function dijkstraDistances(
  a: Adjacency,
  length: Float64Array,
  s: number,
  out = new Float64Array(a.n),
): Float64Array {
  out.fill(Infinity);
  out[s] = 0;
  const heapNode: number[] = [s];
  const heapKey: number[] = [0];
  const done = new Uint8Array(a.n);
  while (heapNode.length) {
    const v = heapNode[0];
    const dv = heapKey[0];
    popHeap(heapNode, heapKey);
    if (done[v] || dv > out[v]) continue;
    done[v] = 1;
    for (let p = a.start[v]; p < a.start[v + 1]; p++) {
      const w = a.nbr[p];
      const d = dv + length[a.edge[p]];
      if (d < out[w]) {
        out[w] = d;
        pushHeap(heapNode, heapKey, w, d);
      }
    }
  }
  return out;
}

function pushHeap(node: number[], key: number[], v: number, d: number): void {
  let i = node.length;
  node.push(v);
  key.push(d);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (key[parent] <= d) break;
    node[i] = node[parent];
    key[i] = key[parent];
    i = parent;
  }
  node[i] = v;
  key[i] = d;
}

function popHeap(node: number[], key: number[]): void {
  const lastNode = node.pop() as number;
  const lastKey = key.pop() as number;
  const size = node.length;
  if (size === 0) return;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && key[c + 1] < key[c]) c++;
    if (key[c] >= lastKey) break;
    node[i] = node[c];
    key[i] = key[c];
    i = c;
  }
  node[i] = lastNode;
  key[i] = lastKey;
}
