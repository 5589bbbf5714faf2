import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../../../src/analysis/core/random';
import {
  complexBox,
  ripsBifiltration,
  scaleToUnitBox,
  type BifilteredComplex,
} from '../../../../src/analysis/topology/module/complex';
import { createLineEngine, explicitLineBarcode } from '../../../../src/analysis/topology/module/line';
import { boxDiagonal, lineFamily, lineOffset } from '../../../../src/analysis/topology/module/family';
import { approximateModule } from '../../../../src/analysis/topology/module/approximate';
import { restrictModule } from '../../../../src/analysis/topology/module/restrict';
import { bottleneckDistance } from '../../../../src/analysis/topology/diagrams/distance';
import { withCliqueTriangles } from '../../../support/module';

function cloud(n: number, seed: number): { n: number; dim: number; coords: Float64Array; f: Float64Array } {
  const u = seededUniform(seed);
  const coords = Float64Array.from({ length: 2 * n }, () => u());
  // a function with some structure: distance to the centre plus noise
  const f = Float64Array.from(
    { length: n },
    (_, i) => Math.hypot(coords[2 * i] - 0.5, coords[2 * i + 1] - 0.5) + 0.1 * u(),
  );
  return { n, dim: 2, coords, f };
}

function sortedPairs(d: { births: ArrayLike<number>; deaths: ArrayLike<number> }): number[][] {
  return Array.from(d.births, (b, i) => [b, d.deaths[i]]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

function expectSameBars(a: number[][], b: number[][], tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i][0] - b[i][0])).toBeLessThanOrEqual(tol);
    if (b[i][1] === Infinity) expect(a[i][1]).toBe(Infinity);
    else expect(Math.abs(a[i][1] - b[i][1])).toBeLessThanOrEqual(tol);
  }
}

function complexOf(n: number, seed: number, threshold: number): BifilteredComplex {
  const c = cloud(n, seed);
  const k = ripsBifiltration(c, c.f, threshold);
  return scaleToUnitBox(k, complexBox(k));
}

describe('module approximation guarantee', () => {
  for (const [n, seed, thr, frac] of [
    [30, 1, 0.5, 0.05],
    [40, 2, 0.35, 0.02],
    [25, 3, 2, 0.1],
  ] as const) {
    it(`n=${n} seed=${seed}: exact on the family, within delta/2 elsewhere`, () => {
      const k = complexOf(n, seed, thr);
      const explicit = withCliqueTriangles(k);
      const box = complexBox(k);
      const delta = frac * boxDiagonal(box);
      const family = lineFamily(box, delta);
      const out = approximateModule(createLineEngine(k), family, { degrees: [0, 1] });
      // (a) every line of the family: the restricted summands are that line's barcode
      for (let j = 0; j < family.count; j++) {
        const c = lineOffset(family, j);
        const truth = explicitLineBarcode(explicit, explicit.triangles, c);
        for (const deg of [0, 1]) {
          expectSameBars(sortedPairs(restrictModule(out.summands, family, deg, c)), sortedPairs(truth[deg]), 1e-9);
          expectSameBars(sortedPairs(out.barcodes[j][deg]), sortedPairs(truth[deg]), 1e-12);
        }
      }
      // (b) random lines between the family's first and last: bottleneck <= delta/2
      const u = seededUniform(100 + seed);
      const lastC = lineOffset(family, family.count - 1);
      let worst = 0;
      for (let t = 0; t < 40; t++) {
        const c = family.c0 + u() * (lastC - family.c0);
        const truth = explicitLineBarcode(explicit, explicit.triangles, c);
        for (const deg of [0, 1]) {
          const d = bottleneckDistance(restrictModule(out.summands, family, deg, c), truth[deg]);
          worst = Math.max(worst, d);
        }
      }
      expect(worst).toBeLessThanOrEqual(delta / 2 + 1e-9);
    });
  }
});
