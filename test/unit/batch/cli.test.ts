/**
 * `dynlens batch` end to end through the built CLI (dist/, built by the test command before the unit tests):
 * determinism across workers and shards, Parquet read back by DuckDB, failures, resume after kill -9, locks,
 * shared coordinates with --fit-on / --fit-from, shards from Slurm and Kubernetes variables, Ctrl-C.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynlens, dynlensAsync, parseCsv, tempDir, writeClouds, writeUcr } from './helpers';

const SB = ['--grid', '12', '--image-resolution', '6', '--line-slices', '0', '-q'];

let root: string;
let clouds: string;
let reference: string; // features.csv of an uninterrupted run with one worker

beforeAll(() => {
  root = tempDir();
  clouds = writeClouds(join(root, 'clouds'), 12, 40);
  const r = dynlens([
    'batch',
    'signed-barcode',
    clouds,
    ...SB,
    '--format',
    'csv',
    '--workers',
    '1',
    '--out',
    join(root, 'w1'),
  ]);
  expect(r.status, r.stderr).toBe(0);
  reference = readFileSync(join(root, 'w1', 'features.csv'), 'utf8');
});

function itemLines(dir: string): number {
  const p = join(dir, 'journal.jsonl');
  return existsSync(p) ? (readFileSync(p, 'utf8').match(/"type":"item"/g) ?? []).length : 0;
}

describe('dynlens batch: tables', () => {
  it('writes one row per item in item order, with labels, status and stable feature names', () => {
    const rows = parseCsv(reference);
    expect(rows[0].slice(0, 6)).toEqual(['id', 'source', 'label', 'status', 'error', 'hilbert_h0_r00_t00']);
    expect(rows[0]).toContain('hilbert_h1_r05_t05');
    expect(rows[0]).toHaveLength(5 + 2 * 36);
    expect(rows.slice(1).map((r) => r[0])).toEqual(
      Array.from({ length: 12 }, (_, k) => expect.stringMatching(new RegExp(`^c${String(k).padStart(3, '0')}_`))),
    );
    expect(rows.slice(1).every((r) => r[3] === 'ok')).toBe(true);
    const batch = JSON.parse(readFileSync(join(root, 'w1', 'batch.json'), 'utf8'));
    expect(batch).toMatchObject({ analysis: 'signed-barcode', items: 12, ok: 12, failed: 0, complete: true });
    expect(batch.collectionHash).toMatch(/^[0-9a-f]{64}$/);
    expect(batch.fit.params.rGrid).toHaveLength(12);
    expect(batch.params.rGrid).toEqual(batch.fit.params.rGrid);
    expect(batch.params.bandwidth).toBeGreaterThan(0);
  });

  it('gives bit-identical tables with 1 or 2 workers and with 3 shards merged', () => {
    const w2 = dynlens([
      'batch',
      'signed-barcode',
      clouds,
      ...SB,
      '--format',
      'csv',
      '--workers',
      '2',
      '--out',
      join(root, 'w2'),
    ]);
    expect(w2.status, w2.stderr).toBe(0);
    expect(readFileSync(join(root, 'w2', 'features.csv'), 'utf8')).toBe(reference);
    const sh = join(root, 'sharded');
    for (const i of [2, 0, 1]) {
      const r = dynlens(['batch', 'signed-barcode', clouds, ...SB, '--workers', '2', '--shard', `${i}/3`, '--out', sh]);
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(join(sh, 'shards', `${i}-of-3`, 'journal.jsonl'))).toBe(true);
    }
    const m = dynlens(['batch', 'merge', sh, '--format', 'csv']);
    expect(m.status, m.stderr).toBe(0);
    expect(readFileSync(join(sh, 'features.csv'), 'utf8')).toBe(reference);
  });

  it('writes Parquet that DuckDB reads back equal to the CSV, and .npy with items.csv', async () => {
    const out = join(root, 'pq');
    const r = dynlens(['batch', 'signed-barcode', clouds, ...SB, '--workers', '2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const res = await con.runAndReadAll(`select * from read_parquet('${join(out, 'features.parquet')}')`);
    const csv = parseCsv(reference);
    expect(res.columnNames()).toEqual(csv[0]);
    const rows = res.getRows();
    expect(rows).toHaveLength(12);
    rows.forEach((row, i) => {
      row.forEach((v, k) => {
        if (k < 5) expect(v === null ? '' : String(v)).toBe(csv[i + 1][k]);
        else expect(v).toBe(Number(csv[i + 1][k]));
      });
    });
    // a failed item: its feature cells are nulls, the other rows' values are the same numbers
    const mixed = writeClouds(join(root, 'clouds-one-broken'), 3, 40);
    writeFileSync(join(mixed, 'c1-broken.csv'), 'x,y\n1,oops\n');
    const pm = join(root, 'pq-mixed');
    const rm = dynlens(['batch', 'signed-barcode', mixed, ...SB, '--workers', '2', '--out', pm, '--format', 'parquet']);
    expect(rm.status, rm.stderr).toBe(3);
    const cm = dynlens([
      'batch',
      'signed-barcode',
      mixed,
      ...SB,
      '--workers',
      '2',
      '--out',
      `${pm}-csv`,
      '--format',
      'csv',
    ]);
    const mixedCsv = parseCsv(readFileSync(join(`${pm}-csv`, 'features.csv'), 'utf8'));
    expect(cm.status).toBe(3);
    const got = await con.runAndReadAll(`select * from read_parquet('${join(pm, 'features.parquet')}')`);
    expect(got.getRows()).toHaveLength(4);
    got.getRows().forEach((row, i) => {
      const failed = mixedCsv[i + 1][3] === 'failed';
      expect(row[3]).toBe(mixedCsv[i + 1][3]);
      row.slice(5).forEach((v, k) => expect(v).toBe(failed ? null : Number(mixedCsv[i + 1][k + 5])));
    });
    expect(mixedCsv.filter((r) => r[3] === 'failed')).toHaveLength(1);
    const npy = join(root, 'npy');
    expect(dynlens(['batch', 'signed-barcode', clouds, ...SB, '--format', 'npy', '--out', npy]).status).toBe(0);
    const bytes = readFileSync(join(npy, 'features.npy'));
    const headerLen = bytes.readUInt16LE(8);
    expect(bytes.subarray(10, 10 + headerLen).toString('latin1')).toMatch(/'shape': \(12, 72\)/);
    const first = new Float64Array(
      bytes.buffer.slice(bytes.byteOffset + 10 + headerLen, bytes.byteOffset + 10 + headerLen + 72 * 8),
    );
    expect(Array.from(first)).toEqual(csv[1].slice(5).map(Number));
    expect(parseCsv(readFileSync(join(npy, 'items.csv'), 'utf8'))[0]).toEqual([
      'id',
      'source',
      'label',
      'status',
      'error',
    ]);
    expect(readFileSync(join(npy, 'feature-names.txt'), 'utf8').split('\n')[0]).toBe('hilbert_h0_r00_t00');
  });
});

describe('dynlens batch: bad input', () => {
  it('records each unreadable file as a failed item and exits 3 naming where to look', () => {
    const dir = writeClouds(join(root, 'mixed'), 3, 30);
    writeFileSync(join(dir, 'broken.npy'), 'not numpy at all');
    writeFileSync(join(dir, 'empty.csv'), '');
    const out = join(root, 'mixed-out');
    const r = dynlens(['batch', 'signed-barcode', dir, ...SB, '--format', 'csv', '--out', out]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/2 of 5 items failed: see .*failures\.txt/);
    const failures = readFileSync(join(out, 'failures.txt'), 'utf8');
    expect(failures).toMatch(/broken\.npy: /);
    expect(failures).toMatch(/empty\.csv: /);
    const rows = parseCsv(readFileSync(join(out, 'features.csv'), 'utf8'));
    const broken = rows.find((row) => row[0] === 'broken.npy') as string[];
    expect(broken[3]).toBe('failed');
    expect(broken[4]).toMatch(/broken\.npy/);
    expect(broken.slice(5).every((v) => v === '')).toBe(true);
    expect(rows.filter((row) => row[3] === 'ok')).toHaveLength(3);
  });

  it('exits 2 on an empty folder, an unwritable output folder and an analysis without features', () => {
    const empty = tempDir();
    const a = dynlens(['batch', 'signed-barcode', empty, '--out', join(root, 'x')]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/no file DynLens can read/);
    const b = dynlens(['batch', 'signed-barcode', clouds, '--out', '/proc/dynlens-batch-test/out']);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/cannot write the output folder/);
    const c = dynlens(['batch', 'fixed-points', clouds, '--out', join(root, 'y')]);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/no feature vector for batches/);
  });

  it('refuses a folder in use or already holding a batch unless --resume', () => {
    const out = join(root, 'locked');
    expect(dynlens(['batch', 'signed-barcode', clouds, ...SB, '--out', out]).status).toBe(0);
    const again = dynlens(['batch', 'signed-barcode', clouds, ...SB, '--out', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds a batch .*--resume/);
    writeFileSync(join(out, 'lock'), JSON.stringify({ pid: process.pid, host: hostname(), started: 'now' }));
    const busy = dynlens(['batch', 'signed-barcode', clouds, ...SB, '--out', out, '--resume']);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(new RegExp(`in use by another dynlens batch \\(pid ${process.pid}`));
    writeFileSync(join(out, 'lock'), JSON.stringify({ pid: 999999, host: hostname(), started: 'then' }));
    const stale = dynlens(['batch', 'signed-barcode', clouds, ...SB, '--out', out, '--resume']);
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stdout).toMatch(/12 items done/);
  });

  it('refuses to resume on a collection whose file changed in place, and not on an untouched one', () => {
    const own = join(root, 'changing');
    cpSync(clouds, own, { recursive: true });
    const out = join(root, 'changing-out');
    expect(dynlens(['batch', 'summary', own, '--out', out]).status).toBe(0);
    expect(dynlens(['batch', 'summary', own, '--out', out, '--resume']).status).toBe(0);
    const file = join(own, readdirSync(own).sort()[3]);
    const later = new Date(statSync(file).mtimeMs + 5_000);
    utimesSync(file, later, later); // same bytes, rewritten: the file's time moves
    const changed = dynlens(['batch', 'summary', own, '--out', out, '--resume']);
    expect(changed.status).toBe(2);
    expect(changed.stderr).toMatch(/collection changed/);
  });
});

describe('dynlens batch: crash safety', () => {
  it('resumes after kill -9 without recomputing or duplicating, bit-identical to an uninterrupted run', async () => {
    const heavy = writeClouds(join(root, 'heavy'), 16, 220, 7);
    const args = [
      'batch',
      'signed-barcode',
      heavy,
      '--grid',
      '30',
      '--image-resolution',
      '6',
      '--line-slices',
      '0',
      '-q',
      '--format',
      'csv',
      '--workers',
      '1',
    ];
    const ref = dynlens([...args, '--out', join(root, 'heavy-ref')]);
    expect(ref.status, ref.stderr).toBe(0);
    const out = join(root, 'heavy-killed');
    const child = dynlensAsync([...args, '--out', out]);
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    while (itemLines(out) < 3) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    const before = itemLines(out);
    expect(before).toBeLessThan(16); // killed mid-run
    const resumed = dynlens([...args, '--out', out, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(itemLines(out)).toBe(16); // nothing recomputed, nothing twice
    expect(readFileSync(join(out, 'features.csv'), 'utf8')).toBe(
      readFileSync(join(root, 'heavy-ref', 'features.csv'), 'utf8'),
    );
  });

  it('stops on Ctrl-C with exit 130, keeps what is done, and --resume completes it', async () => {
    const heavy = join(root, 'heavy');
    const args = [
      'batch',
      'signed-barcode',
      heavy,
      '--grid',
      '30',
      '--image-resolution',
      '6',
      '--line-slices',
      '0',
      '-q',
      '--format',
      'csv',
      '--workers',
      '1',
    ];
    const out = join(root, 'heavy-int');
    const child = dynlensAsync([...args, '--out', out]);
    const code = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    while (itemLines(out) < 2) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    expect(await code).toBe(130);
    const batch = JSON.parse(readFileSync(join(out, 'batch.json'), 'utf8'));
    expect(batch.complete).toBe(false);
    expect(batch.ok).toBeGreaterThanOrEqual(2);
    expect(parseCsv(readFileSync(join(out, 'features.csv'), 'utf8')).length - 1).toBe(batch.ok);
    expect(dynlens([...args, '--out', out, '--resume']).status).toBe(0);
    expect(readFileSync(join(out, 'features.csv'), 'utf8')).toBe(
      readFileSync(join(root, 'heavy-ref', 'features.csv'), 'utf8'),
    );
  });
});

describe('dynlens batch: shared coordinates and shards', () => {
  it('fits on --fit-on items only and reuses the fit with --fit-from', () => {
    const train = writeUcr(join(root, 'TRAIN.tsv'), 6, 60, 3);
    const test = writeUcr(join(root, 'TEST.tsv'), 5, 60, 4);
    const flags = [
      '--delay-embedding',
      '2,3',
      '--grid',
      '10',
      '--image-resolution',
      '5',
      '--line-slices',
      '0',
      '-q',
      '--format',
      'csv',
    ];
    const both = join(root, 'tt');
    const r = dynlens(['batch', 'signed-barcode', train, test, ...flags, '--fit-on', train, '--out', both]);
    expect(r.status, r.stderr).toBe(0);
    const trainOnly = join(root, 'train-only');
    expect(dynlens(['batch', 'signed-barcode', train, ...flags, '--out', trainOnly]).status).toBe(0);
    const fitBoth = JSON.parse(readFileSync(join(both, 'batch.json'), 'utf8')).fit;
    const fitTrain = JSON.parse(readFileSync(join(trainOnly, 'batch.json'), 'utf8')).fit;
    expect(fitBoth.params).toEqual(fitTrain.params); // test items never leak into the fit
    const testOnly = join(root, 'test-only');
    const t = dynlens([
      'batch',
      'signed-barcode',
      test,
      ...flags,
      '--fit-from',
      join(both, 'batch.json'),
      '--out',
      testOnly,
    ]);
    expect(t.status, t.stderr).toBe(0);
    const rowsBoth = parseCsv(readFileSync(join(both, 'features.csv'), 'utf8'));
    const rowsTest = parseCsv(readFileSync(join(testOnly, 'features.csv'), 'utf8'));
    expect(rowsBoth[0].slice(0, 3)).toEqual(['id', 'collection', 'source']);
    const testRows = rowsBoth.filter((row) => row[1] === test);
    expect(testRows).toHaveLength(5);
    // the same coordinates give the same vectors, whichever run computed them
    testRows.forEach((row, i) => expect(row.slice(7)).toEqual(rowsTest[i + 1].slice(6)));
    expect(rowsTest.slice(1).map((row) => row[2])).toEqual(['1', '2', '1', '2', '1']);
  });

  it('takes the shard from Slurm or Kubernetes variables, says so, and merge names missing shards', () => {
    const out = join(root, 'env-shards');
    const slurm = dynlens(['batch', 'signed-barcode', clouds, ...SB.filter((f) => f !== '-q'), '--out', out], {
      SLURM_ARRAY_TASK_ID: '5',
      SLURM_ARRAY_TASK_MIN: '4',
      SLURM_ARRAY_TASK_COUNT: '3',
    });
    expect(slurm.status, slurm.stderr).toBe(0);
    expect(slurm.stderr).toMatch(/shard 1\/3 \(SLURM_ARRAY_TASK_ID=5/);
    const k8s = dynlens(
      ['batch', 'signed-barcode', clouds, ...SB.filter((f) => f !== '-q'), '--shards', '3', '--out', out],
      {
        JOB_COMPLETION_INDEX: '2',
      },
    );
    expect(k8s.status, k8s.stderr).toBe(0);
    expect(k8s.stderr).toMatch(/shard 2\/3 \(JOB_COMPLETION_INDEX=2/);
    const early = dynlens(['batch', 'merge', out, '--format', 'csv']);
    expect(early.status).toBe(2);
    expect(early.stderr).toMatch(/shard\(s\) 0 \(items 0, 3, \.\.\., 9\) of 3 missing/);
    expect(dynlens(['batch', 'signed-barcode', clouds, ...SB, '--shard', '0/3', '--out', out]).status).toBe(0);
    const m = dynlens(['batch', 'merge', out, '--format', 'csv']);
    expect(m.status, m.stderr).toBe(0);
    expect(readFileSync(join(out, 'features.csv'), 'utf8')).toBe(reference);
  });
});
