/**
 * The batches and sweeps of a workspace, followed for the dashboard. Each is a record in workspace state (what was
 * run, where its output goes) plus what its output folder says now (folder.ts), so running, stopped and finished
 * batches are found again after a window reload. Local runs are detached CLI processes (spawn.ts); Slurm runs are
 * array jobs submitted by the same CLI with --slurm, followed through squeue/scontrol/sacct (slurm-tasks.ts) and
 * merged by the CLI (`--resume --slurm` with every shard complete merges, for batches and sweeps alike).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchAction, BatchInfo } from '../../protocol';
import { FolderWatcher, liveLockPid, workDirs, type FolderStatus } from './folder';
import { arrayTasks, countTasks, scancel, type TaskCounts } from './slurm-tasks';
import { interrupt, spawnCli, type Spawned } from './spawn';
import { FILES, shardSize, workDir } from '../../runtime/batch/layout';
import { JournalCounter } from './journal-count';

export interface BatchRecord {
  id: string;
  kind: 'batch' | 'sweep';
  title: string;
  out: string;
  /** The CLI's arguments without --out and --resume: `batch ANALYSIS COLLECTION... [flags]` or `sweep MODEL ...`. */
  args: string[];
  slurm: boolean;
  analysisId: string;
  startedAt: string;
  /** Why the last run could not start or ended with an error (its log's last lines). */
  error?: string;
}

/** Formats a user-visible message: vscode.l10n.t in the extension, plain `{0}` substitution elsewhere. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

const plain: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

export interface StateStore {
  get<T>(key: string, fallback: T): T;
  update(key: string, value: unknown): Thenable<void>;
}

interface Live {
  watcher: FolderWatcher;
  child?: Spawned;
  /** (time ms, items done) samples of the last seconds, for the rate. */
  samples: [number, number][];
  slurmTasks?: TaskCounts & { jobIds: string[] };
  slurmPolledAt?: number;
  merging?: boolean;
  info?: BatchInfo;
  /** Open the result when this run finishes (runs started in this window). */
  openWhenDone: boolean;
}

const KEY = 'dynlens.batches';
const POLL_MS = 1000;
const SLURM_POLL_MS = 5000;

export class BatchManager {
  private records: BatchRecord[];
  private live = new Map<string, Live>();
  private timer?: ReturnType<typeof setInterval>;
  private listeners = new Set<() => void>();

  constructor(
    private readonly state: StateStore,
    private readonly cliScript: string,
    private readonly onFinished: (r: BatchRecord) => void,
    private readonly log: (m: string) => void,
    private readonly t: Translate = plain,
  ) {
    this.records = state.get<BatchRecord[]>(KEY, []).filter((r) => r && typeof r.out === 'string');
    this.ensureTimer();
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  record(id: string): BatchRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  recordByOut(out: string): BatchRecord | undefined {
    return this.records.find((r) => r.out === out);
  }

  list(): BatchInfo[] {
    return this.records.map((r) => this.liveOf(r).info ?? this.describe(r));
  }

  /** Starts a new batch (or sweep) whose args, out folder and title are given. */
  async start(r: Omit<BatchRecord, 'id' | 'startedAt'>): Promise<BatchRecord> {
    const rec: BatchRecord = { ...r, id: `b${Date.now().toString(36)}`, startedAt: new Date().toISOString() };
    this.records = [rec, ...this.records.filter((x) => x.out !== rec.out)];
    this.live.delete(rec.id);
    await this.save();
    this.run(rec, false);
    return rec;
  }

  async act(id: string, action: BatchAction): Promise<void> {
    const r = this.record(id);
    if (!r) return;
    switch (action) {
      case 'cancel':
        await this.cancel(r);
        break;
      case 'resume':
        r.error = undefined;
        this.run(r, true);
        break;
      case 'forget':
        this.records = this.records.filter((x) => x.id !== id);
        this.live.delete(id);
        break;
      case 'open':
        this.onFinished(r);
        return;
    }
    await this.save();
    this.tick();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async save(): Promise<void> {
    await this.state.update(KEY, this.records);
  }

  private liveOf(r: BatchRecord): Live {
    let l = this.live.get(r.id);
    if (!l) this.live.set(r.id, (l = { watcher: new FolderWatcher(r.out), samples: [], openWhenDone: false }));
    return l;
  }

  private run(r: BatchRecord, resume: boolean): void {
    const l = this.liveOf(r);
    const args = [...r.args, '--out', r.out, ...(resume ? ['--resume'] : [])];
    const cwd = existsSync(r.out) ? r.out : join(r.out, '..');
    const child = spawnCli(this.cliScript, args, r.out, cwd);
    this.log(`batch: dynlens ${args.join(' ')} (pid ${child.pid ?? '?'}, log ${child.log})`);
    l.child = child;
    l.samples = [];
    l.openWhenDone = true;
    // a (re)submission makes new array tasks: what Slurm said of the earlier ones is stale until the next poll
    l.slurmTasks = undefined;
    l.slurmPolledAt = undefined;
    void child.exit.then(async (code) => {
      if (l.child !== child) return;
      l.child = undefined;
      l.merging = false;
      l.slurmTasks = undefined;
      l.slurmPolledAt = undefined;
      if (code !== 0 && code !== 3 && code !== 130) {
        r.error = lastLines(child.log) || `exit code ${code}`;
        await this.save();
      }
      this.tick();
    });
    this.ensureTimer();
    this.tick();
  }

  private async cancel(r: BatchRecord): Promise<void> {
    const l = this.liveOf(r);
    const st = l.watcher.status();
    const jobs = st.slurm?.jobs ?? [];
    if (r.slurm && jobs.length > 0) for (const j of jobs) await scancel(j.jobId);
    const pids = new Set<number>();
    if (l.child?.pid) pids.add(l.child.pid);
    for (const d of workDirs(r.out)) {
      const pid = liveLockPid(d);
      if (pid !== undefined && !r.slurm) pids.add(pid);
    }
    for (const pid of pids) interrupt(pid);
    l.openWhenDone = false;
  }

  private ensureTimer(): void {
    if (!this.timer) this.timer = setInterval(() => this.tick(), POLL_MS);
  }

  private tick(): void {
    let active = false;
    for (const r of this.records) {
      const l = this.liveOf(r);
      const before = l.info?.state;
      l.info = this.describe(r);
      const now = l.info.state;
      if (now === 'running' || now === 'queued' || now === 'merging') active = true;
      if (before && before !== 'done' && now === 'done' && l.openWhenDone) {
        l.openWhenDone = false;
        this.onFinished(r);
      }
    }
    for (const cb of this.listeners) cb();
    if (active) this.ensureTimer();
    else if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private describe(r: BatchRecord): BatchInfo {
    const l = this.liveOf(r);
    const st = l.watcher.status();
    const base: BatchInfo = {
      id: r.id,
      kind: r.kind,
      title: r.title,
      out: r.out,
      state: 'stopped',
      total: st.total,
      done: st.done,
      failed: st.failed,
      startedAt: r.startedAt,
    };
    // a Slurm batch's tasks lock their shards too (visible here when a task runs on this machine): follow the array
    if (l.child || (st.locked && !(r.slurm && st.slurm))) {
      Object.assign(base, { state: 'running' }, this.rate(l, st));
      if (r.slurm && !st.slurm) base.message = this.t('fitting and submitting the array job');
      return base;
    }
    if (r.slurm && st.slurm) return this.slurmState(r, l, st, base);
    if (st.finished?.complete) return { ...base, state: 'done' };
    if (r.error) return { ...base, state: 'failed', message: r.error };
    return { ...base, state: 'stopped', message: st.finished ? this.t('interrupted: resume continues') : undefined };
  }

  private rate(l: Live, st: FolderStatus): Pick<BatchInfo, 'itemsPerSecond' | 'etaSeconds'> {
    const now = Date.now();
    const last = l.samples[l.samples.length - 1];
    if (!last || last[0] < now - 500) l.samples.push([now, st.done]);
    while (l.samples.length > 2 && l.samples[0][0] < now - 15_000) l.samples.shift();
    const [t0, d0] = l.samples[0];
    const dt = (now - t0) / 1000;
    if (dt < 1.5 || st.done <= d0) return {};
    const itemsPerSecond = (st.done - d0) / dt;
    const etaSeconds = st.total !== undefined ? Math.max(0, st.total - st.done) / itemsPerSecond : undefined;
    return { itemsPerSecond, etaSeconds };
  }

  private slurmState(r: BatchRecord, l: Live, st: FolderStatus, base: BatchInfo): BatchInfo {
    const now = Date.now();
    if (!l.slurmPolledAt || now - l.slurmPolledAt > SLURM_POLL_MS) {
      l.slurmPolledAt = now;
      void this.pollSlurm(r, l, st);
    }
    const counts = l.slurmTasks;
    const info: BatchInfo = { ...base, ...this.rate(l, st) };
    if (counts) info.slurm = counts;
    if (!counts || counts.pending + counts.running > 0) return { ...info, state: 'queued' };
    if (st.finished?.complete) return { ...info, state: 'done' };
    const total = st.total ?? 0;
    const complete = total > 0 && st.done === total;
    if (complete && !r.error) {
      // every shard holds its items: the CLI merges them (for a sweep it also writes sweep.json)
      if (!l.merging) {
        l.merging = true;
        setTimeout(() => this.run(r, true), 0);
      }
      return { ...info, state: 'merging' };
    }
    return {
      ...info,
      state: r.error ? 'failed' : 'stopped',
      message:
        r.error ?? this.t('{0} task(s) ended before their shard was complete: resume resubmits them', counts.failed),
    };
  }

  private async pollSlurm(r: BatchRecord, l: Live, st: FolderStatus): Promise<void> {
    const rec = st.slurm;
    if (!rec || rec.jobs.length === 0) return;
    const total = st.total;
    const complete = (shards: number) => (task: number) => {
      if (total === undefined) return false;
      return shardDone(r.out, task, shards) >= shardSize(total, { index: task, count: shards });
    };
    const c: TaskCounts = { pending: 0, running: 0, done: 0, failed: 0 };
    // the last job of each task decides: a resubmitted task's earlier failure is history
    const latest = new Map<number, string>();
    for (const j of rec.jobs) for (const t of j.tasks) latest.set(t, j.jobId);
    for (const j of rec.jobs) {
      const mine = j.tasks.filter((t) => latest.get(t) === j.jobId);
      if (mine.length === 0) continue;
      const n = countTasks(await arrayTasks(j.jobId, mine), complete(rec.shards));
      c.pending += n.pending;
      c.running += n.running;
      c.done += n.done;
      c.failed += n.failed;
    }
    l.slurmTasks = { ...c, jobIds: rec.jobs.map((j) => j.jobId) };
    this.tick();
  }
}

const shardCounters = new Map<string, JournalCounter>();

/** Items in shard `index` of `count`'s journal (read incrementally, like the folder's counts). */
function shardDone(out: string, index: number, count: number): number {
  const path = join(workDir(out, { index, count }), FILES.journal);
  let c = shardCounters.get(path);
  if (!c) shardCounters.set(path, (c = new JournalCounter(path)));
  return c.poll().done;
}

function lastLines(log: string): string {
  try {
    const lines = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
    return lines.slice(-3).join(' ').slice(0, 500);
  } catch {
    return '';
  }
}
