import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseJsonTable } from '../../../src/analysis/data/json';
import { parseLowerDistanceMatrix } from '../../../src/analysis/data/distanceMatrix';
import { loadFromBytes, readInput } from '../../../src/analysis/data/load';
import { bytes, dynLensErrorOf, fixtureBytes } from './helpers';

describe('json loader', () => {
  it('reads an array of rows, with or without a header row', () => {
    const a = parseJsonTable('a.json', bytes('[[1,2],[3,null],[5,"6.5"]]'));
    expect(a.columns).toEqual(['c0', 'c1']);
    expect([...a.data[1]]).toEqual([2, NaN, 6.5]);
    const h = parseJsonTable('h.json', bytes('[["t","x"],[0,1],[1,2]]'));
    expect(h.columns).toEqual(['t', 'x']);
    expect(h.rows).toBe(2);
  });

  it('reads an array of objects by key, missing keys NaN', () => {
    const ds = parseJsonTable('o.json', bytes('[{"t":0,"x":1},{"t":1,"x":2,"y":true},{"x":3,"label":"a"}]'));
    expect(ds.columns).toEqual(['t', 'x', 'y']);
    expect([...ds.data[0]]).toEqual([0, 1, NaN]);
    expect([...ds.data[2]]).toEqual([NaN, 1, NaN]);
    expect(ds.notes.join(' ')).toContain('dropped 1 non-numeric column(s): label');
  });

  it('reads an object of columns and checks lengths', async () => {
    const ds = parseJsonTable('c.json', bytes('{"t":[0,0.5],"x":[1,"inf"]}'));
    expect([...ds.data[1]]).toEqual([1, Infinity]);
    const e = await dynLensErrorOf(() => parseJsonTable('c.json', bytes('{"t":[0,0.5],"x":[1]}')));
    expect(e.message).toContain('column "x" has 1 value(s), expected 2');
    expect(e.column).toBe('x');
  });

  it('reads a flat array as one column', () => {
    expect([...parseJsonTable('f.json', bytes('[1,2,3]')).data[0]]).toEqual([1, 2, 3]);
  });

  it('names the problem: invalid JSON, ragged rows, wrong shapes, empty', async () => {
    expect((await dynLensErrorOf(() => parseJsonTable('i.json', bytes('[1,2')))).message).toContain('invalid JSON');
    const r = await dynLensErrorOf(() => parseJsonTable('r.json', bytes('[[1,2],[3]]')));
    expect(r.row).toBe(2);
    expect(r.message).toContain('row 2 has 1 value(s), expected 2');
    expect((await dynLensErrorOf(() => parseJsonTable('s.json', bytes('"text"')))).message).toContain(
      'expected an array',
    );
    expect((await dynLensErrorOf(() => parseJsonTable('e.json', bytes('[]')))).message).toContain('empty');
    expect((await dynLensErrorOf(() => parseJsonTable('e.json', bytes('')))).message).toContain('empty');
    expect((await dynLensErrorOf(() => parseJsonTable('n.json', bytes('[{"a":"x"}]')))).message).toContain(
      'no numeric column',
    );
  });
});

describe('lower distance matrix loader', () => {
  it("reads Ripser's format (first 20 points of sphere_3_192)", () => {
    const ds = parseLowerDistanceMatrix(
      's.lower_distance_matrix',
      fixtureBytes('text', 'sphere_3_head20.lower_distance_matrix'),
    );
    expect(ds.columns).toEqual(['distance']);
    expect(ds.rows).toBe(190);
    expect(ds.notes).toContain('lower-triangular distance matrix, n = 20 points');
    expect(ds.data[0][0]).toBe(1.81368);
    expect(ds.data[0][1]).toBe(1.89049);
    expect(ds.data[0][2]).toBe(0.920778);
  });

  it('accepts whitespace separation and refuses non-triangular counts and bad entries', async () => {
    expect(parseLowerDistanceMatrix('w', bytes('1\n2 3\n')).notes[0]).toContain('n = 3');
    expect((await dynLensErrorOf(() => parseLowerDistanceMatrix('t', bytes('1\n2\n')))).message).toContain(
      'not a lower triangle',
    );
    const bad = await dynLensErrorOf(() => parseLowerDistanceMatrix('b', bytes('1\n2,x\n')));
    expect(bad.row).toBe(2);
    expect(bad.message).toContain('"x"');
    expect((await dynLensErrorOf(() => parseLowerDistanceMatrix('n', bytes('-1\n')))).message).toContain(
      'non-negative',
    );
    expect((await dynLensErrorOf(() => parseLowerDistanceMatrix('e', bytes('\n\n')))).message).toContain('empty');
  });
});

describe('load dispatch and readInput', () => {
  it('dispatches on the extension', async () => {
    const ode = await loadFromBytes('m.ode', bytes("x' = -x\n"));
    expect(ode).toEqual({ kind: 'ode', path: 'm.ode', text: "x' = -x\n" });
    const onnx = await loadFromBytes('m.ONNX', new Uint8Array([1, 2]));
    expect(onnx.kind).toBe('onnx');
    const table = await loadFromBytes('d.CSV', bytes('x\n1\n'));
    expect(table.kind).toBe('table');
    const npy = await loadFromBytes(join('npy', 'f8_le_c.npy'), fixtureBytes('npy', 'f8_le_c.npy'));
    expect(npy.kind === 'table' && npy.dataset.columns).toEqual(['c0', 'c1', 'c2']);
    const e = await dynLensErrorOf(() => loadFromBytes('a.xlsx', new Uint8Array(0)));
    expect(e.message).toContain('unsupported file type ".xlsx"');
    expect((await dynLensErrorOf(() => loadFromBytes('noext', new Uint8Array(0)))).kind).toBe('bad-input');
  });

  it('hashes the bytes, reports the size and refuses files over the budget before reading', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-load-'));
    const p = join(dir, 'x.csv');
    const text = 't,x\n0,1\n1,2\n';
    writeFileSync(p, text);
    const r = await readInput(p);
    expect(r.fileBytes).toBe(text.length);
    expect(r.contentHash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(r.input.kind === 'table' && r.input.dataset.rows).toBe(2);
    const big = await dynLensErrorOf(() => readInput(p, { maxBytes: 10 }));
    expect(big.kind).toBe('too-large');
    expect(big.message).toContain(p);
    expect(big.message).toContain('raise dynlens.worker.maxMemoryMB');
    const missing = await dynLensErrorOf(() => readInput(join(dir, 'nope.csv')));
    expect(missing.message).toContain('file not found');
    expect((await dynLensErrorOf(() => readInput(dir))).message).toContain('not a regular file');
    // A small file whose decoded Float64 table is bigger than the budget: 100 bytes of "1\n" are 400 bytes decoded.
    const dense = join(dir, 'dense.csv');
    writeFileSync(dense, '1\n'.repeat(50));
    const decoded = await dynLensErrorOf(() => readInput(dense, { maxBytes: 200 }));
    expect(decoded.kind).toBe('too-large');
    expect(decoded.message).toContain('50 rows x 1 columns');
    rmSync(dir, { recursive: true, force: true });
  });
});
