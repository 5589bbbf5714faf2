import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimited, parseDelimitedText } from '../../../src/analysis/data/delimited';
import { bytes, dynLensErrorOf, fixtureBytes } from './helpers';

describe('delimited text loader', () => {
  it('reads a CSV with a header', () => {
    const ds = parseDelimitedText('a.csv', 't,x,y\n0,1.5,-2\n0.1,2.5e3,3\n');
    expect(ds.columns).toEqual(['t', 'x', 'y']);
    expect(ds.rows).toBe(2);
    expect([...ds.data[1]]).toEqual([1.5, 2500]);
    expect(ds.notes[0]).toContain('header detected');
  });

  it('treats an all-numeric first row as data and names columns c0..', () => {
    const ds = parseDelimitedText('a.csv', '1,2\n3,4\n');
    expect(ds.columns).toEqual(['c0', 'c1']);
    expect(ds.rows).toBe(2);
    expect(ds.notes[0]).toContain('no header');
  });

  it('detects tab, semicolon, pipe and whitespace separators', () => {
    for (const [sep, name] of [
      ['\t', 'tab'],
      [';', "';'"],
      ['|', "'|'"],
    ] as const) {
      const ds = parseDelimitedText('a.txt', `a${sep}b\n1${sep}2\n3${sep}4\n`);
      expect(ds.columns).toEqual(['a', 'b']);
      expect(ds.notes[0]).toContain(name);
    }
    const ws = parseDelimitedText('a.txt', '  1.0   2.0  3\n4 5\t6\n\n7 8 9  \n');
    expect(ws.columns).toEqual(['c0', 'c1', 'c2']);
    expect([...ws.data[2]]).toEqual([3, 6, 9]);
    expect(ws.notes[0]).toContain('whitespace');
    expect(detectDelimiter('1 2 3\n4 5 6\n', false)).toBe('whitespace');
    expect(detectDelimiter('1,2 3\n4,5 6\n', false)).toBe(',');
  });

  it("reads Ripser's whitespace-separated o3 points", () => {
    const ds = parseDelimited('o3.txt', fixtureBytes('text', 'o3_head64.txt'));
    expect(ds.rows).toBe(64);
    expect(ds.columns).toHaveLength(9);
    expect(ds.data[0][0]).toBe(0.5590688801286003);
    expect(ds.data[8][0]).toBe(0.5752985993763112);
    // Rows of an orthogonal matrix have unit norm: a check that columns were not shuffled.
    for (let i = 0; i < ds.rows; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += ds.data[j][i] ** 2;
      expect(s).toBeCloseTo(1, 10);
    }
  });

  it('handles quoted fields, CRLF, a BOM and quoted header names', () => {
    const ds = parseDelimitedText('q.csv', '\uFEFF"time","x, value"\r\n"0","1.5"\r\n1,"2"\r\n');
    expect(ds.columns).toEqual(['time', 'x, value']);
    expect([...ds.data[1]]).toEqual([1.5, 2]);
  });

  it('reports ragged rows with row number and field counts', async () => {
    const e = await dynLensErrorOf(() => parseDelimitedText('r.csv', 'a,b,c\n1,2,3\n4,5\n'));
    expect(e.kind).toBe('bad-input');
    expect(e.row).toBe(3);
    expect(e.message).toContain('r.csv');
    expect(e.message).toContain('row 3 has 2 field(s), expected 3');
  });

  it('refuses empty files and files without numbers', async () => {
    expect((await dynLensErrorOf(() => parseDelimitedText('e.csv', ''))).message).toContain('empty');
    expect((await dynLensErrorOf(() => parseDelimitedText('e.csv', '  \n\n '))).message).toContain('empty');
    expect((await dynLensErrorOf(() => parseDelimitedText('e.csv', '# only a comment\n'))).message).toContain('empty');
    expect((await dynLensErrorOf(() => parseDelimitedText('h.csv', 'a,b\n'))).message).toContain('no data rows');
    expect((await dynLensErrorOf(() => parseDelimitedText('w.csv', 'a,b\nx,y\nz,w\n'))).message).toContain(
      'no numeric column',
    );
  });

  it('turns non-numeric cells into NaN with a count, and drops all-text columns', () => {
    const ds = parseDelimitedText('m.csv', 'name,x,y\nfoo,1,2\nbar,oops,3\nbaz,,4\n');
    expect(ds.columns).toEqual(['x', 'y']);
    expect(ds.data[0][0]).toBe(1);
    expect(ds.data[0][1]).toBeNaN();
    expect(ds.data[0][2]).toBeNaN();
    const notes = ds.notes.join(' | ');
    expect(notes).toContain('dropped 1 non-numeric column(s): name');
    expect(notes).toContain('1 non-numeric cell(s)');
    expect(notes).toContain('first at row 3');
    expect(notes).toContain('1 empty cell(s)');
  });

  it('parses NaN and infinity spellings', () => {
    const ds = parseDelimitedText('n.csv', 'x\nnan\nNaN\ninf\n-Infinity\n+inf\n1e308\n-0\n');
    const x = [...ds.data[0]];
    expect(x[0]).toBeNaN();
    expect(x[1]).toBeNaN();
    expect(x.slice(2)).toEqual([Infinity, -Infinity, Infinity, 1e308, -0]);
    expect(ds.notes.join(' ')).not.toContain('non-numeric');
  });

  it('skips comments and uses the last comment before the data as header when it fits', () => {
    const ds = parseDelimitedText('c.txt', '# made by numpy.savetxt\n# t x y\n0 1 2\n1 3 4\n');
    expect(ds.columns).toEqual(['t', 'x', 'y']);
    expect(ds.notes[0]).toContain('header from comment line');
    const csv = parseDelimitedText('c.csv', '# t,x\n0,1\n# trailing note\n1,3\n');
    expect(csv.columns).toEqual(['t', 'x']);
    expect(csv.rows).toBe(2);
  });

  it('drops an empty trailing column from a trailing delimiter and de-duplicates names', () => {
    const ds = parseDelimitedText('t.csv', 'x,x,\n1,2,\n3,4,\n');
    expect(ds.columns).toEqual(['x', 'x_2']);
    expect(ds.notes.join(' ')).toContain('dropped 1');
  });

  it('refuses a table larger than the memory budget', async () => {
    const e = await dynLensErrorOf(() => parseDelimitedText('big.csv', '1,2\n3,4\n5,6\n', { maxBytes: 40 }));
    expect(e.kind).toBe('too-large');
    expect(e.message).toContain('raise dynlens.worker.maxMemoryMB');
  });

  it('reads semicolon files with decimal commas, CR-only line ends and UTF-16 with a BOM', () => {
    const eu = parseDelimitedText('eu.csv', 'zeit;wert\n0;1,5\n0,5;-2,25e1\n1;3\n');
    expect(eu.columns).toEqual(['zeit', 'wert']);
    expect([...eu.data[0]]).toEqual([0, 0.5, 1]);
    expect([...eu.data[1]]).toEqual([1.5, -22.5, 3]);
    expect(eu.notes.join(' ')).toContain('3 cell(s) with a decimal comma');
    // Not in comma-separated files: there "1,5" is two fields.
    expect(parseDelimitedText('us.csv', 'a,b\n1,5\n').data[1][0]).toBe(5);
    const mac = parseDelimitedText('mac.csv', 'x,y\r1,2\r3,4\r');
    expect(mac.rows).toBe(2);
    expect([...mac.data[1]]).toEqual([2, 4]);
    const text = '\uFEFFt\tx\n0\t1\n1\t2\n';
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      le[2 * i] = text.charCodeAt(i) & 0xff;
      le[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const u16 = parseDelimited('u16.txt', le);
    expect(u16.columns).toEqual(['t', 'x']);
    expect([...u16.data[1]]).toEqual([1, 2]);
  });

  it('reads a TSV by extension preference', () => {
    const ds = parseDelimited('a.tsv', bytes('a\tb,c\n1\t2\n'));
    expect(ds.columns).toEqual(['a', 'b,c']);
  });
});
