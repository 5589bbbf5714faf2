import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pca } from '../../../src/analysis/features/pca';
import { classMeans, featureGrids, gridImage } from '../../../src/analysis/features/class-means';

interface Case {
  name: string;
  n: number;
  d: number;
  k: number;
  rows: number[];
  labels: string[];
  mean: number[];
  components: number[];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  scores: number[];
  classMeans: Record<string, number[]>;
}

const fixture = JSON.parse(readFileSync('test/fixtures/features/pca.json', 'utf8')) as { cases: Case[] };

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst / scale).toBeLessThan(tol);
}

describe('pca against scikit-learn (scripts/fixtures/features/make_pca.py)', () => {
  for (const c of fixture.cases)
    it(c.name, () => {
      const r = pca(Float64Array.from(c.rows), c.n, c.d, c.k);
      expect(r.k).toBe(c.k);
      close(r.mean, c.mean, 1 + Math.max(...c.mean.map(Math.abs)), 1e-13);
      close(r.explainedVariance, c.explainedVariance, c.explainedVariance[0], 1e-11);
      close(r.explainedVarianceRatio, c.explainedVarianceRatio, 1, 1e-11);
      close(r.components, c.components, 1, 1e-8);
      const s = Math.max(...c.scores.map(Math.abs));
      close(r.scores, c.scores, s, 1e-8);
    });

  it('caps k at n - 1 and refuses non-finite values', () => {
    expect(pca(Float64Array.from([0, 1, 2, 3]), 2, 2, 5).k).toBe(1);
    expect(() => pca(Float64Array.from([0, NaN, 2, 3]), 2, 2)).toThrow(/non-finite/);
    expect(() => pca(Float64Array.from([0, 1]), 1, 2)).toThrow(/2 rows/);
  });

  it('gives zero variance for identical rows', () => {
    const r = pca(Float64Array.from([1, 2, 1, 2, 1, 2]), 3, 2);
    expect([...r.explainedVariance]).toEqual([0, 0]);
    expect([...r.scores].every((v) => v === 0)).toBe(true);
  });
});

describe('class means', () => {
  for (const c of fixture.cases)
    it(`${c.name} (numpy group means)`, () => {
      const means = classMeans(Float64Array.from(c.rows), c.n, c.d, c.labels);
      expect(means.map((m) => m.label)).toEqual(Object.keys(c.classMeans));
      for (const m of means) {
        expect(m.count).toBe(c.labels.filter((l) => l === m.label).length);
        close(m.mean, c.classMeans[m.label], 1 + Math.max(...c.classMeans[m.label].map(Math.abs)), 1e-13);
      }
    });

  it('leaves out rows with a non-finite value and names missing labels', () => {
    const m = classMeans(Float64Array.from([1, 2, NaN, 4, 5, 6]), 3, 2, ['a', 'a', undefined]);
    expect(m).toHaveLength(2);
    expect(m[0]).toMatchObject({ label: 'a', count: 1 });
    expect([...m[0].mean]).toEqual([1, 2]);
    expect(m[1].label).toBe('unlabelled');
  });
});

describe('featureGrids', () => {
  it('recovers images and curves from feature names', () => {
    const names: string[] = ['total_persistence_h0'];
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 4; b++) names.push(`hilbert_h1_r${a}_t${String(b).padStart(2, '0')}`);
    for (let k = 0; k < 5; k++) names.push(`betti_h0_${String(k).padStart(2, '0')}`);
    names.push('bars_h0');
    const grids = featureGrids(names);
    expect(grids.map((g) => [g.name, g.rows, g.cols])).toEqual([
      ['hilbert_h1', 3, 4],
      ['betti_h0', 1, 5],
    ]);
    const v = names.map((_, i) => i);
    expect([...gridImage(grids[0], v)]).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect([...gridImage(grids[1], v)]).toEqual([13, 14, 15, 16, 17]);
  });

  it('ignores short runs and sparse indices', () => {
    expect(featureGrids(['eig01_re', 'x_1', 'x_2', 'y_r0_t0', 'y_r9_t9', 'y_r0_t9', 'y_r9_t0'])).toEqual([]);
  });
});
