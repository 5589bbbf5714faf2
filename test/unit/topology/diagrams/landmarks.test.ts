import { describe, expect, it } from 'vitest';
import { persistenceAnalysis } from '../../../../src/analysis/topology/rips/analysis';
import { greedyPermutation } from '../../../../src/analysis/topology/rips/landmarks';
import { resolveParams } from '../../../../src/analysis/core/params';
import { DynLensError } from '../../../../src/analysis/core/errors';
import type { PersistenceResult } from '../../../../src/protocol/results/persistence';
import { bottleneckDistance } from '../../../../src/analysis/topology/diagrams/distance';
import { tableOfRows, testContext } from '../../../support';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function noisyCircle(n: number, seed: number): number[][] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => {
    const t = 2 * Math.PI * r();
    return [Math.cos(t) + 0.15 * (r() - 0.5), Math.sin(t) + 0.15 * (r() - 0.5)];
  });
}

function cube(n: number, seed: number): number[][] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => [r(), r(), r()]);
}

async function persistence(pts: number[][], raw: Record<string, unknown>): Promise<PersistenceResult> {
  const p = resolveParams(persistenceAnalysis.params, raw);
  return (await persistenceAnalysis.run(tableOfRows(pts), p, testContext())) as PersistenceResult;
}

describe('greedy permutation', () => {
  it('covering radius is the largest distance from a point to its nearest landmark', () => {
    const pts = cube(60, 3);
    const cols = [0, 1, 2].map((k) => Float64Array.from(pts, (p) => p[k]));
    const lm = greedyPermutation(cols, 12);
    expect(new Set(lm.indices).size).toBe(12);
    expect(lm.indices[0]).toBe(0);
    let eps = 0;
    for (const p of pts) {
      let near = Infinity;
      for (const i of lm.indices)
        near = Math.min(near, Math.hypot(p[0] - pts[i][0], p[1] - pts[i][1], p[2] - pts[i][2]));
      eps = Math.max(eps, near);
    }
    expect(lm.coveringRadius).toBeCloseTo(eps, 14);
    // Furthest-point order: each new landmark is at least eps from the earlier ones.
    for (let a = 0; a < 12; a++)
      for (let b = 0; b < a; b++) {
        const [p, q] = [pts[lm.indices[a]], pts[lm.indices[b]]];
        expect(Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2])).toBeGreaterThanOrEqual(eps - 1e-12);
      }
  });
});

describe('persistence --landmarks', () => {
  const cases: [string, number[][], number][] = [
    ['noisy circle, 90 points, 25 landmarks', noisyCircle(90, 7), 25],
    ['noisy circle, 70 points, 12 landmarks', noisyCircle(70, 11), 12],
    ['unit cube, 80 points, 30 landmarks', cube(80, 5), 30],
  ];
  for (const [name, pts, count] of cases) {
    it(`the diagram moves by at most 2 x covering radius: ${name}`, async () => {
      const full = await persistence(pts, { maxDim: 2 });
      const sub = await persistence(pts, { maxDim: 2, landmarks: count });
      const lm = sub.landmarks!;
      expect(lm.count).toBe(count);
      expect(lm.of).toBe(pts.length);
      expect(sub.points).toBe(count);
      expect(lm.bottleneckBound).toBe(2 * lm.coveringRadius);
      expect(lm.guarantee).toMatch(/bottleneck distance/);
      for (let dim = 0; dim <= 2; dim++) {
        const d = bottleneckDistance(full.diagrams[dim], sub.diagrams[dim]);
        expect(d).toBeLessThanOrEqual(lm.bottleneckBound + 1e-12);
      }
      // The bound is not vacuous here: the subsample does change the H0 diagram.
      expect(bottleneckDistance(full.diagrams[0], sub.diagrams[0])).toBeGreaterThan(0);
    });
  }

  it('clouds above --max-points are subsampled with --landmarks and refused without', async () => {
    const pts = noisyCircle(50, 2);
    await expect(persistence(pts, { maxPoints: 40 })).rejects.toThrow(/--landmarks/);
    const r = await persistence(pts, { maxPoints: 40, landmarks: 20 });
    expect(r.landmarks?.count).toBe(20);
    expect(r.notes.some((n) => n.startsWith('landmarks: 20 of 50 points'))).toBe(true);
    await expect(persistence(pts, { maxPoints: 10, landmarks: 20 })).rejects.toThrow(DynLensError);
  });

  it('a cloud no larger than N is left alone', async () => {
    const r = await persistence(noisyCircle(15, 4), { landmarks: 20 });
    expect(r.landmarks).toBeUndefined();
  });
});

describe('persistence --landmarks of a distance matrix', () => {
  const pts = noisyCircle(80, 13);
  const d = (a: number[], b: number[]): number => {
    const [s, t] = [a[0] - b[0], a[1] - b[1]];
    return Math.sqrt(s * s + t * t);
  };
  const square = pts.map((p) => pts.map((q) => d(p, q)));
  const lower: number[][] = [];
  for (let i = 1; i < pts.length; i++) for (let j = 0; j < i; j++) lower.push([d(pts[i], pts[j])]);

  for (const [format, rows] of [
    ['distance-matrix', square],
    ['lower-distance-matrix', lower],
  ] as const) {
    it(`${format}: the same landmarks as the cloud, and the diagram within 2 x covering radius`, async () => {
      const full = await persistence(rows, { format, maxDim: 1 });
      const sub = await persistence(rows, { format, maxDim: 1, landmarks: 20 });
      const cloud = await persistence(pts, { maxDim: 1, landmarks: 20 });
      expect(sub.points).toBe(20);
      expect(sub.landmarks!.indices).toEqual(cloud.landmarks!.indices);
      expect(sub.landmarks!.coveringRadius).toBeCloseTo(cloud.landmarks!.coveringRadius, 12);
      expect(sub.landmarks!.guarantee).toMatch(/triangle inequality/);
      for (let dim = 0; dim <= 1; dim++) {
        expect(bottleneckDistance(full.diagrams[dim], sub.diagrams[dim])).toBeLessThanOrEqual(
          sub.landmarks!.bottleneckBound + 1e-12,
        );
        expect(bottleneckDistance(cloud.diagrams[dim], sub.diagrams[dim])).toBeLessThan(1e-12);
      }
    });
  }

  it('an asymmetric matrix is refused before sampling, naming the entry', async () => {
    const bad = square.map((r) => [...r]);
    bad[40][3] += 0.5;
    await expect(persistence(bad, { format: 'distance-matrix', landmarks: 10 })).rejects.toThrow(/not symmetric/);
  });
});
