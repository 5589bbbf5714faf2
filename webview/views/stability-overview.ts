/**
 * Model overview (the panel an .ode code lens opens): phase portrait with the fixed points drawn on it (filled =
 * stable, open = unstable), time series, then the Lyapunov spectrum with its convergence and the fixed-point table
 * (rendered by the lyapunov and fixed-points views).
 */
import type { Data } from 'plotly.js';
import type { ModelOverviewResult, ResultEnvelope } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable, ViewHost } from './types';
import { formatNumber } from '../format';
import { fixedPointsView } from './fixed-points';
import { lyapunovView } from './lyapunov';
import { nums, section } from '../shell/sections';
import { WEBGL_POINTS } from './stability-common';
import * as l10n from '@vscode/l10n';

function table(r: Json<ModelOverviewResult>): ResultTable {
  return {
    columns: ['quantity', 'value'],
    rows: [
      ['verdict', r.lyapunov.verdict],
      ...r.lyapunov.exponents.map((e, j) => [`lambda${j + 1} (${r.lyapunov.unit})`, e] as [string, number | null]),
      ['fixed points', r.fixedPoints.fixedPoints.length],
    ],
    name: 'model-overview',
  };
}

/** Fixed points of one stability as markers in the phase portrait (filled when stable, open when unstable). */
function fixedPointTrace(
  fps: Json<ModelOverviewResult>['fixedPoints']['fixedPoints'],
  stable: boolean,
  three: boolean,
  theme: ReturnType<ViewHost['theme']>,
): Data {
  const sel = fps.filter((p) => p.stable === stable);
  const coord = (k: number) => sel.map((p) => p.state[k] ?? NaN);
  const marker = {
    size: three ? 5 : 11,
    symbol: stable ? 'circle' : 'circle-open',
    color: stable ? theme.positive : theme.negative,
    line: { width: 2, color: stable ? theme.positive : theme.negative },
  };
  const text = sel.map((p) => p.type);
  return three
    ? {
        type: 'scatter3d',
        mode: 'markers',
        x: coord(0),
        y: coord(1),
        z: coord(2),
        text,
        name: stable ? l10n.t('stable fixed points') : l10n.t('unstable fixed points'),
        marker,
      }
    : {
        type: 'scatter',
        mode: 'markers',
        x: coord(0),
        y: coord(1),
        text,
        name: stable ? l10n.t('stable fixed points') : l10n.t('unstable fixed points'),
        marker,
      };
}

export const modelOverviewView: AnalysisView<ModelOverviewResult> = {
  id: 'model-overview',
  render(root, envelope, host) {
    const r = envelope.result;
    const sim = r.simulate;
    const theme = host.theme();
    const t = nums(sim.t);
    const xs = sim.states.map(nums);
    const names = sim.stateNames;
    const ly = r.lyapunov;
    const head = section(
      root,
      l10n.t('{0}-dimensional {1}: {2}', names.length, sim.system, ly.verdict),
      l10n.t(
        'Lyapunov {0} ({1}); {2} fixed point(s); {3}',
        ly.exponents.map((e) => formatNumber(e)).join(', '),
        ly.unit,
        r.fixedPoints.fixedPoints.length,
        sim.params.map((p) => `${p.name} = ${formatNumber(p.value)}`).join(', '),
      ),
    );
    if (sim.diverged)
      head.append(
        Object.assign(document.createElement('p'), { className: 'dl-error', textContent: sim.diverged.message }),
      );
    const mode = sim.system === 'map' ? 'markers' : 'lines';
    if (xs.length >= 2) {
      const three = xs.length >= 3;
      const fps = r.fixedPoints.fixedPoints;
      const fpTrace = (stable: boolean): Data => fixedPointTrace(fps, stable, three, theme);
      const orbit = (
        three
          ? {
              type: 'scatter3d',
              mode,
              x: xs[0],
              y: xs[1],
              z: xs[2],
              name: l10n.t('orbit'),
              line: { width: 2, color: theme.series[0] },
              marker: { size: 1.5, color: theme.series[0] },
            }
          : {
              type: t.length > WEBGL_POINTS ? 'scattergl' : 'scatter',
              mode,
              x: xs[0],
              y: xs[1],
              name: l10n.t('orbit'),
              line: { width: 1.2, color: theme.series[0] },
              marker: { size: 2, color: theme.series[0] },
            }
      ) as Data;
      const pp = section(
        root,
        l10n.t('Phase portrait'),
        l10n.t('Orbit from the initial condition; fixed points filled when stable, open when unstable.'),
      );
      host.plot(pp, {
        data: [orbit, fpTrace(true), fpTrace(false)],
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
        exportName: 'model-phase-portrait',
        table: { columns: names.slice(0, three ? 3 : 2), rows: xs.slice(0, three ? 3 : 2) },
        label: l10n.t('Phase portrait of {0} with fixed points', names.slice(0, three ? 3 : 2).join(', ')),
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
        height: 300,
        xaxis: { title: { text: sim.system === 'map' ? l10n.t('iteration') : 't' } },
        yaxis: { title: { text: l10n.t('state') } },
      },
      exportName: 'model-time-series',
      table: { columns: ['t', ...names], rows: [t, ...xs] },
      label: l10n.t('Time series of {0}', names.join(', ')),
    });
    const sub = <T>(result: Json<T>): Json<ResultEnvelope<T>> => ({ ...envelope, result });
    lyapunovView.render(root, sub(ly), host);
    fixedPointsView.render(root, sub(r.fixedPoints), host);
  },
  table: (envelope) => table(envelope.result),
};
