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
import { writeAtomicWith } from '../atomic-write';
import { join } from 'node:path';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import { FILES, featuresFile, type FeatureFormat } from './layout';
import { forEachLine, readValues, type ScannedItem } from './scan';

export interface RowMeta {
  index: number;
  id: string;
  collection: string;
  source: string;
  label?: string;
  extra: Record<string, string>;
}

export interface TableInput {
  out: string;
  format: FeatureFormat;
  /** Every item of the batch, in index order. */
  rows: readonly RowMeta[];
  /** Finished items by index (the rows without one are left out: an interrupted batch). */
  done: ReadonlyMap<number, ScannedItem>;
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

/** Feature columns: every names list in order of first use by item index, duplicates once. */
export function featureColumns(rows: readonly RowMeta[], done: ReadonlyMap<number, ScannedItem>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const lists = new Set<string[]>();
  for (const r of rows) {
    const names = done.get(r.index)?.names;
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

function metaValues(t: TableInput, r: RowMeta, item: ScannedItem): (string | null)[] {
  return [
    r.id,
    ...(t.collectionColumn ? [r.collection] : []),
    r.source,
    r.label ?? null,
    item.status,
    item.error ?? null,
    ...t.extraColumns.map((c) => r.extra[c] ?? null),
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
function placeValues(item: ScannedItem, placement: Placement, width: number): (number | null)[] {
  const row = new Array<number | null>(width).fill(null);
  if (item.status !== 'ok' || !item.names) return row;
  const v = readValues(item);
  const at = placement.of(item.names);
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

function writeParquet(path: string, t: TableInput, rows: RowMeta[], names: string[]): void {
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
  const placement = new Placement(new Map(names.map((n, k) => [n, k])));
  const g = groupRows(names.length + meta.length);
  for (let s = 0; s < rows.length; s += g) {
    const chunk = rows.slice(s, s + g);
    const metaCols = meta.map(() => new Array<string | null>(chunk.length));
    const featCols = names.map(() => new Array<number | null>(chunk.length).fill(null));
    chunk.forEach((r, j) => {
      const item = t.done.get(r.index) as ScannedItem;
      metaValues(t, r, item).forEach((v, k) => (metaCols[k][j] = v));
      if (item.status !== 'ok' || !item.names) return;
      const v = readValues(item);
      const at = placement.of(item.names);
      for (let k = 0; k < at.length; k++) featCols[at[k]][j] = v[k];
    });
    void writer.write({
      columnData: [
        ...meta.map((name, k) => ({ name, data: metaCols[k] })),
        // plain doubles without statistics: a dictionary rarely pays on measured values and the per-column
        // dictionary trial and min/max cost more than the rest of the writing (thousands of pixel columns)
        ...names.map((name, k) => ({ name, data: featCols[k], encoding: 'PLAIN' as const, statistics: false })),
      ],
      rowGroupSize: g,
    });
  }
  // the file writer flushes synchronously (hyparquet-writer's node fileWriter)
  void writer.finish();
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number')
    return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function writeCsv(path: string, header: string[], rowsOut: Iterable<(string | number | null)[]>): void {
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

/** NumPy .npy v1.0 (v2.0 past 64 KiB of header) of float64, C order, shape (rows, cols), written row by row. */
function writeNpy(path: string, rowCount: number, cols: number, rowsOut: Iterable<Float64Array>): void {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rowCount}, ${cols}), }`;
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

function* tableRows(t: TableInput, rows: RowMeta[], names: string[]): Generator<(string | number | null)[]> {
  const placement = new Placement(new Map(names.map((n, k) => [n, k])));
  for (const r of rows) {
    const item = t.done.get(r.index) as ScannedItem;
    yield [...metaValues(t, r, item), ...placeValues(item, placement, names.length)];
  }
}

function* npyRows(t: TableInput, rows: RowMeta[], names: string[]): Generator<Float64Array> {
  const placement = new Placement(new Map(names.map((n, k) => [n, k])));
  for (const r of rows) {
    const item = t.done.get(r.index) as ScannedItem;
    yield Float64Array.from(placeValues(item, placement, names.length), (v) => (v === null ? NaN : v));
  }
}

export function writeTables(t: TableInput): TableSummary {
  const rows = t.rows.filter((r) => t.done.has(r.index));
  const names = featureColumns(rows, t.done);
  const files: string[] = [];
  const main = join(t.out, featuresFile(t.format));
  if (t.format === 'parquet') writeAtomicWith(main, (tmp) => writeParquet(tmp, t, rows, names));
  else if (t.format === 'csv')
    writeAtomicWith(main, (tmp) => writeCsv(tmp, [...metaColumns(t), ...names], tableRows(t, rows, names)));
  else {
    writeAtomicWith(main, (tmp) => writeNpy(tmp, rows.length, names.length, npyRows(t, rows, names)));
    const items = join(t.out, FILES.items);
    writeAtomicWith(items, (tmp) => writeCsv(tmp, metaColumns(t), tableRows(t, rows, [])));
    const namesFile = join(t.out, FILES.featureNames);
    writeAtomicWith(namesFile, (tmp) => writeFileSync(tmp, names.join('\n') + (names.length ? '\n' : '')));
    files.push(items, namesFile);
  }
  files.unshift(main);
  const failed = rows.filter((r) => t.done.get(r.index)?.status === 'failed');
  const failures = join(t.out, FILES.failures);
  if (failed.length > 0) {
    writeAtomicWith(failures, (tmp) =>
      writeFileSync(
        tmp,
        failed.map((r) => (t.done.get(r.index)?.error ?? 'failed').replace(/\n/g, ' ') + '\n').join(''),
      ),
    );
    files.push(failures);
  } else rmSync(failures, { force: true });
  return { files, featureNames: names, rows: rows.length, ok: rows.length - failed.length, failed: failed.length };
}

/** results.jsonl in item order from the results.part.jsonl files (one line {"index", "result"} per item). */
export function writeResults(out: string, parts: readonly string[], order: readonly number[]): string {
  const where = new Map<number, { fd: number; offset: number; length: number }>();
  const fds: number[] = [];
  for (const p of parts) {
    if (!existsSync(p)) continue;
    const fd = openSync(p, 'r');
    fds.push(fd);
    forEachLine(fd, (line, offset, length) => {
      const m = /^\{"index":(\d+)/.exec(line);
      if (m) where.set(Number(m[1]), { fd, offset, length });
    });
  }
  const path = join(out, FILES.results);
  try {
    writeAtomicWith(path, (tmp) => {
      const fd = openSync(tmp, 'w');
      try {
        for (const i of order) {
          const w = where.get(i);
          if (!w) continue;
          const b = Buffer.alloc(w.length + 1);
          readSync(w.fd, b, 0, w.length, w.offset);
          b[w.length] = 10;
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
