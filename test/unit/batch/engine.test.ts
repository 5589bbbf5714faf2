/** The batch engine in-process: a worker killed in the middle of an item, and the choice of shard. */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemAt } from '../../../src/analysis/collections/cursor';
import { readCollection } from '../../../src/analysis/collections/read';
import { DEFAULT_COLLECTION_OPTIONS } from '../../../src/analysis/collections/types';
import { runBatch } from '../../../src/runtime/batch/engine';
import { progressSink } from '../../../src/runtime/batch/progress';
import { chooseShard } from '../../../src/cli/batch';
import { inShard, shardItemsText, shardSize, shardStride } from '../../../src/runtime/batch/layout';
import { parseCsv, ROOT, tempDir, writeClouds } from './helpers';

describe('batch engine', () => {
  it('fails only the item whose worker died, names it, and goes on', async () => {
    const root = tempDir();
    const dir = writeClouds(join(root, 'c'), 5, 30);
    renameSync(join(dir, 'c002_blob.csv'), join(dir, 'c002_CRASH.csv'));
    const lines: string[] = [];
    const report = await runBatch({
      analysisId: 'summary',
      collections: [dir],
      rawParams: {},
      out: join(root, 'out'),
      format: 'csv',
      workers: 2,
      maxMemoryMB: 512,
      keepResults: true,
      resume: false,
      collectionOptions: DEFAULT_COLLECTION_OPTIONS,
      workerScript: join(__dirname, 'crash-worker.cjs'),
      progress: progressSink('json', (s) => lines.push(s)),
      onInterrupt: () => () => undefined,
      log: () => undefined,
    });
    expect(report.exitCode).toBe(3);
    expect(report.failed).toBe(1);
    expect(report.ok).toBe(4);
    const rows = parseCsv(readFileSync(join(root, 'out', 'features.csv'), 'utf8'));
    const crashed = rows.find((r) => r[0] === 'c002_CRASH.csv') as string[];
    expect(crashed[3]).toBe('failed');
    expect(crashed[4]).toMatch(/c002_CRASH\.csv: the analysis worker exited unexpectedly \(code 9\)/);
    expect(rows[0]).toEqual(expect.arrayContaining(['x_mean', 'x_std', 'y_max', 'y_nan_count']));
    const results = readFileSync(join(root, 'out', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results.map((r) => r.index)).toEqual([0, 1, 3, 4]);
    expect(results[0].result.columns[0].name).toBe('x');
    const last = JSON.parse(lines[lines.length - 1]);
    expect(last).toMatchObject({ event: 'done', done: 5, failed: 1, total: 5 });
  });

  it('--resume runs the failed items again and the retried table equals an uninterrupted run', async () => {
    const root = tempDir();
    const dir = writeClouds(join(root, 'c'), 5, 30);
    renameSync(join(dir, 'c002_blob.csv'), join(dir, 'c002_CRASH.csv'));
    const request = (out: string, workerScript: string, resume: boolean) =>
      runBatch({
        analysisId: 'summary',
        collections: [dir],
        rawParams: {},
        out: join(root, out),
        format: 'csv',
        workers: 1,
        maxMemoryMB: 512,
        keepResults: true,
        resume,
        collectionOptions: DEFAULT_COLLECTION_OPTIONS,
        workerScript,
        progress: progressSink('json', () => undefined),
        onInterrupt: () => () => undefined,
        log: (m) => logs.push(m),
      });
    const logs: string[] = [];
    const realWorker = join(ROOT, 'dist', 'worker.js');
    expect((await request('ref', realWorker, false)).exitCode).toBe(0);
    const first = await request('out', join(__dirname, 'crash-worker.cjs'), false);
    expect(first).toMatchObject({ exitCode: 3, failed: 1, ok: 4 });
    const again = await request('out', realWorker, true);
    expect(again).toMatchObject({ exitCode: 0, failed: 0, ok: 5 });
    expect(logs.join('\n')).toMatch(/resuming: 4 of 5 items already done; retrying 1 failed item/);
    const journal = readFileSync(join(root, 'out', 'journal.jsonl'), 'utf8');
    expect(journal.match(/"type":"item"/g)?.length).toBe(6); // the four ok items were not run again
    expect(readFileSync(join(root, 'out', 'features.csv'), 'utf8')).toBe(
      readFileSync(join(root, 'ref', 'features.csv'), 'utf8'),
    );
    expect(readFileSync(join(root, 'out', 'results.jsonl'), 'utf8')).toBe(
      readFileSync(join(root, 'ref', 'results.jsonl'), 'utf8'),
    );
    expect(existsSync(join(root, 'out', 'failures.txt'))).toBe(false);
  });

  it('builds items one at a time: a collection whose item list may not be read runs, resumes and fits', async () => {
    const root = tempDir();
    const listed = await readCollection(writeClouds(join(root, 'c'), 12, 20), DEFAULT_COLLECTION_OPTIONS);
    const streamed = { ...listed, count: listed.items.length, item: (k: number) => itemAt(listed, k) };
    Object.defineProperty(streamed, 'items', {
      get: () => {
        throw new Error('the engine read the whole item list');
      },
    });
    const run = (resume: boolean) =>
      runBatch({
        analysisId: 'signed-barcode',
        collections: [],
        prebuilt: [streamed],
        rawParams: { grid: '8', imageResolution: '4', lineSlices: '0' },
        out: join(root, 'out'),
        format: 'csv',
        workers: 2,
        maxMemoryMB: 512,
        keepResults: false,
        resume,
        collectionOptions: DEFAULT_COLLECTION_OPTIONS,
        workerScript: join(ROOT, 'dist', 'worker.js'),
        progress: progressSink('json', () => undefined),
        onInterrupt: () => () => undefined,
        log: () => undefined,
      });
    expect(await run(false)).toMatchObject({ exitCode: 0, ok: 12 });
    expect(await run(true)).toMatchObject({ exitCode: 0, ok: 12 });
    const rows = parseCsv(readFileSync(join(root, 'out', 'features.csv'), 'utf8'));
    expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 12 }, (_, k) => itemAt(listed, k).id));
  });

  it('chooses the shard from --shard, Slurm array variables or JOB_COMPLETION_INDEX with --shards', () => {
    expect(chooseShard('1/4', undefined, {})).toEqual({ shard: { index: 1, count: 4 }, source: '--shard' });
    expect(() => chooseShard('4/4', undefined, {})).toThrow(/0 <= I < N/);
    const slurm = chooseShard(undefined, undefined, {
      SLURM_ARRAY_TASK_ID: '12',
      SLURM_ARRAY_TASK_MIN: '10',
      SLURM_ARRAY_TASK_COUNT: '4',
    });
    expect(slurm.shard).toEqual({ index: 2, count: 4 });
    expect(slurm.source).toMatch(/SLURM_ARRAY_TASK_ID=12/);
    expect(() => chooseShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '3' })).toThrow(/SLURM_ARRAY_TASK_COUNT/);
    expect(chooseShard(undefined, 3, { JOB_COMPLETION_INDEX: '0' }).shard).toEqual({ index: 0, count: 3 });
    expect(() => chooseShard(undefined, 3, {})).toThrow(/JOB_COMPLETION_INDEX/);
    expect(chooseShard(undefined, undefined, {})).toEqual({});
  });

  it('splits items into interleaved, disjoint shards covering all of them, sizes within one', () => {
    for (const n of [0, 1, 7, 100]) {
      for (const count of [1, 2, 3, 8]) {
        const seen: number[] = [];
        const sizes: number[] = [];
        for (let index = 0; index < count; index++) {
          const shard = { index, count };
          const { first, step } = shardStride(shard);
          const mine: number[] = [];
          for (let i = first; i < n; i += step) mine.push(i);
          expect(mine.length).toBe(shardSize(n, shard));
          for (let i = 0; i < n; i++) expect(inShard(i, shard)).toBe(mine.includes(i));
          seen.push(...mine);
          sizes.push(mine.length);
        }
        expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
    expect(shardItemsText(100, { index: 2, count: 4 })).toBe('items 2, 6, ..., 98');
    expect(shardItemsText(7, { index: 1, count: 3 })).toBe('items 1, 4');
    expect(shardItemsText(2, { index: 5, count: 8 })).toBe('no items');
  });
});
