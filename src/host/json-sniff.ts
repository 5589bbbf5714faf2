/**
 * Which .json files are data (so that the DynLens submenu shows on them and not on package.json, tsconfig.json or
 * .vscode/settings.json): the first few KB are enough. Data JSON, as the loader reads it, is an array (of rows or of
 * objects) or an object whose first value is an array (columns). The host keeps the data files in the context key
 * `dynlens.dataJson` (an object keyed by path, for the `resourcePath in dynlens.dataJson` clause of the menus).
 */
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { looksLikeDataJson } from './data-json';

const CONTEXT_KEY = 'dynlens.dataJson';
const HEAD_BYTES = 4096;

/** Files past this size on a file system without ranged reads (remote, virtual) are not sniffed: read whole, a
 * multi-gigabyte .json would stall the extension host. */
const MAX_WHOLE_READ_BYTES = 16 * 2 ** 20;

/** The first HEAD_BYTES of a file: a ranged read on disk, else the whole file when it is small. */
async function head(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  if (uri.scheme === 'file') {
    const fh = await open(uri.fsPath, 'r');
    try {
      const buf = new Uint8Array(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  if ((await vscode.workspace.fs.stat(uri)).size > MAX_WHOLE_READ_BYTES) return undefined;
  return (await vscode.workspace.fs.readFile(uri)).subarray(0, HEAD_BYTES);
}

async function sniff(uri: vscode.Uri): Promise<boolean> {
  try {
    const bytes = await head(uri);
    return bytes !== undefined && looksLikeDataJson(uri.fsPath, new TextDecoder().decode(bytes));
  } catch {
    return false;
  }
}

/** Sniffs the workspace's .json files after start-up and keeps the context key current as files change. */
export function trackDataJson(context: vscode.ExtensionContext): void {
  const data: Record<string, true> = {};
  let timer: NodeJS.Timeout | undefined;
  const publish = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void vscode.commands.executeCommand('setContext', CONTEXT_KEY, { ...data }), 200);
  };
  const check = async (uri: vscode.Uri): Promise<void> => {
    if (await sniff(uri)) data[uri.fsPath] = true;
    else delete data[uri.fsPath];
    publish();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.json');
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(check),
    watcher.onDidChange(check),
    watcher.onDidDelete((u) => {
      delete data[u.fsPath];
      publish();
    }),
    vscode.workspace.onDidOpenTextDocument((d) => void (d.uri.fsPath.endsWith('.json') && check(d.uri))),
    new vscode.Disposable(() => clearTimeout(timer)),
  );
  void vscode.workspace
    .findFiles('**/*.json', '{**/node_modules/**,**/.git/**,**/.vscode/**}', 5000)
    .then(async (uris) => {
      for (const u of uris) await check(u);
      publish();
    });
}
