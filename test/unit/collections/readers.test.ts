import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCollection, readCollections } from '../../../src/analysis/collections/read';
import { DEFAULT_COLLECTION_OPTIONS, type CollectionOptions } from '../../../src/analysis/collections/types';
import { globToRegExp } from '../../../src/analysis/collections/folder';
import type { TableInput } from '../../../src/analysis/core/input';

const opts = (o: Partial<CollectionOptions> = {}): CollectionOptions => ({ ...DEFAULT_COLLECTION_OPTIONS, ...o });

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'dynlens-coll-'));
}

/** A little-endian float64 .npy (version 1.0) of the given shape, C order. */
function npy(shape: number[], values: number[]): Uint8Array {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - 11, ' ') + '\n';
  const out = new Uint8Array(total + values.length * 8);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  new Float64Array(out.buffer, total, values.length).set(values);
  return out;
}

async function table(item: { load(): Promise<unknown> }): Promise<TableInput> {
  return (await item.load()) as TableInput;
}

describe('folder and glob collections', () => {
  it('lists supported files in path order, recursively on request, with labels from the path', async () => {
    const d = tmp();
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'b_ring.csv'), 'x,y\n0,1\n1,0\n');
    writeFileSync(join(d, 'a_blob.csv'), 'x,y\n0,0\n1,1\n');
    writeFileSync(join(d, 'notes.md'), 'skip me');
    writeFileSync(join(d, 'sub', 'c_ring.csv'), 'x,y\n2,2\n3,3\n');
    const flat = await readCollection(d, opts({ labelFromPath: /_(\w+)\.csv$/ }));
    expect(flat.items.map((i) => i.id)).toEqual(['a_blob.csv', 'b_ring.csv']);
    expect(flat.items.map((i) => i.label)).toEqual(['blob', 'ring']);
    expect(flat.notes.join(' ')).toMatch(/1 files of unsupported types skipped/);
    const deep = await readCollection(d, opts({ recursive: true }));
    expect(deep.items.map((i) => i.id)).toEqual(['a_blob.csv', 'b_ring.csv', 'sub/c_ring.csv']);
    const ds = (await table(deep.items[2])).dataset;
    expect(Array.from(ds.data[0])).toEqual([2, 3]);
    const g = await readCollection(join(d, '**/*_ring.csv'), opts());
    expect(g.items.map((i) => i.id)).toEqual(['b_ring.csv', 'sub/c_ring.csv']);
  });

  it('refuses an empty folder and keeps unreadable files as items that fail alone', async () => {
    const d = tmp();
    await expect(readCollection(d, opts())).rejects.toThrow(/no file DynLens can read/);
    writeFileSync(join(d, 'good.csv'), 'x\n1\n2\n');
    writeFileSync(join(d, 'bad.npy'), 'not numpy');
    const c = await readCollection(d, opts());
    expect(c.items).toHaveLength(2);
    await expect(c.items[0].load()).rejects.toThrow(/bad\.npy/);
    expect((await table(c.items[1])).dataset.rows).toBe(2);
  });

  it('turns globs into anchored expressions', () => {
    expect(globToRegExp('*.csv').test('a.csv')).toBe(true);
    expect(globToRegExp('*.csv').test('d/a.csv')).toBe(false);
    expect(globToRegExp('**/*.csv').test('d/e/a.csv')).toBe(true);
    expect(globToRegExp('a?[xy].tsv').test('abx.tsv')).toBe(true);
  });
});

describe('UCR/UEA tables', () => {
  it('reads tab, comma and whitespace layouts with the label first, last, none or named', async () => {
    const d = tmp();
    writeFileSync(join(d, 'new.tsv'), '1\t0.5\t0.25\t1\n2\t1\t2\t3\n');
    writeFileSync(join(d, 'old.txt'), '  1.0000000e+00  5.0e-01  2.5e-01\n -1.0000000e+00  1  2\n');
    writeFileSync(join(d, 'last.csv'), '0.5,0.25,a\n1,2,b\n');
    writeFileSync(join(d, 'named.csv'), 't0,t1,class\n0.5,0.25,x\n');
    const tsv = await readCollection(join(d, 'new.tsv'), opts());
    expect(tsv.layout).toBe('ucr-table');
    expect(tsv.items.map((i) => i.label)).toEqual(['1', '2']);
    expect(Array.from((await table(tsv.items[0])).dataset.data[0])).toEqual([0.5, 0.25, 1]);
    expect(tsv.items[1].source).toMatch(/new\.tsv:2$/);
    const old = await readCollection(join(d, 'old.txt'), opts());
    expect(old.items.map((i) => i.label)).toEqual(['1', '-1']);
    expect(Array.from((await table(old.items[1])).dataset.data[0])).toEqual([1, 2]);
    const last = await readCollection(join(d, 'last.csv'), opts({ labelColumn: 'last' }));
    expect(last.items.map((i) => i.label)).toEqual(['a', 'b']);
    expect(Array.from((await table(last.items[1])).dataset.data[0])).toEqual([1, 2]);
    const none = await readCollection(join(d, 'new.tsv'), opts({ labelColumn: 'none' }));
    expect(none.items[0].label).toBeUndefined();
    expect((await table(none.items[0])).dataset.rows).toBe(4);
    const named = await readCollection(join(d, 'named.csv'), opts({ labelColumn: { name: 'class' } }));
    expect(named.items.map((i) => i.label)).toEqual(['x']);
    await expect(readCollection(join(d, 'new.tsv'), opts({ labelColumn: { name: 'class' } }))).rejects.toThrow(
      /no header row/,
    );
  });

  it('drops trailing padding of ragged rows and fails rows with inner missing values alone', async () => {
    const d = tmp();
    writeFileSync(join(d, 'ragged.tsv'), '1\t1\t2\t3\n2\t1\t2\tNaN\n1\t1\t?\t3\n2\t\t\t\n');
    const c = await readCollection(join(d, 'ragged.tsv'), opts());
    expect((await table(c.items[0])).dataset.rows).toBe(3);
    expect((await table(c.items[1])).dataset.rows).toBe(2);
    await expect(c.items[2].load()).rejects.toThrow(/ragged\.tsv: row 3: value 2 is missing/);
    await expect(c.items[3].load()).rejects.toThrow(/row 4: no values/);
  });

  it('keeps items whose label is missing, without a label', async () => {
    const d = tmp();
    writeFileSync(join(d, 'nolabel.csv'), '1,0.5,0.25\n,1,2\n');
    const c = await readCollection(join(d, 'nolabel.csv'), opts());
    expect(c.items.map((i) => i.label)).toEqual(['1', undefined]);
  });
});

describe('sktime .ts files', () => {
  const header =
    '# comment\n@problemName Toy\n@timeStamps false\n@missing true\n@univariate true\n@equalLength false\n@classLabel true a b\n@data\n';

  it('reads ragged cases with missing values and labels', async () => {
    const d = tmp();
    writeFileSync(join(d, 'toy.ts'), header + '1,2,3:a\n4,5:b\n1,?,3:a\n1,2,NaN:b\n');
    const c = await readCollection(join(d, 'toy.ts'), opts());
    expect(c.layout).toBe('sktime-ts');
    expect(c.items.map((i) => i.label)).toEqual(['a', 'b', 'a', 'b']);
    expect(Array.from((await table(c.items[1])).dataset.data[0])).toEqual([4, 5]);
    await expect(c.items[2].load()).rejects.toThrow(/toy\.ts: row 11: value 2 is missing/);
    expect((await table(c.items[3])).dataset.rows).toBe(2);
  });

  it('reads multivariate cases as one column per dimension', async () => {
    const d = tmp();
    writeFileSync(
      join(d, 'mv.ts'),
      '@problemName MV\n@univariate false\n@classLabel true x\n@data\n1,2:3,4:x\n1,2:3:x\n',
    );
    const c = await readCollection(join(d, 'mv.ts'), opts());
    const ds = (await table(c.items[0])).dataset;
    expect(ds.columns).toEqual(['dim0', 'dim1']);
    expect(Array.from(ds.data[1])).toEqual([3, 4]);
    await expect(c.items[1].load()).rejects.toThrow(/dimensions of different lengths|1 dimensions/);
  });

  it('refuses broken headers and fails cases without a label alone', async () => {
    const d = tmp();
    writeFileSync(join(d, 'nodata.ts'), '@problemName X\n@classLabel true 1 2\n1,2:1\n');
    await expect(readCollection(join(d, 'nodata.ts'), opts())).rejects.toThrow(/line 3: data before @data/);
    writeFileSync(join(d, 'badkey.ts'), '@problemName X\n@frobnicate yes\n@data\n1,2\n');
    await expect(readCollection(join(d, 'badkey.ts'), opts())).rejects.toThrow(/unknown header line @frobnicate/);
    // blank and comment lines count in the line numbers of header errors and of cases
    writeFileSync(join(d, 'gaps.ts'), '\n# about\r\n@problemName X\n\n   @frobnicate yes\n@data\n1,2\n');
    await expect(readCollection(join(d, 'gaps.ts'), opts())).rejects.toThrow(/line 5: unknown header line/);
    writeFileSync(join(d, 'gapdata.ts'), '@problemName X\n\n@data\n# first case next\n\n1,2\n3,4\n');
    const gaps = await readCollection(join(d, 'gapdata.ts'), opts());
    expect(gaps.items.map((it) => it.source.split(':').pop())).toEqual(['6', '7']);
    writeFileSync(join(d, 'badbool.ts'), '@classLabel maybe\n@data\n1,2\n');
    await expect(readCollection(join(d, 'badbool.ts'), opts())).rejects.toThrow(/true or false/);
    writeFileSync(join(d, 'nolist.ts'), '@classLabel true\n@data\n1,2:1\n');
    await expect(readCollection(join(d, 'nolist.ts'), opts())).rejects.toThrow(/must list the class labels/);
    writeFileSync(join(d, 'nolabel.ts'), '@classLabel true 1 2\n@data\n1,2:1\n3,4\n5,6:7\n');
    const c = await readCollection(join(d, 'nolabel.ts'), opts());
    expect(c.items).toHaveLength(3);
    await expect(c.items[1].load()).rejects.toThrow(/row 4: no label/);
    await expect(c.items[2].load()).rejects.toThrow(/label "7" is not among/);
  });
});

describe('NumPy collections', () => {
  it('reads (items, points, dims) and (items, length) .npy files and one item per .npz member', async () => {
    const d = tmp();
    writeFileSync(join(d, 'clouds.npy'), npy([2, 3, 2], [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]));
    writeFileSync(join(d, 'series.npy'), npy([3, 2], [1, 2, 3, 4, 5, 6]));
    writeFileSync(join(d, 'flat.npy'), npy([4], [1, 2, 3, 4]));
    writeFileSync(join(d, 'many.npz'), zipSync({ 'a.npy': npy([3], [1, 2, 3]), 'b.npy': npy([2, 2], [1, 2, 3, 4]) }));
    const clouds = await readCollection(join(d, 'clouds.npy'), opts());
    expect(clouds.items).toHaveLength(2);
    const c1 = (await table(clouds.items[1])).dataset;
    expect(c1.columns).toEqual(['c0', 'c1']);
    expect(Array.from(c1.data[0])).toEqual([10, 12, 14]);
    expect(Array.from(c1.data[1])).toEqual([11, 13, 15]);
    const series = await readCollection(join(d, 'series.npy'), opts());
    expect(Array.from((await table(series.items[2])).dataset.data[0])).toEqual([5, 6]);
    await expect(readCollection(join(d, 'flat.npy'), opts())).rejects.toThrow(/shape \(items, length\)/);
    const npz = await readCollection(join(d, 'many.npz'), opts());
    expect(npz.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect((await table(npz.items[1])).dataset.columns).toHaveLength(2);
  });
});

describe('manifest CSV', () => {
  it('resolves paths beside the manifest, reads labels and carries the other columns', async () => {
    const d = tmp();
    mkdirSync(join(d, 'data'));
    writeFileSync(join(d, 'data', 'one.csv'), 'x\n1\n2\n');
    writeFileSync(
      join(d, 'manifest.csv'),
      'path,label,subject,"note, quoted"\ndata/one.csv,A,s1,"x, y"\ndata/missing.csv,,s2,z\n',
    );
    const c = await readCollection(join(d, 'manifest.csv'), opts());
    expect(c.layout).toBe('manifest');
    expect(c.extraColumns).toEqual(['subject', 'note, quoted']);
    expect(c.items[0].extra).toEqual({ subject: 's1', 'note, quoted': 'x, y' });
    expect(c.items.map((i) => i.label)).toEqual(['A', undefined]);
    expect((await table(c.items[0])).dataset.rows).toBe(2);
    await expect(c.items[1].load()).rejects.toThrow(/missing\.csv: file not found/);
  });

  it('reads several collections at once', async () => {
    const d = tmp();
    writeFileSync(join(d, 'TRAIN.tsv'), '1\t1\t2\n');
    writeFileSync(join(d, 'TEST.tsv'), '2\t3\t4\n1\t5\t6\n');
    const cs = await readCollections([join(d, 'TRAIN.tsv'), join(d, 'TEST.tsv')], opts());
    expect(cs.map((c) => c.items.length)).toEqual([1, 2]);
  });
});
