import { describe, expect, it } from 'vitest';
import { persistenceAnalysis, compareDiagrams } from '../../../../src/analysis/topology/rips/analysis';
import { resolveParams } from '../../../../src/analysis/core/params';
import { DynLensError } from '../../../../src/analysis/core/errors';
import type { PersistenceResult } from '../../../../src/protocol/results/persistence';
import { bottleneckDistance, wassersteinDistance } from '../../../../src/analysis/topology/diagrams/distance';
import { tableOfRows, testContext } from '../../../support';

function ellipse(n: number, a: number, phase: number): number[][] {
  return Array.from({ length: n }, (_, k) => {
    const t = (2 * Math.PI * k) / n + phase;
    return [a * Math.cos(t) + 0.03 * Math.sin(7 * k), Math.sin(t)];
  });
}

async function run(raw: Record<string, unknown>, files: Record<string, ReturnType<typeof tableOfRows>>) {
  const p = resolveParams(persistenceAnalysis.params, raw);
  return (await persistenceAnalysis.run(
    tableOfRows(ellipse(30, 1, 0), 'a.csv'),
    p,
    testContext({ files }),
  )) as PersistenceResult;
}

describe('persistence --compare', () => {
  it('adds one entry per degree equal to the distances between the two diagrams', async () => {
    const b = tableOfRows(ellipse(25, 1.6, 0.3), 'b.csv');
    const withCompare = await run({ compare: ['b.csv'], wassersteinP: 2, maxDim: 1 }, { 'b.csv': b });
    const other = (await persistenceAnalysis.run(
      b,
      resolveParams(persistenceAnalysis.params, { maxDim: 1 }),
      testContext(),
    )) as PersistenceResult;
    expect(withCompare.comparison?.map((c) => c.dim)).toEqual([0, 1]);
    for (const c of withCompare.comparison ?? []) {
      const da = withCompare.diagrams[c.dim];
      const db = other.diagrams[c.dim];
      expect(c.p).toBe(2);
      expect(c.bottleneck).toBe(bottleneckDistance(da, db));
      expect(c.wasserstein).toBe(wassersteinDistance(da, db, 2));
      expect(c.bottleneck).toBeGreaterThan(0);
    }
    const json = persistenceAnalysis.toJson!(withCompare) as { comparison: unknown[] };
    expect(json.comparison[0]).toMatchObject({ dim: 0, p: 2 });
  });

  it('compares a cloud with itself at distance 0, with p defaulting to 1', async () => {
    const r = await run({ compare: ['same.csv'] }, { 'same.csv': tableOfRows(ellipse(30, 1, 0), 'same.csv') });
    for (const c of r.comparison ?? []) expect([c.bottleneck, c.wasserstein, c.p]).toEqual([0, 0, 1]);
  });

  it('an empty degree on one side costs the half-persistences of the other side', () => {
    const a = [{ dim: 1, births: Float64Array.of(0, 1), deaths: Float64Array.of(2, 1.5) }];
    const c = compareDiagrams(a, [], 1);
    expect(c).toEqual([{ dim: 1, bottleneck: 1, wasserstein: 1.25, p: 1, file: undefined }]);
  });

  it('refuses an order below 1', () => {
    expect(() => resolveParams(persistenceAnalysis.params, { wassersteinP: 0.5 })).toThrow(DynLensError);
  });
});
