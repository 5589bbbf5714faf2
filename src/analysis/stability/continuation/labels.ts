/** AUTO-style labels of special points (LP1, HB1, BP1, ...), numbered per kind in the order they are found. */
import type { SpecialPointType } from '../../../protocol/results/bifurcation';

export const LABEL_PREFIX: Record<SpecialPointType, string> = {
  fold: 'LP',
  hopf: 'HB',
  'branch-point': 'BP',
  'period-doubling': 'PD',
  'fold-of-cycles': 'LPC',
  torus: 'TR',
  'bogdanov-takens': 'BT',
  cusp: 'CP',
  'generalized-hopf': 'GH',
  flip: 'PD',
  'neimark-sacker': 'NS',
  'resonance-1:1': 'R1',
  'resonance-1:2': 'R2',
  'resonance-1:3': 'R3',
  'resonance-1:4': 'R4',
  'fold-flip': 'LPD',
};

export function nextLabel(type: SpecialPointType, counters: Map<string, number>): string {
  const prefix = LABEL_PREFIX[type];
  const k = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, k);
  return `${prefix}${k}`;
}
