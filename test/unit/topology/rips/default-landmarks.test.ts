import { describe, expect, it } from 'vitest';
import { persistenceAnalysis } from '../../../../src/analysis/topology/rips/analysis';
import {
  DEFAULT_RIPS_WORK,
  defaultLandmarkCount,
  estimateRipsWork,
} from '../../../../src/analysis/topology/rips/estimate';
import { resolveParams } from '../../../../src/analysis/core/params';
import type { PersistenceResult } from '../../../../src/protocol/results/persistence';
import { tableOfRows, testContext } from '../../../support';

function cube(n: number, seed: number): number[][] {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, () => [r(), r(), r()]);
}

async function persistence(pts: number[][], raw: Record<string, unknown>): Promise<PersistenceResult> {
  const p = resolveParams(persistenceAnalysis.params, raw);
  return (await persistenceAnalysis.run(tableOfRows(pts), p, testContext())) as PersistenceResult;
}

describe('default landmarks: a run without --landmarks keeps to about 2 s of work', () => {
  it('the count is the largest whose estimate fits the default work', () => {
    expect(defaultLandmarkCount(1000, 3, 1)).toBeUndefined();
    const m = defaultLandmarkCount(10_000, 3, 1)!;
    expect(estimateRipsWork(m, 3, 1, 1)).toBeLessThanOrEqual(DEFAULT_RIPS_WORK);
    expect(estimateRipsWork(m + 1, 3, 1, 1)).toBeGreaterThan(DEFAULT_RIPS_WORK);
    // higher degrees cost more per point: fewer landmarks
    expect(defaultLandmarkCount(10_000, 3, 2)!).toBeLessThan(m);
  });

  it('the estimate the runtime checks before the run counts the landmarks, not the whole cloud', () => {
    // (the run itself is checked on examples/lorenz.csv in test/unit/quality/examples-defaults.test.ts)
    const pts = cube(3000, 5);
    const p = resolveParams(persistenceAnalysis.params, {});
    const est = persistenceAnalysis.estimate!(tableOfRows(pts), p);
    expect(est.what).toMatch(new RegExp(`^${defaultLandmarkCount(3000, 3, 1)} points up to degree 1`));
    const given = persistenceAnalysis.estimate!(
      tableOfRows(pts),
      resolveParams(persistenceAnalysis.params, { landmarks: 3000 }),
    );
    expect(given.what).toMatch(/^3000 points up to degree 1/);
    // the up-front count (sampled edge fraction) of the kept landmarks is a fraction of the whole cloud's
    expect(est.work).toBeLessThan(given.work / 2);
    expect(estimateRipsWork(defaultLandmarkCount(3000, 3, 1)!, 3, 1, 1)).toBeLessThanOrEqual(DEFAULT_RIPS_WORK);
  });

  it('--landmarks N (N = all points) and --threshold keep the whole cloud', async () => {
    const pts = cube(120, 9);
    expect(defaultLandmarkCount(120, 3, 3)).toBeUndefined();
    const big = cube(300, 5);
    const t = await persistence(big, { maxDim: 1, threshold: 0.1 });
    expect(t.landmarks).toBeUndefined();
    const all = await persistence(pts, { maxDim: 1, landmarks: 120 });
    expect(all.landmarks).toBeUndefined();
    expect(all.points).toBe(120);
  });
});
