/**
 * Optimal assignment of the diagonal-augmented problem of two diagrams' finite points, exploiting its structure
 * (exact; same primal-dual shortest augmenting path method as assignment.ts, Crouse 2016, on a sparse graph):
 * - rows are the points A_i of the first diagram, then the projections dB_j of the second's; columns are the points
 *   B_j, then the projections dA_i;
 * - A_i -> B_j is kept only when c_ij < h_i + h_j (h = cost to the diagonal): otherwise sending both points to the
 *   diagonal is no worse, so an optimal assignment without that edge exists;
 * - A_i -> dA_i costs h_i, dB_j -> B_j costs h_j, and the dB x dA block is complete with cost 0: it is never stored.
 *   In Dijkstra every dB row reached at distance D offers D - u_row - v_k to every projection column dA_k, so the
 *   block contributes min over reached dB rows of (D - u_row) minus v_k: the best unreached projection column is
 *   the one with the largest v_k, found by walking the projection columns sorted by v (re-sorted per augmentation).
 * Returns the total cost of an optimal assignment.
 */
export interface AugmentedProblem {
  n: number;
  m: number;
  /** CSR rows of the A_i -> B_j edges (column indices 0..m-1) with their costs. */
  start: Int32Array;
  cols: Int32Array;
  costs: Float64Array;
  /** Diagonal costs of the A_i and of the B_j. */
  hA: Float64Array;
  hB: Float64Array;
}

class MinHeap {
  private keys = new Float64Array(64);
  private vals = new Int32Array(64);
  size = 0;
  clear(): void {
    this.size = 0;
  }
  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.vals[i] = this.vals[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.vals[i] = val;
  }
  topKey(): number {
    return this.size ? this.keys[0] : Infinity;
  }
  topVal(): number {
    return this.vals[0];
  }
  pop(): void {
    const key = this.keys[--this.size];
    const val = this.vals[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= key) break;
      this.keys[i] = this.keys[c];
      this.vals[i] = this.vals[c];
      i = c;
    }
    this.keys[i] = key;
    this.vals[i] = val;
  }
}

export function solveAugmented(P: AugmentedProblem): number {
  const { n, m, start, cols, costs, hA, hB } = P;
  const R = n + m;
  const u = new Float64Array(R);
  const v = new Float64Array(R);
  const col4row = new Int32Array(R).fill(-1);
  const row4col = new Int32Array(R).fill(-1);
  /** Cost of row r in column c (the edges that exist). */
  const cost = (r: number, c: number): number => {
    if (r < n) {
      if (c >= m) return hA[r];
      for (let e = start[r]; e < start[r + 1]; e++) if (cols[e] === c) return costs[e];
      return Infinity;
    }
    return c >= m ? 0 : hB[r - n];
  };
  // Column reduction: v_c = min over rows of the cost into c; a column takes its cheapest row while that is free.
  const bestRow = new Int32Array(m).fill(-1);
  for (let j = 0; j < m; j++) {
    v[j] = hB[j];
    bestRow[j] = n + j;
  }
  for (let i = 0; i < n; i++)
    for (let e = start[i]; e < start[i + 1]; e++)
      if (costs[e] < v[cols[e]]) {
        v[cols[e]] = costs[e];
        bestRow[cols[e]] = i;
      }
  for (let j = 0; j < m; j++)
    if (col4row[bestRow[j]] < 0) {
      col4row[bestRow[j]] = j;
      row4col[j] = bestRow[j];
    }
  // Projection columns: v = 0 (the dB rows reach them at cost 0); give each a free dB row.
  let nextDb = n;
  for (let k = 0; k < n; k++) {
    while (nextDb < R && col4row[nextDb] >= 0) nextDb++;
    if (nextDb === R) break;
    col4row[nextDb] = m + k;
    row4col[m + k] = nextDb;
  }

  const spc = new Float64Array(R);
  const path = new Int32Array(R);
  const visitedCol = new Uint8Array(R);
  const rowsSeen: number[] = [];
  const colsSeen: number[] = [];
  const heap = new MinHeap();
  const projOrder = Int32Array.from({ length: n }, (_, k) => m + k);

  for (let cur = 0; cur < R; cur++) {
    if (col4row[cur] >= 0) continue;
    spc.fill(Infinity);
    visitedCol.fill(0);
    rowsSeen.length = 0;
    colsSeen.length = 0;
    heap.clear();
    projOrder.sort((a, b) => v[b] - v[a]);
    let projPtr = 0;
    let blockOffset = Infinity;
    let blockRow = -1;
    let minVal = 0;
    let i = cur;
    let sink = -1;
    while (sink < 0) {
      rowsSeen.push(i);
      const ui = u[i];
      if (i < n) {
        for (let e = start[i]; e < start[i + 1]; e++) {
          const j = cols[e];
          if (visitedCol[j]) continue;
          const r = minVal + costs[e] - ui - v[j];
          if (r < spc[j]) {
            spc[j] = r;
            path[j] = i;
            heap.push(r, j);
          }
        }
        const j = m + i;
        if (!visitedCol[j]) {
          const r = minVal + hA[i] - ui - v[j];
          if (r < spc[j]) {
            spc[j] = r;
            path[j] = i;
            heap.push(r, j);
          }
        }
      } else {
        const j = i - n;
        if (!visitedCol[j]) {
          const r = minVal + hB[j] - ui - v[j];
          if (r < spc[j]) {
            spc[j] = r;
            path[j] = i;
            heap.push(r, j);
          }
        }
        if (minVal - ui < blockOffset) {
          blockOffset = minVal - ui;
          blockRow = i;
        }
      }
      // Next column: the smaller of the heap's best live entry and the block's best unreached projection column.
      while (heap.size && (visitedCol[heap.topVal()] || heap.topKey() > spc[heap.topVal()])) heap.pop();
      while (projPtr < n && visitedCol[projOrder[projPtr]]) projPtr++;
      const blockVal = projPtr < n ? blockOffset - v[projOrder[projPtr]] : Infinity;
      let j: number;
      if (blockVal < heap.topKey()) {
        j = projOrder[projPtr];
        if (blockVal < spc[j]) {
          spc[j] = blockVal;
          path[j] = blockRow;
        }
      } else {
        if (!heap.size) throw new Error('solveAugmented: no augmenting path');
        j = heap.topVal();
        heap.pop();
      }
      minVal = spc[j];
      visitedCol[j] = 1;
      colsSeen.push(j);
      if (row4col[j] < 0) sink = j;
      else i = row4col[j];
    }
    u[cur] += minVal;
    for (const r of rowsSeen) if (r !== cur) u[r] += minVal - spc[col4row[r]];
    for (const c of colsSeen) v[c] -= minVal - spc[c];
    let j = sink;
    for (;;) {
      const r = path[j];
      row4col[j] = r;
      const prev = col4row[r];
      col4row[r] = j;
      j = prev;
      if (r === cur) break;
    }
  }
  let total = 0;
  for (let r = 0; r < R; r++) total += cost(r, col4row[r]);
  return total;
}
