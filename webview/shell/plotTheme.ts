/**
 * Pure helpers of the plot host (no Plotly, no DOM): theme defaults for Plotly layouts, the theme-color mapping
 * that re-colors a view's spec on theme change, and the fallback data table of a plot. Unit-tested in
 * test/unit/webview.
 */
import type { Data, Layout } from 'plotly.js';
import type { ThemeColors } from '../themeColors';

type Loose = Record<string, unknown>;

function isPlainObject(v: unknown): v is Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** Deep merge of plain objects; `over` wins; arrays and typed arrays are taken whole from `over`. */
export function mergeDeep(base: Loose, over: Loose): Loose {
  const out: Loose = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeDeep(b, v) : v;
  }
  return out;
}

export function colorMap(from: ThemeColors, to: ThemeColors): Map<string, string> {
  const m = new Map<string, string>();
  const add = (a: string, b: string): void => {
    const k = a.toLowerCase();
    if (!m.has(k)) m.set(k, b);
  };
  from.series.forEach((c, i) => add(c, to.series[i % to.series.length]));
  add(from.foreground, to.foreground);
  add(from.background, to.background);
  add(from.muted, to.muted);
  add(from.accent, to.accent);
  add(from.grid, to.grid);
  add(from.positive, to.positive);
  add(from.negative, to.negative);
  return m;
}

/** Replaces theme colors in a spec. Numeric arrays (the data) are passed through untouched, never copied. */
export function recolor<T>(value: T, map: Map<string, string>): T {
  if (map.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return map.get(v.toLowerCase()) ?? v;
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) {
      const first = v.find((x) => x !== null);
      return typeof first === 'number' || first === undefined ? v : v.map(walk);
    }
    const out: Loose = {};
    for (const [k, x] of Object.entries(v as Loose)) out[k] = walk(x);
    return out;
  };
  return walk(value) as T;
}

function axisTheme(t: ThemeColors): Loose {
  return {
    gridcolor: t.grid,
    zerolinecolor: t.grid,
    linecolor: t.muted,
    tickcolor: t.muted,
    color: t.foreground,
    automargin: true,
  };
}

function sceneAxisTheme(t: ThemeColors): Loose {
  return { ...axisTheme(t), backgroundcolor: t.background, showbackground: false };
}

/** Theme defaults for a layout: every axis and scene the spec mentions gets themed, plus the defaults. */
export function themedLayout(layout: Partial<Layout> | undefined, t: ThemeColors, fontFamily: string): Partial<Layout> {
  const base: Loose = {
    paper_bgcolor: t.background,
    plot_bgcolor: t.background,
    font: { color: t.foreground, family: fontFamily, size: 12 },
    colorway: t.series,
    legend: { font: { color: t.foreground }, bgcolor: 'rgba(0,0,0,0)' },
    hoverlabel: { bgcolor: t.background, bordercolor: t.accent, font: { color: t.foreground } },
    modebar: { bgcolor: 'rgba(0,0,0,0)', color: t.muted, activecolor: t.accent },
    margin: { l: 56, r: 16, t: 36, b: 48 },
    autosize: true,
    xaxis: axisTheme(t),
    yaxis: axisTheme(t),
    scene: { xaxis: sceneAxisTheme(t), yaxis: sceneAxisTheme(t), zaxis: sceneAxisTheme(t), bgcolor: t.background },
  };
  for (const key of Object.keys(layout ?? {})) {
    if (/^[xy]axis\d+$/.test(key)) base[key] = axisTheme(t);
    if (/^scene\d+$/.test(key)) base[key] = base.scene;
  }
  return mergeDeep(base, layout ?? {});
}

/** Data behind a plot when the view did not give a table: the x/y/z arrays of every trace. */
export function tableFromTraces(data: Data[]): { columns: string[]; rows: ArrayLike<number>[] } {
  const columns: string[] = [];
  const rows: ArrayLike<number>[] = [];
  data.forEach((trace, i) => {
    const tr = trace as Loose;
    const name = typeof tr.name === 'string' && tr.name ? tr.name : `trace${i}`;
    for (const axis of ['x', 'y', 'z']) {
      const arr = tr[axis];
      if (Array.isArray(arr) || ArrayBuffer.isView(arr)) {
        const a = arr as ArrayLike<unknown>;
        if (a.length === 0 || typeof a[0] === 'number' || a[0] === null) {
          columns.push(`${name}.${axis}`);
          rows.push(a as ArrayLike<number>);
        }
      }
    }
  });
  return { columns, rows };
}
