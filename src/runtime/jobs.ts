/**
 * The host's list of jobs (running and recent) for the dashboard, and the one place that starts pool jobs and
 * stores their results. No vscode import: the commands layer adds notifications and panels on top.
 */
import type { CollectionItemRef, ErrorInfo, InputSelection, JobInfo, JobOutcome, ResultEnvelope } from '../protocol';
import type { WorkerPool } from './pool';
import type { ResultStore } from './store';
import { toPlainJson } from './plain-json';

export interface StartOptions {
  analysisId: string;
  title: string;
  path: string;
  params: Record<string, unknown>;
  /** Dataset/slice of a container (HDF5, NetCDF, MATLAB). */
  input?: InputSelection;
  /** One item of a batch collection (a row of a table), read by the worker. */
  collectionItem?: CollectionItemRef;
  onProgress?(fraction: number, message?: string): void;
  onPartial?(value: unknown): void;
  /** Budget of a job nobody asked for (automatic lens runs): memory, work and wall time, tighter than the pool's. */
  limits?: { maxMemoryMB?: number; maxWork?: number; timeoutMs?: number };
}

export interface RunningJob {
  info: JobInfo;
  /** On success the envelope, its JSON-safe form (`plain`, converted once for the store and the panel) and its store key. */
  done: Promise<{ envelope?: ResultEnvelope; plain?: ResultEnvelope; key?: string; error?: ErrorInfo }>;
  cancel(): void;
}

let counter = 0;

export class JobTracker {
  private jobs: JobInfo[] = [];
  private cancels = new Map<string, () => void>();
  private listeners = new Set<() => void>();

  constructor(
    private readonly pool: () => WorkerPool,
    private readonly store: ResultStore,
    private readonly keepFinished = 20,
  ) {}

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  list(): JobInfo[] {
    return this.jobs.map((j) => ({ ...j }));
  }

  cancel(jobId: string): void {
    this.cancels.get(jobId)?.();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  start(o: StartOptions): RunningJob {
    const jobId = `job-${Date.now().toString(36)}-${(++counter).toString(36)}`;
    const info: JobInfo = {
      jobId,
      analysisId: o.analysisId,
      title: o.title,
      path: o.path,
      state: 'running',
      fraction: 0,
      startedAt: new Date().toISOString(),
    };
    this.jobs.unshift(info);
    let lastEmit = 0;
    const handle = this.pool().run(
      {
        jobId,
        analysisId: o.analysisId,
        path: o.path,
        params: o.params,
        input: o.input,
        collectionItem: o.collectionItem,
        limits: o.limits,
      },
      {
        onProgress: (f, m) => {
          info.fraction = f;
          info.message = m;
          o.onProgress?.(f, m);
          const now = Date.now();
          if (now - lastEmit > 100) {
            lastEmit = now;
            this.emit();
          }
        },
        onPartial: o.onPartial,
      },
    );
    const cancel = (): void => {
      info.cancelRequestedAt ??= new Date().toISOString();
      handle.cancel();
    };
    this.cancels.set(jobId, cancel);
    const timeout = o.limits?.timeoutMs
      ? setTimeout(() => {
          info.message = `stopped after ${Math.round(o.limits!.timeoutMs! / 1000)} s (automatic run budget)`;
          cancel();
        }, o.limits.timeoutMs)
      : undefined;
    timeout?.unref?.();
    this.emit();
    const done = handle.outcome.then(async (out: JobOutcome) => {
      if (timeout) clearTimeout(timeout);
      this.cancels.delete(jobId);
      info.finishedAt = new Date().toISOString();
      if (out.ok) {
        let key: string | undefined;
        const plain = toPlainJson(out.envelope) as ResultEnvelope;
        try {
          key = await this.store.put(out.envelope, plain);
          info.resultKey = key;
        } catch (e) {
          info.message = `result not stored: ${e instanceof Error ? e.message : String(e)}`;
        }
        // Done only once stored, so the dashboard's history and the job agree.
        info.state = 'done';
        info.fraction = 1;
        this.finish();
        return { envelope: out.envelope, plain, key };
      }
      info.state = out.error.kind === 'cancelled' ? 'cancelled' : 'failed';
      info.error = out.error;
      this.finish();
      return { error: out.error };
    });
    return { info, done, cancel };
  }

  private finish(): void {
    const running = this.jobs.filter((j) => j.state === 'running' || j.state === 'queued');
    const finished = this.jobs.filter((j) => j.state !== 'running' && j.state !== 'queued').slice(0, this.keepFinished);
    this.jobs = [...running, ...finished];
    this.emit();
  }
}
