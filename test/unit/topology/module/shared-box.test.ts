import { describe, expect, it } from 'vitest';
import { moduleAnalyses, type ModuleParams } from '../../../../src/analysis/topology/module/analysis';
import { resolveParams } from '../../../../src/analysis/core/params';
import { seededUniform } from '../../../../src/analysis/core/random';
import type { AnalysisInput } from '../../../../src/analysis/core/input';
import type { ModuleResult } from '../../../../src/protocol';
import { tableOfRows, testContext } from '../../../support';

const entry = moduleAnalyses[0];

function ring(n: number, radius: number, seed: number): AnalysisInput {
  const u = seededUniform(seed);
  const pts = Array.from({ length: n }, (_, i) => {
    const t = (2 * Math.PI * i) / n;
    return [radius * Math.cos(t) + 0.05 * (u() - 0.5), radius * Math.sin(t) + 0.05 * (u() - 0.5)];
  });
  return tableOfRows(pts, `ring-${radius}.csv`, ['x', 'y']);
}

describe('module in a batch: one box for every item', () => {
  it('fitShared gives the union of the items boxes and a shared bandwidth; every item then uses them', async () => {
    const items = [ring(40, 1, 1), ring(50, 3, 2)];
    const base = resolveParams(entry.params, { imageResolution: 6 }) as ModuleParams;
    const ctx = testContext();
    const fit = await entry.fitShared!(
      async function* () {
        yield* items;
      },
      base,
      ctx,
    );
    const box = fit.params.box as number[];
    expect(box).toHaveLength(4);
    expect(typeof fit.params.bandwidth).toBe('number');
    const own = await Promise.all(items.map((it) => entry.run(it, base, ctx) as Promise<ModuleResult>));
    // the union of the items' own boxes (with the shared bandwidth the density axis of each changes, so compare
    // the scale axis, which does not depend on it)
    expect(box[1]).toBeCloseTo(Math.max(...own.map((r) => r.rawBox[1])), 12);
    const p = resolveParams(entry.params, { imageResolution: 6, ...fit.params }) as ModuleParams;
    const shared = await Promise.all(items.map((it) => entry.run(it, p, ctx) as Promise<ModuleResult>));
    for (const r of shared) {
      expect(r.rawBox).toEqual(box);
      expect(r.box).toEqual([0, 1, 0, 1]);
    }
    // same family of lines, same image grid: the feature vectors line up name by name
    const f = shared.map((r) => entry.features!(r, p));
    expect(f[0].names).toEqual(f[1].names);
    expect(shared[0].family).toEqual(shared[1].family);
  });

  it('a malformed --box is refused', async () => {
    const p = resolveParams(entry.params, { box: [1, 0, 0, 1] }) as ModuleParams;
    await expect(entry.run(ring(20, 1, 3), p, testContext())).rejects.toThrow(/--box takes x0,x1,y0,y1/);
  });
});
