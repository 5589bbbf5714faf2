/**
 * Where a batch keeps its state in the output folder DIR (`--out DIR`). Everything a run, a resume, a shard or a
 * merge reads or writes is named here, so the Slurm driver and `dynlens batch merge` agree with the engine.
 *
 *   DIR/batch.json          provenance of the finished batch (written last, temp name + rename)
 *   DIR/fit.json            the shared coordinates (grid, image box, bandwidth) fitted once; shards reuse it
 *   DIR/features.parquet    | features.csv | features.npy + items.csv + feature-names.txt: one row per item, in item order
 *   DIR/results.jsonl       every item's full result (with --keep-results), in item order
 *   DIR/failures.txt        one line per failed item (source: message), when some failed
 *   DIR/journal.jsonl       unsharded run: append-only journal, one JSON line per finished item (see journal.ts)
 *   DIR/results.part.jsonl  unsharded run with --keep-results: append-only, one line per finished item
 *   DIR/lock                the running process: {"pid", "host", "started"}; refused while that process lives
 *   DIR/shards/I-of-N/      a shard (`--shard I/N`, 0-based I): its own journal.jsonl, results.part.jsonl, lock and
 *                           shard.json (the part's provenance); no final tables: `dynlens batch merge DIR` reads
 *                           every shard's journal, checks that each item appears exactly once, and writes the
 *                           final tables and batch.json in DIR.
 *   DIR/logs/               Slurm task logs (written by the Slurm driver, not by the engine)
 *
 * A shard I of N takes the items with index in [floor(I * n / N), floor((I + 1) * n / N)) of the n items (all
 * collections concatenated in the order given): contiguous, disjoint and stable for a given collection.
 */
import { join } from 'node:path';

export interface ShardSpec {
  /** 0-based. */
  index: number;
  count: number;
}

export const FILES = {
  batch: 'batch.json',
  fit: 'fit.json',
  journal: 'journal.jsonl',
  resultsPart: 'results.part.jsonl',
  results: 'results.jsonl',
  failures: 'failures.txt',
  lock: 'lock',
  shardInfo: 'shard.json',
  items: 'items.csv',
  featureNames: 'feature-names.txt',
} as const;

export type FeatureFormat = 'parquet' | 'csv' | 'npy';

export function featuresFile(format: FeatureFormat): string {
  return `features.${format}`;
}

/** The folder holding a run's journal and lock: DIR itself, or DIR/shards/I-of-N. */
export function workDir(out: string, shard?: ShardSpec): string {
  return shard ? join(out, 'shards', `${shard.index}-of-${shard.count}`) : out;
}

/** Item index range [start, end) of a shard. */
export function shardRange(items: number, shard?: ShardSpec): [number, number] {
  if (!shard) return [0, items];
  return [Math.floor((shard.index * items) / shard.count), Math.floor(((shard.index + 1) * items) / shard.count)];
}

export function parseShardDir(name: string): ShardSpec | undefined {
  const m = /^(\d+)-of-(\d+)$/.exec(name);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index < count ? { index, count } : undefined;
}
