/**
 * Folder and glob collections: one item per file in a supported format (the single-file loaders decode each),
 * sorted by relative path (code-unit order) so item indices are stable across machines.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { badInput } from '../core/errors';
import { inputKindOf } from '../core/input';
import { readInput } from '../data/load';
import { labelFromPath } from './common';
import { streamingCollection } from './cursor';
import type { Collection, CollectionItem, CollectionOptions } from './types';

async function listFiles(root: string, recursive: boolean, skipped: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw badInput(`cannot list folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: dir });
    }
    for (const d of entries) {
      if (d.name.startsWith('.')) continue;
      const p = join(dir, d.name);
      if (d.isDirectory()) {
        if (recursive) await walk(p);
      } else if (inputKindOf(d.name)) out.push(p);
      else skipped.push(relative(root, p));
    }
  };
  await walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function fileItem(root: string, file: string, options: CollectionOptions): CollectionItem {
  const id = relative(root, file).split(sep).join('/');
  return {
    id,
    source: file,
    label: labelFromPath(options.labelFromPath, file),
    extra: {},
    file,
    load: async () => (await readInput(file, { maxBytes: options.maxBytes })).input,
  };
}

export async function readFolder(path: string, options: CollectionOptions): Promise<Collection> {
  const root = resolve(path);
  const skipped: string[] = [];
  const files = await listFiles(root, options.recursive, skipped);
  const notes = [`folder ${root}${options.recursive ? ' (recursive)' : ''}: ${files.length} files`];
  if (skipped.length > 0)
    notes.push(`${skipped.length} files of unsupported types skipped (e.g. ${skipped.slice(0, 3).join(', ')})`);
  return streamingCollection({ name: path, layout: 'folder', files, extraColumns: [], notes }, files.length, (k) =>
    fileItem(root, files[k], options),
  );
}

export function isGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** `*` and `?` within one path segment, `**` across segments, `[abc]` classes. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, end).replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

export async function readGlob(pattern: string, options: CollectionOptions): Promise<Collection> {
  const norm = pattern.split(sep).join('/');
  const parts = norm.split('/');
  const first = parts.findIndex((p) => isGlob(p));
  const base = parts.slice(0, first).join('/') || '.';
  const rest = parts.slice(first).join('/');
  const st = await stat(base).catch(() => undefined);
  if (!st?.isDirectory()) throw badInput(`no folder ${base} for the pattern`, { file: pattern });
  const matcher = globToRegExp(rest);
  const recursive = rest.includes('**') || parts.length - first > 1;
  const all = await listFiles(resolve(base), recursive, []);
  const root = resolve(base);
  const files = all.filter((f) => matcher.test(relative(root, f).split(sep).join('/')));
  return streamingCollection(
    { name: pattern, layout: 'glob', files, extraColumns: [], notes: [`glob ${pattern}: ${files.length} files`] },
    files.length,
    (k) => fileItem(root, files[k], options),
  );
}
