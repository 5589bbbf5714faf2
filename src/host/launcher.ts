/**
 * The `dynlens` command in VS Code's integrated terminal: small launchers that run the bundled CLI with the Node.js
 * that runs the extension host (VS Code's Electron in node mode, or the server's node under Remote), so nothing
 * has to be installed. `dynlens` is for POSIX shells; `dynlens.cmd` serves cmd and PowerShell alike (PowerShell
 * finds .cmd through PATHEXT, and a .ps1 would be refused by the default execution policy).
 * The texts are pure functions (tested); `installLauncher` writes them and puts their folder on the terminal's PATH.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export interface Launchers {
  /** `dynlens`, a POSIX sh script. */
  posix: string;
  /** `dynlens.cmd`, for cmd.exe and PowerShell. */
  cmd: string;
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** A path inside double quotes in a batch file: only `%` still acts there (it expands), and `%%` is a literal one. */
const batchPath = (s: string): string => `"${s.replace(/%/g, '%%')}"`;

export function launcherTexts(nodePath: string, cliScript: string): Launchers {
  const posix = [
    '#!/bin/sh',
    '# Written by the DynLens extension: runs its bundled CLI with the Node.js of VS Code.',
    `ELECTRON_RUN_AS_NODE=1 exec ${shQuote(nodePath)} ${shQuote(cliScript)} "$@"`,
    '',
  ].join('\n');
  const cmd = [
    '@echo off',
    'rem Written by the DynLens extension: runs its bundled CLI with the Node.js of VS Code.',
    'setlocal DisableDelayedExpansion',
    'set ELECTRON_RUN_AS_NODE=1',
    `${batchPath(nodePath)} ${batchPath(cliScript)} %*`,
    '',
  ].join('\r\n');
  return { posix, cmd };
}

/** Minimal view of vscode.EnvironmentVariableCollection, so this module does not import vscode. */
export interface PathCollection {
  description?: unknown;
  prepend(variable: string, value: string): void;
}

/**
 * Writes the launchers into `binDir` (only when their text changed) and prepends it to PATH in new terminals.
 * Returns the folder.
 */
export async function installLauncher(
  binDir: string,
  nodePath: string,
  cliScript: string,
  env: PathCollection,
): Promise<string> {
  const texts = launcherTexts(nodePath, cliScript);
  await mkdir(binDir, { recursive: true });
  const files: [string, string, number][] = [
    ['dynlens', texts.posix, 0o755],
    ['dynlens.cmd', texts.cmd, 0o644],
  ];
  for (const [name, text, mode] of files) {
    const file = join(binDir, name);
    const old = await readFile(file, 'utf8').catch(() => undefined);
    if (old !== text) await writeFile(file, text);
    await chmod(file, mode);
  }
  env.description = 'Puts the `dynlens` command (the DynLens CLI bundled with the extension) on PATH';
  env.prepend('PATH', binDir + delimiter);
  return binDir;
}
