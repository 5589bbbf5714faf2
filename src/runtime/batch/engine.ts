/**
 * `dynlens batch`: one analysis over every item of one or more collections, on the worker pool, with the shared
 * coordinates fitted once (fit.ts), an append-only journal flushed per item (journal.ts), resume, shards, and the
 * final tables written in item order (tables.ts). The folder layout is in layout.ts.
 *
 * Guarantees: a kill -9 loses only the items in flight; --resume recomputes nothing that finished and duplicates
 * nothing; one bad item never stops the batch (it is recorded with a message naming its file and row); the tables
 * are bit-identical whatever the worker count, the completion order or the sharding (rows in item order, values
 * journalled as bytes, the same parameters and shared coordinates for every item).
 */
import {
  existsSync,
  mkdirSync,
  statSync,
  openSync,
  closeSync,
  ftruncateSync,
  writeSync,
  accessSync,
  constants,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { writeFileAtomicSync } from '../atomic-write';
import { eachItem, itemCount, ItemCursor } from '../../analysis/collections/cursor';
import { readCollections } from '../../analysis/collections/read';
import type { Collection, CollectionItem, CollectionOptions } from '../../analysis/collections/types';
import { DynLensError, tooLarge, usageError } from '../../analysis/core/errors';
import { resolveParams } from '../../analysis/core/params';
import { analyses, getAnalysis } from '../../analysis/registry';
import type { JobRequest } from '../../protocol';
import { WorkerPool, type JobHandle } from '../pool';
import { RUNTIME_VERSION } from '../version';
import type { BatchItemResult } from './item';
import { DiagramsWriter, DISTANCE_FILES, distanceRunner, writeDistanceMatrix, type DistanceOption } from './distances';
import { collectionHash } from './hash';
import { JournalWriter, type JournalHeader } from './journal';
import { heapTrimmer, HOST_HEAP_SLACK_BYTES } from '../heap-trim';
import { FILES, shardItemsText, shardSize, shardStride, workDir, type FeatureFormat, type ShardSpec } from './layout';
import { BatchLock } from './lock';
import { closeIndex, countDone, indexJournal, OK } from './journal-index';
import { forEachLine } from './scan';
import { sharedCoordinates, type FitRecord } from './fit';
import type { ProgressSink } from './progress';
import { failureList, indexRows, writeResults, writeTables } from './tables';

export interface BatchRequest {
  analysisId: string;
  collections: string[];
  /** Collections built by the caller (a sweep's parameter grid) instead of read from `collections`. */
  prebuilt?: Collection[];
  /** Analysis parameters as given on the command line (before defaults). */
  rawParams: Record<string, unknown>;
  out: string;
  format: FeatureFormat;
  workers: number;
  maxMemoryMB: number;
  keepResults: boolean;
  /**
   * The batch owns its process (the CLI, not the extension host): workers keep V8's young generation at its initial
   * size, which process-wide flags do (see runtime/heap-trim.ts).
   */
  ownProcess?: boolean;
  /**
   * `--distance-matrix`: pairwise distances between the items' persistence diagrams (a shard keeps its diagrams for
   * `batch merge`, which writes the matrix). The order p
   * defaults to the analysis' own `--wasserstein-p` (persistence), else 1 (GUDHI's hera default).
   */
  distanceMatrix?: { metric: DistanceOption['metric']; p?: number };
  fitOn?: string[];
  fitFrom?: string;
  resume: boolean;
  shard?: ShardSpec;
  /** How the shard was chosen (--shard, SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX), for the log and shard.json. */
  shardSource?: string;
  collectionOptions: CollectionOptions;
  workerScript: string;
  progress: ProgressSink;
  /** Registers the Ctrl-C handler; returns its remover. */
  onInterrupt(handler: () => void): () => void;
  log(message: string): void;
}

export interface BatchReport {
  exitCode: 0 | 3 | 130;
  total: number;
  ok: number;
  failed: number;
  /** Items of this run (of its shard) still not done (after Ctrl-C). */
  remaining: number;
  files: string[];
  message: string;
}

/** The collections and a cursor over their items: items are built one at a time, when they run. */
interface Plan {
  collections: Collection[];
  cursor: ItemCursor;
  hash: string;
}

async function plan(req: BatchRequest): Promise<Plan> {
  const collections = req.prebuilt ?? (await readCollections(req.collections, req.collectionOptions));
  return { collections, cursor: new ItemCursor(collections), hash: collectionHash(collections) };
}

function checkDistanceMatrix(req: BatchRequest, items: number): void {
  const analysis = getAnalysis(req.analysisId);
  if (!analysis.diagrams)
    throw usageError(
      `--distance-matrix compares persistence diagrams; ${analysis.id} has none (analyses with diagrams: ${analyses
        .filter((a) => a.diagrams)
        .map((a) => a.id)
        .join(', ')})`,
    );
  const bytes = items * items * 8;
  if (bytes > req.maxMemoryMB * 2 ** 20)
    throw tooLarge(
      `--distance-matrix over ${items} items needs ${(bytes / 2 ** 20).toFixed(0)} MB per homology degree, over --max-memory-mb ${req.maxMemoryMB}`,
    );
}

function mkdirIfAbsent(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw e;
  }
}

/**
 * Creates `dir` level by level (a recursive mkdir loops forever under /proc on some kernels) and checks access. The
 * shard tasks of one array start together and create DIR/shards at the same moment: a level that another process
 * made between the check and the create is not an error.
 */
function ensureWritable(dir: string): void {
  try {
    const missing: string[] = [];
    for (let d = dir; !existsSync(d); d = dirname(d)) {
      if (dirname(d) === d) break;
      missing.unshift(d);
    }
    for (const d of missing) mkdirIfAbsent(d);
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new DynLensError('bad-input', `cannot write the output folder (${(e as NodeJS.ErrnoException).code ?? e})`, {
      file: dir,
    });
  }
}

function sameRun(h: JournalHeader, want: JournalHeader): string | undefined {
  if (h.analysis !== want.analysis) return `analysis ${h.analysis}, now ${want.analysis}`;
  if (h.collectionHash !== want.collectionHash) return 'the collection changed (its files or items differ)';
  if (JSON.stringify(h.params) !== JSON.stringify(want.params)) return 'the parameters differ';
  if (h.shard?.[0] !== want.shard[0] || h.shard?.[1] !== want.shard[1]) return 'the shard differs';
  return undefined;
}

function extraColumnsOf(collections: Collection[]): string[] {
  const out: string[] = [];
  for (const c of collections) for (const e of c.extraColumns) if (!out.includes(e)) out.push(e);
  return out;
}

/** The job of one item: files load in the worker; table rows and arrays are decoded here and sent inline. */
async function jobSpec(
  req: BatchRequest,
  namesSession: string,
  item: CollectionItem,
  index: number,
  params: Record<string, unknown>,
): Promise<Omit<JobRequest, 'memoryBudgetBytes' | 'parallelism'>> {
  const itemParams = item.params ? { ...params, ...item.params } : params;
  const base = {
    jobId: `batch-${index}`,
    analysisId: req.analysisId,
    params: itemParams,
    batch: {
      keepResult: req.keepResults,
      namesSession,
      diagrams: req.distanceMatrix !== undefined,
      ownProcess: req.ownProcess,
    },
  };
  if (item.file) return { ...base, path: item.file };
  const input = await item.load();
  if (input.kind !== 'table') throw usageError(`${item.source}: not a table`);
  const ds = input.dataset;
  return {
    ...base,
    path: item.source,
    inlineTable: { columns: ds.columns, data: ds.data, rows: ds.rows, notes: ds.notes },
  };
}

/** The item's message, led by its source unless the message already names it (or its file and row). */
function errorText(item: CollectionItem, message: string): string {
  const m = message.replace(/\s*\n\s*/g, ' ');
  const file = item.source.replace(/(:\d+|\[\d+\])$/, '');
  return m.includes(item.source) || (file !== item.source && m.startsWith(`${file}: row `))
    ? m
    : `${item.source}: ${m}`;
}

/** Wall time of the batch's phases, ms (batch.json `phasesMs`): where the time beyond the analyses goes. */
interface Clock {
  started: number;
  last: number;
  phases: Record<string, number>;
  lap(name: string): void;
}

function clock(): Clock {
  const c: Clock = {
    started: Date.now(),
    last: Date.now(),
    phases: {},
    lap(name) {
      const now = Date.now();
      c.phases[name] = (c.phases[name] ?? 0) + now - c.last;
      c.last = now;
    },
  };
  return c;
}

/**
 * Young generation per batch worker, MB: items are small and short-lived, so a small nursery costs little, and it
 * stops V8 from growing the workers' heaps with the length of the run (measured with the slack values of
 * runtime/heap-trim.ts; BENCHMARKS.md).
 */
const BATCH_YOUNG_GENERATION_MB = 6;

export async function runBatch(req: BatchRequest): Promise<BatchReport> {
  const started = clock();
  const analysis = getAnalysis(req.analysisId);
  if (!analysis.features)
    throw usageError(
      `${analysis.id} has no feature vector for batches (analyses that can batch: ${analyses
        .filter((a) => a.features)
        .map((a) => a.id)
        .join(', ')})`,
    );
  req.rawParams = { ...analysis.batchDefaults, ...req.rawParams };
  resolveParams(analysis.params, req.rawParams); // bad flags fail before anything is read
  const p = await plan(req);
  started.lap('collection');
  if (req.distanceMatrix) checkDistanceMatrix(req, p.cursor.total);
  ensureWritable(req.out);
  const work = workDir(req.out, req.shard);
  ensureWritable(work);
  const lock = BatchLock.acquire(work, req.resume);
  try {
    return await runLocked(req, p, work, started);
  } finally {
    lock.release();
  }
}

async function runLocked(req: BatchRequest, p: Plan, work: string, started: Clock): Promise<BatchReport> {
  const analysis = getAnalysis(req.analysisId);
  const fitOn = req.fitOn
    ? await readCollections(req.fitOn, req.collectionOptions).then((cs) => ({
        paths: req.fitOn as string[],
        collections: cs,
        hash: collectionHash(cs),
      }))
    : undefined;
  const fit: FitRecord = await sharedCoordinates({
    analysis,
    rawParams: req.rawParams,
    out: req.out,
    items: { [Symbol.iterator]: () => eachItem(p.collections) },
    fitOn,
    collectionHash: p.hash,
    fitFrom: req.fitFrom,
    memoryBudgetBytes: req.maxMemoryMB * 2 ** 20,
  });
  started.lap('fit');
  const runParams = { ...req.rawParams, ...fit.params };
  const resolved = resolveParams(analysis.params, runParams) as Record<string, unknown>;
  const total = p.cursor.total;
  const size = shardSize(total, req.shard);
  const header: JournalHeader = {
    type: 'header',
    analysis: analysis.id,
    params: resolved,
    collectionHash: p.hash,
    items: total,
    shard: req.shard ? [req.shard.index, req.shard.count] : [0, 1],
    runtimeVersion: RUNTIME_VERSION,
    collections: p.collections.map((c) => c.name),
    extraColumns: extraColumnsOf(p.collections),
  };
  const journalPath = join(work, FILES.journal);
  const before = indexJournal(journalPath);
  closeIndex(before);
  if (before.header) {
    if (!req.resume)
      throw usageError(
        `${work} already holds a batch (${FILES.journal}): add --resume to continue it, or choose another --out`,
      );
    const why = sameRun(before.header, header);
    if (why) throw usageError(`--resume: ${work} holds another batch (${why}); choose another --out`);
  }
  const journal = new JournalWriter(journalPath, before.validBytes, before.nextKey);
  if (!before.header) journal.header(header);
  const diagramsOut = req.distanceMatrix ? new DiagramsWriter(join(work, DISTANCE_FILES.part)) : undefined;
  let resultsFd = -1;
  const resultsPart = join(work, FILES.resultsPart);
  if (req.keepResults) {
    resultsFd = openSync(resultsPart, 'a+');
    ftruncateSync(
      resultsFd,
      forEachLine(resultsFd, () => undefined),
    );
  }
  // --resume skips the items that succeeded and runs the failed ones again (their new line supersedes the old);
  // a journal holds only its shard's items, so counting over all indices counts the shard's
  const prior = countDone(before, 0, total);
  const skipped = prior.ok;
  if (req.shard)
    req.log(
      `shard ${req.shard.index}/${req.shard.count} (${req.shardSource ?? '--shard'}): ${shardItemsText(total, req.shard)}`,
    );
  if (before.header)
    req.log(
      `resuming: ${skipped} of ${size} items already done` +
        (prior.failed > 0 ? `; retrying ${prior.failed} failed item(s)` : ''),
    );

  const pool = new WorkerPool({
    workerScript: req.workerScript,
    size: req.workers,
    maxMemoryMB: req.maxMemoryMB,
    maxYoungGenerationMB: BATCH_YOUNG_GENERATION_MB,
    jobsAhead: 1,
  });
  let done = 0;
  let failed = 0;
  let interrupted = false;
  const trimHeap = heapTrimmer(HOST_HEAP_SLACK_BYTES);
  const running = new Set<JobHandle>();
  const removeHandler = req.onInterrupt(() => {
    interrupted = true;
    for (const j of running) j.cancel();
  });
  const record = (
    index: number,
    item: CollectionItem,
    collection: string,
    outcome: { ok: true; value: BatchItemResult; ms: number } | { ok: false; error: string },
  ) => {
    const meta = { collection, source: item.source, label: item.label, extra: item.extra };
    if (outcome.ok) {
      journal.item({
        index,
        id: item.id,
        meta,
        status: 'ok',
        names: outcome.value.features.names,
        namesId: outcome.value.namesId,
        values: outcome.value.features.values,
        ms: outcome.ms,
      });
      if (diagramsOut && outcome.value.diagrams) diagramsOut.write(index, outcome.value.diagrams);
      if (resultsFd >= 0)
        writeSync(resultsFd, JSON.stringify({ index, id: item.id, result: outcome.value.result ?? null }) + '\n');
    } else {
      journal.item({ index, id: item.id, meta, status: 'failed', error: outcome.error });
      failed++;
    }
    done++;
    req.progress.update(done, failed, size, skipped);
    trimHeap();
  };
  // names lists by the worker's digest: a worker sends a list with its first item using it, then only the digest
  const namesById = new Map<string, string[]>();
  const namesSession = randomUUID();
  const withNames = (v: BatchItemResult): BatchItemResult | undefined => {
    if (!v.namesId) return v;
    if (v.features.names.length > 0 || v.features.values.length === 0) namesById.set(v.namesId, v.features.names);
    const names = namesById.get(v.namesId);
    return names ? { ...v, features: { names, values: v.features.values } } : undefined;
  };
  const { first, step } = shardStride(req.shard);
  let next = first;
  const lane = async (): Promise<void> => {
    for (;;) {
      while (next < total && before.status[next] === OK) next += step;
      if (interrupted || next >= total) return;
      const index = next;
      next += step;
      const at = p.cursor.at(index);
      const item = at.item;
      const collection = at.collection.name;
      let spec;
      try {
        spec = await jobSpec(req, namesSession, item, index, runParams);
      } catch (e) {
        record(index, item, collection, {
          ok: false,
          error: errorText(item, e instanceof Error ? e.message : String(e)),
        });
        continue;
      }
      if (interrupted) break;
      const job = pool.run(spec);
      running.add(job);
      const outcome = await job.outcome;
      running.delete(job);
      if (!outcome.ok && outcome.error.kind === 'cancelled' && interrupted) break;
      const value = outcome.ok ? withNames(outcome.envelope.result as BatchItemResult) : undefined;
      if (outcome.ok && value)
        record(index, item, collection, { ok: true, value, ms: outcome.envelope.provenance.wallTimeMs });
      else if (outcome.ok)
        record(index, item, collection, {
          ok: false,
          error: `${item.source}: the worker sent an unknown feature-name list`,
        });
      else record(index, item, collection, { ok: false, error: errorText(item, outcome.error.message) });
    }
  };
  try {
    // Three lanes per worker: one item running, one waiting in the worker (jobsAhead), one being prepared.
    await Promise.all(Array.from({ length: Math.max(1, pool.size * 3) }, lane));
  } finally {
    removeHandler();
    pool.dispose();
    journal.close();
    if (resultsFd >= 0) closeSync(resultsFd);
    diagramsOut?.close();
  }
  req.progress.finish(done, failed, size, skipped);
  started.lap('items');
  return finish(req, p, work, fit, resolved, size, interrupted, started);
}

async function finish(
  req: BatchRequest,
  p: Plan,
  work: string,
  fit: FitRecord,
  params: Record<string, unknown>,
  size: number,
  interrupted: boolean,
  started: Clock,
): Promise<BatchReport> {
  const j = indexJournal(join(work, FILES.journal));
  try {
    // the journal holds only this run's items (its shard's): the others are not done in it
    const total = p.cursor.total;
    const rows = indexRows(j, 0, total);
    const counts = countDone(j, 0, total);
    const ok = counts.ok;
    const failedCount = counts.failed;
    const remaining = size - ok - failedCount;
    let itemWallTimeMs = 0;
    for (let i = 0; i < total; i++) if (j.status[i] === OK) itemWallTimeMs += j.ms[i];
    const provenance = {
      analysis: req.analysisId,
      runtimeVersion: RUNTIME_VERSION,
      params,
      userParams: req.rawParams,
      fit,
      collections: p.collections.map((c) => ({
        name: c.name,
        layout: c.layout,
        items: itemCount(c),
        notes: c.notes,
      })),
      collectionHash: p.hash,
      items: p.cursor.total,
      ok,
      failed: failedCount,
      remaining,
      complete: remaining === 0,
      wallTimeMs: 0,
      phasesMs: started.phases,
      /** Sum over the items of the analysis' own wall time in its worker (load + run), ms. */
      itemWallTimeMs,
      workers: req.workers,
      failures: failureList(rows),
      failuresTruncated: failedCount > 1000 ? failedCount : undefined,
    };
    let files: string[] = [];
    const dm = req.distanceMatrix && {
      metric: req.distanceMatrix.metric,
      p: req.distanceMatrix.p ?? (typeof params.wassersteinP === 'number' ? params.wassersteinP : 1),
    };
    if (req.shard) {
      const info = {
        ...provenance,
        wallTimeMs: Date.now() - started.started,
        shard: req.shard,
        shardSource: req.shardSource,
        shardItems: size,
        // the shard's diagrams wait in its diagrams part; `batch merge` computes the matrix over all shards
        distanceMatrix: dm,
      };
      atomicJson(join(work, FILES.shardInfo), info);
      files = [join(work, FILES.journal), join(work, FILES.shardInfo)];
    } else {
      const tables = writeTables({
        out: req.out,
        format: req.format,
        rows,
        extraColumns: extraColumnsOf(p.collections),
        collectionColumn: p.collections.length > 1,
      });
      files = tables.files;
      if (req.keepResults) files.push(writeResults(req.out, [join(work, FILES.resultsPart)], 0, total));
      started.lap('tables');
      const distances = dm
        ? await distanceRunner(req)(req.analysisId, (run, blocks) =>
            writeDistanceMatrix(req.out, [join(work, DISTANCE_FILES.part)], rows, dm, run, blocks),
          )
        : undefined;
      if (distances) files.push(...distances.files);
      if (distances) started.lap('distances');
      atomicJson(join(req.out, FILES.batch), {
        ...provenance,
        wallTimeMs: Date.now() - started.started,
        format: req.format,
        featureCount: tables.featureNames.length,
        distanceMatrix: distances && { ...distances, files: distances.files.map((f) => f.slice(req.out.length + 1)) },
        files: files.map((f) => f.slice(req.out.length + 1)),
      });
      files.push(join(req.out, FILES.batch));
    }
    const where = req.shard ? `the failures of ${join(work, FILES.shardInfo)}` : join(req.out, FILES.failures);
    const exitCode = interrupted ? 130 : failedCount > 0 ? 3 : 0;
    const message = interrupted
      ? `interrupted: ${ok + failedCount} of ${size} items done (${remaining} left); continue with --resume`
      : failedCount > 0
        ? `${failedCount} of ${size} items failed: see ${where}${req.shard ? '' : ' and the error column'}`
        : `${ok} items done`;
    return { exitCode, total: size, ok, failed: failedCount, remaining, files, message };
  } finally {
    closeIndex(j);
  }
}

export function atomicJson(path: string, value: unknown): void {
  writeFileAtomicSync(path, JSON.stringify(value, null, 2) + '\n');
}
