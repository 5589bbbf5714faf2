/**
 * Bifurcation lenses above `par` lines of .ode files: for each parameter, where the equilibria change stability as
 * that parameter moves (folds, Hopf points with their criticality), from a quick continuation in a worker (no
 * periodic orbits; the click opens the full diagram). Recomputed after an edit (debounced; the superseded jobs are
 * cancelled); at most MAX_AUTO parameters per file compute on their own, the others on a click, and in Restricted
 * Mode none does. Each special point found also becomes an information entry in the Problems panel, on the
 * parameter's name (its own diagnostic collection, so the .ode parse problems of register.ts are left alone).
 */
import * as vscode from 'vscode';
import type { RunContext } from '../commands/run';
import { parLenses, parLensTitle, parProblems, type LensBifurcation, type ParProblem } from './par-lens';

const DEBOUNCE_MS = 800;
const MAX_AUTO = 4;
const QUICK = { cycles: false, maxSteps: 300 };

type Mode = 'auto' | 'onClick' | 'off';
const mode = (): Mode => vscode.workspace.getConfiguration('dynlens').get<Mode>('codeLens.mode', 'auto');

interface Entry {
  version: number;
  title?: string;
  problems?: ParProblem[];
  pending?: Promise<void>;
  cancel?: () => void;
}

export class BifurcationLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  /** By document URI, then parameter name. */
  private readonly entries = new Map<string, Map<string, Entry>>();
  private readonly timers = new Map<string, { version: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly rc: () => RunContext,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (mode() === 'off' || doc.uri.scheme !== 'file') return [];
    const lenses = parLenses(doc.getText());
    // in Restricted Mode nothing runs until the user clicks
    if (mode() === 'auto' && vscode.workspace.isTrusted)
      this.schedule(
        doc,
        lenses.slice(0, MAX_AUTO).map((l) => l.name),
      );
    const out: vscode.CodeLens[] = lenses.map((l) =>
      Object.assign(new vscode.CodeLens(new vscode.Range(l.line, l.startColumn, l.line, l.endColumn)), {
        uri: doc.uri,
        param: l.name,
      }),
    );
    // the parameter plane of the model: one lens on the first par line opens the sweep's parameter picker
    if (lenses.length > 0)
      out.push(
        new vscode.CodeLens(new vscode.Range(lenses[0].line, 0, lenses[0].line, 0), {
          title: vscode.l10n.t('DynLens: sweep parameters...'),
          tooltip: vscode.l10n.t('A stability map over one or two of these parameters (dynlens sweep)'),
          command: 'dynlens.sweep',
          arguments: [doc.uri],
        }),
      );
    return out;
  }

  resolveCodeLens(lens: vscode.CodeLens & { uri?: vscode.Uri; param?: string }): vscode.CodeLens {
    if (lens.command) return lens;
    const uri = lens.uri!;
    const param = lens.param!;
    const e = this.entries.get(uri.toString())?.get(param);
    lens.command = e?.title
      ? {
          title: e.title,
          tooltip: `Open the bifurcation diagram in ${param}`,
          command: 'dynlens.run.bifurcation',
          arguments: [uri, { param }],
        }
      : e?.pending
        ? { title: `DynLens: continuing in ${param}...`, command: '' }
        : {
            title: `DynLens: bifurcations in ${param}`,
            command: 'dynlens.run.bifurcation',
            arguments: [uri, { param }],
          };
    return lens;
  }

  closed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    for (const e of this.entries.get(key)?.values() ?? []) e.cancel?.();
    this.entries.delete(key);
    this.diagnostics.delete(doc.uri);
    const t = this.timers.get(key);
    if (t) clearTimeout(t.timer);
    this.timers.delete(key);
  }

  /** The Problems entries of every finished lens of the document. */
  private publish(doc: vscode.TextDocument, map: Map<string, Entry>): void {
    const all = [...map.values()].flatMap((e) => e.problems ?? []);
    this.diagnostics.set(
      doc.uri,
      all.map((p) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(p.line, p.startColumn, p.line, p.endColumn),
          p.message,
          vscode.DiagnosticSeverity.Information,
        );
        d.source = 'DynLens';
        d.code = 'bifurcation';
        return d;
      }),
    );
  }

  private schedule(doc: vscode.TextDocument, params: string[]): void {
    const key = doc.uri.toString();
    const known = this.entries.get(key);
    if (known && params.every((p) => known.get(p)?.version === doc.version)) return;
    // VS Code asks for the lenses again and again (every scroll, every provider call): only an edit restarts the
    // debounce, or a caller asking every 100 ms would keep the computation from ever starting.
    const pending = this.timers.get(key);
    if (pending && pending.version === doc.version) return;
    if (pending) clearTimeout(pending.timer);
    this.timers.set(key, {
      version: doc.version,
      timer: setTimeout(() => {
        this.timers.delete(key);
        try {
          this.compute(doc, params);
        } catch (e) {
          // a lens that could not start says why, instead of staying "bifurcations in p" with nothing running
          const map = this.entries.get(key) ?? new Map<string, Entry>();
          this.entries.set(key, map);
          const message = e instanceof Error ? e.message : String(e);
          for (const p of params) map.set(p, { version: doc.version, title: `DynLens: ${message}` });
          this.emitter.fire();
        }
      }, DEBOUNCE_MS),
    });
  }

  private compute(doc: vscode.TextDocument, params: string[]): void {
    if (doc.isDirty) return; // the lenses describe the saved model; they update on save
    const key = doc.uri.toString();
    const map = this.entries.get(key) ?? new Map<string, Entry>();
    this.entries.set(key, map);
    const version = doc.version;
    for (const param of params) {
      const old = map.get(param);
      old?.cancel?.();
      const entry: Entry = { version };
      map.set(param, entry);
      const job = this.rc().services.jobs.start({
        analysisId: 'bifurcation',
        title: `Bifurcations in ${param} (code lens)`,
        path: doc.uri.fsPath,
        params: { param, ...QUICK },
      });
      entry.cancel = job.cancel;
      entry.pending = job.done
        .then((r) => {
          if (map.get(param) !== entry) return;
          if (r.envelope) {
            const result = r.envelope.result as LensBifurcation;
            entry.title = parLensTitle(result);
            const lens = parLenses(doc.getText()).find((l) => l.name === param);
            entry.problems = lens ? parProblems(lens, result) : [];
          } else if (r.error && r.error.kind !== 'cancelled')
            entry.title = `DynLens: ${r.error.message.replace(/^.*?\.ode: /, '')}`;
        })
        .finally(() => {
          entry.pending = undefined;
          if (map.get(param) === entry && this.entries.get(key) === map) this.publish(doc, map);
          this.emitter.fire();
        });
    }
    this.emitter.fire();
  }
}
