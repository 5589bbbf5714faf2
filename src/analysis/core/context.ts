import { CancelledError } from './errors';

/** Cancellation as a flag the analysis polls. Backed by a SharedArrayBuffer in workers so the host can set it. */
export interface CancelSignal {
  readonly cancelled: boolean;
  /** Throws CancelledError when cancelled. Cheap: call it in outer loops (every few ms of work). */
  throwIfCancelled(): void;
}

export interface AnalysisContext {
  /** fraction in [0,1]; throttled by the runtime, so analyses may call it freely. */
  progress(fraction: number, message?: string): void;
  signal: CancelSignal;
  log(message: string): void;
  /**
   * Partial results for live views (e.g. the current Pareto front of a symbolic search). Throttled like progress.
   * Must be plain, structured-cloneable data.
   */
  partial?(value: unknown): void;
  /** Loads a secondary file (e.g. `--compare b.csv`, `--inputs data.csv`) with the same loaders as the main input. */
  loadInput(path: string, options?: LoadOptions): Promise<AnalysisInput>;
  /** Memory budget for this job in bytes (from the `dynlens.worker.maxMemoryMB` setting); analyses that allocate
   * O(n^2) or more estimate first and refuse with tooLarge() past this. */
  memoryBudgetBytes: number;
  /** Work budget in elementary operations (`dynlens.worker.maxWork`); see core/budget.ts. Absent: the default. */
  workBudget?: number;
  /**
   * Refuses (tooLarge) when an estimate made after a cheap first stage (e.g. parsing a model) is over the budget.
   * Absent in contexts without a budget (tests that build their own context).
   */
  checkEstimate?(estimate: import('./budget').ResourceEstimate): void;
  /** Number of workers available for analyses that split work (e.g. pseudospectrum grid). Always >= 1. */
  parallelism: number;
  /**
   * Runs the registry entry's `tasks[task]` on each chunk, spread over the worker pool when there is one (in the CLI
   * and in tests the chunks run in this thread). Chunks and results must be structured-cloneable.
   */
  parallelMap<T, R>(task: string, chunks: T[]): Promise<R[]>;
}

/** A signal that flips when the Int32 at index 0 of the shared buffer becomes non-zero. */
export function sharedCancelSignal(buffer: SharedArrayBuffer): CancelSignal {
  const flag = new Int32Array(buffer);
  return {
    get cancelled() {
      return Atomics.load(flag, 0) !== 0;
    },
    throwIfCancelled() {
      if (Atomics.load(flag, 0) !== 0) throw new CancelledError();
    },
  };
}

/** For tests and the CLI without a worker. */
export function localCancelSignal(): CancelSignal & { cancel(): void } {
  let c = false;
  return {
    get cancelled() {
      return c;
    },
    throwIfCancelled() {
      if (c) throw new CancelledError();
    },
    cancel() {
      c = true;
    },
  };
}

import type { AnalysisInput, LoadOptions } from './input';
