import { describe, expect, it } from 'vitest';
import { signedBarcodeAnalyses } from '../../../../src/analysis/topology/multi/analysis';
import { resolveParams } from '../../../../src/analysis/core/params';
import { CancelledError, DynLensError } from '../../../../src/analysis/core/errors';
import { localCancelSignal } from '../../../../src/analysis/core/context';
import { gaussianCodensity } from '../../../../src/analysis/topology/multi/bifiltration';
import { seededUniform } from '../../../../src/analysis/core/random';
import type { SignedBarcodeResult } from '../../../../src/protocol';
import { tableInput, testContext } from './context';

const entry = signedBarcodeAnalyses[0];

/** The parts of the --json document these tests read. */
interface SignedBarcodeJson {
  grid: number[][];
  filtrationValues: number[];
  measures: { degree: number; points: number[][]; weights: number[] }[];
  euler: { maxDim: number; points: number[][]; weights: number[] };
  vector: { shape: number[]; measures: string[]; values: number[] };
  hilbert: { degree: number; values: number[] }[];
  lineSlices: unknown[];
}

function circle(n: number, seed: number, noise = 0.05, shift = 0): number[][] {
  const u = seededUniform(seed);
  return Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [Math.cos(a) + noise * (u() - 0.5) + shift, Math.sin(a) + noise * (u() - 0.5)];
  });
}

async function runOn(
  points: number[][],
  raw: Record<string, unknown> = {},
  files: Record<string, ReturnType<typeof tableInput>> = {},
) {
  const input = tableInput('main.csv', points);
  const ctx = testContext({ 'main.csv': input, ...files }, entry);
  const p = resolveParams(entry.params, raw);
  return { result: (await entry.run(input, p, ctx)) as SignedBarcodeResult, ctx };
}

async function expectError(
  points: number[][],
  raw: Record<string, unknown>,
  kind: string,
  pattern: RegExp,
  budget?: number,
) {
  const input = tableInput('main.csv', points);
  const ctx = testContext({ 'main.csv': input }, entry);
  if (budget !== undefined) ctx.memoryBudgetBytes = budget;
  let err: unknown;
  try {
    await entry.run(input, resolveParams(entry.params, raw), ctx);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DynLensError);
  expect((err as DynLensError).kind).toBe(kind);
  expect((err as DynLensError).message).toMatch(pattern);
}

describe('signed-barcode analysis', () => {
  it('a noisy circle: H1 measure has positive mass, JSON has the signedBarcodeJson shape, f in input order', async () => {
    const pts = circle(40, 1);
    const { result } = await runOn(pts, { grid: 20 });
    const json = entry.toJson!(result) as SignedBarcodeJson;
    expect(json.grid).toHaveLength(2);
    expect(json.grid[0]).toHaveLength(20);
    expect(json.grid[0][0]).toBe(0);
    expect(json.filtrationValues).toHaveLength(40);
    const f = gaussianCodensity({ n: 40, dim: 2, coords: Float64Array.from(pts.flat()) }, result.bandwidth!);
    expect(json.filtrationValues).toEqual(Array.from(f));
    expect(json.measures.map((m) => m.degree)).toEqual([0, 1]);
    const h1 = json.measures[1];
    expect(h1.points.length).toBe(h1.weights.length);
    expect(h1.points.length).toBeGreaterThan(0);
    // the circle's loop: some grid point has H1 = 1 (the dense part of the circle at a scale between spacing and diameter)
    expect(Math.max(...json.hilbert[1].values)).toBeGreaterThanOrEqual(1);
    // by default the vector holds the Hilbert measures' images (the truncated Euler measure would dominate it)
    expect(json.vector.shape).toEqual([2, 50, 50]);
    expect(json.vector.measures).toEqual(['H0', 'H1']);
    expect(json.vector.values).toHaveLength(2 * 50 * 50);
    expect(json.euler.maxDim).toBe(2);
    expect(json.lineSlices).toHaveLength(5);
    expect(result.thresholdRule).toMatch(/enclosing radius/);
    expect(result.bandwidthRule).toMatch(/Scott/);
    // the Euler measure sums to V - E + T of the whole truncated complex (all edges up to the threshold)
    const total = result.euler!.measure.weights.reduce((a, b) => a + b, 0);
    const d = (i: number, j: number): number => Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
    let edges = 0;
    let triangles = 0;
    for (let i = 0; i < 40; i++) {
      for (let j = i + 1; j < 40; j++) {
        if (d(i, j) > result.threshold) continue;
        edges++;
        for (let k = j + 1; k < 40; k++) if (d(i, k) <= result.threshold && d(j, k) <= result.threshold) triangles++;
      }
    }
    expect(total).toBe(40 - edges + triangles);
  });

  it('--vector-measures all / euler choose the images in the vector', async () => {
    const pts = circle(20, 8);
    const all = (await runOn(pts, { grid: 8, lineSlices: 0, vectorMeasures: 'all', imageResolution: 10 })).result;
    expect(all.vector.measures).toEqual(['H0', 'H1', 'euler']);
    expect(all.vector.values).toHaveLength(3 * 100);
    const eu = (await runOn(pts, { grid: 8, lineSlices: 0, invariant: 'euler', imageResolution: 10 })).result;
    expect(eu.vector.measures).toEqual(['euler']);
    // the Euler image is the same whichever other measures were computed
    expect(Array.from(eu.vector.values)).toEqual(Array.from(all.vector.values.slice(200)));
    await expectError(
      pts,
      { invariant: 'euler', vectorMeasures: 'hilbert' },
      'bad-input',
      /selects no computed measure/,
    );
  });

  it('is invariant under permutation of the points (same measures, f permuted)', async () => {
    const pts = circle(30, 2);
    const u = seededUniform(9);
    const perm = pts.map((_, i) => i).sort(() => u() - 0.5);
    const a = (await runOn(pts, { grid: 12, lineSlices: 0 })).result;
    const b = (
      await runOn(
        perm.map((i) => pts[i]),
        { grid: 12, lineSlices: 0 },
      )
    ).result;
    for (let k = 0; k < 2; k++) {
      expect(Array.from(b.hilbert[k].values)).toEqual(Array.from(a.hilbert[k].values));
      expect(Array.from(b.hilbert[k].measure.weights)).toEqual(Array.from(a.hilbert[k].measure.weights));
    }
    expect(Array.from(b.euler!.density)).toEqual(Array.from(a.euler!.density));
    perm.forEach((i, k) => expect(b.filtrationValues[k]).toBeCloseTo(a.filtrationValues[i], 12));
  });

  it('--compare: symmetric distance matrix, zero diagonal, zero for a permuted copy, positive for a different shape', async () => {
    const pts = circle(30, 3);
    const copy = [...pts].reverse();
    const blob = Array.from({ length: 30 }, (_, i) => [0.1 * Math.cos(i), 0.1 * Math.sin(3 * i)]);
    const { result } = await runOn(
      pts,
      { grid: 12, compare: ['copy.csv', 'blob.csv'], lineSlices: 0 },
      { 'copy.csv': tableInput('copy.csv', copy), 'blob.csv': tableInput('blob.csv', blob) },
    );
    const c = result.comparison!;
    expect(c.files).toEqual(['main.csv', 'copy.csv', 'blob.csv']);
    const t = c.total;
    for (let a = 0; a < 3; a++) {
      expect(t[a * 3 + a]).toBe(0);
      for (let b = 0; b < 3; b++) expect(t[a * 3 + b]).toBeCloseTo(t[b * 3 + a], 12);
    }
    expect(t[1]).toBeCloseTo(0, 12);
    expect(t[2]).toBeGreaterThan(0);
    expect(c.kernel[0]).toBe(1);
    expect(c.matrices.map((m) => m.measure)).toEqual(['H0', 'H1', 'euler']);
  });

  it('--perturb reports a finite ratio, and a smaller move gives a smaller vector change', async () => {
    const pts = circle(40, 4);
    const big = (await runOn(pts, { grid: 16, perturb: 0.05, lineSlices: 0 })).result.stability!;
    const small = (await runOn(pts, { grid: 16, perturb: 0.001, lineSlices: 0 })).result.stability!;
    expect(Number.isFinite(big.vectorRatio)).toBe(true);
    expect(small.vectorDistance).toBeLessThan(big.vectorDistance);
    expect(big.measures.map((m) => m.measure)).toEqual(['H0', 'H1', 'euler']);
  });

  it('function-Rips with a column and with a per-point file', async () => {
    const pts = circle(20, 5).map((p, i) => [...p, i % 4]);
    const input = tableInput('main.csv', pts, ['x', 'y', 'h']);
    const fFile = tableInput(
      'f.csv',
      pts.map((p) => [p[2]]),
      ['f'],
    );
    const ctx = testContext({ 'main.csv': input, 'f.csv': fFile }, entry);
    const a = (await entry.run(
      input,
      resolveParams(entry.params, { function: 'column:h', grid: 6, lineSlices: 1 }),
      ctx,
    )) as SignedBarcodeResult;
    const b = (await entry.run(
      tableInput(
        'xy.csv',
        pts.map((p) => [p[0], p[1]]),
        ['x', 'y'],
      ),
      resolveParams(entry.params, { function: 'file:f.csv', grid: 6, lineSlices: 1 }),
      ctx,
    )) as SignedBarcodeResult;
    expect(a.coordinates).toEqual(['x', 'y']);
    expect(Array.from(a.filtrationValues)).toEqual(pts.map((p) => p[2]));
    expect(Array.from(a.grid.t)).toEqual(
      [0, 0.6, 1.2, 1.8, 2.4, 3].map((x, k) => (k === 5 ? 3 : x)).map((x) => expect.closeTo(x, 12)),
    );
    expect(Array.from(b.hilbert[1].values)).toEqual(Array.from(a.hilbert[1].values));
  });

  it('quantile grid: t values are f values, each t cell holds about the same number of points', async () => {
    const pts = circle(60, 6, 0.3);
    const { result } = await runOn(pts, { grid: 7, gridStrategy: 'quantile', lineSlices: 0 });
    const f = Array.from(result.filtrationValues);
    for (const t of result.grid.t) expect(f).toContain(t);
    const counts = Array.from(result.grid.t, (t) => f.filter((x) => x <= t).length);
    for (let k = 1; k < counts.length; k++) expect(counts[k] - counts[k - 1]).toBeLessThanOrEqual(11);
    expect(result.grid.r[0]).toBe(0);
  });

  it('bad input: clear errors', async () => {
    await expectError([[0, 0]], {}, 'bad-input', /at least 2 points/);
    await expectError(
      [
        [0, 0],
        [NaN, 1],
        [2, 2],
      ],
      {},
      'bad-input',
      /NaN/,
    );
    await expectError(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { grid: 1 },
      'usage',
      /--grid must be >= 2/,
    );
    await expectError(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { bandwidth: 0 },
      'bad-input',
      /--bandwidth must be > 0/,
    );
    await expectError(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { bandwidth: -1 },
      'usage',
      /--bandwidth must be >= 0/,
    );
    await expectError(
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      {},
      'bad-input',
      /all points coincide/,
    );
    await expectError(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { function: 'column:nope' },
      'bad-input',
      /no column "nope"/,
    );
    await expectError(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { line: [0, 0, -1, 1] },
      'bad-input',
      /positive slope/,
    );
    await expectError(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { function: 'file:f.csv', compare: ['b.csv'] },
      'usage',
      /--compare with --function file:PATH is ambiguous/,
    );
    await expectError(
      circle(200, 1),
      {},
      'too-large',
      /200 points give up to 1.99e\+4 edges and 1.31e\+6 triangles.*1.1 MB, over the budget of 1.0 MB. Subsample/,
      1024 * 1024,
    );
  });
});

describe('signed-barcode on long tables', () => {
  it('leaves the time column out and subsamples to --max-points by farthest-point sampling, codensity from all rows', async () => {
    const rows = 300;
    const pts = Array.from({ length: rows }, (_, i) => [i * 0.01, Math.cos(i * 0.05), Math.sin(i * 0.05)]);
    const input = tableInput('traj.csv', pts, ['t', 'x', 'y']);
    const ctx = testContext({ 'traj.csv': input }, entry);
    const r = (await entry.run(
      input,
      resolveParams(entry.params, { maxPoints: 50, grid: 10, lineSlices: 1 }),
      ctx,
    )) as SignedBarcodeResult;
    expect(r.coordinates).toEqual(['x', 'y']);
    expect(r.points).toBe(50);
    expect(r.totalPoints).toBe(rows);
    expect(r.sample!.length).toBe(50);
    expect(r.sample![0]).toBe(0);
    expect(new Set(r.sample).size).toBe(50);
    expect(r.notes.join(' ')).toMatch(/time column t left out/);
    expect(r.notes.join(' ')).toMatch(/50 of 300 points chosen by farthest-point/);
    // f at each sampled row = minus the KDE over all 300 rows
    const all = { n: rows, dim: 2, coords: Float64Array.from(pts.flatMap((p) => [p[1], p[2]])) };
    const fAll = gaussianCodensity(all, r.bandwidth!);
    r.sample!.forEach((row, k) => expect(r.filtrationValues[k]).toBeCloseTo(fAll[row], 12));
    // the covering radius of maxmin sampling is small: every row is near a sampled row
    let cover = 0;
    for (let i = 0; i < rows; i++) {
      let best = Infinity;
      for (const s of r.sample!) best = Math.min(best, Math.hypot(pts[i][1] - pts[s][1], pts[i][2] - pts[s][2]));
      cover = Math.max(cover, best);
    }
    expect(cover).toBeLessThan(0.1);
    // the stability check perturbs all rows and still works on the sample
    const st = (await entry.run(
      input,
      resolveParams(entry.params, { maxPoints: 50, grid: 10, lineSlices: 0, perturb: 0.01 }),
      ctx,
    )) as SignedBarcodeResult;
    expect(Number.isFinite(st.stability!.vectorRatio)).toBe(true);
  });
});

describe('cancellation', () => {
  it('stops with CancelledError soon after the signal flips', async () => {
    const pts = circle(300, 11, 0.3);
    const input = tableInput('main.csv', pts);
    const ctx = testContext({ 'main.csv': input }, entry);
    const signal = localCancelSignal();
    ctx.signal = signal;
    let calls = 0;
    ctx.progress = () => {
      calls++;
      if (calls === 3) signal.cancel(); // inside the Hilbert slices
    };
    await expect(entry.run(input, resolveParams(entry.params, {}), ctx)).rejects.toBeInstanceOf(CancelledError);
  });
});
