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

const pointArb = (dim: number) =>
  fc.array(
    fc.integer({ min: -20, max: 20 }).map((x) => x / 4),
    { minLength: dim, maxLength: dim },
  );
const cloudArb = fc
  .integer({ min: 2, max: 3 })
  .chain((dim) => fc.array(pointArb(dim), { minLength: 2, maxLength: 12 }));

/** Grid points with H1 > 0 seen by the oracle checks: the property tests must exercise degree 1. */
let nonZeroH1 = 0;

/** Checks the Hilbert measures and the Euler measure against the independent oracle at every grid point. */
function checkAgainstOracle(
  points: number[][],
  f: Float64Array,
  gridSize: number,
  strategy: 'regular' | 'quantile',
  threshold?: number,
): void {
  const out = computeInvariants(
    cloudOf(points),
    f,
    { gridSize, strategy, threshold, degrees: [0, 1], hilbert: true, euler: true },
    testContext(),
  );
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
    const points = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    const f = new Float64Array([0, 0, 0, 0]);
    const out = computeInvariants(
      cloudOf(points),
      f,
      { gridSize: 3, strategy: 'regular', threshold: 2, degrees: [1], hilbert: true, euler: false },
      testContext(),
    );
    // r grid 0, 1, 2: the square is a cycle at r = 1 and filled at r = 2 (diagonal sqrt 2 <= 2)
    expect(Array.from(out.r)).toEqual([0, 1, 2]);
    expect(Array.from(out.hilbert[0].values)).toEqual([0, 1, 0]);
  });
});

describe('degree 2 (Rips engine per slice) and the Euler measure truncated at dimension 3', () => {
  it('random 3-D clouds: H2 Hilbert function and V - E + T - Tet at every grid point', () => {
    let nonZeroH2 = 0;
    fc.assert(
      fc.property(
        // a jittered octahedron (a void between its edge length and its diagonal) plus a few random points
        fc.array(
          fc.tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 })),
          { minLength: 6, maxLength: 6 },
        ),
        fc.array(
          fc.tuple(fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 })),
          { maxLength: 4 },
        ),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 2, max: 8 }),
        (jitter, extra, fv, gridSize) => {
          const octahedron = [
            [2, 0, 0],
            [-2, 0, 0],
            [0, 2, 0],
            [0, -2, 0],
            [0, 0, 2],
            [0, 0, -2],
          ];
          const points = [
            ...octahedron.map((p, i) => p.map((x, k) => x + jitter[i][k] / 4)),
            ...extra.map((p) => p.map((x) => x / 2)),
          ];
          const f = Float64Array.from(points, (_, i) => fv[i]);
          const out = computeInvariants(
            cloudOf(points),
            f,
            { gridSize, strategy: 'regular', degrees: [0, 1, 2], hilbert: true, euler: true },
            testContext(),
          );
          const nr = out.r.length;
          const nt = out.t.length;
          expect(out.euler!.maxDim).toBe(3);
          const h2 = cumulative(out.hilbert[2].measure, nr, nt);
          const chi = cumulative(out.euler!.measure, nr, nt);
          for (let i = 0; i < nr; i++) {
            for (let j = 0; j < nt; j++) {
              const vs = points.map((_, v) => v).filter((v) => f[v] <= out.t[j]);
              const k = flagComplex(vs, (u, v) => dist(points, u, v) <= out.r[i]);
              const [, , b2] = bettiNumbers(k);
              if (b2 > 0) nonZeroH2++;
              expect(h2[i * nt + j], `H2 at (${i}, ${j})`).toBe(b2);
              expect(chi[i * nt + j], `Euler at (${i}, ${j})`).toBe(
                k.vertices.length - k.edges.length + k.triangles.length - k.tetrahedra.length,
              );
            }
          }
        },
      ),
      { numRuns: 80, seed: 13 },
    );
    expect(nonZeroH2).toBeGreaterThan(5);
  });

  it('the octahedron encloses a void: H2 = 1 between its edge length and its diagonal', () => {
    const points = [
      [1, 0, 0],
      [-1, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
      [0, 0, 1],
      [0, 0, -1],
    ];
    const f = new Float64Array(6);
    const out = computeInvariants(
      cloudOf(points),
      f,
      { gridSize: 3, strategy: 'regular', threshold: 2, degrees: [2], hilbert: true, euler: false },
      testContext(),
    );
    // r grid 0, 1, 2: at r = 1 < sqrt 2 nothing; at r = 2 >= diagonal 2 everything is a cone: H2 = 0. Use a finer grid:
    expect(Array.from(out.hilbert[0].values)).toEqual([0, 0, 0]);
    const fine = computeInvariants(
      cloudOf(points),
      f,
      { gridSize: 5, strategy: 'regular', threshold: 2, degrees: [2], hilbert: true, euler: false },
      testContext(),
    );
    // r grid 0, 0.5, 1, 1.5, 2: the octahedron's surface at r = 1.5 (edges sqrt 2 <= 1.5 < diagonal 2)
    expect(Array.from(fine.hilbert[0].values)).toEqual([0, 0, 0, 1, 0]);
  });

  it('degree 2 beyond 300 points: 70 octahedra (420 points), H2 counts the octahedra in each slice', () => {
    // Octahedron k has radius 1 around (10k, 0, 0) and f = k: the slice t_j holds the octahedra k <= t_j, and at
    // r in [sqrt 2, 2) each encloses one void.
    const count = 70;
    const points: number[][] = [];
    const fs: number[] = [];
    const unit = [
      [1, 0, 0],
      [-1, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
      [0, 0, 1],
      [0, 0, -1],
    ];
    for (let k = 0; k < count; k++)
      for (const [x, y, z] of unit) {
        points.push([10 * k + x, y, z]);
        fs.push(k);
      }
    const out = computeInvariants(
      cloudOf(points),
      Float64Array.from(fs),
      {
        gridSize: 5,
        strategy: 'regular',
        degrees: [2],
        hilbert: true,
        euler: false,
        grids: { r: Float64Array.of(0, 1, 1.5, 1.9), t: Float64Array.of(0, 9, 35, 69) },
      },
      testContext(),
    );
    expect(points.length).toBeGreaterThan(300);
    // Rows r = 1.5 and 1.9 (between the edge sqrt 2 and the diagonal 2): 1, 10, 36, 70 octahedra; r = 0, 1: none.
    expect(Array.from(out.hilbert[0].values)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 10, 36, 70, 1, 10, 36, 70]);
  });

  it('refuses degree 2 when the triangles of the whole cloud do not fit the memory budget, with the numbers', () => {
    const n = 400;
    // Points spread through the unit cube (a hash of the index), so that most triangles are present at r = 1.
    const coords = Float64Array.from({ length: 3 * n }, (_, i) => {
      const x = Math.sin(i + 1) * 43758.5453;
      return x - Math.floor(x);
    });
    const cloud = { n, dim: 3, coords };
    expect(() =>
      computeInvariants(
        cloud,
        new Float64Array(n),
        { gridSize: 4, strategy: 'regular', degrees: [0, 1, 2], hilbert: true, euler: true },
        { ...testContext(), memoryBudgetBytes: 64 * 2 ** 20 },
      ),
    ).toThrow(
      /degree 2: the Rips complex of the 400 points .* triangles, estimated \d+ MB per slice, over the budget of 64 MB/,
    );
  });
});
