/**
 * Bifurcation view, drawn as AUTO draws its diagrams: the parameter on the x axis and a chosen state variable on
 * the y axis, stable parts solid and unstable parts dashed, periodic branches as their max and min envelopes, special
 * points labelled (LP, HB, BP, PD, ...). Hover shows values; a click shows the point's details. Two-parameter curves
 * (fold, Hopf) get their own plot. Names come from the model file and are only ever set as text.
 */
import * as l10n from '@vscode/l10n';
import type { Data } from 'plotly.js';
import type { BifurcationResult, Branch, BranchKind, SpecialPoint } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable, ViewHost } from './types';
import { formatNumber } from '../format';
import { h } from '../shell/dom';
import { notesList, section } from '../shell/sections';
import { showOrbit } from './bifurcation-orbit';

type R = Json<BifurcationResult>;
type B = Json<Branch>;

const num = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);

/** Branch kinds drawn in the two-parameter plane rather than in the diagram. */
const TWO_PARAMETER = new Set<BranchKind>(['fold-curve', 'hopf-curve', 'flip-curve', 'neimark-sacker-curve']);

/** Consecutive runs of equal stability, each run sharing its end point with the next so the line stays joined. */
function runs(points: B['points']): { stable: boolean; from: number; to: number }[] {
  const out: { stable: boolean; from: number; to: number }[] = [];
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i === points.length || points[i].stable !== points[start].stable) {
      out.push({ stable: points[start].stable, from: start, to: Math.min(i, points.length - 1) });
      start = i;
    }
  }
  return out;
}

/** A trace of a branch and where its points start in the branch (for clicks). */
interface BranchTrace {
  trace: Data;
  branch: number;
  from: number;
}

function branchTraces(r: R, b: B, yIndex: number, color: string): BranchTrace[] {
  const p = r.parameter;
  const out: BranchTrace[] = [];
  const periodic = b.kind === 'periodic';
  for (const run of runs(b.points)) {
    const pts = b.points.slice(run.from, run.to + 1);
    const x = pts.map((q) => num(q.parameters[p]));
    const ys: number[][] = periodic
      ? [pts.map((q) => num(q.max?.[yIndex])), pts.map((q) => num(q.min?.[yIndex]))]
      : [pts.map((q) => num(q.state[yIndex]))];
    for (const y of ys) {
      const trace: Data = {
        type: 'scatter',
        mode: 'lines',
        x,
        y,
        name: `${b.kind} ${b.id} (${run.stable ? 'stable' : 'unstable'})`,
        showlegend: false,
        line: { color, dash: run.stable ? 'solid' : 'dash', width: 2 },
        hovertemplate: `${p} = %{x:.6g}<br>%{y:.6g}<br>${run.stable ? 'stable' : 'unstable'} ${b.kind}<extra></extra>`,
      };
      out.push({ trace, branch: b.id ?? -1, from: run.from });
    }
  }
  return out;
}

function specialTrace(r: R, specials: Json<SpecialPoint>[], yIndex: number, color: string): Data {
  const p = r.parameter;
  const y = (s: Json<SpecialPoint>): number => {
    const b = s.branch === null ? undefined : r.branches[s.branch];
    const pt = s.index === null ? undefined : b?.points[s.index];
    return b?.kind === 'periodic' ? num(pt?.max?.[yIndex]) : num(s.state[yIndex]);
  };
  return {
    type: 'scatter',
    mode: 'text+markers',
    x: specials.map((s) => num(s.parameters[p])),
    y: specials.map(y),
    text: specials.map((s) => s.label),
    textposition: 'top center',
    marker: { size: 9, symbol: 'diamond', color },
    name: l10n.t('special points'),
    hovertemplate: '%{text}<br>' + `${p} = %{x:.6g}<extra></extra>`,
  };
}

function details(s: Json<SpecialPoint>): string {
  const parts = [`${s.label}: ${s.type}`];
  for (const [k, v] of Object.entries(s.parameters)) parts.push(`${k} = ${formatNumber(num(v), 8)}`);
  if (s.firstLyapunovCoefficient !== undefined && s.firstLyapunovCoefficient !== null)
    parts.push(`l1 = ${formatNumber(s.firstLyapunovCoefficient, 4)} (${s.criticality ?? ''})`);
  if (s.frequency) parts.push(`period of the emerging cycle 2π/ω = ${formatNumber((2 * Math.PI) / s.frequency, 6)}`);
  if (s.note) parts.push(s.note);
  return parts.join(' · ');
}

function table(r: R): ResultTable {
  return {
    columns: [
      'label',
      'type',
      ...Object.keys(r.specialPoints[0]?.parameters ?? { [r.parameter]: 0 }),
      'criticality',
      'l1',
      'branch',
    ],
    rows: r.specialPoints.map((s) => [
      s.label,
      s.type,
      ...Object.values(s.parameters).map(num),
      s.criticality ?? '',
      s.firstLyapunovCoefficient ?? null,
      s.branch,
    ]),
    name: 'bifurcation-special-points',
  };
}

function diagram(root: HTMLElement, r: R, host: ViewHost): void {
  const s = section(
    root,
    l10n.t('Bifurcation diagram in {0}', r.parameter),
    l10n.t('Solid: stable, dashed: unstable; periodic branches as max and min of the chosen variable over the orbit.'),
  );
  const picker = h('select', { 'aria-label': l10n.t('Variable on the vertical axis') });
  r.stateNames.forEach((name, i) => picker.append(h('option', { value: i }, name)));
  const info = h('p', { class: 'note', 'aria-live': 'polite' });
  const box = h('div');
  s.append(h('label', {}, l10n.t('Vertical axis: '), picker), box, info);
  const orbitSection = section(
    root,
    l10n.t('Orbit at a point'),
    l10n.t('Click a point of a branch or a labelled point of the diagram to see its orbit here.'),
  );
  const orbitBox = h('div', { class: 'dl-orbit', 'aria-live': 'polite' });
  orbitSection.append(orbitBox);
  const pick = (branch: number, index: number): void => {
    host.setUiState('orbitPick', [branch, index]);
    showOrbit(orbitBox, r, host, branch, index);
  };
  const picked = host.getUiState<[number, number] | null>('orbitPick', null);
  if (picked) showOrbit(orbitBox, r, host, picked[0], picked[1]);
  const oneParam = r.branches.filter((b) => !TWO_PARAMETER.has(b.kind));
  const specials = r.specialPoints.filter((sp) => oneParam.some((b) => b.id === sp.branch));
  const draw = (yIndex: number): void => {
    const theme = host.theme();
    const data: Data[] = [];
    const od = r.orbitDiagram?.points[yIndex];
    if (r.orbitDiagram && od) {
      const values = r.orbitDiagram.values;
      data.push({
        type: od.value.length > 20000 ? 'scattergl' : 'scatter',
        mode: 'markers',
        x: od.parameterIndex.map((i) => num(i === null ? null : values[i])),
        y: od.value.map(num),
        name: l10n.t('simulated attractors ({0})', r.orbitDiagram.kind),
        marker: { size: 2, color: theme.muted },
        hoverinfo: 'skip',
      });
    }
    const lines = oneParam.flatMap((b, k) => branchTraces(r, b, yIndex, theme.series[k % theme.series.length]));
    const firstLine = data.length;
    data.push(...lines.map((l) => l.trace));
    data.push(specialTrace(r, specials, yIndex, theme.foreground));
    const spec = {
      data,
      layout: { xaxis: { title: { text: r.parameter } }, yaxis: { title: { text: r.stateNames[yIndex] ?? '' } } },
      exportName: 'bifurcation-diagram',
      label: l10n.t('Bifurcation diagram: {0} against {1}', r.stateNames[yIndex] ?? '', r.parameter),
    };
    box.replaceChildren();
    const plot = host.plot(box, spec);
    plot.onClick((curve, index) => {
      const sp = curve === data.length - 1 ? specials[index] : undefined;
      const line = lines[curve - firstLine];
      if (sp) {
        info.textContent = details(sp);
        if (sp.branch !== null && sp.index !== null) pick(sp.branch, sp.index);
      } else if (line) {
        info.textContent = `${r.parameter} = ${formatNumber(num((data[curve] as { x: number[] }).x[index]), 8)}`;
        pick(line.branch, line.from + index);
      }
    });
  };
  const initial = host.getUiState<number>('yIndex', 0);
  picker.value = String(initial);
  picker.addEventListener('change', () => {
    const v = Number(picker.value);
    host.setUiState('yIndex', v);
    draw(v);
  });
  draw(initial);
}

function twoParameter(root: HTMLElement, r: R, host: ViewHost): void {
  const curves = r.branches.filter((b) => TWO_PARAMETER.has(b.kind));
  if (curves.length === 0 || !r.secondParameter) return;
  const a = r.parameter;
  const b = r.secondParameter;
  const s = section(
    root,
    r.system === 'map'
      ? l10n.t('Fold, flip and Neimark-Sacker curves in ({0}, {1})', a, b)
      : l10n.t('Fold and Hopf curves in ({0}, {1})', a, b),
  );
  const theme = host.theme();
  const data: Data[] = curves.map((c, k) => ({
    type: 'scatter',
    mode: 'lines',
    x: c.points.map((p) => num(p.parameters[a])),
    y: c.points.map((p) => num(p.parameters[b])),
    name: `${c.kind} (${c.origin})`,
    line: { color: theme.series[k % theme.series.length] },
  }));
  const codim2 = r.specialPoints.filter((sp) => curves.some((c) => c.id === sp.branch));
  data.push({
    type: 'scatter',
    mode: 'text+markers',
    x: codim2.map((sp) => num(sp.parameters[a])),
    y: codim2.map((sp) => num(sp.parameters[b])),
    text: codim2.map((sp) => sp.label),
    textposition: 'top center',
    marker: { size: 9, symbol: 'diamond', color: theme.foreground },
    name: l10n.t('codimension two'),
  });
  host.plot(s, {
    data,
    layout: { xaxis: { title: { text: a } }, yaxis: { title: { text: b } } },
    exportName: 'bifurcation-two-parameter',
    label: l10n.t('Curves of folds and Hopf points in the plane of {0} and {1}', a, b),
  });
}

export const bifurcationView: AnalysisView<BifurcationResult> = {
  id: 'bifurcation',
  render(root, envelope, host) {
    const r = envelope.result;
    const top = section(
      root,
      r.summary.length > 0 ? l10n.t('Where stability changes') : l10n.t('No bifurcation found in the range'),
    );
    const list = h('ul');
    for (const line of r.summary) list.append(h('li', {}, line));
    top.append(list);
    diagram(root, r, host);
    twoParameter(root, r, host);
    const t = table(r);
    if (t.rows.length > 0) host.table(section(root, l10n.t('Special points')), t.columns, t.rows, { digits: 8 });
    const ends = section(root, l10n.t('Branches'));
    host.table(
      ends,
      [l10n.t('branch'), l10n.t('kind'), l10n.t('points'), l10n.t('origin'), l10n.t('ends')],
      r.branches.map((b) => [b.id, b.kind, b.points.length, b.origin, b.ends.join('; ')]),
    );
    notesList(root, r.notes);
  },
  table: (envelope) => table(envelope.result),
};
