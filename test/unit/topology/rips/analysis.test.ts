import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { persistenceAnalysis } from '../../../../src/analysis/topology/rips/analysis';
import { resolveParams } from '../../../../src/analysis/core/params';
import { localCancelSignal } from '../../../../src/analysis/core/context';
import { DynLensError } from '../../../../src/analysis/core/errors';
import { loadTable } from '../../../../src/analysis/data/load';
import type { PersistenceResult } from '../../../../src/protocol/results/persistence';
import { multisetMismatch, type Pair } from './diagrams';
import { table, testContext } from './context';

const SHARED = join(__dirname, '../../../fixtures/topology/rips/shared');

async function run(
  input: ReturnType<typeof table>,
  raw: Record<string, unknown> = {},
  ctx = testContext(),
): Promise<PersistenceResult> {
  const p = resolveParams(persistenceAnalysis.params, raw);
  return (await persistenceAnalysis.run(input, p, ctx)) as PersistenceResult;
}

async function expectError(kind: string, pattern: RegExp, f: () => Promise<unknown>): Promise<void> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    expect((e as DynLensError).kind).toBe(kind);
    expect((e as DynLensError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an error');
}

function gudhiPairs(file: string, dim: number): Pair[] {
  const doc = JSON.parse(readFileSync(join(SHARED, file), 'utf8')) as {
    pairs: { dim: number; birth: number; death: number | null }[];
  };
  return doc.pairs.filter((p) => p.dim === dim).map((p) => [p.birth, p.death === null ? Infinity : p.death]);
}

function ours(r: PersistenceResult, dim: number): Pair[] {
  const d = r.diagrams[dim];
  return Array.from(d.births, (b, i) => [b, d.deaths[i]] as Pair);
}

describe('persistence analysis on the shared GUDHI references', () => {
  for (const name of ['clean_circle_60_r2', 'noisy_circle_100']) {
    it(`${name}: H0..H2 equal GUDHI's pairs`, async () => {
      const path = join(SHARED, `${name}.csv`);
      const ds = await loadTable(path, readFileSync(path));
      const r = await run({ kind: 'table', path, dataset: ds }, { maxDim: 2 });
      expect(r.columns?.length).toBe(2);
      for (let dim = 0; dim <= 2; dim++)
        expect(multisetMismatch(ours(r, dim), gudhiPairs(`${name}_rips.json`, dim), 1e-9), `H${dim}`).toBeUndefined();
    });
  }

  it('clean circle: the H1 bar dies at sqrt(3) r', async () => {
    const path = join(SHARED, 'clean_circle_60_r2.csv');
    const r = await run({ kind: 'table', path, dataset: await loadTable(path, readFileSync(path)) }, {});
    const long = ours(r, 1).filter((p) => p[1] - p[0] > 1);
    expect(long.length).toBe(1);
    expect(long[0][1]).toBeCloseTo(2 * Math.sqrt(3), 9);
  });
});

describe('persistence analysis: formats', () => {
  const pts = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0.5, 2],
  ];
  const dist = (a: number[], b: number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const cloud = table(['x', 'y'], [Float64Array.from(pts, (p) => p[0]), Float64Array.from(pts, (p) => p[1])]);

  it('point cloud, full distance matrix and lower distance matrix give the same diagrams', async () => {
    const a = await run(cloud, { maxDim: 1 });
    const n = pts.length;
    const cols = Array.from({ length: n }, (_, j) => Float64Array.from(pts, (p) => dist(p, pts[j])));
    const b = await run(
      table(
        cols.map((_, j) => `c${j}`),
        cols,
      ),
      { format: 'distance-matrix', maxDim: 1 },
    );
    const lower: number[] = [];
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) lower.push(dist(pts[i], pts[j]));
    const lowerInput = table(
      ['distance'],
      [Float64Array.from(lower)],
      [`lower-triangular distance matrix, n = ${n} points`],
      'x.lower_distance_matrix',
    );
    const c = await run(lowerInput, { maxDim: 1 });
    expect(c.format).toBe('lower-distance-matrix');
    for (const r of [b, c])
      for (let dim = 0; dim <= 1; dim++) expect(multisetMismatch(ours(r, dim), ours(a, dim), 1e-12)).toBeUndefined();
    // The unit square's H1 bar: born at 1 (sides), dies at sqrt(2) (diagonal).
    expect(ours(a, 1).some((p) => Math.abs(p[0] - 1) < 1e-12 && Math.abs(p[1] - Math.SQRT2) < 1e-12)).toBe(true);
  });

  it('toJson has the documented shape with null for infinite deaths; toCsv has dim,birth,death rows', async () => {
    const r = await run(cloud, { maxDim: 1 });
    const j = persistenceAnalysis.toJson!(r) as {
      diagrams: { dim: number; pairs: (number | null)[][] }[];
      thresholdUsed: number;
    };
    expect(j.diagrams.map((d) => d.dim)).toEqual([0, 1]);
    expect(j.diagrams[0].pairs.filter((p) => p[1] === null).length).toBe(1);
    expect(j.diagrams[0].pairs.length).toBe(pts.length);
    expect(typeof j.thresholdUsed).toBe('number');
    const csv = persistenceAnalysis.toCsv!(r).trim().split('\n');
    expect(csv[0]).toBe('dim,birth,death');
    expect(csv.length).toBe(1 + r.diagrams[0].births.length + r.diagrams[1].births.length);
    expect(csv).toContain('0,0,inf');
  });

  it('leaves a time column out of the coordinates and says so', async () => {
    const t = Float64Array.from(pts, (_, i) => i * 100);
    const r = await run(table(['time', 'x', 'y'], [t, ...cloud.dataset.data]), {});
    expect(r.columns).toEqual(['x', 'y']);
    expect(r.notes.join(' ')).toMatch(/time-like/);
    const r2 = await run(table(['time', 'x', 'y'], [t, ...cloud.dataset.data]), { columns: 'x' });
    expect(r2.columns).toEqual(['x']);
  });

  it('delay embedding of a sine gives one long H1 bar and reports the lag rule', async () => {
    const n = 400;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / 50));
    const r = await run(table(['t', 'x'], [Float64Array.from({ length: n }, (_, i) => i), x]), {
      delayEmbedding: '2',
      maxDim: 1,
    });
    expect(r.delayEmbedding?.column).toBe('x');
    expect(r.delayEmbedding?.lagRule).toMatch(/mutual information|autocorrelation|fallback/);
    const long = ours(r, 1).filter((p) => p[1] - p[0] > 0.5);
    expect(long.length).toBe(1);
    const given = await run(table(['x'], [x]), { delayEmbedding: '3,12' });
    expect(given.delayEmbedding).toEqual({ column: 'x', dim: 3, lag: 12, lagRule: 'given' });
    expect(given.points).toBe(n - 24);
  });

  it('Z/3 coefficients and thresholds are passed through', async () => {
    const r = await run(cloud, { modulus: 3, threshold: 1.2, maxDim: 1 });
    expect(r.modulus).toBe(3);
    expect(r.thresholdUsed).toBe(1.2);
    // At threshold 1.2 the square's hole never closes: an essential H1 class.
    expect(ours(r, 1).some((p) => p[0] === 1 && p[1] === Infinity)).toBe(true);
  });
});

describe('persistence analysis: bad input', () => {
  it('fewer than 2 points', () =>
    expectError('bad-input', /at least 2 points/, () => run(table(['x'], [Float64Array.of(1)]))));
  it('NaN coordinate names the row', () =>
    expectError('bad-input', /row 3, column "y"/, () =>
      run(table(['x', 'y'], [Float64Array.of(0, 1, 2), Float64Array.of(0, 1, NaN)])),
    ));
  it('infinite coordinate names the row', () =>
    expectError('bad-input', /row 2/, () => run(table(['x'], [Float64Array.of(0, Infinity, 2)]))));
  it('non-square distance matrix', () =>
    expectError('bad-input', /square: 3 rows x 2 columns/, () =>
      run(table(['a', 'b'], [Float64Array.of(0, 1, 2), Float64Array.of(1, 0, 2)]), { format: 'distance-matrix' }),
    ));
  it('asymmetric distance matrix names the entries', () =>
    expectError('bad-input', /not symmetric: entry \(2, 1\) = 1 but \(1, 2\) = 2/, () =>
      run(table(['a', 'b'], [Float64Array.of(0, 1), Float64Array.of(2, 0)]), { format: 'distance-matrix' }),
    ));
  it('negative distance', () =>
    expectError('bad-input', /negative/, () =>
      run(table(['a', 'b'], [Float64Array.of(0, -1), Float64Array.of(-1, 0)]), { format: 'distance-matrix' }),
    ));
  it('non-zero diagonal', () =>
    expectError('bad-input', /diagonal entry \(2, 2\)/, () =>
      run(table(['a', 'b'], [Float64Array.of(0, 1), Float64Array.of(1, 3)]), { format: 'distance-matrix' }),
    ));
  it('lower triangle with an impossible count', () =>
    expectError('bad-input', /n\(n-1\)\/2/, () =>
      run(table(['distance'], [Float64Array.of(1, 2, 3, 4)]), { format: 'lower-distance-matrix' }),
    ));
  it('non-prime modulus', () =>
    expectError('usage', /prime/, () => run(table(['x'], [Float64Array.of(0, 1, 2)]), { modulus: 4 })));
  it('bad --delay-embedding', () =>
    expectError('usage', /delay-embedding/, () =>
      run(table(['x'], [Float64Array.of(0, 1, 2)]), { delayEmbedding: 'a,b' }),
    ));
  it('too large for the memory budget: says the numbers and what to lower', async () => {
    const n = 300;
    const cols = [0, 1, 2].map((c) =>
      Float64Array.from({ length: n }, (_, i) => Math.sin(i * (c + 1) * 0.37) + i * 1e-3),
    );
    await expectError('too-large', /edges.*3-simplices.*lower --max-dim or set a smaller --threshold/, () =>
      run(table(['x', 'y', 'z'], cols), { maxDim: 3 }, testContext({ memoryBudgetBytes: 8 * n * n + 100_000 })),
    );
    await expectError('too-large', /distance matrix/, () =>
      run(table(['x', 'y', 'z'], cols), { maxDim: 1 }, testContext({ memoryBudgetBytes: 1000 })),
    );
  });
  it('more points than --max-points', () =>
    expectError('bad-input', /max-points/, () => run(table(['x'], [Float64Array.of(0, 1, 2)]), { maxPoints: 2 })));
  it('cancellation stops the run', async () => {
    const signal = localCancelSignal();
    signal.cancel();
    const n = 200;
    const cols = [0, 1].map((c) => Float64Array.from({ length: n }, (_, i) => Math.cos(i * (c + 1))));
    await expectError('cancelled', /cancelled/, () => run(table(['x', 'y'], cols), {}, testContext({ signal })));
  });
});
