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
