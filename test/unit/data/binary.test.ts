import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../../src/analysis/data/npy';
import { parseNpz } from '../../../src/analysis/data/npz';
import { parseParquet } from '../../../src/analysis/data/parquet';
import { dynLensErrorOf, FIXTURES, fixtureBytes, fixtureJson, num } from './helpers';

interface NpyCase {
  shape: number[];
  dtype: string;
  fortran: boolean;
  version: string;
  columns: (number | string)[][];
}

/** Builds a .npy file by hand (for malformed-header cases numpy would never write). */
function npy(header: string, data: Uint8Array = new Uint8Array(0), major = 1): Uint8Array {
  const h = new TextEncoder().encode(header);
  const pre = major === 1 ? 10 : 12;
  const out = new Uint8Array(pre + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  if (major === 1) {
    out[8] = h.length & 0xff;
    out[9] = h.length >> 8;
  } else {
    out[8] = h.length & 0xff;
    out[9] = (h.length >> 8) & 0xff;
  }
  out.set(h, pre);
  out.set(data, pre + h.length);
  return out;
}

describe('npy loader against numpy-written fixtures', () => {
  const expected = fixtureJson<Record<string, NpyCase>>('npy', 'expected.json');
  const names = Object.keys(expected);

  it('covers every dtype, byte order, memory order and version', () => {
    const dtypes = new Set(names.map((n) => expected[n].dtype.slice(1)));
    for (const d of ['f2', 'f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1'])
      expect(dtypes).toContain(d);
    expect(new Set(names.map((n) => expected[n].version))).toEqual(new Set(['1.0', '2.0', '3.0']));
    expect(names.some((n) => expected[n].fortran)).toBe(true);
    expect(names.some((n) => expected[n].dtype.startsWith('>'))).toBe(true);
    expect(readdirSync(join(FIXTURES, 'npy')).filter((f) => f.endsWith('.npy')).length).toBe(names.length + 1);
  });

  for (const name of names) {
    it(`reads ${name}`, () => {
      const c = expected[name];
      const ds = parseNpy(`${name}.npy`, fixtureBytes('npy', `${name}.npy`));
      expect(ds.rows).toBe(c.shape.length === 0 ? 1 : c.shape[0]);
      expect(ds.columns.length).toBe(c.columns.length);
      for (let j = 0; j < c.columns.length; j++) {
        const want = c.columns[j].map(num);
        const got = [...ds.data[j]];
        // Exact: every dtype converts to float64 without rounding (u8/i8 values here are below 2^53 or powers of 2).
        expect(got).toEqual(want);
      }
      expect(ds.notes[0]).toContain(`npy ${c.version}`);
    });
  }

  it('refuses arrays with more than two dimensions', async () => {
    const e = await dynLensErrorOf(() => parseNpy('f8_3d.npy', fixtureBytes('npy', 'f8_3d.npy')));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('3 dimensions');
  });

  it('refuses a huge declared shape without allocating it', async () => {
    const bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 3), }\n", new Uint8Array(64));
    const e = await dynLensErrorOf(() => parseNpy('huge.npy', bytes));
    expect(e.message).toContain('truncated .npy data');
  });

  it('refuses a declared array over the memory budget', async () => {
    const bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100, 2), }\n", new Uint8Array(800));
    const e = await dynLensErrorOf(() => parseNpy('b.npy', bytes, { maxBytes: 1000 }));
    expect(e.kind).toBe('too-large');
  });

  it('refuses structured and unsupported dtypes, bad magic and bad versions', async () => {
    expect(
      (
        await dynLensErrorOf(() =>
          parseNpy('s.npy', npy("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }\n")),
        )
      ).message,
    ).toContain('structured');
    expect(
      (
        await dynLensErrorOf(() =>
          parseNpy('c.npy', npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }\n")),
        )
      ).message,
    ).toContain("unsupported .npy dtype '<c16'");
    expect(
      (await dynLensErrorOf(() => parseNpy('o.npy', npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }\n"))))
        .message,
    ).toContain('unsupported');
    expect((await dynLensErrorOf(() => parseNpy('m.npy', new Uint8Array([1, 2, 3])))).message).toContain('magic');
    expect((await dynLensErrorOf(() => parseNpy('v.npy', npy('{}', new Uint8Array(0), 9)))).message).toContain(
      'version 9',
    );
    expect(
      (await dynLensErrorOf(() => parseNpy('n.npy', npy("{'descr': '<f8', 'shape': (1,), }\n")))).message,
    ).toContain('fortran_order');
  });
});

describe('npz loader', () => {
  const expected = fixtureJson<Record<string, (number | string)[][]>>('npz', 'expected.json');
  for (const file of ['arrays.npz', 'compressed.npz']) {
    it(`${file}: picks the first 1-D or 2-D float array, or the named member`, () => {
      const ds = parseNpz(file, fixtureBytes('npz', file));
      // Members in archive order: cube (3-D, skipped), labels (int), points (float, 2-D) -> points.
      expect(ds.columns).toEqual(['c0', 'c1']);
      expect(ds.data.map((c) => [...c])).toEqual(expected.points);
      expect(ds.notes[0]).toContain('npz member "points"');
      const s = parseNpz(file, fixtureBytes('npz', file), { member: 'series' });
      expect(s.columns).toEqual(['series']);
      expect([...s.data[0]]).toEqual(expected.series[0]);
      const l = parseNpz(file, fixtureBytes('npz', file), { member: 'labels.npy' });
      expect([...l.data[0]]).toEqual(expected.labels[0]);
    });
  }
  it('falls back to an integer array, and names missing members', async () => {
    expect([...parseNpz('i.npz', fixtureBytes('npz', 'ints_only.npz')).data[0]]).toEqual(expected.labels[0]);
    const e = await dynLensErrorOf(() => parseNpz('a.npz', fixtureBytes('npz', 'arrays.npz'), { member: 'nope' }));
    expect(e.message).toContain('no member "nope"');
    expect(e.message).toContain('points');
  });
  it('refuses a member whose declared size exceeds the budget, and non-zip bytes', async () => {
    const e = await dynLensErrorOf(() => parseNpz('a.npz', fixtureBytes('npz', 'arrays.npz'), { maxBytes: 100 }));
    expect(e.kind).toBe('too-large');
    const z = await dynLensErrorOf(() => parseNpz('z.npz', new Uint8Array([1, 2, 3, 4, 5])));
    expect(z.kind).toBe('bad-input');
  });
});

describe('parquet loader against hyparquet test files', () => {
  it('reads an INT64 column split over row groups', async () => {
    const ds = await parseParquet('rowgroups.parquet', fixtureBytes('parquet', 'rowgroups.parquet'));
    const rows = fixtureJson<number[][]>('parquet', 'rowgroups.json');
    expect(ds.columns).toEqual(['numbers']);
    expect([...ds.data[0]]).toEqual(rows.map((r) => r[0]));
  });

  it('keeps numeric and boolean columns, drops strings and lists (data page v2, snappy)', async () => {
    const ds = await parseParquet('dp.parquet', fixtureBytes('parquet', 'datapage_v2.snappy.parquet'));
    const rows = fixtureJson<unknown[][]>('parquet', 'datapage_v2.snappy.json');
    expect(ds.columns).toEqual(['b', 'c', 'd']);
    expect([...ds.data[0]]).toEqual(rows.map((r) => r[1]));
    expect([...ds.data[1]]).toEqual(rows.map((r) => r[2]));
    expect([...ds.data[2]]).toEqual(rows.map((r) => (r[3] ? 1 : 0)));
    expect(ds.notes.join(' ')).toContain('dropped 2');
  });

  it('maps nulls to NaN (delta-encoded optional INT64)', async () => {
    const ds = await parseParquet('d.parquet', fixtureBytes('parquet', 'delta_encoding_optional_column.parquet'));
    const rows = fixtureJson<unknown[][]>('parquet', 'delta_encoding_optional_column.json');
    expect(ds.rows).toBe(rows.length);
    expect(ds.columns[0]).toBe('c_customer_sk');
    const want = rows.map((r) => (r[0] === null ? NaN : Number(r[0])));
    expect([...ds.data[0]]).toEqual(want);
    const numericCols = ds.columns.length;
    expect(numericCols).toBeGreaterThanOrEqual(8);
    expect(ds.notes.join(' ')).toContain('dropped');
  });

  it('reads FLOAT16 and the extremes of logical integer types (BigInt -> Number)', async () => {
    const f16 = await parseParquet('f.parquet', fixtureBytes('parquet', 'float16_nonzeros_and_nans.parquet'));
    const rows = fixtureJson<(number | null)[][]>('parquet', 'float16_nonzeros_and_nans.json');
    // JSON cannot hold -0, which the file stores: compare with signed zeros folded.
    expect([...f16.data[0]].map((v) => v + 0)).toEqual(rows.map((r) => (r[0] === null ? NaN : r[0])));
    const signs = await parseParquet('s.parquet', fixtureBytes('parquet', 'signs.parquet'));
    const srows = fixtureJson<number[][]>('parquet', 'signs.json');
    expect(signs.columns).toHaveLength(8);
    for (let j = 0; j < 8; j++) expect([...signs.data[j]]).toEqual(srows.map((r) => Number(r[j])));
  });

  it('refuses a corrupt page header quickly (a fuzz-found input on which hyparquet loops)', async () => {
    const t0 = performance.now();
    const e = await dynLensErrorOf(() =>
      parseParquet('c.parquet', fixtureBytes('parquet', 'corrupt_page_num_values.parquet')),
    );
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('corrupt Parquet page header in column "c_first_shipto_date_sk"');
    expect(performance.now() - t0).toBeLessThan(2000);
    const r = await dynLensErrorOf(() =>
      parseParquet('r.parquet', fixtureBytes('parquet', 'corrupt_repetition_levels.parquet')),
    );
    expect(r.message).toContain('inconsistent null count or level lengths');
  });

  it('refuses garbage and over-budget files', async () => {
    expect(
      (await dynLensErrorOf(() => parseParquet('g.parquet', new Uint8Array([80, 65, 82, 49, 0, 0, 80, 65, 82, 49]))))
        .kind,
    ).toBe('bad-input');
    const e = await dynLensErrorOf(() =>
      parseParquet('r.parquet', fixtureBytes('parquet', 'rowgroups.parquet'), { maxBytes: 16 }),
    );
    expect(e.kind).toBe('too-large');
  });
});
