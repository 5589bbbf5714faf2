import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeInvariants } from '../../../../src/analysis/topology/multi/compute';
import type { PointCloud } from '../../../../src/analysis/topology/multi/bifiltration';
import { testContext } from './context';

function run(points: number[][], f: number[], grid: number) {
  const cloud: PointCloud = { n: points.length, dim: points[0].length, coords: Float64Array.from(points.flat()) };
  return computeInvariants(
    cloud,
    Float64Array.from(f),
    { gridSize: grid, strategy: 'regular', degrees: [0, 1], hilbert: true, euler: true },
    testContext(),
  );
}

// Rigid motions that are exact in floating point on coordinates k/4 with |k| small: coordinate permutations, sign
// flips (rotations by multiples of 90 degrees and reflections) and integer translations. Distances are then
// bit-identical, so the snapped invariants must be identical, not just close.
describe('invariance of the signed measures under rigid motions and relabelling', () => {
  it('measures and Hilbert functions are unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -12, max: 12 }),
            fc.integer({ min: -12, max: 12 }),
            fc.integer({ min: -12, max: 12 }),
          ),
          { minLength: 3, maxLength: 25 },
        ),
        fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 25, maxLength: 25 }),
        fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })),
        fc.constantFrom([0, 1, 2], [1, 2, 0], [2, 0, 1], [1, 0, 2]),
        fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
        fc.integer({ min: 2, max: 9 }),
        (raw, fv, shift, axes, flips, grid) => {
          const pts = raw.map((p) => p.map((x) => x / 4));
          const f = pts.map((_, i) => fv[i]);
          // the grid spans [0, enclosing radius] x [min f, max f]: both are invariant, so are the grids
          const moved = pts.map((p) => axes.map((k, d) => (flips[d] ? -p[k] : p[k]) + shift[d]));
          const order = pts.map((_, i) => i).reverse();
          const a = run(pts, f, grid);
          const b = run(
            order.map((i) => moved[i]),
            order.map((i) => f[i]),
            grid,
          );
          expect(Array.from(b.r)).toEqual(Array.from(a.r));
          expect(Array.from(b.t)).toEqual(Array.from(a.t));
          for (let k = 0; k < 2; k++) {
            expect(Array.from(b.hilbert[k].values)).toEqual(Array.from(a.hilbert[k].values));
            expect(Array.from(b.hilbert[k].measure.weights)).toEqual(Array.from(a.hilbert[k].measure.weights));
            expect(Array.from(b.hilbert[k].measure.index)).toEqual(Array.from(a.hilbert[k].measure.index));
          }
          expect(Array.from(b.euler!.density)).toEqual(Array.from(a.euler!.density));
        },
      ),
      { numRuns: 120, seed: 5 },
    );
  });
});
