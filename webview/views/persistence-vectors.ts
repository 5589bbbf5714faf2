/**
 * Parts of the persistence view added by the diagram tools: the landmark guarantee, the --compare distances, and
 * the vectorizations (Betti curves with landscapes, persistence images, entropy).
 */
import type { PersistenceResult } from '../../src/protocol';
import type { Json, ViewHost } from './types';
import { formatNumber } from '../format';
import { h } from '../shell/dom';
import * as l10n from '@vscode/l10n';

type Result = Json<PersistenceResult>;

const num = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);

/** One sentence for the header: how the landmarks were chosen and what the diagram is guaranteed to be. */
export function landmarkSentence(r: Result): string {
  const lm = r.landmarks;
  if (!lm) return '';
  return `Landmarks: ${lm.count} of ${lm.of} points by greedy permutation, covering radius eps = ${formatNumber(num(lm.coveringRadius))}; ${lm.guarantee}.`;
}

function section(root: HTMLElement, title: string, note: string): HTMLElement {
  const s = h('section', { class: 'dl-section' }, h('h2', {}, title), h('p', { class: 'dl-muted dl-note' }, note));
  root.append(s);
  return s;
}

export function renderComparison(root: HTMLElement, r: Result, host: ViewHost): void {
  const c = r.comparison;
  if (!c || c.length === 0) return;
  const sec = section(
    root,
    l10n.t('Comparison'),
    l10n.t(
      'Exact distances between this diagram and each compared file’s, per degree (L-infinity ground metric; infinite bars matched among themselves by birth, a different count of them gives ∞).',
    ),
  );
  host.table(
    sec,
    [l10n.t('file'), l10n.t('degree'), l10n.t('bottleneck'), l10n.t('Wasserstein'), 'p'],
    c.map((e) => [e.file ?? '', `H${num(e.dim)}`, e.bottleneck ?? '\u221e', e.wasserstein ?? '\u221e', e.p]),
    { digits: 8, caption: l10n.t('Diagram distances') },
  );
}

export function renderVectorizations(root: HTMLElement, r: Result, host: ViewHost): void {
  const v = r.vectorizations;
  if (!v) return;
  const grid = v.grid.map(num);
  const sec = section(
    root,
    l10n.t('Vectorizations'),
    l10n.t(
      'Betti curves (bars alive at each scale, infinite bars included) with the persistence landscapes λ1..λk (Bubenik 2015), and persistence images (Adams et al. 2017) in birth-persistence coordinates; entropy, landscapes and images use the finite bars.',
    ),
  );
  host.table(
    sec,
    [l10n.t('degree'), l10n.t('persistent entropy'), l10n.t('total persistence')],
    v.degrees.map((d) => [`H${num(d.dim)}`, d.entropy, d.totalPersistence]),
    { digits: 6, caption: l10n.t('Scalar summaries') },
  );
  const theme = host.theme();
  for (const d of v.degrees) {
    const dim = num(d.dim);
    const row = h('div', { style: 'display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px' });
    const left = h('div');
    const right = h('div');
    row.append(left, right);
    sec.append(h('h3', {}, l10n.t('Degree {0}', dim)), row);
    const betti = d.bettiCurve.map(num);
    const lands = d.landscapes.map((l) => l.map(num));
    host.plot(left, {
      data: [
        {
          type: 'scatter',
          mode: 'lines',
          x: grid,
          y: betti,
          name: l10n.t('Betti'),
          line: { shape: 'hv', color: theme.series[0] },
          yaxis: 'y2',
        },
        ...lands.map((l, k) => ({
          type: 'scatter' as const,
          mode: 'lines' as const,
          x: grid,
          y: l,
          name: `\u03bb${k + 1}`,
          line: { color: theme.series[(k + 1) % theme.series.length] },
        })),
      ],
      layout: {
        title: { text: l10n.t('H{0}: Betti curve, landscapes', dim) },
        xaxis: { title: { text: l10n.t('scale') } },
        yaxis: { title: { text: l10n.t('landscape') } },
        yaxis2: { title: { text: l10n.t('Betti number') }, overlaying: 'y', side: 'right' },
        height: 320,
      },
      exportName: `persistence-curves-h${dim}`,
      table: { columns: ['scale', 'betti', ...lands.map((_, k) => `lambda${k + 1}`)], rows: [grid, betti, ...lands] },
      label: l10n.t('Betti curve and persistence landscapes of degree {0}', dim),
    });
    const im = d.image;
    if (!im) continue;
    const w = num(im.width);
    const ht = num(im.height);
    const px = num(im.pixelSize);
    const [bx, py] = im.origin.map(num);
    const xs = Array.from({ length: w }, (_, c) => bx + (c + 0.5) * px);
    const ys = Array.from({ length: ht }, (_, k) => py + (k + 0.5) * px);
    const z = ys.map((_, k) => xs.map((_, c) => num(im.values[k * w + c])));
    host.plot(right, {
      data: [
        {
          type: 'heatmap',
          x: xs,
          y: ys,
          z,
          colorscale: 'Viridis',
          hovertemplate: 'birth %{x}<br>persistence %{y}<br>%{z}<extra></extra>',
        },
      ],
      layout: {
        title: { text: l10n.t('H{0}: persistence image', dim) },
        xaxis: { title: { text: l10n.t('birth') } },
        yaxis: { title: { text: l10n.t('persistence') } },
        height: 320,
      },
      exportName: `persistence-image-h${dim}`,
      table: {
        columns: ['persistence \\ birth', ...xs.map(String)],
        rows: [ys, ...xs.map((_, c) => ys.map((_, k) => z[k][c]))],
      },
      label: l10n.t(
        'Persistence image of degree {0}: pixel {1}, spread {2}, {3} weight',
        dim,
        formatNumber(px),
        formatNumber(num(im.spread)),
        im.weight,
      ),
    });
  }
}
