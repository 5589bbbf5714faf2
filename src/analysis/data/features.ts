/**
 * Batch features of `summary`: per data column c (the time column left out), `<c>_mean`, `<c>_std`, `<c>_min`,
 * `<c>_max`, `<c>_count` and `<c>_nan_count`, where c is the column name with characters other than letters,
 * digits and _ replaced by _.
 */
import type { FeatureVector } from '../core/definition';
import type { SummaryResult } from '../../protocol/results/summary';

export function summaryFeatures(r: SummaryResult): FeatureVector {
  const names: string[] = [];
  const values: number[] = [];
  for (const c of r.columns) {
    const base = c.name.replace(/[^A-Za-z0-9_]/g, '_');
    names.push(`${base}_mean`, `${base}_std`, `${base}_min`, `${base}_max`, `${base}_count`, `${base}_nan_count`);
    values.push(c.mean, c.std, c.min, c.max, c.count, c.nanCount);
  }
  return { names, values: Float64Array.from(values) };
}
