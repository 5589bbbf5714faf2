import type { BifilteredComplex, ExplicitTriangles } from '../../src/analysis/topology/module/complex';

/**
 * The flag complex written out: every 3-clique of the edge graph as an explicit triangle at the join of its edges'
 * grades, for checking the flag reducer against the explicit reduction.
 */
export function withCliqueTriangles(k: BifilteredComplex): BifilteredComplex & { triangles: ExplicitTriangles } {
  const n = k.vertexCount;
  const edge = new Map<number, number>();
  for (let e = 0; e < k.edgeA.length; e++)
    edge.set(Math.max(k.edgeA[e], k.edgeB[e]) * n + Math.min(k.edgeA[e], k.edgeB[e]), e);
  const get = (u: number, v: number): number | undefined => edge.get(Math.max(u, v) * n + Math.min(u, v));
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const g: number[] = [];
  for (let u = 0; u < n; u++)
    for (let v = u + 1; v < n; v++) {
      const e1 = get(u, v);
      if (e1 === undefined) continue;
      for (let w = v + 1; w < n; w++) {
        const e2 = get(u, w);
        const e3 = get(v, w);
        if (e2 === undefined || e3 === undefined) continue;
        a.push(u);
        b.push(v);
        c.push(w);
        const G = k.edgeGrades;
        g.push(Math.max(G[2 * e1], G[2 * e2], G[2 * e3]), Math.max(G[2 * e1 + 1], G[2 * e2 + 1], G[2 * e3 + 1]));
      }
    }
  return {
    ...k,
    triangles: { a: Int32Array.from(a), b: Int32Array.from(b), c: Int32Array.from(c), grades: Float64Array.from(g) },
  };
}
