/** The comlink interface between the pool (host side) and a worker. Types only. */
import type { ErrorInfo, JobOutcome, JobRequest } from '../protocol';

export interface HostCallbacks {
  progress(fraction: number, message?: string): void;
  partial(value: unknown): void;
  parallelMap(analysisId: string, task: string, chunks: unknown[]): Promise<unknown[]>;
}

export type TaskOutcome = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

export interface WorkerApi {
  run(req: JobRequest, cancel: SharedArrayBuffer, host: HostCallbacks): Promise<JobOutcome>;
  runTask(
    analysisId: string,
    task: string,
    chunk: unknown,
    cancel: SharedArrayBuffer,
    memoryBudgetBytes: number,
  ): Promise<TaskOutcome>;
  ping(): string;
}
