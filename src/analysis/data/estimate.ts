/**
 * Resource estimate of the summary analysis (core/budget.ts), from the table's shape and the parameters. Wide
 * tables are dominated by a per-column constant (the statistics object, the autocorrelation FFT and Welch set-up,
 * the views of the packed series and their JSON): 1,000,000 columns of 5 rows took 200 s end to end (about 200 us
 * per column) on the 2-core test machine under load, 100,000 columns 16 s.
 */
import { HOST_BYTES_PER_RESULT_NUMBER, WORKER_BYTES_PER_RESULT_NUMBER, type ResourceEstimate } from '../core/budget';
import type { AnalysisInput } from '../core/input';
import { welchSegmentLength } from '../timeseries/welch';

/** Work units (about 2 ns each) and bytes that every column costs whatever its length. */
const WORK_PER_COLUMN = 100_000;
const BYTES_PER_COLUMN = 2_000;

export function estimateSummary(input: AnalysisInput, p: { maxLag: number; maxPoints: number }): ResourceEstimate {
  const rows = input.kind === 'table' ? input.dataset.rows : 0;
  const cols = input.kind === 'table' ? input.dataset.columns.length : 0;
  const lags = Math.min(p.maxLag, Math.max(0, rows - 1)) + 1;
  const segment = rows >= 4 ? welchSegmentLength(rows) : 0;
  const perColumnNumbers = Math.min(rows, 2 * p.maxPoints) + lags + segment / 2 + 1;
  const fft = rows * (Math.log2(Math.max(2, rows)) + 1);
  return {
    bytes:
      cols * (perColumnNumbers * (WORKER_BYTES_PER_RESULT_NUMBER + HOST_BYTES_PER_RESULT_NUMBER) + BYTES_PER_COLUMN) +
      // the NaN-filled copy and the FFT buffers of the columns in flight (two per worker)
      64 * rows * 8,
    work: cols * (WORK_PER_COLUMN + 40 * fft),
    what: `${cols} columns x ${rows} rows`,
    lower: 'the number of columns (select fewer) or rows',
  };
}
