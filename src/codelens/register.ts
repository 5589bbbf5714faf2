/**
 * Stability next to the code (lyapunov results: LyapunovResult in src/protocol/results/stability.ts). Two code-lens
 * providers and one diagnostic collection:
 * - `.ode` files: a lens above the system (Lyapunov spectrum and verdict) and above each init statement (the fate
 *   of that initial condition); parse errors and divergence go to the Problems panel. Recomputed after an edit,
 *   debounced, in a worker, the superseded job cancelled. Unsaved text is analysed from a temp copy.
 * - any source file: a lens above a line that names an existing workspace data/model file, with the stored
 *   stability summary of that file (or "Analyze stability"); recomputed when the file changes.
 * provideCodeLenses only scans text (cheap); the work happens in resolveCodeLens and the workers.
 * The setting dynlens.codeLens.mode: auto (compute on their own), onClick, off.
 */
import * as vscode from 'vscode';
import { writeFileAtomic } from '../runtime/atomic-write';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { RunContext } from '../commands/run';
import type { ErrorInfo, ResultEnvelope } from '../protocol';
import { hashFile, resultKey } from '../runtime/store';
import { RUNTIME_VERSION } from '../runtime/version';
import {
  fileLensTitle,
  initLensTitle,
  odeLensRanges,
  odeProblems,
  systemLensTitle,
  type LensLyapunov,
} from './lens-ranges';
import { allExtensions, loadManifest, withDefaults } from '../host/manifest';
import { findPathReferences } from './path-references';
import { BifurcationLensProvider } from './bifurcation-lens';

const SOURCE_LANGUAGES = [
  'python',
  'julia',
  'matlab',
  'octave',
  'r',
  'typescript',
  'javascript',
  'typescriptreact',
  'javascriptreact',
  'jupyter',
  'markdown',
  'shellscript',
  'cpp',
  'c',
  'rust',
  'go',
  'java',
];
const DEBOUNCE_MS = 600;
/** Lens runs are short: a shorter averaging time than the full panel's default. */
const LENS_LYAPUNOV_PARAMS = { duration: 200 };

type Mode = 'auto' | 'onClick' | 'off';
/**
 * In Restricted Mode (an untrusted workspace) nothing runs without a click: automatic lenses become click-to-run.
 */
const mode = (): Mode => {
  const m = vscode.workspace.getConfiguration('dynlens').get<Mode>('codeLens.mode', 'auto');
  return m === 'auto' && !vscode.workspace.isTrusted ? 'onClick' : m;
};

/** The budget of an automatic lens run (nobody clicked): settings dynlens.codeLens.auto*. */
function autoLimits(): { maxMemoryMB: number; maxWork: number; timeoutMs: number } {
  const c = vscode.workspace.getConfiguration('dynlens');
  return {
    maxMemoryMB: c.get<number>('codeLens.autoMaxMemoryMB', 512),
    maxWork: c.get<number>('codeLens.autoMaxWork', 2e9),
    timeoutMs: 1000 * c.get<number>('codeLens.autoTimeLimitSeconds', 20),
  };
}

interface OdeState {
  version: number;
  result?: LensLyapunov;
  /** The result is the stored full run (the panel's), not the lens's quick estimate. */
  stored?: boolean;
  error?: ErrorInfo;
  pending?: Promise<void>;
  cancel?: () => void;
  timer?: NodeJS.Timeout;
}

export function registerCodeLenses(context: vscode.ExtensionContext, rc: () => RunContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('dynlens');
  const odeLenses = new OdeLensProvider(rc, diagnostics);
  const fileLenses = new FileLensProvider(rc);
  const bifurcationProblems = vscode.languages.createDiagnosticCollection('dynlens-bifurcations');
  const parLenses = new BifurcationLensProvider(rc, bifurcationProblems);
  context.subscriptions.push(
    diagnostics,
    bifurcationProblems,
    vscode.languages.registerCodeLensProvider({ language: 'ode' }, odeLenses),
    vscode.languages.registerCodeLensProvider(
      SOURCE_LANGUAGES.map((language) => ({ language })),
      fileLenses,
    ),
    vscode.languages.registerCodeLensProvider({ language: 'ode' }, parLenses),
    vscode.workspace.onDidChangeTextDocument((e) => odeLenses.changed(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      odeLenses.closed(d);
      parLenses.closed(d);
      fileLenses.closed(d);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      odeLenses.refresh();
      fileLenses.refresh();
      parLenses.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dynlens.codeLens')) {
        odeLenses.refresh();
        fileLenses.refresh();
        parLenses.refresh();
      }
    }),
    vscode.commands.registerCommand('dynlens.codeLens.analyze', async (arg?: unknown) => {
      // from the palette there is no argument: the active editor's file, else ask for one
      const uri =
        arg instanceof vscode.Uri
          ? arg
          : (vscode.window.activeTextEditor?.document.uri ??
            (
              await vscode.window.showOpenDialog({
                canSelectMany: false,
                openLabel: vscode.l10n.t('Analyze stability'),
                filters: {
                  [vscode.l10n.t('Models and data')]: ['ode', 'csv', 'tsv', 'txt', 'npy', 'npz', 'parquet', 'json'],
                },
              })
            )?.[0]);
      if (!uri) return;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) odeLenses.compute(doc, true);
      else await fileLenses.compute(uri.fsPath, true);
    }),
  );
  // the referenced files are watched from the first lens on (the extension list is read from the manifest then)
  fileLenses.onFirstUse = (extensions) => {
    const glob = `**/*.{${extensions.map((e) => e.slice(1)).join(',')}}`;
    const watcher = vscode.workspace.createFileSystemWatcher(glob);
    context.subscriptions.push(
      watcher,
      watcher.onDidChange((u) => fileLenses.fileChanged(u.fsPath)),
      watcher.onDidCreate(() => fileLenses.refresh()),
      watcher.onDidDelete(() => fileLenses.refresh()),
    );
  };
}

class OdeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly states = new Map<string, OdeState>();
  private tempDir?: string;

  constructor(
    private readonly rc: () => RunContext,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const m = mode();
    if (m === 'off') return [];
    const ranges = odeLensRanges(doc.getText());
    const st = this.states.get(doc.uri.toString());
    if (m === 'auto' && (!st || st.version !== doc.version)) this.schedule(doc);
    const lenses: vscode.CodeLens[] = [];
    const at = (line: number) => new vscode.Range(line, 0, line, 0);
    if (ranges.systemLine !== undefined)
      lenses.push(
        Object.assign(new vscode.CodeLens(at(ranges.systemLine), undefined), { uri: doc.uri, isInit: false }),
      );
    for (const l of ranges.initLines)
      lenses.push(Object.assign(new vscode.CodeLens(at(l), undefined), { uri: doc.uri, isInit: true }));
    return lenses;
  }

  async resolveCodeLens(
    lens: vscode.CodeLens & { isInit?: boolean; uri?: vscode.Uri },
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeLens> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === lens.uri?.toString());
    const st = doc ? this.states.get(doc.uri.toString()) : undefined;
    if (st?.pending && mode() === 'auto')
      await Promise.race([st.pending, new Promise((r) => token.onCancellationRequested(r))]);
    lens.command = this.commandFor(doc, st, lens.isInit === true);
    return lens;
  }

  private commandFor(doc: vscode.TextDocument | undefined, st: OdeState | undefined, isInit: boolean): vscode.Command {
    if (!doc) return { title: 'DynLens', command: '' };
    if (!st || (!st.result && !st.error)) {
      return st?.pending
        ? { title: vscode.l10n.t('DynLens: computing Lyapunov spectrum...'), command: '' }
        : { title: vscode.l10n.t('Analyze stability'), command: 'dynlens.codeLens.analyze', arguments: [doc.uri] };
    }
    if (st.error)
      return {
        title: `DynLens: ${st.error.message.replace(/^.*?\.ode: /, '')}`,
        command: 'workbench.actions.view.problems',
      };
    const r = st.result!;
    return {
      title: isInit ? initLensTitle(r) : systemLensTitle(r, !st.stored),
      tooltip: 'Open the full stability panel (phase portrait, time series, exponent convergence, fixed points)',
      command: 'dynlens.run.model-overview',
      arguments: [doc.uri],
    };
  }

  changed(doc: vscode.TextDocument): void {
    if (doc.languageId !== 'ode') return;
    const st = this.states.get(doc.uri.toString());
    if (st && st.version !== doc.version && mode() === 'auto') this.schedule(doc);
  }

  closed(doc: vscode.TextDocument): void {
    const st = this.states.get(doc.uri.toString());
    st?.cancel?.();
    if (st?.timer) clearTimeout(st.timer);
    this.states.delete(doc.uri.toString());
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const st = this.states.get(key) ?? { version: -1 };
    if (st.timer) clearTimeout(st.timer);
    st.version = doc.version;
    this.states.set(key, st);
    st.timer = setTimeout(() => this.compute(doc, false), DEBOUNCE_MS);
  }

  /** Runs `lyapunov` on the current text in a worker; a newer edit cancels this run. */
  compute(doc: vscode.TextDocument, force: boolean): void {
    const key = doc.uri.toString();
    const st = this.states.get(key) ?? { version: doc.version };
    this.states.set(key, st);
    st.cancel?.();
    st.version = doc.version;
    if (force) this.emitter.fire();
    const version = doc.version;
    const text = doc.getText();
    st.pending = (async () => {
      const full = doc.isDirty || doc.isUntitled ? undefined : await this.storedFull(doc.uri.fsPath);
      if (full) {
        if (st.version !== version) return;
        st.result = full;
        st.stored = true;
        st.error = undefined;
        return;
      }
      st.stored = false;
      const path = doc.isDirty || doc.isUntitled ? await this.tempCopy(doc.uri.fsPath, text) : doc.uri.fsPath;
      const job = this.rc().services.jobs.start({
        analysisId: 'lyapunov',
        title: vscode.l10n.t('Lyapunov exponents (code lens)'),
        path,
        params: LENS_LYAPUNOV_PARAMS,
        limits: force ? undefined : autoLimits(),
      });
      st.cancel = job.cancel;
      const r = await job.done;
      if (st.version !== version) return; // superseded
      st.result = r.envelope ? (r.envelope.result as LensLyapunov) : undefined;
      st.error = r.error && r.error.kind !== 'cancelled' ? r.error : undefined;
      const problems = odeProblems(text, {
        error: st.error,
        result: r.envelope?.result as { diverged?: { message: string } } | undefined,
      });
      this.diagnostics.set(
        doc.uri,
        problems.map((p) => {
          const d = new vscode.Diagnostic(
            new vscode.Range(
              p.line,
              p.column,
              p.line,
              Math.max(p.column + 1, doc.lineAt(Math.min(p.line, doc.lineCount - 1)).text.length),
            ),
            p.message,
            p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
          );
          d.source = 'DynLens';
          return d;
        }),
      );
    })().finally(() => {
      if (st.version === version) st.pending = undefined;
      this.emitter.fire();
    });
  }

  /** The panel's full Lyapunov result for this content, when the store has one (default parameters). */
  private async storedFull(path: string): Promise<LensLyapunov | undefined> {
    try {
      const info = loadManifest(this.rc().extensionPath).find((a) => a.id === 'lyapunov');
      if (!info) return undefined;
      const key = resultKey(await hashFile(path), 'lyapunov', withDefaults(info, {}), RUNTIME_VERSION);
      const env = await this.rc().services.store.get(key);
      return env ? (env.result as LensLyapunov) : undefined;
    } catch {
      return undefined;
    }
  }

  private async tempCopy(original: string, text: string): Promise<string> {
    this.tempDir ??= mkdtempSync(join(tmpdir(), 'dynlens-lens-'));
    const p = join(this.tempDir, basename(original).endsWith('.ode') ? basename(original) : 'model.ode');
    await writeFileAtomic(p, text);
    return p;
  }
}

const STABILITY_IDS = ['lyapunov', 'ews', 'koopman'];

class FileLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  /** Summaries by absolute path; cleared when the file changes. */
  private readonly summaries = new Map<string, { hash: string; title: string; pending?: Promise<void> }>();
  /** Extensions of every analysis input (from the manifest, on the first lens); called once with them. */
  onFirstUse?: (extensions: readonly string[]) => void;
  private extensionList?: string[];

  constructor(private readonly rc: () => RunContext) {}

  private extensions(): string[] {
    if (!this.extensionList) {
      this.extensionList = allExtensions(loadManifest(this.rc().extensionPath));
      this.onFirstUse?.(this.extensionList);
    }
    return this.extensionList;
  }

  refresh(): void {
    this.emitter.fire();
  }

  fileChanged(path: string): void {
    if (this.summaries.delete(path)) this.emitter.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (mode() === 'off' || doc.uri.scheme !== 'file') return [];
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return [];
    const root = folder.uri.fsPath;
    const refs = findPathReferences(doc.getText(), (rel) => existsSync(join(root, rel)), {
      extensions: this.extensions(),
      baseDir: relative(root, dirname(doc.uri.fsPath)),
    });
    return refs.map((r) =>
      Object.assign(new vscode.CodeLens(new vscode.Range(r.line, r.startColumn, r.line, r.endColumn)), {
        target: join(root, r.path),
        source: doc.uri.toString(),
      }),
    );
  }

  async resolveCodeLens(lens: vscode.CodeLens & { target?: string; source?: string }): Promise<vscode.CodeLens> {
    const target = lens.target!;
    const s = await this.summary(target, lens.source);
    lens.command =
      s === undefined
        ? {
            title: vscode.l10n.t('DynLens: Analyze stability'),
            command: 'dynlens.codeLens.analyze',
            arguments: [vscode.Uri.file(target)],
          }
        : {
            title: `DynLens: ${s}`,
            tooltip: 'Open the stability analyses of this file',
            command: 'dynlens.analyze',
            arguments: [vscode.Uri.file(target)],
          };
    return lens;
  }

  /** The summary from the result store for the file's current content, computing it first in auto mode. */
  /** Automatic runs started for the lenses of an open document, cancelled when it closes. */
  private readonly running = new Map<string, Set<() => void>>();

  closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    for (const cancel of this.running.get(key) ?? []) cancel();
    this.running.delete(key);
  }

  private async summary(path: string, source?: string): Promise<string | undefined> {
    let hash: string;
    try {
      hash = await hashFile(path);
    } catch {
      return undefined;
    }
    const known = this.summaries.get(path);
    if (known && known.hash === hash) {
      await known.pending;
      return this.summaries.get(path)?.title;
    }
    const stored = await this.fromStore(path, hash);
    if (stored) {
      this.summaries.set(path, { hash, title: stored });
      return stored;
    }
    if (mode() !== 'auto') return undefined;
    await this.compute(path, false, hash, source);
    return this.summaries.get(path)?.title;
  }

  private async fromStore(path: string, hash: string): Promise<string | undefined> {
    const store = this.rc().services.store;
    const hits = (await store.list()).filter(
      (e) => e.path === path && e.contentHash === hash && STABILITY_IDS.includes(e.analysisId),
    );
    if (hits.length === 0) return undefined;
    const parts: { lyapunov?: LensLyapunov; ewsVerdict?: string; spectralRadius?: number | null } = {};
    for (const id of STABILITY_IDS) {
      const hit = hits.find((h) => h.analysisId === id);
      const env = hit ? await store.get(hit.key) : undefined;
      if (!env) continue;
      if (id === 'lyapunov') parts.lyapunov = env.result as LensLyapunov;
      if (id === 'ews') parts.ewsVerdict = ewsVerdict(env);
      if (id === 'koopman') parts.spectralRadius = spectralRadius(env);
    }
    return fileLensTitle(parts);
  }

  async compute(path: string, force: boolean, knownHash?: string, source?: string): Promise<void> {
    const hash = knownHash ?? (await hashFile(path));
    if (force) this.summaries.delete(path);
    const lower = path.toLowerCase();
    if (lower.endsWith('.onnx')) return; // networks have no stability summary of their own
    const entry: { hash: string; title: string; pending?: Promise<void> } = {
      hash,
      title: vscode.l10n.t('computing...'),
    };
    this.summaries.set(path, entry);
    entry.pending = (async () => {
      const job = this.rc().services.jobs.start({
        analysisId: 'lyapunov',
        title: vscode.l10n.t('Lyapunov exponents (code lens)'),
        path,
        params: lower.endsWith('.ode') ? LENS_LYAPUNOV_PARAMS : {},
        limits: force ? undefined : autoLimits(),
      });
      const owner = source && !force ? (this.running.get(source) ?? new Set<() => void>()) : undefined;
      if (owner && source) {
        owner.add(job.cancel);
        this.running.set(source, owner);
      }
      const r = await job.done.finally(() => owner?.delete(job.cancel));
      entry.title = r.envelope
        ? ((await this.fromStore(path, hash)) ?? fileLensTitle({ lyapunov: r.envelope.result as LensLyapunov }))
        : `stability not available: ${r.error?.message.replace(/^.*?: /, '') ?? 'failed'}`;
    })().finally(() => this.emitter.fire());
    await entry.pending;
  }
}

function ewsVerdict(env: ResultEnvelope): string | undefined {
  const r = env.result as { verdict?: string; indicators?: Record<string, { kendallTau?: number; pValue?: number }> };
  if (r.verdict) return `EWS: ${r.verdict}`;
  const v = r.indicators?.variance;
  return v && typeof v.kendallTau === 'number'
    ? `EWS variance τ ${v.kendallTau.toFixed(2)} (p ${v.pValue?.toFixed(3) ?? '?'})`
    : undefined;
}

function spectralRadius(env: ResultEnvelope): number | null {
  const r = env.result as { eigenvalues?: { discrete?: [number, number] | { re: number; im: number } }[] };
  let max: number | null = null;
  for (const e of r.eigenvalues ?? []) {
    const d = e.discrete;
    if (!d) continue;
    const [re, im] = Array.isArray(d) ? d : [d.re, d.im];
    const m = Math.hypot(re, im);
    if (max === null || m > max) max = m;
  }
  return max;
}
