/** Helpers shared by the collection readers: series items, labels from paths, reading a collection file. */
import { constants as bufferLimits } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { badInput, DynLensError, tooLarge } from '../core/errors';
import type { Dataset, TableInput } from '../core/input';
import { DEFAULT_MAX_BYTES } from '../data/dataset';
import { readWhole } from '../data/load';
import type { CollectionOptions } from './types';

/** Reads a whole collection file (tables, archives) with the size checked first. */
export async function readCollectionFile(path: string, options: CollectionOptions): Promise<Uint8Array> {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw badInput('not a regular file', { file: path });
    if (st.size > limit)
      throw tooLarge(`collection file is ${(st.size / 2 ** 20).toFixed(1)} MB, over the memory limit`, { file: path });
    // one buffer holds at most MAX_LENGTH bytes (4 GiB in Node 20); fs.readFile stops at 2 GiB, readWhole does not
    if (st.size > bufferLimits.MAX_LENGTH)
      throw tooLarge(
        `collection file is ${(st.size / 2 ** 30).toFixed(1)} GB, over the ${(bufferLimits.MAX_LENGTH / 2 ** 30).toFixed(1)} GB a file read whole can have; split the collection into several files`,
        { file: path },
      );
    return await readWhole(path, st.size);
  } catch (e) {
    if (e instanceof DynLensError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(code === 'ENOENT' ? 'collection not found' : `cannot read (${code ?? String(e)})`, { file: path });
  }
}

/** The first capture group of `--label-from-path` on the text (a path or an item id); undefined when no match. */
export function labelFromPath(re: RegExp | undefined, text: string): string | undefined {
  if (!re) return undefined;
  const m = re.exec(text);
  return m ? (m[1] ?? m[0]) : undefined;
}

/**
 * A series item as a one-table input: one column per dimension (`value` for a univariate series, `dim0`, `dim1`...
 * otherwise), one row per time step.
 */
export function seriesInput(source: string, dims: Float64Array[], note: string): TableInput {
  const columns = dims.length === 1 ? ['value'] : dims.map((_, k) => `dim${k}`);
  const dataset: Dataset = { source, columns, data: dims, rows: dims[0]?.length ?? 0, notes: [note] };
  return { kind: 'table', path: source, dataset };
}

/** Parses one cell of a series: numbers, with `?`, `NaN` (any case) and empty as missing (NaN). */
export function parseValue(cell: string): number {
  const s = cell.trim();
  if (s === '' || s === '?' || /^nan$/i.test(s)) return NaN;
  const v = Number(s);
  return v;
}

/**
 * Values of one series row: trailing missing values are the padding of ragged archives and are dropped; a missing
 * value inside the series, or a non-numeric cell, fails this item only.
 */
export function seriesValues(cells: readonly string[], file: string, row: number, what = 'value'): Float64Array {
  let end = cells.length;
  while (end > 0 && Number.isNaN(parseValue(cells[end - 1]))) end--;
  const out = new Float64Array(end);
  for (let k = 0; k < end; k++) {
    const v = parseValue(cells[k]);
    if (Number.isNaN(v)) {
      const s = cells[k].trim();
      const why = s === '' || s === '?' || /^nan$/i.test(s) ? 'is missing' : `is not a number ("${s.slice(0, 20)}")`;
      throw badInput(`row ${row}: ${what} ${k + 1} ${why} (only trailing missing values are allowed)`, { file, row });
    }
    out[k] = v;
  }
  if (end === 0) throw badInput(`row ${row}: no values`, { file, row });
  return out;
}
