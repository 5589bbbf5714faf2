import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeInvariants } from '../../../../src/analysis/topology/multi/compute';
import { cumulative } from '../../../../src/analysis/topology/multi/measure';
import type { PointCloud } from '../../../../src/analysis/topology/multi/bifiltration';
import { gaussianCodensity } from '../../../../src/analysis/topology/multi/bifiltration';
import { bettiNumbers, flagComplex } from './oracle';
import { testContext } from './context';

function dist(p: number[][], u: number, v: number): number {
  let s = 0;
  for (let k = 0; k < p[u].length; k++) s += (p[u][k] - p[v][k]) ** 2;
  return Math.sqrt(s);
}

function cloudOf(points: number[][]): PointCloud {
  return { n: points.length, dim: points[0].length, coords: Float64Array.from(points.flat()) };
}

const pointArb = (dim: number) => fc.array(fc.integer({ min: -20, max: 20 }).map((x) => x / 4), { minLength: dim, maxLength: dim });
const cloudArb = fc.integer({ min: 2, max: 3 }).chain((dim) => fc.array(pointArb(dim), { minLength: 2, maxLength: 12 }));

/** Grid points with H1 > 0 seen by the oracle checks: the property tests must exercise degree 1. */
let nonZeroH1 = 0;

/** Checks the Hilbert measures and the Euler measure against the independent oracle at every grid point. */
function checkAgainstOracle(points: number[][], f: Float64Array, gridSize: number, strategy: 'regular' | 'quantile', threshold?: number): void {
  const out = computeInvariants(cloudOf(points), f, { gridSize, strategy, threshold, degrees: [0, 1], hilbert: true, euler: true }, testContext());
  const nr = out.r.length;
  const nt = out.t.length;
  const h0 = cumulative(out.hilbert[0].measure, nr, nt);
  const h1 = cumulative(out.hilbert[1].measure, nr, nt);
  const chi = cumulative(out.euler!.measure, nr, nt);
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nt; j++) {
      const vs = points.map((_, v) => v).filter((v) => f[v] <= out.t[j]);
      const k = flagComplex(vs, (u, v) => dist(points, u, v) <= out.r[i] && dist(points, u, v) <= out.threshold);
      const [b0, b1] = bettiNumbers(k);
      if (b1 > 0) nonZeroH1++;
      const where = `grid point (${i}, ${j}) r=${out.r[i]} t=${out.t[j]}`;
      expect(h0[i * nt + j], `H0 at ${where}`).toBe(b0);
      expect(h1[i * nt + j], `H1 at ${where}`).toBe(b1);
      expect(out.hilbert[0].values[i * nt + j]).toBe(b0);
      expect(out.hilbert[1].values[i * nt + j]).toBe(b1);
      expect(chi[i * nt + j], `Euler at ${where}`).toBe(k.vertices.length - k.edges.length + k.triangles.length);
    }
  }
}

describe('Hilbert and Euler signed measures against independent Betti numbers', () => {
  it('random clouds, random function values, regular and quantile grids', () => {
    fc.assert(
      fc.property(
        cloudArb,
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 2, max: 7 }),
        fc.constantFrom<'regular' | 'quantile'>('regular', 'quantile'),
        (points, fv, gridSize, strategy) => {
          const f = Float64Array.from(points, (_, i) => fv[i]);
          checkAgainstOracle(points, f, gridSize, strategy);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    expect(nonZeroH1).toBeGreaterThan(20);
  });

  it('codensity with a user threshold below the enclosing radius (essential H1 classes possible)', () => {
    fc.assert(
      fc.property(cloudArb, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 8 }), (points, gridSize, thr) => {
        const c = cloudOf(points);
        const f = gaussianCodensity(c, 1);
        checkAgainstOracle(points, f, gridSize, 'regular', thr / 2);
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('a square has one H1 class between its side and its diagonal', () => {
    const points = [[0, 0], [1, 0], [1, 1], [0, 1]];
    const f = new Float64Array([0, 0, 0, 0]);
    const out = computeInvariants(cloudOf(points), f, { gridSize: 3, strategy: 'regular', threshold: 2, degrees: [1], hilbert: true, euler: false }, testContext());
    // r grid 0, 1, 2: the square is a cycle at r = 1 and filled at r = 2 (diagonal sqrt 2 <= 2)
    expect(Array.from(out.r)).toEqual([0, 1, 2]);
    expect(Array.from(out.hilbert[0].values)).toEqual([0, 1, 0]);
  });
});
