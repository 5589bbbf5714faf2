/**
 * The BatchManager with the built CLI (dist/): a batch started, cancelled (what is done stays in the journal),
 * found again by a new manager on the same workspace state (a window reload), resumed to the end without
 * recomputing, and a sweep run to its sweep.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchManager, type BatchRecord, type StateStore } from '../../../src/host/batch/manager';
import type { BatchInfo } from '../../../src/protocol';
import { ROOT, tempDir, writeClouds } from '../batch/helpers';

const CLI = join(ROOT, 'dist', 'cli.js');

class MemoryState implements StateStore {
  private data = new Map<string, unknown>();
  get<T>(key: string, fallback: T): T {
    return this.data.has(key) ? (JSON.parse(JSON.stringify(this.data.get(key))) as T) : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const managers: BatchManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.dispose();
});

function manager(state: StateStore, finished: BatchRecord[] = []): BatchManager {
  const m = new BatchManager(
    state,
    CLI,
    (r) => finished.push(r),
    () => undefined,
  );
  managers.push(m);
  return m;
}

async function until(m: BatchManager, id: string, pred: (b: BatchInfo) => boolean, ms = 60_000): Promise<BatchInfo> {
  const end = Date.now() + ms;
  for (;;) {
    const b = m.list().find((x) => x.id === id);
    if (b && pred(b)) return b;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(b)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('BatchManager', () => {
  it('cancel keeps the finished items; a reload finds the batch; resume completes it without recomputing', async () => {
    const dir = tempDir('dynlens-manager-');
    // enough items that the batch is still running when the test sees its first 3 (a faster engine once finished
    // all of them between two polls)
    const clouds = writeClouds(join(dir, 'clouds'), 150, 150);
    const out = join(dir, 'out');
    const state = new MemoryState();
    const finished: BatchRecord[] = [];
    const m = manager(state, finished);
    const rec = await m.start({
      kind: 'batch',
      title: 'persistence on clouds',
      out,
      args: ['batch', 'persistence', clouds, '--max-dim', '2', '--workers', '1', '--format', 'csv'],
      slurm: false,
      analysisId: 'persistence',
    });
    const running = await until(m, rec.id, (b) => b.state === 'running' && b.done >= 3);
    expect(running.total).toBe(150);
    await m.act(rec.id, 'cancel');
    const stopped = await until(m, rec.id, (b) => b.state === 'stopped');
    expect(stopped.done).toBeGreaterThanOrEqual(3);
    expect(stopped.done).toBeLessThan(150);
    expect(finished).toEqual([]);
    const kept = stopped.done;
    m.dispose();

    // a new window: the record comes back from the workspace state, the counts from the folder
    const again = manager(state, finished);
    const found = again.list().find((b) => b.id === rec.id)!;
    expect(found).toMatchObject({ state: 'stopped', done: kept, total: 150, out });
    await again.act(rec.id, 'resume');
    const done = await until(again, rec.id, (b) => b.state === 'done');
    expect(done).toMatchObject({ done: 150, failed: 0, total: 150 });
    await until(again, rec.id, () => finished.length === 1);
    expect(finished[0].id).toBe(rec.id);
    // resumed, not restarted: the journal holds each item once
    const items = readFileSync(join(out, 'journal.jsonl'), 'utf8').match(/"type":"item"/g) ?? [];
    expect(items.length).toBe(150);
    expect(existsSync(join(out, 'features.csv'))).toBe(true);
  }, 120_000);

  it('runs a sweep to its sweep.json and reports a CLI refusal as failed with its message', async () => {
    const dir = tempDir('dynlens-manager-');
    const m = manager(new MemoryState());
    const out = join(dir, 'sweep');
    const rec = await m.start({
      kind: 'sweep',
      title: 'sweep rho',
      out,
      args: ['sweep', join(ROOT, 'examples', 'lorenz.ode'), '--param', 'rho=20:30:3', '--measure', 'lyapunov'],
      slurm: false,
      analysisId: 'sweep',
    });
    await until(m, rec.id, (b) => b.state === 'done');
    expect(JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).axes[0].name).toBe('rho');
    const bad = await m.start({
      kind: 'sweep',
      title: 'sweep nope',
      out: join(dir, 'bad'),
      args: ['sweep', join(ROOT, 'examples', 'lorenz.ode'), '--param', 'nope=0:1:3'],
      slurm: false,
      analysisId: 'sweep',
    });
    const failed = await until(m, bad.id, (b) => b.state === 'failed');
    expect(failed.message).toMatch(/nope/);
  }, 120_000);
});
