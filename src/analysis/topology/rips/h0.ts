/**
 * Degree 0 by union-find over the edges in filtration order (Bauer 2021):
 * an edge joining two components kills the younger one (elder rule; with all births 0 any choice is equal);
 * an edge inside a component is a positive edge and becomes a column of the degree-1 coboundary matrix. The merging
 * edges are exactly the pivots of degree 0, so leaving them out of degree 1 is the clearing step.
 */
import { sortByFloatKey } from './radix-sort';
import { F64List } from './growable';

export interface H0Result {
  births: Float64Array;
  deaths: Float64Array;
  /** Degree-1 columns (positive edges not in apparent pairs) in reduction order: diameter descending, index ascending. */
  columnIndex: Float64Array;
  columnDiam: Float64Array;
  /** All edges within the threshold as codes i * n + j (i > j), for assembling triangles when maxDim >= 2. */
  edgeCodes: Uint32Array;
  edgeCount: number;
}

/**
 * @param D dense n x n distances (function-Rips values already folded in)
 * @param vertexBirth birth of each vertex (all 0 for plain Rips)
 */
export function computeH0(
  D: Float64Array,
  n: number,
  threshold: number,
  /** Number of edges within the threshold (counted by the caller). */
  count: number,
  vertexBirth: Float64Array,
  keepEdges: boolean,
  /** Whether a positive edge (i > j) becomes a degree-1 column (false for edges in apparent pairs). */
  isColumn: (edgeIndex: number, i: number, j: number, diam: number) => boolean,
): H0Result {
  // Edges in decreasing index order (index of (i, j), i > j, is C(i,2) + j): a stable sort by diameter then yields
  // ties by decreasing index, the simplex-wise filtration order whose reverse the cohomology reduction walks.
  let codes: Uint32Array = new Uint32Array(count);
  let e = 0;
  for (let i = n - 1; i > 0; i--) {
    const row = i * n;
    for (let j = i - 1; j >= 0; j--) if (D[row + j] <= threshold) codes[e++] = row + j;
  }
  const sorted = sortByFloatKey(codes, count, D);
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const births = new F64List();
  const deaths = new F64List();
  const positive = new Uint32Array(count);
  let npos = 0;
  for (let k = 0; k < count; k++) {
    const code = sorted[k];
    const i = (code / n) | 0;
    const j = code - i * n;
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) {
      if (isColumn((i * (i - 1)) / 2 + j, i, j, D[code])) positive[npos++] = code;
      continue;
    }
    const d = D[code];
    // Elder rule: the component born later (ties: larger root index) dies.
    const young = vertexBirth[ri] > vertexBirth[rj] || (vertexBirth[ri] === vertexBirth[rj] && ri > rj) ? ri : rj;
    const old = young === ri ? rj : ri;
    const b = vertexBirth[young];
    if (d > b) {
      births.push(b);
      deaths.push(d);
    }
    parent[young] = old;
  }
  for (let v = 0; v < n; v++) {
    if (parent[v] === v && vertexBirth[v] <= threshold) {
      births.push(vertexBirth[v]);
      deaths.push(Infinity);
    }
  }
  const columnIndex = new Float64Array(npos);
  const columnDiam = new Float64Array(npos);
  for (let k = 0; k < npos; k++) {
    const code = positive[npos - 1 - k];
    const i = (code / n) | 0;
    const j = code - i * n;
    columnIndex[k] = (i * (i - 1)) / 2 + j;
    columnDiam[k] = D[code];
  }
  if (!keepEdges) codes = new Uint32Array(0);
  else if (sorted !== codes) codes = sorted;
  return {
    births: births.toArray(),
    deaths: deaths.toArray(),
    columnIndex,
    columnDiam,
    edgeCodes: codes,
    edgeCount: count,
  };
}
