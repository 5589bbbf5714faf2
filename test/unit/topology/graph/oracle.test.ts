import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEdgeList } from '../../../../src/analysis/data/graph/edgelist';
import type { GraphData } from '../../../../src/analysis/data/graph/types';
import { lowerStarCliqueComplex } from '../../../../src/analysis/topology/graph/complex';
import {
  evaluateNodeFunction,
  parseGraphFunction,
  type NodeFunction,
} from '../../../../src/analysis/topology/graph/functions';
import { filteredPersistence } from '../../../../src/analysis/topology/graph/reduce';

const DIR = join(__dirname, '../../../fixtures/topology/graph');

interface Case {
  name: string;
  functions: Record<string, { values: Record<string, number>; pairs: [number, number, number | null][] }>;
}

function load(name: string): { g: GraphData; c: Case } {
  const file = join(DIR, `${name}.csv`);
  const nodes = join(DIR, `${name}.nodes.csv`);
  const g = parseEdgeList(file, readFileSync(file, 'utf8'), { file: nodes, text: readFileSync(nodes, 'utf8') });
  return { g, c: JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Case };
}

function bars(g: GraphData, f: NodeFunction): [number, number, number | null][] {
  const cx = lowerStarCliqueComplex(g, [f], 2, 1e7);
  const out: [number, number, number | null][] = [];
  for (const d of filteredPersistence(cx, 0, 2, 2))
    for (let i = 0; i < d.births.length; i++)
      out.push([d.dim, d.births[i], Number.isFinite(d.deaths[i]) ? d.deaths[i] : null]);
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1] || (x[2] ?? 1e300) - (y[2] ?? 1e300));
}

describe.each(['karate', 'sparse', 'weighted', 'octahedron'])('graph %s against networkx and GUDHI', (name) => {
  const { g, c } = load(name);
  for (const [label, ref] of Object.entries(c.functions)) {
    it(`${label}: node values as the oracle`, () => {
      const f = evaluateNodeFunction(g, parseGraphFunction(label));
      expect(f.node.length).toBe(Object.keys(ref.values).length);
      g.nodeIds.forEach((id, v) => {
        const want = ref.values[id];
        expect(Math.abs(f.node[v] - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      });
    });
    it(`${label}: lower-star bars equal GUDHI's exactly`, () => {
      const f = evaluateNodeFunction(g, parseGraphFunction(label));
      // Same inputs as GUDHI's: the oracle's node values (edge values, i.e. weights, are read from the same file).
      const node = Float64Array.from(g.nodeIds, (id) => ref.values[id]);
      expect(bars(g, { ...f, node })).toEqual(ref.pairs);
    });
  }
});

describe('coefficients', () => {
  it('Z/3 and Z/5 reductions give the Z/2 bars on these torsion-free complexes; RP^2 tells them apart', () => {
    for (const name of ['karate', 'sparse', 'octahedron']) {
      const { g } = load(name);
      const f = evaluateNodeFunction(g, parseGraphFunction('degree'));
      const cx = lowerStarCliqueComplex(g, [f], 2, 1e7);
      const z2 = filteredPersistence(cx, 0, 2, 2);
      expect(filteredPersistence(cx, 0, 2, 3)).toEqual(z2);
      expect(filteredPersistence(cx, 0, 2, 5)).toEqual(z2);
    }
    // The minimal 6-vertex triangulation of the real projective plane (10 triangles; not a clique complex, so built
    // directly, all values 0): H1 = H2 = Z/2 over Z/2, both 0 over Z/3. This checks the signs of the Z/p reduction.
    const tris = [
      [0, 1, 2],
      [0, 2, 3],
      [0, 3, 4],
      [0, 4, 5],
      [0, 5, 1],
      [1, 2, 4],
      [2, 3, 5],
      [3, 4, 1],
      [4, 5, 2],
      [5, 1, 3],
    ];
    const edges = new Map<string, number>();
    for (const t of tris)
      for (const [a, b] of [
        [t[0], t[1]],
        [t[0], t[2]],
        [t[1], t[2]],
      ]) {
        const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
        if (!edges.has(key)) edges.set(key, 6 + edges.size);
      }
    const count = 6 + edges.size + tris.length;
    const dim = new Int8Array(count);
    const boundary = new Int32Array(3 * count).fill(-1);
    for (const [key, s] of edges) {
      const [a, b] = key.split('-').map(Number);
      dim[s] = 1;
      boundary.set([b, a], 3 * s);
    }
    tris.forEach((t, k) => {
      const [u, v, w] = [...t].sort((x, y) => x - y);
      const e = (a: number, b: number): number => edges.get(`${a}-${b}`) as number;
      const s = 6 + edges.size + k;
      dim[s] = 2;
      boundary.set([e(v, w), e(u, w), e(u, v)], 3 * s);
    });
    const rp2 = {
      parameters: 1,
      count,
      dim,
      vertices: new Int32Array(3 * count),
      boundary,
      values: new Float64Array(count),
    };
    const betti = (p: number): number[] => filteredPersistence(rp2, 0, 2, p).map((d) => d.births.length);
    expect(betti(2)).toEqual([1, 1, 1]);
    expect(betti(3)).toEqual([1, 0, 0]);
  });
});
