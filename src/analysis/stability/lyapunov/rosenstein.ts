/**
 * Largest Lyapunov exponent from a scalar series: Rosenstein, Collins & De Luca (1993), "A practical method for
 * calculating largest Lyapunov exponents from small data sets", Physica D 65:117-134.
 *  - delay embedding X_j = (x_j, x_{j+L}, ..., x_{j+(m-1)L}) (their eq. 5), m by false nearest neighbours (Kennel,
 *    Brown & Abarbanel 1992, Phys. Rev. A 45:3403, criteria eqs. (4) and (5) with R_tol = 15, A_tol = 2), lag L by
 *    the first minimum of the average mutual information (timeseries/embedding.ts);
 *  - each point's nearest neighbour with temporal separation greater than the mean period (their eq. 7; a Theiler
 *    window), found with a k-d tree: O(M log M) expected for M embedded points;
 *  - the divergence curve y(i) = <ln d_j(i)> over j (their eq. 10) for i = 0..K, O(M K);
 *  - lambda_1 = slope of the least-squares line over the linear region of y(i) against i*dt.
 * The linear region is chosen automatically between 10% and 70% of the rise of y from its start to its plateau,
 * which skips the short alignment transient and stops before saturation; it is returned so the user can judge it,
 * and can be overridden (fitStart, fitEnd).
 */
import type { AnalysisContext } from '../../core/context';
import { badInput, tooLarge } from '../../core/errors';
import { delayEmbed, chooseDelayLag } from '../../timeseries/embedding';
import { fftInPlace, nextPow2 } from '../../timeseries/fft';
import { autocorrelation } from '../../timeseries/acf';
import { KdTree } from './kdtree';
import { estimateNeighbourSearch } from '../estimate';

export const MAX_PAIR_STEPS = 20_000_000;

export interface RosensteinOptions {
  dt: number;
  dim?: number;
  lag?: number;
  theiler?: number;
  /** Length of the divergence curve in samples (K). */
  horizon?: number;
  fitStart?: number;
  fitEnd?: number;
  maxDim: number;
  file?: string;
}

export interface RosensteinOutput {
  lambda: number;
  dim: number;
  dimRule: string;
  lag: number;
  lagRule: string;
  theiler: number;
  theilerRule: string;
  fnn: number[];
  steps: Float64Array;
  meanLogDistance: Float64Array;
  fit: { fromStep: number; toStep: number; slope: number; intercept: number; r2: number; rule: string };
  notes: string[];
}

/** Mean period = 1 / mean frequency of the power spectrum (Rosenstein et al. section 3), in samples. */
export function meanPeriodSamples(x: ArrayLike<number>): number {
  const n = x.length;
  const m = nextPow2(n);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  for (let i = 0; i < n; i++) re[i] = x[i] - mean;
  fftInPlace(re, im);
  let num = 0,
    den = 0;
  for (let k = 1; k <= m / 2; k++) {
    const p = re[k] * re[k] + im[k] * im[k];
    num += (k / m) * p;
    den += p;
  }
  if (!(den > 0)) return 1;
  return Math.max(1, Math.ceil(1 / (num / den)));
}

/**
 * False nearest neighbours (Kennel et al. 1992) for dimensions 1..maxDim on up to `maxQueries` evenly spread
 * reference points (the tree holds all points). Returns the false fraction per dimension.
 */
export function falseNearestNeighbours(
  x: ArrayLike<number>,
  lag: number,
  maxDim: number,
  theiler: number,
  maxQueries = 3000,
  ctx?: AnalysisContext,
): number[] {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let varx = 0;
  for (let i = 0; i < n; i++) varx += (x[i] - mean) ** 2;
  const RA = Math.sqrt(varx / n);
  const RTOL = 15;
  const ATOL = 2;
  const out: number[] = [];
  const q = new Float64Array(maxDim + 1);
  for (let d = 1; d <= maxDim; d++) {
    // stop once the fraction has fallen below 1% and stays there for one more dimension (the choice is made)
    if (out.length >= 2 && out[out.length - 1] < 0.01 && out[out.length - 2] < 0.01) break;
    const m = n - d * lag; // points that also have the (d+1)-th coordinate
    if (m < 20) break;
    ctx?.signal.throwIfCancelled();
    const coords = delayEmbed(x, d, lag).map((c) => c.subarray(0, m));
    const tree = new KdTree(coords, m);
    const step = Math.max(1, Math.floor(m / maxQueries));
    let tested = 0;
    let falseCount = 0;
    for (let i = 0; i < m; i += step) {
      for (let k = 0; k < d; k++) q[k] = coords[k][i];
      const j = tree.nearestExcluding(q, i, theiler);
      if (j < 0) continue;
      const r2 = tree.lastDistance2;
      const extra = Math.abs(x[i + d * lag] - x[j + d * lag]);
      const rd = Math.sqrt(r2);
      tested++;
      if ((rd > 0 && extra / rd > RTOL) || (rd === 0 && extra > 0) || Math.sqrt(r2 + extra * extra) / RA > ATOL)
        falseCount++;
    }
    out.push(tested > 0 ? falseCount / tested : NaN);
  }
  return out;
}

export function rosenstein(series: Float64Array, o: RosensteinOptions, ctx: AnalysisContext): RosensteinOutput {
  const notes: string[] = [];
  const N = series.length;
  const file = o.file;
  if (N < 100)
    throw badInput(
      `series of ${N} samples is too short for a Lyapunov estimate from data (needs at least 100; a few thousand for a reliable value)`,
      { file },
    );
  for (let i = 0; i < N; i++)
    if (!Number.isFinite(series[i]))
      throw badInput(`the series has a non-finite value at row ${i + 1}; remove or interpolate missing values first`, {
        file,
        row: i + 1,
      });

  let lag: number;
  let lagRule: string;
  if (o.lag !== undefined) {
    lag = o.lag;
    lagRule = 'given';
  } else {
    // Mutual information (Fraser & Swinney) can have spurious shallow minima when the series decorrelates within a
    // step or two (chaotic maps: the histogram estimate then only fluctuates); cap the lag by the first lag where
    // the autocorrelation falls below 1/e, which is 1 for such series.
    const c = chooseDelayLag(series);
    const acfLag = firstAcfBelow(series, 1 / Math.E, Math.max(2, c.lag));
    if (acfLag !== undefined && acfLag < c.lag) {
      lag = acfLag;
      lagRule = 'first lag with autocorrelation below 1/e (before the first minimum of mutual information)';
    } else {
      lag = c.lag;
      lagRule = c.rule;
    }
  }
  let theiler: number;
  let theilerRule: string;
  if (o.theiler !== undefined) {
    theiler = o.theiler;
    theilerRule = 'given';
  } else {
    theiler = Math.min(meanPeriodSamples(series), Math.floor(N / 10));
    theilerRule = 'mean period (1 / mean frequency of the power spectrum)';
  }
  ctx.progress(0.05, 'embedding dimension');

  let fnn: number[] = [];
  let dim: number;
  let dimRule: string;
  if (o.dim !== undefined) {
    dim = o.dim;
    dimRule = 'given';
  } else {
    fnn = falseNearestNeighbours(series, lag, o.maxDim, theiler, 3000, ctx);
    const first = fnn.findIndex((f) => f < 0.01);
    if (first >= 0) {
      dim = first + 1;
      dimRule = 'first dimension with < 1% false nearest neighbours';
    } else {
      let best = 0;
      for (let k = 1; k < fnn.length; k++) if (fnn[k] < fnn[best]) best = k;
      dim = best + 1;
      dimRule = `fewest false nearest neighbours (${(100 * fnn[best]).toFixed(1)}%, never below 1% up to ${o.maxDim})`;
      notes.push(
        'false nearest neighbours never fell below 1%: noisy or high-dimensional data; the estimate is less reliable',
      );
    }
  }
  const M = N - (dim - 1) * lag;
  const K = Math.max(5, Math.min(o.horizon ?? Math.min(Math.max(20, 8 * theiler, 6 * lag), 1000), Math.floor(M / 4)));
  if (M - K < 2 * theiler + 20) {
    throw badInput(
      `series of ${N} samples is too short for embedding dimension ${dim}, lag ${lag}, Theiler window ${theiler} and a divergence horizon of ${K} steps; give a longer series or smaller --dim/--lag/--theiler`,
      { file },
    );
  }
  // The average <ln d_j(k)> costs O(M K) logarithms; past MAX_PAIR_STEPS, reference points j are taken evenly
  // spaced (every `stride`-th), still with neighbours searched among all points. 20 million pair-steps average
  // over >= 20,000 trajectories for K <= 1000, far more than the statistical error of the fit needs.
  const usable = M - K;
  const stride = Math.max(1, Math.ceil((usable * (K + 1)) / MAX_PAIR_STEPS));
  const refs = Math.ceil(usable / stride);
  // the dimension chosen by false nearest neighbours fixes the cost of the search: checked before it starts
  ctx.checkEstimate?.(estimateNeighbourSearch(M, dim, refs, K));
  // embedding + the tree's point-major copy (2 dim M doubles), tree nodes and permutation (~12 M bytes)
  const bytes = 16 * dim * M + 12 * M + 8 * (K + 1) * 3;
  if (bytes > ctx.memoryBudgetBytes) {
    throw tooLarge(
      `Rosenstein on ${M} embedded points of dimension ${dim} needs about ${(bytes / 2 ** 20).toFixed(0)} MB, over the memory budget of ${(ctx.memoryBudgetBytes / 2 ** 20).toFixed(0)} MB; use a shorter series or a smaller --dim`,
      { file },
    );
  }
  const coords = delayEmbed(series, dim, lag);
  ctx.progress(0.2, `nearest neighbours (${M} points, dim ${dim})`);
  // neighbours only among points that can be followed K steps (j + K < M)
  const tree = new KdTree(
    coords.map((c) => c.subarray(0, usable)),
    usable,
  );
  if (stride > 1)
    notes.push(
      `divergence curve averaged over every ${stride}-th of ${usable} reference points (neighbours searched among all)`,
    );
  const nn = new Int32Array(refs);
  const q = new Float64Array(dim);
  for (let r = 0; r < refs; r++) {
    const i = r * stride;
    for (let d = 0; d < dim; d++) q[d] = coords[d][i];
    nn[r] = tree.nearestExcluding(q, i, theiler);
    if ((r & 4095) === 0) {
      ctx.signal.throwIfCancelled();
      ctx.progress(0.2 + 0.5 * (r / refs), 'nearest neighbours');
    }
  }
  ctx.progress(0.7, 'divergence curve');
  const sum = new Float64Array(K + 1);
  const cnt = new Float64Array(K + 1);
  for (let r = 0; r < refs; r++) {
    const i = r * stride;
    const j = nn[r];
    if (j < 0) continue;
    for (let k = 0; k <= K; k++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const diff = coords[d][i + k] - coords[d][j + k];
        s += diff * diff;
      }
      if (s > 0) {
        sum[k] += 0.5 * Math.log(s);
        cnt[k]++;
      }
    }
    if ((r & 1023) === 0) ctx.signal.throwIfCancelled();
  }
  const y = new Float64Array(K + 1);
  const steps = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    y[k] = cnt[k] > 0 ? sum[k] / cnt[k] : NaN;
    steps[k] = k;
  }
  const fit = fitLinearRegion(y, o.fitStart, o.fitEnd);
  if (fit.toStep - fit.fromStep < 3)
    notes.push('the linear region of the divergence curve is very short: the estimate is rough');
  return {
    lambda: fit.slope / o.dt,
    dim,
    dimRule,
    lag,
    lagRule,
    theiler,
    theilerRule,
    fnn,
    steps,
    meanLogDistance: y,
    fit,
    notes,
  };
}

function firstAcfBelow(x: ArrayLike<number>, level: number, maxLag: number): number | undefined {
  const r = autocorrelation(x, maxLag);
  for (let k = 1; k < r.length; k++) if (Math.abs(r[k]) < level || r[k] < 0) return k;
  return undefined;
}

/** Least-squares line through (k, y_k) for k in [a, b]. */
export function lineFit(y: ArrayLike<number>, a: number, b: number): { slope: number; intercept: number; r2: number } {
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    syy = 0,
    n = 0;
  for (let k = a; k <= b; k++) {
    const v = y[k];
    if (!Number.isFinite(v)) continue;
    sx += k;
    sy += v;
    sxx += k * k;
    sxy += k * v;
    syy += v * v;
    n++;
  }
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  const cxy = sxy - (sx * sy) / n;
  const slope = cxy / vx;
  const intercept = (sy - slope * sx) / n;
  const r2 = vy > 0 ? (cxy * cxy) / (vx * vy) : 1;
  return { slope, intercept, r2 };
}

/**
 * Linear region: from where y has risen 10% of the way from y(0) to its plateau (the maximum of y) to where it has
 * risen 70%; at least 3 points.
 */
export function fitLinearRegion(y: Float64Array, fitStart?: number, fitEnd?: number): RosensteinOutput['fit'] {
  const K = y.length - 1;
  if (fitStart !== undefined || fitEnd !== undefined) {
    const a = Math.max(0, Math.min(K - 1, Math.round(fitStart ?? 0)));
    const b = Math.max(a + 1, Math.min(K, Math.round(fitEnd ?? K)));
    return { fromStep: a, toStep: b, ...lineFit(y, a, b), rule: 'given' };
  }
  let ymax = -Infinity;
  let kmax = 0;
  for (let k = 0; k <= K; k++)
    if (y[k] > ymax) {
      ymax = y[k];
      kmax = k;
    }
  const y0 = y[0];
  const rise = ymax - y0;
  let a = 0;
  while (a < kmax && y[a] < y0 + 0.1 * rise) a++;
  let b = a;
  while (b < kmax && y[b] < y0 + 0.7 * rise) b++;
  if (b - a < 2) {
    a = Math.max(0, Math.min(a, K - 2));
    b = Math.min(K, a + 2);
  }
  return {
    fromStep: a,
    toStep: b,
    ...lineFit(y, a, b),
    rule: 'between 10% and 70% of the rise of the divergence curve to its plateau',
  };
}
