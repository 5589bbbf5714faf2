/**
 * The final tables of a batch, written from the journals in item order (so they do not depend on the worker count,
 * the completion order or the sharding) to a temporary name and renamed:
 * - features.parquet (hyparquet-writer, row groups of bounded size), features.csv, or features.npy + items.csv;
 *   columns id, [collection], source, label, status, error, [carried manifest columns], then the features;
 *   a feature absent from an item (failed, or another name list) is null (Parquet), empty (CSV) or NaN (npy);
 * - results.jsonl (--keep-results): the items' full results, in item order;
 * - failures.txt: one line per failed item, "source: message".
 */
import { closeSync, existsSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tempNameFor, writeAtomicWith } from '../atomic-write';
import { join } from 'node:path';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import { FILES, featuresFile, type FeatureFormat } from './layout';
import { FAILED, lineValues, NOT_DONE, OK, readLine, type JournalIndex, type JournalLine } from './journal-index';
import { forEachLine } from './scan';
import { heapTrimmer, HOST_HEAP_SLACK_BYTES } from '../heap-trim';
import { StreamingFooter } from './parquet-footer';

/**
 * The finished items of a table, read from one or several journal indices: the rows are the done items of
 * [start, end) in index order; nothing per item is held besides the indices' typed arrays.
 */
export interface DoneRows {
  start: number;
  end: number;
  status(index: number): number;
  /** The names list of an ok item. */
  names(index: number): string[] | undefined;
  line(index: number): JournalLine;
}

/** The rows of one journal (an unsharded run, or one shard). */
export function indexRows(j: JournalIndex, start: number, end: number): DoneRows {
  return {
    start,
    end,
    status: (i) => j.status[i],
    names: (i) => (j.status[i] === OK ? j.names.get(j.key[i]) : undefined),
    line: (i) => readLine(j, i),
  };
}

/** The rows of several journals, item i read from journal owner[i] (-1: not done). */
export function ownedRows(journals: readonly JournalIndex[], owner: Int16Array): DoneRows {
  const of = (i: number) => journals[owner[i]];
  return {
    start: 0,
    end: owner.length,
    status: (i) => (owner[i] < 0 ? NOT_DONE : of(i).status[i]),
    names: (i) => (owner[i] >= 0 && of(i).status[i] === OK ? of(i).names.get(of(i).key[i]) : undefined),
    line: (i) => readLine(of(i), i),
  };
}

export interface TableInput {
  out: string;
  format: FeatureFormat;
  rows: DoneRows;
  extraColumns: readonly string[];
  /** Add the collection column (several collections were given). */
  collectionColumn: boolean;
}

export interface TableSummary {
  files: string[];
  featureNames: string[];
  rows: number;
  ok: number;
  failed: number;
}

function* doneIndices(rows: DoneRows, want?: number): Generator<number> {
  for (let i = rows.start; i < rows.end; i++) {
    const s = rows.status(i);
    if (s !== NOT_DONE && (want === undefined || s === want)) yield i;
  }
}

/** Feature columns: every names list in order of first use by item index, duplicates once. */
function featureColumns(rows: DoneRows): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const lists = new Set<string[]>();
  for (const i of doneIndices(rows, OK)) {
    const names = rows.names(i);
    if (!names || lists.has(names)) continue;
    lists.add(names);
    for (const n of names)
      if (!seen.has(n)) {
        seen.add(n);
        out.push(n);
      }
  }
  return out;
}

function metaColumns(t: TableInput): string[] {
  return ['id', ...(t.collectionColumn ? ['collection'] : []), 'source', 'label', 'status', 'error', ...t.extraColumns];
}

function metaValues(t: TableInput, r: JournalLine): (string | null)[] {
  return [
    r.id,
    ...(t.collectionColumn ? [r.collection] : []),
    r.source,
    r.label ?? null,
    r.status,
    r.error ?? null,
    ...t.extraColumns.map((c) => r.extra?.[c] ?? null),
  ];
}

/** Column positions of each names list in the table's feature columns (one lookup per list, not per value). */
class Placement {
  private cache = new Map<string[], Int32Array>();
  constructor(private readonly position: Map<string, number>) {}

  of(names: string[]): Int32Array {
    let p = this.cache.get(names);
    if (!p) {
      p = Int32Array.from(names, (n) => this.position.get(n) as number);
      this.cache.set(names, p);
    }
    return p;
  }
}

/** Values of an item placed in the table's feature columns (null where the item has no such feature). */
function placeValues(
  line: JournalLine,
  names: string[] | undefined,
  placement: Placement,
  width: number,
): (number | null)[] {
  const row = new Array<number | null>(width).fill(null);
  if (line.status !== 'ok' || !names) return row;
  const v = lineValues(line);
  const at = placement.of(names);
  for (let k = 0; k < at.length; k++) row[at[k]] = v[k];
  return row;
}

/** Rows per Parquet row group / per read batch: about 4 million cells at a time. */
function groupRows(width: number): number {
  return Math.max(1, Math.min(10000, Math.floor(4_000_000 / Math.max(1, width))));
}

/** Identity columns are always present; the rest may be missing (a failed item). */
const repetition = (name: string): 'REQUIRED' | 'OPTIONAL' =>
  name === 'id' || name === 'source' || name === 'status' ? 'REQUIRED' : 'OPTIONAL';

/** A row group's column as an array with null for the rows that lack it (a failed item, another names list). */
function withNulls(col: Float64Array, has: Uint8Array): (number | null)[] {
  return Array.from(col, (v, j) => (has[j] ? v : null));
}

/** `sidePath`: a temporary for the row groups' metadata (a temporary name of the target, removed at the end). */
function writeParquet(path: string, sidePath: string, t: TableInput, names: string[]): void {
  const meta = metaColumns(t);
  const schema = [
    { name: 'root', num_children: meta.length + names.length },
    ...meta.map((name) => ({
      name,
      type: 'BYTE_ARRAY' as const,
      converted_type: 'UTF8' as const,
      repetition_type: repetition(name),
    })),
    ...names.map((name) => ({ name, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const })),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(path), schema, createdBy: 'dynlens batch' });
  // the row groups' metadata goes to a side file as each group is written, not to the heap until the end
  const footer = new StreamingFooter(writer, path, sidePath);
  try {
    writeParquetGroups(writer, footer, t, names, meta);
    footer.finish();
  } finally {
    footer.discard();
  }
}

function writeParquetGroups(
  writer: ParquetWriter,
  footer: StreamingFooter,
  t: TableInput,
  names: string[],
  meta: string[],
): void {
  const placement = new Placement(new Map(names.map((n, k) => [n, k])));
  const g = groupRows(names.length + meta.length);
  const chunk = new Int32Array(g);
  const indices = doneIndices(t.rows);
  // one collection per group by design (each group's garbage is larger than the slack): a fixed slack
  const trim = heapTrimmer(HOST_HEAP_SLACK_BYTES, HOST_HEAP_SLACK_BYTES);
  for (let more = true; more;) {
    let size = 0;
    while (size < g) {
      const r = indices.next();
      if (r.done) {
        more = false;
        break;
      }
      chunk[size++] = r.value;
    }
    if (size === 0) break;
    const metaCols = meta.map(() => new Array<string | null>(size));
    // unboxed doubles (8 bytes a cell, not a 24-byte boxed number in a plain array); `has` marks the cells an item
    // gave, and a column missing some becomes an array with nulls
    const values = names.map(() => new Float64Array(size));
    const has = names.map(() => new Uint8Array(size));
    for (let j = 0; j < size; j++) {
      const line = t.rows.line(chunk[j]);
      metaValues(t, line).forEach((v, k) => (metaCols[k][j] = v));
      const list = t.rows.names(chunk[j]);
      if (line.status !== 'ok' || !list) continue;
      const v = lineValues(line);
      const at = placement.of(list);
      for (let k = 0; k < at.length; k++) {
        values[at[k]][j] = v[k];
        has[at[k]][j] = 1;
      }
    }
    const featCols = values.map((col, k) => (has[k].includes(0) ? withNulls(col, has[k]) : col));
    void writer.write({
      columnData: [
        ...meta.map((name, k) => ({ name, data: metaCols[k], offsetIndex: false })),
        // plain doubles without statistics: a dictionary rarely pays on measured values and the per-column
        // dictionary trial and min/max cost more than the rest of the writing (thousands of pixel columns)
        ...names.map((name, k) => ({
          name,
          data: featCols[k],
          encoding: 'PLAIN' as const,
          statistics: false,
          offsetIndex: false,
        })),
      ],
      rowGroupSize: g,
    });
    // each group leaves tens of MB of garbage (the writer's levels and pages); collected here, the peak stays that
    // of one group however many groups the table has
    footer.take();
    trim();
  }
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number')
    return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function writeCsv(path: string, header: string[], rowsOut: Iterable<(string | number | null)[]>): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header.map(csvCell).join(',') + '\n');
    let buf = '';
    for (const row of rowsOut) {
      buf += row.map(csvCell).join(',') + '\n';
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    if (buf) writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

/** NumPy .npy v1.0 (v2.0 past 64 KiB of header) of float64, C order, of the given shape, written row by row. */
export function writeNpy(path: string, shape: readonly number[], rowsOut: Iterable<Float64Array>): void {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const v1 = dict.length + 11 < 65536;
  const pre = v1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - pre - 1, ' ') + '\n';
  const head = Buffer.alloc(pre);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, v1 ? 1 : 2, 0]);
  if (v1) head.writeUInt16LE(header.length, 8);
  else head.writeUInt32LE(header.length, 8);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    writeSync(fd, header, null, 'latin1');
    for (const row of rowsOut) writeSync(fd, new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
  } finally {
    closeSync(fd);
  }
}

function* tableRows(t: TableInput, names: string[]): Generator<(string | number | null)[]> {
  const placement = new Placement(new Map(names.map((n, k) => [n, k])));
  for (const i of doneIndices(t.rows)) {
    const line = t.rows.line(i);
    yield [...metaValues(t, line), ...placeValues(line, t.rows.names(i), placement, names.length)];
  }
}

function* npyRows(t: TableInput, names: string[]): Generator<Float64Array> {
  const placement = new Placement(new Map(names.map((n, k) => [n, k])));
  const row = new Float64Array(names.length);
  for (const i of doneIndices(t.rows)) {
    row.fill(NaN);
    const list = t.rows.names(i);
    if (t.rows.status(i) === OK && list) {
      const v = lineValues(t.rows.line(i));
      const at = placement.of(list);
      for (let k = 0; k < at.length; k++) row[at[k]] = v[k];
    }
    yield row; // written before the next row is placed
  }
}

export function writeTables(t: TableInput): TableSummary {
  let count = 0;
  let failedCount = 0;
  for (let i = t.rows.start; i < t.rows.end; i++) {
    const st = t.rows.status(i);
    if (st !== NOT_DONE) count++;
    if (st === FAILED) failedCount++;
  }
  const names = featureColumns(t.rows);
  const files: string[] = [];
  const main = join(t.out, featuresFile(t.format));
  if (t.format === 'parquet') writeAtomicWith(main, (tmp) => writeParquet(tmp, tempNameFor(main), t, names));
  else if (t.format === 'csv')
    writeAtomicWith(main, (tmp) => writeCsv(tmp, [...metaColumns(t), ...names], tableRows(t, names)));
  else {
    writeAtomicWith(main, (tmp) => writeNpy(tmp, [count, names.length], npyRows(t, names)));
    const items = join(t.out, FILES.items);
    writeAtomicWith(items, (tmp) => writeCsv(tmp, metaColumns(t), tableRows(t, [])));
    const namesFile = join(t.out, FILES.featureNames);
    writeAtomicWith(namesFile, (tmp) => writeFileSync(tmp, names.join('\n') + (names.length ? '\n' : '')));
    files.push(items, namesFile);
  }
  files.unshift(main);
  const failures = join(t.out, FILES.failures);
  if (failedCount > 0) {
    writeAtomicWith(failures, (tmp) => {
      const fd = openSync(tmp, 'w');
      try {
        for (const i of doneIndices(t.rows, FAILED))
          writeSync(fd, (t.rows.line(i).error ?? 'failed').replace(/\n/g, ' ') + '\n');
      } finally {
        closeSync(fd);
      }
    });
    files.push(failures);
  } else rmSync(failures, { force: true });
  return { files, featureNames: names, rows: count, ok: count - failedCount, failed: failedCount };
}

/** The first `limit` failed items of the rows, for batch.json. */
export function failureList(
  rows: DoneRows,
  limit = 1000,
): { index: number; id: string; source: string; error?: string }[] {
  const out: { index: number; id: string; source: string; error?: string }[] = [];
  for (const i of doneIndices(rows, FAILED)) {
    if (out.length >= limit) break;
    const l = rows.line(i);
    out.push({ index: i, id: l.id, source: l.source, error: l.error });
  }
  return out;
}

/**
 * results.jsonl in item order (items start..end-1) from the results.part.jsonl files (one line {"index", "result"}
 * per item; the last line of an index wins).
 */
export function writeResults(out: string, parts: readonly string[], start: number, end: number): string {
  const n = Math.max(0, end - start);
  const owner = new Int16Array(n).fill(-1);
  const offsets = new Float64Array(n);
  const lengths = new Uint32Array(n);
  const fds: number[] = [];
  for (const p of parts) {
    if (!existsSync(p)) continue;
    const fd = openSync(p, 'r');
    fds.push(fd);
    forEachLine(fd, (line, offset, length) => {
      const m = /^\{"index":(\d+)/.exec(line);
      const k = m ? Number(m[1]) - start : -1;
      if (k < 0 || k >= n) return;
      owner[k] = fds.length - 1;
      offsets[k] = offset;
      lengths[k] = length;
    });
  }
  const path = join(out, FILES.results);
  try {
    writeAtomicWith(path, (tmp) => {
      const fd = openSync(tmp, 'w');
      try {
        for (let k = 0; k < n; k++) {
          if (owner[k] < 0) continue;
          const b = Buffer.alloc(lengths[k] + 1);
          readSync(fds[owner[k]], b, 0, lengths[k], offsets[k]);
          b[lengths[k]] = 10;
          writeSync(fd, b);
        }
      } finally {
        closeSync(fd);
      }
    });
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  return path;
}
