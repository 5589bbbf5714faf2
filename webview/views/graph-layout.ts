/**
 * A deterministic force-directed layout for drawing a graph (Fruchterman & Reingold, "Graph drawing by
 * force-directed placement", Software: Practice and Experience 21, 1991): repulsion k^2/d between every pair,
 * attraction d^2/k along edges, a displacement capped by a temperature that cools linearly, and a weak pull to the
 * centre so that components and isolated nodes stay in view. Nodes start on a circle in index order, so the same
 * graph is always drawn the same way. O(n^2) per iteration: meant for the graphs the views draw (a few thousand
 * nodes at most).
 */
export interface Layout {
  x: Float64Array;
  y: Float64Array;
}

export function forceLayout(n: number, edges: ArrayLike<number>, iterations = 200): Layout {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const a = (2 * Math.PI * v) / Math.max(1, n);
    x[v] = Math.cos(a);
    y[v] = Math.sin(a);
  }
  if (n < 2) return { x, y };
  const k = Math.sqrt(4 / n); // area 2 x 2
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    const temperature = 0.1 * (1 - it / iterations) + 1e-3;
    dx.fill(0);
    dy.fill(0);
    for (let u = 0; u < n; u++)
      for (let v = u + 1; v < n; v++) {
        let ex = x[u] - x[v];
        let ey = y[u] - y[v];
        let d2 = ex * ex + ey * ey;
        if (d2 < 1e-12) {
          // coincident nodes: push apart along a fixed direction
          ex = 1e-3 * (1 + (u % 7));
          ey = 1e-3 * (1 + (v % 5));
          d2 = ex * ex + ey * ey;
        }
        const f = (k * k) / d2; // (k^2 / d) along the unit vector
        dx[u] += ex * f;
        dy[u] += ey * f;
        dx[v] -= ex * f;
        dy[v] -= ey * f;
      }
    for (let e = 0; e + 1 < edges.length; e += 2) {
      const u = edges[e];
      const v = edges[e + 1];
      const ex = x[u] - x[v];
      const ey = y[u] - y[v];
      const d = Math.sqrt(ex * ex + ey * ey);
      const f = d / k; // (d^2 / k) along the unit vector
      dx[u] -= ex * f;
      dy[u] -= ey * f;
      dx[v] += ex * f;
      dy[v] += ey * f;
    }
    for (let v = 0; v < n; v++) {
      dx[v] -= 0.05 * x[v] * n * k;
      dy[v] -= 0.05 * y[v] * n * k;
      const d = Math.sqrt(dx[v] * dx[v] + dy[v] * dy[v]);
      if (d > 0) {
        const step = Math.min(d, temperature) / d;
        x[v] += dx[v] * step;
        y[v] += dy[v] * step;
      }
    }
  }
  return { x, y };
}
