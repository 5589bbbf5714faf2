/**
 * Columns of degree d+1 (Bauer 2021, assembling the columns to reduce): every (d+1)-simplex within the
 * threshold is generated once, from its facet without the top vertex (cofacets adding a vertex j above all of its
 * vertices, index idx + C(j, d+2)); those that are pivots of degree d are cleared; the rest are sorted by diameter
 * descending, index ascending.
 */
import type { CancelSignal } from '../../core/context';
import type { BinomialTable } from './combinatorial';
import type { RipsCohomology } from './cohomology';
import { F64List } from './growable';
import type { PivotMap } from './pivot-map';
import { sortByDiameterThenIndexDesc } from './radix-sort';
import type { CandidateLists } from './neighbors';
import { CofacetCursor } from './cofacets';

export interface SimplexList {
  index: Float64Array;
  diam: Float64Array;
  count: number;
}

export interface Assembled {
  columnIndex: Float64Array;
  columnDiam: Float64Array;
  /** All (d+1)-simplices within the threshold (only when keepAll). */
  all: SimplexList;
}

export interface AssembleOptions {
  /** The dense distance matrix (row-major n x n) and its size. */
  D: Float64Array;
  n: number;
  binom: BinomialTable;
  lists: CandidateLists;
  threshold: number;
  /** Degree of `simplices`; the columns built are (d+1)-simplices. */
  d: number;
  /** All d-simplices within the threshold. */
  simplices: SimplexList;
  /** Pivots of degree d: (d+1)-simplices that are not columns (clearing). */
  cleared: PivotMap;
  /** Also return every (d+1)-simplex (needed to assemble the next degree). */
  keepAll: boolean;
  /** The reducer, for its apparent-pair tests. */
  reducer: RipsCohomology;
  signal?: CancelSignal;
}

export function assembleColumns(o: AssembleOptions): Assembled {
  const { binom, threshold, d, simplices, cleared, keepAll, reducer, signal } = o;
  const cur = new CofacetCursor(o.D, o.n, binom, o.lists);
  const v = new Int32Array(8);
  const w = new Int32Array(8);
  const allIdx = new F64List(keepAll ? simplices.count * 4 : 4);
  const allDiam = new F64List(keepAll ? simplices.count * 4 : 4);
  const colIdx = new F64List(simplices.count);
  const colDiam = new F64List(simplices.count);
  for (let s = 0; s < simplices.count; s++) {
    if ((s & 4095) === 0) signal?.throwIfCancelled();
    const idx = simplices.index[s];
    const diam = simplices.diam[s];
    binom.vertices(idx, d, v);
    cur.reset(idx, v, d);
    // Cofacets come in decreasing index order; only those adding a vertex above the top vertex v[0] are wanted.
    while (cur.next(false)) {
      const j = cur.vertex;
      const cd = cur.diameter(diam);
      if (cd > threshold) continue;
      const cidx = cur.index(); // idx + C(j, d+2): j is the new top vertex
      if (keepAll) {
        allIdx.push(cidx);
        allDiam.push(cd);
      }
      // Cleared (a pivot of degree d) or in an apparent pair: not a column.
      w[0] = j;
      for (let i = 0; i <= d; i++) w[i + 1] = v[i];
      // Most simplices of a dense complex are the facet of an apparent pair: test that first (it usually exits early).
      if (
        !cleared.has(cidx) &&
        !reducer.hasApparentCofacet(cidx, w, d + 1, cd) &&
        !reducer.hasApparentFacet(cidx, w, d + 2, cd)
      ) {
        colIdx.push(cidx);
        colDiam.push(cd);
      }
    }
  }
  const count = colIdx.length;
  const order = sortByDiameterThenIndexDesc(colDiam.data, colIdx.data, count);
  const columnIndex = new Float64Array(count);
  const columnDiam = new Float64Array(count);
  // The sort gives (diameter ascending, index descending); the reduction walks it backwards.
  for (let t = 0; t < count; t++) {
    const o = order[count - 1 - t];
    columnIndex[t] = colIdx.data[o];
    columnDiam[t] = colDiam.data[o];
  }
  return { columnIndex, columnDiam, all: { index: allIdx.data, diam: allDiam.data, count: allIdx.length } };
}
