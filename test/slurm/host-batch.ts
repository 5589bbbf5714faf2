/**
 * The extension's batch manager on the real one-node cluster (run by test/slurm/run.mjs with SLURM_CONF set, via
 * scripts/run-ts.mjs), as the dashboard uses it after "Run on Slurm": the array is followed from the shard journals
 * and squeue/scontrol (tasks pending, running, done); Cancel (scancel) keeps the finished items and leaves the
 * batch stopped with its unfinished tasks failed; Resume resubmits them, the manager merges when every shard is
 * complete, and the table equals the local run's.
 * Usage: host-batch.ts CLI_JS COLLECTION WORK_DIR -- ANALYSIS [FLAGS...] (the local reference run goes to
 * WORK_DIR/local, the Slurm one to WORK_DIR/slurm).
 * Prints "host-batch: ok ..." or "host-batch: FAIL reason" and exits 0 or 1.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchManager, type StateStore } from '../../src/host/batch/manager';
import type { BatchInfo } from '../../src/protocol';

const [cli, collection, work, sep, analysis, ...flags] = process.argv.slice(2);
if (sep !== '--' || !analysis) throw new Error('usage: host-batch.ts CLI_JS COLLECTION WORK_DIR -- ANALYSIS ...');
const out = join(work, 'slurm');
const reference = join(work, 'local');

const store = new Map<string, unknown>();
const state: StateStore = {
  get: <T>(k: string, fallback: T) => (store.has(k) ? (store.get(k) as T) : fallback),
  update: (k, v) => {
    store.set(k, v);
    return Promise.resolve();
  },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(m: BatchManager, id: string, pred: (b: BatchInfo) => boolean, seen: Set<string>, what: string) {
  const end = Date.now() + 180_000;
  for (;;) {
    const b = m.list().find((x) => x.id === id);
    if (b)
      seen.add(
        b.state + (b.slurm ? ` ${b.slurm.pending}p/${b.slurm.running}r/${b.slurm.done}d/${b.slurm.failed}f` : ''),
      );
    if (b && pred(b)) return b;
    if (b?.state === 'failed') throw new Error(`the batch failed: ${b.message}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(b)}`);
    await sleep(150);
  }
}

async function main(): Promise<string> {
  const local = spawnSync(process.execPath, [cli, 'batch', analysis, collection, ...flags, '--out', reference, '-q'], {
    encoding: 'utf8',
  });
  if (local.status !== 0) return `FAIL the local reference run: ${local.stderr}`;
  let opened = 0;
  const m = new BatchManager(
    state,
    cli,
    () => opened++,
    () => undefined,
  );
  const seen = new Set<string>();
  try {
    const rec = await m.start({
      kind: 'batch',
      title: 'slurm batch',
      out,
      // one task at a time, so that the array has pending tasks to count and a cancel finds work left
      args: ['batch', analysis, collection, ...flags, '--slurm', '--shards', '3', '--max-parallel', '1'],
      slurm: true,
      analysisId: analysis,
    });
    const early = await until(m, rec.id, (b) => b.state === 'queued' && !!b.slurm && b.done >= 2, seen, 'progress');
    if (early.slurm!.pending < 1) return `FAIL no pending task counted while one task runs at a time (${[...seen]})`;
    await m.act(rec.id, 'cancel');
    const stopped = await until(m, rec.id, (b) => b.state === 'stopped', seen, 'the cancel');
    if (!(stopped.done >= 2 && stopped.done < (stopped.total ?? 0)))
      return `FAIL cancel kept ${stopped.done} of ${stopped.total} items`;
    if (!stopped.slurm || stopped.slurm.failed < 1)
      return `FAIL no unfinished task after the cancel: ${JSON.stringify(stopped)}`;
    if (opened !== 0) return 'FAIL a cancelled batch opened its result';
    await m.act(rec.id, 'resume');
    const done = await until(m, rec.id, (b) => b.state === 'done' && opened === 1, seen, 'the resumed batch');
    if (done.done !== done.total) return `FAIL ${done.done} of ${done.total} items`;
    if (done.slurm?.jobIds.length !== 2) return `FAIL expected 2 array jobs, got ${JSON.stringify(done.slurm)}`;
    for (const f of ['features.npy', 'items.csv'])
      if (!readFileSync(join(out, f)).equals(readFileSync(join(reference, f)))) return `FAIL ${f} differs from local`;
    return `ok: cancel kept ${stopped.done} of ${stopped.total} items, resume completed the table (equal to the local run); states ${[...seen].join(' -> ')}`;
  } finally {
    m.dispose();
  }
}

main().then(
  (line) => {
    console.log(`host-batch: ${line}`);
    process.exit(line.startsWith('ok') ? 0 : 1);
  },
  (e: unknown) => {
    console.log(`host-batch: FAIL ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
