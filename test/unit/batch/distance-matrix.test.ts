/** `dynlens batch persistence --distance-matrix`: pairwise diagram distances against GUDHI (committed fixture). */
import { cpSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assembleRows,
  distanceRows,
  pairwiseDistances,
  rowBlocks,
} from '../../../src/analysis/topology/diagrams/pairwise';
import { bottleneckDistance } from '../../../src/analysis/topology/diagrams/distance';
import { dynlens, ROOT, tempDir } from './helpers';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'batch', 'distances');

/** A float64 .npy (C order) read back: shape and values. */
function readNpy(path: string): { shape: number[]; data: Float64Array } {
  const b = readFileSync(path);
  const len = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + len).toString('latin1');
  const shape = (/'shape': \(([^)]*)\)/.exec(header) as RegExpExecArray)[1]
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  const body = b.subarray(10 + len);
  const data = new Float64Array(body.length / 8);
  new Uint8Array(data.buffer).set(body);
  return { shape, data };
}

type Matrices = (number | null)[][][];
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Record<string, Matrices>;

function expectMatrices(got: { shape: number[]; data: Float64Array }, want: Matrices): void {
  const n = want[0].length;
  expect(got.shape).toEqual([want.length, n, n]);
  want.forEach((m, d) =>
    m.forEach((row, i) =>
      row.forEach((v, j) => {
        const g = got.data[(d * n + i) * n + j];
        if (v === null) expect(g).toBe(Infinity);
        else expect(Math.abs(g - v)).toBeLessThan(1e-9);
      }),
    ),
  );
}

describe('batch --distance-matrix', () => {
  const root = tempDir();
  const clouds = join(root, 'clouds');
  cpSync(FIXTURE, clouds, { recursive: true });
  unlinkSync(join(clouds, 'expected.json'));

  it('writes the H0 and H1 bottleneck and 2-Wasserstein matrices that GUDHI gives, with the row order', () => {
    const bn = dynlens(['batch', 'persistence', clouds, '--out', join(root, 'bn'), '--distance-matrix', 'bottleneck']);
    expect(bn.status, bn.stderr).toBe(0);
    expectMatrices(readNpy(join(root, 'bn', 'distances.npy')), expected.bottleneck);
    const items = readFileSync(join(root, 'bn', 'distance-items.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(items[0]).toBe('index,id,source,label');
    expect(items.slice(1).map((l) => l.split(',')[1])).toEqual(['c0.csv', 'c1.csv', 'c2.csv', 'c3.csv', 'c4.csv']);
    const w2 = dynlens([
      'batch',
      'persistence',
      clouds,
      '--out',
      join(root, 'w2'),
      '--distance-matrix',
      'wasserstein',
      '--wasserstein-p',
      '2',
      '--workers',
      '2',
    ]);
    expect(w2.status, w2.stderr).toBe(0);
    expectMatrices(readNpy(join(root, 'w2', 'distances.npy')), expected.wasserstein2);
    const batch = JSON.parse(readFileSync(join(root, 'w2', 'batch.json'), 'utf8'));
    expect(batch.distanceMatrix).toMatchObject({ metric: 'wasserstein', p: 2, degrees: [0, 1], items: 5 });
  });

  it('sharded: each shard keeps its diagrams and the merge writes the matrix of the unsharded run, byte for byte', () => {
    const sh = join(root, 'sharded');
    const dm = ['--distance-matrix', 'bottleneck'];
    for (const i of [1, 0]) {
      const r = dynlens(['batch', 'persistence', clouds, '--out', sh, '--shard', `${i}/2`, ...dm]);
      expect(r.status, r.stderr).toBe(0);
    }
    const m = dynlens(['batch', 'merge', sh]);
    expect(m.status, m.stderr).toBe(0);
    expect(readFileSync(join(sh, 'distances.npy'))).toEqual(readFileSync(join(root, 'bn', 'distances.npy')));
    expect(readFileSync(join(sh, 'distance-items.csv'), 'utf8')).toBe(
      readFileSync(join(root, 'bn', 'distance-items.csv'), 'utf8'),
    );
    expect(JSON.parse(readFileSync(join(sh, 'batch.json'), 'utf8')).distanceMatrix).toMatchObject({
      metric: 'bottleneck',
      items: 5,
    });
    // shards that disagree on the option are refused by name
    const mixed = join(root, 'sharded-mixed');
    expect(dynlens(['batch', 'persistence', clouds, '--out', mixed, '--shard', '0/2', ...dm]).status).toBe(0);
    expect(dynlens(['batch', 'persistence', clouds, '--out', mixed, '--shard', '1/2']).status).toBe(0);
    const bad = dynlens(['batch', 'merge', mixed]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/different --distance-matrix options/);
    // a damaged shard.json is named, with the way out
    writeFileSync(join(mixed, 'shards', '1-of-2', 'shard.json'), '{"torn');
    const torn = dynlens(['batch', 'merge', mixed]);
    expect(torn.status).toBe(2);
    expect(torn.stderr).toMatch(/1-of-2\/shard\.json is not readable JSON .*rerun shard 1 with --resume/);
  });

  it('refuses analyses without diagrams and unknown metrics', () => {
    const summary = dynlens(['batch', 'summary', clouds, '--out', join(root, 's'), '--distance-matrix', 'bottleneck']);
    expect(summary.status).toBe(2);
    expect(summary.stderr).toMatch(/summary has none \(analyses with diagrams: .*persistence/);
    const bad = dynlens(['batch', 'persistence', clouds, '--out', join(root, 'b'), '--distance-matrix', 'l2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bottleneck or wasserstein/);
  });

  it('is symmetric with a zero diagonal and equals the pairwise calls', () => {
    const dgs = [
      { births: Float64Array.of(0, 0.2), deaths: Float64Array.of(1, 0.5) },
      { births: Float64Array.of(0.1), deaths: Float64Array.of(0.9) },
      { births: new Float64Array(0), deaths: new Float64Array(0) },
    ];
    const m = pairwiseDistances(dgs, 'bottleneck', 1);
    for (let i = 0; i < 3; i++) {
      expect(m[i * 3 + i]).toBe(0);
      for (let j = 0; j < 3; j++) {
        expect(m[i * 3 + j]).toBe(m[j * 3 + i]);
        if (i !== j) expect(m[i * 3 + j]).toBe(bottleneckDistance(dgs[i], dgs[j]));
      }
    }
    expect(m[0 * 3 + 2]).toBe(0.5); // the longest bar against the diagonal: (1 - 0) / 2
  });

  it('splits the rows into blocks of about equal pairs that assemble to the same matrix', () => {
    const dgs = Array.from({ length: 9 }, (_, k) => ({
      births: Float64Array.of(0, 0.1 * k),
      deaths: Float64Array.of(1 + 0.05 * k, 0.2 + 0.13 * k),
    }));
    const whole = pairwiseDistances(dgs, 'wasserstein', 2);
    for (const count of [1, 2, 3, 8, 20]) {
      const blocks = rowBlocks(9, count);
      expect(blocks[0][0]).toBe(0);
      expect(blocks[blocks.length - 1][1]).toBe(9);
      blocks.forEach(([, to], b) => b + 1 < blocks.length && expect(blocks[b + 1][0]).toBe(to));
      const rows = blocks.map(([from, to]) => distanceRows({ diagrams: dgs, metric: 'wasserstein', p: 2, from, to }));
      expect(assembleRows(9, blocks, rows)).toEqual(whole);
    }
    const pairs = rowBlocks(100, 4).map(([a, b]) => (b - a) * 99 - (b * (b - 1) - a * (a - 1)) / 2);
    expect(Math.max(...pairs) / Math.min(...pairs)).toBeLessThan(1.1);
  });
});
