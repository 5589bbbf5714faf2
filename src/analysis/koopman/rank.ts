/**
 * Rank truncation rules for the singular values of the snapshot (dictionary) matrix.
 *
 * - Gavish & Donoho, "The optimal hard threshold for singular values is 4/sqrt(3)", IEEE Trans. Inf. Theory 60(8),
 *   2014: with unknown white noise, keep sigma_i > omega(beta) * median(sigma), beta = min(n, m) / max(n, m) the
 *   aspect ratio, and the paper's cubic approximation omega(beta) ~ 0.56 beta^3 - 0.95 beta^2 + 1.82 beta + 1.43.
 *   The median is a noise estimate only when there are enough singular values; with fewer than MIN_FOR_GD we fall
 *   back to the numerical rank and say so.
 * - energy:f keeps the smallest r with sum_{i<=r} sigma_i^2 >= f sum sigma_i^2.
 * - A fixed integer.
 * Every rule is also capped by the numerical rank sigma_i > sigma_1 * NUMERICAL_TOL (a truncated pseudo-inverse:
 * directions below it are noise from rounding, inverting them would amplify it by 1/sigma_i).
 */
import { badInput } from '../core/errors';

export const NUMERICAL_TOL = 1e-12;
const MIN_FOR_GD = 8;

export interface RankChoice {
  rank: number;
  rule: string;
  /** The singular value threshold applied, when the rule has one. */
  threshold?: number;
}

export function gavishDonohoOmega(beta: number): number {
  return 0.56 * beta ** 3 - 0.95 * beta ** 2 + 1.82 * beta + 1.43;
}

export function numericalRank(s: ArrayLike<number>): number {
  if (s.length === 0 || !(s[0] > 0)) return 0;
  let r = 0;
  while (r < s.length && s[r] > s[0] * NUMERICAL_TOL) r++;
  return r;
}

/**
 * Chooses the rank from a spec: 'auto' (Gavish-Donoho, or numerical rank for dictionary methods when
 * `autoIsNumerical`), 'full', 'energy:F' or an integer string. `dims` is the shape of the data matrix for beta.
 */
export function chooseRank(
  spec: string,
  s: Float64Array,
  dims: [number, number],
  autoIsNumerical: boolean,
  file?: string,
): RankChoice {
  const num = numericalRank(s);
  if (num === 0) throw badInput('the snapshot matrix is zero: nothing to decompose', { file });
  const t = spec.trim().toLowerCase();
  if (t === 'full' || (t === 'auto' && autoIsNumerical)) {
    return { rank: num, rule: `numerical rank (sigma > ${NUMERICAL_TOL} sigma_max)`, threshold: s[0] * NUMERICAL_TOL };
  }
  if (t === 'auto') {
    if (s.length < MIN_FOR_GD) {
      return {
        rank: num,
        rule: `numerical rank (only ${s.length} singular values: too few for the Gavish-Donoho noise estimate)`,
        threshold: s[0] * NUMERICAL_TOL,
      };
    }
    const beta = Math.min(dims[0], dims[1]) / Math.max(dims[0], dims[1]);
    const sorted = Array.from(s).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    const tau = gavishDonohoOmega(beta) * median;
    let r = 0;
    while (r < s.length && s[r] > tau) r++;
    r = Math.max(1, Math.min(r, num));
    return {
      rank: r,
      rule: `Gavish-Donoho optimal hard threshold (beta ${beta.toPrecision(3)}, omega ${gavishDonohoOmega(beta).toFixed(3)} x median sigma)`,
      threshold: tau,
    };
  }
  if (t.startsWith('energy:')) {
    const f = Number(t.slice(7));
    if (!(f > 0 && f <= 1)) throw badInput(`--rank energy:F needs 0 < F <= 1, got "${spec}"`, { file });
    let total = 0;
    for (let i = 0; i < s.length; i++) total += s[i] * s[i];
    let acc = 0;
    let r = 0;
    while (r < s.length && acc < f * total * (1 - 1e-15)) {
      acc += s[r] * s[r];
      r++;
    }
    r = Math.max(1, Math.min(r, num));
    return { rank: r, rule: `energy ${f} of sum sigma^2` };
  }
  const r = Number(t);
  if (!Number.isInteger(r) || r < 1)
    throw badInput(`--rank must be a positive integer, auto, full or energy:F, got "${spec}"`, { file });
  if (r > s.length) {
    throw badInput(
      `--rank ${r} is larger than possible: the data give at most ${s.length} singular values (min of snapshot pairs and dictionary size); use --rank ${s.length} or fewer`,
      { file },
    );
  }
  if (r > num) {
    throw badInput(
      `--rank ${r} exceeds the numerical rank ${num} of the snapshot matrix (singular values below ${NUMERICAL_TOL} x sigma_max); use --rank ${num} or fewer`,
      { file },
    );
  }
  return { rank: r, rule: 'fixed' };
}
