/** Table inputs for analyses, built in memory (no loader involved). */
import type { Dataset, TableInput } from '../../src/analysis/core/input';

/** A table from named columns (insertion order is column order). */
export function tableInput(
  columns: Record<string, ArrayLike<number>>,
  path = 'test.csv',
  notes: string[] = [],
): TableInput {
  const names = Object.keys(columns);
  return tableOfColumns(
    names,
    names.map((n) => Float64Array.from(columns[n])),
    notes,
    path,
  );
}

/** A table from column names and their data. */
export function tableOfColumns(
  names: string[],
  data: Float64Array[],
  notes: string[] = [],
  path = 'test.csv',
): TableInput {
  const dataset: Dataset = { source: path, columns: names, data, rows: data.length ? data[0].length : 0, notes };
  return { kind: 'table', path, dataset };
}

/** A table from row-major points; columns x0, x1, ... unless named. */
export function tableOfRows(points: number[][], path = 'test.csv', names?: string[]): TableInput {
  const dim = points[0]?.length ?? 0;
  const columns = names ?? Array.from({ length: dim }, (_, k) => `x${k}`);
  return tableOfColumns(
    columns,
    columns.map((_, k) => Float64Array.from(points, (p) => p[k])),
    [],
    path,
  );
}
