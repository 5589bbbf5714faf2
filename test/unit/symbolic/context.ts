import type { AnalysisInput, Dataset } from '../../../src/analysis/core/input';
import { badInput } from '../../../src/analysis/core/errors';
import { readFileSync } from 'node:fs';
import { symbolicAnalyses } from '../../../src/analysis/symbolic/analysis';
import { tableInput as sharedTableInput, testContext as sharedContext, type TestContext } from '../../support';

/** A minimal CSV reader for tests (header row, numeric cells; others NaN), independent of the data loaders. */
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
  return sharedTableInput(columns, path);
}

export type { TestContext };

/** A context running the symbolic entry's tasks in this thread; reads .csv and .onnx inputs from disk. */
export function testContext(opts: { onPartial?: (v: unknown, ctx: TestContext) => void } = {}): TestContext {
  return sharedContext({
    onPartial: opts.onPartial,
    tasks: symbolicAnalyses[0].tasks,
    loadInput: async (path: string): Promise<AnalysisInput> => {
      if (path.endsWith('.csv')) return { kind: 'table', path, dataset: readCsv(path) };
      if (path.endsWith('.onnx')) return { kind: 'onnx', path, bytes: new Uint8Array(readFileSync(path)) };
      throw badInput('unsupported test input', { file: path });
    },
  });
}
