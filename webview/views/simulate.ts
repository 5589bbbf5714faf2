/** Simulation view: phase portrait (3-D for three or more states, else 2-D) and the time series of every state. */
import type { Data } from 'plotly.js';
import type { SimulateResult } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable } from './types';
import { formatNumber } from '../format';
import { notesList, nums, section } from '../shell/sections';
import { WEBGL_POINTS } from './stability-common';
import * as l10n from '@vscode/l10n';

function table(r: Json<SimulateResult>): ResultTable {
  const t = nums(r.t);
  const cols = [...r.states, ...r.aux].map(nums);
  return {
    columns: [r.system === 'map' ? 'n' : 't', ...r.stateNames, ...r.auxNames],
    rows: t.map((v, k) => [v, ...cols.map((c) => c[k])]),
    name: 'trajectory',
  };
}

export const simulateView: AnalysisView<SimulateResult> = {
  id: 'simulate',
  render(root, envelope, host) {
    const r = envelope.result;
    const theme = host.theme();
    const t = nums(r.t);
    const xs = r.states.map(nums);
    const names = r.stateNames;
    const params = r.params.map((p) => `${p.name} = ${formatNumber(p.value)}`).join(', ');
    const head = section(
      root,
      r.diverged ? l10n.t('Trajectory (diverged)') : l10n.t('Trajectory'),
      l10n.t(
        '{0} to {1}; {2} samples; {3} steps. {4}',
        r.system === 'map' ? 'Map iterated' : `Integrated with ${r.method}, output every ${formatNumber(r.dt)}`,
        formatNumber(r.tEnd),
        t.length,
        String(r.steps.accepted),
        params,
      ),
    );
    if (r.diverged)
      head.append(
        Object.assign(document.createElement('p'), { className: 'dl-error', textContent: r.diverged.message }),
      );
    const mode = r.system === 'map' ? 'markers' : 'lines';
    if (xs.length >= 2) {
      const three = xs.length >= 3;
      const pp = section(
        root,
        l10n.t('Phase portrait'),
        three ? `${names[0]}, ${names[1]}, ${names[2]}` : `${names[0]}, ${names[1]}`,
      );
      const data: Data[] = three
        ? [
            {
              type: 'scatter3d',
              mode,
              x: xs[0],
              y: xs[1],
              z: xs[2],
              name: l10n.t('orbit'),
              line: { width: 2, color: theme.series[0] },
              marker: { size: 1.5, color: theme.series[0] },
            },
          ]
        : [
            {
              type: t.length > WEBGL_POINTS ? 'scattergl' : 'scatter',
              mode,
              x: xs[0],
              y: xs[1],
              name: l10n.t('orbit'),
              line: { width: 1.2, color: theme.series[0] },
              marker: { size: 2, color: theme.series[0] },
            },
          ];
      host.plot(pp, {
        data,
        layout: three
          ? {
              height: 480,
              scene: {
                xaxis: { title: { text: names[0] } },
                yaxis: { title: { text: names[1] } },
                zaxis: { title: { text: names[2] } },
              },
              margin: { l: 0, r: 0, t: 16, b: 0 },
            }
          : { height: 420, xaxis: { title: { text: names[0] } }, yaxis: { title: { text: names[1] } } },
        exportName: 'phase-portrait',
        table: { columns: names.slice(0, three ? 3 : 2), rows: xs.slice(0, three ? 3 : 2) },
        label: l10n.t('Phase portrait of {0}', names.slice(0, three ? 3 : 2).join(', ')),
      });
    }
    const ts = section(root, l10n.t('Time series'));
    host.plot(ts, {
      data: xs.map((y, i) => ({
        type: t.length > WEBGL_POINTS ? 'scattergl' : 'scatter',
        mode,
        x: t,
        y,
        name: names[i],
        marker: { size: 2 },
      })),
      layout: {
        height: 340,
        xaxis: { title: { text: r.system === 'map' ? l10n.t('iteration') : 't' } },
        yaxis: { title: { text: l10n.t('state') } },
      },
      exportName: 'time-series',
      table: { columns: ['t', ...names], rows: [t, ...xs] },
      label: l10n.t('Time series of {0}', names.join(', ')),
    });
    notesList(root, r.notes);
  },
  table: (envelope) => table(envelope.result),
};
