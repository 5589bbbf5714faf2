/** Discrete-to-continuous conversion and small complex helpers for eigenvalue reporting. */
import type { KoopmanEigenvalue } from '../../protocol/results/koopman';

/** log(lambda) / dt, principal branch: [ln|lambda| / dt, arg(lambda) / dt]. */
export function continuousEigenvalue(re: number, im: number, dt: number): [number, number] {
  const mod = Math.hypot(re, im);
  if (mod === 0) return [NaN, NaN];
  return [Math.log(mod) / dt, Math.atan2(im, re) / dt];
}

export function describeEigenvalue(
  re: number,
  im: number,
  dt: number,
  residual: number,
  amplitude: number,
): KoopmanEigenvalue {
  const c = continuousEigenvalue(re, im, dt);
  const w = Math.abs(c[1]);
  return {
    discrete: [re, im],
    continuous: c,
    frequency: w / (2 * Math.PI),
    angularFrequency: w,
    growthRate: c[0],
    period: w > 0 ? (2 * Math.PI) / w : Infinity,
    residual,
    amplitude,
  };
}

/** Principal square root of a complex number. */
export function complexSqrt(re: number, im: number): [number, number] {
  const m = Math.hypot(re, im);
  if (m === 0) return [0, 0];
  const a = Math.sqrt((m + Math.abs(re)) / 2);
  if (re >= 0) return [a, im / (2 * a)];
  return [Math.abs(im) / (2 * a), im >= 0 ? a : -a];
}
