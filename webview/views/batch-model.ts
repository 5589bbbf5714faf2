/**
 * The batch result view's pure parts (no DOM): the feature table's rows and their sort order, the projection's
 * points grouped by label, and text made safe for Plotly labels (Plotly reads a few HTML tags in hover texts,
 * legends and titles; names from files must show as written, never as markup).
 */

/**
 * What these helpers read of a batch result as it arrives in the webview (JSON: typed arrays are arrays, NaN is
 * null). Structural, so the helpers need no DOM types (the view passes its Json<BatchResult>).
 */
export interface BatchJson {
  names: string[];
  tableColumns: number | null;
  tableValues: ArrayLike<number | null>;
  items: { index: number | null; id: string; source: string; label?: string; status: string }[];
  projection?: { index: ArrayLike<number | null>; x: ArrayLike<number | null>; y: ArrayLike<number | null> };
}

export type Cell = string | number | null;

export const META_COLUMNS = ['item', 'id', 'label', 'status'] as const;

export function tableColumns(r: BatchJson): string[] {
  return [...META_COLUMNS, ...r.names.slice(0, r.tableColumns ?? 0)];
}

/** One row per listed item: index, id, label, status, then its first features (null where none). */
export function tableRows(r: BatchJson): Cell[][] {
  const cols = r.tableColumns ?? 0;
  return r.items.map((it, row) => {
    const out: Cell[] = [it.index, it.id, it.label ?? '', it.status];
    for (let c = 0; c < cols; c++) {
      const v = r.tableValues[row * cols + c];
      out.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    }
    return out;
  });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function blank(v: Cell): boolean {
  return v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * Row order for a sort on `column`: numbers by value, text in natural order ("item 2" before "item 10"); empty
 * cells last in either direction; equal cells keep the item order (a stable sort).
 */
export function sortOrder(rows: readonly Cell[][], column: number, direction: 'asc' | 'desc'): number[] {
  const sign = direction === 'asc' ? 1 : -1;
  const order = rows.map((_, i) => i);
  order.sort((a, b) => {
    const x = rows[a][column];
    const y = rows[b][column];
    const bx = blank(x);
    const by = blank(y);
    if (bx || by) return bx === by ? a - b : bx ? 1 : -1;
    let c: number;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else if (typeof x === 'number') c = -1;
    else if (typeof y === 'number') c = 1;
    else c = collator.compare(x as string, y as string);
    return c !== 0 ? sign * c : a - b;
  });
  return order;
}

/** Plotly text of a name: its characters, never tags (Plotly turns entities back into characters). */
export function plotText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface LabelGroup {
  label: string;
  x: number[];
  y: number[];
  /** Item index of each point. */
  index: number[];
  /** Hover text of each point: id, source and label, escaped for Plotly. */
  text: string[];
}

/** The projected points by label, labels in order of first appearance (items without one: "unlabelled"). */
export function projectionGroups(r: BatchJson): LabelGroup[] {
  const p = r.projection;
  if (!p) return [];
  const byIndex = new Map(r.items.map((it) => [it.index, it]));
  const groups = new Map<string, LabelGroup>();
  Array.from(p.index).forEach((at, k) => {
    const index = at ?? -1;
    const it = byIndex.get(index);
    const label = it?.label ?? 'unlabelled';
    let g = groups.get(label);
    if (!g) groups.set(label, (g = { label, x: [], y: [], index: [], text: [] }));
    g.x.push(p.x[k] ?? NaN);
    g.y.push(p.y[k] ?? NaN);
    g.index.push(index);
    g.text.push(it ? [it.id, it.source, `label ${label}`].map(plotText).join('<br>') : plotText(`item ${index}`));
  });
  return [...groups.values()];
}

/** Colour scale bounds shared by every class's image of one grid (so the images compare), NaN-safe. */
export function sharedRange(images: readonly (readonly (number | null)[])[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const im of images)
    for (const v of im)
      if (typeof v === 'number' && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  if (!Number.isFinite(lo)) return [0, 1];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}
