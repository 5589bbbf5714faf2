/**
 * Fibered barcodes: the one-parameter persistence of a bifiltration restricted to a line of slope 1.
 *
 * Lines are indexed by their offset c = x - y and parametrised by s = (x + y) / 2: the point of parameter s is
 * (s + c/2, s - c/2). A simplex of grade g is present at that point when g <= (s + c/2, s - c/2), so it enters the
 * line filtration at
 *   s_c(g) = max(g_x - c/2, g_y + c/2),
 * the max over coordinates of (g_i - b_i) with base point b = (c/2, -c/2) (Lesnick & Wright 2015; Loiseaux,
 * Carriere & Blumberg, MMA, sec. 2). s_c is monotone in g, so faces still enter no later than their cofaces, and
 * for a flag bifiltration the line filtration is again a flag filtration. Moving the line by h in c moves every
 * s_c(g) by at most h/2, so by the stability theorem neighbouring barcodes are within h/2 in bottleneck distance.
 */
import type { CancelSignal } from '../../core/context';
import { NO_EDGE, radixSortNonNegative, type EdgeOrder } from '../multi/edgeOrder';
import { createFlagReducer } from '../multi/flagReducer';
import type { BifilteredComplex, ExplicitTriangles } from './complex';

/** Bars of one degree on one line, in the line parameter s. `keys` name each bar's (birth, death) simplex pair. */
export interface LineBars {
  births: Float64Array;
  deaths: Float64Array;
  keys: Float64Array;
}

/** The barcodes in degrees 0 and 1 of the line of offset c. */
export type LineEngine = (c: number) => [LineBars, LineBars];

export function lineValue(x: number, y: number, c: number): number {
  return Math.max(x - c / 2, y + c / 2);
}

class BarList {
  b: number[] = [];
  d: number[] = [];
  k: number[] = [];
  push(birth: number, death: number, key: number): void {
    // zero-length bars are not bars (the convention of Ripser and GUDHI)
    if (!(death > birth)) return;
    this.b.push(birth);
    this.d.push(death);
    this.k.push(key);
  }
  done(): LineBars {
    return { births: Float64Array.from(this.b), deaths: Float64Array.from(this.d), keys: Float64Array.from(this.k) };
  }
}

function gradeValues(g: Float64Array, c: number): Float64Array {
  const out = new Float64Array(g.length / 2);
  const h = c / 2;
  for (let i = 0; i < out.length; i++) out[i] = Math.max(g[2 * i] - h, g[2 * i + 1] + h);
  return out;
}

/** The edges sorted once by one coordinate of their grade (ties by id), with that coordinate and g_x - g_y. */
interface SortedEdges {
  id: Int32Array;
  value: Float64Array;
  offset: Float64Array;
  /** Endpoints, larger first (the EdgeOrder convention), in the same order. */
  hi: Int32Array;
  lo: Int32Array;
}

function sortedByCoordinate(k: BifilteredComplex, coord: 0 | 1): SortedEdges {
  const g = k.edgeGrades;
  const m = g.length / 2;
  let lowest = Infinity;
  for (let e = 0; e < m; e++) lowest = Math.min(lowest, g[2 * e + coord]);
  // radix sort of the shifted (>= 0) values; stable, so ties stay in id order
  const keys = new Float64Array(m);
  const ids = new Uint32Array(m);
  for (let e = 0; e < m; e++) {
    keys[e] = g[2 * e + coord] - lowest + 0;
    ids[e] = e;
  }
  radixSortNonNegative(keys, ids);
  const out: SortedEdges = {
    id: new Int32Array(m),
    value: new Float64Array(m),
    offset: new Float64Array(m),
    hi: new Int32Array(m),
    lo: new Int32Array(m),
  };
  for (let q = 0; q < m; q++) {
    const e = ids[q];
    out.id[q] = e;
    out.value[q] = g[2 * e + coord];
    out.offset[q] = g[2 * e] - g[2 * e + 1];
    out.hi[q] = Math.max(k.edgeA[e], k.edgeB[e]);
    out.lo[q] = Math.min(k.edgeA[e], k.edgeB[e]);
  }
  return out;
}

/**
 * Flag bifiltrations: each line is a flag filtration, reduced by the degree 0/1 reducer of multi/flagReducer.ts
 * (union-find for H0, persistent cohomology with clearing and emergent pairs for H1). The edge order of a line needs
 * no sort: an edge enters at g_x - c/2 when g_x - g_y >= c and at g_y + c/2 otherwise, so it is the merge of the
 * edges sorted once by g_x (those with g_x - g_y >= c) and once by g_y (the others). The rank matrix and the order's
 * arrays are reused from line to line (the edge set never changes, only the ranks).
 */
function flagEngine(k: BifilteredComplex, signal?: CancelSignal): LineEngine {
  const n = k.vertexCount;
  const m = k.edgeA.length;
  const g = k.edgeGrades;
  const byX = sortedByCoordinate(k, 0);
  const byY = sortedByCoordinate(k, 1);
  const order: EdgeOrder = {
    n,
    count: m,
    rank: new Int32Array(n * n).fill(NO_EDGE),
    edgeA: new Int32Array(m),
    edgeB: new Int32Array(m),
    value: new Float64Array(m),
  };
  const idByRank = new Int32Array(m);
  const base = m + 1; // key = birth id * base + death id; death id m = never dies
  return (c) => {
    const h = c / 2;
    const vertexValue = gradeValues(k.vertexGrades, c);
    // only the few edges that end up in bars need their value: computed on demand, not for all m edges
    const edgeValue = (e: number): number => Math.max(g[2 * e] - h, g[2 * e + 1] + h);
    const { rank, edgeA, edgeB } = order;
    let i = 0;
    let j = 0;
    for (let r = 0; r < m; r++) {
      while (i < m && byX.offset[i] < c) i++;
      while (j < m && byY.offset[j] >= c) j++;
      const takeX = j >= m || (i < m && byX.value[i] - h <= byY.value[j] + h);
      const src = takeX ? byX : byY;
      const q = takeX ? i++ : j++;
      order.value[r] = takeX ? src.value[q] - h : src.value[q] + h;
      idByRank[r] = src.id[q];
      const u = src.hi[q];
      const v = src.lo[q];
      edgeA[r] = u;
      edgeB[r] = v;
      rank[u * n + v] = r;
      rank[v * n + u] = r;
    }
    signal?.throwIfCancelled();
    const reducer = createFlagReducer(order, signal);
    const bars = reducer.slice(n, m, vertexValue);
    const h0 = new BarList();
    const dead = new Uint8Array(n);
    for (let q = 0; q < bars.mergeRank.length; q++) {
      const v = bars.mergeDying[q];
      const e = idByRank[bars.mergeRank[q]];
      dead[v] = 1;
      h0.push(vertexValue[v], edgeValue(e), v * base + e);
    }
    for (let v = 0; v < n; v++) if (!dead[v]) h0.push(vertexValue[v], Infinity, v * base + m);
    const h1 = new BarList();
    for (let q = 0; q < bars.h1Birth.length; q++) {
      const eb = idByRank[bars.h1Birth[q]];
      const ed = bars.h1Death[q] < 0 ? m : idByRank[bars.h1Death[q]];
      h1.push(edgeValue(eb), ed === m ? Infinity : edgeValue(ed), eb * base + ed);
    }
    reducer.release(); // its buffers serve the next line
    return [h0.done(), h1.done()];
  };
}

/** Union-find with path halving. */
function findRoot(parent: Int32Array, v: number): number {
  while (parent[v] !== v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

/** Indices 0..len-1 sorted by value, ties by index (a total order refining the filtration). */
function sortedBy(values: Float64Array): Int32Array {
  const idx = Int32Array.from({ length: values.length }, (_, i) => i);
  return idx.sort((i, j) => values[i] - values[j] || i - j);
}

/**
 * Explicit complexes: the standard algorithm (Edelsbrunner, Letscher & Zomorodian 2002; Zomorodian & Carlsson
 * 2005) over Z/2. H0 by union-find over the edges in filtration order with the elder rule; H1 by reducing the
 * boundary columns of the triangles (rows: edges in filtration order) until their lowest entries differ. Sized for
 * graphs' clique complexes and tests, not for large Rips complexes.
 */
export function explicitLineBarcode(
  k: BifilteredComplex,
  triangles: ExplicitTriangles,
  c: number,
): [LineBars, LineBars] {
  const n = k.vertexCount;
  const m = k.edgeA.length;
  const vertexValue = gradeValues(k.vertexGrades, c);
  const edgeValue = gradeValues(k.edgeGrades, c);
  const triValue = gradeValues(triangles.grades, c);
  const vOrder = sortedBy(vertexValue);
  const vPos = new Int32Array(n);
  vOrder.forEach((v, p) => (vPos[v] = p));
  const eOrder = sortedBy(edgeValue);
  const ePos = new Int32Array(m);
  eOrder.forEach((e, p) => (ePos[e] = p));
  const edgeKey = new Map<number, number>();
  for (let e = 0; e < m; e++) edgeKey.set(Math.max(k.edgeA[e], k.edgeB[e]) * n + Math.min(k.edgeA[e], k.edgeB[e]), e);
  const base = m + triangles.a.length + 1;

  const h0 = new BarList();
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const negative = new Uint8Array(m);
  for (const e of eOrder) {
    const ru = findRoot(parent, k.edgeA[e]);
    const rv = findRoot(parent, k.edgeB[e]);
    if (ru === rv) continue;
    negative[e] = 1;
    // elder rule: the component born later (in the total order) dies; roots are the oldest vertices
    const [old, young] = vPos[ru] < vPos[rv] ? [ru, rv] : [rv, ru];
    h0.push(vertexValue[young], edgeValue[e], young * base + e);
    parent[young] = old;
  }
  for (let v = 0; v < n; v++) if (findRoot(parent, v) === v) h0.push(vertexValue[v], Infinity, v * base + base - 1);

  const h1 = new BarList();
  const tOrder = sortedBy(triValue);
  const pivotOwner = new Map<number, number[]>(); // lowest edge position -> reduced column
  const paired = new Uint8Array(m);
  for (const t of tOrder) {
    const vs = [triangles.a[t], triangles.b[t], triangles.c[t]];
    let col = [
      [vs[0], vs[1]],
      [vs[0], vs[2]],
      [vs[1], vs[2]],
    ]
      .map(([p, q]) => ePos[edgeKey.get(Math.max(p, q) * n + Math.min(p, q))!])
      .sort((x, y) => x - y);
    while (col.length > 0) {
      const other = pivotOwner.get(col[col.length - 1]);
      if (!other) break;
      col = symmetricDifference(col, other);
    }
    if (col.length === 0) continue;
    const low = col[col.length - 1];
    pivotOwner.set(low, col);
    const e = eOrder[low];
    paired[e] = 1;
    h1.push(edgeValue[e], triValue[t], e * base + m + t);
  }
  for (let e = 0; e < m; e++) if (!negative[e] && !paired[e]) h1.push(edgeValue[e], Infinity, e * base + base - 1);
  return [h0.done(), h1.done()];
}

/** Sum over Z/2 of two sorted columns. */
function symmetricDifference(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      i++;
      j++;
    }
  }
  return out;
}

export function createLineEngine(k: BifilteredComplex, signal?: CancelSignal): LineEngine {
  const t = k.triangles;
  if (t === 'flag') return flagEngine(k, signal);
  return (c) => {
    signal?.throwIfCancelled();
    return explicitLineBarcode(k, t, c);
  };
}
