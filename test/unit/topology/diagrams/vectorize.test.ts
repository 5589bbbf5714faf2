import { describe, expect, it } from 'vitest';
import {
  bettiCurve,
  landscapes,
  persistenceImage,
  persistentEntropy,
  totalPersistence,
  uniformGrid,
} from '../../../../src/analysis/topology/diagrams/vectorize';
import { erf } from '../../../../src/analysis/core/special-functions';
import { persistenceAnalysis } from '../../../../src/analysis/topology/rips/analysis';
import { resolveParams } from '../../../../src/analysis/core/params';
import type { PersistenceResult } from '../../../../src/protocol/results/persistence';
import { tableOfRows, testContext } from '../../../support';

const dg = (pairs: [number, number][]) => ({ births: pairs.map((p) => p[0]), deaths: pairs.map((p) => p[1]) });

describe('erf', () => {
  it('matches tabulated values (A&S table 7.1) on both branches', () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 14);
    expect(erf(3)).toBeCloseTo(0.9999779095030014, 14);
    expect(1 - erf(4)).toBeCloseTo(1.541725790028002e-8, 15);
  });
});

describe('Betti curves, landscapes, entropy', () => {
  it('counts bars alive at t with birth <= t < death, infinite bars included', () => {
    const d = dg([
      [0, 2],
      [1, 3],
      [1, Infinity],
    ]);
    expect(Array.from(bettiCurve(d, [0, 0.5, 1, 2, 3, 4]))).toEqual([1, 1, 3, 2, 1, 1]);
  });

  it('landscapes are the ordered tent functions', () => {
    const d = dg([
      [0, 4],
      [1, 3],
      [2, Infinity],
    ]);
    const [l1, l2, l3] = landscapes(d, 3, uniformGrid(0, 4, 9));
    expect(Array.from(l1)).toEqual([0, 0.5, 1, 1.5, 2, 1.5, 1, 0.5, 0]);
    expect(Array.from(l2)).toEqual([0, 0, 0, 0.5, 1, 0.5, 0, 0, 0]);
    expect(Array.from(l3)).toEqual(new Array(9).fill(0));
  });

  it('persistent entropy and total persistence of hand-made diagrams', () => {
    expect(persistentEntropy(dg([[0, 1]]))).toBe(0);
    expect(
      persistentEntropy(
        dg([
          [0, 2],
          [1, 3],
        ]),
      ),
    ).toBeCloseTo(Math.log(2), 15);
    expect(
      persistentEntropy(
        dg([
          [0, 1],
          [0, 3],
          [5, Infinity],
        ]),
      ),
    ).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 15);
    expect(
      totalPersistence(
        dg([
          [0, 1],
          [0, 3],
          [5, Infinity],
        ]),
      ),
    ).toBe(4);
  });
});

describe('persistence images', () => {
  it('a narrow Gaussian puts its weight in the pixel holding the point (birth, persistence)', () => {
    const im = persistenceImage(dg([[0.6, 1.3]]), {
      pixelSize: 0.25,
      spread: 1e-3,
      weight: 'linear',
      origin: [0, 0],
      width: 4,
      height: 4,
    });
    // persistence 0.7 -> row 2; birth 0.6 -> column 2.
    expect(im.values[2 * 4 + 2]).toBeCloseTo(1, 12);
    expect(im.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('a point on a pixel corner splits evenly; the mass inside the grid is the Gaussian mass of the box', () => {
    const sigma = 0.1;
    const im = persistenceImage(dg([[0.5, 1]]), {
      pixelSize: 0.5,
      spread: sigma,
      weight: 'constant',
      origin: [0, 0],
      width: 2,
      height: 2,
    });
    const inside = Math.pow(erf(0.5 / (sigma * Math.SQRT2)), 2);
    for (const v of im.values) expect(v).toBeCloseTo(inside / 4, 14);
  });

  it('linear weights scale each point by persistence / max persistence', () => {
    const opts = { pixelSize: 0.5, spread: 1e-4, weight: 'linear' as const, origin: [0, 0] as [number, number] };
    const im = persistenceImage(
      dg([
        [0.1, 1.3],
        [1.1, 1.4],
      ]),
      { ...opts, width: 3, height: 3 },
    );
    expect(im.values[2 * 3 + 0]).toBeCloseTo(1, 12); // (birth 0.1, persistence 1.2): row 2, column 0
    expect(im.values[0 * 3 + 2]).toBeCloseTo(0.25, 12); // (1.1, 0.3), weight 0.3 / 1.2: row 0, column 2
  });
});

describe('persistence result fields', () => {
  it('adds grid, Betti curves, landscapes, image and entropy per degree', async () => {
    const pts = Array.from({ length: 24 }, (_, k) => [
      Math.cos((2 * Math.PI * k) / 24),
      Math.sin((2 * Math.PI * k) / 24),
    ]);
    const p = resolveParams(persistenceAnalysis.params, { landscapes: 2, curveResolution: 50 });
    const r = (await persistenceAnalysis.run(tableOfRows(pts), p, testContext())) as PersistenceResult;
    const v = r.vectorizations!;
    expect(v.grid.length).toBe(50);
    const h1 = v.degrees[1];
    expect(h1.landscapes.length).toBe(2);
    // One circle: one H1 bar, whose tent is the first landscape; its maximum is half its length (to grid accuracy).
    const [b, d] = [r.diagrams[1].births[0], r.diagrams[1].deaths[0]];
    expect(r.diagrams[1].births.length).toBe(1);
    expect(Math.max(...h1.landscapes[0])).toBeLessThanOrEqual((d - b) / 2 + 1e-12);
    expect(Math.max(...h1.landscapes[0])).toBeGreaterThan((d - b) / 2 - (v.grid[1] - v.grid[0]));
    expect(h1.entropy).toBe(0);
    expect(h1.image!.values.reduce((s, x) => s + x, 0)).toBeGreaterThan(0.2);
    // H0 with 24 points: the Betti curve starts at 24 and ends at the one infinite bar.
    expect(v.degrees[0].bettiCurve[0]).toBe(24);
    expect(v.degrees[0].bettiCurve[49]).toBe(1);
    const json = persistenceAnalysis.toJson!(r) as { vectorizations: { degrees: { landscapes: number[][] }[] } };
    expect(Array.isArray(json.vectorizations.degrees[1].landscapes[0])).toBe(true);
  });
});
