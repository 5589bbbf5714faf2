/**
 * Search throughput (expressions evaluated per second, node-evaluations per second) on 1 and 2 workers, and how it
 * scales with rows. Workers are node worker_threads started by this script, each running island epochs through the
 * same task function the runtime uses (analysis.ts SYMBOLIC_TASKS.island); the driver is runSearch with a
 * parallelMap that sends islands round-robin to the workers.
 * Usage: node scripts/run-ts.mjs bench/symbolic/search.ts [--seconds 8] [--workers 1,2] [--rows 250,1000,4000]
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { localCancelSignal } from '../../src/analysis/core/context';
import type { AnalysisContext } from '../../src/analysis/core/context';
import { SYMBOLIC_TASKS } from '../../src/analysis/symbolic/analysis';
import type { IslandChunk } from '../../src/analysis/symbolic/island';
import { DEFAULT_OPERATORS, parseOperators } from '../../src/analysis/symbolic/operators';
import { Rng } from '../../src/analysis/core/random';
import { runSearch } from '../../src/analysis/symbolic/search';

if (!isMainThread) {
  parentPort!.on('message', (msg: { id: number; chunk: IslandChunk }) => {
    const out = SYMBOLIC_TASKS.island(msg.chunk);
    parentPort!.postMessage({ id: msg.id, out });
  });
} else {
  void main();
}

async function main(): Promise<void> {
  const arg = (name: string, def: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const seconds = Number(arg('seconds', '8'));
  const workerCounts = arg('workers', '1,2').split(',').map(Number);
  const rowCounts = arg('rows', '250,1000,4000').split(',').map(Number);

  const makeCtx = (workers: Worker[]): AnalysisContext => {
    let next = 0;
    const pending = new Map<number, (v: unknown) => void>();
    for (const w of workers)
      w.on('message', (m: { id: number; out: unknown }) => {
        pending.get(m.id)!(m.out);
        pending.delete(m.id);
      });
    return {
      progress() {},
      log() {},
      signal: localCancelSignal(),
      memoryBudgetBytes: 2 ** 31,
      parallelism: workers.length,
      async loadInput() {
        throw new Error('no inputs');
      },
      async parallelMap<T, R>(_task: string, chunks: T[]): Promise<R[]> {
        return Promise.all(
          chunks.map(
            (chunk, k) =>
              new Promise<R>((resolve) => {
                const id = next++;
                pending.set(id, resolve as (v: unknown) => void);
                workers[k % workers.length].postMessage({ id, chunk });
              }),
          ),
        );
      },
    };
  };

  console.log(
    `node ${process.version}, ${new Date().toISOString()}, ${seconds} s per run, 8 islands x 40, default operators`,
  );
  console.log('workers rows evaluations/s node-evals/s epochs best-loss');
  for (const rows of rowCounts) {
    const rng = Rng.fromSeed(1);
    const X = [0, 1, 2].map(() => Float64Array.from({ length: Math.ceil(rows / 0.75) }, () => rng.uniform(0.5, 3)));
    // a law the search will not finish early on: keeps it busy for the whole budget
    const y = X[0].map((v, i) => v * Math.sin(X[1][i] * X[2][i]) + Math.log(v + X[2][i]) / (1 + X[1][i] ** 2));
    for (const nw of workerCounts) {
      const workers = Array.from({ length: nw }, () => new Worker(__filename));
      const ctx = makeCtx(workers);
      const out = await runSearch(
        { X, y, names: ['a', 'b', 'c'], target: 'y' },
        {
          ops: parseOperators(DEFAULT_OPERATORS),
          maxComplexity: 25,
          maxDepth: 12,
          timeBudgetSeconds: seconds,
          seed: 1,
          populations: 8,
          populationSize: 40,
          maxSearchRows: 100000,
          seeds: [],
          earlyStop: false,
        },
        ctx,
      );
      const s = out.stats;
      console.log(
        `${nw} ${s.searchRows} ${s.evaluationsPerSecond.toExponential(3)} ${(s.nodeEvaluations / s.seconds).toExponential(3)} ${s.epochs} ${Math.min(...out.front.map((c) => c.loss)).toExponential(3)}`,
      );
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
}
