/** The collection hash of batch.json and of the journal header: the layouts, item ids and the bytes of every file. */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { eachItem, itemCount } from '../../analysis/collections/cursor';
import type { Collection } from '../../analysis/collections/types';

function fileHash(path: string): string {
  const h = createHash('sha256');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return `unreadable:${(e as NodeJS.ErrnoException).code ?? 'error'}`; // the item fails on its own when it runs
  }
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) h.update(buf.subarray(0, n));
  } catch (e) {
    return `unreadable:${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

export function collectionHash(collections: readonly Collection[]): string {
  const h = createHash('sha256');
  for (const c of collections) {
    h.update(`${c.layout}\u0000${itemCount(c)}\u0000`);
    for (const it of eachItem([c])) h.update(`${it.id}\u0000${it.label ?? ''}\u0000`);
    for (const f of c.files) h.update(fileHash(f) + '\u0000');
  }
  return h.digest('hex');
}
