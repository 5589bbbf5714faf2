import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { relabelByFunction } from '../../../../src/analysis/topology/multi/compute';
import { lineBarcode, defaultLines } from '../../../../src/analysis/topology/multi/lineSlice';
import { bettiNumbers, flagComplex } from './oracle';
import { testContext } from './context';

function dist(p: number[][], u: number, v: number): number {
  let s = 0;
  for (let k = 0; k < p[u].length; k++) s += (p[u][k] - p[v][k]) ** 2;
  return Math.sqrt(s);
}

describe('line slices', () => {
  it('bars along a line count the Betti numbers of the pushed filtration at every critical value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 })), {
          minLength: 2,
          maxLength: 10,
        }),
        fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 10, maxLength: 10 }),
        fc.tuple(
          fc.integer({ min: -3, max: 3 }),
          fc.integer({ min: -3, max: 3 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 4 }),
        ),
        fc.integer({ min: 2, max: 30 }),
        (pts, fv, [pr, pt, dr, dt], thr) => {
          const points = pts.map(([x, y]) => [x / 2, y / 2]);
          const n = points.length;
          const f = Float64Array.from(points, (_, i) => fv[i]);
          const threshold = thr / 3;
          const cloud = { n, dim: 2, coords: Float64Array.from(points.flat()) };
          const bif = relabelByFunction(cloud, f, threshold, testContext());
          const line = [pr, pt, dr, dt];
          const bc = lineBarcode(bif, line, testContext());
          const push = (x: number, y: number): number => Math.max((x - pr) / dr, (y - pt) / dt);
          const sv = (v: number): number => push(0, f[v]);
          const se = (u: number, v: number): number =>
            dist(points, u, v) <= threshold ? push(dist(points, u, v), Math.max(f[u], f[v])) : Infinity;
          const crit = new Set<number>();
          for (let u = 0; u < n; u++) {
            crit.add(sv(u));
            for (let v = 0; v < u; v++) if (Number.isFinite(se(u, v))) crit.add(se(u, v));
          }
          for (const s of crit) {
            const vs = points.map((_, v) => v).filter((v) => sv(v) <= s);
            const k = flagComplex(vs, (u, v) => se(u, v) <= s);
            const betti = bettiNumbers(k);
            for (const d of [0, 1]) {
              const bars = bc.degrees[d];
              let alive = 0;
              for (let i = 0; i < bars.births.length; i++) if (bars.births[i] <= s && s < bars.deaths[i]) alive++;
              expect(alive, `degree ${d} at s = ${s}`).toBe(betti[d]);
            }
          }
        },
      ),
      { numRuns: 120, seed: 3 },
    );
  });

  it('refuses a line of non-positive slope', () => {
    const cloud = { n: 3, dim: 1, coords: new Float64Array([0, 1, 2]) };
    const bif = relabelByFunction(cloud, new Float64Array([0, 0, 0]), 5, testContext());
    expect(() => lineBarcode(bif, [0, 0, 1, 0], testContext())).toThrow(/both components > 0/);
    expect(() => lineBarcode(bif, [0, 0, 1], testContext())).toThrow(/4 numbers/);
  });

  it('default lines are parallel to the box diagonal and cross the box', () => {
    const lines = defaultLines(new Float64Array([0, 1, 2]), new Float64Array([-1, 0, 3]), 5);
    expect(lines).toHaveLength(5);
    for (const [, , dr, dt] of lines) {
      expect(dr).toBe(2);
      expect(dt).toBe(4);
    }
    expect(lines[2]).toEqual([1, 1, 2, 4]); // the middle one through the box centre
  });
});
