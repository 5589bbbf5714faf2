/**
 * The input of the module approximation: a simplicial complex up to dimension 2 whose simplices carry two
 * filtration values (a grade in R^2), faces at or below their cofaces. Triangles are either the 3-cliques of the
 * edge graph entering at the join of their edges' grades (a flag bifiltration: Rips x codensity, function-Rips, the
 * lower-star bifiltration of a graph's clique complex) or listed explicitly.
 */
import { badInput } from '../../core/errors';
import { squaredDistance, type PointCloud } from '../multi/bifiltration';

export interface ExplicitTriangles {
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
  /** (x, y) of triangle k at [2k, 2k + 1]. */
  grades: Float64Array;
}

export interface BifilteredComplex {
  vertexCount: number;
  /** (x, y) of vertex v at [2v, 2v + 1]. */
  vertexGrades: Float64Array;
  edgeA: Int32Array;
  edgeB: Int32Array;
  /** (x, y) of edge k at [2k, 2k + 1]. */
  edgeGrades: Float64Array;
  triangles: 'flag' | ExplicitTriangles;
}

/** The smallest rectangle [x0, x1] x [y0, y1] holding every grade. */
export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Rips x f: vertex i at (0, f_i), edge {i, j} at (|x_i - x_j|, max(f_i, f_j)) for edges no longer than the
 * threshold; triangles flag (their grade is the join of their edges', the Rips diameter and the max of f).
 */
export function ripsBifiltration(cloud: PointCloud, f: Float64Array, threshold: number): BifilteredComplex {
  const n = cloud.n;
  const vertexGrades = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) vertexGrades[2 * i + 1] = f[i];
  const a: number[] = [];
  const b: number[] = [];
  const g: number[] = [];
  const t2 = threshold * threshold;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = squaredDistance(cloud, i, j);
      if (s > t2) continue;
      a.push(i);
      b.push(j);
      g.push(Math.sqrt(s), Math.max(f[i], f[j]));
    }
  }
  return {
    vertexCount: n,
    vertexGrades,
    edgeA: Int32Array.from(a),
    edgeB: Int32Array.from(b),
    edgeGrades: Float64Array.from(g),
    triangles: 'flag',
  };
}

export function complexBox(k: BifilteredComplex): Box {
  const box = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
  const take = (g: Float64Array): void => {
    for (let i = 0; i < g.length; i += 2) {
      if (g[i] < box.x0) box.x0 = g[i];
      if (g[i] > box.x1) box.x1 = g[i];
      if (g[i + 1] < box.y0) box.y0 = g[i + 1];
      if (g[i + 1] > box.y1) box.y1 = g[i + 1];
    }
  };
  take(k.vertexGrades);
  take(k.edgeGrades);
  if (k.triangles !== 'flag') take(k.triangles.grades);
  return box;
}

/** The same complex with grades mapped affinely onto [0, 1]^2 (a flat axis maps to 0). */
export function scaleToUnitBox(k: BifilteredComplex, box: Box): BifilteredComplex {
  const sx = box.x1 > box.x0 ? 1 / (box.x1 - box.x0) : 0;
  const sy = box.y1 > box.y0 ? 1 / (box.y1 - box.y0) : 0;
  const map = (g: Float64Array): Float64Array => {
    const out = new Float64Array(g.length);
    for (let i = 0; i < g.length; i += 2) {
      out[i] = (g[i] - box.x0) * sx;
      out[i + 1] = (g[i + 1] - box.y0) * sy;
    }
    return out;
  };
  return {
    ...k,
    vertexGrades: map(k.vertexGrades),
    edgeGrades: map(k.edgeGrades),
    triangles: k.triangles === 'flag' ? 'flag' : { ...k.triangles, grades: map(k.triangles.grades) },
  };
}

function below(g: Float64Array, i: number, h: Float64Array, j: number): boolean {
  return g[2 * i] <= h[2 * j] && g[2 * i + 1] <= h[2 * j + 1];
}

/**
 * Refuses non-finite grades, out-of-range or repeated vertices and faces entering after their cofaces (the
 * filtration would not be a filtration of complexes); explicit triangles must have their three edges listed.
 */
export function validateComplex(k: BifilteredComplex, file?: string): void {
  const n = k.vertexCount;
  const all = [k.vertexGrades, k.edgeGrades, k.triangles === 'flag' ? new Float64Array(0) : k.triangles.grades];
  for (const g of all)
    for (let i = 0; i < g.length; i++)
      if (!Number.isFinite(g[i])) throw badInput(`a filtration value is ${g[i]} (NaN or infinite)`, { file });
  const edgeIndex = new Map<number, number>();
  for (let e = 0; e < k.edgeA.length; e++) {
    const u = k.edgeA[e];
    const v = k.edgeB[e];
    if (!(u >= 0 && u < n && v >= 0 && v < n) || u === v)
      throw badInput(`edge ${e + 1} joins vertices ${u} and ${v} (need two different vertices 0..${n - 1})`, { file });
    const key = Math.max(u, v) * n + Math.min(u, v);
    if (edgeIndex.has(key)) throw badInput(`edge ${u}-${v} is listed twice`, { file });
    edgeIndex.set(key, e);
    if (!below(k.vertexGrades, u, k.edgeGrades, e) || !below(k.vertexGrades, v, k.edgeGrades, e))
      throw badInput(`edge ${u}-${v} enters before one of its vertices`, { file });
  }
  if (k.triangles === 'flag') return;
  const t = k.triangles;
  for (let i = 0; i < t.a.length; i++) {
    const vs = [t.a[i], t.b[i], t.c[i]];
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const e = edgeIndex.get(Math.max(vs[p], vs[q]) * n + Math.min(vs[p], vs[q]));
      if (e === undefined) throw badInput(`triangle ${vs.join('-')} has no edge ${vs[p]}-${vs[q]}`, { file });
      if (!below(k.edgeGrades, e, t.grades, i))
        throw badInput(`triangle ${vs.join('-')} enters before its edge ${vs[p]}-${vs[q]}`, { file });
    }
  }
}
