/**
 * Resource estimate of the koopman analysis (core/budget.ts), from the table's size and the parameters, before any
 * snapshot matrix is built. The dictionary-specific checks stay in the engine (they need the parsed dictionary);
 * this covers what the table and the parameters alone fix: the snapshot matrices, their SVD, the forecast and the
 * pseudospectrum grid, and the result as the host receives it.
 */
import {
  HOST_BYTES_PER_RESULT_NUMBER,
  WORKER_BYTES_PER_RESULT_NUMBER,
  combineEstimates,
  type ResourceEstimate,
} from '../core/budget';
import type { AnalysisInput } from '../core/input';

export interface KoopmanSizeParams {
  forecast: number;
  delays?: number;
  pseudospectrum: boolean;
  grid?: number[];
  modes: number;
}

export function estimateKoopman(input: AnalysisInput, p: KoopmanSizeParams): ResourceEstimate {
  const rows = input.kind === 'table' ? input.dataset.rows : 0;
  const cols = input.kind === 'table' ? input.dataset.columns.length : 0;
  const width = Math.max(1, cols * Math.max(1, p.delays ?? 1));
  const rank = Math.min(rows, width, 2000);
  const parts: ResourceEstimate[] = [
    {
      // X, Y, a thin QR/SVD of each and the reconstruction: a handful of rows x width matrices.
      bytes: 6 * 8 * rows * width,
      work: 4 * rows * width * Math.min(rows, width),
      what: `${rows} rows x ${width} snapshot columns`,
      lower: 'the rows or --columns or --delays',
    },
  ];
  if (p.forecast > 0) {
    const numbers = p.forecast * (cols + 1);
    parts.push({
      bytes: numbers * (WORKER_BYTES_PER_RESULT_NUMBER + HOST_BYTES_PER_RESULT_NUMBER),
      work: p.forecast * rank * (cols + 2),
      what: `--forecast ${p.forecast} steps x ${cols} series`,
      lower: '--forecast',
    });
  }
  if (p.modes > 0) {
    parts.push({
      bytes: p.modes * (rows + width) * 2 * (WORKER_BYTES_PER_RESULT_NUMBER + HOST_BYTES_PER_RESULT_NUMBER),
      work: p.modes * rows * rank,
      what: `${p.modes} modes and eigenfunctions over ${rows} rows`,
      lower: '--modes',
    });
  }
  if (p.pseudospectrum) {
    const points = p.grid && p.grid.length >= 6 ? Math.round(p.grid[4]) * Math.round(p.grid[5]) : 80 * 80;
    parts.push({
      bytes: points * (8 + HOST_BYTES_PER_RESULT_NUMBER),
      work: points * rank * rank * rank,
      what: `a pseudospectrum of ${points} grid points at rank up to ${rank}`,
      lower: 'the --grid size',
    });
  }
  return combineEstimates(parts);
}
