import { describe, expect, it } from 'vitest';
import {
  baseName,
  cliCommand,
  columnsToCsv,
  csvField,
  formatDuration,
  formatNumber,
  fullPrecision,
  jsonToLongRows,
  rowsToCsv,
  safeStem,
  shortHash,
} from '../../../webview/format';

describe('formatNumber', () => {
  it('shows significant digits and drops trailing zeros', () => {
    expect(formatNumber(Math.PI)).toBe('3.142');
    expect(formatNumber(Math.PI, 6)).toBe('3.14159');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(-2.5)).toBe('-2.5');
    expect(formatNumber(123.456)).toBe('123.5');
  });
  it('prints integers whole (row counts stay exact)', () => {
    expect(formatNumber(1_000_000)).toBe('1000000');
    expect(formatNumber(-42)).toBe('-42');
    expect(formatNumber(0)).toBe('0');
  });
  it('uses exponent form for tiny and huge values', () => {
    expect(formatNumber(1.23456e-7)).toBe('1.235e-7');
    expect(formatNumber(-6.02e23)).toBe('-6.02e23');
    expect(formatNumber(2.5e6 + 0.5)).toBe('2.5e6');
    expect(formatNumber(1e-4)).toBe('0.0001');
  });
  it('shows null/NaN as a dash and infinities as symbols', () => {
    expect(formatNumber(null)).toBe('\u2014');
    expect(formatNumber(NaN)).toBe('\u2014');
    expect(formatNumber(Infinity)).toBe('\u221e');
    expect(formatNumber(-Infinity)).toBe('\u2212\u221e');
  });
  it('copies the full round-trip value', () => {
    expect(fullPrecision(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(Number(fullPrecision(Math.PI))).toBe(Math.PI);
    expect(fullPrecision(null)).toBe('NaN');
  });
});

describe('CSV', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(NaN)).toBe('NaN');
  });
  it('writes columns of unequal length padded with empty fields', () => {
    expect(
      columnsToCsv(
        ['t', 'x'],
        [
          [0, 1, 2],
          [5, null],
        ],
      ),
    ).toBe('t,x\n0,5\n1,\n2,\n');
  });
  it('writes row tables as CSV and TSV', () => {
    expect(
      rowsToCsv(
        ['name', 'v'],
        [
          ['a,b', 1.5],
          ['c', null],
        ],
      ),
    ).toBe('name,v\n"a,b",1.5\nc,\n');
    expect(rowsToCsv(['name', 'v'], [['a\tb', 1.5]], '\t')).toBe('name\tv\na b\t1.5\n');
  });
  it('flattens any JSON result to path/index/value rows', () => {
    const t = jsonToLongRows({ n: 3, s: 'x', arr: [1, null], nested: [{ k: [2] }], flag: true });
    expect(t.columns).toEqual(['path', 'index', 'value']);
    expect(t.rows).toEqual([
      ['n', null, 3],
      ['s', null, 'x'],
      ['arr', 0, 1],
      ['arr', 1, null],
      ['nested[0].k', 0, 2],
      ['flag', null, 'true'],
    ]);
  });
});

describe('small helpers', () => {
  it('formats durations, names and hashes', () => {
    expect(formatDuration(840)).toBe('840 ms');
    expect(formatDuration(3210)).toBe('3.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(baseName('/a/b/lorenz.csv')).toBe('lorenz.csv');
    expect(baseName('C:\\data\\x.npy')).toBe('x.npy');
    expect(safeStem('my data (1).csv')).toBe('my_data_1_');
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab');
  });
});

describe('cliCommand', () => {
  const env = (params: Record<string, unknown>, path = '/data/lorenz.csv') => ({
    analysisId: 'summary',
    provenance: { path, params },
  });
  it('writes kebab-case flags with the resolved values', () => {
    expect(cliCommand(env({ maxLag: 300, embedDim: 3 }))).toBe(
      'dynlens summary /data/lorenz.csv --max-lag 300 --embed-dim 3',
    );
  });
  it('joins number and string lists with commas, writes booleans as true/false, skips unset values', () => {
    expect(cliCommand(env({ degrees: [0, 1], normalize: false, dt: null, tags: ['a', 'b'], none: [] }))).toBe(
      'dynlens summary /data/lorenz.csv --degrees 0,1 --normalize false --tags a,b',
    );
  });
  it('writes extra input files as separate words', () => {
    expect(cliCommand(env({ compare: ['/data/a.csv', 'b.npy'] }))).toBe(
      'dynlens summary /data/lorenz.csv --compare /data/a.csv b.npy',
    );
  });
  it('quotes paths and values for a POSIX shell', () => {
    expect(cliCommand(env({ expr: "x'y z" }, "/my data/it's.csv"))).toBe(
      "dynlens summary '/my data/it'\\''s.csv' --expr 'x'\\''y z'",
    );
    expect(cliCommand(env({ min: -1.5 }))).toBe('dynlens summary /data/lorenz.csv --min -1.5');
  });
});
