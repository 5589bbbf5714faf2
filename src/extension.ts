/**
 * DynLens extension host entry. Activation only registers commands, the dashboard view and the panel serializer:
 * the worker pool, the analysis core and the chart library load on first use (activation budget: 50 ms).
 */
import * as vscode from 'vscode';
import { isBundledExample } from './host/message-guard';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { ExampleInfo, PanelState } from './protocol';
import { createServices, type Services } from './host/services';
import { PANEL_VIEW_TYPE, ResultPanel } from './panels/result-panel';
import { DASHBOARD_VIEW_ID, DashboardProvider } from './dashboard/provider';
import { panelDeps, pickAnalysis, runAnalysis, targetUri, type RunContext } from './commands/run';
import { registerCodeLenses } from './codelens/register';
import { parseFlags } from './commands/flags';
import { installLauncher } from './host/launcher';
import { jobLogWatcher } from './host/job-log';
import { trackDataJson } from './host/json-sniff';
import { registerRendererMessaging } from './notebook/host';
import { join } from 'node:path';
import { BatchManager, type BatchRecord } from './host/batch/manager';
import { batchCommand, type BatchOptions } from './commands/batch';
import { sweepCommand, type SweepOptions } from './commands/sweep';
import { openBatchItem, openBatchResult, openSweepResult } from './commands/batch-open';
import { batchEnvelope } from './host/batch/result';

let services: Services | undefined;
let stallMonitor: IntervalHistogram | undefined;
let activationMs = 0;

export function activate(context: vscode.ExtensionContext): { activationMs: number } {
  const t0 = performance.now();
  // Created on first use (a job, an error, Show Log): nothing of it on the activation path.
  let channel: vscode.LogOutputChannel | undefined;
  const output = (): vscode.LogOutputChannel => {
    if (!channel) {
      channel = vscode.window.createOutputChannel('DynLens', { log: true });
      context.subscriptions.push(channel);
    }
    return channel;
  };
  const logger = { info: (m: string) => output().info(m), error: (m: string) => output().error(m) };
  let svc: Services | undefined;
  const getServices = (): Services => {
    if (svc) return svc;
    svc = services = createServices(context);
    const s = svc;
    context.subscriptions.push(new vscode.Disposable(s.jobs.onChange(jobLogWatcher(() => s.jobs.list(), logger))));
    return s;
  };
  const binDir = join(context.globalStorageUri.fsPath, 'bin');
  const rc = (): RunContext => ({
    extensionUri: context.extensionUri,
    extensionPath: context.extensionPath,
    services: getServices(),
    state: context.workspaceState,
    cliProgram: join(binDir, process.platform === 'win32' ? 'dynlens.cmd' : 'dynlens'),
    log: (m) => output().info(m),
    openBatchItem: (out, index) => void openBatchItem(rc(), out, index, batchManager?.recordByOut(out)),
    reloadBatch: (out) => {
      try {
        return batchEnvelope(out);
      } catch {
        return undefined;
      }
    },
  });
  // Batches and sweeps: created on first use, or just after activation when the workspace has some to follow.
  let batchManager: BatchManager | undefined;
  const batches = (): BatchManager => {
    if (batchManager) return batchManager;
    const m = new BatchManager(
      context.workspaceState,
      join(context.extensionPath, 'dist', 'cli.js'),
      (r: BatchRecord) => (r.kind === 'sweep' ? openSweepResult(rc(), r) : openBatchResult(rc(), r.out)),
      (line) => output().info(line),
      (message, ...args) => vscode.l10n.t(message, ...args),
    );
    batchManager = m;
    context.subscriptions.push(new vscode.Disposable(() => m.dispose()));
    return m;
  };
  const focusDashboard = () => vscode.commands.executeCommand(`${DASHBOARD_VIEW_ID}.focus`);

  const commands =
    (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ??
    [];
  for (const { command } of commands) {
    if (!command.startsWith('dynlens.run.')) continue;
    const analysisId = command.slice('dynlens.run.'.length);
    context.subscriptions.push(
      // Menus call (uri, selectedUris[]); programmatic callers may pass (uri, params).
      vscode.commands.registerCommand(command, async (arg?: unknown, second?: unknown) => {
        const uri = requireTarget(arg);
        if (!uri) return;
        const params =
          second && typeof second === 'object' && !Array.isArray(second) && !(second instanceof vscode.Uri)
            ? (second as Record<string, unknown>)
            : {};
        startStallMonitor();
        await runAnalysis(rc(), uri, analysisId, params);
      }),
    );
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('dynlens.analyze', async (arg?: unknown) => {
      const uri = requireTarget(arg);
      if (!uri) return;
      const info = await pickAnalysis(rc(), uri);
      if (info) {
        startStallMonitor();
        await runAnalysis(rc(), uri, info.id);
      }
    }),
    vscode.commands.registerCommand('dynlens.analyzeWithParameters', async (arg?: unknown) => {
      const uri = requireTarget(arg);
      if (!uri) return;
      const info = await pickAnalysis(rc(), uri);
      if (!info) return;
      const memoKey = `dynlens.flags.${info.id}`;
      const flags = await vscode.window.showInputBox({
        title: vscode.l10n.t('DynLens: {0} on {1}', info.title, uri.path.split('/').pop() ?? ''),
        prompt: vscode.l10n.t(
          'Parameters as in the CLI (dynlens {0} FILE ...): {1}',
          info.id,
          info.params.map((p) => p.flag).join(' '),
        ),
        value: context.workspaceState.get<string>(memoKey, ''),
        placeHolder: info.params
          .slice(0, 3)
          .map((p) => `${p.flag} ${p.default ?? '...'}`)
          .join(' '),
        validateInput: (text) => {
          try {
            parseFlags(text, info.params, info.id);
            return undefined;
          } catch (e) {
            return e instanceof Error ? e.message : String(e);
          }
        },
      });
      if (flags === undefined) return;
      await context.workspaceState.update(memoKey, flags);
      startStallMonitor();
      await runAnalysis(rc(), uri, info.id, parseFlags(flags, info.params, info.id));
    }),
    // Menus call (uri, selectedUris[]); tests and links may pass (uri, options) to skip the questions they answer.
    vscode.commands.registerCommand('dynlens.batch', async (arg?: unknown, second?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : targetUri(arg);
      if (!uri)
        return void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: select a folder or a collection file'));
      const o = second && typeof second === 'object' && !Array.isArray(second) ? (second as BatchOptions) : {};
      return batchCommand(uri, o, {
        extensionPath: context.extensionPath,
        state: context.workspaceState,
        batches: batches(),
        focusDashboard,
      });
    }),
    vscode.commands.registerCommand('dynlens.sweep', async (arg?: unknown, second?: unknown) => {
      const uri = requireTarget(arg);
      if (!uri) return;
      const o = second && typeof second === 'object' && !Array.isArray(second) ? (second as SweepOptions) : {};
      return sweepCommand(uri, o, { batches: batches(), focusDashboard });
    }),
    vscode.commands.registerCommand('dynlens.openDashboard', () =>
      vscode.commands.executeCommand(`${DASHBOARD_VIEW_ID}.focus`),
    ),
    vscode.commands.registerCommand('dynlens.clearHistory', async () => getServices().store.clear()),
    vscode.commands.registerCommand('dynlens.showLog', () => output().show()),
    vscode.commands.registerCommand('dynlens.openExamples', () =>
      vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.joinPath(context.extensionUri, 'examples'), {
        forceNewWindow: true,
      }),
    ),
    // Walkthrough links: open an example file, and run an analysis on it when one is named.
    vscode.commands.registerCommand('dynlens.runExample', async (file: string, analysisId?: string) => {
      const uri = vscode.Uri.joinPath(context.extensionUri, 'examples', file);
      await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.One });
      if (analysisId) await runAnalysis(rc(), uri, analysisId);
    }),
    vscode.commands.registerCommand('dynlens.internal.diagnostics', () => ({
      activationMs,
      maxEventLoopStallMs: stallMonitor ? stallMonitor.max / 1e6 : 0,
      meanEventLoopDelayMs: stallMonitor ? stallMonitor.mean / 1e6 : 0,
      jobs: svc?.jobs.list() ?? [],
      workers: svc ? svc.pool().workerCount : 0,
      panels: ResultPanel.all().length,
      panelViews: ResultPanel.all().map((p) => p.view ?? ''),
      batches: batchManager?.list() ?? [],
    })),
    vscode.commands.registerCommand('dynlens.internal.storedResult', (key: string) => getServices().store.get(key)),
    // tests measure from here: the monitor starts if no command started it yet (automatic lens runs do not)
    vscode.commands.registerCommand('dynlens.internal.resetStallMonitor', () => {
      startStallMonitor();
      stallMonitor?.reset();
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) =>
        ResultPanel.revive(panel, state as PanelState | undefined, panelDeps(rc())),
    }),
    vscode.window.onDidChangeActiveColorTheme(() => ResultPanel.all().forEach((p) => p.themeChanged())),
  );

  const dashboard = new DashboardProvider({
    extensionUri: context.extensionUri,
    jobs: () => svc?.jobs.list() ?? [],
    history: () => getServices().store.list(),
    storeSize: () => getServices().store.size(),
    examples: () => examples(context),
    onJobsChanged: (cb) => new vscode.Disposable(getServices().jobs.onChange(cb)),
    cancel: (jobId) => svc?.jobs.cancel(jobId),
    open: async (key) => {
      const env = await getServices().store.get(key);
      if (!env) return void vscode.window.showWarningMessage(vscode.l10n.t('DynLens: that result is no longer stored'));
      ResultPanel.create(panelDeps(rc()), env.title, vscode.ViewColumn.Active).showResult(env, key);
    },
    runExample: async (path, analysisId) => {
      // Only the bundled examples, each with its own analysis: the dashboard has no other button.
      if (!isBundledExample(path, analysisId, examples(context))) return;
      const uri = vscode.Uri.file(path);
      await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.One });
      startStallMonitor();
      await runAnalysis(rc(), uri, analysisId);
    },
    clearHistory: () => getServices().store.clear(),
    batches: () => batches().list(),
    onBatchesChanged: (cb) => new vscode.Disposable(batches().onChange(cb)),
    batchAction: (id, action) => batches().act(id, action),
  });
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(DASHBOARD_VIEW_ID, dashboard, {
      webviewOptions: { retainContextWhenHidden: true },
    }),
  );
  registerCodeLenses(context, rc);
  // Off the activation path: the notebook renderer's messages, the data-JSON sniff for the .json menus, and the
  // terminal launchers (two small files, written only when their text changed).
  setTimeout(() => {
    context.subscriptions.push(registerRendererMessaging());
    trackDataJson(context);
    if (context.workspaceState.get<unknown[]>('dynlens.batches', []).length > 0) batches();
    void installLauncher(
      binDir,
      process.execPath,
      join(context.extensionPath, 'dist', 'cli.js'),
      context.environmentVariableCollection,
    ).catch((e: unknown) => output().error(`could not put dynlens on the terminal PATH: ${String(e)}`));
  }, 0);

  activationMs = performance.now() - t0;
  return { activationMs };
}

/** The file a command applies to, or an error message when there is none. */
function requireTarget(arg: unknown): vscode.Uri | undefined {
  const uri = targetUri(arg);
  if (!uri) void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: select a data or model file first'));
  return uri;
}

/** Measures the host's event-loop stalls while jobs run (BENCHMARKS.md: target < 50 ms). */
function startStallMonitor(): void {
  if (!stallMonitor) {
    stallMonitor = monitorEventLoopDelay({ resolution: 5 });
    stallMonitor.enable();
  }
}

function examples(context: vscode.ExtensionContext): ExampleInfo[] {
  const list =
    (context.extension.packageJSON as { dynlensExamples?: { label: string; file: string; analysisId: string }[] })
      .dynlensExamples ?? [];
  return list.map((e) => ({
    label: e.label,
    analysisId: e.analysisId,
    path: vscode.Uri.joinPath(context.extensionUri, 'examples', e.file).fsPath,
  }));
}

export function deactivate(): void {
  services?.dispose();
  services = undefined;
  stallMonitor?.disable();
}
