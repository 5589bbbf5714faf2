/**
 * The append-only journal of a batch run (DIR/journal.jsonl, or one per shard). One JSON object per line:
 *   {"type":"header", "analysis", "params", "collectionHash", "items", "shard": [I, N], "runtimeVersion"}
 *   {"type":"names", "key": k, "names": [...]}          a feature-name list, written before the first item using it
 *   {"type":"item", "index", "id", "collection", "source", "label", "extra", "status": "ok", "key": k,
 *    "values": base64 of little-endian Float64}
 *   {"type":"item", "index", "id", "collection", "source", "label", "extra", "status": "failed",
 *    "error": "source: message"}
 * Each line is written with one write() call as soon as its item finishes, so a kill -9 loses only the items in
 * flight (and at most a torn last line, which reading ignores and resuming cuts off). The values are stored as
 * bytes, not decimal text, so the tables built from a journal are bit-identical to the computed vectors.
 */
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export interface JournalHeader {
  type: 'header';
  analysis: string;
  params: Record<string, unknown>;
  collectionHash: string;
  items: number;
  /** The run's shard I of N ([0, 1]: all items); see layout.ts. */
  shard: [number, number];
  runtimeVersion: string;
  /** Collection names as given, and the carried manifest columns: what `batch merge` needs for the tables. */
  collections: string[];
  extraColumns: string[];
}

/** What the tables show of an item besides its features (journalled so that merges need no collection). */
export interface ItemMeta {
  collection: string;
  source: string;
  label?: string;
  extra: Record<string, string>;
}

export interface ItemRecord {
  index: number;
  id: string;
  meta: ItemMeta;
  status: 'ok' | 'failed';
  error?: string;
  names?: string[];
  /** Identifies the names list (the worker's digest of it), so that the writer need not compare the lists. */
  namesId?: string;
  values?: Float64Array;
  /** Wall time of the analysis in the worker (load + run), ms. */
  ms?: number;
}

export function encodeValues(v: Float64Array): string {
  return valueBytes(v).toString('base64');
}

/** The bytes of v (little-endian, as on every platform Node runs on), without a copy. */
function valueBytes(v: Float64Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

const VALUES_FIELD = Buffer.from(',"values":"', 'latin1');

/**
 * Parses a journal line read as bytes. The values of an ok item are its last field (JournalWriter.valuesLine), tens
 * of thousands of base64 characters that JSON.parse would scan and copy: they are sliced out of the bytes and only
 * the fields before them are parsed. (The field cannot occur inside a string of the line: JSON escapes its quotes.)
 */
export function parseJournalLine<T extends { values?: string }>(b: Buffer): T {
  const at = b.lastIndexOf(VALUES_FIELD);
  if (at < 0) return JSON.parse(b.toString('utf8')) as T;
  const end = b.lastIndexOf(0x22); // the closing quote of the values
  const rec = JSON.parse(b.toString('utf8', 0, at) + '}') as T;
  rec.values = b.toString('latin1', at + VALUES_FIELD.length, end);
  return rec;
}

/** Reads and parses the journal line of `length` bytes at `offset` (parseJournalLine). */
export function readJournalLine<T extends { values?: string }>(fd: number, offset: number, length: number): T {
  const b = Buffer.allocUnsafe(length);
  readSync(fd, b, 0, length, offset);
  return parseJournalLine<T>(b);
}

export function decodeValues(s: string): Float64Array {
  const b = Buffer.from(s, 'base64');
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Appends records; one write() per record. */
export class JournalWriter {
  private fd: number;
  private keys = new Map<string, number>();

  /**
   * Opens for appending; `truncateTo` cuts a torn last line off first and `nextKey` continues the names keys of
   * the runs before (resume). Names lists are written again on their first use by this writer.
   */
  constructor(
    readonly path: string,
    truncateTo?: number,
    private nextKey = 0,
  ) {
    this.fd = openSync(path, 'a');
    if (truncateTo !== undefined) ftruncateSync(this.fd, truncateTo);
  }

  private line(obj: unknown): void {
    writeSync(this.fd, JSON.stringify(obj) + '\n');
  }

  /**
   * `fields` plus "values" (base64 of the bytes) as one line, assembled in one buffer: a feature vector of thousands
   * of values is ~50 KB of base64, which JSON.stringify and the string-to-bytes conversion of write() would copy
   * twice more per item on the host thread.
   */
  private valuesLine(fields: Record<string, unknown>, bytes: Buffer): void {
    const head = JSON.stringify(fields).slice(0, -1) + ',"values":"';
    const headBytes = Buffer.byteLength(head);
    const b64Bytes = 4 * Math.ceil(bytes.length / 3);
    const out = Buffer.allocUnsafeSlow(headBytes + b64Bytes + 3);
    out.write(head, 0);
    out.write(bytes.toString('base64'), headBytes, 'latin1');
    out.write('"}\n', headBytes + b64Bytes, 'latin1');
    writeSync(this.fd, out);
  }

  header(h: JournalHeader): void {
    this.line(h);
  }

  item(r: ItemRecord): void {
    if (r.status === 'ok' && r.names && r.values) {
      const sig = r.namesId ?? r.names.join('\u0000');
      let key = this.keys.get(sig);
      if (key === undefined) {
        key = this.nextKey++;
        this.keys.set(sig, key);
        this.line({ type: 'names', key, names: r.names });
      }
      this.valuesLine(
        { type: 'item', index: r.index, id: r.id, ...r.meta, status: 'ok', ms: r.ms, key },
        valueBytes(r.values),
      );
    } else
      this.line({ type: 'item', index: r.index, id: r.id, ...r.meta, status: 'failed', error: r.error ?? 'failed' });
  }

  close(): void {
    closeSync(this.fd);
  }
}
