/**
 * Parts of the persistence view added by the diagram tools: the landmark guarantee, the --compare distances, and
 * the vectorizations (Betti curves with landscapes, persistence images, entropy).
 */
import type { PersistenceResult } from '../../src/protocol';
import type { Json, ViewHost } from './types';
import { formatNumber } from '../format';
import { h } from '../shell/dom';

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
    'Comparison',
    'Exact distances between this diagram and each compared file\u2019s, per degree (L-infinity ground metric; infinite bars matched among themselves by birth, a different count of them gives \u221e).',
  );
  host.table(
    sec,
    ['file', 'degree', 'bottleneck', 'Wasserstein', 'p'],
    c.map((e) => [e.file ?? '', `H${num(e.dim)}`, e.bottleneck ?? '\u221e', e.wasserstein ?? '\u221e', e.p]),
    { digits: 8, caption: 'Diagram distances' },
  );
}

export function renderVectorizations(root: HTMLElement, r: Result, host: ViewHost): void {
  const v = r.vectorizations;
  if (!v) return;
  const grid = v.grid.map(num);
  const sec = section(
    root,
    'Vectorizations',
    'Betti curves (bars alive at each scale, infinite bars included) with the persistence landscapes \u03bb1..\u03bbk (Bubenik 2015), and persistence images (Adams et al. 2017) in birth-persistence coordinates; entropy, landscapes and images use the finite bars.',
  );
  host.table(
    sec,
    ['degree', 'persistent entropy', 'total persistence'],
    v.degrees.map((d) => [`H${num(d.dim)}`, d.entropy, d.totalPersistence]),
    { digits: 6, caption: 'Scalar summaries' },
  );
  const theme = host.theme();
  for (const d of v.degrees) {
    const dim = num(d.dim);
    const row = h('div', { style: 'display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px' });
    const left = h('div');
    const right = h('div');
    row.append(left, right);
    sec.append(h('h3', {}, `Degree ${dim}`), row);
    const betti = d.bettiCurve.map(num);
    const lands = d.landscapes.map((l) => l.map(num));
    host.plot(left, {
      data: [
        {
          type: 'scatter',
          mode: 'lines',
          x: grid,
          y: betti,
          name: 'Betti',
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
        title: { text: `H${dim}: Betti curve, landscapes` },
        xaxis: { title: { text: 'scale' } },
        yaxis: { title: { text: 'landscape' } },
        yaxis2: { title: { text: 'Betti number' }, overlaying: 'y', side: 'right' },
        height: 320,
      },
      exportName: `persistence-curves-h${dim}`,
      table: { columns: ['scale', 'betti', ...lands.map((_, k) => `lambda${k + 1}`)], rows: [grid, betti, ...lands] },
      label: `Betti curve and persistence landscapes of degree ${dim}`,
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
        title: { text: `H${dim}: persistence image` },
        xaxis: { title: { text: 'birth' } },
        yaxis: { title: { text: 'persistence' } },
        height: 320,
      },
      exportName: `persistence-image-h${dim}`,
      table: {
        columns: ['persistence \\ birth', ...xs.map(String)],
        rows: [ys, ...xs.map((_, c) => ys.map((_, k) => z[k][c]))],
      },
      label: `Persistence image of degree ${dim}: pixel ${formatNumber(px)}, spread ${formatNumber(num(im.spread))}, ${im.weight} weight`,
    });
  }
}
