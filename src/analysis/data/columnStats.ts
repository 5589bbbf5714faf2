import type { ColumnStats } from '../../protocol/results/summary';

/**
 * Count, NaN count, mean, sample standard deviation (n - 1) and extremes of one column, over every row.
 * Two passes: the first gives the mean, min and max; the second the corrected sum of squares
 * sum (x - m)^2 - (sum (x - m))^2 / n (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample variance",
 * eq. 1.7), whose correction term removes the rounding error of m. Two passes over a Float64Array are as fast as
 * Welford's one pass and more accurate. NaN cells are skipped; infinities propagate as numpy's nanmean does.
 */
export function columnStats(name: string, x: Float64Array): ColumnStats {
  const n = x.length;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return { name, count: 0, nanCount: n, mean: NaN, std: NaN, min: NaN, max: NaN };
  const mean = sum / count;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    const d = v - mean;
    ss += d * d;
    comp += d;
  }
  const variance = count > 1 ? (ss - (comp * comp) / count) / (count - 1) : NaN;
  return { name, count, nanCount: n - count, mean, std: Math.sqrt(Math.max(0, variance)), min, max };
}
