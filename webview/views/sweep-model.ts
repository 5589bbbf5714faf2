/**
 * DOM-free helpers of the sweep view (unit-tested): the matrix of a 2-D heat map, the bands of a 1-D sweep (runs of
 * grid points with the same attractor type or the same fixed-point count), and the CLI command that opens one
 * point's model overview.
 */
import type { SweepResult } from '../../src/protocol';

/** A sweep as it arrives in the webview: JSON, so NaN is null (the view's SweepJson, without DOM types). */
export type SweepJson = Omit<SweepResult, 'axes' | 'columns' | 'failures'> & {
  axes: { name: string; values: (number | null)[] }[];
  columns: (number | null)[][];
  failures: { item: number | null; error: string }[];
};

/** Attractor codes as measure.ts numbers them (the attractor_code column). */
export const ATTRACTOR_NAMES = ['fixed point', 'periodic', 'quasi-periodic', 'chaotic', 'divergent'] as const;

/** z[j][i] = column value at (axis 0 index i, axis 1 index j): Plotly's heatmap z is row = y. */
export function heatMatrix(r: SweepJson, column: number): number[][] {
  const nA = r.axes[0].values.length;
  const nB = r.axes[1].values.length;
  const col = r.columns[column];
  const z: number[][] = Array.from({ length: nB }, () => new Array<number>(nA).fill(NaN));
  for (let i = 0; i < nA; i++)
    for (let j = 0; j < nB; j++) {
      const v = col[i * nB + j];
      z[j][i] = v === null || v === undefined ? NaN : v;
    }
  return z;
}

export interface Band {
  /** First and last grid index of the run. */
  from: number;
  to: number;
  label: string;
}

/** Runs of equal labels along a 1-D sweep ('' labels, i.e. unknown points, end a run and start none). */
export function bands(labels: readonly string[]): Band[] {
  const out: Band[] = [];
  for (let k = 0; k < labels.length; k++) {
    const l = labels[k];
    if (!l) continue;
    const last = out[out.length - 1];
    if (last && last.label === l && last.to === k - 1) last.to = k;
    else out.push({ from: k, to: k, label: l });
  }
  return out;
}

/** The label that colours a band: the attractor type, or the fixed-point count and how many are stable. */
export function bandLabels(r: SweepJson): string[] {
  if (r.measure !== 'fixed-points') return r.attractor.map((a) => a ?? '');
  const count = r.columns[r.names.indexOf('fixed_points')];
  const stable = r.columns[r.names.indexOf('stable_fixed_points')];
  return count.map((c, i) => (c === null ? '' : `${c} fixed point${c === 1 ? '' : 's'}, ${stable[i]} stable`));
}

/** Parameter values of item i. */
export function pointOf(r: SweepJson, i: number): Record<string, number> {
  const v = (a: number, k: number): number => r.axes[a].values[k] ?? NaN;
  if (r.axes.length === 1) return { [r.axes[0].name]: v(0, i) };
  const nB = r.axes[1].values.length;
  return { [r.axes[0].name]: v(0, Math.floor(i / nB)), [r.axes[1].name]: v(1, i % nB) };
}

function quote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `dynlens model-overview MODEL --set a=..,b=..`: the full panel of one grid point. */
export function overviewCommand(model: string, point: Record<string, number>): string {
  const set = Object.entries(point)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `npx dynlens model-overview ${quote(model)} --set ${set}`;
}
