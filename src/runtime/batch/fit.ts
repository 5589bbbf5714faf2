/**
 * The shared coordinates of a batch (see AnalysisDefinition.fitShared): read from `--fit-from F` (a batch.json or a
 * fit.json), reused from DIR/fit.json when it was fitted with the same analysis, parameters and fit items (resumes
 * and every shard of an array job get the same coordinates), or fitted here on the fit items (`--fit-on C`, else
 * the whole collection) and written to DIR/fit.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../atomic-write';
import { join } from 'node:path';
import { eachItem } from '../../analysis/collections/cursor';
import type { Collection, CollectionItem } from '../../analysis/collections/types';
import { localCancelSignal, type AnalysisContext } from '../../analysis/core/context';
import type { RegisteredAnalysis } from '../../analysis/core/definition';
import { DynLensError, usageError } from '../../analysis/core/errors';
import type { AnalysisInput } from '../../analysis/core/input';
import { resolveParams } from '../../analysis/core/params';
import { readInput } from '../../analysis/data/load';
import { runTasksLocally } from '../execute';
import { FILES } from './layout';

export interface FitRecord {
  analysis: string;
  /** Parameters that fix the shared coordinates; they override the defaults for every item. */
  params: Record<string, unknown>;
  notes: string[];
  /** What the fit was computed on: "the collection", the --fit-on paths, or "from FILE". */
  on: string;
  /** Hash of analysis, user parameters and fit items: DIR/fit.json is reused only when it matches. */
  key: string;
}

function localContext(memoryBudgetBytes: number, analysisId: string): AnalysisContext {
  const ctx: AnalysisContext = {
    progress: () => undefined,
    signal: localCancelSignal(),
    log: () => undefined,
    loadInput: async (path, options) => (await readInput(path, { maxBytes: memoryBudgetBytes, ...options })).input,
    memoryBudgetBytes,
    parallelism: 1,
    parallelMap: <T, R>(task: string, chunks: T[]) => runTasksLocally<T, R>(analysisId, task, chunks, ctx),
  };
  return ctx;
}

/** Reads the `fit` of a batch.json, or a fit.json, for --fit-from. */
export function readFitFrom(path: string, analysisId: string): FitRecord {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new DynLensError('bad-input', `--fit-from: cannot read JSON (${e instanceof Error ? e.message : e})`, {
      file: path,
    });
  }
  const fit = (doc.fit ?? doc) as Partial<FitRecord>;
  if (!fit.params || typeof fit.params !== 'object')
    throw new DynLensError('bad-input', '--fit-from: no fitted coordinates in this file (a batch.json or fit.json)', {
      file: path,
    });
  if (fit.analysis !== analysisId)
    throw usageError(`--fit-from ${path} was fitted for ${fit.analysis ?? 'another analysis'}, not ${analysisId}`);
  return { analysis: analysisId, params: fit.params, notes: fit.notes ?? [], on: `from ${path}`, key: fit.key ?? '' };
}

export async function sharedCoordinates(opts: {
  analysis: RegisteredAnalysis;
  rawParams: Record<string, unknown>;
  out: string;
  /** Every item (iterated once per pass of the fit). */
  items: Iterable<CollectionItem>;
  fitOn?: { paths: string[]; collections: Collection[]; hash: string };
  collectionHash: string;
  fitFrom?: string;
  memoryBudgetBytes: number;
}): Promise<FitRecord> {
  const { analysis } = opts;
  if (opts.fitFrom) return readFitFrom(opts.fitFrom, analysis.id);
  const on = opts.fitOn ? opts.fitOn.paths.join(' ') : 'the collection';
  // the batch's own defaults are part of its parameters whoever fits (the engine, or the Slurm driver before the
  // tasks start): without them the tasks would not recognise the driver's fit and each would fit again
  const rawParams = { ...analysis.batchDefaults, ...opts.rawParams };
  const key = createHash('sha256')
    .update(JSON.stringify([analysis.id, rawParams, opts.fitOn?.hash ?? opts.collectionHash]))
    .digest('hex');
  if (!analysis.fitShared)
    return { analysis: analysis.id, params: {}, notes: [`${analysis.id} has no shared coordinates`], on, key };
  const path = join(opts.out, FILES.fit);
  if (existsSync(path)) {
    try {
      const prev = JSON.parse(readFileSync(path, 'utf8')) as FitRecord;
      if (prev.key === key && prev.analysis === analysis.id) return prev;
    } catch {
      // a damaged fit.json is fitted again and replaced
    }
  }
  const fitOn = opts.fitOn;
  const fitItems: Iterable<CollectionItem> = fitOn
    ? { [Symbol.iterator]: () => eachItem(fitOn.collections) }
    : opts.items;
  const inputs = async function* (): AsyncIterable<AnalysisInput> {
    for (const item of fitItems) {
      let input: AnalysisInput;
      try {
        input = await item.load();
      } catch {
        continue; // unreadable items fail in their own run, with their own message
      }
      yield input;
    }
  };
  const params = resolveParams(analysis.params, rawParams);
  const fitted = await analysis.fitShared(inputs, params, localContext(opts.memoryBudgetBytes, analysis.id));
  const record: FitRecord = { analysis: analysis.id, params: fitted.params, notes: fitted.notes, on, key };
  writeFileAtomicSync(path, JSON.stringify(record, null, 2) + '\n');
  return record;
}
