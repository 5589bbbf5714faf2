/**
 * Runs `dynlens batch|sweep ...` (the bundled CLI, dist/cli.js) as a detached process with the Node.js of the
 * extension host, its output in DIR/logs/vscode-<time>.log. Detached, so a window reload does not stop it: the
 * dashboard finds it again through the folder's lock and journal. Stopping is SIGINT, which the CLI answers by
 * finishing the items in flight and writing what is done (exit 130; `--resume` continues).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export interface Spawned {
  pid?: number;
  log: string;
  /** Resolves with the exit code (null when killed by a signal) while this window lives. */
  exit: Promise<number | null>;
}

export function spawnCli(cliScript: string, args: readonly string[], out: string, cwd: string): Spawned {
  const logs = join(out, 'logs');
  mkdirSync(logs, { recursive: true });
  const log = join(logs, `vscode-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  const fd = openSync(log, 'a');
  try {
    const child = spawn(process.execPath, [cliScript, ...args], {
      cwd,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    });
    const exit = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
      child.on('error', () => resolve(-1));
    });
    child.unref();
    return { pid: child.pid, log, exit };
  } finally {
    closeSync(fd);
  }
}

/** Asks a running batch to stop after its items in flight (the CLI's Ctrl-C). */
export function interrupt(pid: number): boolean {
  try {
    process.kill(pid, 'SIGINT');
    return true;
  } catch {
    return false;
  }
}
