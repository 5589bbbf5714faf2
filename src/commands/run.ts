/**
 * Running an analysis from VS Code: pick the file, reuse a stored result when nothing changed, otherwise start a
 * job with a cancellable progress notification and a result panel beside the file.
 */
import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import type { AnalysisInfo, InputSelection, ResultEnvelope } from '../protocol';
import { CONTAINER_EXTENSIONS } from '../analysis/core/input';
import { accepts, loadManifest, withDefaults } from '../host/manifest';
import { rerunParamsProblem } from '../host/message-guard';
import type { Services } from '../host/services';
import { ResultPanel, type PanelDeps } from '../panels/result-panel';
import { hashFile, resultKey } from '../runtime/store';
import { RUNTIME_VERSION } from '../runtime/version';
import { openAsNotebook } from '../notebook/host';

export interface RunContext {
  extensionUri: vscode.Uri;
  extensionPath: string;
  services: Services;
  /** Where the dataset picked in a container is remembered, per file (workspace state). */
  state?: vscode.Memento;
  /** The program that runs the bundled CLI (the terminal launcher's absolute path), for exported notebooks. */
  cliProgram: string;
  log(message: string): void;
  /** Opens item `index` of the batch in folder `out` in its own analysis panel (the batch result panel's click). */
  openBatchItem?(out: string, index: number): void;
  /** The batch result panel's envelope of folder `out`, read from its journals (undefined if unreadable). */
  reloadBatch?(out: string): ResultEnvelope | undefined;
}

const datasetKey = (path: string): string => `dynlens.dataset:${path}`;

/** A container with several datasets: let the user pick one (the last pick of this file first). */
async function pickDataset(rc: RunContext, path: string, choices: string[]): Promise<string | undefined> {
  const last = rc.state?.get<string>(datasetKey(path));
  const ordered = last && choices.includes(last) ? [last, ...choices.filter((c) => c !== last)] : choices;
  const pick = await vscode.window.showQuickPick(ordered, {
    placeHolder: `${basename(path)} holds several datasets: which one?`,
  });
  if (pick) await rc.state?.update(datasetKey(path), pick);
  return pick;
}

export function panelDeps(rc: RunContext): PanelDeps {
  return {
    extensionUri: rc.extensionUri,
    loadResult: (key) => rc.services.store.get(key),
    rerun: (env: ResultEnvelope, params) => {
      const info = loadManifest(rc.extensionPath).find((a) => a.id === env.analysisId);
      const fileKeys = (info?.params ?? []).filter((p) => p.type === 'files').map((p) => p.key);
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      folders.push(dirname(env.provenance.path));
      const problem = rerunParamsProblem(params, fileKeys, folders, dirname(env.provenance.path));
      if (problem) return void vscode.window.showWarningMessage(`DynLens: re-run refused: ${problem}`);
      void runAnalysis(rc, vscode.Uri.file(env.provenance.path), env.analysisId, params, {
        reuse: true,
        input: env.provenance.input,
      });
    },
    openNotebook: (env) => openAsNotebook(env, rc.cliProgram, rc.log),
    openBatchItem: rc.openBatchItem ? (env, index) => rc.openBatchItem!(env.provenance.path, index) : undefined,
    reloadBatch: rc.reloadBatch,
  };
}

/** The file a command applies to: the clicked resource, else the active editor's file. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file') return active;
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (tab && typeof tab === 'object' && 'uri' in tab && tab.uri instanceof vscode.Uri)
    return (tab as { uri: vscode.Uri }).uri;
  return undefined;
}

export async function pickAnalysis(rc: RunContext, uri: vscode.Uri): Promise<AnalysisInfo | undefined> {
  const options = loadManifest(rc.extensionPath).filter((a) => accepts(a, uri.fsPath));
  if (options.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: no analysis accepts {0}', basename(uri.fsPath)));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    options.map((a) => ({ label: a.title, description: a.id, detail: a.description, info: a })),
    { placeHolder: vscode.l10n.t('Analyze {0} with...', basename(uri.fsPath)) },
  );
  return pick?.info;
}

export async function runAnalysis(
  rc: RunContext,
  uri: vscode.Uri,
  analysisId: string,
  params: Record<string, unknown> = {},
  opts: { reuse?: boolean; input?: InputSelection } = {},
): Promise<ResultPanel | undefined> {
  const info = loadManifest(rc.extensionPath).find((a) => a.id === analysisId);
  if (!info) {
    void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: unknown analysis {0}', analysisId));
    return undefined;
  }
  const path = uri.fsPath;
  const name = basename(path);
  if (!accepts(info, path)) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('DynLens: {0} does not accept {1} (it reads {2} files)', info.title, name, info.inputs.join(', ')),
    );
    return undefined;
  }
  const deps = panelDeps(rc);
  const remembered = rc.state?.get<string>(datasetKey(path));
  const input = opts.input ?? (remembered ? { dataset: remembered } : undefined);
  // Containers are hashed by the dataset read, in the worker: the whole-file hash here would never match.
  const container = CONTAINER_EXTENSIONS.some((e) => path.toLowerCase().endsWith(e));
  const reuse =
    !container && (opts.reuse ?? vscode.workspace.getConfiguration('dynlens').get<boolean>('results.reuse', true));
  if (reuse) {
    try {
      const key = resultKey(await hashFile(path), analysisId, withDefaults(info, params), RUNTIME_VERSION);
      const stored = await rc.services.store.get(key);
      if (stored) {
        const panel = ResultPanel.create(deps, `${info.title}: ${name}`);
        panel.showResult(stored, key);
        return panel;
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`DynLens: ${name}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  const panel = ResultPanel.create(deps, `${info.title}: ${name}`, vscode.ViewColumn.Beside, analysisId);
  void vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('DynLens: {0} on {1}', info.title, name),
      cancellable: true,
    },
    async (progress, token) => {
      let reported = 0;
      const job = rc.services.jobs.start({
        analysisId,
        title: info.title,
        path,
        params,
        input,
        onProgress: (f, m) => {
          const pct = Math.round(f * 100);
          progress.report({ increment: Math.max(0, pct - reported), message: m });
          reported = Math.max(reported, pct);
          if (!panel.disposed) panel.showProgress(job.info.jobId, f, m);
        },
        onPartial: (v) => {
          if (!panel.disposed) panel.showPartial(job.info.jobId, v);
        },
      });
      token.onCancellationRequested(() => job.cancel());
      const closed = panel.panel.onDidDispose(() => job.cancel());
      const r = await job.done;
      closed.dispose();
      if (r.envelope) {
        if (!panel.disposed) panel.showResult(r.envelope, r.key, r.plain);
      } else if (r.error?.choices?.length) {
        // Several datasets (or a remembered one that is gone): pick, remember, run again in a fresh panel.
        const dataset = await pickDataset(rc, path, r.error.choices);
        if (dataset) {
          if (!panel.disposed) panel.panel.dispose();
          void runAnalysis(rc, uri, analysisId, params, { ...opts, input: { ...input, dataset } });
        } else if (!panel.disposed) panel.showError(r.error);
      } else if (r.error) {
        if (!panel.disposed) panel.showError(r.error);
        if (r.error.kind === 'cancelled')
          void vscode.window.showInformationMessage(vscode.l10n.t('DynLens: {0} on {1} cancelled', info.title, name));
        else void vscode.window.showErrorMessage(`DynLens: ${r.error.message}`);
      }
    },
  );
  return panel;
}
