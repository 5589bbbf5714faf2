/**
 * The verdict of a Lyapunov result's own measures: a model spectrum whose largest exponent has not converged (its
 * standard error over the 10 averaging blocks is large against it), or a Rosenstein divergence curve that is not a
 * line over the fitted region (Rosenstein, Collins & De Luca 1993: the slope is the exponent only where it is linear).
 */
import type { QualityWarning } from '../../protocol';
import type { LyapunovResult } from '../../protocol/results/stability';

const POOR_RELATIVE_SE = 0.1;
const POOR_FIT_R2 = 0.9;

export function assessLyapunov(r: LyapunovResult): QualityWarning[] {
  if (r.source === 'model') {
    const l1 = r.exponents[0];
    const se = r.standardError[0];
    if (r.diverged || l1 === undefined || se === undefined) return [];
    if (se > POOR_RELATIVE_SE * Math.abs(l1) && se > 1e-3)
      return [
        {
          message: `largest exponent ${l1.toPrecision(3)} \u00b1 ${se.toPrecision(2)} (standard error over 10 blocks): not converged`,
          flag: `--duration ${2 * r.duration}`,
        },
      ];
    return [];
  }
  const fit = r.divergence.fit;
  if (fit.r2 < POOR_FIT_R2)
    return [
      {
        message: `the divergence curve is not linear over the fitted steps ${fit.fromStep}-${fit.toStep} (R^2 ${fit.r2.toPrecision(3)}): the slope is no exponent`,
        flag: `--horizon ${2 * r.divergence.steps.length}`,
      },
    ];
  return [];
}
