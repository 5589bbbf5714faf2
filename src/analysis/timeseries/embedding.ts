import { badInput } from '../core/errors';
import { firstZeroCrossingLag } from './acf';

/**
 * Takens delay embedding: point i = (x_i, x_{i+lag}, ..., x_{i+(dim-1)lag}), i = 0..n-(dim-1)lag-1.
 * Returned column-major (one Float64Array per coordinate), the layout of Dataset columns.
 */
export function delayEmbed(x: ArrayLike<number>, dim: number, lag: number, file?: string): Float64Array[] {
  if (!Number.isInteger(dim) || dim < 1)
    throw badInput(`embedding dimension must be a positive integer, got ${dim}`, { file });
  if (!Number.isInteger(lag) || lag < 1)
    throw badInput(`embedding lag must be a positive integer, got ${lag}`, { file });
  const m = x.length - (dim - 1) * lag;
  if (m < 2) {
    throw badInput(
      `series of ${x.length} samples is too short for a delay embedding with dim ${dim} and lag ${lag} (needs at least ${(dim - 1) * lag + 2})`,
      { file },
    );
  }
  const out: Float64Array[] = [];
  for (let d = 0; d < dim; d++) {
    const c = new Float64Array(m);
    const off = d * lag;
    for (let i = 0; i < m; i++) c[i] = x[i + off];
    out.push(c);
  }
  return out;
}

/**
 * Average mutual information I(x_t; x_{t+lag}) in nats from a 2-D histogram with `bins` equal-width bins per axis
 * (Fraser & Swinney 1986 use adaptive partitions; equal-width bins are the common practical estimator).
 */
export function mutualInformation(x: ArrayLike<number>, lag: number, bins = 16): number {
  const n = x.length - lag;
  if (n < 2) return NaN;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return 0;
  const scale = bins / (hi - lo);
  const joint = new Float64Array(bins * bins);
  const pa = new Float64Array(bins);
  const pb = new Float64Array(bins);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = x[i + lag];
    if (a !== a || b !== b) continue;
    const ia = Math.min(bins - 1, Math.floor((a - lo) * scale));
    const ib = Math.min(bins - 1, Math.floor((b - lo) * scale));
    joint[ia * bins + ib]++;
    pa[ia]++;
    pb[ib]++;
    used++;
  }
  if (used === 0) return NaN;
  let mi = 0;
  for (let i = 0; i < bins; i++) {
    for (let j = 0; j < bins; j++) {
      const pij = joint[i * bins + j];
      if (pij > 0) mi += (pij / used) * Math.log((pij * used) / (pa[i] * pb[j]));
    }
  }
  return mi;
}

export interface LagChoice {
  lag: number;
  /** Which rule chose it, for the result and the UI. */
  rule: 'first minimum of mutual information' | 'first zero crossing of autocorrelation' | 'fallback: 1';
}

/**
 * Default embedding lag: the first minimum of the average mutual information (Fraser & Swinney 1986, Phys. Rev. A
 * 33, 1134), or if it has none up to maxLag, the first zero crossing of the autocorrelation; failing both, 1.
 * The histogram estimate of I(k) wobbles from lag to lag (bin edges against a deterministic signal), so a lag k
 * counts as the first minimum only when I(k) < I(k-1) and I(k) <= I(j) for every j in (k, k + w], with a
 * look-ahead w = max(3, ceil(k / 4)): spurious dips on the way down are then skipped (a pure sine gives its
 * quarter period, the true minimum, instead of a dip at lag 3).
 */
export function chooseDelayLag(
  x: ArrayLike<number>,
  maxLag = Math.min(200, Math.floor(x.length / 10)),
  /** Called once per lag evaluated, e.g. to throw on cancellation. */
  poll?: () => void,
): LagChoice {
  const top = Math.max(2, maxLag);
  const last = Math.min(top, x.length - 3);
  const mi: number[] = [];
  const at = (k: number): number => {
    while (mi.length <= k) {
      poll?.();
      mi.push(mi.length === 0 ? Infinity : mutualInformation(x, mi.length));
    }
    return mi[k];
  };
  for (let k = 2; k <= last; k++) {
    const cur = at(k);
    if (!(cur < at(k - 1))) continue;
    const w = Math.max(3, Math.ceil(k / 4));
    let isMin = true;
    for (let j = k + 1; j <= Math.min(k + w, last) && isMin; j++) if (at(j) < cur) isMin = false;
    if (isMin && k + 1 <= last) return { lag: k, rule: 'first minimum of mutual information' };
  }
  const z = firstZeroCrossingLag(x, top);
  if (z !== undefined) return { lag: z, rule: 'first zero crossing of autocorrelation' };
  return { lag: 1, rule: 'fallback: 1' };
}
