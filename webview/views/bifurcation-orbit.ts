/**
 * The orbit of a clicked point of a bifurcation diagram: the stored orbit of that point, or of the nearest point of
 * the same branch that has one (the result keeps orbits at the labelled points and a few evenly spaced ones). It shows
 * the eigenvalues (multipliers), a phase portrait in two chosen variables and the time profile. Equilibria: short
 * runs from both sides of the point; periodic orbits: the collocation profile over one period.
 */
import * as l10n from '@vscode/l10n';
import type { Data } from 'plotly.js';
import type { BifurcationResult, PointOrbit } from '../../src/protocol';
import type { Json, ViewHost } from './types';
import { formatNumber } from '../format';
import { h } from '../shell/dom';
import { nums } from '../shell/sections';

type R = Json<BifurcationResult>;
type O = Json<PointOrbit>;

/** The stored orbit closest (in point index) to point `index` of `branch`, if the branch has any. */
export function nearestOrbit(r: R, branch: number, index: number): O | undefined {
  let best: O | undefined;
  for (const o of r.orbits) {
    if (o.branch !== branch || o.index === null) continue;
    if (!best || Math.abs(o.index - index) < Math.abs((best.index ?? NaN) - index)) best = o;
  }
  return best;
}

function eigenTable(box: HTMLElement, o: O, host: ViewHost): void {
  const list = o.eigenvalues ?? o.multipliers;
  if (!list || list.length === 0) return;
  const name = o.eigenvalues ? l10n.t('eigenvalue') : l10n.t('multiplier');
  host.table(
    box,
    [name, l10n.t('re'), l10n.t('im'), o.eigenvalues ? l10n.t('re < 0') : '|μ|'],
    list.map((e, k) => {
      const re = e[0] ?? NaN;
      const im = e[1] ?? NaN;
      return [k + 1, re, im, o.eigenvalues ? String(re < 0) : Math.hypot(re, im)];
    }),
    { digits: 8, caption: o.eigenvalues ? l10n.t('Eigenvalues of the Jacobian') : l10n.t('Multipliers') },
  );
}

function axisPicker(names: readonly string[], value: number, label: string): HTMLSelectElement {
  const s = h('select', { 'aria-label': label });
  names.forEach((n, i) => s.append(h('option', { value: i }, n)));
  s.value = String(value);
  return s;
}

/** Draws the orbit of (branch, index) into `box`, replacing what was there. */
export function showOrbit(box: HTMLElement, r: R, host: ViewHost, branch: number, index: number): void {
  box.replaceChildren();
  const b = r.branches[branch];
  const o = nearestOrbit(r, branch, index);
  if (!b || !o) {
    box.append(h('p', { class: 'dl-note' }, l10n.t('No orbit is stored for this branch.')));
    return;
  }
  const at = o.index ?? 0;
  const pt = b.points[at];
  const isMap = r.system === 'map';
  const parts = [
    l10n.t('Branch {0} ({1}), point {2}', b.id ?? '', b.kind, at),
    `${r.parameter} = ${formatNumber(pt?.parameters[r.parameter] ?? NaN, 8)}`,
    pt?.stable ? l10n.t('stable') : l10n.t('unstable'),
  ];
  if (o.period !== undefined && o.period !== null) parts.push(l10n.t('period T = {0}', formatNumber(o.period, 8)));
  box.setAttribute('data-orbit', `${branch}:${at}`);
  box.append(h('p', { class: 'dl-orbit-title' }, parts.join(' · ')));
  if (at !== index)
    box.append(
      h('p', { class: 'dl-muted dl-note' }, l10n.t('Point {0} has no stored orbit; this is the nearest one.', index)),
    );
  box.append(h('p', { class: 'dl-muted dl-note' }, o.how));
  eigenTable(box, o, host);
  const names = r.stateNames;
  const axes = host.getUiState<[number, number]>('orbitAxes', [0, Math.min(1, names.length - 1)]);
  const px = axisPicker(names, axes[0], l10n.t('Variable on the horizontal axis of the phase portrait'));
  const py = axisPicker(names, axes[1], l10n.t('Variable on the vertical axis of the phase portrait'));
  const portraitBox = h('div', { class: 'dl-orbit-portrait' });
  const profileBox = h('div', { class: 'dl-orbit-profile' });
  box.append(h('label', {}, l10n.t('Phase portrait: '), px, ' · ', py), portraitBox, profileBox);
  const mode = isMap ? 'markers' : 'lines';
  const runName = (k: number): string => (o.runs.length > 1 ? ` (${l10n.t('run {0}', k + 1)})` : '');
  const drawPortrait = (i: number, j: number): void => {
    const theme = host.theme();
    const data: Data[] = o.runs.map((run, k) => ({
      type: 'scatter',
      mode,
      x: nums(run.states[i]),
      y: nums(run.states[j]),
      name: l10n.t('orbit') + runName(k),
      line: { color: theme.series[k % theme.series.length] },
      marker: { size: 4, color: theme.series[k % theme.series.length] },
    }));
    if (b.kind !== 'periodic' && pt)
      data.push({
        type: 'scatter',
        mode: 'markers',
        x: [pt.state[i] ?? NaN],
        y: [pt.state[j] ?? NaN],
        name: isMap ? l10n.t('fixed point') : l10n.t('equilibrium'),
        marker: { size: 10, symbol: 'x', color: theme.foreground },
      });
    portraitBox.replaceChildren();
    host.plot(portraitBox, {
      data,
      layout: { xaxis: { title: { text: names[i] ?? '' } }, yaxis: { title: { text: names[j] ?? '' } } },
      exportName: 'bifurcation-orbit-portrait',
      label: l10n.t('Phase portrait of the orbit at {0} = {1}', r.parameter, String(pt?.parameters[r.parameter])),
    });
  };
  const redraw = (): void => {
    const next: [number, number] = [Number(px.value), Number(py.value)];
    host.setUiState('orbitAxes', next);
    drawPortrait(next[0], next[1]);
  };
  px.addEventListener('change', redraw);
  py.addEventListener('change', redraw);
  drawPortrait(Number(px.value), Number(py.value));
  const profile: Data[] = o.runs.flatMap((run, k) =>
    names.map((name, c) => ({
      type: 'scatter' as const,
      mode,
      x: nums(run.time),
      y: nums(run.states[c]),
      name: name + runName(k),
      line: { dash: k === 0 ? 'solid' : 'dash' },
    })),
  );
  host.plot(profileBox, {
    data: profile,
    layout: {
      xaxis: { title: { text: isMap ? l10n.t('iteration') : l10n.t('time') } },
      yaxis: { title: { text: l10n.t('state') } },
    },
    exportName: 'bifurcation-orbit-profile',
    label: l10n.t('Time profile of the orbit at {0} = {1}', r.parameter, String(pt?.parameters[r.parameter])),
  });
}
