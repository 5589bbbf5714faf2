/** signed-barcode with the coordinates a batch fits: fixed grids, the fit itself, and the delay embedding. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisInput } from '../../../src/analysis/core/input';
import { resolveParams } from '../../../src/analysis/core/params';
import { getAnalysis } from '../../../src/analysis/registry';
import { sharedCoordinates } from '../../../src/runtime/batch/fit';
import type { SignedBarcodeResult } from '../../../src/protocol/results/signed-barcode';
import { testContext } from '../data/context';
import { seeded } from './helpers';

const entry = getAnalysis('signed-barcode');

function cloud(n: number, seed: number, radius: number): AnalysisInput {
  const u = seeded(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * Math.PI * u();
    x[i] = radius * Math.cos(a) + 0.05 * (u() - 0.5);
    y[i] = radius * Math.sin(a) + 0.05 * (u() - 0.5);
  }
  return {
    kind: 'table',
    path: `c${seed}`,
    dataset: { source: `c${seed}`, columns: ['x', 'y'], data: [x, y], rows: n, notes: [] },
  };
}

async function run(input: AnalysisInput, raw: Record<string, unknown>): Promise<SignedBarcodeResult> {
  const ctx = testContext(entry.tasks);
  return (await entry.run(input, resolveParams(entry.params, { lineSlices: 0, ...raw }), ctx)) as SignedBarcodeResult;
}

describe('signed-barcode shared coordinates', () => {
  it('fits one bandwidth and one grid covering every fit item, which single runs then share', async () => {
    const items = [cloud(40, 1, 1), cloud(40, 2, 2), cloud(40, 3, 0.5)];
    const raw = { grid: 8, imageResolution: 5 };
    const ctx = testContext();
    const fit = await entry.fitShared!(
      async function* () {
        yield* items;
      },
      resolveParams(entry.params, raw),
      ctx,
    );
    const rGrid = fit.params.rGrid as number[];
    const tGrid = fit.params.tGrid as number[];
    expect(rGrid).toHaveLength(8);
    expect(rGrid[0]).toBe(0);
    expect(tGrid).toHaveLength(8);
    expect(fit.params.bandwidth).toBeGreaterThan(0);
    const own = await Promise.all(items.map((c) => run(c, raw)));
    // the shared r axis reaches the largest item's enclosing radius
    expect(rGrid[7]).toBe(Math.max(...own.map((r) => r.grid.r[r.grid.r.length - 1])));
    const shared = await Promise.all(items.map((c) => run(c, { ...raw, ...fit.params })));
    for (const r of shared) {
      expect(Array.from(r.grid.r)).toEqual(rGrid);
      expect(Array.from(r.grid.t)).toEqual(tGrid);
      expect(r.vector.box).toEqual([rGrid[0], rGrid[7], tGrid[0], tGrid[7]]);
      expect(r.bandwidth).toBe(fit.params.bandwidth);
      expect(r.notes).toContain('fixed grid on the r and t axes');
    }
    // without the shared grid the boxes differ, so the images are not in the same coordinates
    expect(own[0].vector.box).not.toEqual(own[1].vector.box);
  });

  it('refuses grids that are not increasing and embeds a series with --delay-embedding', async () => {
    await expect(run(cloud(20, 4, 1), { rGrid: [0, 1, 1] })).rejects.toThrow(/--r-grid must be increasing/);
    const n = 120;
    const v = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 30));
    const series: AnalysisInput = {
      kind: 'table',
      path: 's',
      dataset: { source: 's', columns: ['value'], data: [v], rows: n, notes: [] },
    };
    const r = await run(series, { delayEmbedding: '2,7', grid: 8, imageResolution: 5 });
    expect(r.points).toBe(n - 7);
    expect(r.coordinates).toEqual(['value(t)', 'value(t+7)']);
    // a sine embedded at a quarter period is a circle: one long H1 class
    const h1 = r.hilbert.find((h) => h.degree === 1)!;
    expect(Math.max(...h1.values)).toBeGreaterThanOrEqual(1);
  });
});

describe('the fit of a batch folder', () => {
  it('is found again by a run whose parameters carry the batch defaults (a Slurm task after its driver)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dynlens-fit-'));
    try {
      const items = [cloud(30, 1, 1), cloud(30, 2, 2)].map((input, k) => ({
        id: `c${k}`,
        source: `c${k}`,
        extra: {},
        load: async () => input,
      }));
      const common = { analysis: entry, out, collectionHash: 'h', memoryBudgetBytes: 2 ** 28 };
      const raw = { grid: '8', imageResolution: '5' };
      const driver = await sharedCoordinates({ ...common, rawParams: raw, items });
      const unread = {
        [Symbol.iterator]: (): Iterator<never> => {
          throw new Error('the task fitted again');
        },
      };
      const task = await sharedCoordinates({ ...common, rawParams: { ...entry.batchDefaults, ...raw }, items: unread });
      expect(task).toEqual(driver);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
