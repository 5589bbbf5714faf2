/**
 * Filtered simplicial complexes with one or two filtration values per simplex, and the lower-star (bi)filtration of
 * node functions on the clique complex of a graph up to dimension 2: a vertex enters at its function values, an edge
 * and a triangle at the largest value of their vertices (and, for edge-valued functions such as weights, of their
 * edges). This is the generic input of the 1-parameter reduction (reduce.ts) and of the 2-parameter invariants.
 */
import { badInput, tooLarge } from '../../core/errors';
import type { GraphData } from '../../data/graph/types';
import { adjacencyOf } from './adjacency';
import type { NodeFunction } from './functions';

export interface FilteredSimplicialComplex {
  /** Filtration parameters per simplex (1 or 2). */
  parameters: number;
  /** Simplices, faces before cofaces: all vertices, then all edges, then all triangles. */
  count: number;
  dim: Int8Array;
  /** Vertices of simplex s: vertices[3s .. 3s+dim]; unused slots -1. */
  vertices: Int32Array;
  /** Boundary faces of simplex s (simplex indices, in the order of the alternating sum): boundary[3s .. 3s+dim]. */
  boundary: Int32Array;
  /** values[s * parameters + k]: entry of simplex s in parameter k. */
  values: Float64Array;
}

/** Refuses NaN and infinite node values, naming the node and the function. */
function checkFinite(g: GraphData, f: NodeFunction, file?: string): void {
  for (let v = 0; v < f.node.length; v++)
    if (!Number.isFinite(f.node[v]))
      throw badInput(
        `node function ${f.label} is ${Number.isNaN(f.node[v]) ? 'NaN (missing)' : f.node[v]} at node "${g.nodeIds[v]}"${f.label === 'inverse-degree' ? ' (an isolated node: 1/0)' : ''}; every node needs a finite value`,
        { file },
      );
  if (f.edge)
    for (let k = 0; k < f.edge.length; k++)
      if (!Number.isFinite(f.edge[k]))
        throw badInput(`edge ${g.nodeIds[g.src[k]]} - ${g.nodeIds[g.dst[k]]}: ${f.label} is ${f.edge[k]}`, { file });
}

/**
 * Lower-star filtration of the clique complex up to dimension `top` (1: the graph, 2: with its triangles), one
 * parameter per function. `maxSimplices` bounds the size (tooLarge past it).
 */
export function lowerStarCliqueComplex(
  g: GraphData,
  fs: readonly NodeFunction[],
  top: 1 | 2,
  maxSimplices: number,
  file?: string,
): FilteredSimplicialComplex {
  for (const f of fs) checkFinite(g, f, file);
  const a = adjacencyOf(g);
  const n = a.n;
  const m = g.src.length;
  const tri: number[] = [];
  if (top === 2) {
    // Triangles u < v < w from the sorted neighbour lists: w a common neighbour of u and v above v.
    for (let k = 0; k < m; k++) {
      const u = g.src[k];
      const v = g.dst[k];
      let i = a.start[u];
      let j = a.start[v];
      while (i < a.start[u + 1] && j < a.start[v + 1]) {
        const x = a.nbr[i];
        const y = a.nbr[j];
        if (x === y) {
          if (x > v) tri.push(u, v, x);
          i++;
          j++;
        } else if (x < y) i++;
        else j++;
      }
      if (n + m + tri.length / 3 > maxSimplices)
        throw tooLarge(
          `the clique complex has more than ${maxSimplices} simplices (${n} nodes, ${m} edges, >= ${tri.length / 3} triangles); use --max-dim 0 (no triangles) or a smaller graph`,
          { file },
        );
    }
  }
  const t = tri.length / 3;
  const count = n + m + t;
  const P = fs.length;
  const dim = new Int8Array(count);
  const vertices = new Int32Array(3 * count).fill(-1);
  const boundary = new Int32Array(3 * count).fill(-1);
  const values = new Float64Array(count * P);
  for (let v = 0; v < n; v++) {
    vertices[3 * v] = v;
    for (let p = 0; p < P; p++) values[v * P + p] = fs[p].node[v];
  }
  const edgeId = new Map<number, number>();
  for (let k = 0; k < m; k++) {
    const s = n + k;
    const u = g.src[k];
    const v = g.dst[k];
    dim[s] = 1;
    vertices[3 * s] = u;
    vertices[3 * s + 1] = v;
    boundary[3 * s] = v; // d[u,v] = v - u
    boundary[3 * s + 1] = u;
    edgeId.set(u * n + v, s);
    for (let p = 0; p < P; p++) {
      const ownEdge = fs[p].edge;
      const own = ownEdge ? ownEdge[k] : -Infinity;
      values[s * P + p] = Math.max(fs[p].node[u], fs[p].node[v], own);
    }
  }
  for (let k = 0; k < t; k++) {
    const s = n + m + k;
    const [u, v, w] = [tri[3 * k], tri[3 * k + 1], tri[3 * k + 2]];
    const faces = [edgeId.get(v * n + w), edgeId.get(u * n + w), edgeId.get(u * n + v)] as number[];
    dim[s] = 2;
    vertices.set([u, v, w], 3 * s);
    boundary.set(faces, 3 * s);
    for (let p = 0; p < P; p++)
      values[s * P + p] = Math.max(values[faces[0] * P + p], values[faces[1] * P + p], values[faces[2] * P + p]);
  }
  return { parameters: P, count, dim, vertices, boundary, values };
}
