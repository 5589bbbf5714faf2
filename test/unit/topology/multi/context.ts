import type { AnalysisContext } from '../../../../src/analysis/core/context';
import { localCancelSignal } from '../../../../src/analysis/core/context';
import type { AnalysisInput } from '../../../../src/analysis/core/input';
import type { RegisteredAnalysis } from '../../../../src/analysis/core/definition';

/** A context that runs everything in this thread; `files` answers ctx.loadInput. */
export function testContext(files: Record<string, AnalysisInput> = {}, entry?: RegisteredAnalysis): AnalysisContext {
  const ctx: AnalysisContext = {
    progress() {},
    log() {},
    signal: localCancelSignal(),
    async loadInput(path: string) {
      const f = files[path];
      if (!f) throw new Error(`test context: no file ${path}`);
      return f;
    },
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    async parallelMap<T, R>(task: string, chunks: T[]): Promise<R[]> {
      const fn = entry?.tasks?.[task];
      if (!fn) throw new Error(`test context: no task ${task}`);
      return chunks.map((c) => fn(c, ctx) as R);
    },
  };
  return ctx;
}

/** A table input from row-major points. */
export function tableInput(path: string, points: number[][], names?: string[]): AnalysisInput {
  const dim = points[0]?.length ?? 0;
  const columns = names ?? Array.from({ length: dim }, (_, k) => `x${k}`);
  const data = columns.map((_, k) => Float64Array.from(points, (p) => p[k]));
  return { kind: 'table', path, dataset: { source: path, columns, data, rows: points.length, notes: [] } };
}
