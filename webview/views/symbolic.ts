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
import * as l10n from '@vscode/l10n';

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
      name: l10n.t('training loss'),
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
      name: l10n.t('held-out loss'),
      marker: { symbol: 'x', size: 7, color: theme.series[1] },
    });
  }
  if (best >= 0 && pareto[best])
    traces.push({
      type: 'scatter',
      mode: 'markers',
      x: [x[best]],
      y: [floor(pareto[best].loss)],
      name: l10n.t('best (PySR rule)'),
      marker: { size: 14, symbol: 'circle-open', line: { width: 2 }, color: theme.positive },
    });
  if (selected >= 0 && selected !== best && pareto[selected])
    traces.push({
      type: 'scatter',
      mode: 'markers',
      x: [x[selected]],
      y: [floor(pareto[selected].loss)],
      name: l10n.t('selected'),
      marker: { size: 14, symbol: 'diamond-open', line: { width: 2 }, color: theme.accent },
    });
  return traces;
}

const FRONT_LAYOUT = {
  height: 320,
  xaxis: { title: { text: l10n.t('complexity') } },
  yaxis: { title: { text: l10n.t('mean squared error') }, type: 'log' as const, exponentformat: 'power' as const },
};

function renderTarget(root: HTMLElement, r: Result, t: Target, host: ViewHost, key: string): void {
  const s = t.stats;
  const sec = section(
    root,
    t.state ? l10n.t('d{0}/dt', t.state) : l10n.t('Target {0}', t.target),
    l10n.t(
      'Features: {0}. {1} epochs, {2} generations, {3} expressions evaluated ({4} per second) in {5} s; stopped by {6}. Split: {7} training / {8} held-out rows (search on {9}). Noise variance estimate (delta test): {10}.',
      t.features.join(', '),
      s.epochs ?? 0,
      formatNumber(s.generations),
      formatNumber(s.evaluations),
      formatNumber(s.evaluationsPerSecond),
      formatNumber(s.seconds),
      s.stoppedBy,
      String(s.trainRows),
      String(s.testRows),
      String(s.searchRows),
      formatNumber(s.noiseVariance),
    ),
  );
  if (t.fidelity) {
    sec.append(
      h(
        'p',
        {},
        l10n.t(
          'Fidelity to the network on {0} held-out samples: R² {1}, RMSE {2}, max |error| {3}.',
          String(t.fidelity.samples),
          formatNumber(t.fidelity.r2, 6),
          formatNumber(t.fidelity.rmse),
          formatNumber(t.fidelity.maxAbsError),
        ),
      ),
    );
  }
  if (t.pareto.length === 0) {
    sec.append(h('p', {}, l10n.t('No finite expression was found.')));
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
    label: l10n.t('Pareto front of {0}: loss against complexity, logarithmic loss axis', t.target),
  });
  host.table(
    sec,
    [l10n.t('complexity'), l10n.t('loss'), l10n.t('held-out R²'), l10n.t('expression'), l10n.t('LaTeX')],
    t.pareto.map((c, i) => [c.complexity, c.loss, c.r2, (i === bestIndex ? '★ ' : '') + c.expression, c.latex]),
    {
      digits: 4,
      caption: l10n.t(
        'Pareto front (★ = best by the PySR rule: largest drop of log loss per unit complexity within 1.5x of the lowest loss)',
      ),
      render: { 4: (tex) => latexElement(tex) },
    },
  );

  const pick = h('select', { 'aria-label': l10n.t('Selected candidate') });
  t.pareto.forEach((c, i) =>
    pick.append(h('option', { value: String(i), selected: i === selected }, `${c.complexity}: ${c.expression}`)),
  );
  const detail = h('div', {});
  sec.append(h('p', {}, l10n.t('Selected: '), pick), detail);
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
      label: l10n.t('Pareto front of {0}', t.target),
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
        name: l10n.t('held-out rows'),
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
      xaxis: { title: { text: l10n.t('actual {0}', t.target) } },
      yaxis: { title: { text: l10n.t('predicted') } },
    },
    exportName: `symbolic-predicted-${t.target}`,
    table: { columns: ['actual', 'predicted'], rows: [actual, pred] },
    label: l10n.t('Predicted against actual {0} on held-out rows for the selected expression', t.target),
  };
  const residSpec = {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: actual,
        y: resid,
        name: l10n.t('residual'),
        marker: { size: 4, color: theme.series[2] ?? theme.series[0] },
      } as Data,
    ],
    layout: {
      height: 240,
      xaxis: { title: { text: l10n.t('actual {0}', t.target) } },
      yaxis: { title: { text: l10n.t('predicted - actual') } },
    },
    exportName: `symbolic-residuals-${t.target}`,
    table: { columns: ['actual', 'residual'], rows: [actual, resid] },
    label: l10n.t('Residuals of the selected expression against actual {0}', t.target),
  };
  return { predSpec, residSpec };
}

/** The selected candidate: its expression, the formula, and buttons to copy or insert it. */
function candidateDetail(c: Target['pareto'][number], host: ViewHost): HTMLElement[] {
  return [
    h('pre', { class: 'dl-code' }, c.expression),
    h(
      'p',
      { class: 'dl-formula', 'aria-label': l10n.t('formula: {0}', c.latex) },
      latexElement(c.latex, true) ?? c.latex,
    ),
    h('p', { class: 'dl-muted' }, l10n.t('LaTeX: {0}', c.latex)),
    h(
      'div',
      {},
      button(l10n.t('Copy expression'), l10n.t('Copy the SymPy/Python expression'), () => host.copy(c.expression), {
        secondary: true,
      }),
      button(
        l10n.t('Insert at cursor'),
        l10n.t('Insert the expression at the cursor of the last editor'),
        () => host.insert(c.expression),
        { secondary: true },
      ),
      button(l10n.t('Copy LaTeX'), l10n.t('Copy the LaTeX source'), () => host.copy(c.latex), { secondary: true }),
    ),
  ];
}

/** The best expression of a target exported as Python, SymPy, LaTeX and TypeScript. */
function renderExports(root: HTMLElement, t: Target, host: ViewHost): void {
  const ex = t.exports;
  const exp = section(root, l10n.t('Exports: best expression for {0}', t.target));
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
        button(l10n.t('Copy {0}', label), l10n.t('Copy the {0} export', label), () => host.copy(text), {
          secondary: true,
        }),
        button(
          l10n.t('Insert at cursor'),
          l10n.t('Insert the {0} export at the cursor', label),
          () => host.insert(text),
          {
            secondary: true,
          },
        ),
        button(
          l10n.t('Save'),
          l10n.t('Save the {0} export', label),
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
    label: l10n.t('Current Pareto front of {0} while the search runs', p.target),
  };
  const rows = p.pareto.map((c) => [c.complexity, c.loss, c.expression] as (string | number | null)[]);
  if (!box) {
    root.replaceChildren();
    box = h(
      'section',
      { class: 'dl-section', 'data-symbolic-live': '' },
      h('h2', {}, l10n.t('Search in progress')),
      h('p', { class: 'dl-muted dl-note' }, note),
    );
    root.append(box);
    const handle = host.plot(box, spec);
    (box as HTMLElement & { _plot?: PlotHandle })._plot = handle;
    const tableBox = h('div', { 'data-symbolic-table': '' });
    box.append(tableBox);
    host.table(tableBox, [l10n.t('complexity'), l10n.t('loss'), l10n.t('expression')], rows, { digits: 4 });
    return;
  }
  box.querySelector('p')!.textContent = note;
  (box as HTMLElement & { _plot?: PlotHandle })._plot?.update(spec);
  const tableBox = box.querySelector<HTMLElement>('[data-symbolic-table]')!;
  tableBox.replaceChildren();
  host.table(tableBox, [l10n.t('complexity'), l10n.t('loss'), l10n.t('expression')], rows, { digits: 4 });
}

export const symbolicView: AnalysisView<SymbolicResult> = {
  id: 'symbolic',
  render(root, envelope, host) {
    const r = envelope.result;
    const head = section(
      root,
      l10n.t('Symbolic regression ({0})', r.mode),
      l10n.t(
        'Operators: {0}; seed {1}. Losses are mean squared errors; R² is on the held-out 25%.',
        r.operators.join(' '),
        String(r.seed),
      ),
    );
    if (r.mode === 'dynamics' && r.equations) {
      const d = r.derivatives;
      head.append(
        h(
          'p',
          {},
          d
            ? l10n.t(
                'Derivatives by {0} (window {1}, order {2}, dt {3}{4}).',
                d.method,
                String(d.window),
                String(d.order),
                formatNumber(d.dt),
                d.timeColumn ? `, time column "${d.timeColumn}"` : '',
              )
            : '',
        ),
      );
      host.table(
        head,
        [l10n.t('state'), l10n.t('equation'), l10n.t('complexity'), l10n.t('held-out R²')],
        Object.entries(r.equations).map(([k, e]) => [k, `${k}' = ${e.expression}`, e.complexity, e.r2]),
        { digits: 6, caption: l10n.t('Best equation per state') },
      );
      if (r.sindy)
        host.table(
          head,
          [l10n.t('state'), l10n.t('SINDy (STLSQ) fit'), 'R²', l10n.t('threshold')],
          Object.entries(r.sindy.equations).map(([k, e]) => [k, e.expression, e.r2, e.threshold]),
          { digits: 6, caption: l10n.t('SINDy seed; library: {0}', r.sindy.library.join(', ')) },
        );
      if (r.ode) {
        const ode = r.ode;
        head.append(
          h('h3', {}, l10n.t('XPPAUT model (.ode)')),
          h('pre', { class: 'dl-code' }, ode),
          h(
            'div',
            {},
            button(l10n.t('Save .ode'), l10n.t('Save the fitted model as an .ode file'), () =>
              host.save('fitted.ode', 'text/plain', ode),
            ),
            button(l10n.t('Copy'), l10n.t('Copy the .ode text'), () => host.copy(ode), { secondary: true }),
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
          l10n.t(
            'Network sampled {0} times ({1}{2}{3}); inputs {4}; outputs {5}.',
            String(n.samples),
            n.sampling,
            n.around !== undefined ? ` around row ${n.around}` : '',
            n.box ? `: ${n.box.map((b) => `${b.name} in [${b.lo}, ${b.hi}]`).join(', ')}` : '',
            n.inputs.join(', '),
            n.outputs.join(', '),
          ),
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
