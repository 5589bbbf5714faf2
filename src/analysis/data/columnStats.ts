import type { ColumnStats } from '../../protocol/results/summary';

/**
 * Count, NaN/missing/infinite counts, mean, sample standard deviation (n - 1) and extremes of one column, over
 * every row. Two passes: the first gives the mean, min and max; the second the corrected sum of squares
 * sum (x - m)^2 - (sum (x - m))^2 / n (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample variance",
 * eq. 1.7), whose correction term removes the rounding error of m. NaN cells are skipped; infinities propagate as
 * numpy's nanmean does (+Inf gives mean +Inf, both signs give NaN) and are counted, so the JSON can say why.
 * Sums are taken over x / s with s the largest |finite x| (a power of two, so scaling is exact): values near the
 * largest double cannot overflow the sum; a standard deviation that itself exceeds it is reported as overflow.
 */
export function columnStats(name: string, x: Float64Array, missingCount = 0): ColumnStats {
  const n = x.length;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let min = Infinity;
  let max = -Infinity;
  let absMax = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) nan++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else if (Math.abs(v) > absMax) absMax = Math.abs(v);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const count = n - nan;
  const finite = count - posInf - negInf;
  const base = {
    name,
    count,
    nanCount: nan,
    missingCount,
    posInfCount: posInf,
    negInfCount: negInf,
    finiteCount: finite,
  };
  if (count === 0) return { ...base, mean: NaN, std: NaN, min: NaN, max: NaN };
  if (finite === 0 || posInf + negInf > 0) {
    const mean = posInf > 0 && negInf > 0 ? NaN : posInf > 0 ? Infinity : negInf > 0 ? -Infinity : NaN;
    // Any infinity makes the spread undefined (inf - inf), as in numpy's nanstd.
    return { ...base, mean, std: NaN, min, max };
  }
  const s = absMax > 0 ? 2 ** Math.floor(Math.log2(absMax)) : 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === v) sum += v / s;
  }
  const ms = sum / finite;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    const d = v / s - ms;
    ss += d * d;
    comp += d;
  }
  const varianceScaled = finite > 1 ? Math.max(0, ss - (comp * comp) / finite) / (finite - 1) : NaN;
  const std = Math.sqrt(varianceScaled) * s;
  const out: ColumnStats = { ...base, mean: ms * s, std, min, max };
  if (std === Infinity) out.overflow = true;
  return out;
}
