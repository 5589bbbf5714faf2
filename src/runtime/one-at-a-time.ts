/**
 * A worker's jobs one at a time, in the order they arrive. A worker that a pool sends jobs ahead of time
 * (PoolOptions.jobsAhead) needs it: a job that awaits (reading its file) would otherwise let the next one start
 * beside it, and the pool could no longer tell which of a dead worker's jobs had started.
 */
import { sharedCancelSignal } from '../analysis/core/context';
import type { WorkerApi } from './worker-api';

type Run = WorkerApi['run'];

export function oneJobAtATime(run: Run): Run {
  let turn: Promise<unknown> = Promise.resolve();
  // The next job waits for a macrotask after the previous one settled: comlink posts the previous result in promise
  // jobs of its own, which must run before the next job can crash the thread.
  const afterwards = () => new Promise<void>((resolve) => setImmediate(resolve));
  return (req, cancel, runId) => {
    const mine = turn.then(() =>
      // cancelled while it waited here (the pool has already answered for it): skip it
      sharedCancelSignal(cancel).cancelled
        ? { ok: false as const, error: { kind: 'cancelled' as const, message: 'cancelled' } }
        : run(req, cancel, runId),
    );
    turn = mine.then(afterwards, afterwards);
    return mine;
  };
}
