/**
 * Arrow IPC: the file format (Feather v2, `.arrow`, `.feather`) and the stream format (`.ipc`, standard input),
 * through apache-arrow. Integer, float, boolean, decimal, date, time, timestamp and duration columns are read
 * (dates and timestamps as milliseconds since the epoch, as the Parquet reader does); nulls become NaN; text,
 * binary and nested columns are dropped with a note. Buffer-compressed IPC (LZ4_FRAME or ZSTD, as pyarrow and
 * polars write Feather v2 by default) is read through codecs registered with apache-arrow on the first such file:
 * ZSTD by fzstd (hyparquet-compressors' decoder), LZ4 frames by ./lz4-frame.
 */
import type { DataType as ArrowType, Table, Vector } from 'apache-arrow';
import { badInput } from '../core/errors';
import type { Dataset, LoadOptions } from '../core/input';
import { assertDecodedFits } from './dataset';
import { decodeLz4Frames } from './lz4-frame';
import { vendor } from './vendor';

type Arrow = Awaited<ReturnType<typeof vendor<'arrow'>>>;

function isNumericType(DataType: Arrow['DataType'], t: ArrowType): boolean {
  return (
    DataType.isInt(t) ||
    DataType.isFloat(t) ||
    DataType.isBool(t) ||
    DataType.isDecimal(t) ||
    DataType.isDate(t) ||
    DataType.isTime(t) ||
    DataType.isTimestamp(t) ||
    DataType.isDuration(t) ||
    (DataType.isDictionary(t) && isNumericType(DataType, t.dictionary))
  );
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  if (v === null || v === undefined) return NaN;
  // Decimals come back as objects whose valueOf/toString gives the number.
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

function readColumn(DataType: Arrow['DataType'], vec: Vector, rows: number): { data: Float64Array; nulls: number } {
  const data = new Float64Array(rows);
  let nulls = 0;
  if (vec.nullCount === 0 && DataType.isFloat(vec.type) && vec.data.length === 1) {
    const arr = vec.toArray() as ArrayLike<number>;
    for (let i = 0; i < rows; i++) data[i] = arr[i];
    return { data, nulls };
  }
  let i = 0;
  for (const v of vec) {
    if (v === null) nulls++;
    data[i++] = toNumber(v);
  }
  return { data, nulls };
}

/** Thrown on the first compressed file, before the codecs are loaded. */
class NeedsCodecs extends Error {}

let codecsRegistered: Promise<void> | undefined;

/** apache-arrow reads compressed buffers only through codecs in its registry; it ships none. */
function registerCodecs(arrow: Arrow): Promise<void> {
  codecsRegistered ??= vendor('parquet-compressors').then(({ decompressZstd }) => {
    arrow.compressionRegistry.set(arrow.CompressionType.LZ4_FRAME, { decode: decodeLz4Frames });
    arrow.compressionRegistry.set(arrow.CompressionType.ZSTD, { decode: (b) => decompressZstd(b) });
  });
  return codecsRegistered;
}

function readTable(arrow: Arrow, file: string, bytes: Uint8Array): Table {
  try {
    return arrow.tableFromIPC(bytes);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/compressed but codec not found/i.test(msg)) throw new NeedsCodecs();
    throw badInput(`not a readable Arrow IPC / Feather v2 file: ${msg}`, { file });
  }
}

/** Reads the table, loading the codecs on the first compressed file (most Arrow files are uncompressed). */
async function readTableWithCodecs(arrow: Arrow, file: string, bytes: Uint8Array): Promise<Table> {
  for (let attempt = 0; ; attempt++) {
    try {
      return readTable(arrow, file, bytes);
    } catch (e) {
      if (!(e instanceof NeedsCodecs)) throw e;
      if (attempt > 0 || codecsRegistered)
        throw badInput('Arrow IPC buffers use a compression codec other than LZ4_FRAME or ZSTD', { file });
      await registerCodecs(arrow);
    }
  }
}

export async function parseArrow(file: string, bytes: Uint8Array, options: LoadOptions = {}): Promise<Dataset> {
  const arrow = await vendor('arrow');
  const { DataType } = arrow;
  await codecsRegistered;
  const table = await readTableWithCodecs(arrow, file, bytes);
  const rows = table.numRows;
  const fields = table.schema.fields;
  const keep = fields.filter((f) => isNumericType(DataType, f.type));
  const dropped = fields.filter((f) => !isNumericType(DataType, f.type)).map((f) => `${f.name} (${String(f.type)})`);
  if (keep.length === 0) throw badInput(`no numeric column (columns: ${dropped.join(', ') || 'none'})`, { file });
  if (rows === 0) throw badInput('no data rows', { file });
  assertDecodedFits(file, rows, keep.length, options.maxBytes);
  const columns: string[] = [];
  const data: Float64Array[] = [];
  let nulls = 0;
  for (const f of keep) {
    const vec = table.getChild(f.name);
    if (!vec) continue;
    options.signal?.throwIfCancelled();
    const c = readColumn(DataType, vec, rows);
    nulls += c.nulls;
    columns.push(f.name);
    data.push(c.data);
  }
  const notes = [`arrow ipc, ${table.batches.length} record batch(es)`];
  if (dropped.length > 0) notes.push(`dropped ${dropped.length} non-numeric column(s): ${dropped.join(', ')}`);
  if (nulls > 0) notes.push(`${nulls} null value(s) -> NaN`);
  return { source: file, columns, data, rows, notes };
}
