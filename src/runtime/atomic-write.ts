/**
 * Writing files so that a reader (or a kill at any moment) sees the old file or the complete new one, never a
 * truncated one: write to a temporary name in the same folder (same file system, so rename is atomic), flush it to
 * disk, rename over the target. Also the check of an output path made before an analysis starts.
 *
 * A process killed between the create and the rename (kill -9, a power cut) leaves its temporary behind. Temporary
 * names carry the writer's pid (`.NAME.dynlens-PID-RANDOM.tmp`), and every later write of the same target, and the
 * CLI's check of an output path, removes the ones whose process is gone.
 */
import {
  closeSync,
  constants,
  fsyncSync,
  openSync,
  promises as fs,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { DynLensError } from '../analysis/core/errors';

/** A temporary name for `path` that removeStaleTemps recognises (also for side files a writer keeps beside it). */
export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.dynlens-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when no process `pid` exists (EPERM: it exists under another user). */
function processGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the temporaries of `path` left by writers that died before their rename: `.NAME.dynlens-PID-RANDOM.tmp`
 * (and the `.NAME.PID.RANDOM.tmp` and `NAME.tmp-PID` of older versions) whose PID is no longer running. Never throws: a folder that cannot be
 * listed is reported by the write itself.
 */
export function removeStaleTemps(path: string): string[] {
  const dir = dirname(resolve(path));
  const name = escapeRegExp(basename(path));
  const pattern = new RegExp(
    `^(?:\\.${name}\\.dynlens-(\\d+)-[0-9a-f]+\\.tmp|\\.${name}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp|${name}\\.tmp-(\\d+))$`,
  );
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = pattern.exec(n);
    if (!m || !processGone(Number(m[1] ?? m[2] ?? m[3]))) continue;
    try {
      rmSync(join(dir, n), { force: true });
      removed.push(join(dir, n));
    } catch {
      /* another process removed it, or it is not ours to remove */
    }
  }
  return removed;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  removeStaleTemps(path);
  const tmp = tempNameFor(path);
  try {
    const fh = await fs.open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** The synchronous twin, for the CLI's last step. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  writeAtomicWith(path, (tmp) => {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  });
}

/**
 * Atomic replacement of `path` by what `write` puts in the temporary file it is given (streamed writers: tables,
 * Parquet, .npy); the temporary is removed when `write` throws.
 */
export function writeAtomicWith(path: string, write: (tmp: string) => void): void {
  removeStaleTemps(path);
  const tmp = tempNameFor(path);
  try {
    write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Checks before any work that `path` can be written: its folder exists and is writable (a temporary file is
 * created and removed there), and the path is not a folder. A usage error (exit 2) naming the path otherwise.
 */
export function checkOutputPath(path: string, flag: string): void {
  const abs = resolve(path);
  const fail = (why: string): never => {
    throw new DynLensError('usage', `${flag} ${path}: ${why}`);
  };
  try {
    if (statSync(abs).isDirectory()) fail('is a folder, not a file');
  } catch (e) {
    if (e instanceof DynLensError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') fail(`cannot be checked (${(e as Error).message})`);
  }
  const dir = dirname(abs);
  try {
    if (!statSync(dir).isDirectory()) fail(`${dir} is not a folder`);
  } catch (e) {
    if (e instanceof DynLensError) throw e;
    fail(`the folder ${dir} does not exist`);
  }
  removeStaleTemps(abs);
  const probe = tempNameFor(abs);
  try {
    closeSync(openSync(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644));
    rmSync(probe, { force: true });
  } catch (e) {
    fail(`the folder is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
