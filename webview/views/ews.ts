/** Early-warning view: the series with its trend, then each indicator with its Kendall tau and surrogate p-value. */
import type { EwsResult } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable } from './types';
import { formatNumber } from '../format';
import { notesList, nums, section } from '../shell/sections';
import * as l10n from '@vscode/l10n';

const NAMES = { variance: 'variance', ac1: 'lag-1 autocorrelation', skewness: 'skewness' } as const;

/** The indicator's name as shown (localized when the view draws, after the bundle is loaded). */
function shown(k: keyof typeof NAMES): string {
  if (k === 'variance') return l10n.t('variance');
  if (k === 'ac1') return l10n.t('lag-1 autocorrelation');
  return l10n.t('skewness');
}

function table(r: Json<EwsResult>): ResultTable {
  return {
    columns: ['indicator', 'kendall_tau', 'p_value', 'significant'],
    rows: (Object.keys(NAMES) as (keyof typeof NAMES)[]).map((k) => [
      k,
      r.indicators[k].kendallTau,
      r.indicators[k].pValue,
      r.indicators[k].significant ? 'yes' : 'no',
    ]),
    name: 'ews',
  };
}

export const ewsView: AnalysisView<EwsResult> = {
  id: 'ews',
  render(root, envelope, host) {
    const r = envelope.result;
    const theme = host.theme();
    const t = nums(r.time);
    const s = section(
      root,
      l10n.t('Early warnings: {0}', r.verdict),
      l10n.t(
        'Column "{0}", detrending {1} (bandwidth {2}), rolling window {3} points, {4} {5} surrogates (seed {6}), significance level {7}.',
        r.column,
        r.detrend,
        formatNumber(r.bandwidth),
        String(r.window),
        String(r.surrogates.count),
        r.surrogates.kind === 'ar1' ? 'AR(1)' : 'phase-randomised',
        String(r.surrogates.seed),
        formatNumber(r.significanceLevel),
      ),
    );
    const tb = table(r);
    host.table(s, tb.columns, tb.rows, { digits: 4 });
    host.plot(s, {
      data: [
        {
          type: 'scatter',
          mode: 'lines',
          x: t,
          y: nums(r.series),
          name: r.column,
          line: { color: theme.series[0], width: 1 },
        },
        {
          type: 'scatter',
          mode: 'lines',
          x: t,
          y: nums(r.trend),
          name: l10n.t('trend'),
          line: { color: theme.accent, width: 2 },
        },
      ],
      layout: { height: 300, xaxis: { title: { text: l10n.t('time') } }, yaxis: { title: { text: r.column } } },
      exportName: 'ews-series',
      table: {
        columns: ['time', r.column, 'trend', 'residual'],
        rows: [t, nums(r.series), nums(r.trend), nums(r.residuals)],
      },
      label: l10n.t('Series {0} with its {1} trend', r.column, r.detrend),
    });
    for (const k of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
      const ind = r.indicators[k];
      const sec = section(
        root,
        shown(k),
        l10n.t(
          'Kendall τ = {0}, p = {1}{2}.',
          formatNumber(ind.kendallTau),
          formatNumber(ind.pValue),
          ind.significant ? ' (significant)' : '',
        ),
      );
      host.plot(sec, {
        data: [
          {
            type: 'scatter',
            mode: 'lines',
            x: t,
            y: nums(ind.values),
            name: shown(k),
            line: { color: ind.significant ? theme.positive : theme.series[1] },
          },
        ],
        layout: {
          height: 220,
          xaxis: { title: { text: l10n.t('time (window end)') } },
          yaxis: { title: { text: shown(k) } },
          showlegend: false,
        },
        exportName: `ews-${k}`,
        table: { columns: ['time', k], rows: [t, nums(ind.values)] },
        label: l10n.t('Rolling {0} against time', shown(k)),
      });
    }
    notesList(root, r.notes);
  },
  table: (envelope) => table(envelope.result),
};
