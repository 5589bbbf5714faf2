/**
 * The dashboard: a webview view in the DynLens activity-bar container. Shows running jobs (progress, cancel), the
 * history of results in this workspace (click to reopen) and the examples (click to run).
 */
import * as vscode from 'vscode';
import { renderPanelHtml, newNonce } from '../report/html';
import type {
  BatchAction,
  BatchInfo,
  DashboardToHost,
  ExampleInfo,
  HistoryEntry,
  HostToDashboard,
  JobInfo,
} from '../protocol';

export const DASHBOARD_VIEW_ID = 'dynlens.dashboard';

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  jobs(): JobInfo[];
  history(): Promise<HistoryEntry[]>;
  storeSize?(): Promise<{ bytes: number; maxBytes: number }>;
  examples(): ExampleInfo[];
  onJobsChanged(cb: () => void): vscode.Disposable;
  cancel(jobId: string): void;
  open(key: string): Promise<void>;
  runExample(path: string, analysisId: string): Promise<void>;
  clearHistory(): Promise<void>;
  /** Batches and sweeps of this workspace, and what to do with one. */
  batches?(): BatchInfo[];
  onBatchesChanged?(cb: () => void): vscode.Disposable;
  batchAction?(id: string, action: BatchAction): Promise<void>;
}

export class DashboardProvider implements vscode.WebviewViewProvider {
  private view?: vscode.WebviewView;
  private ready = false;
  private queued = false;

  constructor(private readonly deps: DashboardDeps) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'dist')],
    };
    const script = view.webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview.js'));
    view.webview.html = renderPanelHtml({
      scriptUri: script.toString(),
      cspSource: view.webview.cspSource,
      nonce: newNonce(),
      mode: 'dashboard',
      title: 'DynLens',
    });
    const sub = this.deps.onJobsChanged(() => this.refresh());
    const batchSub = this.deps.onBatchesChanged?.(() => this.refresh());
    view.onDidDispose(() => {
      sub.dispose();
      batchSub?.dispose();
      this.view = undefined;
    });
    view.onDidChangeVisibility(() => {
      if (view.visible) this.refresh();
    });
    view.webview.onDidReceiveMessage((m: DashboardToHost) => void this.onMessage(m));
  }

  /** Coalesces bursts of job updates into one post per tick. */
  refresh(): void {
    if (!this.view || !this.ready || this.queued) return;
    this.queued = true;
    setTimeout(() => {
      this.queued = false;
      void this.post();
    }, 50);
  }

  private async post(): Promise<void> {
    if (!this.view) return;
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const history = (await this.deps.history()).filter(
      (h) => folders.length === 0 || folders.some((f) => h.path.startsWith(f)),
    );
    const store = await this.deps.storeSize?.();
    const msg: HostToDashboard = {
      type: 'state',
      jobs: this.deps.jobs(),
      history,
      examples: this.deps.examples(),
      store,
      batches: this.deps.batches?.(),
    };
    void this.view.webview.postMessage(msg);
  }

  private async onMessage(m: DashboardToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.post();
        break;
      case 'cancel':
        this.deps.cancel(m.jobId);
        break;
      case 'open':
        await this.deps.open(m.key);
        break;
      case 'runExample':
        await this.deps.runExample(m.path, m.analysisId);
        break;
      case 'clearHistory':
        await this.deps.clearHistory();
        await this.post();
        break;
      case 'batch':
        if (typeof m.id === 'string' && ['cancel', 'resume', 'open', 'forget'].includes(m.action))
          await this.deps.batchAction?.(m.id, m.action);
        this.refresh();
        break;
    }
  }
}
