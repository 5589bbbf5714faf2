/**
 * Runs one analysis on one file: load (inside the calling thread), resolve parameters, run, wrap with provenance.
 * The worker and the in-process paths (tests, CLI fallback) share this function so they give the same numbers.
 */
import type { AnalysisContext, CancelSignal } from '../analysis/core/context';
import { DynLensError, toErrorInfo } from '../analysis/core/errors';
import { resolveParams } from '../analysis/core/params';
import { DEFAULT_WORK_LIMIT, enforceEstimate, type ResourceEstimate } from '../analysis/core/budget';
import { getAnalysis } from '../analysis/registry';
import { readInput, type ReadInputResult } from '../analysis/data/load';
import { createHash } from 'node:crypto';
import type { JobOutcome, JobRequest, ResultEnvelope } from '../protocol';
import { RUNTIME_VERSION } from './version';
import { readCollectionItem } from './collection-item';
import { dirname, isAbsolute, resolve } from 'node:path';

export interface ExecuteHooks {
  signal: CancelSignal;
  progress(fraction: number, message?: string): void;
  partial?(value: unknown): void;
  log?(message: string): void;
  parallelMap?<T, R>(analysisId: string, task: string, chunks: T[]): Promise<R[]>;
}

/** Throttles a progress callback to at most one call per `intervalMs`, always passing the final 1.0. */
export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  intervalMs: number,
  isFinal: (...args: A) => boolean,
): (...args: A) => void {
  let last = 0;
  return (...args: A) => {
    const now = Date.now();
    if (now - last >= intervalMs || isFinal(...args)) {
      last = now;
      fn(...args);
    }
  };
}

export async function executeJob(req: JobRequest, hooks: ExecuteHooks): Promise<JobOutcome> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  try {
    const analysis = getAnalysis(req.analysisId);
    const params = resolveParams(analysis.params, req.params);
    hooks.progress(0, 'loading ' + req.path);
    const loaded = req.inlineTable
      ? inlineInput(req.path, req.inlineTable)
      : req.collectionItem
        ? await readCollectionItem(req.collectionItem, req.memoryBudgetBytes, hooks.signal)
        : await readInput(req.path, {
            maxBytes: req.memoryBudgetBytes,
            signal: hooks.signal,
            selection: req.input,
            bytes: req.stdin,
          });
    if (!analysis.inputs.includes(loaded.input.kind)) {
      throw new DynLensError(
        'usage',
        `${analysis.id} does not accept ${loaded.input.kind} files (it accepts: ${analysis.inputs.join(', ')})`,
        { file: req.path },
      );
    }
    hooks.signal.throwIfCancelled();
    const budget = { memoryBytes: req.memoryBudgetBytes, work: req.workBudget ?? DEFAULT_WORK_LIMIT };
    const checkEstimate = (e: ResourceEstimate) => enforceEstimate(analysis.id, e, budget, req.path);
    if (analysis.estimate) checkEstimate(analysis.estimate(loaded.input, params));
    const notes: string[] =
      loaded.input.kind === 'table'
        ? [...loaded.input.dataset.notes]
        : loaded.input.kind === 'graph'
          ? [...loaded.input.graph.notes]
          : [];
    const ctx: AnalysisContext = {
      progress: (f, m) => hooks.progress(Math.max(0, Math.min(1, f)), m),
      signal: hooks.signal,
      log: (m) => {
        notes.push(m);
        hooks.log?.(m);
      },
      partial: hooks.partial,
      // Secondary files (--compare, --inputs, file:PATH) named relatively are found beside the main input; the CLI
      // makes the ones typed in a terminal absolute against the working directory first.
      loadInput: async (path, options) =>
        (
          await readInput(isAbsolute(path) ? path : resolve(dirname(req.path), path), {
            maxBytes: req.memoryBudgetBytes,
            ...options,
          })
        ).input,
      memoryBudgetBytes: req.memoryBudgetBytes,
      workBudget: budget.work,
      checkEstimate,
      parallelism: Math.max(1, req.parallelism),
      parallelMap: async <T, R>(task: string, chunks: T[]): Promise<R[]> => {
        if (hooks.parallelMap) return hooks.parallelMap<T, R>(analysis.id, task, chunks);
        return runTasksLocally<T, R>(analysis.id, task, chunks, ctx);
      },
    };
    const result = await analysis.run(loaded.input, params, ctx);
    hooks.progress(1, 'done');
    const envelope: ResultEnvelope = {
      analysisId: analysis.id,
      title: analysis.title,
      view: analysis.view ?? analysis.id,
      provenance: {
        analysisId: analysis.id,
        path: req.path,
        contentHash: loaded.contentHash,
        fileBytes: loaded.fileBytes,
        params: params,
        runtimeVersion: RUNTIME_VERSION,
        wallTimeMs: Date.now() - started,
        startedAt,
        notes,
        ...(req.input && Object.keys(req.input).length > 0 ? { input: req.input } : {}),
        ...(loaded.selection ? { selection: loaded.selection } : {}),
      },
      result,
    };
    const repeat = analysis.repeatWith?.(result, params);
    if (repeat) envelope.provenance.repeatWith = repeat;
    const warnings = analysis.assess?.(result, params) ?? [];
    if (warnings.length > 0) envelope.warnings = warnings;
    return { ok: true, envelope };
  } catch (e) {
    const info = toErrorInfo(e);
    if (!info.file && info.kind !== 'usage' && info.kind !== 'cancelled') {
      info.file = req.path;
      info.message = `${req.path}: ${info.message}`;
    }
    return { ok: false, error: info };
  }
}

/** A table decoded by the host (batch items): hashed here so the provenance still names its content. */
function inlineInput(path: string, t: NonNullable<JobRequest['inlineTable']>): ReadInputResult {
  const hash = createHash('sha256');
  hash.update(t.columns.join('\u0000'));
  for (const c of t.data) hash.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  const bytes = t.data.reduce((s, c) => s + c.byteLength, 0);
  return {
    input: { kind: 'table', path, dataset: { source: path, ...t } },
    contentHash: hash.digest('hex'),
    fileBytes: bytes,
  };
}

/** Runs a registry entry's sub-task on each chunk in this thread (CLI in-process, tests, pool of one). */
export async function runTasksLocally<T, R>(
  analysisId: string,
  task: string,
  chunks: T[],
  ctx: AnalysisContext,
): Promise<R[]> {
  const fn = getAnalysis(analysisId).tasks?.[task];
  if (!fn) throw new Error(`analysis ${analysisId} has no task "${task}"`);
  const out: R[] = [];
  for (const c of chunks) {
    ctx.signal.throwIfCancelled();
    out.push((await fn(c, ctx)) as R);
  }
  return out;
}
