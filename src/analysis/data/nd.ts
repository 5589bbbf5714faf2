/**
 * N-D arrays held in memory (NetCDF-3, MATLAB v5): the part a slice selects, as table columns. The HDF5 reader
 * does the same by hyperslab without holding the array.
 */
import { usageError } from '../core/errors';
import { keptShape, parseSlice, type DimSelection } from './slice';

export interface NdTable {
  data: Float64Array[];
  rows: number;
  /** Index along the column dimension of each column (for names), empty for one column. */
  colIndex: number[];
  /** The selection (in the array's own order), for notes. */
  sel: DimSelection[];
}

/**
 * Selects from `flat` (row-major over `shape`, or column-major when `columnMajor`, as MATLAB stores) the 1-D or
 * 2-D part a slice keeps: rows along the first kept dimension, columns along the second.
 */
export function tableFromFlat(
  what: string,
  flat: ArrayLike<number>,
  shape: readonly number[],
  slice: string | undefined,
  columnMajor: boolean,
): NdTable {
  const squeezed = slice === undefined && shape.length > 2 ? shape.filter((s) => s !== 1) : undefined;
  if (squeezed && squeezed.length > 2) {
    const example = shape.map((_, d) => (d < shape.length - 2 ? '0' : ':')).join(',');
    throw usageError(
      `${what} is ${shape.length}-D (${shape.join(' x ')}); pick a 1-D or 2-D part with --slice, e.g. --slice ${example}`,
    );
  }
  // Without a slice, singleton dimensions of N-D arrays are dropped (a 1 x n x 1 array is a column).
  const spec = squeezed ? shape.map((s) => (s === 1 ? '0' : ':')).join(',') : slice;
  const sel = parseSlice(spec, shape);
  const kept = keptShape(sel);
  if (kept.length === 0 || kept.length > 2)
    throw usageError(
      `--slice ${spec} leaves ${kept.length === 0 ? 'a single value' : `${kept.length} dimensions`} of ${what}; keep 1 or 2 ranges`,
    );
  // Element strides of the storage order.
  const strides = new Array<number>(shape.length);
  let acc = 1;
  const order = columnMajor ? shape.map((_, d) => d) : shape.map((_, d) => shape.length - 1 - d);
  for (const d of order) {
    strides[d] = acc;
    acc *= shape[d];
  }
  const dims = sel.map((s, d) => (s.kept ? d : -1)).filter((d) => d >= 0);
  const [rowDim, colDim] = dims;
  let base = 0;
  for (let d = 0; d < shape.length; d++) base += sel[d].offset * strides[d];
  const rows = sel[rowDim].count;
  const cols = colDim === undefined ? 1 : sel[colDim].count;
  const rowStep = sel[rowDim].stride * strides[rowDim];
  const colStep = colDim === undefined ? 0 : sel[colDim].stride * strides[colDim];
  const data = Array.from({ length: cols }, (_, j) => {
    const col = new Float64Array(rows);
    for (let i = 0, k = base + j * colStep; i < rows; i++, k += rowStep) col[i] = Number(flat[k]);
    return col;
  });
  const colIndex = colDim === undefined ? [] : data.map((_, j) => sel[colDim].offset + j * sel[colDim].stride);
  return { data, rows, colIndex, sel };
}
