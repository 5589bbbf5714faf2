/**
 * "Sweep parameters..." on an .ode file: pick one or two parameters from its `par` lines, their ranges and
 * resolution, the measure and the output folder; the bundled `dynlens sweep` runs it through the batch engine
 * (followed by the dashboard like a batch) and the sweep view opens on DIR/sweep.json when it is done.
 */
import * as vscode from 'vscode';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { BatchManager } from '../host/batch/manager';
import { defaultRange, odePars, rangeProblem } from '../host/ode-pars';

export interface SweepOptions {
  /** `name=start:stop:count` per axis (one or two). */
  params?: string[];
  measure?: 'lyapunov' | 'attractor' | 'fixed-points';
  out?: string;
  workers?: number;
}

function defaultOut(model: string): string {
  const base = join(dirname(model), `${basename(model, extname(model))}-sweep`);
  for (let k = 1; ; k++) {
    const dir = k === 1 ? base : `${base}-${k}`;
    if (!existsSync(join(dir, 'journal.jsonl')) && !existsSync(join(dir, 'shards'))) return dir;
  }
}

async function askAxes(model: string): Promise<string[] | undefined> {
  const pars = odePars(readFileSync(model, 'utf8'));
  if (pars.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: {0} has no par line to sweep', basename(model)));
    return undefined;
  }
  const picks = await vscode.window.showQuickPick(
    pars.map((p) => ({ label: p.name, description: Number.isFinite(p.value) ? `= ${p.value}` : '', par: p })),
    { canPickMany: true, title: vscode.l10n.t('Sweep {0}: pick one or two parameters', basename(model)) },
  );
  if (!picks || picks.length === 0) return undefined;
  if (picks.length > 2) {
    void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: a sweep has one or two parameters'));
    return undefined;
  }
  const count = picks.length === 1 ? 101 : 41;
  const axes: string[] = [];
  for (const { par } of picks) {
    const range = await vscode.window.showInputBox({
      title: vscode.l10n.t('Range of {0}: start:stop:count', par.name),
      value: defaultRange(par.value, count),
      validateInput: (t) => rangeProblem(t),
    });
    if (range === undefined) return undefined;
    axes.push(`${par.name}=${range.trim()}`);
  }
  return axes;
}

export async function sweepCommand(
  uri: vscode.Uri,
  o: SweepOptions,
  deps: { batches: BatchManager; focusDashboard(): Thenable<unknown> },
): Promise<string | undefined> {
  const model = uri.fsPath;
  if (extname(model).toLowerCase() !== '.ode') {
    void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: sweeps take an .ode model'));
    return undefined;
  }
  const axes = o.params ?? (await askAxes(model));
  if (!axes) return undefined;
  const measure =
    o.measure ??
    ((await vscode.window.showQuickPick(['lyapunov', 'attractor', 'fixed-points'], {
      title: vscode.l10n.t('What to measure at each point'),
    })) as SweepOptions['measure']);
  if (!measure) return undefined;
  const out = o.out ?? defaultOut(model);
  const workers = o.workers ?? 0;
  const rec = await deps.batches.start({
    kind: 'sweep',
    title: `sweep ${axes.map((a) => a.split('=')[0]).join(' x ')} of ${basename(model)}`,
    out,
    args: [
      'sweep',
      model,
      ...axes.flatMap((a) => ['--param', a]),
      '--measure',
      measure,
      ...(workers > 0 ? ['--workers', String(workers)] : []),
    ],
    slurm: false,
    analysisId: 'sweep',
  });
  void deps.focusDashboard();
  return rec.id;
}
