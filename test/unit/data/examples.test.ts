import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../src/analysis/core/params';
import { dataAnalyses } from '../../../src/analysis/data/analyses';
import { readInput } from '../../../src/analysis/data/load';
import type { SummaryResult } from '../../../src/protocol/results/summary';
import { testContext } from './context';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const summary = dataAnalyses[0];

async function summarize(file: string): Promise<SummaryResult> {
  const { input } = await readInput(join(EXAMPLES, file));
  return (await summary.run(input, resolveParams(summary.params, {}), testContext())) as SummaryResult;
}

describe('examples/ with default parameters', () => {
  it('lorenz.csv: 10,000 rows at dt 0.01 on the attractor', async () => {
    const r = await summarize('lorenz.csv');
    expect(r.rows).toBe(10000);
    expect(r.time).toMatchObject({ column: 't', axis: 'physical' });
    expect(r.time.dt).toBeCloseTo(0.01, 12);
    const [x, y, z] = r.columns;
    expect(x.name).toBe('x');
    // On the Lorenz attractor z stays in (0, 50) with mean near rho - 1 = 27 minus ~3.5; x and y change sign.
    expect(z.mean).toBeGreaterThan(20);
    expect(z.mean).toBeLessThan(27);
    expect(x.min).toBeLessThan(-10);
    expect(x.max).toBeGreaterThan(10);
    expect(y.std).toBeGreaterThan(x.std);
    expect(r.embedding.column).toBe('x');
    expect(r.embedding.lagRule).toBe('first minimum of mutual information');
    expect(r.embedding.lag).toBeGreaterThanOrEqual(10);
    expect(r.embedding.lag).toBeLessThanOrEqual(25);
  });

  it('oscillator.csv: the forced 0.6 Hz response dominates the spectrum', async () => {
    const r = await summarize('oscillator.csv');
    expect(r.psd.unit).toBe('Hz');
    const px = r.psd.values[0];
    let k = 1;
    for (let i = 1; i < px.length; i++) if (px[i] > px[k]) k = i;
    expect(Math.abs(r.psd.frequency[k] - 0.6)).toBeLessThan(0.05);
  });

  it('circle.csv and torus.csv: point clouds without a time column', async () => {
    const c = await summarize('circle.csv');
    expect(c.rows).toBe(200);
    expect(c.time.axis).toBe('sample');
    expect(c.columns.map((s) => s.name)).toEqual(['x', 'y']);
    expect(c.columns[0].min).toBeGreaterThan(-1.3);
    const t = await summarize('torus.csv');
    expect(t.rows).toBe(800);
    expect(t.columns.map((s) => s.name)).toEqual(['x', 'y', 'z']);
    // |z| <= r = 1 and the radius in the xy-plane lies in [R - r, R + r] = [1, 3].
    expect(t.columns[2].max).toBeLessThanOrEqual(1);
    expect(t.columns[0].max).toBeLessThanOrEqual(3);
  });
});
