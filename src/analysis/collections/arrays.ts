/**
 * NumPy collections: an `.npz` with many arrays (one item per member, in archive order, decoded by the single-file
 * .npz loader) and an `.npy` whose first axis indexes items: shape (items, length) gives one series per item,
 * shape (items, points, dims) one point cloud per item (columns c0, c1, ...).
 */
import { unzipSync } from 'fflate';
import { basename, resolve } from 'node:path';
import { badInput } from '../core/errors';
import type { Dataset } from '../core/input';
import { elementReader, readNpyHeader, type NpyHeader } from '../data/npy';
import { parseNpz } from '../data/npz';
import { labelFromPath, readCollectionFile, seriesInput } from './common';
import { streamingCollection } from './cursor';
import type { Collection, CollectionItem, CollectionOptions } from './types';

export async function readNpzCollection(path: string, options: CollectionOptions): Promise<Collection> {
  const file = resolve(path);
  const bytes = await readCollectionFile(file, options);
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (info) => {
        if (/\.npy$/i.test(info.name)) names.push(info.name.replace(/\.npy$/i, ''));
        return false;
      },
    });
  } catch (e) {
    throw badInput(`not a readable .npz (zip) archive: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  if (names.length === 0) throw badInput('no .npy member in the archive: no items', { file });
  const item = (k: number): CollectionItem => {
    const member = names[k];
    return {
      id: member,
      source: `${file}:${member}`,
      label: labelFromPath(options.labelFromPath, member),
      extra: {},
      load: async () => {
        const dataset = parseNpz(file, bytes, { member, maxBytes: options.maxBytes });
        dataset.source = `${file}:${member}`;
        return { kind: 'table', path: dataset.source, dataset };
      },
    };
  };
  const notes = [`npz ${basename(file)}: ${names.length} arrays, one item each`];
  return streamingCollection({ name: path, layout: 'npz', files: [file], extraColumns: [], notes }, names.length, item);
}

/** Item k of an (items, points, dims) or (items, length) array, as columns. */
function sliceItem(bytes: Uint8Array, h: NpyHeader, k: number, source: string): Float64Array[] {
  const [items, points, dims = 1] = h.shape;
  const view = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, items * points * dims * h.itemSize);
  const read = elementReader(view, h);
  const cols: Float64Array[] = [];
  for (let j = 0; j < dims; j++) {
    const c = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      // C order: ((k * points + i) * dims + j); Fortran order: k + items * (i + points * j).
      const flat = h.fortranOrder ? k + items * (i + points * j) : (k * points + i) * dims + j;
      c[i] = read(flat * h.itemSize);
    }
    for (let i = 0; i < points; i++)
      if (!Number.isFinite(c[i]))
        throw badInput(`item ${k}: value ${i + 1}${dims > 1 ? `, ${j + 1}` : ''} is ${c[i]}`, { file: source });
    cols.push(c);
  }
  return cols;
}

export async function readNpyCollection(path: string, options: CollectionOptions): Promise<Collection> {
  const file = resolve(path);
  const bytes = await readCollectionFile(file, options);
  const h = readNpyHeader(file, bytes, 3);
  if (h.shape.length !== 2 && h.shape.length !== 3)
    throw badInput(
      `a .npy collection needs shape (items, length) or (items, points, dims), got (${h.shape.join(', ')})`,
      { file },
    );
  const count = h.shape.reduce((a, b) => a * b, 1);
  if (count * h.itemSize > bytes.length - h.dataOffset)
    throw badInput(`truncated .npy data for shape (${h.shape.join(', ')})`, { file });
  if (h.shape[0] === 0 || h.shape[1] === 0) throw badInput(`empty array of shape (${h.shape.join(', ')})`, { file });
  const cloud = h.shape.length === 3;
  const item = (k: number): CollectionItem => {
    const source = `${file}[${k}]`;
    return {
      id: String(k),
      source,
      label: labelFromPath(options.labelFromPath, source),
      extra: {},
      load: async () => {
        const cols = sliceItem(bytes, h, k, source);
        if (!cloud) return seriesInput(source, cols, `item ${k} of ${basename(file)}`);
        const dataset: Dataset = {
          source,
          columns: cols.map((_, j) => `c${j}`),
          data: cols,
          rows: h.shape[1],
          notes: [`item ${k} of ${basename(file)} (${h.shape[1]} points in ${h.shape[2]} dimensions)`],
        };
        return { kind: 'table', path: source, dataset };
      },
    };
  };
  const notes = [
    `npy ${basename(file)} shape (${h.shape.join(', ')}): ${h.shape[0]} ${cloud ? 'point clouds' : 'series'}`,
  ];
  return streamingCollection({ name: path, layout: 'npy', files: [file], extraColumns: [], notes }, h.shape[0], item);
}
