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
 * A shard I of N takes the items whose index i (all collections concatenated in the order given) has i mod N = I:
 * disjoint and stable for a given collection. Interleaved rather than contiguous, because collections are often
 * ordered by what their items cost (archives sorted by class, folders by name, a parameter plane row by row), and
 * contiguous blocks then hand one shard all the slow items while the others idle.
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

/** Does item `index` belong to the shard? Without a shard, every item does. */
export function inShard(index: number, shard?: ShardSpec): boolean {
  return !shard || index % shard.count === shard.index;
}

/** How many of `items` items the shard holds. */
export function shardSize(items: number, shard?: ShardSpec): number {
  if (!shard) return items;
  return shard.index >= items ? 0 : Math.ceil((items - shard.index) / shard.count);
}

/** The shard's item indices in increasing order: a first index and a step. */
export function shardStride(shard?: ShardSpec): { first: number; step: number } {
  return shard ? { first: shard.index, step: shard.count } : { first: 0, step: 1 };
}

/** The shard's items for messages: "items 2, 6, ..., 98". */
export function shardItemsText(items: number, shard: ShardSpec): string {
  const n = shardSize(items, shard);
  if (n === 0) return 'no items';
  if (shard.count === 1) return `items 0..${items - 1}`;
  const at = (k: number) => shard.index + k * shard.count;
  if (n <= 3) return `item${n > 1 ? 's' : ''} ${Array.from({ length: n }, (_, k) => at(k)).join(', ')}`;
  return `items ${at(0)}, ${at(1)}, ..., ${at(n - 1)}`;
}

export function parseShardDir(name: string): ShardSpec | undefined {
  const m = /^(\d+)-of-(\d+)$/.exec(name);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index < count ? { index, count } : undefined;
}
