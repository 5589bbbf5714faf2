import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { WorkerPool } from '../../../src/runtime/pool';

let script = '';
const pools: WorkerPool[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynlens-pool-'));
  script = join(dir, 'test-worker.js');
  await esbuild.build({
    entryPoints: [join(__dirname, 'test-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'error',
  });
});
afterAll(() => pools.forEach((p) => p.dispose()));

function pool(size = 1, maxMemoryMB = 256, jobsAhead = 0): WorkerPool {
  const p = new WorkerPool({ workerScript: script, size, maxMemoryMB, cancelGraceMs: 500, jobsAhead });
  pools.push(p);
  return p;
}

describe('WorkerPool', () => {
  it('creates workers lazily and runs a job with progress', async () => {
    const p = pool();
    expect(p.workerCount).toBe(0);
    const progress: number[] = [];
    const out = await p.run(
      { jobId: 'a', analysisId: 'echo', path: '/x.csv', params: { k: 1 } },
      { onProgress: (f) => progress.push(f) },
    ).outcome;
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.envelope.result).toEqual({ path: '/x.csv', params: { k: 1 }, budget: 256 * 1024 * 1024 });
    expect(progress).toEqual([0.5]);
    expect(p.workerCount).toBe(1);
  });

  it('cancels a cooperative job quickly and keeps the worker', async () => {
    const p = pool();
    const h = p.run({ jobId: 'b', analysisId: 'poll', path: '', params: {} });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    h.cancel();
    const out = await h.outcome;
    expect(Date.now() - t0).toBeLessThan(300);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.kind).toBe('cancelled');
    const again = await p.run({ jobId: 'c', analysisId: 'echo', path: '', params: {} }).outcome;
    expect(again.ok).toBe(true);
  });

  it('terminates and replaces a worker that ignores cancellation for 500 ms', async () => {
    const p = pool();
    const h = p.run({ jobId: 'd', analysisId: 'ignore', path: '', params: {} });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    h.cancel();
    const out = await h.outcome;
    const dt = Date.now() - t0;
    expect(dt).toBeGreaterThanOrEqual(450);
    expect(dt).toBeLessThan(1500);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/restarted/);
    const again = await p.run({ jobId: 'e', analysisId: 'echo', path: '', params: {} }).outcome;
    expect(again.ok).toBe(true);
  });

  it('fails only the job whose worker throws, crashes or runs out of memory', async () => {
    const p = pool(2, 64);
    const thrown = await p.run({ jobId: 'f', analysisId: 'throw', path: '', params: {} }).outcome;
    expect(thrown.ok).toBe(false);
    if (!thrown.ok) expect(thrown.error.message).toMatch(/boom/);
    const crashed = await p.run({ jobId: 'g', analysisId: 'crash', path: '', params: {} }).outcome;
    expect(crashed.ok).toBe(false);
    if (!crashed.ok) expect(crashed.error.message).toMatch(/crash/);
    const oom = p.run({ jobId: 'h', analysisId: 'oom', path: '', params: {} }).outcome;
    const meanwhile = p.run({ jobId: 'i', analysisId: 'echo', path: '', params: {} }).outcome;
    const [o1, o2] = await Promise.all([oom, meanwhile]);
    expect(o1.ok).toBe(false);
    if (!o1.ok) {
      expect(o1.error.kind).toBe('internal');
      expect(o1.error.message).toMatch(/worker ran out of memory/);
      expect(o1.error.message).toMatch(/--max-memory-mb/);
      expect(o1.error.message).toMatch(/dynlens\.worker\.maxMemoryMB/);
    }
    expect(o2.ok).toBe(true);
    const after = await p.run({ jobId: 'j', analysisId: 'echo', path: '', params: {} }).outcome;
    expect(after.ok).toBe(true);
  }, 30_000);

  it('spreads sub-tasks over workers and returns them in order', async () => {
    const p = pool(2);
    const out = await p.run({ jobId: 'k', analysisId: 'map', path: '', params: {} }).outcome;
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.envelope.result).toEqual([1, 4, 9, 16, 25]);
  });

  it('fails the job (never hangs) when a worker running one of its sub-tasks dies', async () => {
    const p = pool(2, 64);
    const out = await p.run({ jobId: 'm', analysisId: 'map-oom', path: '', params: {} }).outcome;
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/worker ran out of memory|died/);
    const after = await p.run({ jobId: 'n', analysisId: 'echo', path: '', params: {} }).outcome;
    expect(after.ok).toBe(true);
  }, 30_000);

  it('keeps the process alive while a job is pending and lets it exit when idle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-pool-alive-'));
    const driver = join(dir, 'driver.js');
    await esbuild.build({
      stdin: {
        contents: `const { WorkerPool } = require(${JSON.stringify(join(__dirname, '../../../src/runtime/pool'))});
          const p = new WorkerPool({ workerScript: process.argv[2], size: 1, maxMemoryMB: 64 });
          p.run({ jobId: 'x', analysisId: 'oom', path: '', params: {} }).outcome.then((o) => {
            process.stdout.write(JSON.stringify(o));
          });`,
        resolveDir: __dirname,
        loader: 'js',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: driver,
      logLevel: 'error',
    });
    // No await, no timer in the driver: only the pool's ref on its busy worker keeps the process up until the
    // outcome arrives; the idle worker then lets it end on its own (the test fails by timeout if it does not).
    const r = spawnSync(process.execPath, [driver, script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout) as { ok: boolean; error?: { message: string } };
    expect(o.ok).toBe(false);
    expect(o.error?.message).toMatch(/worker ran out of memory/);
  }, 30_000);

  it('offers its workers to a job for sub-tasks, but runs a batch item whole in one worker', async () => {
    const p = pool(3);
    const job = await p.run({ jobId: 'j', analysisId: 'parallelism', path: '', params: {} }).outcome;
    expect(job.ok && job.envelope.result).toBe(3);
    const batch = { keepResult: false };
    const item = await p.run({ jobId: 'i', analysisId: 'parallelism', path: '', params: {}, batch }).outcome;
    expect(item.ok && item.envelope.result).toBe(1);
  });

  it('queues jobs beyond the pool size', async () => {
    const p = pool(1);
    const outs = await Promise.all(
      [1, 2, 3].map((i) => p.run({ jobId: 'q' + i, analysisId: 'echo', path: String(i), params: {} }).outcome),
    );
    expect(outs.every((o) => o.ok)).toBe(true);
    expect(p.workerCount).toBe(1);
  });

  describe('with jobs sent ahead', () => {
    const sleep = (id: string, ms = 150) => ({ jobId: id, analysisId: 'sleep', path: id, params: { ms } });
    type Slept = { started: number; ended: number; path: string };

    it('gives each job the progress of its own run (the callbacks of all jobs share one channel per worker)', async () => {
      const p = pool(1, 256, 1);
      const seen: Record<string, string[]> = { a: [], b: [], c: [] };
      const outs = await Promise.all(
        ['a', 'b', 'c'].map(
          (id) =>
            p.run(
              { jobId: id, analysisId: 'echo', path: id, params: {} },
              { onProgress: (_f, m) => seen[id].push(m ?? '') },
            ).outcome,
        ),
      );
      expect(outs.every((o) => o.ok)).toBe(true);
      expect(seen).toEqual({ a: ['a'], b: ['b'], c: ['c'] });
    });

    it("runs a worker's jobs one after the other, in order, without waiting for the host thread", async () => {
      const p = pool(1, 256, 1);
      const handles = ['a', 'b', 'c'].map((id) => p.run(sleep(id)));
      // The host thread is blocked past the end of job a (worker start + 150 ms): job b can start on time only if
      // it was sent ahead; job c is sent when the host runs again.
      const blockedUntil = Date.now() + 1500;
      while (Date.now() < blockedUntil) {
        /* spin */
      }
      const outs = await Promise.all(handles.map((h) => h.outcome));
      const r = outs.map((o) => (o.ok ? (o.envelope.result as Slept) : undefined));
      expect(r.map((x) => x?.path)).toEqual(['a', 'b', 'c']);
      for (let i = 1; i < 3; i++) expect(r[i]!.started).toBeGreaterThanOrEqual(r[i - 1]!.ended); // one at a time
      expect(r[1]!.started).toBeLessThan(blockedUntil);
      expect(r[2]!.started).toBeGreaterThanOrEqual(blockedUntil);
      expect(p.workerCount).toBe(1);
    });

    it('fails only the running job when its worker dies; the job waiting behind it runs on a new worker', async () => {
      const p = pool(1, 64, 1);
      const crashed = p.run({ jobId: 'x', analysisId: 'crash', path: '', params: {} }).outcome;
      const waiting = p.run(sleep('w', 10)).outcome;
      const [o1, o2] = await Promise.all([crashed, waiting]);
      expect(o1.ok).toBe(false);
      if (!o1.ok) expect(o1.error.message).toMatch(/crash/);
      expect(o2.ok).toBe(true);
      if (o2.ok) expect((o2.envelope.result as Slept).path).toBe('w');
    }, 30_000);

    it('cancels a job waiting in a busy worker at once, and the worker skips it', async () => {
      const p = pool(1, 256, 1);
      const first = p.run(sleep('first', 400)).outcome;
      const waiting = p.run(sleep('waiting', 5000));
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      waiting.cancel();
      const o = await waiting.outcome;
      expect(Date.now() - t0).toBeLessThan(100);
      expect(o.ok).toBe(false);
      if (!o.ok) expect(o.error.kind).toBe('cancelled');
      expect((await first).ok).toBe(true);
      // the skipped job would hold the worker for 5 s if it ran
      const t1 = Date.now();
      expect((await p.run(sleep('after', 10)).outcome).ok).toBe(true);
      expect(Date.now() - t1).toBeLessThan(1000);
    });
  });
});
