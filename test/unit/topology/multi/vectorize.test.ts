import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  convolutionImage,
  randomDirections,
  signedSlicedWasserstein,
  totalMass,
} from '../../../../src/analysis/topology/multi/vectorize';
import type { GridMeasure } from '../../../../src/analysis/topology/multi/measure';

function measure(atoms: [number, number, number][]): GridMeasure {
  return {
    index: new Int32Array(2 * atoms.length),
    points: Float64Array.from(atoms.flatMap(([x, y]) => [x, y])),
    weights: Int32Array.from(atoms.map(([, , w]) => w)),
  };
}

const atomArb = fc.tuple(
  fc.integer({ min: 0, max: 20 }).map((x) => x / 4),
  fc.integer({ min: -10, max: 10 }).map((x) => x / 5),
  fc.integer({ min: -3, max: 3 }).filter((w) => w !== 0),
);
const dirs = randomDirections(40, 5);
const corner: [number, number] = [5, 2];

describe('sliced Wasserstein between signed measures', () => {
  it('is symmetric, zero on identical inputs and invariant to the order of the atoms', () => {
    fc.assert(
      fc.property(
        fc.array(atomArb, { minLength: 1, maxLength: 12 }),
        fc.array(atomArb, { minLength: 1, maxLength: 12 }),
        (a, b) => {
          const mu = measure(a);
          const nu = measure(b);
          const d = signedSlicedWasserstein(mu, nu, dirs, corner);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(signedSlicedWasserstein(nu, mu, dirs, corner)).toBeCloseTo(d, 10);
          expect(signedSlicedWasserstein(mu, mu, dirs, corner)).toBe(0);
          expect(signedSlicedWasserstein(measure([...a].reverse()), nu, dirs, corner)).toBeCloseTo(d, 10);
        },
      ),
      { numRuns: 200, seed: 1 },
    );
  });

  it('equals the transport cost for two unit atoms (mean |<x - y, theta>| over the directions)', () => {
    const mu = measure([[1, 0, 1]]);
    const nu = measure([[0, 0, 1]]);
    let expected = 0;
    for (let k = 0; k < dirs.length / 2; k++) expected += Math.abs(dirs[2 * k]);
    expected /= dirs.length / 2;
    expect(signedSlicedWasserstein(mu, nu, dirs, corner)).toBeCloseTo(expected, 12);
    // a negative atom on one side moves to the other side: mu = d_a - d_b vs 0 costs the transport a -> b
    const dipole = measure([
      [1, 0, 1],
      [0, 0, -1],
    ]);
    expect(signedSlicedWasserstein(dipole, measure([]), dirs, corner)).toBeCloseTo(expected, 12);
  });

  it('balances unequal total masses at the corner', () => {
    const mu = measure([[5, 2, 1]]);
    expect(totalMass(mu)).toBe(1);
    // an atom exactly at the corner against the empty measure costs nothing
    expect(signedSlicedWasserstein(mu, measure([]), dirs, corner)).toBe(0);
  });
});

describe('convolution image', () => {
  it('integrates to the total signed mass for atoms well inside the box', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 3, max: 7 }), fc.integer({ min: 3, max: 7 }), fc.integer({ min: -3, max: 3 })),
          { maxLength: 8 },
        ),
        (atoms) => {
          const m = measure(atoms.map(([x, y, w]) => [x, y / 10, w]));
          const res = 101;
          const img = convolutionImage(m, { r0: 0, r1: 10, t0: 0, t1: 1 }, res, 0.03);
          let s = 0;
          for (const v of img) s += v;
          s /= (res - 1) ** 2;
          expect(s).toBeCloseTo(totalMass(m), 3);
        },
      ),
      { numRuns: 50, seed: 2 },
    );
  });

  it('equals the Gaussian sum pixel by pixel, whatever the order of the atoms and how many share a row', () => {
    // the definition, atom by atom and pixel by pixel: sum_k w_k exp(-|u - x_k|^2 / (2 s^2)) / (2 pi s^2)
    const direct = (atoms: [number, number, number][], res: number, s: number): Float64Array => {
      const img = new Float64Array(res * res);
      for (const [x, y, w] of atoms)
        for (let a = 0; a < res; a++)
          for (let b = 0; b < res; b++) {
            const du = a / (res - 1) - x / 5;
            const dv = b / (res - 1) - (y + 2) / 4;
            img[a * res + b] += (w * Math.exp(-(du * du + dv * dv) / (2 * s * s))) / (2 * Math.PI * s * s);
          }
      return img;
    };
    fc.assert(
      fc.property(fc.array(atomArb, { maxLength: 30 }), fc.integer({ min: 2, max: 17 }), (atoms, res) => {
        const img = convolutionImage(measure(atoms), { r0: 0, r1: 5, t0: -2, t1: 2 }, res, 0.15);
        const want = direct(atoms, res, 0.15);
        for (let k = 0; k < want.length; k++) expect(img[k]).toBeCloseTo(want[k], 9);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('peaks at the atom and is linear in the measure', () => {
    const a = measure([[2, 0.5, 2]]);
    const img = convolutionImage(a, { r0: 0, r1: 4, t0: 0, t1: 1 }, 5, 0.1);
    let best = 0;
    for (let k = 1; k < img.length; k++) if (img[k] > img[best]) best = k;
    expect(best).toBe(2 * 5 + 2);
    const b = measure([[2, 0.5, -2]]);
    const sum = convolutionImage(
      measure([
        [2, 0.5, 2],
        [2, 0.5, -2],
      ]),
      { r0: 0, r1: 4, t0: 0, t1: 1 },
      5,
      0.1,
    );
    const ib = convolutionImage(b, { r0: 0, r1: 4, t0: 0, t1: 1 }, 5, 0.1);
    for (let k = 0; k < img.length; k++) expect(sum[k]).toBeCloseTo(img[k] + ib[k], 12);
  });
});
