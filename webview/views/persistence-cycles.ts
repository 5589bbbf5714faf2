/**
 * The --cocycles representatives on the point preview: pick an H1 bar (in the list, or by clicking it in the barcode
 * or the diagram) and its representative cycle is drawn as a closed loop on the points, with the cocycle's edges
 * (which cut across the loop) drawn thin beside it.
 */
import * as l10n from '@vscode/l10n';
import type { PersistenceResult } from '../../src/protocol';
import type { Json, PlotSpec, ViewHost } from './types';
import { formatNumber } from '../format';
import { h, uid } from '../shell/dom';
import { section } from '../shell/sections';

type Result = Json<PersistenceResult>;
type Cocycle = NonNullable<Result['cocycles']>[number];

const num = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);

function interval(z: Cocycle): string {
  const d = z.pair[1] === null ? '\u221e' : formatNumber(num(z.pair[1]));
  return `[${formatNumber(num(z.pair[0]))}, ${d})`;
}

function barLabel(z: Cocycle): string {
  const loop = z.cycle ? l10n.t('cycle of {0} points', z.cycle.length) : l10n.t('no cycle drawn');
  return `${interval(z)}: ${loop}, ${l10n.t('cocycle on {0} edges', z.edges.length)}`;
}

/** Draws the section; returns a function that selects the cocycle of H1 bar `k` (its index in the diagram). */
export function renderCycles(root: HTMLElement, r: Result, host: ViewHost): ((k: number) => void) | undefined {
  const zs = r.cocycles;
  const prev = r.preview;
  if (!zs || zs.length === 0 || !prev || prev.coords.length < 2) return undefined;
  const x = prev.coords[0].map(num);
  const y = prev.coords[1].map(num);
  // Preview positions of input rows (with landmarks the preview holds the landmarks only).
  const pos = new Map<number, number>();
  if (r.landmarks) r.landmarks.indices.forEach((row, k) => pos.set(num(row), k));
  else x.forEach((_, k) => pos.set(k, k));
  const length = (z: Cocycle): number => (z.pair[1] === null ? Infinity : num(z.pair[1]) - num(z.pair[0]));
  const order = zs.map((z, k) => ({ k, z })).sort((a, b) => length(b.z) - length(a.z) || a.k - b.k);
  const sec = section(
    root,
    l10n.t('Representative cycles (H1)'),
    l10n.t(
      'Click a bar of H1 in the barcode or the diagram, or pick it here (longest first). The thick loop is a cycle born with the bar: it closes through the birth edge using only shorter edges, and the cocycle (over Z/{0}, thin edges, cutting across the loop) is non-zero on it, so the loop stays a non-trivial cycle over the whole bar.',
      num(r.modulus),
    ),
  );
  const selectId = uid('cycle');
  const select = h('select', { id: selectId });
  for (const { k, z } of order) select.append(h('option', { value: String(k) }, barLabel(z)));
  sec.append(h('div', { class: 'dl-controls' }, h('label', { for: selectId }, l10n.t('H1 bar ')), select));
  const theme = host.theme();
  const segments = (pairs: [number, number][]): { x: (number | null)[]; y: (number | null)[] } => {
    const ex: (number | null)[] = [];
    const ey: (number | null)[] = [];
    for (const [i, j] of pairs) {
      const a = pos.get(i);
      const b = pos.get(j);
      if (a === undefined || b === undefined) continue;
      ex.push(x[a], x[b], null);
      ey.push(y[a], y[b], null);
    }
    return { x: ex, y: ey };
  };
  const spec = (k: number): PlotSpec => {
    const z = zs[k];
    const loop = (z.cycle ?? []).map(num);
    const loopPairs = loop.map((v, t): [number, number] => [v, loop[(t + 1) % loop.length]]);
    const cyc = segments(loopPairs);
    const cut = segments(z.edges.map((e): [number, number] => [num(e[0]), num(e[1])]));
    return {
      data: [
        { type: 'scatter', mode: 'markers', x, y, name: l10n.t('points'), marker: { color: theme.muted, size: 4 } },
        {
          type: 'scatter',
          mode: 'lines',
          ...cut,
          name: l10n.t('cocycle edges'),
          line: { color: theme.series[1], width: 1, dash: 'dot' },
        },
        {
          type: 'scatter',
          mode: 'lines+markers',
          ...cyc,
          name: l10n.t('representative cycle'),
          line: { color: theme.accent, width: 3 },
          marker: { color: theme.accent, size: 6 },
        },
      ],
      layout: {
        title: { text: l10n.t('H1 bar {0}: its representative cycle (first two coordinates)', interval(z)) },
        xaxis: { title: { text: prev.columns[0] } },
        yaxis: { title: { text: prev.columns[1] }, scaleanchor: 'x' },
        height: 400,
      },
      exportName: 'persistence-cycle',
      table: { columns: ['vertex'], rows: [loop] },
      label: l10n.t('The selected H1 bar: its representative cycle drawn as a closed loop on the points'),
    };
  };
  const start = host.getUiState('cycleBar', order[0].k);
  select.value = String(zs[start] ? start : order[0].k);
  const plot = host.plot(sec, spec(Number(select.value)));
  const show = (k: number): void => {
    if (!zs[k]) return;
    select.value = String(k);
    host.setUiState('cycleBar', k);
    plot.update(spec(k));
  };
  select.addEventListener('change', () => show(Number(select.value)));
  return (k) => {
    show(k);
    sec.scrollIntoView({ block: 'nearest' });
  };
}
