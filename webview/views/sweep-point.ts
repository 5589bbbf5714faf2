/** Sweep point view: one grid point of a sweep (the `sweep-point` analysis run alone): its parameter values, the
 * measured columns, the attractor type and period, and the fixed points found. */
import type { SweepPointResult } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable } from './types';
import { notesList, section } from '../shell/sections';
import * as l10n from '@vscode/l10n';

function table(r: Json<SweepPointResult>): ResultTable {
  return {
    columns: ['quantity', 'value'],
    rows: [
      ...Object.entries(r.point).map(([k, v]): [string, number | null] => [k, v]),
      ...r.names.map((n, k): [string, number | null] => [n, r.values[k]]),
    ],
    name: 'sweep-point',
  };
}

export const sweepPointView: AnalysisView<SweepPointResult> = {
  id: 'sweep-point',
  render(root, envelope, host) {
    const r = envelope.result;
    const what = r.attractor
      ? `${r.attractor}${r.period !== null && Number.isFinite(r.period) ? `, period ${r.period}` : ''}`
      : `${r.values[0]} fixed point(s)`;
    const s = section(
      root,
      l10n.t('Sweep point ({0}): {1}', r.measure, what),
      l10n.t('One point of a parameter sweep: `dynlens sweep` runs this measure on every point of a grid.'),
    );
    const t = table(r);
    host.table(s, t.columns, t.rows, { digits: 6 });
    if (r.fixedPoints && r.fixedPoints.length > 0) {
      const f = section(root, l10n.t('Fixed points'));
      host.table(
        f,
        [l10n.t('state'), l10n.t('type'), l10n.t('stable')],
        r.fixedPoints.map((p) => [
          p.state.map((v) => (v === null ? 'NaN' : v.toPrecision(6))).join(', '),
          p.type,
          p.stable ? 'yes' : 'no',
        ]),
      );
    }
    notesList(root, r.notes);
  },
  table: (envelope) => table(envelope.result),
};
