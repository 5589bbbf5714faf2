import { localCancelSignal, type AnalysisContext } from '../../../src/analysis/core/context';
import type { LoadOptions } from '../../../src/analysis/core/input';
import { readInput } from '../../../src/analysis/data/load';

/** A context for calling analyses directly in tests: chunks run in this thread, progress is recorded. */
export function testContext(
  tasks: Record<string, (chunk: unknown, ctx: AnalysisContext) => unknown> = {},
  parallelism = 1,
): AnalysisContext & { progressLog: number[]; cancel(): void } {
  const signal = localCancelSignal();
  const progressLog: number[] = [];
  const ctx: AnalysisContext & { progressLog: number[]; cancel(): void } = {
    progress(fraction: number) {
      progressLog.push(fraction);
    },
    log() {},
    signal,
    cancel: () => signal.cancel(),
    progressLog,
    loadInput: async (path: string, options?: LoadOptions) => (await readInput(path, options)).input,
    memoryBudgetBytes: 2 ** 31,
    parallelism,
    parallelMap: async <T, R>(task: string, chunks: T[]): Promise<R[]> => {
      const fn = tasks[task];
      if (!fn) throw new Error(`no task ${task}`);
      // Like the pool, chunks cross a thread boundary: hand each task a structured clone, never shared arrays.
      return chunks.map((c) => fn(structuredClone(c), ctx) as R);
    },
  };
  return ctx;
}
