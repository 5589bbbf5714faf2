/**
 * Manifest CSV: a header with a `path` column (relative paths are resolved beside the manifest), optionally a
 * `label` column, and any other columns, carried into the output table as they are.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { badInput } from '../core/errors';
import { readInput } from '../data/load';
import { labelFromPath, readCollectionFile } from './common';
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

export async function readManifest(path: string, options: CollectionOptions): Promise<Collection> {
  const file = resolve(path);
  const text = new TextDecoder('utf-8').decode(await readCollectionFile(file, options)).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const hi = lines.findIndex((l) => l.trim() !== '');
  if (hi < 0) throw badInput('the manifest is empty', { file });
  const header = splitCsvLine(lines[hi]).map((c) => c.trim());
  const pathAt = header.findIndex((c) => c.toLowerCase() === 'path');
  if (pathAt < 0) throw badInput(`the manifest has no "path" column (header: ${header.join(', ')})`, { file });
  const labelAt = header.findIndex((c) => c.toLowerCase() === 'label');
  const extraAt = header.map((_, k) => k).filter((k) => k !== pathAt && k !== labelAt);
  const extraColumns = extraAt.map((k) => header[k]);
  const items: CollectionItem[] = [];
  const dir = dirname(file);
  for (let li = hi + 1; li < lines.length; li++) {
    if (lines[li].trim() === '') continue;
    const cells = splitCsvLine(lines[li]);
    const row = li + 1;
    const rel = (cells[pathAt] ?? '').trim();
    if (rel === '') throw badInput(`row ${row}: empty path`, { file, row });
    const target = isAbsolute(rel) ? rel : resolve(dir, rel);
    const extra: Record<string, string> = {};
    for (const k of extraAt) extra[header[k]] = cells[k] ?? '';
    const label = labelAt >= 0 && (cells[labelAt] ?? '').trim() !== '' ? cells[labelAt].trim() : undefined;
    items.push({
      id: rel,
      source: target,
      label: label ?? labelFromPath(options.labelFromPath, target),
      extra,
      file: target,
      load: async () => (await readInput(target, { maxBytes: options.maxBytes })).input,
    });
  }
  if (items.length === 0) throw badInput('the manifest lists no files', { file });
  return {
    name: path,
    layout: 'manifest',
    files: [file, ...items.map((i) => i.file as string)],
    items,
    extraColumns,
    notes: [
      `manifest ${file}: ${items.length} files${extraColumns.length ? `, carried ${extraColumns.join(', ')}` : ''}`,
    ],
  };
}
