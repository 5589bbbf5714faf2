/**
 * Reads journals without holding their vectors: a scan keeps, per finished item, where its line is (file, byte
 * offset, length) and its status; the vectors are read back one row group at a time when the tables are written.
 * Memory then stays bounded by the item count, not by the feature count times the item count.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { usageError } from '../../analysis/core/errors';
import { decodeValues, readJournalLine, type ItemMeta, type JournalHeader } from './journal';

export interface ScannedItem {
  index: number;
  id: string;
  meta: ItemMeta;
  status: 'ok' | 'failed';
  error?: string;
  /** Names list of an ok item: key into ScannedJournal.names of its journal. */
  names?: string[];
  fd: number;
  offset: number;
  length: number;
  /** Wall time of the analysis in its worker, ms (ok items). */
  ms?: number;
}

export interface ScannedJournal {
  path: string;
  fd: number;
  header?: JournalHeader;
  items: Map<number, ScannedItem>;
  /** Byte length of the complete lines (a torn last line is not counted). */
  validBytes: number;
  nextKey: number;
}

const CHUNK = 1 << 20;
const NO_META: ItemMeta = { collection: '', source: '', extra: {} };

/**
 * Calls `fn` for each complete line of a file from byte `start` (a line start) on; a torn last line is skipped.
 * Returns the file offset past the last complete line.
 */
export function forEachLine(fd: number, fn: (line: string, offset: number, length: number) => void, start = 0): number {
  let carry = Buffer.alloc(0);
  let fileOffset = start; // file offset of carry[0]
  const buf = Buffer.alloc(CHUNK);
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, fileOffset + carry.length);
    if (n === 0) break;
    const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
    let start = 0;
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      if (nl > start) fn(data.subarray(start, nl).toString('utf8'), fileOffset + start, nl - start);
      start = nl + 1;
    }
    fileOffset += start;
    carry = Buffer.from(data.subarray(start));
  }
  return fileOffset;
}

/**
 * Scans a journal (a missing file is an empty journal); call closeJournal when done. `keepMeta` false leaves the
 * items' table metadata out (the run that wrote the journal has it already), so that the scan of a journal of
 * 100,000 items stays small.
 */
export function scanJournal(path: string, keepMeta = true): ScannedJournal {
  const items = new Map<number, ScannedItem>();
  if (!existsSync(path)) return { path, fd: -1, items, validBytes: 0, nextKey: 0 };
  const fd = openSync(path, 'r');
  const names = new Map<number, string[]>();
  let header: JournalHeader | undefined;
  let nextKey = 0;
  const validBytes = forEachLine(fd, (line, offset, length) => {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw usageError(`${path}: a journal line at byte ${offset} is not JSON (the file was edited or damaged)`);
    }
    if (rec.type === 'header') header = rec as unknown as JournalHeader;
    else if (rec.type === 'names') {
      names.set(rec.key as number, rec.names as string[]);
      nextKey = Math.max(nextKey, (rec.key as number) + 1);
    } else if (rec.type === 'item') {
      const index = rec.index as number;
      const ok = rec.status === 'ok';
      const list = ok ? names.get(rec.key as number) : undefined;
      if (ok && !list) throw usageError(`${path}: item ${index} refers to an unknown feature-name list`);
      items.set(index, {
        index,
        id: rec.id as string,
        meta: keepMeta
          ? {
              collection: rec.collection as string,
              source: rec.source as string,
              label: rec.label as string | undefined,
              extra: (rec.extra ?? {}) as Record<string, string>,
            }
          : NO_META,
        status: ok ? 'ok' : 'failed',
        error: ok ? undefined : (rec.error as string),
        names: list,
        fd,
        offset,
        length,
        ms: typeof rec.ms === 'number' ? rec.ms : undefined,
      });
    }
  });
  return { path, fd, header, items, validBytes, nextKey };
}

export function closeJournal(j: ScannedJournal): void {
  if (j.fd >= 0) closeSync(j.fd);
  j.fd = -1;
}

/** The feature values of one scanned ok item. */
export function readValues(item: ScannedItem): Float64Array {
  return decodeValues(readJournalLine<{ values?: string }>(item.fd, item.offset, item.length).values ?? '');
}
