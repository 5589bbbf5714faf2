/**
 * Worker pool over worker_threads with comlink. Workers are created lazily (first job), at most `size` at once,
 * terminated on dispose. A job that ignores cancellation for `cancelGraceMs` gets its worker terminated and
 * replaced; a worker that crashes or runs out of memory fails its own job only (V8 resource limits end the worker,
 * not the process). A worker keeps the process alive while it has work (ref) and not while idle (unref), so a
 * CLI run cannot end before its job's outcome arrives and an idle pool never holds the process open.
 */
import { MessageChannel, type MessagePort, Worker, type WorkerOptions } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import type { ErrorInfo, JobOutcome, JobRequest } from '../protocol';
import type { HostCallbacks, WorkerApi } from './worker-api';

export interface PoolOptions {
  /** Absolute path of dist/worker.js. */
  workerScript: string;
  size: number;
  /** Memory budget per worker: sets V8's resource limits and the budget analyses estimate against. */
  maxMemoryMB: number;
  /** Work budget per job (estimated elementary operations) that analyses refuse to exceed; see core/budget.ts. */
  maxWork?: number;
  cancelGraceMs?: number;
  /**
   * Cap of V8's young generation per worker, MB (default from the budget, at most 64). A batch of many small items
   * sets a small one: V8 grows the young generation with the allocation rate, so a long run of small items would
   * otherwise end with a bigger heap than a short one, and peak memory would grow with the collection.
   */
  maxYoungGenerationMB?: number;
  /**
   * Jobs sent to a busy worker ahead of time, beside the one it runs (default 0). The worker finds its next job
   * waiting when it posts a result, instead of idling for a round trip through the host thread (which, with as
   * many workers as cores, first has to be scheduled). For many short jobs (a batch); the worker must run its jobs
   * one at a time in arrival order (runtime/one-at-a-time.ts). If the worker dies, the jobs it had not started go
   * back to the queue.
   */
  jobsAhead?: number;
}

export interface JobCallbacks {
  onProgress?(fraction: number, message?: string): void;
  onPartial?(value: unknown): void;
}

export interface JobHandle {
  jobId: string;
  outcome: Promise<JobOutcome>;
  cancel(): void;
}

type JobSpec = Omit<JobRequest, 'memoryBudgetBytes' | 'workBudget' | 'parallelism'> & {
  /** Tighter limits for this job than the pool's (automatic code-lens runs); the smaller of the two applies. */
  limits?: { maxMemoryMB?: number; maxWork?: number };
};

interface Slot {
  id: number;
  worker: Worker;
  api: Comlink.Remote<WorkerApi>;
  /** The host's end of the worker's callback channel (worker-api.ts HostCallbacks). */
  hostPort: MessagePort;
  /** The main jobs sent here: the first is running, the others wait in the worker (PoolOptions.jobsAhead). */
  jobs: Pending[];
  /** Running a sub-task chunk for another job. */
  taskBusy: boolean;
  dead: boolean;
  /** Rejects when the worker dies: calls awaiting a dead worker would otherwise never settle. */
  death: Promise<never>;
}

interface Pending {
  /** Names this run of the job in the worker's host callbacks (set when it is sent to a worker). */
  run: number;
  spec: JobSpec;
  callbacks: JobCallbacks;
  cancelBuffer: SharedArrayBuffer;
  settle(o: JobOutcome): void;
  settled: boolean;
  cancelled: boolean;
  slot?: Slot;
}

let nextSlotId = 1;
let nextRun = 1;

const cancelled = (): JobOutcome => ({ ok: false, error: { kind: 'cancelled', message: 'cancelled' } });

/**
 * V8 limits of a worker from the memory budget: the old generation gets the budget (typed arrays live outside it
 * and are bounded by the analyses' own estimates), the young generation a small fixed share, and the stack a
 * fixed size so deep recursion ends with a RangeError inside the worker.
 */
export function workerResourceLimits(
  maxMemoryMB: number,
  maxYoungMB = 64,
): NonNullable<WorkerOptions['resourceLimits']> {
  return {
    maxOldGenerationSizeMb: Math.max(64, Math.floor(maxMemoryMB)),
    maxYoungGenerationSizeMb: Math.min(maxYoungMB, Math.max(8, Math.floor(maxMemoryMB / 16))),
    stackSizeMb: 8,
  };
}

export class WorkerPool {
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private disposed = false;
  private readonly grace: number;

  constructor(private readonly opts: PoolOptions) {
    this.grace = opts.cancelGraceMs ?? 500;
  }

  get size(): number {
    return Math.max(1, Math.floor(this.opts.size));
  }

  /** Live worker count (for tests and the dashboard). */
  get workerCount(): number {
    return this.slots.length;
  }

  run(spec: JobSpec, callbacks: JobCallbacks = {}): JobHandle {
    let settle!: (o: JobOutcome) => void;
    const outcome = new Promise<JobOutcome>((res) => (settle = res));
    const p: Pending = {
      run: 0,
      spec,
      callbacks,
      cancelBuffer: new SharedArrayBuffer(4),
      settled: false,
      cancelled: false,
      settle: (o) => {
        if (p.settled) return;
        p.settled = true;
        settle(o);
      },
    };
    if (this.disposed)
      p.settle({ ok: false, error: { kind: 'internal', message: 'DynLens worker pool is shut down' } });
    else {
      this.queue.push(p);
      this.pump();
    }
    return { jobId: spec.jobId, outcome, cancel: () => this.cancel(p) };
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.queue)
      p.settle({ ok: false, error: { kind: 'cancelled', message: 'cancelled: DynLens is shutting down' } });
    this.queue = [];
    for (const s of this.slots) this.kill(s, { kind: 'cancelled', message: 'cancelled: DynLens is shutting down' });
    this.slots = [];
  }

  private cancel(p: Pending): void {
    if (p.settled) return;
    p.cancelled = true;
    Atomics.store(new Int32Array(p.cancelBuffer), 0, 1);
    const qi = this.queue.indexOf(p);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      p.settle(cancelled());
      return;
    }
    if (p.slot && p.slot.jobs[0] !== p) {
      // sent ahead and not started: the worker skips it (the flag is set) when it gets there
      p.settle(cancelled());
      return;
    }
    // Cooperative first; a job that does not poll the flag in time loses its worker.
    setTimeout(() => {
      if (!p.settled && p.slot) {
        this.kill(p.slot, {
          kind: 'cancelled',
          message: `cancelled (the worker did not stop within ${this.grace} ms and was restarted)`,
        });
        this.pump();
      }
    }, this.grace).unref?.();
  }

  private memoryBudgetBytes(): number {
    // Typed arrays live outside the V8 heap, so the old-generation limit alone does not bound them; analyses use
    // this budget to refuse inputs that would not fit.
    return this.opts.maxMemoryMB * 1024 * 1024;
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.workerScript, {
      resourceLimits: workerResourceLimits(this.opts.maxMemoryMB, this.opts.maxYoungGenerationMB),
    });
    const api = Comlink.wrap<WorkerApi>(nodeEndpoint(worker as unknown as Parameters<typeof nodeEndpoint>[0]));
    let die!: (reason: ErrorInfo) => void;
    const death = new Promise<never>(
      (_, reject) => (die = (r) => reject(Object.assign(new Error(r.message), { info: r }))),
    );
    death.catch(() => undefined);
    const { port1: hostPort, port2 } = new MessageChannel();
    const slot: Slot = { id: nextSlotId++, worker, api, hostPort, jobs: [], taskBusy: false, dead: false, death };
    Comlink.expose(this.hostCallbacks(slot), nodeEndpoint(hostPort as unknown as Parameters<typeof nodeEndpoint>[0]));
    hostPort.unref(); // the worker keeps the process alive while it has work, not this channel
    api.connect(Comlink.transfer(port2, [port2 as unknown as Transferable])).catch(() => undefined);
    const onDeath = (reason: ErrorInfo) => {
      die(reason);
      if (slot.dead) return;
      this.retire(slot);
      // Results the worker posted before it died arrive with this event, but their handlers run as promise jobs:
      // let them settle first, so that only the job the worker was running fails.
      setImmediate(() => {
        this.failRunning(slot, reason);
        this.pump();
      });
    };
    worker.on('error', (err: Error & { code?: string }) => {
      onDeath(this.describeCrash(err));
    });
    worker.on('exit', (code) => {
      onDeath({ kind: 'internal', message: `the analysis worker exited unexpectedly (code ${code})` });
    });
    // Idle workers must not hold the process open; busy() refs the worker while it has work.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private describeCrash(err: Error & { code?: string }): ErrorInfo {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap limit/i.test(err.message)) {
      // An internal failure (exit 1): the analysis's own estimate should have refused this input with exit 2.
      return {
        kind: 'internal',
        message: `worker ran out of memory (limit ${this.opts.maxMemoryMB} MB): raise --max-memory-mb (setting dynlens.worker.maxMemoryMB) or reduce the input or the parameters that size the work`,
      };
    }
    return { kind: 'internal', message: `the analysis worker crashed: ${err.message}` };
  }

  /** Refs a worker while it runs a job or a sub-task, unrefs it when idle. */
  private updateRef(slot: Slot): void {
    if (slot.dead) return;
    if (slot.jobs.length > 0 || slot.taskBusy) slot.worker.ref();
    else slot.worker.unref();
  }

  /**
   * A dead or killed worker: its running job fails with `reason`; the jobs waiting behind it never started and go
   * back to the front of the queue (on shutdown, pump() settles them as cancelled).
   */
  private failRunning(slot: Slot, reason: ErrorInfo): void {
    const [running, ...waiting] = slot.jobs;
    slot.jobs = [];
    running?.settle({ ok: false, error: reason });
    const requeue = waiting.filter((p) => !p.settled);
    for (const p of requeue) p.slot = undefined;
    if (this.disposed)
      for (const p of requeue)
        p.settle({ ok: false, error: { kind: 'cancelled', message: 'cancelled: DynLens is shutting down' } });
    else this.queue.unshift(...requeue);
  }

  /** Takes a dead or killed worker out of the pool and closes its callback channel. */
  private retire(slot: Slot): void {
    slot.dead = true;
    this.slots = this.slots.filter((s) => s !== slot);
    slot.hostPort.close();
  }

  private kill(slot: Slot, reason: ErrorInfo): void {
    this.failRunning(slot, reason);
    this.retire(slot);
    slot.api[Comlink.releaseProxy]();
    void slot.worker.terminate();
  }

  private idleSlot(): Slot | undefined {
    return this.slots.find((s) => s.jobs.length === 0 && !s.taskBusy && !s.dead);
  }

  /** A live worker that can take one more job ahead of its running one (the least loaded). */
  private slotWithRoom(): Slot | undefined {
    const most = 1 + Math.max(0, Math.floor(this.opts.jobsAhead ?? 0));
    let best: Slot | undefined;
    for (const s of this.slots)
      if (!s.dead && !s.taskBusy && s.jobs.length < most && (!best || s.jobs.length < best.jobs.length)) best = s;
    return best;
  }

  private pump(): void {
    while (!this.disposed && this.queue.length > 0) {
      let slot = this.idleSlot();
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      slot ??= this.slotWithRoom();
      if (!slot) return;
      const p = this.queue.shift()!;
      this.start(p, slot);
    }
  }

  /** Answers the callbacks of the jobs a worker runs; a call from a run that has ended finds no job and is dropped. */
  private hostCallbacks(slot: Slot): HostCallbacks {
    const job = (run: number): Pending | undefined => slot.jobs.find((q) => q.run === run && !q.settled);
    return {
      progress: (run, f, m) => job(run)?.callbacks.onProgress?.(f, m),
      partial: (run, v) => job(run)?.callbacks.onPartial?.(v),
      parallelMap: (run, analysisId, task, chunks) => {
        const p = job(run);
        return p
          ? this.parallelMap(slot, p, analysisId, task, chunks)
          : Promise.reject(new Error('the job of these sub-tasks has ended'));
      },
    };
  }

  private start(p: Pending, slot: Slot): void {
    slot.jobs.push(p);
    p.slot = slot;
    this.updateRef(slot);
    const { limits, ...spec } = p.spec;
    const memoryMB = Math.min(this.opts.maxMemoryMB, limits?.maxMemoryMB ?? Infinity);
    const work = Math.min(this.opts.maxWork ?? Infinity, limits?.maxWork ?? Infinity);
    const req: JobRequest = {
      ...spec,
      memoryBudgetBytes: memoryMB * 1024 * 1024,
      workBudget: Number.isFinite(work) ? work : undefined,
      // A batch item runs whole in its worker: the other workers are busy with other items, so a split item would
      // run its chunks one after another in its own worker, each redoing what the chunks share.
      parallelism: spec.batch ? 1 : this.size,
    };
    p.run = nextRun++;
    // The worker gets its next job before this one's outcome is handed on: whatever the caller does with it
    // (a batch writes its journal, sometimes collects its heap) then runs while the worker computes.
    const release = () => {
      slot.jobs = slot.jobs.filter((q) => q !== p);
      this.updateRef(slot);
      this.pump();
    };
    const failed = (e: unknown): JobOutcome => ({
      ok: false,
      error: { kind: 'internal', message: `worker call failed: ${e instanceof Error ? e.message : String(e)}` },
    });
    void slot.api
      .run(req, p.cancelBuffer, p.run)
      .then((o): JobOutcome => (p.cancelled && o.ok ? cancelled() : o), failed)
      .then((o) => {
        if (p.slot !== slot) return; // given back to the queue when this worker died
        try {
          release();
        } finally {
          p.settle(o);
        }
      });
  }

  /**
   * Runs sub-task chunks of an analysis (its `tasks`) on idle or new workers, outside any job (the batch's distance
   * matrix). Results come back in chunk order; a failed chunk or a dead worker rejects.
   */
  async runTasks(analysisId: string, task: string, chunks: unknown[]): Promise<unknown[]> {
    const results = new Array<unknown>(chunks.length);
    const cancel = new SharedArrayBuffer(4);
    const helpers: Slot[] = [];
    while (helpers.length < Math.min(this.size, chunks.length)) {
      let s = this.idleSlot();
      if (!s && this.slots.length < this.size) s = this.spawn();
      if (!s) break;
      s.taskBusy = true;
      this.updateRef(s);
      helpers.push(s);
    }
    if (helpers.length === 0 && chunks.length > 0) throw new Error('no idle worker for the sub-tasks');
    let next = 0;
    const drain = async (s: Slot): Promise<void> => {
      while (next < chunks.length) {
        const i = next++;
        const r = await Promise.race([
          s.api.runTask(analysisId, task, chunks[i], cancel, this.memoryBudgetBytes()),
          s.death,
        ]);
        if (!r.ok) throw Object.assign(new Error(r.error.message), { info: r.error });
        results[i] = r.value;
      }
    };
    try {
      await Promise.all(helpers.map(drain));
    } finally {
      for (const s of helpers) {
        s.taskBusy = false;
        this.updateRef(s);
      }
      this.pump();
    }
    return results;
  }

  /**
   * Spreads sub-task chunks over the calling worker (idle while it awaits this call) and any idle or new workers.
   * Results come back in chunk order.
   */
  private async parallelMap(
    caller: Slot,
    p: Pending,
    analysisId: string,
    task: string,
    chunks: unknown[],
  ): Promise<unknown[]> {
    const results = new Array<unknown>(chunks.length);
    let next = 0;
    const helpers: Slot[] = [caller];
    while (helpers.length < Math.min(this.size, chunks.length)) {
      let s = this.idleSlot();
      if (!s && this.slots.length < this.size) s = this.spawn();
      if (!s) break;
      s.taskBusy = true;
      this.updateRef(s);
      helpers.push(s);
    }
    const drain = async (s: Slot): Promise<void> => {
      while (next < chunks.length) {
        if (p.settled || s.dead) throw new Error(s.dead ? 'a worker running part of this job died' : 'job finished');
        const i = next++;
        const r = await Promise.race([
          s.api.runTask(analysisId, task, chunks[i], p.cancelBuffer, this.memoryBudgetBytes()),
          s.death,
        ]);
        if (!r.ok) throw Object.assign(new Error(r.error.message), { info: r.error });
        results[i] = r.value;
      }
    };
    try {
      await Promise.all(helpers.map(drain));
    } finally {
      for (const s of helpers)
        if (s !== caller) {
          s.taskBusy = false;
          this.updateRef(s);
        }
      this.pump();
    }
    return results;
  }
}
