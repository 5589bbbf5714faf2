/**
 * Manifest CSV: a header with a `path` column (relative paths are resolved beside the manifest), optionally a
 * `label` column, and any other columns, carried into the output table as they are.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { badInput } from '../core/errors';
import { readInput } from '../data/load';
import { labelFromPath, readCollectionFile } from './common';
import { streamingCollection } from './cursor';
import { lineSpans, spansFrom, spanText } from './lines';
import type { Collection, CollectionItem, CollectionOptions } from './types';

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** True when the first non-empty line of the text is a header naming a `path` column. */
export function looksLikeManifest(text: string): boolean {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return splitCsvLine(first.replace(/^\uFEFF/, '')).some((c) => c.trim().toLowerCase() === 'path');
}

interface ManifestColumns {
  header: string[];
  pathAt: number;
  labelAt: number;
  extraAt: number[];
}

/** One listed file as an item, from its row's text. */
function fileItem(file: string, line: string, cols: ManifestColumns, options: CollectionOptions): CollectionItem {
  const cells = splitCsvLine(line);
  const rel = (cells[cols.pathAt] ?? '').trim();
  const target = isAbsolute(rel) ? rel : resolve(dirname(file), rel);
  const extra: Record<string, string> = {};
  for (const k of cols.extraAt) extra[cols.header[k]] = cells[k] ?? '';
  const cell = cols.labelAt >= 0 ? (cells[cols.labelAt] ?? '').trim() : '';
  return {
    id: rel,
    source: target,
    label: cell !== '' ? cell : labelFromPath(options.labelFromPath, target),
    extra,
    file: target,
    load: async () => (await readInput(target, { maxBytes: options.maxBytes })).input,
  };
}

export async function readManifest(path: string, options: CollectionOptions): Promise<Collection> {
  const file = resolve(path);
  const text = new TextDecoder('utf-8').decode(await readCollectionFile(file, options)).replace(/^\uFEFF/, '');
  const all = lineSpans(text, 0);
  if (all.starts.length === 0) throw badInput('the manifest is empty', { file });
  const header = splitCsvLine(spanText(text, all, 0)).map((c) => c.trim());
  const pathAt = header.findIndex((c) => c.toLowerCase() === 'path');
  if (pathAt < 0) throw badInput(`the manifest has no "path" column (header: ${header.join(', ')})`, { file });
  const labelAt = header.findIndex((c) => c.toLowerCase() === 'label');
  const extraAt = header.map((_, k) => k).filter((k) => k !== pathAt && k !== labelAt);
  const cols = { header, pathAt, labelAt, extraAt };
  const spans = spansFrom(all, 1); // the rows after the header
  const count = spans.starts.length;
  if (count === 0) throw badInput('the manifest lists no files', { file });
  const item = (k: number) => fileItem(file, spanText(text, spans, k), cols, options);
  // every path is checked now (an empty one makes the manifest unusable) and kept for the collection hash
  const files = [file];
  for (let k = 0; k < count; k++) {
    const it = item(k);
    if (it.id === '') throw badInput(`row ${spans.rows[k]}: empty path`, { file, row: spans.rows[k] });
    files.push(it.file as string);
  }
  const extraColumns = extraAt.map((k) => header[k]);
  const notes = [
    `manifest ${file}: ${count} files${extraColumns.length ? `, carried ${extraColumns.join(', ')}` : ''}`,
  ];
  return streamingCollection({ name: path, layout: 'manifest', files, extraColumns, notes }, count, item);
}
