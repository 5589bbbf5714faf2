/**
 * The analysis context of unit tests: no worker pool (sub-tasks run in this thread, like the CLI without workers),
 * a local cancellation flag, and everything the analysis reports (log lines, progress, partial results, chunks run)
 * recorded for the test to check.
 */
import { localCancelSignal, type AnalysisContext } from '../../src/analysis/core/context';
import type { AnalysisInput, LoadOptions } from '../../src/analysis/core/input';

type Task = (chunk: never, ctx: AnalysisContext) => unknown;

export interface TestContextOptions {
  /** What ctx.parallelMap runs: usually a registry entry's `tasks`. */
  tasks?: Record<string, Task>;
  /** Hand each task a structured clone of its chunk, as the pool does across threads (never shared arrays). */
  cloneChunks?: boolean;
  /** Answers ctx.loadInput; without it a secondary input is an error. */
  loadInput?: (path: string, options?: LoadOptions) => Promise<AnalysisInput>;
  /** Secondary inputs by path (ctx.loadInput answers from these when no loadInput is given). */
  files?: Record<string, AnalysisInput>;
  /** Called with each partial result after it is recorded. */
  onPartial?: (value: unknown, ctx: TestContext) => void;
  /** Where log lines go (a fresh array by default; also ctx.logs). */
  logs?: string[];
  memoryBudgetBytes?: number;
  parallelism?: number;
}

export interface TestContext extends AnalysisContext {
  logs: string[];
  /** Every fraction passed to ctx.progress. */
  progressLog: number[];
  partials: unknown[];
  /** Chunks run by ctx.parallelMap. */
  chunksRun: number;
  /** Sets the cancellation flag the analysis polls. */
  cancel(): void;
}

export function testContext(options: TestContextOptions = {}): TestContext {
  const signal = localCancelSignal();
  const { tasks = {}, files } = options;
  const ctx: TestContext = {
    logs: options.logs ?? [],
    progressLog: [],
    partials: [],
    chunksRun: 0,
    cancel: () => signal.cancel(),
    progress(fraction: number) {
      ctx.progressLog.push(fraction);
    },
    log(message: string) {
      ctx.logs.push(message);
    },
    partial(value: unknown) {
      ctx.partials.push(value);
      options.onPartial?.(value, ctx);
    },
    signal,
    loadInput: async (path: string, loadOptions?: LoadOptions) => {
      if (options.loadInput) return options.loadInput(path, loadOptions);
      const f = files?.[path];
      if (!f) throw new Error(`test context: no input ${path}`);
      return f;
    },
    memoryBudgetBytes: options.memoryBudgetBytes ?? 2 ** 31,
    parallelism: options.parallelism ?? 1,
    parallelMap: async <T, R>(task: string, chunks: T[]): Promise<R[]> => {
      const fn = tasks[task];
      if (!fn) throw new Error(`test context: no task ${task}`);
      ctx.chunksRun += chunks.length;
      return chunks.map((c) => fn((options.cloneChunks ? structuredClone(c) : c) as never, ctx) as R);
    },
  };
  return ctx;
}
