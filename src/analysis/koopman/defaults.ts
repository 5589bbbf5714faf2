/**
 * Defaults that fit the data, for `--method auto` (the default) and Hankel DMD without `--delays`, and the verdict
 * on a result's own quality measures.
 *
 * Method: plain DMD of d state columns has at most d eigenvalues and can only be as good as a linear map of those
 * columns, so a series with fewer state columns than its dynamics need (one column of an oscillator: a conjugate
 * pair needs two; three columns of the Lorenz attractor) predicts no better than "nothing changes". Delay
 * coordinates supply the missing state (Takens 1981; Hankel DMD, Arbabi & Mezic 2017, SIAM J. Appl. Dyn. Syst.
 * 16(4)), so `auto` picks Hankel DMD for time series (trajectories) and exact DMD for explicit snapshot pairs.
 *
 * Delays: the delay window spans the first minimum of the sample autocorrelation of the first state column (the
 * linear counterpart of Fraser & Swinney's first minimum of mutual information, Phys. Rev. A 33, 1134 (1986)): by
 * then the delayed copy carries the most new information, which is what the extra coordinates need. Series whose
 * autocorrelation decays without a minimum use their decorrelation time (first lag below 1/e). The rank of the
 * delay matrix is then chosen from its singular values by the engine's `--rank auto` (Gavish & Donoho 2014).
 */
import type { KoopmanResult } from '../../protocol/results/koopman';
import type { QualityWarning } from '../../protocol';
import type { SnapshotSource } from './snapshots';

/** Largest default delay matrix height (delays x columns): its SVD grows as the square of it. */
export const MAX_AUTO_DELAYS = 400;

/** Sample autocorrelation up to maxLag (biased estimator, mean removed). */
function autocorrelation(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (x[i] - mean) ** 2;
  const out = new Float64Array(maxLag + 1);
  if (!(c0 > 0)) return out;
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let i = 0; i + k < n; i++) s += (x[i] - mean) * (x[i + k] - mean);
    out[k] = s / c0;
  }
  return out;
}

export interface DelayChoice {
  delays: number;
  /** How the count was chosen, for the notes. */
  rule: string;
}

/** Delay count for Hankel DMD from the first state column of the longest trajectory (see the header). */
export function delaysFromData(x: Float64Array, maxDelays = MAX_AUTO_DELAYS): DelayChoice {
  const cap = Math.max(2, Math.min(maxDelays, Math.floor(x.length / 3)));
  const acf = autocorrelation(x, cap + 1);
  let lag = 0;
  let rule = '';
  for (let k = 1; k <= cap; k++) {
    if (acf[k] < acf[k - 1] && acf[k] <= acf[k + 1]) {
      lag = k;
      rule = `first minimum of the autocorrelation at lag ${k}`;
      break;
    }
  }
  if (lag === 0) {
    for (let k = 1; k <= cap; k++)
      if (acf[k] < 1 / Math.E) {
        lag = k;
        rule = `autocorrelation below 1/e at lag ${k} (no minimum before lag ${cap})`;
        break;
      }
  }
  if (lag === 0) {
    lag = cap;
    rule = `autocorrelation stays above 1/e up to lag ${cap}`;
  }
  const delays = Math.max(2, Math.min(cap, lag));
  if (delays < lag) rule += `, capped at ${delays}`;
  return { delays, rule };
}

export interface MethodChoice {
  method: string;
  delays?: number;
  notes: string[];
}

/** Resolves `--method auto` and Hankel's default delay count from the snapshots. */
export function koopmanDefaults(src: SnapshotSource, p: { method: string; delays?: number }): MethodChoice {
  const notes: string[] = [];
  let method = p.method;
  if (method === 'auto') {
    const series = src.kind === 'trajectories';
    method = series ? 'hankel' : 'dmd';
    notes.push(
      series
        ? `--method auto: Hankel DMD (delay coordinates of ${src.stateNames.join(', ')}): a linear map of the observed columns alone rarely holds the dynamics`
        : '--method auto: exact DMD on the snapshot pairs',
    );
  }
  if (method !== 'hankel' || p.delays !== undefined || src.kind !== 'trajectories') return { method, notes };
  let longest = src.trajectories[0];
  for (const t of src.trajectories) if (t.length > longest.length) longest = t;
  // delays x columns rows in the delay matrix: at most MAX_AUTO_DELAYS in all
  const choice = delaysFromData(longest.cols[0], Math.floor(MAX_AUTO_DELAYS / src.stateNames.length));
  notes.push(`--delays not given: ${choice.delays} from the data (${choice.rule} of ${src.stateNames[0]})`);
  return { method, delays: choice.delays, notes };
}

/** Relative reconstruction error above which the linear model does not describe the data. */
const POOR_ERROR = 0.3;
/** Share of the first trajectory over which the multi-step reconstruction is judged. */
const HORIZON = 0.1;

/** Relative error ||data - model|| / ||data|| over the first `share` of the stored reconstruction. */
export function horizonError(rec: KoopmanResult['reconstruction'], share: number): number {
  const k = Math.max(2, Math.floor(rec.t.length * share));
  let se = 0;
  let sx = 0;
  for (let c = 0; c < rec.data.length; c++) {
    const d = rec.data[c];
    const m = rec.model[c];
    for (let i = 0; i < Math.min(k, d.length); i++) {
      const e = d[i] - m[i];
      se += Number.isFinite(e) ? e * e : Infinity;
      sx += d[i] * d[i];
    }
  }
  return sx > 0 ? Math.sqrt(se / sx) : NaN;
}

/**
 * The verdict of the result's own error measure. Time series: the multi-step reconstruction from the first
 * snapshot over the first 10% of the series (over the whole series a chaotic trajectory leaves any model; and the
 * one-step error of delay coordinates is no measure, the next delay vector being mostly known); snapshot pairs: the
 * one-step reconstruction error.
 */
export function assessKoopman(r: KoopmanResult): QualityWarning[] {
  const multi = r.reconstructionKind === 'multi-step';
  const err = multi ? horizonError(r.reconstruction, HORIZON) : r.reconstructionError;
  if (!(err > POOR_ERROR)) return [];
  const d = r.delays ?? 0;
  const flag = r.method === 'hankel' ? `--delays ${Math.min(MAX_AUTO_DELAYS, Math.max(4, 2 * d))}` : '--method hankel';
  const what = multi
    ? `reconstruction error ${err.toPrecision(3)} (relative, from the first snapshot over the first 10% of the series; chaotic data leave any linear model after a few Lyapunov times)`
    : `one-step reconstruction error ${err.toPrecision(3)} (relative)`;
  return [{ message: `${what}: the linear model does not describe these data`, flag }];
}
