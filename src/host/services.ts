/**
 * Host services, created on first use (never at activation): the worker pool, the result store, the job tracker.
 */
import * as vscode from 'vscode';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../runtime/pool';
import { ResultStore } from '../runtime/store';
import { JobTracker } from '../runtime/jobs';

export interface Services {
  pool(): WorkerPool;
  store: ResultStore;
  jobs: JobTracker;
  dispose(): void;
}

export function poolSizeSetting(): number {
  const configured = vscode.workspace.getConfiguration('dynlens').get<number>('worker.poolSize', 0);
  return configured > 0 ? configured : Math.max(1, availableParallelism() - 1);
}

export function createServices(context: vscode.ExtensionContext): Services {
  let pool: WorkerPool | undefined;
  const getPool = (): WorkerPool => {
    if (!pool) {
      const cfg = vscode.workspace.getConfiguration('dynlens');
      pool = new WorkerPool({
        workerScript: join(context.extensionPath, 'dist', 'worker.js'),
        size: poolSizeSetting(),
        maxMemoryMB: cfg.get<number>('worker.maxMemoryMB', 4096),
        maxWork: cfg.get<number>('worker.maxWork', 1e11),
      });
    }
    return pool;
  };
  const store = new ResultStore(join(context.globalStorageUri.fsPath, 'results-v1'), {
    maxBytes: vscode.workspace.getConfiguration('dynlens').get<number>('results.maxSizeMB', 500) * 2 ** 20,
  });
  const jobs = new JobTracker(getPool, store);
  const sub = vscode.workspace.onDidChangeConfiguration((e) => {
    // A new pool picks up new size/memory settings; running jobs finish on the old one.
    if (e.affectsConfiguration('dynlens.worker') && pool) {
      const old = pool;
      pool = undefined;
      setTimeout(() => old.dispose(), 60_000).unref?.();
    }
  });
  return {
    pool: getPool,
    store,
    jobs,
    dispose() {
      sub.dispose();
      pool?.dispose();
    },
  };
}
