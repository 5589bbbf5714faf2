/**
 * Display decimation that keeps extremes: the series is cut into B = floor(maxPoints / 2) buckets of consecutive
 * samples and each bucket contributes its minimum and maximum, in the order they occur, so a one-sample spike
 * stays visible at any zoom-out. All columns share the time axis: a bucket's two points sit at the time of its
 * first and last sample. NaNs are skipped (a bucket of only NaNs gives two NaNs).
 */
export interface Decimated {
  t: Float64Array;
  values: Float64Array[];
  decimated: boolean;
}

export function decimateMinMax(
  t: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
  maxPoints: number,
): Decimated {
  const n = t.length;
  if (n <= maxPoints || maxPoints < 2) {
    return { t: Float64Array.from(t), values: columns.map((c) => Float64Array.from(c)), decimated: false };
  }
  const buckets = Math.floor(maxPoints / 2);
  const outT = new Float64Array(2 * buckets);
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    outT[2 * b] = t[start];
    outT[2 * b + 1] = t[end - 1];
  }
  const values = columns.map((c) => {
    const out = new Float64Array(2 * buckets);
    for (let b = 0; b < buckets; b++) {
      const start = Math.floor((b * n) / buckets);
      const end = Math.floor(((b + 1) * n) / buckets);
      let lo = Infinity,
        hi = -Infinity,
        iLo = -1,
        iHi = -1;
      for (let i = start; i < end; i++) {
        const v = c[i];
        if (v < lo) {
          lo = v;
          iLo = i;
        }
        if (v > hi) {
          hi = v;
          iHi = i;
        }
      }
      if (iLo < 0) {
        // Only NaNs, or only +/-Infinity of one sign that the comparisons above cannot pick up.
        let any = NaN;
        for (let i = start; i < end; i++)
          if (c[i] === c[i]) {
            any = c[i];
            break;
          }
        out[2 * b] = any;
        out[2 * b + 1] = any;
      } else if (iLo <= iHi) {
        out[2 * b] = lo;
        out[2 * b + 1] = hi;
      } else {
        out[2 * b] = hi;
        out[2 * b + 1] = lo;
      }
    }
    return out;
  });
  return { t: outT, values, decimated: true };
}
