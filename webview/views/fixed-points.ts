/** Fixed points view: a table of points with type and eigenvalues, and the eigenvalues in the complex plane with the
 * stability boundary (imaginary axis for flows, unit circle for maps). */
import type { Data } from 'plotly.js';
import type { FixedPointsResult } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable } from './types';
import { formatNumber } from '../format';
import { notesList, section } from '../shell/sections';
import * as l10n from '@vscode/l10n';

function fmtEig([re, im]: (number | null)[]): string {
  const a = formatNumber(re ?? null);
  if (!im) return a;
  return `${a} ${im < 0 ? '−' : '+'} ${formatNumber(Math.abs(im))}i`;
}

function table(r: Json<FixedPointsResult>): ResultTable {
  return {
    columns: [...r.stateNames, 'type', 'stable', 'eigenvalues', 'residual', 'seeds'],
    rows: r.fixedPoints.map((p) => [
      ...p.state,
      p.type,
      p.stable ? 'yes' : 'no',
      p.eigenvalues.map(fmtEig).join(', '),
      p.residual,
      p.basinSeeds,
    ]),
    name: 'fixed-points',
  };
}

export const fixedPointsView: AnalysisView<FixedPointsResult> = {
  id: 'fixed-points',
  render(root, envelope, host) {
    const r = envelope.result;
    const map = r.system === 'map';
    const s = section(
      root,
      l10n.t('{0} fixed point{1}', r.fixedPoints.length, r.fixedPoints.length === 1 ? '' : 's'),
      l10n.t(
        'Damped Newton from {0} seeds ({1} converged); eigenvalues of the {2}: stable when {3}.',
        String(r.seeds),
        String(r.converged),
        r.eigenvalueConvention,
        map ? 'all |μ| < 1' : 'all Re λ < 0',
      ),
    );
    const t = table(r);
    host.table(s, t.columns, t.rows, { digits: 6 });
    if (r.fixedPoints.length > 0) {
      const theme = host.theme();
      const data: Data[] = r.fixedPoints.map((p, k) => ({
        type: 'scatter',
        mode: 'markers',
        name: `#${k + 1} ${p.type}`,
        x: p.eigenvalues.map((e) => e[0]),
        y: p.eigenvalues.map((e) => e[1]),
        marker: { size: 10, symbol: p.stable ? 'circle' : 'x', color: theme.series[k % theme.series.length] },
      }));
      const shapes = map
        ? [
            {
              type: 'circle' as const,
              xref: 'x' as const,
              yref: 'y' as const,
              x0: -1,
              y0: -1,
              x1: 1,
              y1: 1,
              line: { color: theme.muted, dash: 'dot' as const },
            },
          ]
        : [
            {
              type: 'line' as const,
              xref: 'x' as const,
              yref: 'paper' as const,
              x0: 0,
              x1: 0,
              y0: 0,
              y1: 1,
              line: { color: theme.muted, dash: 'dot' as const },
            },
          ];
      const c = section(
        root,
        l10n.t('Eigenvalues in the complex plane'),
        map ? l10n.t('Dotted: the unit circle.') : l10n.t('Dotted: the imaginary axis.'),
      );
      host.plot(c, {
        data,
        layout: {
          height: 380,
          shapes,
          xaxis: { title: { text: l10n.t('Re') }, zeroline: true },
          yaxis: { title: { text: l10n.t('Im') }, scaleanchor: 'x' },
        },
        exportName: 'fixed-point-eigenvalues',
        table: {
          columns: ['point', 're', 'im'],
          rows: [
            r.fixedPoints.flatMap((p, k) => p.eigenvalues.map(() => k + 1)),
            r.fixedPoints.flatMap((p) => p.eigenvalues.map((e) => e[0] ?? NaN)),
            r.fixedPoints.flatMap((p) => p.eigenvalues.map((e) => e[1] ?? NaN)),
          ],
        },
        label: l10n.t('Jacobian eigenvalues of each fixed point in the complex plane'),
      });
    }
    notesList(root, r.notes);
  },
  table: (envelope) => table(envelope.result),
};
