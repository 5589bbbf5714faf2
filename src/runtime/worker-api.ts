/** The comlink interface between the pool (host side) and a worker. Types only. */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorInfo, JobOutcome, JobRequest } from '../protocol';

/**
 * The host's side of a worker's jobs. One channel per worker, opened once by `connect`: each call names its job by
 * the number the pool gave the run (a channel per job cost a MessageChannel, its listeners and its release message
 * per job, measurable in a batch of short items).
 */
export interface HostCallbacks {
  progress(run: number, fraction: number, message?: string): void;
  partial(run: number, value: unknown): void;
  parallelMap(run: number, analysisId: string, task: string, chunks: unknown[]): Promise<unknown[]>;
}

/** The callbacks of one job, as the worker's code calls them. */
export interface JobHost {
  progress(fraction: number, message?: string): void;
  partial(value: unknown): void;
  parallelMap(analysisId: string, task: string, chunks: unknown[]): Promise<unknown[]>;
}

export type TaskOutcome = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

export interface WorkerApi {
  /** Once, before the first job: the port on which the host answers HostCallbacks. */
  connect(port: MessagePort): void;
  run(req: JobRequest, cancel: SharedArrayBuffer, run: number): Promise<JobOutcome>;
  runTask(
    analysisId: string,
    task: string,
    chunk: unknown,
    cancel: SharedArrayBuffer,
    memoryBudgetBytes: number,
  ): Promise<TaskOutcome>;
  ping(): string;
}
