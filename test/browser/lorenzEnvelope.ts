/**
 * A large, real summary envelope for the render-time test: the Lorenz system (sigma 10, rho 28, beta 8/3; Lorenz
 * 1963) integrated with classical RK4 and run through the actual summary analysis twice: with the default maxPoints
 * (4000) for the statistics, series, ACF and PSD, and with maxPoints = n for the delay embedding, so that the 3-D
 * scatter carries n points while the time series stays decimated as in normal use. (Undecimated 3 x 100k-point
 * WebGL lines take ~14 s in software WebGL and would swamp the measurement.) Converted to plain JSON as the host
 * would send it.
 */
import { runSummary } from '../../src/analysis/data/summary';
import { localCancelSignal } from '../../src/analysis/core/context';
import { toPlainJson } from '../../src/analysis/core/json';
import type { AnalysisContext } from '../../src/analysis/core/context';

function lorenz(n: number, dt: number): Float64Array[] {
  const t = new Float64Array(n),
    x = new Float64Array(n),
    y = new Float64Array(n),
    z = new Float64Array(n);
  let a = 1,
    b = 1,
    c = 1;
  const f = (p: number, q: number, r: number): [number, number, number] => [
    10 * (q - p),
    p * (28 - r) - q,
    p * q - (8 / 3) * r,
  ];
  // Skip a transient of 1000 steps so the samples lie on the attractor.
  for (let i = -1000; i < n; i++) {
    if (i >= 0) {
      t[i] = i * dt;
      x[i] = a;
      y[i] = b;
      z[i] = c;
    }
    const k1 = f(a, b, c);
    const k2 = f(a + 0.5 * dt * k1[0], b + 0.5 * dt * k1[1], c + 0.5 * dt * k1[2]);
    const k3 = f(a + 0.5 * dt * k2[0], b + 0.5 * dt * k2[1], c + 0.5 * dt * k2[2]);
    const k4 = f(a + dt * k3[0], b + dt * k3[1], c + dt * k3[2]);
    a += (dt / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    b += (dt / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    c += (dt / 6) * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]);
  }
  return [t, x, y, z];
}

export interface LorenzOptions {
  /** maxPoints for the statistics/series/ACF/PSD run (default 4000, the analysis default). */
  seriesPoints?: number;
  /** Delay-embedding dimension, 2 or 3 (default 3). */
  embedDim?: number;
}

export async function lorenzEnvelope(n: number, opts: LorenzOptions = {}): Promise<unknown> {
  const started = Date.now();
  const data = lorenz(n, 0.01);
  const ctx: AnalysisContext = {
    progress() {},
    log() {},
    signal: localCancelSignal(),
    loadInput: () => Promise.reject(new Error('not used')),
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    parallelMap: () => Promise.reject(new Error('not used')),
  };
  const path = `lorenz-${n}.csv`;
  const dataset = {
    source: path,
    columns: ['t', 'x', 'y', 'z'],
    data,
    rows: n,
    notes: ['generated in memory by test/browser/lorenzEnvelope.ts'],
  };
  const params = { maxLag: 500, embedDim: opts.embedDim ?? 3, embedLag: 10, maxPoints: opts.seriesPoints ?? 4000 };
  const result = await runSummary({ kind: 'table', path, dataset }, params, ctx);
  const dense = await runSummary({ kind: 'table', path, dataset }, { ...params, maxPoints: n }, ctx);
  result.embedding = dense.embedding;
  return toPlainJson({
    analysisId: 'summary',
    title: `Lorenz, ${n} rows`,
    view: 'summary',
    provenance: {
      analysisId: 'summary',
      path,
      contentHash: 'in-memory',
      fileBytes: 0,
      params,
      runtimeVersion: 'test',
      wallTimeMs: Date.now() - started,
      startedAt: new Date(started).toISOString(),
      notes: dataset.notes,
    },
    result,
  });
}
