/**
 * Batch features of `koopman`: the KOOPMAN_FEATURE_EIGENVALUES leading eigenvalues, sorted by amplitude
 * |phi(x_0)| ||mode|| (descending; ties by growth rate, then frequency, so conjugate pairs keep a fixed order),
 * each as
 * - `eig<k>_growth` (Re of the continuous eigenvalue log(lambda)/dt, 1/time unit),
 * - `eig<k>_omega` (Im of the continuous eigenvalue, rad/time unit),
 * - `eig<k>_residual` (ResDMD relative residual),
 * - `eig<k>_amplitude`,
 * k = 01, 02, ...; missing eigenvalues (rank below the count) are NaN; then `spectral_radius`, max |lambda| of the
 * discrete (one-step) eigenvalues, and `rank`.
 */
import type { FeatureVector } from '../core/definition';
import type { KoopmanResult } from '../../protocol/results/koopman';

export const KOOPMAN_FEATURE_EIGENVALUES = 8;

export function koopmanFeatures(r: KoopmanResult): FeatureVector {
  const order = r.eigenvalues
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        b.e.amplitude - a.e.amplitude ||
        b.e.continuous[0] - a.e.continuous[0] ||
        b.e.continuous[1] - a.e.continuous[1] ||
        a.i - b.i,
    );
  const names: string[] = [];
  const values: number[] = [];
  for (let k = 0; k < KOOPMAN_FEATURE_EIGENVALUES; k++) {
    const e = order[k]?.e;
    const tag = `eig${String(k + 1).padStart(2, '0')}`;
    names.push(`${tag}_growth`, `${tag}_omega`, `${tag}_residual`, `${tag}_amplitude`);
    values.push(e ? e.continuous[0] : NaN, e ? e.continuous[1] : NaN, e ? e.residual : NaN, e ? e.amplitude : NaN);
  }
  let radius = 0;
  for (const e of r.eigenvalues) radius = Math.max(radius, Math.hypot(e.discrete[0], e.discrete[1]));
  names.push('spectral_radius', 'rank');
  values.push(radius, r.rank);
  return { names, values: Float64Array.from(values) };
}
