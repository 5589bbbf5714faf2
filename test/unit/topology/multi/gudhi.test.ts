import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  gaussianCodensity,
  scottBandwidth,
  type PointCloud,
} from '../../../../src/analysis/topology/multi/bifiltration';
import { computeInvariants } from '../../../../src/analysis/topology/multi/compute';
import { testContext } from './context';

interface Case {
  name: string;
  points: number[][];
  bandwidth: number;
  f: number[];
  threshold: number;
  r: number[];
  t: number[];
  h0: number[];
  h1: number[];
  /** Only in cases computed with degree 2. */
  h2?: number[];
}

// Made by scripts/fixtures/topology/multi/hilbert_gudhi.py (GUDHI Rips persistence once per density slice).
const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/topology/multi/hilbert_gudhi.json'), 'utf8'),
) as { provenance: string; cases: Case[] };

describe('Hilbert functions against GUDHI (one Rips persistence per density slice)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const cloud: PointCloud = {
        n: c.points.length,
        dim: c.points[0].length,
        coords: Float64Array.from(c.points.flat()),
      };
      const h = scottBandwidth(cloud);
      expect(h).toBeCloseTo(c.bandwidth, 12);
      const f = gaussianCodensity(cloud, c.bandwidth);
      for (let i = 0; i < f.length; i++) expect(f[i]).toBeCloseTo(c.f[i], 12);
      // the fixture's grids and f, so that snapping is decided on the same numbers
      const degrees = c.h2 ? [0, 1, 2] : [0, 1];
      const out = computeInvariants(
        cloud,
        Float64Array.from(c.f),
        {
          gridSize: c.r.length,
          strategy: 'regular',
          degrees,
          hilbert: true,
          euler: false,
          grids: { r: Float64Array.from(c.r), t: Float64Array.from(c.t) },
        },
        testContext(),
      );
      expect(Array.from(out.hilbert[0].values)).toEqual(c.h0);
      expect(Array.from(out.hilbert[1].values)).toEqual(c.h1);
      expect(c.h1.some((x) => x > 0)).toBe(true);
      if (c.h2) {
        expect(Array.from(out.hilbert[2].values)).toEqual(c.h2);
        expect(c.h2.some((x) => x > 0)).toBe(true);
      }
    });
  }
});
