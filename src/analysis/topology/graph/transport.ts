/**
 * Exact optimal transport between two discrete distributions (the transportation problem): minimise
 * sum_ij C_ij P_ij subject to row sums a, column sums b, P >= 0. Solved as a min-cost flow by successive shortest
 * paths (Ahuja, Magnanti & Orlin, "Network Flows", 1993, section 9.7): from the sources with supply left, a
 * Bellman-Ford search in the residual network (forward arcs i -> j of cost C_ij, uncapacitated; backward arcs j -> i
 * of cost -C_ij carrying the flow placed so far) finds the cheapest path to a sink with demand left; the bottleneck
 * amount is pushed along it. Every augmentation exhausts a supply, a demand or a backward arc, the residual network
 * has no negative cycle at any step, so the final plan is optimal. Meant for small supports (Ollivier-Ricci
 * neighbourhoods): O((p+q) p q) per augmentation.
 */

/** Optimal cost; `a` (length p) and `b` (length q) of equal total mass, cost row-major p x q. */
export function transportCost(a: Float64Array, b: Float64Array, cost: Float64Array): number {
  const p = a.length;
  const q = b.length;
  const supply = Float64Array.from(a);
  const demand = Float64Array.from(b);
  const flow = new Float64Array(p * q);
  const total = a.reduce((s, x) => s + x, 0);
  const eps = 1e-14 * Math.max(1, total);
  const dist = new Float64Array(p + q);
  const prev = new Int32Array(p + q);
  for (let guard = 0; guard < 4 * (p + q) * (p + q) + 16; guard++) {
    // Bellman-Ford from every source with supply left (dist 0), over arcs with residual capacity.
    dist.fill(Infinity);
    prev.fill(-1);
    let any = false;
    for (let i = 0; i < p; i++)
      if (supply[i] > eps) {
        dist[i] = 0;
        any = true;
      }
    if (!any) break;
    for (let round = 0; round < p + q; round++) {
      let changed = false;
      for (let i = 0; i < p; i++) {
        if (dist[i] === Infinity) continue;
        for (let j = 0; j < q; j++) {
          const d = dist[i] + cost[i * q + j];
          if (d < dist[p + j] - 1e-15 * Math.abs(d)) {
            dist[p + j] = d;
            prev[p + j] = i;
            changed = true;
          }
        }
      }
      for (let j = 0; j < q; j++) {
        if (dist[p + j] === Infinity) continue;
        for (let i = 0; i < p; i++) {
          if (flow[i * q + j] <= eps) continue;
          const d = dist[p + j] - cost[i * q + j];
          if (d < dist[i] - 1e-15 * Math.abs(d)) {
            dist[i] = d;
            prev[i] = p + j;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    let sink = -1;
    for (let j = 0; j < q; j++) if (demand[j] > eps && (sink < 0 || dist[p + j] < dist[p + sink])) sink = j;
    if (sink < 0 || dist[p + sink] === Infinity) break;
    // Bottleneck along the path back to its source.
    let amount = demand[sink];
    let node = p + sink;
    while (prev[node] >= 0) {
      const from = prev[node];
      if (node < p) amount = Math.min(amount, flow[node * q + (from - p)]);
      node = from;
    }
    amount = Math.min(amount, supply[node]);
    node = p + sink;
    while (prev[node] >= 0) {
      const from = prev[node];
      if (node >= p) flow[from * q + (node - p)] += amount;
      else flow[node * q + (from - p)] -= amount;
      node = from;
    }
    supply[node] -= amount;
    demand[sink] -= amount;
  }
  let c = 0;
  for (let k = 0; k < p * q; k++) c += flow[k] * cost[k];
  return c;
}
