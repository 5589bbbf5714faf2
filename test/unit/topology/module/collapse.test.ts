import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../../../src/analysis/core/random';
import { complexBox, ripsBifiltration, scaleToUnitBox } from '../../../../src/analysis/topology/module/complex';
import { collapseEdges } from '../../../../src/analysis/topology/module/collapse';
import { createLineEngine, explicitLineBarcode } from '../../../../src/analysis/topology/module/line';
import { withCliqueTriangles } from '../../../support/module';

function sorted(d: { births: ArrayLike<number>; deaths: ArrayLike<number> }): number[][] {
  return Array.from(d.births, (b, i) => [b, d.deaths[i]]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

describe('filtration-domination edge collapse', () => {
  for (const [n, dim, seed, thr] of [
    [40, 2, 1, 0.6],
    [35, 3, 2, 2],
    [50, 2, 3, 0.3],
  ] as const) {
    it(`n=${n} in R^${dim}: removes edges and keeps every fibered barcode`, () => {
      const u = seededUniform(seed);
      const cloud = { n, dim, coords: Float64Array.from({ length: n * dim }, () => u()) };
      const f = Float64Array.from({ length: n }, () => u());
      const k0 = ripsBifiltration(cloud, f, thr);
      const k = scaleToUnitBox(k0, complexBox(k0));
      const { complex, removed } = collapseEdges(k);
      expect(removed).toBeGreaterThan(0);
      expect(complex.edgeA.length).toBe(k.edgeA.length - removed);
      const explicit = withCliqueTriangles(k);
      const engine = createLineEngine(complex);
      for (let t = 0; t < 25; t++) {
        const c = -1 + 2 * u();
        const truth = explicitLineBarcode(explicit, explicit.triangles, c);
        const mine = engine(c);
        for (const deg of [0, 1]) {
          const a = sorted(mine[deg]);
          const b = sorted(truth[deg]);
          expect(a.length).toBe(b.length);
          a.forEach((p, i) => {
            expect(p[0]).toBe(b[i][0]);
            expect(p[1]).toBe(b[i][1]);
          });
        }
      }
    });
  }
});
