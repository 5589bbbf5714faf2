import type { AnalysisContext } from '../../../src/analysis/core/context';
import { localCancelSignal } from '../../../src/analysis/core/context';
import type { AnalysisInput, Dataset } from '../../../src/analysis/core/input';
import { getAnalysis } from '../../../src/analysis/registry';
import { resolveParams } from '../../../src/analysis/core/params';

/** A test context: runs parallel tasks in this thread, collects log lines. */
export function testContext(logs: string[] = []): AnalysisContext {
  const ctx: AnalysisContext = {
    progress() {},
    log(m: string) {
      logs.push(m);
    },
    signal: localCancelSignal(),
    loadInput: async () => {
      throw new Error('loadInput is not used by the stability analyses');
    },
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    parallelMap: async <T, R>(task: string, chunks: T[]): Promise<R[]> => {
      const entry = getAnalysis('lyapunov');
      return chunks.map((c) => entry.tasks![task](c, ctx) as R);
    },
  };
  return ctx;
}

export function odeInput(text: string, path = 'model.ode'): AnalysisInput {
  return { kind: 'ode', path, text };
}

export function tableInput(columns: Record<string, ArrayLike<number>>, path = 'series.csv'): AnalysisInput {
  const names = Object.keys(columns);
  const data = names.map((k) => Float64Array.from(columns[k]));
  const ds: Dataset = { source: path, columns: names, data, rows: data[0].length, notes: [] };
  return { kind: 'table', path, dataset: ds };
}

/** Runs a registered analysis the way the runtime does: defaults applied by resolveParams. */
export async function runAnalysis<R>(
  id: string,
  input: AnalysisInput,
  raw: Record<string, unknown> = {},
  ctx = testContext(),
): Promise<R> {
  const a = getAnalysis(id);
  return (await a.run(input, resolveParams(a.params, raw), ctx)) as R;
}
