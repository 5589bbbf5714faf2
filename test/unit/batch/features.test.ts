/** Feature vectors of the analyses that can batch. */
import { describe, expect, it } from 'vitest';
import { slicedWassersteinEmbedding } from '../../../src/analysis/topology/multi/features';
import { randomDirections, signedSlicedWasserstein } from '../../../src/analysis/topology/multi/vectorize';
import { BETTI_SAMPLES, persistenceFeatures } from '../../../src/analysis/topology/rips/features';
import { koopmanFeatures } from '../../../src/analysis/koopman/features';
import { ewsFeatures, lyapunovFeatures } from '../../../src/analysis/stability/features';
import { analyses } from '../../../src/analysis/registry';
import type { PersistenceResult } from '../../../src/protocol/results/persistence';
import type { KoopmanResult } from '../../../src/protocol/results/koopman';
import type { EwsResult, LyapunovDataResult } from '../../../src/protocol/results/stability';

function measure(points: number[][], weights: number[]) {
  return {
    index: new Int32Array(points.length * 2),
    points: Float64Array.from(points.flat()),
    weights: Int32Array.from(weights),
  };
}

function l1(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s;
}

describe('signed-barcode sliced Wasserstein embedding', () => {
  it('has L1 distances that approach the sliced Wasserstein distance as the bins get finer', () => {
    const box = [0, 1, 0, 1];
    const mu = measure(
      [
        [0.2, 0.3],
        [0.6, 0.7],
        [0.5, 0.1],
      ],
      [1, -1, 2],
    );
    const nu = measure(
      [
        [0.25, 0.35],
        [0.9, 0.2],
      ],
      [1, 1],
    );
    const dirs = randomDirections(16, 3);
    const exact = signedSlicedWasserstein(mu, nu, dirs, [1, 1]);
    const coarse = l1(slicedWassersteinEmbedding(mu, box, dirs, 8), slicedWassersteinEmbedding(nu, box, dirs, 8));
    const fine = l1(slicedWassersteinEmbedding(mu, box, dirs, 4000), slicedWassersteinEmbedding(nu, box, dirs, 4000));
    expect(exact).toBeGreaterThan(0.05);
    expect(Math.abs(fine - exact)).toBeLessThan(2e-3 * exact + 1e-3);
    expect(Math.abs(coarse - exact)).toBeLessThan(0.35 * exact);
    expect(slicedWassersteinEmbedding(mu, box, dirs, 10)).toHaveLength(160);
  });
});

describe('persistence features', () => {
  it('counts bars alive at each sample of [0, threshold] and sums finite persistence', () => {
    const r = {
      maxDim: 1,
      thresholdUsed: 2,
      diagrams: [
        { dim: 0, births: Float64Array.from([0, 0, 0]), deaths: Float64Array.from([0.5, 1.5, Infinity]) },
        { dim: 1, births: Float64Array.from([1]), deaths: Float64Array.from([1.2]) },
      ],
    } as unknown as PersistenceResult;
    const f = persistenceFeatures(r, {});
    const at = (name: string) => f.values[f.names.indexOf(name)];
    expect(f.names).toHaveLength(2 * (BETTI_SAMPLES + 2));
    expect(at('betti_h0_00')).toBe(3);
    expect(at(`betti_h0_${BETTI_SAMPLES - 1}`)).toBe(1); // r = 2: only the infinite bar
    const k = Math.round((1.1 / 2) * (BETTI_SAMPLES - 1)); // r ~ 1.1: two H0 bars, the H1 bar
    expect(at(`betti_h0_${String(k).padStart(2, '0')}`)).toBe(2);
    expect(at(`betti_h1_${String(k).padStart(2, '0')}`)).toBe(1);
    expect(at('total_persistence_h0')).toBe(2);
    expect(at('total_persistence_h1')).toBeCloseTo(0.2, 12);
    expect(at('bars_h0')).toBe(3);
    // a shared --threshold fixes the samples whatever the item's own threshold
    const g = persistenceFeatures(r, { threshold: 4 });
    expect(g.values[g.names.indexOf(`betti_h0_${BETTI_SAMPLES - 1}`)]).toBe(1);
    expect(g.values[g.names.indexOf('betti_h0_12')]).toBe(2); // r = 4 * 12/49 ~ 0.98
  });
});

describe('koopman, lyapunov and ews features', () => {
  it('orders eigenvalues by amplitude, pads with NaN and adds the spectral radius', () => {
    const eig = (re: number, im: number, amp: number, res: number, disc: [number, number]) => ({
      continuous: [re, im],
      discrete: disc,
      amplitude: amp,
      residual: res,
    });
    const r = {
      rank: 3,
      eigenvalues: [
        eig(-1, 0, 0.5, 0.01, [0.9, 0]),
        eig(-0.1, 2, 3, 0.02, [0.5, 0.8]),
        eig(-0.1, -2, 3, 0.02, [0.5, -0.8]),
      ],
    } as unknown as KoopmanResult;
    const f = koopmanFeatures(r);
    const at = (name: string) => f.values[f.names.indexOf(name)];
    expect(at('eig01_omega')).toBe(2);
    expect(at('eig02_omega')).toBe(-2);
    expect(at('eig03_growth')).toBe(-1);
    expect(at('eig03_residual')).toBe(0.01);
    expect(Number.isNaN(at('eig04_growth'))).toBe(true);
    expect(at('spectral_radius')).toBeCloseTo(Math.hypot(0.5, 0.8), 15);
    expect(at('rank')).toBe(3);
  });

  it('gives the Lyapunov spectrum and the Kendall taus with p-values', () => {
    const l = lyapunovFeatures({ source: 'data', exponents: [0.9] } as unknown as LyapunovDataResult);
    expect(l).toEqual({ names: ['lyapunov_1'], values: Float64Array.from([0.9]) });
    const ind = (tau: number, p: number) => ({ kendallTau: tau, pValue: p });
    const e = ewsFeatures({
      indicators: { variance: ind(0.8, 0.01), ac1: ind(0.6, 0.04), skewness: ind(-0.1, 0.7) },
    } as unknown as EwsResult);
    expect(e.names).toEqual(['variance_tau', 'variance_p', 'ac1_tau', 'ac1_p', 'skewness_tau', 'skewness_p']);
    expect(Array.from(e.values)).toEqual([0.8, 0.01, 0.6, 0.04, -0.1, 0.7]);
  });

  it('marks the analyses that can batch', () => {
    const can = analyses.filter((a) => a.features).map((a) => a.id);
    expect(can).toEqual(
      expect.arrayContaining(['signed-barcode', 'persistence', 'koopman', 'lyapunov', 'ews', 'summary']),
    );
  });
});
