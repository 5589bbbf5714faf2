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
import { existsSync, mkdirSync, openSync, closeSync, ftruncateSync, writeSync, accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomicSync } from '../atomic-write';
import { readCollections } from '../../analysis/collections/read';
import type { Collection, CollectionItem, CollectionOptions } from '../../analysis/collections/types';
import { DynLensError, usageError } from '../../analysis/core/errors';
import { resolveParams } from '../../analysis/core/params';
import { analyses, getAnalysis } from '../../analysis/registry';
import type { JobRequest } from '../../protocol';
import { WorkerPool, type JobHandle } from '../pool';
import { RUNTIME_VERSION } from '../version';
import type { BatchItemResult } from './item';
import { collectionHash } from './hash';
import { JournalWriter, type JournalHeader } from './journal';
import { FILES, shardRange, workDir, type FeatureFormat, type ShardSpec } from './layout';
import { BatchLock } from './lock';
import { closeJournal, forEachLine, scanJournal } from './scan';
import { sharedCoordinates, type FitRecord } from './fit';
import type { ProgressSink } from './progress';
import { writeResults, writeTables, type RowMeta } from './tables';

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
  /** Items of this run's range still not done (after Ctrl-C). */
  remaining: number;
  files: string[];
  message: string;
}

interface Plan {
  collections: Collection[];
  items: CollectionItem[];
  rows: RowMeta[];
  hash: string;
}

async function plan(req: BatchRequest): Promise<Plan> {
  const collections = req.prebuilt ?? (await readCollections(req.collections, req.collectionOptions));
  const items: CollectionItem[] = [];
  const rows: RowMeta[] = [];
  for (const c of collections)
    for (const it of c.items) {
      rows.push({
        index: items.length,
        id: it.id,
        collection: c.name,
        source: it.source,
        label: it.label,
        extra: it.extra,
      });
      items.push(it);
    }
  return { collections, items, rows, hash: collectionHash(collections) };
}

/** Creates `dir` level by level (a recursive mkdir loops forever under /proc on some kernels) and checks access. */
function ensureWritable(dir: string): void {
  try {
    const missing: string[] = [];
    for (let d = dir; !existsSync(d); d = dirname(d)) {
      if (dirname(d) === d) break;
      missing.unshift(d);
    }
    for (const d of missing) mkdirSync(d);
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
  if (h.range[0] !== want.range[0] || h.range[1] !== want.range[1]) return 'the shard differs';
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
  item: CollectionItem,
  index: number,
  params: Record<string, unknown>,
): Promise<Omit<JobRequest, 'memoryBudgetBytes' | 'parallelism'>> {
  const itemParams = item.params ? { ...params, ...item.params } : params;
  const base = {
    jobId: `batch-${index}`,
    analysisId: req.analysisId,
    params: itemParams,
    batch: { keepResult: req.keepResults },
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
    items: p.items,
    fitOn,
    collectionHash: p.hash,
    fitFrom: req.fitFrom,
    memoryBudgetBytes: req.maxMemoryMB * 2 ** 20,
  });
  started.lap('fit');
  const runParams = { ...req.rawParams, ...fit.params };
  const resolved = resolveParams(analysis.params, runParams) as Record<string, unknown>;
  const [start, end] = shardRange(p.items.length, req.shard);
  const header: JournalHeader = {
    type: 'header',
    analysis: analysis.id,
    params: resolved,
    collectionHash: p.hash,
    items: p.items.length,
    range: [start, end],
    runtimeVersion: RUNTIME_VERSION,
    collections: p.collections.map((c) => c.name),
    extraColumns: extraColumnsOf(p.collections),
  };
  const journalPath = join(work, FILES.journal);
  const before = scanJournal(journalPath, false);
  closeJournal(before);
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
  let resultsFd = -1;
  const resultsPart = join(work, FILES.resultsPart);
  if (req.keepResults) {
    resultsFd = openSync(resultsPart, 'a+');
    ftruncateSync(
      resultsFd,
      forEachLine(resultsFd, () => undefined),
    );
  }
  const todo: number[] = [];
  for (let i = start; i < end; i++) if (!before.items.has(i)) todo.push(i);
  const skipped = end - start - todo.length;
  if (req.shard)
    req.log(
      `shard ${req.shard.index}/${req.shard.count} (${req.shardSource ?? '--shard'}): items ${start}..${end - 1}`,
    );
  if (skipped > 0) req.log(`resuming: ${skipped} of ${end - start} items already done`);

  const pool = new WorkerPool({ workerScript: req.workerScript, size: req.workers, maxMemoryMB: req.maxMemoryMB });
  let done = 0;
  let failed = before ? [...before.items.values()].filter((x) => x.status === 'failed').length : 0;
  let interrupted = false;
  const running = new Set<JobHandle>();
  const removeHandler = req.onInterrupt(() => {
    interrupted = true;
    for (const j of running) j.cancel();
  });
  const record = (
    index: number,
    item: CollectionItem,
    outcome: { ok: true; value: BatchItemResult; ms: number } | { ok: false; error: string },
  ) => {
    const meta = { collection: p.rows[index].collection, source: item.source, label: item.label, extra: item.extra };
    if (outcome.ok) {
      journal.item({
        index,
        id: item.id,
        meta,
        status: 'ok',
        names: outcome.value.features.names,
        values: outcome.value.features.values,
        ms: outcome.ms,
      });
      if (resultsFd >= 0)
        writeSync(resultsFd, JSON.stringify({ index, id: item.id, result: outcome.value.result ?? null }) + '\n');
    } else {
      journal.item({ index, id: item.id, meta, status: 'failed', error: outcome.error });
      failed++;
    }
    done++;
    req.progress.update(done, failed, p.items.length === 0 ? 0 : end - start, skipped);
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (!interrupted && next < todo.length) {
      const index = todo[next++];
      const item = p.items[index];
      let spec;
      try {
        spec = await jobSpec(req, item, index, runParams);
      } catch (e) {
        record(index, item, { ok: false, error: errorText(item, e instanceof Error ? e.message : String(e)) });
        continue;
      }
      if (interrupted) break;
      const job = pool.run(spec);
      running.add(job);
      const outcome = await job.outcome;
      running.delete(job);
      if (!outcome.ok && outcome.error.kind === 'cancelled' && interrupted) break;
      if (outcome.ok)
        record(index, item, {
          ok: true,
          value: outcome.envelope.result as BatchItemResult,
          ms: outcome.envelope.provenance.wallTimeMs,
        });
      else record(index, item, { ok: false, error: errorText(item, outcome.error.message) });
    }
  };
  try {
    // Two lanes per worker keep every worker busy while the next item is read.
    await Promise.all(Array.from({ length: Math.max(1, pool.size * 2) }, lane));
  } finally {
    removeHandler();
    pool.dispose();
    journal.close();
    if (resultsFd >= 0) closeSync(resultsFd);
  }
  req.progress.finish(done, failed, end - start, skipped);
  started.lap('items');
  return finish(req, p, work, fit, resolved, [start, end], interrupted, started);
}

async function finish(
  req: BatchRequest,
  p: Plan,
  work: string,
  fit: FitRecord,
  params: Record<string, unknown>,
  range: [number, number],
  interrupted: boolean,
  started: Clock,
): Promise<BatchReport> {
  const j = scanJournal(join(work, FILES.journal), false);
  try {
    const inRange = p.rows.slice(range[0], range[1]);
    const ok = inRange.filter((r) => j.items.get(r.index)?.status === 'ok').length;
    const failedRows = inRange.filter((r) => j.items.get(r.index)?.status === 'failed');
    const remaining = inRange.length - ok - failedRows.length;
    const provenance = {
      analysis: req.analysisId,
      runtimeVersion: RUNTIME_VERSION,
      params,
      userParams: req.rawParams,
      fit,
      collections: p.collections.map((c) => ({
        name: c.name,
        layout: c.layout,
        items: c.items.length,
        notes: c.notes,
      })),
      collectionHash: p.hash,
      items: p.items.length,
      ok,
      failed: failedRows.length,
      remaining,
      complete: remaining === 0,
      wallTimeMs: 0,
      phasesMs: started.phases,
      /** Sum over the items of the analysis' own wall time in its worker (load + run), ms. */
      itemWallTimeMs: inRange.reduce((s, r) => s + (j.items.get(r.index)?.ms ?? 0), 0),
      workers: req.workers,
      failures: failedRows
        .slice(0, 1000)
        .map((r) => ({ index: r.index, id: r.id, source: r.source, error: j.items.get(r.index)?.error })),
      failuresTruncated: failedRows.length > 1000 ? failedRows.length : undefined,
    };
    let files: string[] = [];
    if (req.shard) {
      const info = {
        ...provenance,
        wallTimeMs: Date.now() - started.started,
        shard: req.shard,
        shardSource: req.shardSource,
        range,
      };
      atomicJson(join(work, FILES.shardInfo), info);
      files = [join(work, FILES.journal), join(work, FILES.shardInfo)];
    } else {
      const tables = writeTables({
        out: req.out,
        format: req.format,
        rows: p.rows,
        done: j.items,
        extraColumns: extraColumnsOf(p.collections),
        collectionColumn: p.collections.length > 1,
      });
      files = tables.files;
      if (req.keepResults)
        files.push(
          writeResults(
            req.out,
            [join(work, FILES.resultsPart)],
            p.rows.map((r) => r.index),
          ),
        );
      started.lap('tables');
      atomicJson(join(req.out, FILES.batch), {
        ...provenance,
        wallTimeMs: Date.now() - started.started,
        format: req.format,
        featureCount: tables.featureNames.length,
        files: files.map((f) => f.slice(req.out.length + 1)),
      });
      files.push(join(req.out, FILES.batch));
    }
    const where = req.shard ? `the failures of ${join(work, FILES.shardInfo)}` : join(req.out, FILES.failures);
    const exitCode = interrupted ? 130 : failedRows.length > 0 ? 3 : 0;
    const message = interrupted
      ? `interrupted: ${ok + failedRows.length} of ${inRange.length} items done (${remaining} left); continue with --resume`
      : failedRows.length > 0
        ? `${failedRows.length} of ${inRange.length} items failed: see ${where}${req.shard ? '' : ' and the error column'}`
        : `${ok} items done`;
    return { exitCode, total: inRange.length, ok, failed: failedRows.length, remaining, files, message };
  } finally {
    closeJournal(j);
  }
}

export function atomicJson(path: string, value: unknown): void {
  writeFileAtomicSync(path, JSON.stringify(value, null, 2) + '\n');
}
