/**
 * A compact index of a journal: per item index, its status, where its last line is and its names key, in typed
 * arrays (21 bytes per item, no object per item), so that resuming, counting and writing the tables of a batch of
 * 100,000 items costs a few megabytes. The line itself (metadata, error, values) is read back when a table row is
 * written. When an index appears on several lines (a failed item retried by --resume), the last line wins.
 */
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { usageError } from '../../analysis/core/errors';
import { decodeValues, readJournalLine, type JournalHeader } from './journal';
import { forEachLine } from './scan';

export const NOT_DONE = 0;
export const OK = 1;
export const FAILED = 2;

export interface JournalIndex {
  path: string;
  fd: number;
  header?: JournalHeader;
  /** Byte length of the complete lines (a torn last line is not counted). */
  validBytes: number;
  nextKey: number;
  /** Per item index: NOT_DONE, OK or FAILED. */
  status: Uint8Array;
  offset: Float64Array;
  length: Uint32Array;
  /** Names key of an ok item (see names). */
  key: Int32Array;
  /** Wall time of the analysis in its worker, ms (ok items). */
  ms: Float32Array;
  names: Map<number, string[]>;
}

/** One item line of a journal, parsed. */
export interface JournalLine {
  index: number;
  id: string;
  collection: string;
  source: string;
  label?: string;
  extra?: Record<string, string>;
  status: 'ok' | 'failed';
  error?: string;
  key?: number;
  values?: string;
}

function sized(header: JournalHeader | undefined): number {
  return header ? header.items : 0;
}

/**
 * Indexes a journal (a missing file is an empty journal); call closeIndex when done. With `prev`, an earlier index
 * of the same journal, only the lines appended since are read (a journal that shrank is read again in full).
 */
export function indexJournal(path: string, prev?: JournalIndex): JournalIndex {
  const empty = (fd: number, header?: JournalHeader): JournalIndex => {
    const n = sized(header);
    return {
      path,
      fd,
      header,
      validBytes: 0,
      nextKey: 0,
      status: new Uint8Array(n),
      offset: new Float64Array(n),
      length: new Uint32Array(n),
      key: new Int32Array(n).fill(-1),
      ms: new Float32Array(n),
      names: new Map(),
    };
  };
  if (!existsSync(path)) return empty(-1);
  const resume = prev?.header !== undefined && statSync(path).size >= prev.validBytes;
  const fd = openSync(path, 'r');
  let j = resume && prev ? { ...prev, fd } : empty(fd);
  const validBytes = forEachLine(
    fd,
    (line, offset, length) => {
      // item lines are most of the journal: read their few leading fields without parsing the values
      const m = /^\{"type":"item","index":(\d+),/.exec(line);
      if (m) {
        const index = Number(m[1]);
        if (index >= j.status.length)
          throw usageError(
            `${path}: item ${index} at byte ${offset} is past the ${j.status.length} items of the header`,
          );
        const key = /"status":"ok",(?:"ms":([^,]+),)?"key":(\d+),"values":"/.exec(line);
        if (!key && !line.includes('"status":"failed"'))
          throw usageError(`${path}: the item line at byte ${offset} is neither ok nor failed (the file was edited)`);
        j.status[index] = key ? OK : FAILED;
        j.offset[index] = offset;
        j.length[index] = length;
        j.key[index] = key ? Number(key[2]) : -1;
        j.ms[index] = key && key[1] ? Number(key[1]) : 0;
        if (key && !j.names.has(j.key[index]))
          throw usageError(`${path}: item ${index} refers to an unknown feature-name list`);
        return;
      }
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw usageError(`${path}: a journal line at byte ${offset} is not JSON (the file was edited or damaged)`);
      }
      if (rec.type === 'header') {
        const names = j.names;
        j = { ...empty(fd, rec as unknown as JournalHeader), names, nextKey: j.nextKey };
      } else if (rec.type === 'names') {
        j.names.set(rec.key as number, rec.names as string[]);
        j.nextKey = Math.max(j.nextKey, (rec.key as number) + 1);
      } else if (rec.type === 'item')
        throw usageError(`${path}: the item line at byte ${offset} is not in the journal's format`);
    },
    j.validBytes,
  );
  j.validBytes = validBytes; // j is replaced when the header is read: set it on the final object
  return j;
}

export function closeIndex(j: JournalIndex): void {
  if (j.fd >= 0) closeSync(j.fd);
  j.fd = -1;
}

/** The last line of item `index` (which must be done). */
export function readLine(j: JournalIndex, index: number): JournalLine {
  return readJournalLine<JournalLine>(j.fd, j.offset[index], j.length[index]);
}

export function lineValues(line: JournalLine): Float64Array {
  return decodeValues(line.values ?? '');
}

/** Counts of ok and failed items in [start, end). */
export function countDone(j: JournalIndex, start: number, end: number): { ok: number; failed: number } {
  let ok = 0;
  let failed = 0;
  for (let i = start; i < end; i++) {
    if (j.status[i] === OK) ok++;
    else if (j.status[i] === FAILED) failed++;
  }
  return { ok, failed };
}
