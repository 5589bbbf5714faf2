import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEdgeList } from '../../../../src/analysis/data/graph/edgelist';
import { extendedPersistence, type ExtendedPair } from '../../../../src/analysis/topology/graph/extended';

const DIR = join(__dirname, '../../../fixtures/topology/graph');
type Kind = 'ordinary' | 'relative' | 'extendedPlus' | 'extendedMinus';

interface Case {
  functions: Record<string, { values: Record<string, number>; extended?: Record<Kind, ExtendedPair[]> }>;
}

/**
 * GUDHI maps the values to [-2, -1] and [1, 2] and back, so its pairs carry rounding errors of order 1e-16 x the
 * range: compare within 1e-12 x the range, and leave out pairs shorter than that on both sides (GUDHI keeps or
 * drops those by the rounding of its back-transform).
 */
function comparable(list: ExtendedPair[], tol: number): ExtendedPair[] {
  return list.filter((p) => Math.abs(p[1] - p[2]) > tol);
}

describe.each(['karate', 'sparse', 'weighted', 'octahedron'])('extended persistence of %s against GUDHI', (name) => {
  const file = join(DIR, `${name}.csv`);
  const nodes = join(DIR, `${name}.nodes.csv`);
  const g = parseEdgeList(file, readFileSync(file, 'utf8'), { file: nodes, text: readFileSync(nodes, 'utf8') });
  const c = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Case;
  for (const [label, ref] of Object.entries(c.functions)) {
    if (!ref.extended) continue;
    const want = ref.extended;
    it(label, () => {
      const f = Float64Array.from(g.nodeIds, (id) => ref.values[id]);
      const span = Math.max(...f) - Math.min(...f) || 1;
      const tol = 1e-12 * span;
      const got = extendedPersistence(g, f, 2);
      for (const kind of ['ordinary', 'relative', 'extendedPlus', 'extendedMinus'] as Kind[]) {
        const a = comparable(got[kind], tol);
        const b = comparable(want[kind], tol);
        expect(a.length, kind).toBe(b.length);
        a.forEach((p, k) => {
          expect(p[0]).toBe(b[k][0]);
          expect(Math.abs(p[1] - b[k][1])).toBeLessThanOrEqual(tol);
          expect(Math.abs(p[2] - b[k][2])).toBeLessThanOrEqual(tol);
        });
      }
    });
  }
  it('has pairs of every kind somewhere', () => {
    const kinds = new Set<string>();
    for (const ref of Object.values(c.functions))
      if (ref.extended) for (const [k, v] of Object.entries(ref.extended)) if (v.length) kinds.add(k);
    expect(kinds.size).toBeGreaterThanOrEqual(name === 'octahedron' ? 1 : 3);
  });
});
