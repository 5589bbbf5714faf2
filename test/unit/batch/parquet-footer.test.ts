/**
 * The streamed Parquet footer: the file equals, byte for byte, the one hyparquet-writer's own finish() writes from
 * the same row groups, reads back with an independent reader, and leaves no side file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { ParquetFooterError, StreamingFooter } from '../../../src/runtime/batch/parquet-footer';
import { tempDir } from './helpers';

// 15 leaf columns and 16 schema elements: the long form of the list headers starts at 15 elements
const FEATURES = 12;
const GROUP = 7;
const ROWS = 3 * GROUP - 2; // the last group shorter

type Schema = ConstructorParameters<typeof ParquetWriter>[0]['schema'];

const schema: Schema = [
  { name: 'root', num_children: 3 + FEATURES },
  { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  { name: 'label', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'status', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  ...Array.from({ length: FEATURES }, (_, k) => ({
    name: `f_${k}`,
    type: 'DOUBLE' as const,
    repetition_type: 'OPTIONAL' as const,
  })),
];

/** Row group g of the table: strings with statistics (the writer's default), doubles with nulls and without. */
function group(g: number, offsetIndex = false) {
  const rows = Math.min(GROUP, ROWS - g * GROUP);
  const at = (j: number) => g * GROUP + j;
  const text = (f: (i: number) => string | null) => Array.from({ length: rows }, (_, j) => f(at(j)));
  return {
    columnData: [
      { name: 'id', data: text((i) => `item-${i}-ü"<b>`), offsetIndex },
      { name: 'label', data: text((i) => (i % 4 === 0 ? null : `class ${i % 3}`)), offsetIndex },
      { name: 'status', data: text((i) => (i % 5 === 3 ? 'failed' : 'ok')), offsetIndex },
      ...Array.from({ length: FEATURES }, (_, k) => ({
        name: `f_${k}`,
        data:
          k % 3 === 0
            ? Array.from({ length: rows }, (_, j) => (at(j) % 5 === 3 ? null : Math.sin(at(j) * 31 + k)))
            : Float64Array.from({ length: rows }, (_, j) => at(j) * 1e-3 - k),
        encoding: 'PLAIN' as const,
        statistics: false,
        offsetIndex,
      })),
    ],
    rowGroupSize: GROUP,
  };
}

function writeWithLibrary(path: string): void {
  const w = new ParquetWriter({ writer: fileWriter(path), schema, createdBy: 'dynlens test' });
  for (let g = 0; g * GROUP < ROWS; g++) void w.write(group(g));
  void w.finish();
}

function writeStreamed(path: string, side: string): void {
  const w = new ParquetWriter({ writer: fileWriter(path), schema, createdBy: 'dynlens test' });
  const footer = new StreamingFooter(w, path, side);
  for (let g = 0; g * GROUP < ROWS; g++) {
    void w.write(group(g));
    footer.take();
    expect(w.row_groups.length).toBe(0); // nothing of the group's metadata stays on the heap
  }
  footer.finish();
}

describe('streamed Parquet footer', () => {
  it('writes the same bytes as the library, holds no row group, removes its side file', () => {
    const dir = tempDir();
    writeWithLibrary(join(dir, 'library.parquet'));
    writeStreamed(join(dir, 'streamed.parquet'), join(dir, 'side.tmp'));
    const a = readFileSync(join(dir, 'library.parquet'));
    const b = readFileSync(join(dir, 'streamed.parquet'));
    expect(b.length).toBe(a.length);
    expect(b.equals(a)).toBe(true);
    expect(existsSync(join(dir, 'side.tmp'))).toBe(false);
  });

  it('reads back with DuckDB: every row, null and value', async () => {
    const dir = tempDir();
    const path = join(dir, 'streamed.parquet');
    writeStreamed(path, join(dir, 'side.tmp'));
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const r = await con.runAndReadAll(`SELECT id, label, f_0, f_1 FROM read_parquet('${path}')`);
    const rows = r.getRowObjects();
    expect(rows.length).toBe(ROWS);
    for (let i = 0; i < ROWS; i++) {
      expect(rows[i].id).toBe(`item-${i}-ü"<b>`);
      expect(rows[i].label).toBe(i % 4 === 0 ? null : `class ${i % 3}`);
      expect(rows[i].f_0).toBe(i % 5 === 3 ? null : Math.sin(i * 31));
      expect(rows[i].f_1).toBe(i * 1e-3 - 1);
    }
    con.closeSync();
  });

  it('refuses page indexes (written after the data from state it does not keep)', () => {
    const dir = tempDir();
    const path = join(dir, 'x.parquet');
    const w = new ParquetWriter({ writer: fileWriter(path), schema, createdBy: 'dynlens test' });
    const footer = new StreamingFooter(w, path, join(dir, 'side.tmp'));
    const g = group(0, true);
    g.columnData[0] = { ...g.columnData[0], data: Array.from({ length: GROUP }, (_, j) => `${j}`.repeat(300_000)) };
    void w.write(g);
    expect(() => footer.take()).toThrow(ParquetFooterError);
    footer.discard();
    expect(existsSync(join(dir, 'side.tmp'))).toBe(false);
  });
});
