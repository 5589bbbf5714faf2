/**
 * A worker for pool tests: implements the WorkerApi with controllable behaviours (by analysisId) so the pool's
 * cancellation, crash and out-of-memory handling can be tested without real analyses.
 */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import type { JobOutcome, JobRequest } from '../../../src/protocol';
import type { WorkerApi } from '../../../src/runtime/worker-api';
import { HostLink } from '../../../src/runtime/host-link';
import { oneJobAtATime } from '../../../src/runtime/one-at-a-time';

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* spin: ignores cancellation on purpose */
  }
}

const hostLink = new HostLink();

const api: WorkerApi = {
  connect(port) {
    hostLink.connect(port);
  },
  // as the real worker: one job at a time, so that a pool may send jobs ahead (PoolOptions.jobsAhead)
  run: oneJobAtATime(async (req: JobRequest, cancel: SharedArrayBuffer, run: number): Promise<JobOutcome> => {
    const host = hostLink.forRun(run);
    const flag = new Int32Array(cancel);
    const ok = (result: unknown): JobOutcome => ({
      ok: true,
      envelope: {
        analysisId: req.analysisId,
        title: req.analysisId,
        view: req.analysisId,
        result,
        provenance: {
          analysisId: req.analysisId,
          path: req.path,
          contentHash: '',
          fileBytes: 0,
          params: req.params,
          runtimeVersion: 'test',
          wallTimeMs: 0,
          startedAt: '',
          notes: [],
        },
      },
    });
    switch (req.analysisId) {
      case 'echo':
        // Progress travels on the host channel, apart from the result: wait until the host has it (a round trip
        // on the same channel) so that this test sees it before the result.
        host.progress(0.5, req.path);
        await host.parallelMap('map', 'square', []);
        return ok({ path: req.path, params: req.params, budget: req.memoryBudgetBytes });
      case 'parallelism':
        return ok(req.parallelism);
      case 'poll': {
        // Cooperative: polls the shared flag every ~10 ms.
        for (let i = 0; i < 1000; i++) {
          if (Atomics.load(flag, 0) !== 0) return { ok: false, error: { kind: 'cancelled', message: 'cancelled' } };
          busyWait(10);
        }
        return ok('finished');
      }
      case 'ignore':
        busyWait(30_000);
        return ok('finished');
      case 'throw':
        throw new Error('boom');
      case 'crash':
        setImmediate(() => {
          throw new Error('uncaught crash');
        });
        await new Promise((r) => setTimeout(r, 5000));
        return ok('unreachable');
      case 'oom': {
        const hold: number[][] = [];
        for (;;) hold.push(new Array(1e6).fill(Math.random()));
      }
      case 'map-oom': {
        // The chunk -1 makes its sub-task run out of memory (on whichever worker takes it).
        const r = await host.parallelMap('map', 'square', [1, -1, 2, 3]);
        return ok(r);
      }
      case 'map': {
        const chunks = [1, 2, 3, 4, 5];
        const r = await host.parallelMap('map', 'square', chunks);
        return ok(r);
      }
      case 'sleep': {
        // busy for `ms`, then reports when it started and ended (wall clock), so tests can see the order
        const started = Date.now();
        busyWait(Number(req.params.ms ?? 100));
        return ok({ started, ended: Date.now(), path: req.path });
      }
      default:
        return { ok: false, error: { kind: 'usage', message: `unknown test analysis ${req.analysisId}` } };
    }
  }),
  async runTask(_a: string, _t: string, chunk: unknown) {
    if (chunk === -1) {
      const hold: number[][] = [];
      for (;;) hold.push(new Array(1e6).fill(Math.random()));
    }
    return { ok: true as const, value: (chunk as number) * (chunk as number) };
  },
  ping() {
    return 'pong';
  },
};

Comlink.expose(api, nodeEndpoint(parentPort as unknown as Parameters<typeof nodeEndpoint>[0]));
