/**
 * The shard tasks of one array start at the same moment and all create DIR/shards: a task that finds the folder made
 * by another one between its check and its create goes on. The other task is simulated by creating the folder when
 * the engine checks for it.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_COLLECTION_OPTIONS } from '../../../src/analysis/collections/types';
import { runBatch } from '../../../src/runtime/batch/engine';
import { progressSink } from '../../../src/runtime/batch/progress';
import { ROOT, tempDir, writeClouds } from './helpers';

const race = vi.hoisted(() => ({ folder: '' }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    existsSync: (p: fs.PathLike) => {
      const seen = real.existsSync(p);
      if (!seen && String(p) === race.folder) real.mkdirSync(race.folder); // the other task, just after our check
      return seen;
    },
  };
});

describe('shard start', () => {
  it('a shard whose DIR/shards folder appears between the check and the create runs to the end', async () => {
    const root = tempDir();
    const dir = writeClouds(join(root, 'c'), 4, 30);
    const out = join(root, 'out');
    race.folder = join(out, 'shards');
    const report = await runBatch({
      analysisId: 'summary',
      collections: [dir],
      rawParams: {},
      out,
      format: 'csv',
      workers: 1,
      maxMemoryMB: 512,
      keepResults: false,
      resume: false,
      shard: { index: 1, count: 2 },
      shardSource: '--shard',
      collectionOptions: DEFAULT_COLLECTION_OPTIONS,
      workerScript: join(ROOT, 'dist', 'worker.js'),
      progress: progressSink('none', () => undefined),
      onInterrupt: () => () => undefined,
      log: () => undefined,
    });
    expect(report.message).toBe('2 items done');
    expect(report.exitCode).toBe(0);
    expect(fs.existsSync(join(out, 'shards', '1-of-2', 'journal.jsonl'))).toBe(true);
  });
});
