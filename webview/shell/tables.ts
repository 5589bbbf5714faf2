/**
 * Accessible tables and copyable numbers. A table is one tab stop (a roving tabindex over its cells, arrow keys
 * move, Enter or Space copies the focused value), so a 1000-row table does not cost 7000 Tab presses.
 */
import { formatNumber, fullPrecision, rowsToCsv, DEFAULT_DIGITS } from '../format';
import { button, h } from './dom';
import * as l10n from '@vscode/l10n';

export interface CopySink {
  copy(text: string): void;
  saveText(name: string, mime: string, text: string): void;
}

/** A number shown with `digits` significant digits; clicking (or Enter) copies the full-precision value. */
export function numberElement(value: number | null, digits: number, sink: CopySink, focusable = true): HTMLElement {
  const shown = formatNumber(value, digits);
  const full = fullPrecision(value);
  const el = h(
    'button',
    {
      type: 'button',
      class: 'dl-num',
      title: l10n.t('{0} (click to copy)', full),
      'aria-label': l10n.t('{0}, copy {1}', shown, full),
      tabindex: focusable ? 0 : -1,
    },
    shown,
  );
  el.addEventListener('click', () => sink.copy(full));
  return el;
}

/** Renders the text of a cell (for example LaTeX as MathML); undefined falls back to the text itself. */
export type CellRenderer = (text: string) => Node | undefined;

function cellContent(v: string | number | null, digits: number, sink: CopySink, render?: CellRenderer): HTMLElement {
  if (typeof v === 'number' || v === null) return numberElement(v, digits, sink, false);
  const shown = render?.(v) ?? v;
  const el = h(
    'button',
    {
      type: 'button',
      class: 'dl-text-cell',
      title: l10n.t('{0} (click to copy)', v),
      'aria-label': l10n.t('{0}, copy', v),
      tabindex: -1,
    },
    shown,
  );
  el.addEventListener('click', () => sink.copy(v));
  return el;
}

export function tableElement(
  container: HTMLElement,
  columns: string[],
  rows: (string | number | null)[][],
  sink: CopySink,
  opts: { digits?: number; caption?: string; exportName?: string; render?: Record<number, CellRenderer> } = {},
): HTMLElement {
  const digits = opts.digits ?? DEFAULT_DIGITS;
  const table = h('table', { class: 'dl-table' });
  const caption = opts.caption ?? 'Table';
  table.append(h('caption', {}, caption));
  const thead = h('thead');
  // Columns holding only numbers are right-aligned, headers included; a column mixing text and numbers (a
  // key/value table) stays left-aligned throughout.
  const numeric = columns.map(
    (_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || r[j] === null),
  );
  thead.append(
    h('tr', {}, ...columns.map((c, j) => h('th', { scope: 'col', class: numeric[j] ? 'num' : undefined }, c))),
  );
  const tbody = h('tbody');
  const grid: HTMLElement[][] = [];
  rows.forEach((r) => {
    const tr = h('tr');
    const cells: HTMLElement[] = [];
    r.forEach((v, j) => {
      const content = cellContent(v, digits, sink, opts.render?.[j]);
      cells.push(content);
      // The first column names the row (a column name, a parameter): a row header for screen readers.
      tr.append(
        j === 0 && typeof v === 'string'
          ? h('th', { scope: 'row' }, content)
          : h('td', { class: numeric[j] ? 'num' : undefined }, content),
      );
    });
    grid.push(cells);
    tbody.append(tr);
  });
  table.append(thead, tbody);
  const first = grid[0]?.[0];
  if (first) first.tabIndex = 0;
  let cur: [number, number] = [0, 0];
  table.addEventListener('keydown', (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Home: [0, -1e9],
      End: [0, 1e9],
    };
    const mv = moves[e.key];
    if (!mv) return;
    const i = Math.min(Math.max(cur[0] + mv[0], 0), grid.length - 1);
    const row = grid[i];
    const j = Math.min(Math.max(cur[1] + mv[1], 0), row.length - 1);
    const from = grid[cur[0]]?.[cur[1]];
    const to = row[j];
    if (!to) return;
    e.preventDefault();
    if (from) from.tabIndex = -1;
    to.tabIndex = 0;
    to.focus();
    cur = [i, j];
  });
  table.addEventListener('focusin', (e) => {
    grid.forEach((row, i) =>
      row.forEach((c, j) => {
        if (c === e.target) {
          if (c !== grid[cur[0]]?.[cur[1]]) {
            const old = grid[cur[0]]?.[cur[1]];
            if (old) old.tabIndex = -1;
            c.tabIndex = 0;
          }
          cur = [i, j];
        }
      }),
    );
  });
  const name = (opts.exportName ?? caption).replace(/[^A-Za-z0-9._-]+/g, '_');
  const tools = h(
    'div',
    { class: 'dl-table-toolbar', role: 'toolbar', 'aria-label': l10n.t('{0}: export', caption) },
    button(
      l10n.t('Copy table'),
      l10n.t('Copy {0} to the clipboard, tab-separated', caption),
      () => sink.copy(rowsToCsv(columns, rows, '\t')),
      { secondary: true },
    ),
    button(
      l10n.t('Save CSV'),
      l10n.t('Save {0} as CSV', caption),
      () => sink.saveText(`${name}.csv`, 'text/csv', rowsToCsv(columns, rows)),
      { secondary: true },
    ),
  );
  const wrap = h('div', { class: 'dl-table-wrap' }, tools, h('div', { class: 'dl-table-scroll' }, table));
  container.append(wrap);
  return wrap;
}
