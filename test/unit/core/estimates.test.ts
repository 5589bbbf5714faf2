/**
 * The up-front resource estimates (core/budget.ts) of persistence, signed-barcode, symbolic and Lyapunov from data:
 * parameters that must be refused before any work, with the estimate and the parameter to change, and ordinary runs
 * that must pass, under the CLI's default budget (4096 MB, 1e11 operations).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORK_LIMIT, enforceEstimate } from '../../../src/analysis/core/budget';
import type { AnalysisInput } from '../../../src/analysis/core/input';
import { resolveParams } from '../../../src/analysis/core/params';
import { getAnalysis } from '../../../src/analysis/registry';
import { computeRips } from '../../../src/analysis/topology/rips/engine';
import { centralPoint, sampledEdgeFraction, sourceDistance } from '../../../src/analysis/topology/rips/estimate';
import { seededCentered, tableInput } from '../../support';

const BUDGET = { memoryBytes: 4096 * 2 ** 20, work: DEFAULT_WORK_LIMIT };

/** undefined when the estimate fits the budget, else the refusal's message. */
function refusal(id: string, input: AnalysisInput, raw: Record<string, unknown> = {}): string | undefined {
  const a = getAnalysis(id);
  const e = a.estimate!(input, resolveParams(a.params, raw));
  try {
    enforceEstimate(id, e, BUDGET, input.path);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function cube(n: number, dims = 3, seed = 1): AnalysisInput {
  const r = seededCentered(seed);
  const cols: Record<string, Float64Array> = {};
  for (let k = 0; k < dims; k++) cols[`x${k}`] = Float64Array.from({ length: n }, () => r() + 0.5);
  return tableInput(cols, 'cloud.csv');
}

function series(n: number): AnalysisInput {
  const r = seededCentered(7);
  let x = 0.3;
  // the logistic map with a little noise: chaotic, never constant
  return tableInput({ x: Float64Array.from({ length: n }, () => (x = 3.9 * x * (1 - x) + 1e-6 * r())) }, 'series.csv');
}

describe('persistence estimate', () => {
  it('samples the fraction of edges within a threshold close to the exact fraction', () => {
    const input = cube(400);
    if (input.kind !== 'table') throw new Error('table');
    const src = { kind: 'points' as const, columns: input.dataset.data };
    for (const threshold of [0.2, 0.5, 0.9]) {
      const stats = computeRips(src, { maxDim: 0, threshold }).stats;
      const exact = stats.edges / ((400 * 399) / 2);
      const sampled = sampledEdgeFraction(400, sourceDistance(src, 400), threshold, centralPoint(src, 400));
      expect(Math.abs(sampled - exact)).toBeLessThan(0.02);
    }
    // at the enclosing radius (no threshold) the sampled radius is an upper bound: the fraction errs high
    const exact = computeRips(src, { maxDim: 0 }).stats.edges / ((400 * 399) / 2);
    const sampled = sampledEdgeFraction(400, sourceDistance(src, 400), undefined, centralPoint(src, 400));
    expect(sampled).toBeGreaterThan(exact - 0.02);
    expect(sampled).toBeLessThan(exact + 0.15);
  });

  it('refuses degree 3 on all of 3,000 points at the enclosing radius, naming --max-dim', () => {
    // --landmarks 3000 asks for every point (a default run would keep the landmarks its work allows)
    const msg = refusal('persistence', cube(3000), { maxDim: 3, landmarks: 3000 });
    expect(msg).toMatch(
      /^cloud\.csv: persistence would need about .*3000 points up to degree 3.*lower --max-dim, --threshold or --landmarks/,
    );
  });

  it('refuses H1 of all 20,000 points, and passes with --landmarks 1000, the default landmarks or a small --threshold', () => {
    const big = cube(20000, 3, 2);
    expect(refusal('persistence', big, { maxDim: 1, landmarks: 20000 })).toMatch(/20000 points up to degree 1/);
    expect(refusal('persistence', big, { maxDim: 1 })).toBeUndefined();
    expect(refusal('persistence', big, { maxDim: 1, landmarks: 1000 })).toBeUndefined();
    expect(refusal('persistence', cube(3000), { maxDim: 3, threshold: 0.05 })).toBeUndefined();
  });

  it('passes the ordinary runs', () => {
    expect(refusal('persistence', cube(3000), { maxDim: 1 })).toBeUndefined();
    expect(refusal('persistence', cube(500), { maxDim: 2 })).toBeUndefined();
  });
});

describe('signed-barcode estimate', () => {
  it('passes the defaults on 1,000 points and on 100,000 subsampled to 1,000', () => {
    expect(refusal('signed-barcode', cube(1000))).toBeUndefined();
    expect(refusal('signed-barcode', cube(100_000, 3, 3))).toBeUndefined();
  });

  it('refuses --max-points 20000 on 20,000 points, naming --max-points', () => {
    expect(refusal('signed-barcode', cube(20000, 3, 4), { maxPoints: 20000 })).toMatch(
      /^cloud\.csv: signed-barcode would need about .*GB.*lower .*--max-points/,
    );
  });

  it('refuses a 4096 grid with 1024-pixel images', () => {
    expect(refusal('signed-barcode', cube(1000), { grid: 4096, imageResolution: 1024 })).toMatch(
      /operations .*1024 x 1024 pixels.*lower .*--image-resolution/,
    );
  });
});

describe('symbolic estimate', () => {
  const r = seededCentered(3);
  const t = Float64Array.from({ length: 6000 }, (_, i) => i * 0.01);
  const table = tableInput({ t, x: t.map(Math.sin), v: t.map((s) => Math.cos(s) + 0.01 * r()) }, 'osc.csv');

  it('refuses --iterations 1e9 and passes --iterations 20 or the time budget alone', () => {
    expect(refusal('symbolic', table, { iterations: [1e9] })).toMatch(
      /^osc\.csv: symbolic would need about .*1000000000 epochs.*lower --iterations/,
    );
    expect(refusal('symbolic', table, { iterations: [20] })).toBeUndefined();
    expect(refusal('symbolic', table)).toBeUndefined();
  });

  it('refuses one epoch of 256 islands of 1,000 members over 1e7 rows', () => {
    const wide = tableInput({ a: new Float64Array(200_000), b: new Float64Array(200_000) }, 'big.csv');
    expect(
      refusal('symbolic', wide, { populations: 256, populationSize: 1000, batchRows: 10_000_000, maxComplexity: 80 }),
    ).toMatch(/one epoch x 256 islands of 1000 x 200000 rows/);
  });

  it('refuses a degree-5 SINDy library of 40 states over 100,000 rows, naming --sindy-degree', () => {
    const cols: Record<string, Float64Array> = { t: Float64Array.from({ length: 100_000 }, (_, i) => i) };
    for (let k = 0; k < 40; k++) cols[`s${k}`] = new Float64Array(100_000);
    expect(refusal('symbolic', tableInput(cols, 'states.csv'), { derivatives: true, sindyDegree: 5 })).toMatch(
      /SINDy library of 1\.2\de\+6 terms over 100000 rows.*lower .*--sindy-degree/,
    );
    const few: Record<string, Float64Array> = { t: cols.t, s0: cols.s0, s1: cols.s1, s2: cols.s2, s3: cols.s3 };
    expect(refusal('symbolic', tableInput(few, 'states.csv'), { derivatives: true, sindyDegree: 3 })).toBeUndefined();
  });
});

describe('lyapunov (data) estimate', () => {
  it('passes the defaults on 10,000 and 1,000,000 samples', () => {
    expect(refusal('lyapunov', series(10_000))).toBeUndefined();
    expect(refusal('lyapunov', series(1_000_000))).toBeUndefined();
  });

  it('refuses --dim 1000 on 1,000,000 samples (the k-d tree cannot prune there), naming --dim', () => {
    expect(refusal('lyapunov', series(1_000_000), { dim: 1000 })).toMatch(
      /^series\.csv: lyapunov would need about .*GB.*dimension 1000.*lower --dim/,
    );
    expect(refusal('lyapunov', series(1_000_000), { dim: 4 })).toBeUndefined();
  });

  it('is not asked of models: an .ode input is estimated after its parse', () => {
    const a = getAnalysis('lyapunov');
    const e = a.estimate!({ kind: 'ode', path: 'm.ode', text: '' }, resolveParams(a.params, {}));
    expect(e.work).toBe(0);
  });
});
