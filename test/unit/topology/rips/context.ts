/** A context for calling analyses directly in tests (no worker pool): tasks run in this thread. */
import type { AnalysisContext } from '../../../../src/analysis/core/context';
import { localCancelSignal } from '../../../../src/analysis/core/context';
import type { Dataset, TableInput } from '../../../../src/analysis/core/input';

export function testContext(overrides: Partial<AnalysisContext> = {}): AnalysisContext & { logs: string[] } {
  const logs: string[] = [];
  return {
    progress() {},
    log(m: string) {
      logs.push(m);
    },
    signal: localCancelSignal(),
    loadInput: () => Promise.reject(new Error('no secondary inputs in these tests')),
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    parallelMap: <R>(): Promise<R[]> => Promise.reject<R[]>(new Error('persistence has no sub-tasks')),
    logs,
    ...overrides,
  };
}

export function table(columns: string[], data: Float64Array[], notes: string[] = [], source = 'test.csv'): TableInput {
  const ds: Dataset = { source, columns, data, rows: data.length ? data[0].length : 0, notes };
  return { kind: 'table', path: source, dataset: ds };
}
