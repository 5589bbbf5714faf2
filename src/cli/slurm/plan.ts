/**
 * What the Slurm driver needs to know of a batch folder, from the batch engine's own files: the item range of a
 * shard (layout.ts), how many items a shard's journal holds (scan.ts), and the merge (merge.ts). Shared by
 * `dynlens batch --slurm` and `dynlens sweep --slurm`.
 */
import { join } from 'node:path';
import { FILES, shardItemsText, shardSize, workDir, type FeatureFormat } from '../../runtime/batch/layout';
import { closeIndex, countDone, indexJournal, type JournalIndex } from '../../runtime/batch/journal-index';
import { availableParallelism } from 'node:os';
import { distanceRunner } from '../../runtime/batch/distances';
import { mergeBatch } from '../../runtime/batch/merge';
import type { ShardCount, SlurmPlan } from './driver';
import { shellQuote } from './sbatch';

/** The last index of each shard journal: a poll reads only what the tasks appended since the one before. */
const seen = new Map<string, JournalIndex>();

export function countShard(out: string, index: number, count: number): ShardCount {
  const path = join(workDir(out, { index, count }), FILES.journal);
  const j = indexJournal(path, seen.get(path));
  closeIndex(j);
  seen.set(path, j);
  const c = countDone(j, 0, j.status.length);
  return { done: c.ok + c.failed, failed: c.failed };
}

export function batchFolderPlan(o: {
  command: 'batch' | 'sweep';
  what: string;
  /** The user's full argument list after the command (for the resume hint). */
  argv: readonly string[];
  args: string[];
  out: string;
  itemCount: number;
  resume: boolean;
  workers?: number;
  format: FeatureFormat;
  slurm: SlurmPlan['slurm'];
  afterMerge?: () => void;
}): SlurmPlan {
  const kept = o.argv.filter((a) => a !== '--resume' && a !== '--wait');
  const hint = ['dynlens', o.command, ...kept, '--resume', '--wait'].map(shellQuote).join(' ');
  return {
    command: o.command,
    what: o.what,
    args: o.args,
    out: o.out,
    itemCount: o.itemCount,
    resume: o.resume,
    workers: o.workers,
    slurm: o.slurm,
    shardSize: (index, count) => shardSize(o.itemCount, { index, count }),
    shardItems: (index, count) => shardItemsText(o.itemCount, { index, count }),
    countShard: (index, count) => countShard(o.out, index, count),
    merge: async () => {
      const code = await mergeAndReport(o.out, o.format);
      o.afterMerge?.();
      return code;
    },
    resumeHint: hint,
    log: (line) => process.stderr.write(line + '\n'),
  };
}

/**
 * `dynlens batch merge DIR` (also the end of `--slurm --wait`): the tables, and the distance matrix when the shards
 * ran with --distance-matrix (on a pool of all cores, from the dist folder this CLI runs from); prints the files.
 */
export async function mergeAndReport(dir: string, format: FeatureFormat): Promise<number> {
  const distances = distanceRunner({
    workerScript: join(__dirname, 'worker.js'),
    workers: Math.max(1, availableParallelism()),
    maxMemoryMB: 4096,
  });
  const r = await mergeBatch(dir, format, distances);
  process.stdout.write(`${r.message}\n${r.files.map((f) => `  ${f}`).join('\n')}\n`);
  if (r.exitCode !== 0) process.stderr.write(`dynlens: ${r.message}\n`);
  return r.exitCode;
}
