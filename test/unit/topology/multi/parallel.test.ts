import { describe, expect, it } from 'vitest';
import { computeInvariants, computeInvariantsAsync } from '../../../../src/analysis/topology/multi/compute';
import {
  gaussianCodensity,
  scottBandwidth,
  type PointCloud,
} from '../../../../src/analysis/topology/multi/bifiltration';
import { seededUniform } from '../../../../src/analysis/core/random';
import { signedBarcodeAnalyses } from '../../../../src/analysis/topology/multi/analysis';
import { testContext } from './context';

describe('Hilbert slices spread over workers (ctx.parallelMap)', () => {
  for (const strategy of ['regular', 'quantile'] as const) {
    it(`gives exactly the sequential result (${strategy} grid)`, async () => {
      const u = seededUniform(3);
      const n = 150;
      const coords = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const a = 2 * Math.PI * u();
        coords[2 * i] = Math.cos(a) + 0.2 * u();
        coords[2 * i + 1] = Math.sin(a) + 0.2 * u();
      }
      const cloud: PointCloud = { n, dim: 2, coords };
      const f = gaussianCodensity(cloud, scottBandwidth(cloud));
      const opts = { gridSize: 23, strategy, degrees: [0, 1, 2], hilbert: true, euler: true };
      const seq = computeInvariants(cloud, f, opts, testContext());
      const ctx = testContext({}, signedBarcodeAnalyses[0]);
      ctx.parallelism = 3;
      let calls = 0;
      const inner = ctx.parallelMap.bind(ctx);
      ctx.parallelMap = async <T, R>(task: string, chunks: T[]): Promise<R[]> => {
        calls = chunks.length;
        return inner<T, R>(task, chunks);
      };
      const par = await computeInvariantsAsync(cloud, f, opts, ctx, undefined, 100);
      expect(calls).toBe(3);
      for (let k = 0; k < 3; k++) {
        expect(Array.from(par.hilbert[k].values)).toEqual(Array.from(seq.hilbert[k].values));
        expect(Array.from(par.hilbert[k].measure.weights)).toEqual(Array.from(seq.hilbert[k].measure.weights));
      }
      expect(Array.from(par.euler!.density)).toEqual(Array.from(seq.euler!.density));
      expect(par.hilbert[1].measure.weights.length).toBeGreaterThan(0);
    });
  }
});
