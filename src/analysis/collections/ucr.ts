/**
 * UCR/UEA-style tables: one series per row, the class label in one column (`--label-column first|last|none|NAME`,
 * default first). The archive's layouts are all read: tab-separated (2018 archive), comma-separated and
 * whitespace-separated (older releases, with labels written as 1.0000000e+00). Rows of different lengths are
 * allowed; trailing missing values (NaN, ?, empty: the padding of variable-length sets) are dropped.
 */
import { basename, resolve } from 'node:path';
import { badInput } from '../core/errors';
import { labelFromPath, readCollectionFile, seriesInput, seriesValues } from './common';
import { streamingCollection } from './cursor';
import { lineSpans, spanText } from './lines';
import type { Collection, CollectionItem, CollectionOptions } from './types';

type Splitter = (line: string) => string[];

function splitterFor(firstLine: string): { split: Splitter; name: string } {
  if (firstLine.includes('\t')) return { split: (l) => l.split('\t'), name: 'tab' };
  if (firstLine.includes(',')) return { split: (l) => l.split(','), name: 'comma' };
  return { split: (l) => l.trim().split(/\s+/), name: 'whitespace' };
}

/** Numeric labels are written canonically (the old archive's 1.0000000e+00 is label 1). */
export function canonicalLabel(cell: string): string | undefined {
  const s = cell.trim();
  if (s === '' || s === '?') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? String(v) : s;
}

function isNumberCell(s: string): boolean {
  const t = s.trim();
  return t === '' || t === '?' || /^nan$/i.test(t) || Number.isFinite(Number(t));
}

/**
 * One row as an item. A function of its own so that the item's closure holds the row's text and nothing else: a
 * collection of 100,000 rows must not keep every row's split cells alive.
 */
function rowItem(
  file: string,
  stem: string,
  line: string,
  row: number,
  split: Splitter,
  labelAt: (cells: string[]) => number,
  options: CollectionOptions,
): CollectionItem {
  const source = `${file}:${row}`;
  // The label is read now (the output table lists it even for items that fail); the values when the item runs.
  const all = split(line);
  const at = labelAt(all);
  const label = (at >= 0 ? canonicalLabel(all[at] ?? '') : undefined) ?? labelFromPath(options.labelFromPath, source);
  return {
    id: `${stem}:${row}`,
    source,
    label: label === undefined ? undefined : label.slice(0),
    extra: {},
    load: async () => {
      const cells = split(line);
      const k = labelAt(cells);
      const values = k >= 0 ? cells.filter((_, j) => j !== k) : cells;
      return seriesInput(source, [seriesValues(values, file, row)], `row ${row} of ${stem}`);
    },
  };
}

export async function readUcrTable(path: string, options: CollectionOptions): Promise<Collection> {
  const file = resolve(path);
  const text = new TextDecoder('utf-8').decode(await readCollectionFile(file, options)).replace(/^\uFEFF/, '');
  const firstMatch = /[^\s]/.exec(text);
  if (!firstMatch) throw badInput('the table is empty: no series', { file });
  const lineStart = text.lastIndexOf('\n', firstMatch.index) + 1;
  const lineEnd = text.indexOf('\n', firstMatch.index);
  const firstLine = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const firstIndex = (text.slice(0, lineStart).match(/\n/g) ?? []).length;
  const { split, name: delimiter } = splitterFor(firstLine);
  const firstCells = split(firstLine);
  const header = firstCells.some((c) => !isNumberCell(c)) && firstCells.filter((c) => !isNumberCell(c)).length > 1;
  const lc = options.labelColumn;
  let labelAt: (cells: string[]) => number;
  if (lc === 'first') labelAt = () => 0;
  else if (lc === 'last') labelAt = (cells) => cells.length - 1;
  else if (lc === 'none') labelAt = () => -1;
  else {
    if (!header)
      throw badInput(`--label-column ${lc.name}: the table has no header row to find the column in`, { file });
    const k = firstCells.map((c) => c.trim()).indexOf(lc.name);
    if (k < 0) throw badInput(`--label-column ${lc.name}: no such column (header: ${firstCells.join(', ')})`, { file });
    labelAt = () => k;
  }
  const spans = lineSpans(text, header ? firstIndex + 1 : firstIndex);
  const count = spans.starts.length;
  if (count === 0) throw badInput('the table has no data rows', { file });
  const stem = basename(file);
  const item = (k: number): CollectionItem =>
    rowItem(file, stem, spanText(text, spans, k), spans.rows[k], split, labelAt, options);
  const notes = [
    `UCR table ${stem}: ${count} series, ${delimiter}-separated${header ? ', header row skipped' : ''}, label column ${typeof lc === 'string' ? lc : lc.name}`,
  ];
  return streamingCollection({ name: path, layout: 'ucr-table', files: [file], extraColumns: [], notes }, count, item);
}
