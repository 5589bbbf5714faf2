import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynLensError } from '../../../src/analysis/core/errors';
import type { Dataset } from '../../../src/analysis/core/input';
import { loadTable } from '../../../src/analysis/data/load';
import { parseDelimited } from '../../../src/analysis/data/delimited';
import { parseLowerDistanceMatrix } from '../../../src/analysis/data/distanceMatrix';
import { parseJsonTable } from '../../../src/analysis/data/json';
import { parseNpy } from '../../../src/analysis/data/npy';
import { parseNpz } from '../../../src/analysis/data/npz';
import { parseParquet } from '../../../src/analysis/data/parquet';
import { fixtureBytes } from './helpers';

/**
 * Property: every loader, on any bytes, returns a well-formed Dataset or throws a DynLensError naming the file;
 * never another exception, never a hang (each run is bounded by fast-check's timeout and a wall-clock check).
 */
const MAX_BYTES = 64 * 1024 * 1024;
const RUN_TIMEOUT_MS = 2000;

function checkDataset(ds: Dataset, file: string): void {
  expect(ds.source).toBe(file);
  expect(ds.rows).toBeGreaterThan(0);
  expect(ds.columns.length).toBeGreaterThan(0);
  expect(ds.data.length).toBe(ds.columns.length);
  for (const c of ds.data) {
    expect(c).toBeInstanceOf(Float64Array);
    expect(c.length).toBe(ds.rows);
  }
}

/**
 * The parsers are called directly, not through loadTable (whose catch-all would turn any stray TypeError into a
 * DynLensError and hide it): each parser must produce its own typed errors.
 */
async function parseDirect(file: string, bytes: Uint8Array): Promise<Dataset> {
  const o = { maxBytes: MAX_BYTES };
  const ext = file.slice(file.lastIndexOf('.'));
  switch (ext) {
    case '.npy':
      return parseNpy(file, bytes, o);
    case '.npz':
      return parseNpz(file, bytes, o);
    case '.parquet':
      return parseParquet(file, bytes, o);
    case '.json':
      return parseJsonTable(file, bytes, o);
    case '.lower_distance_matrix':
      return parseLowerDistanceMatrix(file, bytes, o);
    default:
      return parseDelimited(file, bytes, o);
  }
}

async function loadsOrFailsCleanly(file: string, bytes: Uint8Array): Promise<void> {
  const t0 = performance.now();
  try {
    const ds = await parseDirect(file, bytes);
    checkDataset(ds, file);
  } catch (e) {
    if (!(e instanceof DynLensError))
      throw new Error(`${file}: non-DynLensError ${String(e)}${e instanceof Error ? '\n' + e.stack : ''}`, {
        cause: e,
      });
    expect(e.message).toContain(file);
    expect(['bad-input', 'too-large']).toContain(e.kind);
  }
  expect(performance.now() - t0).toBeLessThan(RUN_TIMEOUT_MS);
}

// timeout: per-run limit for async properties; interruptAfterTimeLimit bounds the whole property.
const ASSERT = {
  numRuns: 500,
  timeout: RUN_TIMEOUT_MS,
  interruptAfterTimeLimit: 15_000,
  markInterruptAsFailure: false,
} as const;

/** Text made of the characters that matter to delimited parsers. */
const csvText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        '\t',
        ';',
        '|',
        ' ',
        '\n',
        '\r\n',
        '"',
        '#',
        '-',
        '.',
        'e',
        'nan',
        'inf',
        'NaN',
        '-Infinity',
        '',
        'x',
        '1',
        '0',
        '9',
        '1e308',
        '1e999',
      ),
      fc.double().map(String),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''));

/** A grid of cells, possibly ragged, with optional header and junk cells. */
const csvGrid = fc
  .record({
    sep: fc.constantFrom(',', '\t', ';', ' ', '  '),
    header: fc.boolean(),
    rows: fc.array(
      fc.array(fc.oneof(fc.double(), fc.constantFrom('nan', 'inf', '-inf', '', 'abc', '"q,uoted"')), {
        minLength: 1,
        maxLength: 6,
      }),
      { minLength: 0, maxLength: 30 },
    ),
  })
  .map(({ sep, header, rows }) => {
    const width = rows[0]?.length ?? 1;
    const head = header ? Array.from({ length: width }, (_, j) => `col${j}`).join(sep) + '\n' : '';
    return head + rows.map((r) => r.map(String).join(sep)).join('\n');
  });

function npyBytes(header: string, dataLen: number, major: number): Uint8Array {
  const h = new TextEncoder().encode(header);
  const pre = major === 1 ? 10 : 12;
  const out = new Uint8Array(pre + h.length + dataLen);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  out[8] = h.length & 0xff;
  out[9] = (h.length >> 8) & 0xff;
  out.set(h, pre);
  for (let i = pre + h.length; i < out.length; i++) out[i] = (i * 31) & 0xff;
  return out;
}

const npyHeader = fc
  .record({
    descr: fc.oneof(
      fc.constantFrom('<f8', '>f4', '|u1', '<i8', '|b1', '<f2', '<c16', '|O', 'garbage', '<f'),
      fc.string({ maxLength: 5 }),
    ),
    fortran: fc.constantFrom('True', 'False', 'maybe'),
    shape: fc.array(fc.oneof(fc.nat(20), fc.constantFrom(2 ** 40, 2 ** 53, 1e300, 0)), { maxLength: 4 }),
    junk: fc.string({ maxLength: 8 }),
    dataLen: fc.nat(400),
    major: fc.constantFrom(1, 2, 3, 7),
  })
  .map(({ descr, fortran, shape, junk, dataLen, major }) =>
    npyBytes(
      `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': (${shape.map((s) => String(s)).join(', ')}${shape.length === 1 ? ',' : ''}), }${junk}\n`,
      dataLen,
      major,
    ),
  );

/** A valid file with some bytes overwritten and/or cut short. */
function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      cut: fc.integer({ min: 0, max: valid.length }),
      flips: fc.array(fc.record({ at: fc.nat(valid.length - 1), value: fc.integer({ min: 0, max: 255 }) }), {
        maxLength: 8,
      }),
    })
    .map(({ cut, flips }) => {
      const b = valid.slice(0, cut === 0 ? valid.length : cut);
      for (const f of flips) if (f.at < b.length) b[f.at] = f.value;
      return b;
    });
}

const EXTENSIONS = ['.csv', '.tsv', '.txt', '.npy', '.npz', '.parquet', '.json', '.lower_distance_matrix'];

describe('loader fuzzing (fast-check)', () => {
  it('random bytes: every loader returns a Dataset or a DynLensError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EXTENSIONS), fc.uint8Array({ maxLength: 512 }), async (ext, b) =>
        loadsOrFailsCleanly(`fuzz${ext}`, b),
      ),
      ASSERT,
    );
  });

  it('CSV-like text, NaN/Inf spellings and ragged grids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('.csv', '.tsv', '.txt', '.lower_distance_matrix'),
        fc.oneof(csvText, csvGrid),
        async (ext, text) => loadsOrFailsCleanly(`grid${ext}`, new TextEncoder().encode(text)),
      ),
      ASSERT,
    );
  });

  it('well-formed grids load with the right shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(',', '\t', ' '),
        async (width, values, sep) => {
          const rows = Math.floor(values.length / width) || 1;
          const cells = Array.from({ length: rows * width }, (_, i) => values[i % values.length]);
          let text = Array.from({ length: width }, (_, j) => `v${j}`).join(sep) + '\n';
          for (let i = 0; i < rows; i++)
            text +=
              cells
                .slice(i * width, (i + 1) * width)
                .map((v) => String(v))
                .join(sep) + '\n';
          const ds = await loadTable('g.csv', new TextEncoder().encode(text));
          expect(ds.rows).toBe(rows);
          expect(ds.columns.length).toBe(width);
          for (let j = 0; j < width; j++)
            for (let i = 0; i < rows; i++) expect(ds.data[j][i]).toBe(Number(String(cells[i * width + j])));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('JSON documents of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (v) =>
        loadsOrFailsCleanly('doc.json', new TextEncoder().encode(JSON.stringify(v) ?? '')),
      ),
      ASSERT,
    );
  });

  it('NPY headers: garbage, unsupported dtypes, huge declared shapes (refused without allocating)', async () => {
    await fc.assert(
      fc.asyncProperty(npyHeader, async (b) => loadsOrFailsCleanly('h.npy', b)),
      ASSERT,
    );
  });

  for (const [file, ext] of [
    ['npy/f8_le_c.npy', '.npy'],
    ['npy/f4_be_fortran.npy', '.npy'],
    ['npz/compressed.npz', '.npz'],
    ['npz/arrays.npz', '.npz'],
    ['parquet/datapage_v2.snappy.parquet', '.parquet'],
    ['parquet/delta_encoding_optional_column.parquet', '.parquet'],
    ['summary/signal.csv', '.csv'],
  ] as const) {
    it(`truncated and corrupted ${file}`, async () => {
      const valid = fixtureBytes(...file.split('/'));
      const source = file.endsWith('.csv') ? valid.subarray(0, 4000) : valid;
      await fc.assert(
        fc.asyncProperty(mutated(source), async (b) => loadsOrFailsCleanly(`m${ext}`, b)),
        { ...ASSERT, numRuns: 300 },
      );
    });
  }
});
