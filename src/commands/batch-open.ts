/**
 * Opening what a batch produced: the batch result panel (view `batch`), a sweep's view (DIR/sweep.json), and one
 * item's own analysis panel (an item that is a file runs as the analysis of that file; a row or an array of a
 * collection is read by the worker from its collection, with the batch's parameters).
 */
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CollectionItemRef, ResultEnvelope, SweepResult } from '../protocol';
import { batchEnvelope } from '../host/batch/result';
import { workDirs } from '../host/batch/folder';
import type { BatchRecord } from '../host/batch/manager';
import { loadManifest } from '../host/manifest';
import { FILES } from '../runtime/batch/layout';
import { closeJournal, scanJournal } from '../runtime/batch/scan';
import { RUNTIME_VERSION } from '../runtime/version';
import { ResultPanel } from '../panels/result-panel';
import { panelDeps, runAnalysis, type RunContext } from './run';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function openBatchResult(rc: RunContext, out: string): void {
  try {
    const env = batchEnvelope(out);
    ResultPanel.create(panelDeps(rc), `${env.title}: ${basename(out)}`, vscode.ViewColumn.Active).showResult(env);
  } catch (e) {
    void vscode.window.showErrorMessage(`DynLens: ${out}: ${errorText(e)}`);
  }
}

export function openSweepResult(rc: RunContext, rec: BatchRecord): void {
  const file = join(rec.out, 'sweep.json');
  if (!existsSync(file)) return openBatchResult(rc, rec.out);
  try {
    const result = JSON.parse(readFileSync(file, 'utf8')) as SweepResult;
    const model = rec.args[1] ?? result.model;
    const bytes = existsSync(model) ? readFileSync(model) : Buffer.alloc(0);
    const env: ResultEnvelope = {
      analysisId: 'sweep',
      title: 'Parameter sweep',
      view: 'sweep',
      provenance: {
        analysisId: 'sweep',
        path: model,
        contentHash: createHash('sha256').update(bytes).digest('hex'),
        fileBytes: bytes.length,
        params: { args: rec.args.slice(2) },
        runtimeVersion: RUNTIME_VERSION,
        wallTimeMs: 0,
        startedAt: rec.startedAt,
        notes: [`tables in ${rec.out}`],
      },
      result,
    };
    ResultPanel.create(panelDeps(rc), `Sweep: ${basename(model)}`, vscode.ViewColumn.Active).showResult(env);
  } catch (e) {
    void vscode.window.showErrorMessage(`DynLens: ${file}: ${errorText(e)}`);
  }
}

interface FoundItem {
  analysisId: string;
  params: Record<string, unknown>;
  id: string;
  source: string;
  collection: string;
}

function findItem(out: string, index: number): FoundItem | undefined {
  for (const dir of workDirs(out)) {
    const path = join(dir, FILES.journal);
    if (!existsSync(path)) continue;
    const j = scanJournal(path);
    try {
      const it = j.items.get(index);
      if (it && j.header)
        return {
          analysisId: j.header.analysis,
          params: j.header.params,
          id: it.id,
          source: it.meta.source,
          collection: it.meta.collection,
        };
    } finally {
      closeJournal(j);
    }
  }
  return undefined;
}

/** The value of `--flag V` (or `--flag=V`) in a recorded command line. */
function flagValue(args: readonly string[] | undefined, flag: string): string | undefined {
  if (!args) return undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(flag + '=')) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

export async function openBatchItem(rc: RunContext, out: string, index: number, rec?: BatchRecord): Promise<void> {
  const item = findItem(out, index);
  if (!item) return void vscode.window.showWarningMessage(vscode.l10n.t('DynLens: item {0} is not in {1}', index, out));
  const info = loadManifest(rc.extensionPath).find((a) => a.id === item.analysisId);
  if (!info) return;
  // The batch's parameters after defaults (with its fitted grids), so the panel shows what the batch computed.
  const params = item.params;
  if (existsSync(item.source) && statSync(item.source).isFile()) {
    await runAnalysis(rc, vscode.Uri.file(item.source), item.analysisId, params, { reuse: true });
    return;
  }
  const ref: CollectionItemRef = {
    collection: item.collection,
    id: item.id,
    labelColumn: flagValue(rec?.args, '--label-column'),
    recursive: rec?.args.includes('--recursive'),
  };
  const panel = ResultPanel.create(
    panelDeps(rc),
    `${info.title}: ${item.id}`,
    vscode.ViewColumn.Beside,
    item.analysisId,
  );
  const job = rc.services.jobs.start({
    analysisId: item.analysisId,
    title: info.title,
    path: item.source,
    params,
    collectionItem: ref,
    onProgress: (f, m) => {
      if (!panel.disposed) panel.showProgress(job.info.jobId, f, m);
    },
  });
  const closed = panel.panel.onDidDispose(() => job.cancel());
  const r = await job.done;
  closed.dispose();
  if (panel.disposed) return;
  if (r.envelope) panel.showResult(r.envelope, r.key, r.plain);
  else if (r.error) panel.showError(r.error);
}
