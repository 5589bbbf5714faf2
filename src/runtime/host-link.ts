/**
 * The worker's end of the host callbacks (worker-api.ts): one comlink channel per worker, received by `connect`,
 * and per job a JobHost that names the job's run number in each call.
 */
import type { MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import type { HostCallbacks, JobHost } from './worker-api';

export class HostLink {
  private host: Comlink.Remote<HostCallbacks> | undefined;

  connect(port: MessagePort): void {
    this.host = Comlink.wrap<HostCallbacks>(nodeEndpoint(port as unknown as Parameters<typeof nodeEndpoint>[0]));
  }

  /** The callbacks of run `run`. Progress and partial results are not awaited: they are notices, not calls. */
  forRun(run: number): JobHost {
    const host = this.host;
    if (!host) throw new Error('the worker was given a job before the host connected');
    return {
      progress: (f, m) => void host.progress(run, f, m),
      partial: (v) => void host.partial(run, v),
      parallelMap: (analysisId, task, chunks) => host.parallelMap(run, analysisId, task, chunks),
    };
  }
}
