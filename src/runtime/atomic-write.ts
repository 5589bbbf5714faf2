/**
 * Writing files so that a reader (or a kill at any moment) sees the old file or the complete new one, never a
 * truncated one: write to a temporary name in the same folder (same file system, so rename is atomic), flush it to
 * disk, rename over the target. Also the check of an output path made before an analysis starts.
 */
import {
  closeSync,
  constants,
  fsyncSync,
  openSync,
  promises as fs,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { DynLensError } from '../analysis/core/errors';

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
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
  const tmp = tempNameFor(path);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
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
  const probe = tempNameFor(abs);
  try {
    closeSync(openSync(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644));
    rmSync(probe, { force: true });
  } catch (e) {
    fail(`the folder is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
