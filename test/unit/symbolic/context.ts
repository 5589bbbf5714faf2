import type { AnalysisContext } from '../../../src/analysis/core/context';
import { localCancelSignal } from '../../../src/analysis/core/context';
import type { AnalysisInput, Dataset } from '../../../src/analysis/core/input';
import { badInput } from '../../../src/analysis/core/errors';
import { readFileSync } from 'node:fs';
import { symbolicAnalyses } from '../../../src/analysis/symbolic/analysis';

/** A minimal CSV reader for tests (header row, numeric cells; others NaN): the data loaders belong to another issue. */
export function readCsv(path: string): Dataset {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const columns = lines[0].split(',').map((s) => s.trim());
  const data = columns.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',');
    for (let c = 0; c < columns.length; c++)
      data[c][r - 1] = cells[c] === undefined || cells[c].trim() === '' ? NaN : Number(cells[c]);
  }
  return { source: path, columns, data, rows: lines.length - 1, notes: [] };
}

export function tableInput(columns: Record<string, ArrayLike<number>>, path = 'memory.csv'): AnalysisInput {
  const names = Object.keys(columns);
  const data = names.map((n) => Float64Array.from(columns[n]));
  return {
    kind: 'table',
    path,
    dataset: { source: path, columns: names, data, rows: data[0]?.length ?? 0, notes: [] },
  };
}

export interface TestContext extends AnalysisContext {
  partials: unknown[];
  cancel(): void;
}

export function testContext(opts: { onPartial?: (v: unknown, ctx: TestContext) => void } = {}): TestContext {
  const signal = localCancelSignal();
  const entry = symbolicAnalyses[0];
  const ctx: TestContext = {
    partials: [],
    cancel: () => signal.cancel(),
    progress() {},
    log() {},
    partial(v: unknown) {
      ctx.partials.push(v);
      opts.onPartial?.(v, ctx);
    },
    signal,
    async loadInput(path: string): Promise<AnalysisInput> {
      if (path.endsWith('.csv')) return { kind: 'table', path, dataset: readCsv(path) };
      if (path.endsWith('.onnx')) return { kind: 'onnx', path, bytes: new Uint8Array(readFileSync(path)) };
      throw badInput('unsupported test input', { file: path });
    },
    memoryBudgetBytes: 2 ** 31,
    parallelism: 1,
    async parallelMap<T, R>(task: string, chunks: T[]): Promise<R[]> {
      const fn = entry.tasks![task];
      return chunks.map((c) => fn(c as never, ctx) as R);
    },
  };
  return ctx;
}
