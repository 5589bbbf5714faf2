import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync, utimesSync } from 'node:fs';
import { toPlainJson } from '../../../src/analysis/core/json';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ResultStore, hashFile, resultKey } from '../../../src/runtime/store';
import type { ResultEnvelope } from '../../../src/protocol';

function env(hash: string, params: Record<string, unknown>): ResultEnvelope {
  return {
    analysisId: 'summary',
    title: 'Data summary',
    view: 'summary',
    result: { values: new Float64Array([1, NaN, 3]) },
    provenance: {
      analysisId: 'summary',
      path: '/w/a.csv',
      contentHash: hash,
      fileBytes: 3,
      params,
      runtimeVersion: '0.1.0',
      wallTimeMs: 5,
      startedAt: '',
      notes: [],
    },
  };
}

describe('result store', () => {
  it('keys by content hash, analysis, resolved parameters (order-insensitive) and version', () => {
    const k1 = resultKey('h', 'summary', { a: 1, b: [1, 2] }, '1');
    expect(resultKey('h', 'summary', { b: [1, 2], a: 1 }, '1')).toBe(k1);
    expect(resultKey('h2', 'summary', { a: 1, b: [1, 2] }, '1')).not.toBe(k1);
    expect(resultKey('h', 'other', { a: 1, b: [1, 2] }, '1')).not.toBe(k1);
    expect(resultKey('h', 'summary', { a: 2, b: [1, 2] }, '1')).not.toBe(k1);
    expect(resultKey('h', 'summary', { a: 1, b: [1, 2] }, '2')).not.toBe(k1);
  });

  it('stores, lists newest first, reloads from disk and converts to plain JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-store-'));
    const s = new ResultStore(dir, 3);
    const k1 = await s.put(env('h1', {}));
    const k2 = await s.put(env('h2', {}));
    expect((await s.list()).map((e) => e.key)).toEqual([k2, k1]);
    const again = new ResultStore(dir, 3);
    const got = await again.get(k1);
    expect((got?.result as { values: unknown }).values).toEqual([1, null, 3]);
    expect(await again.get('../../etc/passwd')).toBeUndefined();
  });

  it('drops the oldest results beyond its capacity, files included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-store-'));
    const s = new ResultStore(dir, 2);
    const keys = [];
    for (let i = 0; i < 4; i++) keys.push(await s.put(env('h' + i, {})));
    expect((await s.list()).map((e) => e.key)).toEqual([keys[3], keys[2]]);
    expect(readdirSync(join(dir, 'results')).sort()).toEqual([keys[2] + '.json', keys[3] + '.json'].sort());
    await s.clear();
    expect(await s.list()).toEqual([]);
  });

  it('never loses entries when two stores (two windows, a CLI run) write the same folder concurrently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-store-'));
    const a = new ResultStore(dir, 100);
    const b = new ResultStore(dir, 100);
    await a.list();
    await b.list();
    const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).put(env('c' + i, { i }))));
    const listed = (await new ResultStore(dir, 100).list()).map((e) => e.key).sort();
    expect(listed).toEqual([...keys].sort());
    for (const k of keys) expect(await a.get(k)).toBeDefined();
  });

  it('evicts the least recently used results past the size cap and reports its size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-store-'));
    const one = JSON.stringify(toPlainJson(env('s0', {}))).length;
    const s = new ResultStore(dir, { maxBytes: 3.5 * one });
    const k0 = await s.put(env('s0', {}));
    const k1 = await s.put(env('s1', {}));
    const k2 = await s.put(env('s2', {}));
    await new Promise((r) => setTimeout(r, 20));
    await s.get(k0); // k0 is now the most recently used, k1 the least
    const k3 = await s.put(env('s3', {}));
    const keys = (await s.list()).map((e) => e.key);
    expect(keys.sort()).toEqual([k0, k2, k3].sort());
    expect(k1).not.toBe(k0);
    const size = await s.size();
    expect(size.entries).toBe(3);
    expect(size.bytes).toBeLessThanOrEqual(3.5 * one);
    expect(size.maxBytes).toBe(3.5 * one);
  });

  it('collects orphaned result files and stale temporary files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-store-'));
    const s = new ResultStore(dir, 10);
    await s.put(env('o0', {}));
    const orphan = join(dir, 'results', 'f'.repeat(32) + '.json');
    const temp = join(dir, 'results', '.x.json.1.ab.tmp');
    writeFileSync(orphan, '{}');
    writeFileSync(temp, '{');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(orphan, old, old);
    utimesSync(temp, old, old);
    await s.put(env('o1', {}));
    const files = readdirSync(join(dir, 'results'));
    expect(files).not.toContain('f'.repeat(32) + '.json');
    expect(files).not.toContain('.x.json.1.ab.tmp');
    expect(files).toHaveLength(2);
  });

  it('hashes files with sha256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-hash-'));
    const f = join(dir, 'x.bin');
    const data = Buffer.alloc(3_000_000, 7);
    writeFileSync(f, data);
    expect(await hashFile(f)).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
