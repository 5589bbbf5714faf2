import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaElement } from 'hyparquet';
import { badInput, DynLensError } from '../core/errors';
import type { Dataset } from '../core/input';
import { assertDecodedFits } from './dataset';

/**
 * Apache Parquet through hyparquet. Reads the flat (top-level, non-repeated) numeric and boolean columns; INT64
 * values (BigInt) become Numbers (exact up to 2^53), booleans 0/1, timestamps milliseconds since the epoch, nulls
 * NaN. Text, binary and nested columns are dropped with a note.
 */
export interface ParquetOptions {
  maxBytes?: number;
}

const NUMERIC_TYPES = new Set(['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE']);

/** Whether a leaf can decode to numbers: numeric physical types, FLOAT16 and DECIMAL byte arrays. */
function isNumericLeaf(el: SchemaElement): boolean {
  if (!el.type) return false;
  if (NUMERIC_TYPES.has(el.type)) return true;
  const logical = el.logical_type?.type;
  return logical === 'FLOAT16' || logical === 'DECIMAL' || el.converted_type === 'DECIMAL';
}

/** NaN for values that are not numbers (the caller counts those apart from nulls). */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return NaN;
}

function isNumberLike(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof Date;
}

function wrap(file: string, e: unknown): DynLensError {
  if (e instanceof DynLensError) return e;
  return badInput(`not a readable Parquet file: ${e instanceof Error ? e.message : String(e)}`, { file });
}

export async function parseParquet(file: string, bytes: Uint8Array, options: ParquetOptions = {}): Promise<Dataset> {
  // hyparquet wants an ArrayBuffer holding exactly the file.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  let leaves: { name: string; type: string }[];
  const skipped: string[] = [];
  try {
    metadata = parquetMetadata(buffer);
    const tree = parquetSchema(metadata);
    leaves = [];
    for (const child of tree.children) {
      const el = child.element;
      if (child.children.length > 0 || el.repetition_type === 'REPEATED' || !isNumericLeaf(el)) {
        skipped.push(el.name);
        continue;
      }
      leaves.push({ name: el.name, type: el.type ?? '' });
    }
  } catch (e) {
    throw wrap(file, e);
  }
  const rows = Number(metadata.num_rows);
  if (!Number.isSafeInteger(rows) || rows < 0) throw badInput(`invalid row count ${String(metadata.num_rows)} in the Parquet footer`, { file });
  if (leaves.length === 0) throw badInput(`no numeric column (columns: ${skipped.join(', ') || 'none'})`, { file });
  if (rows === 0) throw badInput('no data rows', { file });
  assertDecodedFits(file, rows, leaves.length, options.maxBytes);

  // One pass over the file: hyparquet hands each decoded column chunk to onChunk with its row range.
  const cols = new Map<string, { data: Float64Array; numeric: number; nulls: number; other: number; filled: number }>();
  for (const leaf of leaves) cols.set(leaf.name, { data: new Float64Array(rows), numeric: 0, nulls: 0, other: 0, filled: 0 });
  try {
    await parquetRead({
      file: buffer,
      metadata,
      columns: leaves.map((l) => l.name),
      onChunk(chunk) {
        const c = cols.get(chunk.columnName);
        if (!c) return;
        const values = chunk.columnData as ArrayLike<unknown>;
        const end = Math.min(rows, chunk.rowEnd);
        for (let i = chunk.rowStart, k = 0; i < end; i++, k++) {
          const v = values[k];
          c.data[i] = toNumber(v);
          if (v === null || v === undefined) c.nulls++;
          else if (isNumberLike(v)) c.numeric++;
          else c.other++;
        }
        c.filled += Math.max(0, end - chunk.rowStart);
      },
    });
  } catch (e) {
    throw wrap(file, e);
  }
  const columns: string[] = [];
  const data: Float64Array[] = [];
  let nulls = 0;
  let other = 0;
  for (const leaf of leaves) {
    const c = cols.get(leaf.name)!;
    if (c.filled !== rows) throw badInput(`column "${leaf.name}" has ${c.filled} values, the footer says ${rows} rows`, { file, column: leaf.name });
    if (c.numeric === 0) {
      skipped.push(leaf.name);
      continue;
    }
    nulls += c.nulls;
    other += c.other;
    columns.push(leaf.name);
    data.push(c.data);
  }
  if (columns.length === 0) throw badInput(`no numeric values in any column`, { file });
  const notes = [`parquet, ${metadata.row_groups.length} row group(s)`];
  if (skipped.length > 0) notes.push(`dropped ${skipped.length} non-numeric or nested column(s): ${skipped.join(', ')}`);
  if (nulls > 0) notes.push(`${nulls} null value(s) -> NaN`);
  if (other > 0) notes.push(`${other} non-numeric value(s) -> NaN`);
  return { source: file, columns, data, rows, notes };
}
