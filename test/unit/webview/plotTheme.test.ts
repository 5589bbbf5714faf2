import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js';
import type { ThemeColors } from '../../../webview/themeColors';
import { colorMap, mergeDeep, recolor, tableFromTraces, themedLayout } from '../../../webview/shell/plotTheme';

const dark: ThemeColors = {
  kind: 'dark',
  foreground: '#cccccc',
  background: '#1f1f1f',
  muted: '#9d9d9d',
  accent: '#0078d4',
  grid: '#3c3c3c',
  positive: '#89d185',
  negative: '#f14c4c',
  series: ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#d18616', '#b180d7'],
};
const light: ThemeColors = {
  kind: 'light',
  foreground: '#3b3b3b',
  background: '#ffffff',
  muted: '#717171',
  accent: '#005fb8',
  grid: '#e5e5e5',
  positive: '#388a34',
  negative: '#e51400',
  series: ['#1a85ff', '#e51400', '#388a34', '#bf8803', '#d18616', '#652d90'],
};

describe('mergeDeep', () => {
  it('merges nested objects, the override wins, arrays are replaced whole', () => {
    const out = mergeDeep({ a: 1, b: { c: 2, d: [1, 2] }, e: 'x' }, { b: { c: 3, d: [9] }, f: true });
    expect(out).toEqual({ a: 1, b: { c: 3, d: [9] }, e: 'x', f: true });
  });
  it('takes typed arrays by reference', () => {
    const x = new Float64Array(3);
    expect((mergeDeep({ x: [1] }, { x }) as { x: unknown }).x).toBe(x);
  });
});

describe('recolor', () => {
  it('maps every theme color of a spec to the same role in the new theme (case-insensitive)', () => {
    const map = colorMap(dark, light);
    const spec = {
      marker: { color: '#3794FF', line: { color: '#f14c4c' } },
      shapes: [{ line: { color: '#cccccc' } }],
      name: 'x',
      other: '#123456',
    };
    expect(recolor(spec, map)).toEqual({
      marker: { color: '#1a85ff', line: { color: '#e51400' } },
      shapes: [{ line: { color: '#3b3b3b' } }],
      name: 'x',
      other: '#123456',
    });
  });
  it('passes numeric arrays and typed arrays through without copying', () => {
    const map = colorMap(dark, light);
    const x = [1, 2, 3];
    const y = new Float64Array([1, 2]);
    const withNulls = [null, 4];
    const out = recolor({ x, y, z: withNulls, colors: ['#3794ff', '#000000'] }, map);
    expect(out.x).toBe(x);
    expect(out.y).toBe(y);
    expect(out.z).toBe(withNulls);
    expect(out.colors).toEqual(['#1a85ff', '#000000']);
  });
  it('is the identity between equal themes', () => {
    const spec = { marker: { color: '#3794ff' } };
    expect(recolor(spec, colorMap(dark, dark))).toEqual(spec);
  });
});

/** The parts of a themed layout this test reads. */
interface ThemedAxes {
  paper_bgcolor: string;
  font: unknown;
  colorway: unknown;
  xaxis: { gridcolor: string };
  xaxis2: { gridcolor: string; title: unknown };
  yaxis: unknown;
  scene2: { zaxis: { gridcolor: string } };
  height: number;
}

describe('themedLayout', () => {
  it('themes the paper, fonts, colorway and every axis and scene the spec names; the spec wins', () => {
    const l = themedLayout(
      { xaxis2: { title: { text: 't' } }, scene2: {}, yaxis: { type: 'log', gridcolor: '#ff0000' }, height: 300 },
      dark,
      'Fira Sans',
    ) as unknown as ThemedAxes;
    expect(l.paper_bgcolor).toBe('#1f1f1f');
    expect(l.font).toEqual({ color: '#cccccc', family: 'Fira Sans', size: 12 });
    expect(l.colorway).toEqual(dark.series);
    expect(l.xaxis.gridcolor).toBe('#3c3c3c');
    expect(l.xaxis2.gridcolor).toBe('#3c3c3c');
    expect(l.xaxis2.title).toEqual({ text: 't' });
    expect(l.yaxis).toMatchObject({ type: 'log', gridcolor: '#ff0000', color: '#cccccc' });
    expect(l.scene2.zaxis.gridcolor).toBe('#3c3c3c');
    expect(l.height).toBe(300);
  });
});

describe('tableFromTraces', () => {
  it('collects numeric x/y/z arrays named by trace', () => {
    const data = [
      { type: 'scatter', name: 'a', x: [1, 2], y: [3, 4] },
      { type: 'scatter3d', x: [1], y: [2], z: [3] },
      { type: 'bar', name: 'cats', x: ['p', 'q'], y: [1, 2] },
    ] as Data[];
    const t = tableFromTraces(data);
    expect(t.columns).toEqual(['a.x', 'a.y', 'trace1.x', 'trace1.y', 'trace1.z', 'cats.y']);
    expect(t.rows[5]).toEqual([1, 2]);
  });
});
