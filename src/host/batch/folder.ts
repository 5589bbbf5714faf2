/**
 * What a batch output folder says about its batch, from the engine's own files (src/runtime/batch/layout.ts): the
 * journal (DIR/journal.jsonl, or one per shard under DIR/shards/I-of-N/), the lock of a running process, batch.json
 * of a finished run and slurm.json of an array job. Read again after a window reload, so the dashboard finds every
 * batch where it was left.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES, parseShardDir, workDir } from '../../runtime/batch/layout';
import { JournalCounter, type JournalCounts } from './journal-count';

export interface FolderStatus {
  total?: number;
  done: number;
  failed: number;
  /** A process holds a lock (DIR/lock or a shard's) and is alive. */
  locked: boolean;
  /** batch.json exists (written at the end of a run, complete or not, and by a merge). */
  finished?: { complete: boolean; ok: number; failed: number; remaining: number };
  /** slurm.json: the array jobs submitted for this folder and its shard count. */
  slurm?: { shards: number; jobs: { jobId: string; tasks: number[] }[] };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A lock whose process lives (on this host: a lock from another node of a cluster cannot be checked here). */
export function liveLockPid(dir: string): number | undefined {
  const lock = readJson<{ pid?: number; host?: string }>(join(dir, FILES.lock));
  return lock?.pid !== undefined && alive(lock.pid) ? lock.pid : undefined;
}

/** Work folders of a batch: DIR itself and each DIR/shards/I-of-N. */
export function workDirs(out: string): string[] {
  const dirs = [out];
  const root = join(out, 'shards');
  if (existsSync(root))
    for (const name of readdirSync(root).sort()) {
      const s = parseShardDir(name);
      if (s) dirs.push(workDir(out, s));
    }
  return dirs;
}

/** Keeps one counter per journal across polls. */
export class FolderWatcher {
  private counters = new Map<string, JournalCounter>();

  constructor(readonly out: string) {}

  status(): FolderStatus {
    let total: number | undefined;
    let done = 0;
    let failed = 0;
    let locked = false;
    const dirs = workDirs(this.out);
    const sharded = dirs.length > 1;
    for (const dir of dirs) if (liveLockPid(dir) !== undefined) locked = true;
    const b = readJson<{ complete?: boolean; ok?: number; failed?: number; remaining?: number; items?: number }>(
      join(this.out, FILES.batch),
    );
    const finished = b
      ? { complete: b.complete === true, ok: b.ok ?? 0, failed: b.failed ?? 0, remaining: b.remaining ?? 0 }
      : undefined;
    const slurm = readJson<FolderStatus['slurm']>(join(this.out, 'slurm.json'));
    // a finished batch is counted from batch.json: its journals may be large and will not change
    if (finished?.complete && !locked && this.counters.size === 0)
      return { total: b?.items, done: finished.ok + finished.failed, failed: finished.failed, locked, finished, slurm };
    for (const dir of dirs) {
      // an unsharded journal and shard journals are never both live; a merged sharded folder has only shards
      if (sharded && dir === this.out) continue;
      const path = join(dir, FILES.journal);
      if (!existsSync(path)) continue;
      let c = this.counters.get(path);
      if (!c) this.counters.set(path, (c = new JournalCounter(path)));
      const n: JournalCounts = c.poll();
      total ??= n.items;
      done += n.done;
      failed += n.failed;
    }
    total ??= b?.items;
    return { total, done, failed, locked, finished, slurm };
  }
}
