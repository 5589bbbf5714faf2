/**
 * One process per batch folder (or shard folder): DIR/lock holds {"pid", "host", "started"}. A second batch is
 * refused while the owner lives; a lock left by a dead process (kill -9, a node that went away) is taken over by
 * `--resume` only, so that a stopped batch is never silently restarted from scratch.
 */
import { openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../../analysis/core/errors';
import { FILES } from './layout';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class BatchLock {
  private constructor(readonly path: string) {}

  /** Takes the lock of `dir`, or throws a usage error naming the owner. */
  static acquire(dir: string, resume: boolean): BatchLock {
    const path = join(dir, FILES.lock);
    const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me) + '\n');
      closeSync(fd);
      return new BatchLock(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: LockInfo | undefined;
    try {
      owner = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    } catch {
      owner = undefined; // torn lock file: its writer died while writing it
    }
    const sameHost = owner?.host === me.host;
    if (owner && sameHost && owner.pid !== process.pid && alive(owner.pid))
      throw usageError(
        `${dir} is in use by another dynlens batch (pid ${owner.pid}, started ${owner.started}); wait for it or stop it`,
      );
    if (!resume)
      throw usageError(
        `${dir} holds a batch that did not finish (lock of pid ${owner?.pid ?? '?'} on ${owner?.host ?? '?'}): add --resume to continue it, or choose another --out`,
      );
    writeFileSync(path, JSON.stringify(me) + '\n');
    return new BatchLock(path);
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}
