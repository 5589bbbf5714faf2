/**
 * Batch features of the stability analyses.
 * - lyapunov: `lyapunov_<k>` the spectrum, largest first (k from 1; one exponent for data, the model dimension for
 *   models), in the result's unit; models add `lyapunov_sum` and `kaplan_yorke_dimension`.
 * - ews: `<indicator>_tau` and `<indicator>_p` (Kendall tau of the rolling indicator and its surrogate p-value) for
 *   variance, ac1 and skewness.
 */
import type { FeatureVector } from '../core/definition';
import type { EwsResult, LyapunovResult } from '../../protocol/results/stability';

export function lyapunovFeatures(r: LyapunovResult): FeatureVector {
  const names = r.exponents.map((_, k) => `lyapunov_${k + 1}`);
  const values = [...r.exponents];
  if (r.source === 'model') {
    names.push('lyapunov_sum', 'kaplan_yorke_dimension');
    values.push(r.sum, r.kaplanYorkeDimension);
  }
  return { names, values: Float64Array.from(values) };
}

export function ewsFeatures(r: EwsResult): FeatureVector {
  const names: string[] = [];
  const values: number[] = [];
  for (const key of ['variance', 'ac1', 'skewness'] as const) {
    names.push(`${key}_tau`, `${key}_p`);
    values.push(r.indicators[key].kendallTau, r.indicators[key].pValue);
  }
  return { names, values: Float64Array.from(values) };
}
