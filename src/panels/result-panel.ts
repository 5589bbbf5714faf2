/**
 * A result panel: one webview per analysis run, opened beside the file. It shows progress while the job runs,
 * then the result. Panels survive a window reload through the serializer (state = PanelState in the webview).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { renderPanelHtml, newNonce } from '../report/html';
import type { ErrorInfo, HostToPanel, PanelState, PanelToHost, ResultEnvelope } from '../protocol';
import { toPlainJson } from '../runtime/plain-json';
import { shellKindOf } from '../args/command';
import { insideFolders } from '../host/message-guard';
import { removeStaleTemps } from '../runtime/atomic-write';

/** Folders a panel's messages may refer to: the workspace's, and the folder of the panel's own file. */
function allowedFolders(envelope: ResultEnvelope | undefined): string[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  if (envelope) folders.push(dirname(envelope.provenance.path));
  return folders;
}

export const PANEL_VIEW_TYPE = 'dynlens.result';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  loadResult(key: string): Promise<ResultEnvelope | undefined>;
  rerun?(envelope: ResultEnvelope, params: Record<string, unknown>): void;
  openNotebook?(envelope: ResultEnvelope): Promise<void>;
  /** A batch result panel's click on an item: that item's own analysis (the batch folder is the envelope's path). */
  openBatchItem?(envelope: ResultEnvelope, index: number): void;
  /** The batch result of a folder, read again (a restored batch panel whose result was too large to keep). */
  reloadBatch?(out: string): ResultEnvelope | undefined;
}

const open = new Set<ResultPanel>();

export class ResultPanel {
  private pending: HostToPanel[] = [];
  private ready = false;
  private last?: HostToPanel;
  private envelope?: ResultEnvelope;

  static create(deps: PanelDeps, title: string, column = vscode.ViewColumn.Beside, viewId?: string): ResultPanel {
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      title,
      { viewColumn: column, preserveFocus: true },
      ResultPanel.options(deps.extensionUri),
    );
    return new ResultPanel(panel, deps, viewId);
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
      retainContextWhenHidden: false,
    };
  }

  /** Re-attaches to a panel VS Code restored after a reload. */
  static async revive(panel: vscode.WebviewPanel, state: PanelState | undefined, deps: PanelDeps): Promise<void> {
    const p = new ResultPanel(panel, deps);
    // Large results are kept in the webview state as a key only (or as an envelope without its result).
    const kept = state?.envelope && state.envelope.result !== undefined ? state.envelope : undefined;
    // a batch result too large for the webview state is read again from its folder
    const batch =
      !kept && state?.envelope?.view === 'batch' ? deps.reloadBatch?.(state.envelope.provenance.path) : undefined;
    const env = kept ?? batch ?? (state?.resultKey ? await deps.loadResult(state.resultKey) : undefined);
    if (env) p.showResult(env, state?.resultKey);
    else if (state?.resultKey)
      p.showError({
        kind: 'internal',
        message:
          'this result is no longer in the result store (history was cleared or it aged out); run the analysis again',
      });
    else
      p.showError({
        kind: 'cancelled',
        message: 'this panel belonged to a job that did not finish (cancelled or failed); run the analysis again',
      });
  }

  static all(): ResultPanel[] {
    return [...open];
  }

  /** `viewId` lets the page draw live partial results with the analysis' own view before the first result. */
  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    viewId?: string,
  ) {
    open.add(this);
    panel.webview.options = ResultPanel.options(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'dynlens.svg');
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview.js'));
    panel.webview.html = renderPanelHtml({
      scriptUri: script.toString(),
      cspSource: panel.webview.cspSource,
      nonce: newNonce(),
      mode: 'panel',
      title: panel.title,
      viewId,
      shell: shellKindOf(vscode.env.shell),
      l10n: vscode.l10n.bundle,
    });
    panel.webview.onDidReceiveMessage((m: PanelToHost) => void this.onMessage(m));
    panel.onDidDispose(() => open.delete(this));
  }

  /** The view of the result shown (tests and diagnostics). */
  get view(): string | undefined {
    return this.envelope?.view;
  }

  get disposed(): boolean {
    return !open.has(this);
  }

  showProgress(jobId: string, fraction: number, message?: string): void {
    this.post({ type: 'progress', jobId, fraction, message });
  }

  showPartial(jobId: string, value: unknown): void {
    this.post({ type: 'partial', jobId, value: toPlainJson(value) });
  }

  /** Shows a result; `plain` is the envelope already converted by toPlainJson, when the caller has it. */
  showResult(envelope: ResultEnvelope, resultKey?: string, plain?: ResultEnvelope): void {
    this.envelope = envelope;
    this.panel.title = `${envelope.title}: ${basename(envelope.provenance.path)}`;
    this.post({ type: 'result', envelope: plain ?? (toPlainJson(envelope) as ResultEnvelope), resultKey });
  }

  showError(error: ErrorInfo): void {
    this.post({ type: 'error', error });
  }

  /** Tells the webview the theme changed (it also watches the body class itself). */
  themeChanged(): void {
    if (this.ready) void this.panel.webview.postMessage({ type: 'theme' } satisfies HostToPanel);
  }

  private post(m: HostToPanel): void {
    if (m.type === 'result' || m.type === 'error') this.last = m;
    if (this.ready) void this.panel.webview.postMessage(m);
    else this.pending.push(m);
  }

  private async onMessage(m: PanelToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.pending.length === 0 && this.last) this.pending.push(this.last);
        for (const p of this.pending.splice(0)) void this.panel.webview.postMessage(p);
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('DynLens: copied'), 1500);
        break;
      case 'save': {
        const base = this.envelope
          ? vscode.Uri.file(dirname(this.envelope.provenance.path))
          : vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          defaultUri: base ? vscode.Uri.joinPath(base, m.suggestedName) : undefined,
          saveLabel: vscode.l10n.t('Save'),
        });
        if (!target) return;
        const bytes =
          m.dataBase64 !== undefined ? Buffer.from(m.dataBase64, 'base64') : Buffer.from(m.text ?? '', 'utf8');
        // A temporary sibling renamed over the target: an interrupted save never leaves a truncated file, and the
        // next save removes what a killed window left (runtime/atomic-write.ts names and cleans them the same way).
        if (target.scheme === 'file') removeStaleTemps(target.fsPath);
        const name = `.${basename(target.path)}.dynlens-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
        const tmp = target.with({ path: `${dirname(target.path)}/${name}` });
        try {
          await vscode.workspace.fs.writeFile(tmp, bytes);
          await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
        } catch (e) {
          await Promise.resolve(vscode.workspace.fs.delete(tmp)).catch(() => undefined);
          throw e;
        }
        void vscode.window.setStatusBarMessage(vscode.l10n.t('DynLens: saved {0}', target.fsPath), 3000);
        break;
      }
      case 'insert': {
        const editor =
          vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'file') ??
          vscode.window.activeTextEditor;
        if (!editor) {
          void vscode.window.showWarningMessage(vscode.l10n.t('DynLens: open an editor to insert into'));
          return;
        }
        if (typeof m.text !== 'string') return;
        // Text from a webview is written into a file only after the user agrees, seeing where and what.
        const preview = m.text.length > 200 ? m.text.slice(0, 200) + '...' : m.text;
        const choice = await vscode.window.showInformationMessage(
          `Insert into ${basename(editor.document.uri.fsPath)} at line ${editor.selection.active.line + 1}?`,
          { modal: true, detail: preview },
          'Insert',
        );
        if (choice !== 'Insert') return;
        await editor.edit((b) => b.insert(editor.selection.active, m.text));
        break;
      }
      case 'rerun':
        // Always this panel's own file and analysis; the parameters are checked by the command (file parameters
        // must stay inside the workspace).
        if (this.envelope && this.deps.rerun) this.deps.rerun(this.envelope, m.params);
        break;
      case 'openAnalysis':
        await vscode.commands.executeCommand(`dynlens.run.${m.analysisId}`, vscode.Uri.file(m.path), m.params);
        break;
      case 'openBatchItem':
        // only this panel's own batch, and an item index (the host reads the item from the batch's journals)
        if (this.envelope?.view === 'batch' && Number.isInteger(m.index) && this.deps.openBatchItem)
          this.deps.openBatchItem(this.envelope, m.index);
        break;
      case 'openFile':
        if (!insideFolders(m.path, allowedFolders(this.envelope))) {
          void vscode.window.showWarningMessage(`DynLens: not opening ${String(m.path)}: it is outside the workspace`);
          return;
        }
        await vscode.window.showTextDocument(vscode.Uri.file(m.path), { viewColumn: vscode.ViewColumn.One });
        break;
      case 'openNotebook':
        if (this.envelope && this.deps.openNotebook)
          await this.deps
            .openNotebook(this.envelope)
            .catch((e: unknown) =>
              vscode.window.showErrorMessage(`DynLens: ${e instanceof Error ? e.message : String(e)}`),
            );
        break;
    }
  }
}
