/**
 * Koopman view: eigenvalues in the discrete plane (with the unit circle and the ResDMD pseudospectrum as contours)
 * and in the continuous plane, colored by residual; a slider on eps fades (or hides) eigenvalues whose residual is
 * above it (spurious); singular values with the chosen rank; reconstruction and forecast against the data; HAVOK
 * forcing; and, on click, the eigenvalue's mode, eigenfunction along the trajectory, residual and period.
 * Units always shown: dt and where it came from.
 */
import type { Data } from 'plotly.js';
import type { KoopmanResult } from '../../src/protocol';
import type { AnalysisView, Json, PlotHandle, PlotSpec, ResultTable, ViewHost } from './types';
import { formatNumber } from '../format';
import { h } from '../shell/dom';
import { nums, section } from '../shell/sections';
import * as l10n from '@vscode/l10n';

type K = Json<KoopmanResult>;

/** log10 of a residual for coloring; missing residuals (NaN) sit at the top of the scale. */
function logResidual(r: number | null): number {
  return r === null || !(r > 0) ? 0 : Math.max(-16, Math.log10(r));
}

const SLIDER_MIN = -10;
const SLIDER_MAX = 1;

function eigenTable(r: K): ResultTable {
  return {
    columns: [
      '#',
      'discrete re',
      'discrete im',
      'continuous re (1/time)',
      'continuous im (rad/time)',
      'frequency (cycles/time)',
      'period (time)',
      'residual',
      'amplitude',
      'spurious',
    ],
    rows: r.eigenvalues.map((e, i) => [
      i,
      e.discrete[0],
      e.discrete[1],
      e.continuous[0],
      e.continuous[1],
      e.frequency,
      e.period,
      e.residual,
      e.amplitude,
      r.spurious[i] ? 'yes' : 'no',
    ]),
    name: 'koopman-eigenvalues',
  };
}

function render(
  root: HTMLElement,
  env: Json<import('../../src/protocol').ResultEnvelope<KoopmanResult>>,
  host: ViewHost,
): void {
  const r = env.result;
  const theme = host.theme();
  const unit =
    r.dtSource === 'assumed' ? 'sample' : r.dtSource === 'time-column' ? `unit of ${r.timeUnit}` : 'time unit';
  const n = r.eigenvalues.length;
  const res = r.eigenvalues.map((e) => e.residual);
  const maxLog = Math.max(0, ...res.map(logResidual));
  const minLog = Math.min(-12, ...res.map(logResidual));

  renderHeader(root, r, host);

  // ---- eps slider ---------------------------------------------------------------------------------------------
  const initialLog = host.getUiState<number>(
    'epsLog',
    r.maxResidual !== null && r.maxResidual !== undefined && r.maxResidual > 0 ? Math.log10(r.maxResidual) : SLIDER_MAX,
  );
  const controls = section(
    root,
    l10n.t('Residual filter'),
    l10n.t(
      'Eigenvalues whose ResDMD residual exceeds eps are likely spurious (Colbrook & Townsend 2024). They are faded, or hidden.',
    ),
  );
  const slider = h<'input'>('input', {
    type: 'range',
    min: String(SLIDER_MIN),
    max: String(SLIDER_MAX),
    step: '0.1',
    value: String(initialLog),
    'aria-label': l10n.t('log10 of the residual threshold eps'),
  });
  const epsLabel = h('span', { style: 'font-family:var(--vscode-editor-font-family)' });
  const hide = h<'input'>('input', { type: 'checkbox', 'aria-label': l10n.t('hide eigenvalues above eps') });
  hide.checked = host.getUiState<boolean>('hideSpurious', false);
  const count = h('span', { class: 'dl-muted' });
  controls.append(
    h('label', {}, l10n.t('eps = '), epsLabel, ' '),
    slider,
    h('label', {}, ' ', hide, l10n.t(' hide')),
    ' ',
    count,
  );

  // ---- planes ---------------------------------------------------------------------------------------------------
  const planes = section(
    root,
    l10n.t('Eigenvalues'),
    l10n.t(
      'Left: discrete (per step of dt) with the unit circle{0}. Right: continuous, log(lambda)/dt, growth rate (1/{1}) against angular frequency (rad/{2}). Color: log10 residual. Click a point for details.',
      r.pseudospectrum ? ' and pseudospectrum contours log10 tau(z)' : '',
      unit,
      unit,
    ),
  );
  const grid = h('div', { style: 'display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px' });
  const left = h('div');
  const right = h('div');
  grid.append(left, right);
  planes.append(grid);
  const detail = h('div', { 'aria-live': 'polite' });
  planes.append(detail);

  const style: PlaneStyle = { theme, unit, minLog, maxLog };
  const spec = (eps: number): { disc: PlotSpec; cont: PlotSpec } => planeSpecs(r, eps, hide.checked, style);
  const showDetail = (i: number): void => renderDetail(detail, r, i, unit, host);

  let handles: { disc: PlotHandle; cont: PlotHandle } | undefined;
  const update = (): void => {
    const lg = Number(slider.value);
    const eps = 10 ** lg;
    epsLabel.textContent = formatNumber(eps, 3);
    const above = res.filter((x) => x !== null && x > eps).length;
    count.textContent = l10n.t('{0} of {1} above eps', above, n);
    host.setUiState('epsLog', lg);
    host.setUiState('hideSpurious', hide.checked);
    const s = spec(eps);
    if (!handles) {
      handles = { disc: host.plot(left, s.disc), cont: host.plot(right, s.cont) };
      const onClick =
        (plot: 'disc' | 'cont') =>
        (curve: number, point: number): void => {
          const data = spec(10 ** Number(slider.value))[plot].data[curve] as { customdata?: number[] };
          const i = data.customdata?.[point];
          if (typeof i === 'number') showDetail(i);
        };
      handles.disc.onClick(onClick('disc'));
      handles.cont.onClick(onClick('cont'));
    } else {
      handles.disc.update(s.disc);
      handles.cont.update(s.cont);
    }
  };
  slider.addEventListener('input', update);
  hide.addEventListener('change', update);
  update();

  renderSingularValues(root, r, host, theme);
  renderReconstruction(root, r, host, theme, unit);
  const tb = section(root, l10n.t('All eigenvalues'), l10n.t('Sorted by modulus. Every number can be copied.'));
  const et = eigenTable(r);
  host.table(tb, et.columns, et.rows, { digits: 6 });
}

/** Title, units and the summary numbers of the run, with its notes. */
function renderHeader(root: HTMLElement, r: K, host: ViewHost): void {
  const n = r.eigenvalues.length;
  const head = section(
    root,
    l10n.t('Koopman spectrum: {0}, {1} eigenvalues', r.method.toUpperCase(), n),
    r.unitsNote ?? '',
  );
  host.table(
    head,
    [l10n.t('quantity'), l10n.t('value')],
    [
      ['dt', `${formatNumber(r.dt)} ${r.timeUnit} (${r.dtSource})`],
      ['dictionary', r.dictionary],
      ['rank', `${r.rank} (${r.rankRule})`],
      ['snapshot pairs / trajectories', `${r.pairs} / ${r.trajectories}`],
      ['condition number of PsiX', r.conditionNumber],
      [`reconstruction error (${r.reconstructionKind}, relative)`, r.reconstructionError],
      ['one-step error (relative)', r.oneStepError],
    ],
    { digits: 5 },
  );
  if (r.regularization) head.append(h('p', { class: 'dl-note' }, l10n.t('Regularized: {0}', r.regularization)));
  if (r.notes.length) head.append(h('ul', { class: 'dl-muted' }, ...r.notes.map((t) => h('li', {}, t))));
}

/** What the eigenvalue planes are drawn with. */
interface PlaneStyle {
  theme: ReturnType<ViewHost['theme']>;
  unit: string;
  minLog: number;
  maxLog: number;
}

/** Unit circle, sampled once (radians). */
const circle = Array.from({ length: 361 }, (_, i) => (i * Math.PI) / 180);

/** The discrete and continuous eigenvalue planes at threshold eps (above it: faded, or hidden). */
function planeSpecs(r: K, eps: number, hideAbove: boolean, style: PlaneStyle): { disc: PlotSpec; cont: PlotSpec } {
  const { theme, unit, minLog, maxLog } = style;
  const res = r.eigenvalues.map((e) => e.residual);
  const keep = r.eigenvalues.map((e) => !(e.residual !== null && e.residual > eps));
  const visible = (i: number): boolean => keep[i] || !hideAbove;
  const idx = r.eigenvalues.map((_, i) => i).filter(visible);
  const marker = {
    color: idx.map((i) => logResidual(res[i])),
    cmin: minLog,
    cmax: maxLog,
    colorscale: 'Viridis',
    reversescale: true,
    size: 9,
    opacity: idx.map((i) => (keep[i] ? 1 : 0.18)) as unknown as number,
    colorbar: { title: { text: l10n.t('log10 res') }, thickness: 12 },
    line: { width: 0 },
  };
  const text = idx.map((i) => `#${i} residual ${formatNumber(res[i])}`);
  const disc: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      x: circle.map(Math.cos),
      y: circle.map(Math.sin),
      name: l10n.t('unit circle'),
      hoverinfo: 'skip',
      line: { color: theme.muted, width: 1 },
    },
  ];
  if (r.pseudospectrum) {
    const px = nums(r.pseudospectrum.x);
    const py = nums(r.pseudospectrum.y);
    const tau = nums(r.pseudospectrum.tau);
    const z: number[][] = py.map((_, iy) => px.map((__, ix) => Math.log10(Math.max(tau[iy * px.length + ix], 1e-16))));
    disc.unshift({
      type: 'contour',
      x: px,
      y: py,
      z,
      name: l10n.t('log10 tau'),
      showscale: false,
      contours: { coloring: 'lines', start: -4, end: 0, size: 0.5, showlabels: true },
      line: { width: 1 },
      colorscale: 'Greys',
      hoverinfo: 'skip',
    } as unknown as Data);
  }
  disc.push({
    type: 'scatter',
    mode: 'markers',
    x: idx.map((i) => r.eigenvalues[i].discrete[0]),
    y: idx.map((i) => r.eigenvalues[i].discrete[1]),
    text,
    customdata: idx,
    name: l10n.t('eigenvalues'),
    marker,
  } as unknown as Data);
  const cont: Data[] = [
    {
      type: 'scatter',
      mode: 'markers',
      x: idx.map((i) => r.eigenvalues[i].continuous[0]),
      y: idx.map((i) => r.eigenvalues[i].continuous[1]),
      text,
      customdata: idx,
      name: l10n.t('eigenvalues'),
      marker: { ...marker, showscale: false },
    } as unknown as Data,
  ];
  const cols = ['index', 're', 'im', 'residual'];
  return {
    disc: {
      data: disc,
      layout: {
        height: 420,
        xaxis: { title: { text: l10n.t('Re lambda') }, scaleanchor: 'y' },
        yaxis: { title: { text: l10n.t('Im lambda') } },
        showlegend: false,
      },
      exportName: 'koopman-discrete',
      table: {
        columns: cols,
        rows: [
          idx,
          idx.map((i) => r.eigenvalues[i].discrete[0] ?? NaN),
          idx.map((i) => r.eigenvalues[i].discrete[1] ?? NaN),
          idx.map((i) => res[i] ?? NaN),
        ],
      },
      label: l10n.t('Discrete-time Koopman eigenvalues and the unit circle, {0} shown', idx.length),
    },
    cont: {
      data: cont,
      layout: {
        height: 420,
        xaxis: { title: { text: l10n.t('growth rate (1/{0})', unit) } },
        yaxis: { title: { text: l10n.t('angular frequency (rad/{0})', unit) } },
        showlegend: false,
      },
      exportName: 'koopman-continuous',
      table: {
        columns: cols,
        rows: [
          idx,
          idx.map((i) => r.eigenvalues[i].continuous[0] ?? NaN),
          idx.map((i) => r.eigenvalues[i].continuous[1] ?? NaN),
          idx.map((i) => res[i] ?? NaN),
        ],
      },
      label: l10n.t('Continuous-time Koopman eigenvalues log(lambda)/dt, {0} shown', idx.length),
    },
  };
}

/** The clicked eigenvalue: its numbers, its mode on the state columns and its eigenfunction. */
function renderDetail(detail: HTMLElement, r: K, i: number, unit: string, host: ViewHost): void {
  const e = r.eigenvalues[i];
  detail.replaceChildren();
  detail.append(h('h3', {}, l10n.t('Eigenvalue #{0}', i)));
  host.table(
    detail,
    [l10n.t('quantity'), l10n.t('value')],
    [
      [
        'discrete',
        `${formatNumber(e.discrete[0])} ${Number(e.discrete[1]) < 0 ? '-' : '+'} ${formatNumber(Math.abs(e.discrete[1] ?? 0))}i`,
      ],
      [
        `continuous (1/${unit})`,
        `${formatNumber(e.continuous[0])} ${Number(e.continuous[1]) < 0 ? '-' : '+'} ${formatNumber(Math.abs(e.continuous[1] ?? 0))}i`,
      ],
      [`frequency (cycles/${unit})`, e.frequency],
      [`period (${unit})`, e.period === null ? 'none (real eigenvalue)' : e.period],
      [`growth rate (1/${unit})`, e.growthRate],
      ['residual', e.residual === null ? 'unavailable' : e.residual],
      ['amplitude', e.amplitude],
      ['spurious (residual > eps)', r.spurious[i] ? 'yes' : 'no'],
    ],
    { digits: 7 },
  );
  const mode = r.modes.find((m) => m.index === i);
  if (!mode) {
    detail.append(
      h(
        'p',
        { class: 'dl-muted' },
        l10n.t(
          'No mode stored for this eigenvalue (the result keeps the {0} largest-amplitude modes; raise --modes).',
          r.modes.length,
        ),
      ),
    );
    return;
  }
  host.plot(detail, {
    data: [
      { type: 'bar', x: r.stateNames, y: nums(mode.re), name: l10n.t('Re') },
      { type: 'bar', x: r.stateNames, y: nums(mode.im), name: l10n.t('Im') },
    ],
    layout: { height: 260, barmode: 'group', yaxis: { title: { text: l10n.t('mode') } } },
    exportName: `koopman-mode-${i}`,
    table: { columns: ['re', 'im'], rows: [nums(mode.re), nums(mode.im)] },
    label: l10n.t('Koopman mode of eigenvalue {0} on the state columns', i),
  });
  const fr = nums(mode.eigenfunctionRe);
  // eigenfunctions are sampled at every step of the first trajectory (the reconstruction curve may be decimated)
  const t0 = r.reconstruction.t[0] ?? 0;
  const tt = r.reconstructionKind === 'multi-step' ? fr.map((_, k) => t0 + k * (r.dt ?? 1)) : fr.map((_, k) => k);
  host.plot(detail, {
    data: [
      { type: 'scatter', mode: 'lines', x: tt, y: fr, name: l10n.t('Re phi') },
      { type: 'scatter', mode: 'lines', x: tt, y: nums(mode.eigenfunctionIm), name: l10n.t('Im phi') },
    ],
    layout: {
      height: 260,
      xaxis: {
        title: { text: r.reconstructionKind === 'multi-step' ? l10n.t('time ({0})', unit) : l10n.t('pair index') },
      },
      yaxis: { title: { text: l10n.t('eigenfunction') } },
    },
    exportName: `koopman-eigenfunction-${i}`,
    table: { columns: ['t', 're', 'im'], rows: [tt, fr, nums(mode.eigenfunctionIm)] },
    label: l10n.t('Eigenfunction of eigenvalue {0} along the first trajectory', i),
  });
}

/** Singular values of the dictionary matrix, the retained rank marked. */
function renderSingularValues(root: HTMLElement, r: K, host: ViewHost, theme: PlaneStyle['theme']): void {
  const sv = nums(r.singularValues);
  const rank = r.rank ?? sv.length;
  const svs = section(
    root,
    l10n.t('Singular values of the dictionary matrix'),
    l10n.t('Rank {0}: {1}.', String(r.rank), r.rankRule),
  );
  host.plot(svs, {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: sv.map((_, i) => i + 1).slice(0, rank),
        y: sv.slice(0, rank),
        name: l10n.t('kept'),
        marker: { color: theme.accent },
      },
      {
        type: 'scatter',
        mode: 'markers',
        x: sv.map((_, i) => i + 1).slice(rank),
        y: sv.slice(rank),
        name: l10n.t('truncated'),
        marker: { color: theme.muted },
      },
    ],
    layout: {
      height: 300,
      yaxis: { type: 'log', title: { text: l10n.t('sigma') } },
      xaxis: { title: { text: l10n.t('index') } },
      shapes: [
        {
          type: 'line',
          x0: rank + 0.5,
          x1: rank + 0.5,
          yref: 'paper',
          y0: 0,
          y1: 1,
          line: { dash: 'dot', color: theme.foreground },
        },
      ],
    },
    exportName: 'koopman-singular-values',
    table: { columns: ['index', 'sigma'], rows: [sv.map((_, i) => i + 1), sv] },
    label: l10n.t('Singular values with the chosen rank {0} marked', String(r.rank)),
  });
}

/** Reconstruction and forecast against the data, and the HAVOK forcing when there is one. */
function renderReconstruction(root: HTMLElement, r: K, host: ViewHost, theme: PlaneStyle['theme'], unit: string): void {
  const t = nums(r.reconstruction.t);
  const rec = section(
    root,
    r.reconstructionKind === 'multi-step'
      ? l10n.t('Reconstruction from x_0 and forecast')
      : l10n.t('One-step prediction on snapshot pairs'),
    l10n.t(
      'Relative error {0}. Shown for the first {1} state columns.',
      formatNumber(r.reconstructionError),
      Math.min(3, r.stateNames.length),
    ),
  );
  const traces: Data[] = [];
  const showCols = Math.min(3, r.stateNames.length);
  for (let c = 0; c < showCols; c++) {
    traces.push({
      type: 'scatter',
      mode: 'lines',
      x: t,
      y: nums(r.reconstruction.data[c]),
      name: l10n.t('{0} data', r.stateNames[c]),
      line: { color: theme.series[c % theme.series.length] },
    });
    traces.push({
      type: 'scatter',
      mode: 'lines',
      x: t,
      y: nums(r.reconstruction.model[c]),
      name: l10n.t('{0} model', r.stateNames[c]),
      line: { color: theme.series[c % theme.series.length], dash: 'dash' },
    });
    if (r.forecast)
      traces.push({
        type: 'scatter',
        mode: 'lines',
        x: nums(r.forecast.t),
        y: nums(r.forecast.values[c]),
        name: l10n.t('{0} forecast', r.stateNames[c]),
        line: { color: theme.series[c % theme.series.length], dash: 'dot' },
      });
  }
  host.plot(rec, {
    data: traces,
    layout: {
      height: 340,
      xaxis: {
        title: { text: r.reconstructionKind === 'multi-step' ? l10n.t('time ({0})', unit) : l10n.t('pair index') },
      },
    },
    exportName: 'koopman-reconstruction',
    table: {
      columns: ['t', ...r.stateNames.slice(0, showCols).flatMap((s) => [`${s}_data`, `${s}_model`])],
      rows: [
        t,
        ...r.reconstruction.data.slice(0, showCols).flatMap((d, c) => [nums(d), nums(r.reconstruction.model[c])]),
      ],
    },
    label: l10n.t('Data against the Koopman reconstruction'),
  });
  host.plot(rec, {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        x: t,
        y: nums(r.reconstruction.error),
        name: l10n.t('error'),
        line: { color: theme.negative },
      },
    ],
    layout: {
      height: 220,
      yaxis: { type: 'log', title: { text: l10n.t('|x - x_model| / rms') } },
      xaxis: {
        title: { text: r.reconstructionKind === 'multi-step' ? l10n.t('time ({0})', unit) : l10n.t('pair index') },
      },
    },
    exportName: 'koopman-reconstruction-error',
    table: { columns: ['t', 'error'], rows: [t, nums(r.reconstruction.error)] },
    label: l10n.t('Reconstruction error curve'),
  });

  if (r.havokForcing) {
    const hf = section(
      root,
      l10n.t('HAVOK forcing v_r(t)'),
      l10n.t(
        'The last retained delay coordinate (Brunton et al. 2017): bursts precede switching or intermittent events.',
      ),
    );
    const ht = nums(r.havokForcing.t);
    host.plot(hf, {
      data: [{ type: 'scatter', mode: 'lines', x: ht, y: nums(r.havokForcing.values), name: 'v_r' }],
      layout: { height: 240, xaxis: { title: { text: l10n.t('time ({0})', unit) } } },
      exportName: 'koopman-havok-forcing',
      table: { columns: ['t', 'v_r'], rows: [ht, nums(r.havokForcing.values)] },
      label: l10n.t('HAVOK forcing signal'),
    });
  }
}

export const koopmanView: AnalysisView<KoopmanResult> = {
  id: 'koopman',
  render,
  table: (env) => eigenTable(env.result),
};
