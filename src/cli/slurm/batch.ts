/**
 * `dynlens batch <analysis> <collection...> --out DIR --slurm ...`: reads the collection (for the item count),
 * fits the shared coordinates once here (so the array tasks reuse DIR/fit.json instead of each fitting them), then
 * hands the folder to the Slurm driver.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { eachItem, ItemCursor } from '../../analysis/collections/cursor';
import { readCollections } from '../../analysis/collections/read';
import { usageError } from '../../analysis/core/errors';
import { getAnalysis } from '../../analysis/registry';
import { parseRunArgs } from '../../cli-args';
import { collectionHash } from '../../runtime/batch/hash';
import { sharedCoordinates } from '../../runtime/batch/fit';
import { splitPositionals, takeBatchFlags } from '../batch';
import { taskArgs } from './args';
import { runOnSlurm } from './driver';
import { batchFolderPlan } from './plan';
import type { SlurmOptions } from './sbatch';

const abs = (p: string): string => (/[*?[]/.test(p) ? p : resolve(p));

export async function slurmBatch(
  analysisId: string,
  argv: readonly string[],
  rest: string[],
  slurm: SlurmOptions,
): Promise<number> {
  const analysis = getAnalysis(analysisId);
  const { flags, rest: other } = takeBatchFlags(rest);
  if (flags.shard) throw usageError('--shard and --slurm do not mix: --slurm runs every shard as an array task');
  if (!flags.out) throw usageError(`batch ${analysisId}: --out DIR is required`);
  const { positionals, flags: analysisFlags } = splitPositionals(other, analysis.params);
  if (positionals.length === 0) throw usageError(`batch ${analysisId}: no collection given`);
  const run = parseRunArgs(analysisId, [...analysisFlags, positionals[0]], analysis.params);
  const collections = await readCollections(positionals.map(abs), flags.collection);
  const itemTotal = new ItemCursor(collections).total;
  if (itemTotal === 0) throw usageError(`batch ${analysisId}: the collection has no items`);
  const out = resolve(flags.out);
  if (analysis.fitShared && !flags.fitFrom) {
    const fitOn = flags.fitOn
      ? await readCollections(flags.fitOn.map(abs), flags.collection).then((cs) => ({
          paths: flags.fitOn!.map(abs),
          collections: cs,
          hash: collectionHash(cs),
        }))
      : undefined;
    process.stderr.write(
      `dynlens: fitting the shared coordinates on ${fitOn ? fitOn.paths.join(' ') : 'the collection'}\n`,
    );
    mkdirSync(out, { recursive: true });
    await sharedCoordinates({
      analysis,
      rawParams: run.params,
      out,
      items: { [Symbol.iterator]: () => eachItem(collections) },
      fitOn,
      collectionHash: collectionHash(collections),
      memoryBudgetBytes: (run.options.maxMemoryMB ?? 4096) * 2 ** 20,
    });
  }
  const t = taskArgs([analysisId, ...rest]);
  return runOnSlurm(
    batchFolderPlan({
      command: 'batch',
      what: analysisId,
      argv: [analysisId, ...argv],
      args: t.args,
      out,
      itemCount: itemTotal,
      resume: flags.resume,
      workers: t.workers,
      format: flags.format,
      slurm,
    }),
  );
}
