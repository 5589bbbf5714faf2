/**
 * The analysis worker (worker_threads). Exposes `run` and `runTask` over comlink. Files are loaded here, not on
 * the extension host. Cancellation: the host sets a shared Int32 flag that analyses poll.
 */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { sharedCancelSignal } from './analysis/core/context';
import { toErrorInfo } from './analysis/core/errors';
import type { JobOutcome, JobRequest } from './protocol';
import { executeJob, runTasksLocally, throttle } from './runtime/execute';
import type { WorkerApi } from './runtime/worker-api';
import { HostLink } from './runtime/host-link';
import { resultTransferables } from './runtime/transfer-policy';
import { batchItemOutcome } from './runtime/batch/item';
import { oneJobAtATime } from './runtime/one-at-a-time';
import { heapTrimmer, holdYoungGeneration, WORKER_HEAP_SLACK_BYTES } from './runtime/heap-trim';
import { dropScratch } from './analysis/core/scratch';

const PROGRESS_INTERVAL_MS = 100;
const trimHeap = heapTrimmer(WORKER_HEAP_SLACK_BYTES);
const hostLink = new HostLink();

const api: WorkerApi = {
  connect(port) {
    hostLink.connect(port);
  },

  // one job at a time, in arrival order (the pool may send the next job while this one runs)
  run: oneJobAtATime(async (req: JobRequest, cancel: SharedArrayBuffer, run: number): Promise<JobOutcome> => {
    const signal = sharedCancelSignal(cancel);
    const host = hostLink.forRun(run);
    // a batch item reports no progress: its host follows items, and each call would be a message across threads
    const progress = throttle(
      (f: number, m?: string) => (req.batch ? undefined : host.progress(f, m)),
      PROGRESS_INTERVAL_MS,
      (f) => f >= 1,
    );
    const partial = throttle(
      (v: unknown) => host.partial(v),
      250,
      () => false,
    );
    const job = await executeJob(req, {
      signal,
      progress,
      partial,
      parallelMap: <T, R>(analysisId: string, task: string, chunks: T[]) =>
        host.parallelMap(analysisId, task, chunks) as Promise<R[]>,
    });
    const outcome = req.batch
      ? batchItemOutcome(job, req.batch.keepResult, req.batch.namesSession, req.batch.diagrams)
      : job;
    if (req.batch) trimHeap();
    else dropScratch(); // the next batch item reuses the scratch; an idle worker should not hold it
    if (req.batch?.ownProcess) holdYoungGeneration();
    return Comlink.transfer(outcome, outcome.ok ? resultTransferables(outcome.envelope.result) : []);
  }),

  async runTask(
    analysisId: string,
    task: string,
    chunk: unknown,
    cancel: SharedArrayBuffer,
    memoryBudgetBytes: number,
  ) {
    const signal = sharedCancelSignal(cancel);
    try {
      const [r] = await runTasksLocally<unknown, unknown>(analysisId, task, [chunk], {
        progress: () => undefined,
        log: () => undefined,
        signal,
        memoryBudgetBytes,
        parallelism: 1,
        loadInput: () => Promise.reject(new Error('sub-tasks cannot load files')),
        parallelMap: () => Promise.reject(new Error('sub-tasks cannot spawn sub-tasks')),
      });
      return Comlink.transfer({ ok: true as const, value: r }, resultTransferables(r));
    } catch (e) {
      return { ok: false as const, error: toErrorInfo(e) };
    } finally {
      dropScratch();
    }
  },

  ping() {
    return 'pong';
  },
};

if (!parentPort) throw new Error('worker.ts must run inside a worker thread');
Comlink.expose(api, nodeEndpoint(parentPort));
