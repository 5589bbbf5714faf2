/**
 * Exact linear sum assignment on a dense square cost matrix (row-major, Infinity = forbidden pair) by successive
 * shortest augmenting paths with dual potentials: the Jonker-Volgenant / Hungarian family in the form of Crouse,
 * "On implementing 2D rectangular assignment algorithms" (IEEE TAES 2016), Algorithm 1. Returns the column of each
 * row in an optimal assignment. The diagram distances use the structured solver of diagram-assignment.ts; this dense
 * one is its reference in the tests.
 */
export function linearSumAssignment(cost: Float64Array, n: number): Int32Array {
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  const spc = new Float64Array(n);
  const path = new Int32Array(n).fill(-1);
  const col4row = new Int32Array(n).fill(-1);
  const row4col = new Int32Array(n).fill(-1);
  const sr = new Uint8Array(n);
  const sc = new Uint8Array(n);
  const remaining = new Int32Array(n);

  // Column reduction (Jonker & Volgenant 1987, sec. 4): v_j = min_i c_ij is a feasible dual, and each column may
  // take its cheapest row while that row is free; only the rows left free need augmenting paths.
  for (let j = 0; j < n; j++) {
    let best = Infinity;
    let arg = -1;
    for (let i = 0; i < n; i++) {
      const c = cost[i * n + j];
      if (c < best || (c === best && arg >= 0 && col4row[arg] >= 0 && col4row[i] < 0)) {
        best = c;
        arg = i;
      }
    }
    v[j] = best === Infinity ? 0 : best;
    if (arg >= 0 && best < Infinity && col4row[arg] < 0) {
      col4row[arg] = j;
      row4col[j] = arg;
    }
  }

  for (let cur = 0; cur < n; cur++) {
    if (col4row[cur] >= 0) continue;
    let minVal = 0;
    let i = cur;
    let numRemaining = n;
    for (let it = 0; it < n; it++) remaining[it] = n - it - 1;
    sr.fill(0);
    sc.fill(0);
    spc.fill(Infinity);
    let sink = -1;
    // Dijkstra on reduced costs from row `cur` until an unassigned column is reached (Crouse 2016, Alg. 1 l. 8-25).
    while (sink === -1) {
      sr[i] = 1;
      let index = -1;
      let lowest = Infinity;
      const base = i * n;
      const ui = u[i];
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it];
        const r = minVal + cost[base + j] - ui - v[j];
        if (r < spc[j]) {
          path[j] = i;
          spc[j] = r;
        }
        if (spc[j] < lowest || (spc[j] === lowest && row4col[j] === -1)) {
          lowest = spc[j];
          index = it;
        }
      }
      minVal = lowest;
      if (minVal === Infinity) throw new Error('linearSumAssignment: no feasible assignment');
      const j = remaining[index];
      if (row4col[j] === -1) sink = j;
      else i = row4col[j];
      sc[j] = 1;
      remaining[index] = remaining[--numRemaining];
    }
    // Dual update keeps reduced costs non-negative and tight along the shortest-path tree.
    u[cur] += minVal;
    for (let r = 0; r < n; r++) if (sr[r] && r !== cur) u[r] += minVal - spc[col4row[r]];
    for (let c = 0; c < n; c++) if (sc[c]) v[c] -= minVal - spc[c];
    // Augment along the path back to `cur`.
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
  return col4row;
}
