import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEdgeList } from '../../../../src/analysis/data/graph/edgelist';
import { gridInvariants, lineDiagrams } from '../../../../src/analysis/topology/graph/bifiltration';
import { lowerStarCliqueComplex } from '../../../../src/analysis/topology/graph/complex';
import type { NodeFunction } from '../../../../src/analysis/topology/graph/functions';
import { filteredPersistence } from '../../../../src/analysis/topology/graph/reduce';

const DIR = join(__dirname, '../../../fixtures/topology/graph');

interface HilbertCase {
  functions: Record<string, { values: Record<string, number> }>;
  hilbert: { functions: [string, string]; r: number[]; t: number[]; values: Record<'0' | '1', number[][]> };
}

function setup(name: string) {
  const file = join(DIR, `${name}.csv`);
  const nodes = join(DIR, `${name}.nodes.csv`);
  const g = parseEdgeList(file, readFileSync(file, 'utf8'), { file: nodes, text: readFileSync(nodes, 'utf8') });
  const c = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as HilbertCase;
  const fs: NodeFunction[] = c.hilbert.functions.map((label) => ({
    label,
    node: Float64Array.from(g.nodeIds, (id) => c.functions[label].values[id]),
    notes: [],
  }));
  return { g, c, cx: lowerStarCliqueComplex(g, fs, 2, 1e7) };
}

describe.each(['karate', 'sparse'])('2-parameter lower-star bifiltration of %s', (name) => {
  const { cx, c } = setup(name);
  const r = Float64Array.from(c.hilbert.r);
  const t = Float64Array.from(c.hilbert.t);
  const inv = gridInvariants(cx, r, t, { degrees: [0, 1], hilbert: true, euler: true, modulus: 2 });

  it('Hilbert functions in degrees 0 and 1 equal the Betti numbers of GUDHI sub-complexes', () => {
    for (const h of inv.hilbert) {
      const want = c.hilbert.values[String(h.degree) as '0' | '1'];
      const got = want.map((row, i) => row.map((_, j) => h.values[i * t.length + j]));
      expect(got).toEqual(want);
    }
    expect(inv.hilbert[0].values.some((x) => x > 1)).toBe(true);
  });

  it('Euler characteristic: vertices - edges + triangles under each grid point (direct count)', () => {
    for (let i = 0; i < r.length; i++)
      for (let j = 0; j < t.length; j++) {
        let chi = 0;
        for (let s = 0; s < cx.count; s++)
          if (cx.values[2 * s] <= r[i] && cx.values[2 * s + 1] <= t[j]) chi += cx.dim[s] % 2 === 0 ? 1 : -1;
        expect(inv.euler?.[i * t.length + j]).toBe(chi);
      }
  });

  it('a line slice of slope 1 through the corner below the box: bars in s = the 1-parameter bars of max(f - r0, g - t0)', () => {
    const line = [r[0] - 1, t[0] - 1, 1, 1];
    const values = Float64Array.from({ length: cx.count }, (_, s) =>
      Math.max(cx.values[2 * s] - line[0], cx.values[2 * s + 1] - line[1]),
    );
    const direct = filteredPersistence({ ...cx, parameters: 1, values }, 0, 1, 2);
    expect(lineDiagrams(cx, line, 1, 2)).toEqual(direct);
  });
});
