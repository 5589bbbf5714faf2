/**
 * "Batch analysis..." on a folder or a collection file (UCR table, sktime .ts, .npz/.npy, manifest CSV): the
 * analysis (those with a feature vector), its flags and the batch flags typed as in the CLI (checked by the CLI's
 * own flag parser, src/args/flags.ts), the output folder (beside the input by default) and the workers; "Run on
 * Slurm" when sbatch is on the PATH. The batch itself is the bundled `dynlens batch` run by the BatchManager, which
 * the dashboard follows.
 */
import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname } from 'node:path';
import type { AnalysisInfo } from '../protocol';
import { checkBatchFlags, checkSlurmFlags, COLLECTION_EXTENSIONS, defaultOutFolder } from '../host/batch/flags';
import { loadManifest } from '../host/manifest';
import type { BatchManager } from '../host/batch/manager';
import { hasSbatch } from '../host/batch/slurm-tasks';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** What a caller (a test, a link) may fix in advance; every field left out is asked. */
export interface BatchOptions {
  analysisId?: string;
  flags?: string;
  out?: string;
  workers?: number;
  slurm?: boolean;
  slurmFlags?: string;
}

async function pickAnalysis(uri: vscode.Uri, infos: AnalysisInfo[]): Promise<AnalysisInfo | undefined> {
  const pick = await vscode.window.showQuickPick(
    infos.map((a) => ({ label: a.title, description: a.id, detail: a.description, info: a })),
    {
      title: vscode.l10n.t('Batch analysis of {0}', basename(uri.fsPath)),
      placeHolder: vscode.l10n.t('Analysis to run on every item'),
    },
  );
  return pick?.info;
}

async function askOut(input: string, analysisId: string): Promise<string | undefined> {
  const def = defaultOutFolder(input, analysisId);
  const other = vscode.l10n.t('Choose another folder...');
  const pick = await vscode.window.showQuickPick([def, other], {
    title: vscode.l10n.t('Output folder (tables, journal, batch.json)'),
  });
  if (pick !== other) return pick;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    defaultUri: vscode.Uri.file(dirname(input)),
    openLabel: vscode.l10n.t('Write the batch here'),
  });
  return chosen?.[0]?.fsPath;
}

async function askWorkers(): Promise<number | undefined> {
  const cores = Math.max(1, availableParallelism());
  const pick = await vscode.window.showQuickPick(
    Array.from({ length: cores }, (_, i) => String(cores - i)),
    { title: vscode.l10n.t('Workers (analysis processes in parallel)') },
  );
  return pick ? Number(pick) : undefined;
}

async function askWhere(workers: number): Promise<boolean | undefined> {
  if (!(await hasSbatch())) return false;
  const here = vscode.l10n.t('Run here ({0} workers)', workers);
  const slurm = vscode.l10n.t('Run on Slurm (an array job; sbatch is on the PATH)');
  const pick = await vscode.window.showQuickPick([here, slurm], { title: vscode.l10n.t('Where to run') });
  return pick === undefined ? undefined : pick === slurm;
}

export async function batchCommand(
  uri: vscode.Uri,
  o: BatchOptions,
  deps: { extensionPath: string; state: vscode.Memento; batches: BatchManager; focusDashboard(): Thenable<unknown> },
): Promise<string | undefined> {
  const input = uri.fsPath;
  const isFolder = statSync(input, { throwIfNoEntry: false })?.isDirectory() ?? false;
  if (!isFolder && !COLLECTION_EXTENSIONS.includes(extname(input).toLowerCase())) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'DynLens: {0} is not a collection (a folder, a UCR table, a .ts, .npz or .npy file, or a manifest CSV)',
        basename(input),
      ),
    );
    return undefined;
  }
  // sweep-point is the point of `dynlens sweep` (items carry their grid values): not for a collection of files
  const infos = loadManifest(deps.extensionPath).filter((a) => a.batch && a.id !== 'sweep-point');
  const info = o.analysisId ? infos.find((a) => a.id === o.analysisId) : await pickAnalysis(uri, infos);
  if (!info) {
    if (o.analysisId)
      void vscode.window.showErrorMessage(vscode.l10n.t('DynLens: {0} cannot run as a batch', o.analysisId));
    return undefined;
  }
  const memo = `dynlens.batchFlags.${info.id}`;
  const flagText =
    o.flags ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Batch {0} on {1}: flags', info.id, basename(input)),
      prompt: vscode.l10n.t(
        'Analysis and batch flags as in the CLI (dynlens batch {0} COLLECTION ...), e.g. --label-column last --recursive',
        info.id,
      ),
      value: deps.state.get<string>(memo, ''),
      validateInput: (text) => {
        try {
          checkBatchFlags(text, info.params, info.id);
          return undefined;
        } catch (e) {
          return errorText(e);
        }
      },
    }));
  if (flagText === undefined) return undefined;
  let tokens: string[];
  try {
    tokens = checkBatchFlags(flagText, info.params, info.id);
  } catch (e) {
    void vscode.window.showErrorMessage(`DynLens: ${errorText(e)}`);
    return undefined;
  }
  await deps.state.update(memo, flagText);
  const out = o.out ?? (await askOut(input, info.id));
  if (!out) return undefined;
  const workers = o.workers ?? (await askWorkers());
  if (!workers) return undefined;
  const slurm = o.slurm ?? (await askWhere(workers));
  if (slurm === undefined) return undefined;
  let slurmTokens: string[] = [];
  if (slurm) {
    const text =
      o.slurmFlags ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Slurm options (optional)'),
        prompt: '--partition P --time T --cpus-per-task C --mem M --max-parallel K --shards N --sbatch-arg=ARG',
        validateInput: (t) => {
          try {
            checkSlurmFlags(t);
            return undefined;
          } catch (e) {
            return errorText(e);
          }
        },
      }));
    if (text === undefined) return undefined;
    slurmTokens = checkSlurmFlags(text);
  }
  const rec = await deps.batches.start({
    kind: 'batch',
    title: `${info.id} on ${basename(input)}`,
    out,
    args: [
      'batch',
      info.id,
      input,
      ...tokens,
      '--workers',
      String(workers),
      ...(slurm ? ['--slurm', ...slurmTokens] : []),
    ],
    slurm,
    analysisId: info.id,
  });
  void deps.focusDashboard();
  return rec.id;
}
