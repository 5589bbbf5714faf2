/**
 * Chooses the layout of a collection path and reads it: a glob pattern, a folder, a `.ts` file (sktime/aeon), an
 * `.npz`/`.npy` of many arrays, a CSV whose header names a `path` column (manifest), or another `.csv`/`.tsv`/`.txt`
 * (one series per row, UCR/UEA); a folder holding DS_A.txt and DS_graph_indicator.txt (or DS_A.txt itself) is a
 * TUDataset graph collection.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { badInput, usageError } from '../core/errors';
import { readNpyCollection, readNpzCollection } from './arrays';
import { readCollectionFile } from './common';
import { isGlob, readFolder, readGlob } from './folder';
import { looksLikeManifest, readManifest } from './manifest';
import { readSktimeTs } from './sktime';
import type { Collection, CollectionOptions, LabelColumn } from './types';
import { readTuDataset, tuDatasetName } from './tudataset';
import { readUcrTable } from './ucr';

export async function readCollection(path: string, options: CollectionOptions): Promise<Collection> {
  const st = await stat(path).catch(() => undefined);
  if (!st && isGlob(path)) return readGlob(path, options);
  if (!st) throw badInput('collection not found', { file: path });
  if (st.isDirectory()) {
    const ds = await tuDatasetName(path);
    if (ds !== undefined) return readTuDataset(path, ds, options);
    const c = await readFolder(path, options);
    if (c.items.length === 0)
      throw badInput(
        `the folder has no file DynLens can read${options.recursive ? '' : ' (add --recursive for sub-folders)'}`,
        { file: path },
      );
    return c;
  }
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case '.ts':
      return readSktimeTs(path, options);
    case '.npz':
      return readNpzCollection(path, options);
    case '.npy':
      return readNpyCollection(path, options);
    case '.csv':
    case '.tsv':
    case '.txt': {
      const tu = /^(.+)_A\.txt$/.exec(basename(path));
      if (tu) return readTuDataset(dirname(path), tu[1], options);
      const head = new TextDecoder().decode((await readCollectionFile(path, options)).subarray(0, 4096));
      return looksLikeManifest(head) ? readManifest(path, options) : readUcrTable(path, options);
    }
  }
  throw badInput(
    `not a collection: give a folder, a glob, a UCR table (.tsv/.csv/.txt), a .ts file, an .npz/.npy or a manifest CSV`,
    { file: path },
  );
}

/** Reads every collection given; an empty one is an unusable input. */
export async function readCollections(paths: readonly string[], options: CollectionOptions): Promise<Collection[]> {
  if (paths.length === 0) throw usageError('no collection given');
  const out: Collection[] = [];
  for (const p of paths) {
    const c = await readCollection(p, options);
    if (c.items.length === 0) throw badInput('the collection has no items', { file: p });
    out.push(c);
  }
  return out;
}

export function parseLabelColumn(v: string): LabelColumn {
  return v === 'first' || v === 'last' || v === 'none' ? v : { name: v };
}
