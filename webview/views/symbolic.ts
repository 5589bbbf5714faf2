/**
 * Symbolic regression view: the Pareto front (complexity vs loss, log scale, live while the search runs), the table
 * of candidates with their formulas rendered from LaTeX (MathML), predicted vs actual and residuals of the selected candidate on held-out rows,
 * the search's statistics, exports (Python, SymPy, LaTeX, TypeScript; .ode for dynamics), SINDy and network fidelity.
 */
import type { Data } from 'plotly.js';
import type { SymbolicPartial, SymbolicResult, SymbolicTarget } from '../../src/protocol';
import type { AnalysisView, Json, PlotHandle, PlotSpec, ResultTable, ViewHost } from './types';
import { formatNumber } from '../format';
import { button, h } from '../shell/dom';
import { latexElement } from '../shell/math';
import { nums, section } from '../shell/sections';

type Result = Json<SymbolicResult>;
type Target = Json<SymbolicTarget>;

function resultTable(r: Result): ResultTable {
  const rows: (string | number | null)[][] = [];
  for (const t of r.targets)
    t.pareto.forEach((c, i) =>
      rows.push([t.target, c.complexity, c.loss, c.testLoss, c.r2, i === t.bestIndex ? 'best' : '', c.expression]),
    );
  return {
    columns: ['target', 'complexity', 'loss (train MSE)', 'held-out MSE', 'held-out R²', '', 'expression'],
    rows,
    name: 'symbolic-pareto',
  };
}

function frontTraces(
  host: ViewHost,
  pareto: { complexity: number | null; loss: number | null; testLoss?: number | null; expression: string }[],
  best: number,
  selected: number,
): Data[] {
  const theme = host.theme();
  const x = pareto.map((c) => c.complexity ?? NaN);
  const floor = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : Math.max(v, 1e-300));
  const traces: Data[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      x,
      y: pareto.map((c) => floor(c.loss)),
      name: 'training loss',
      text: pareto.map((c) => c.expression),
      hovertemplate: '%{text}<br>complexity %{x}, loss %{y:.3e}<extra></extra>',
      line: { shape: 'hv', color: theme.series[0] },
      marker: { size: 7 },
    },
  ];
  if (pareto.some((c) => c.testLoss !== undefined)) {
    traces.push({
      type: 'scatter',
      mode: 'markers',
      x,
      y: pareto.map((c) => floor(c.testLoss)),
      name: 'held-out loss',
      marker: { symbol: 'x', size: 7, color: theme.series[1] },
    });
  }
  if (best >= 0 && pareto[best])
    traces.push({
      type: 'scatter',
      mode: 'markers',
      x: [x[best]],
      y: [floor(pareto[best].loss)],
      name: 'best (PySR rule)',
      marker: { size: 14, symbol: 'circle-open', line: { width: 2 }, color: theme.positive },
    });
  if (selected >= 0 && selected !== best && pareto[selected])
    traces.push({
      type: 'scatter',
      mode: 'markers',
      x: [x[selected]],
      y: [floor(pareto[selected].loss)],
      name: 'selected',
      marker: { size: 14, symbol: 'diamond-open', line: { width: 2 }, color: theme.accent },
    });
  return traces;
}

const FRONT_LAYOUT = {
  height: 320,
  xaxis: { title: { text: 'complexity' } },
  yaxis: { title: { text: 'mean squared error' }, type: 'log' as const, exponentformat: 'power' as const },
};

function renderTarget(root: HTMLElement, r: Result, t: Target, host: ViewHost, key: string): void {
  const s = t.stats;
  const sec = section(
    root,
    t.state ? `d${t.state}/dt` : `Target ${t.target}`,
    `Features: ${t.features.join(', ')}. ${s.epochs ?? 0} epochs, ${formatNumber(s.generations)} generations, ${formatNumber(s.evaluations)} expressions evaluated ` +
      `(${formatNumber(s.evaluationsPerSecond)} per second) in ${formatNumber(s.seconds)} s; stopped by ${s.stoppedBy}. ` +
      `Split: ${s.trainRows} training / ${s.testRows} held-out rows (search on ${s.searchRows}). Noise variance estimate (delta test): ${formatNumber(s.noiseVariance)}.`,
  );
  if (t.fidelity) {
    sec.append(
      h(
        'p',
        {},
        `Fidelity to the network on ${t.fidelity.samples} held-out samples: R² ${formatNumber(t.fidelity.r2, 6)}, RMSE ${formatNumber(t.fidelity.rmse)}, max |error| ${formatNumber(t.fidelity.maxAbsError)}.`,
      ),
    );
  }
  if (t.pareto.length === 0) {
    sec.append(h('p', {}, 'No finite expression was found.'));
    return;
  }
  const bestIndex = t.bestIndex ?? 0;
  let selected = host.getUiState<number>(`${key}:selected`, bestIndex);
  if (!(selected >= 0 && selected < t.pareto.length)) selected = bestIndex;
  const front = host.plot(sec, {
    data: frontTraces(host, t.pareto, bestIndex, selected),
    layout: FRONT_LAYOUT,
    exportName: `symbolic-front-${t.target}`,
    table: {
      columns: ['complexity', 'loss', 'held_out_loss', 'r2'],
      rows: [
        nums(t.pareto.map((c) => c.complexity)),
        nums(t.pareto.map((c) => c.loss)),
        nums(t.pareto.map((c) => c.testLoss)),
        nums(t.pareto.map((c) => c.r2)),
      ],
    },
    label: `Pareto front of ${t.target}: loss against complexity, logarithmic loss axis`,
  });
  host.table(
    sec,
    ['complexity', 'loss', 'held-out R²', 'expression', 'LaTeX'],
    t.pareto.map((c, i) => [c.complexity, c.loss, c.r2, (i === bestIndex ? '★ ' : '') + c.expression, c.latex]),
    {
      digits: 4,
      caption:
        'Pareto front (★ = best by the PySR rule: largest drop of log loss per unit complexity within 1.5x of the lowest loss)',
      render: { 4: (tex) => latexElement(tex) },
    },
  );

  const pick = h('select', { 'aria-label': 'Selected candidate' });
  t.pareto.forEach((c, i) =>
    pick.append(h('option', { value: String(i), selected: i === selected }, `${c.complexity}: ${c.expression}`)),
  );
  const detail = h('div', {});
  sec.append(h('p', {}, 'Selected: ', pick), detail);
  let predPlot: PlotHandle | undefined;
  let residPlot: PlotHandle | undefined;
  const show = (i: number): void => {
    selected = i;
    host.setUiState(`${key}:selected`, i);
    pick.value = String(i);
    const c = t.pareto[i];
    front.update({
      data: frontTraces(host, t.pareto, bestIndex, i),
      layout: FRONT_LAYOUT,
      exportName: `symbolic-front-${t.target}`,
      label: `Pareto front of ${t.target}`,
    });
    detail.replaceChildren(...candidateDetail(c, host));
    const { predSpec, residSpec } = predictionSpecs(t, i, host.theme());
    if (predPlot && residPlot) {
      predPlot.update(predSpec);
      residPlot.update(residSpec);
    } else {
      predPlot = host.plot(sec, predSpec);
      residPlot = host.plot(sec, residSpec);
    }
  };
  pick.addEventListener('change', () => show(Number(pick.value)));
  front.onClick((curve, point) => {
    if (curve <= 1) show(point);
  });
  show(selected);

  renderExports(root, t, host);
  void r;
}

/** Predicted against actual and residuals of candidate i on the held-out rows. */
function predictionSpecs(
  t: Target,
  i: number,
  theme: ReturnType<ViewHost['theme']>,
): { predSpec: PlotSpec; residSpec: PlotSpec } {
  const actual = nums(t.display.actual);
  const pred = nums(t.display.predicted[i]);
  const resid = pred.map((p, k) => p - actual[k]);
  const lo = Math.min(...actual.filter(Number.isFinite));
  const hi = Math.max(...actual.filter(Number.isFinite));
  const predSpec = {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: actual,
        y: pred,
        name: 'held-out rows',
        marker: { size: 4, color: theme.series[0] },
      } as Data,
      {
        type: 'scatter',
        mode: 'lines',
        x: [lo, hi],
        y: [lo, hi],
        name: 'y = x',
        line: { dash: 'dot', color: theme.muted },
      } as Data,
    ],
    layout: {
      height: 300,
      xaxis: { title: { text: `actual ${t.target}` } },
      yaxis: { title: { text: 'predicted' } },
    },
    exportName: `symbolic-predicted-${t.target}`,
    table: { columns: ['actual', 'predicted'], rows: [actual, pred] },
    label: `Predicted against actual ${t.target} on held-out rows for the selected expression`,
  };
  const residSpec = {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: actual,
        y: resid,
        name: 'residual',
        marker: { size: 4, color: theme.series[2] ?? theme.series[0] },
      } as Data,
    ],
    layout: {
      height: 240,
      xaxis: { title: { text: `actual ${t.target}` } },
      yaxis: { title: { text: 'predicted - actual' } },
    },
    exportName: `symbolic-residuals-${t.target}`,
    table: { columns: ['actual', 'residual'], rows: [actual, resid] },
    label: `Residuals of the selected expression against actual ${t.target}`,
  };
  return { predSpec, residSpec };
}

/** The selected candidate: its expression, the formula, and buttons to copy or insert it. */
function candidateDetail(c: Target['pareto'][number], host: ViewHost): HTMLElement[] {
  return [
    h('pre', { class: 'dl-code' }, c.expression),
    h('p', { class: 'dl-formula', 'aria-label': `formula: ${c.latex}` }, latexElement(c.latex, true) ?? c.latex),
    h('p', { class: 'dl-muted' }, `LaTeX: ${c.latex}`),
    h(
      'div',
      {},
      button('Copy expression', 'Copy the SymPy/Python expression', () => host.copy(c.expression), {
        secondary: true,
      }),
      button(
        'Insert at cursor',
        'Insert the expression at the cursor of the last editor',
        () => host.insert(c.expression),
        { secondary: true },
      ),
      button('Copy LaTeX', 'Copy the LaTeX source', () => host.copy(c.latex), { secondary: true }),
    ),
  ];
}

/** The best expression of a target exported as Python, SymPy, LaTeX and TypeScript. */
function renderExports(root: HTMLElement, t: Target, host: ViewHost): void {
  const ex = t.exports;
  const exp = section(root, `Exports: best expression for ${t.target}`);
  for (const [label, text, file] of [
    ['Python/NumPy', ex.python, 'py'],
    ['SymPy', ex.sympy, 'py'],
    ['LaTeX', ex.latex, 'tex'],
    ['TypeScript', ex.typescript, 'ts'],
  ] as const) {
    exp.append(
      h('h3', {}, label),
      h('pre', { class: 'dl-code' }, text),
      h(
        'div',
        {},
        button(`Copy ${label}`, `Copy the ${label} export`, () => host.copy(text), { secondary: true }),
        button('Insert at cursor', `Insert the ${label} export at the cursor`, () => host.insert(text), {
          secondary: true,
        }),
        button(
          'Save',
          `Save the ${label} export`,
          () => host.save(`${t.target.replace(/[^A-Za-z0-9_]/g, '_')}.${file}`, 'text/plain', text),
          { secondary: true },
        ),
      ),
    );
  }
}

function renderPartialFront(root: HTMLElement, p: SymbolicPartial, host: ViewHost): void {
  let box = root.querySelector<HTMLElement>('[data-symbolic-live]');
  const note = `Searching ${p.target}: epoch ${p.epoch}, ${formatNumber(p.generations)} generations, ${formatNumber(p.evaluationsPerSecond)} expressions/s.`;
  const spec = {
    data: frontTraces(host, p.pareto, -1, -1),
    layout: FRONT_LAYOUT,
    exportName: 'symbolic-front-live',
    table: { columns: ['complexity', 'loss'], rows: [p.pareto.map((c) => c.complexity), p.pareto.map((c) => c.loss)] },
    label: `Current Pareto front of ${p.target} while the search runs`,
  };
  const rows = p.pareto.map((c) => [c.complexity, c.loss, c.expression] as (string | number | null)[]);
  if (!box) {
    root.replaceChildren();
    box = h(
      'section',
      { class: 'dl-section', 'data-symbolic-live': '' },
      h('h2', {}, 'Search in progress'),
      h('p', { class: 'dl-muted dl-note' }, note),
    );
    root.append(box);
    const handle = host.plot(box, spec);
    (box as HTMLElement & { _plot?: PlotHandle })._plot = handle;
    const tableBox = h('div', { 'data-symbolic-table': '' });
    box.append(tableBox);
    host.table(tableBox, ['complexity', 'loss', 'expression'], rows, { digits: 4 });
    return;
  }
  box.querySelector('p')!.textContent = note;
  (box as HTMLElement & { _plot?: PlotHandle })._plot?.update(spec);
  const tableBox = box.querySelector<HTMLElement>('[data-symbolic-table]')!;
  tableBox.replaceChildren();
  host.table(tableBox, ['complexity', 'loss', 'expression'], rows, { digits: 4 });
}

export const symbolicView: AnalysisView<SymbolicResult> = {
  id: 'symbolic',
  render(root, envelope, host) {
    const r = envelope.result;
    const head = section(
      root,
      `Symbolic regression (${r.mode})`,
      `Operators: ${r.operators.join(' ')}; seed ${r.seed}. Losses are mean squared errors; R² is on the held-out 25%.`,
    );
    if (r.mode === 'dynamics' && r.equations) {
      const d = r.derivatives;
      head.append(
        h(
          'p',
          {},
          d
            ? `Derivatives by ${d.method} (window ${d.window}, order ${d.order}, dt ${formatNumber(d.dt)}${d.timeColumn ? `, time column "${d.timeColumn}"` : ''}).`
            : '',
        ),
      );
      host.table(
        head,
        ['state', 'equation', 'complexity', 'held-out R²'],
        Object.entries(r.equations).map(([k, e]) => [k, `${k}' = ${e.expression}`, e.complexity, e.r2]),
        { digits: 6, caption: 'Best equation per state' },
      );
      if (r.sindy)
        host.table(
          head,
          ['state', 'SINDy (STLSQ) fit', 'R²', 'threshold'],
          Object.entries(r.sindy.equations).map(([k, e]) => [k, e.expression, e.r2, e.threshold]),
          { digits: 6, caption: `SINDy seed; library: ${r.sindy.library.join(', ')}` },
        );
      if (r.ode) {
        const ode = r.ode;
        head.append(
          h('h3', {}, 'XPPAUT model (.ode)'),
          h('pre', { class: 'dl-code' }, ode),
          h(
            'div',
            {},
            button('Save .ode', 'Save the fitted model as an .ode file', () =>
              host.save('fitted.ode', 'text/plain', ode),
            ),
            button('Copy', 'Copy the .ode text', () => host.copy(ode), { secondary: true }),
          ),
        );
      }
    }
    if (r.network) {
      const n = r.network;
      head.append(
        h(
          'p',
          {},
          `Network sampled ${n.samples} times (${n.sampling}${n.around !== undefined ? ` around row ${n.around}` : ''}${n.box ? `: ${n.box.map((b) => `${b.name} in [${b.lo}, ${b.hi}]`).join(', ')}` : ''}); inputs ${n.inputs.join(', ')}; outputs ${n.outputs.join(', ')}.`,
        ),
      );
    }
    r.targets.forEach((t, k) => renderTarget(root, r, t, host, `t${k}`));
    if (r.notes.length > 0) root.append(h('ul', { class: 'dl-notes' }, ...r.notes.map((n) => h('li', {}, n))));
  },
  renderPartial(root, partial, host) {
    const p = partial as SymbolicPartial;
    if (!p || !Array.isArray(p.pareto)) return;
    renderPartialFront(root, p, host);
  },
  table: (envelope) => resultTable(envelope.result),
};
