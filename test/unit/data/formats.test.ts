import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DynLensError, exitCodeFor } from '../../../src/analysis/core/errors';
import { loadTable } from '../../../src/analysis/data/load';
import { looksBinary, sniffFormat } from '../../../src/analysis/data/formats';
import { formatSlice, parseSlice } from '../../../src/analysis/data/slice';
import { expectColumn, expected, FORMATS, load, loadError, type Stats } from './formats-helpers';

const columnar = JSON.parse(readFileSync(join(FORMATS, 'columnar-expected.json'), 'utf8')) as {
  rows: number;
  sumT: number;
  sumX: number;
  sumN: number;
  sumFlag: number;
  arrow: { rows: number; sumT: number; sumY: number; sumK: number };
};
const sum = (a: Float64Array) => a.reduce((s, v) => (Number.isNaN(v) ? s : s + v), 0);

describe('Parquet written by DuckDB with every codec', () => {
  test.each(['zstd', 'gzip', 'brotli', 'lz4', 'snappy', 'uncompressed'])('%s', async (codec) => {
    const ds = await load(`codec_${codec}.parquet`);
    expect(ds.columns).toEqual(['t', 'x', 'n', 'flag']);
    expect(ds.rows).toBe(columnar.rows);
    expect(sum(ds.data[0])).toBeCloseTo(columnar.sumT, 8);
    expect(sum(ds.data[1])).toBeCloseTo(columnar.sumX, 8);
    expect(Number.isNaN(ds.data[1][7])).toBe(true);
    expect(sum(ds.data[2])).toBe(columnar.sumN);
    expect(sum(ds.data[3])).toBe(columnar.sumFlag);
  });
  test('an unsupported codec (LZO) is named, with the column, before decoding', async () => {
    const e = await loadError('codec_lzo.parquet');
    expect(e.message).toMatch(/codec_lzo\.parquet: column "t" uses compression codec LZO, which DynLens cannot decode/);
    expect(exitCodeFor(e.kind)).toBe(2);
  });
});

describe('Arrow IPC (apache-arrow writer)', () => {
  test.each(['table.feather', 'table.arrows'])('%s: numeric columns, text dropped with a note', async (file) => {
    const ds = await load(file);
    expect(ds.columns).toEqual(['t', 'y', 'k', 'big']);
    expect(ds.rows).toBe(columnar.arrow.rows);
    expect(sum(ds.data[0])).toBeCloseTo(columnar.arrow.sumT, 9);
    expect(sum(ds.data[1])).toBeCloseTo(columnar.arrow.sumY, 4);
    expect(sum(ds.data[2])).toBe(columnar.arrow.sumK);
    expect(ds.data[3][299]).toBe(299000);
    expect(ds.notes.join(' ')).toMatch(/dropped 1 non-numeric column\(s\): name/);
  });
});

const compressed = JSON.parse(readFileSync(join(FORMATS, 'arrow-compressed-expected.json'), 'utf8')) as {
  rows: number;
  batches: number;
  sumT: number;
  sumX: number;
  sumK: number;
};

describe('Arrow IPC with compressed buffers (polars writer)', () => {
  test.each(['arrow_lz4.feather', 'arrow_zstd.feather', 'arrow_lz4.arrows', 'arrow_zstd.arrows'])(
    '%s: every record batch decompressed, nulls kept',
    async (file) => {
      const ds = await load(file);
      expect(ds.columns).toEqual(['t', 'x', 'k']);
      expect(ds.rows).toBe(compressed.rows);
      expect(sum(ds.data[0])).toBe(compressed.sumT);
      expect(sum(ds.data[1])).toBeCloseTo(compressed.sumX, 9);
      expect(Number.isNaN(ds.data[1][7])).toBe(true);
      expect(sum(ds.data[2])).toBe(compressed.sumK);
      expect(ds.data[1][12005]).toBeCloseTo(Math.sin(5 * 0.1), 15);
      // polars writes the file in the frame's two chunks and rechunks the stream into one.
      if (file.endsWith('.feather')) expect(ds.notes.join(' ')).toContain(`${compressed.batches} record batch(es)`);
      expect(ds.notes.join(' ')).toMatch(/dropped 1 non-numeric column\(s\): label/);
    },
  );
  test('a damaged compressed buffer is a bad input naming the file', async () => {
    const bytes = new Uint8Array(readFileSync(join(FORMATS, 'arrow_lz4.arrows')));
    // The first LZ4 frame's first block: its size word now claims more bytes than the block maximum.
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x04, 0x22, 0x4d, 0x18]));
    bytes.set([0xff, 0xff, 0x0f, 0x00], at + 7);
    const e = await loadTable('damaged.arrows', bytes).then(
      () => new Error('expected a failure'),
      (err: unknown) => err,
    );
    if (!(e instanceof DynLensError)) throw e;
    expect(e.message).toMatch(/damaged\.arrows: .*corrupt LZ4 frame/);
    expect(exitCodeFor(e.kind)).toBe(2);
  });
});

describe('NetCDF-3 classic (netCDF4-python)', () => {
  test('a variable with its coordinate and units', async () => {
    const ds = await load('classic.nc', { dataset: 'pressure' });
    expect(ds.columns).toEqual(['time', 'pressure']);
    expectColumn(ds.data[1], expected['classic.nc:pressure'] as Stats);
    expect(ds.notes.join('\n')).toContain('units = "hPa"');
    expect(ds.notes.join('\n')).toContain('time: units = "hours since 2020-01-01"');
    const counts = await load('classic.nc', { dataset: 'counts' });
    expectColumn(counts.data[1], expected['classic.nc:counts'] as Stats);
  });
  test('two data variables: usage error with choices; only dimensions: bad input', async () => {
    const e = await loadError('classic.nc');
    expect(e.kind).toBe('usage');
    expect(e.toInfo().choices).toEqual(['pressure', 'counts']);
    const d = await loadError('dims_only.nc');
    expect(d.message).toMatch(/dims_only\.nc: NetCDF file has only dimensions \(time, lat\) and no variables/);
    expect(exitCodeFor(d.kind)).toBe(2);
  });
});

describe('MATLAB v5 (scipy.io.savemat)', () => {
  test('a matrix in MATLAB orientation; a row vector is one column; a 1x1 struct field by name', async () => {
    const ds = await load('v5.mat', { dataset: 'data' });
    expect(ds.columns).toEqual(['data(:,1)', 'data(:,2)']);
    (expected['v5.mat:data'] as Stats[]).forEach((s, j) => expectColumn(ds.data[j], s));
    expect(ds.notes.join(' ')).toMatch(/also in the file: .*params struct \[1 x 1\] \{alpha, name\}/);
    const row = await load('v5.mat', { dataset: 'row' });
    expect(Array.from(row.data[0])).toEqual([0, 1, 2, 3, 4]);
    expect((await load('v5.mat', { dataset: 'params.alpha' })).data[0][0]).toBe(0.5);
  });
  test('--slice on an in-memory array (MATLAB order): one column of a matrix, every other row', async () => {
    const ds = await load('v5.mat', { dataset: 'data', slice: '::2,1' });
    expect(ds.columns).toEqual(['data']);
    expect(Array.from(ds.data[0].slice(0, 4))).toEqual([0, 4, 16, 36]);
    expect(ds.rows).toBe(15);
  });
  test('struct and cell arrays: what is inside and what can be read', async () => {
    const s = await loadError('struct_only.mat');
    expect(s.message).toMatch(
      /struct_only\.mat: no numeric variable .*params struct \[1 x 1\] \{alpha, beta\}.*--dataset params\.alpha, --dataset params\.beta/,
    );
    const c = await loadError('cell_only.mat');
    expect(c.message).toMatch(
      /cell_only\.mat: .*items cell \[1 x 2\] \{double \[1 x 3\], char \[1 x 4\]\}.*nothing in it/,
    );
    expect(exitCodeFor(c.kind)).toBe(2);
    expect((await loadError('v5.mat', { dataset: 'params.name' })).kind).toBe('usage');
  });
});

describe('XPPAUT .dat (xppaut -silent)', () => {
  test('column names from the .ode beside it', async () => {
    const ds = await load('xpp/output.dat');
    expect(ds.columns).toEqual(['t', 'x', 'y']);
    expect(ds.rows).toBe(501);
    expect(ds.data[1][0]).toBe(2);
    expect(ds.data[0][500]).toBeCloseTo(5, 5);
  });
  test('without a model: t, x1, x2', async () => {
    const bytes = new TextEncoder().encode('0 1 2\n0.1 1.5 2.5\n');
    const ds = await loadTable('/nonexistent-dir/run.dat', bytes);
    expect(ds.columns).toEqual(['t', 'x1', 'x2']);
  });
});

describe('--slice syntax', () => {
  test('numpy-like entries', () => {
    expect(parseSlice('0,:,1:5:2', [3, 4, 10])).toEqual([
      { offset: 0, count: 1, stride: 1, kept: false },
      { offset: 0, count: 4, stride: 1, kept: true },
      { offset: 1, count: 2, stride: 2, kept: true },
    ]);
    expect(parseSlice('-1', [5, 2])[0].offset).toBe(4);
    expect(formatSlice(parseSlice('1,::3', [2, 10]), [2, 10])).toBe('1,0:10:3');
    expect(() => parseSlice('0,0,0', [2, 2])).toThrow(/3 entries for a 2-D/);
    expect(() => parseSlice('a', [2])).toThrow(/not an integer/);
    expect(() => parseSlice('::0', [2])).toThrow(/step must be a positive/);
    expect(() => parseSlice('5:2', [9])).toThrow(/selects nothing/);
  });
});

describe('format sniffing', () => {
  test('magic bytes', () => {
    const file = (f: string) => new Uint8Array(readFileSync(join(FORMATS, f)).subarray(0, 4096));
    expect(sniffFormat(file('dtypes.h5'))).toBe('hdf5');
    expect(sniffFormat(file('v73.mat'))).toBe('hdf5');
    expect(sniffFormat(file('classic.nc'))).toBe('netcdf');
    expect(sniffFormat(file('v5.mat'))).toBe('mat');
    expect(sniffFormat(file('codec_gzip.parquet'))).toBe('parquet');
    expect(sniffFormat(file('table.feather'))).toBe('arrow');
    expect(sniffFormat(file('table.arrows'))).toBe('arrow');
    expect(sniffFormat(new TextEncoder().encode('a,b\n1,2\n'))).toBeUndefined();
    expect(looksBinary(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode('t\tx\n0\t1\n'))).toBe(false);
  });
});
