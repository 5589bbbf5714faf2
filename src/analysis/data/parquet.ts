import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { badInput, DynLensError } from '../core/errors';
import type { Dataset } from '../core/input';
import { assertDecodedFits } from './dataset';
import { vendor } from './vendor';

/**
 * Apache Parquet through hyparquet, with every common codec (zstd, gzip, brotli, lz4, lz4_raw, snappy) through
 * hyparquet-compressors. Reads the flat (top-level, non-repeated) numeric and boolean columns; INT64
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

/** Codecs hyparquet decodes itself (SNAPPY, UNCOMPRESSED) or through hyparquet-compressors. */
const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW'];

/** Refuses, before decoding, a column chunk compressed with a codec no decoder here knows (LZO, or a corrupt id). */
function checkCodecs(file: string, metadata: FileMetaData, names: Set<string>): void {
  for (const rg of metadata.row_groups)
    for (const cc of rg.columns) {
      const md = cc.meta_data;
      if (!md || !names.has(md.path_in_schema[0])) continue;
      const codec = md.codec as string | undefined;
      if (codec === undefined || !CODECS.includes(codec))
        throw badInput(
          `column "${md.path_in_schema.join('.')}" uses compression codec ${codec ?? 'unknown (unrecognised id)'}, which DynLens cannot decode (supported: ${CODECS.join(', ')})`,
          { file, column: md.path_in_schema.join('.') },
        );
    }
}

function asCount(v: unknown): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : -1;
}

/**
 * Checks every page header of the columns to read before hyparquet decodes them. hyparquet trusts the counts in
 * page headers; a corrupted one (found by the fuzz tests: a flipped byte turned num_values into a byte string)
 * makes it loop over billions of values, a hang rather than an error. Here each chunk must lie inside the file,
 * each page inside its chunk, and the values of its data pages may not exceed the chunk's declared count, which
 * may not exceed its row group's rows (the columns read are flat: one value per row).
 */
function validatePages(file: string, buffer: ArrayBuffer, metadata: FileMetaData, names: Set<string>): void {
  const view = new DataView(buffer);
  const size = buffer.byteLength;
  for (let g = 0; g < metadata.row_groups.length; g++) {
    const rg = metadata.row_groups[g];
    const rgRows = asCount(rg.num_rows);
    for (const cc of rg.columns) {
      const md = cc.meta_data;
      if (!md || !names.has(md.path_in_schema[0])) continue;
      const name = md.path_in_schema.join('.');
      const where = `column "${name}", row group ${g + 1}`;
      const declared = asCount(md.num_values);
      const start = asCount(md.dictionary_page_offset ?? md.data_page_offset);
      const length = asCount(md.total_compressed_size);
      if (declared < 0 || rgRows < 0 || declared > rgRows)
        throw badInput(
          `corrupt Parquet metadata: ${where} declares ${String(md.num_values)} values for ${String(rg.num_rows)} rows`,
          { file, column: name },
        );
      if (start < 0 || length < 0 || start + length > size)
        throw badInput(`corrupt Parquet metadata: ${where} lies outside the file`, { file, column: name });
      const end = start + length;
      let offset = start;
      let values = 0;
      while (offset < end) {
        const reader = { view, offset };
        let h;
        try {
          h = parquetHeader(reader);
        } catch (e) {
          throw badInput(`corrupt Parquet page header in ${where}: ${e instanceof Error ? e.message : String(e)}`, {
            file,
            column: name,
          });
        }
        const pageSize = asCount(h.compressed_page_size);
        const raw = asCount(h.uncompressed_page_size);
        if (pageSize < 0 || raw < 0 || reader.offset + pageSize > end)
          throw badInput(
            `corrupt Parquet page header in ${where}: page size ${String(h.compressed_page_size)} overruns the column chunk`,
            { file, column: name },
          );
        const dp = h.data_page_header ?? h.data_page_header_v2;
        if (dp) {
          const nv = asCount(dp.num_values);
          if (nv < 0 || values + nv > declared)
            throw badInput(
              `corrupt Parquet page header in ${where}: ${String(dp.num_values)} values on a page of a chunk of ${declared}`,
              { file, column: name },
            );
          values += nv;
          const v2 = h.data_page_header_v2;
          const nulls = v2 ? asCount(v2.num_nulls) : 0;
          const defBytes = v2 ? asCount(v2.definition_levels_byte_length) : 0;
          const repBytes = v2 ? asCount(v2.repetition_levels_byte_length) : 0;
          // Flat columns have no repetition levels; hyparquet would decode garbage there as run lengths (OOM).
          if (v2 && !(nulls >= 0 && nulls <= nv && defBytes >= 0 && repBytes === 0 && defBytes <= pageSize)) {
            throw badInput(`corrupt Parquet page header in ${where}: inconsistent null count or level lengths`, {
              file,
              column: name,
            });
          }
        } else if (h.dictionary_page_header) {
          // A dictionary entry takes at least one byte (booleans never use dictionaries).
          const nv = asCount(h.dictionary_page_header.num_values);
          if (nv < 0 || nv > raw)
            throw badInput(
              `corrupt Parquet page header in ${where}: dictionary of ${String(h.dictionary_page_header.num_values)} entries in ${raw} bytes`,
              { file, column: name },
            );
        } else if (h.type === undefined) {
          throw badInput(`corrupt Parquet page header in ${where}: unknown page type`, { file, column: name });
        }
        offset = reader.offset + pageSize;
      }
    }
  }
}

export async function parseParquet(file: string, bytes: Uint8Array, options: ParquetOptions = {}): Promise<Dataset> {
  // hyparquet wants an ArrayBuffer holding exactly the file: use the bytes' own buffer when it is exactly that
  // (large files read by node), else copy.
  const whole =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const buffer = whole
    ? bytes.buffer
    : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
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
  if (!Number.isSafeInteger(rows) || rows < 0)
    throw badInput(`invalid row count ${String(metadata.num_rows)} in the Parquet footer`, { file });
  if (leaves.length === 0) throw badInput(`no numeric column (columns: ${skipped.join(', ') || 'none'})`, { file });
  if (rows === 0) throw badInput('no data rows', { file });
  assertDecodedFits(file, rows, leaves.length, options.maxBytes);
  try {
    checkCodecs(file, metadata, new Set(leaves.map((l) => l.name)));
    validatePages(file, buffer, metadata, new Set(leaves.map((l) => l.name)));
  } catch (e) {
    throw wrap(file, e);
  }
  // The decoders of zstd, gzip, brotli, lz4 (and a faster wasm snappy): loaded on the first Parquet file only.
  const { compressors } = await vendor('parquet-compressors');

  // One pass over the file: hyparquet hands each decoded column chunk to onChunk with its row range.
  const cols = new Map<string, { data: Float64Array; numeric: number; nulls: number; other: number; filled: number }>();
  for (const leaf of leaves)
    cols.set(leaf.name, { data: new Float64Array(rows), numeric: 0, nulls: 0, other: 0, filled: 0 });
  try {
    await parquetRead({
      file: buffer,
      metadata,
      compressors,
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
    if (c.filled !== rows)
      throw badInput(`column "${leaf.name}" has ${c.filled} values, the footer says ${rows} rows`, {
        file,
        column: leaf.name,
      });
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
  if (skipped.length > 0)
    notes.push(`dropped ${skipped.length} non-numeric or nested column(s): ${skipped.join(', ')}`);
  if (nulls > 0) notes.push(`${nulls} null value(s) -> NaN`);
  if (other > 0) notes.push(`${other} non-numeric value(s) -> NaN`);
  return { source: file, columns, data, rows, notes };
}
