/**
 * The host side of notebooks: "Open as notebook" (writes the .ipynb beside the data file and opens it) and the
 * renderer's messages (copy, save, open the input file), which arrive through renderer messaging.
 */
import * as vscode from 'vscode';
import { basename, dirname, extname, join } from 'node:path';
import type { PanelToHost, ResultEnvelope } from '../protocol';
import { commandArgs } from '../args/command';
import { toPlainJson } from '../runtime/plain-json';
import { notebookFor } from './ipynb';

export const RENDERER_ID = 'dynlens.result-renderer';

/** A file name beside `path` that does not exist yet: data.koopman.ipynb, data.koopman-2.ipynb, ... */
async function freeName(path: string, analysisId: string): Promise<vscode.Uri> {
  const stem = join(dirname(path), `${basename(path, extname(path))}.${analysisId}`);
  for (let k = 1; ; k++) {
    const uri = vscode.Uri.file(`${stem}${k === 1 ? '' : '-' + k}.ipynb`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}

export async function openAsNotebook(env: ResultEnvelope, program: string, log: (m: string) => void): Promise<void> {
  const p = env.provenance;
  const args = commandArgs({
    analysisId: env.analysisId,
    provenance: { path: p.path, params: { ...p.params, ...(p.repeatWith ?? {}) } },
  });
  const nb = notebookFor({ program, args, envelope: toPlainJson(env) as ResultEnvelope });
  const uri = await freeName(p.path, env.analysisId);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(nb, null, 1) + '\n', 'utf8'));
  log(`notebook written: ${uri.fsPath}`);
  try {
    await vscode.commands.executeCommand('vscode.openWith', uri, 'jupyter-notebook');
  } catch {
    // no notebook serializer for .ipynb (the Jupyter extension is not installed): show the file itself
    await vscode.window.showTextDocument(uri);
  }
}

/** Copy, save and open-file requests from the notebook renderer, as the result panel handles them. */
export function registerRendererMessaging(): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  return messaging.onDidReceiveMessage(async ({ editor, message }) => {
    const m = message as PanelToHost;
    switch (m.type) {
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('DynLens: copied'), 1500);
        break;
      case 'save': {
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(editor.notebook.uri, '..', m.suggestedName),
        });
        if (!target) return;
        const bytes =
          m.dataBase64 !== undefined ? Buffer.from(m.dataBase64, 'base64') : Buffer.from(m.text ?? '', 'utf8');
        await vscode.workspace.fs.writeFile(target, bytes);
        break;
      }
      case 'openFile':
        await vscode.window.showTextDocument(vscode.Uri.file(m.path), { viewColumn: vscode.ViewColumn.Beside });
        break;
      default:
        // the panel's other requests (rerun, insert, open another analysis) have no meaning in a notebook output
        break;
    }
  });
}
