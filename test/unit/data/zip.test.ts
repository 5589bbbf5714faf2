import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listZip, readZipEntry } from '../../../src/analysis/data/zip';
import { parseNpz } from '../../../src/analysis/data/npz';
// @ts-expect-error: plain JavaScript generators shared with the hostile-input suite
import { zipBomb } from '../../hostile/generators.mjs';

const dir = mkdtempSync(join(tmpdir(), 'dynlens-zip-'));
const bomb = (name: string, zeroBytes: number, declaredSize?: number): Uint8Array =>
  readFileSync((zipBomb as (d: string, n: string, o: object) => string)(dir, name, { zeroBytes, declaredSize }));

describe('zip reader', () => {
  it('reads an honest deflated member exactly', () => {
    const b = bomb('small.npz', 3 << 20);
    const [e] = listZip('small.npz', b);
    expect(e.name).toBe('x.npy');
    const out = readZipEntry('small.npz', b, e, 1 << 30);
    expect(out.length).toBe(e.size);
    const ds = parseNpz('small.npz', b, { maxBytes: 1 << 30 });
    expect(ds.rows).toBe((3 << 20) / 8);
    expect(ds.data[0].every((v) => v === 0)).toBe(true);
  });

  it('refuses a 5 GB zip64 member from its header, fast and without inflating', () => {
    const b = bomb('bomb.npz', 5 * 2 ** 30);
    const [e] = listZip('bomb.npz', b);
    expect(e.size).toBeGreaterThan(5 * 2 ** 30 - 1);
    const t0 = performance.now();
    expect(() => parseNpz('bomb.npz', b, { maxBytes: 512 * 2 ** 20 })).toThrow(/unpacks to 5120\.0 MB/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('stops a member whose header understates its size at the first step past the lie', () => {
    const b = bomb('lie.npz', 5 * 2 ** 30, 4096);
    const t0 = performance.now();
    expect(() => parseNpz('lie.npz', b, { maxBytes: 512 * 2 ** 20 })).toThrow(/inflates past the 4096 bytes/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
