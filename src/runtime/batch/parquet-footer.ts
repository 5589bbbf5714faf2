/**
 * A Parquet footer written from row-group metadata kept on disk, so that a table's memory does not grow with its
 * row groups.
 *
 * hyparquet-writer keeps every column chunk's metadata as JS objects until `finish()` (about 750 bytes of heap per
 * chunk, measured: 3 MB per row group of a 5,000-column feature table, so 375 MB for 100,000 items of a 50 x 50
 * Hilbert image). Here each row group's metadata is encoded (Thrift compact protocol, the library's own encoder) as
 * soon as the group is written and appended to a side file; the footer is the FileMetaData struct of the Parquet
 * format (parquet.thrift) with its row-group list copied from that file. The fields are those the library writes, in
 * the same order, so the file is byte for byte the one `ParquetWriter.finish()` would have written (tested).
 * Page indexes and bloom filters are not supported (they are written after the data, from state kept to the end).
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import {
  CompressionCodecs,
  ConvertedTypes,
  Encodings,
  FieldRepetitionTypes,
  PageTypes,
  ParquetTypes,
} from 'hyparquet/src/constants.js';
import { ByteWriter, type ParquetWriter } from 'hyparquet-writer';
import { logicalType } from 'hyparquet-writer/src/metadata.js';
import { serializeTCompactProtocol } from 'hyparquet-writer/src/thrift.js';
import { unconvertStatistics } from 'hyparquet-writer/src/unconvert.js';

// Thrift compact protocol types (the Apache Thrift compact protocol specification)
const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

type Thrift = Parameters<typeof serializeTCompactProtocol>[1];
type Writer = ParquetWriter['writer'];
// the metadata types of the hyparquet that hyparquet-writer itself uses
type SchemaElement = ParquetWriter['schema'][number];
type RowGroup = ParquetWriter['row_groups'][number];
type ColumnChunk = RowGroup['columns'][number];

export class ParquetFooterError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

type ElementOf = (path: string[]) => SchemaElement;

function chunkThrift(c: ColumnChunk, elementOf: ElementOf, truncate: number | undefined): Thrift {
  const m = c.meta_data;
  return {
    field_1: c.file_path,
    field_2: c.file_offset,
    field_3: m && {
      field_1: ParquetTypes.indexOf(m.type),
      field_2: m.encodings.map((e) => Encodings.indexOf(e)),
      field_3: m.path_in_schema,
      field_4: CompressionCodecs.indexOf(m.codec),
      field_5: m.num_values,
      field_6: m.total_uncompressed_size,
      field_7: m.total_compressed_size,
      field_8: m.key_value_metadata?.map((kv) => ({ field_1: kv.key, field_2: kv.value })),
      field_9: m.data_page_offset,
      field_10: m.index_page_offset,
      field_11: m.dictionary_page_offset,
      field_12: m.statistics && unconvertStatistics(m.statistics, elementOf(m.path_in_schema), truncate),
      field_13: m.encoding_stats?.map((es) => ({
        field_1: PageTypes.indexOf(es.page_type),
        field_2: Encodings.indexOf(es.encoding),
        field_3: es.count,
      })),
      field_14: m.bloom_filter_offset,
      field_15: m.bloom_filter_length,
      field_16: m.size_statistics && {
        field_1: m.size_statistics.unencoded_byte_array_data_bytes,
        field_2: m.size_statistics.repetition_level_histogram,
        field_3: m.size_statistics.definition_level_histogram,
      },
    },
    field_4: c.offset_index_offset,
    field_5: c.offset_index_length,
    field_6: c.column_index_offset,
    field_7: c.column_index_length,
  };
}

function rowGroupThrift(rg: RowGroup, elementOf: ElementOf, truncate: number | undefined): Thrift {
  return {
    field_1: rg.columns.map((c) => chunkThrift(c, elementOf, truncate)),
    field_2: rg.total_byte_size,
    field_3: rg.num_rows,
    field_5: rg.file_offset,
    field_6: rg.total_compressed_size,
  };
}

function schemaThrift(e: SchemaElement): Thrift {
  return {
    field_1: e.type && ParquetTypes.indexOf(e.type),
    field_2: e.type_length,
    field_3: e.repetition_type && FieldRepetitionTypes.indexOf(e.repetition_type),
    field_4: e.name,
    field_5: e.num_children,
    field_6: e.converted_type && ConvertedTypes.indexOf(e.converted_type),
    field_7: e.scale,
    field_8: e.precision,
    field_9: e.field_id,
    field_10: logicalType(e.logical_type),
  };
}

/** A field header of the compact protocol: the id as a delta from the previous field's when it fits in 4 bits. */
function fieldHeader(w: Writer, lastId: number, id: number, type: number): number {
  const delta = id - lastId;
  if (delta > 0 && delta <= 15) w.appendUint8((delta << 4) | type);
  else {
    w.appendUint8(type);
    w.appendZigZag(id);
  }
  return id;
}

function listHeader(w: Writer, size: number, elementType: number): void {
  if (size < 15) w.appendUint8((size << 4) | elementType);
  else {
    w.appendUint8(0xf0 | elementType);
    w.appendVarInt(size);
  }
}

/**
 * Takes over the end of a ParquetWriter's file: call `take()` after each `write()`, then `finish()` instead of the
 * writer's. The row groups' metadata lives in `sidePath` (removed by finish or discard).
 */
export class StreamingFooter {
  private side: number;
  private groups = 0;
  private sideBytes = 0;
  private readonly elements: Map<string, SchemaElement>;

  constructor(
    private readonly pw: ParquetWriter,
    private readonly file: string,
    private readonly sidePath: string,
  ) {
    if (pw.kvMetadata) throw new ParquetFooterError(file, 'key-value metadata is not supported here');
    this.side = openSync(sidePath, 'w+');
    this.elements = new Map(pw.schema.slice(1).map((e) => [e.name, e]));
  }

  private elementOf = (path: string[]): SchemaElement => {
    const e = path.length === 1 ? this.elements.get(path[0]) : undefined;
    if (!e) throw new ParquetFooterError(this.file, `no flat schema column ${path.join('.')}`);
    return e;
  };

  /** Encodes the row groups the writer holds to the side file and lets the writer drop them. */
  take(): void {
    // what the footer written here does not carry: refused, never dropped from the file
    for (const p of this.pw.pendingIndexes)
      if (p.columnIndex || p.offsetIndex || p.bloomFilter)
        throw new ParquetFooterError(this.file, 'page indexes and bloom filters are not supported here');
    for (const rg of this.pw.row_groups)
      if (rg.sorting_columns || rg.columns.some((c) => c.meta_data?.geospatial_statistics))
        throw new ParquetFooterError(this.file, 'sorting columns and geospatial statistics are not supported here');
    this.pw.pendingIndexes.length = 0;
    for (const rg of this.pw.row_groups) {
      const w = new ByteWriter();
      serializeTCompactProtocol(w, rowGroupThrift(rg, this.elementOf, this.pw.statisticsTruncateLength));
      const bytes = w.getBytes();
      writeSync(this.side, bytes);
      this.sideBytes += bytes.length;
      this.groups++;
    }
    this.pw.row_groups.length = 0;
  }

  /** Writes the FileMetaData, its length and the closing magic, and closes the file. */
  finish(): void {
    this.take();
    const out = this.pw.writer;
    const start = out.offset;
    const head = new ByteWriter();
    let id = fieldHeader(head, 0, 1, I32);
    head.appendZigZag(2); // format version, as the library writes
    id = fieldHeader(head, id, 2, LIST);
    listHeader(head, this.pw.schema.length, STRUCT);
    for (const e of this.pw.schema) serializeTCompactProtocol(head, schemaThrift(e));
    id = fieldHeader(head, id, 3, I64);
    head.appendZigZag(this.pw.num_rows);
    id = fieldHeader(head, id, 4, LIST);
    listHeader(head, this.groups, STRUCT);
    out.appendBytes(head.getBytes());
    this.copySide(out);
    const tail = new ByteWriter();
    id = fieldHeader(tail, id, 6, BINARY);
    const created = new TextEncoder().encode(this.pw.createdBy);
    tail.appendVarInt(created.length);
    tail.appendBytes(created);
    // column orders: TYPE_ORDER for every leaf column
    fieldHeader(tail, id, 7, LIST);
    const leaves = this.pw.schema.filter((e) => e.type).length;
    listHeader(tail, leaves, STRUCT);
    for (let k = 0; k < leaves; k++) serializeTCompactProtocol(tail, { field_1: {} });
    tail.appendUint8(0); // end of FileMetaData
    out.appendBytes(tail.getBytes());
    out.appendUint32(out.offset - start);
    out.appendUint32(0x31524150); // "PAR1"
    void out.finish();
    this.discard();
  }

  private copySide(out: Writer): void {
    const buf = new Uint8Array(1 << 20);
    for (let at = 0; at < this.sideBytes;) {
      const n = readSync(this.side, buf, 0, Math.min(buf.length, this.sideBytes - at), at);
      if (n <= 0) throw new ParquetFooterError(this.file, `row-group metadata ended early (${this.sidePath})`);
      out.appendBytes(buf.subarray(0, n));
      at += n;
    }
  }

  /** Closes and removes the side file (also after a failure). */
  discard(): void {
    if (this.side >= 0) closeSync(this.side);
    this.side = -1;
    rmSync(this.sidePath, { force: true });
  }
}
