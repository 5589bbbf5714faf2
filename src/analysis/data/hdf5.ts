/**
 * HDF5 files, and the formats built on HDF5: NetCDF-4 (variables are datasets, dimensions are dimension scales)
 * and MATLAB v7.3 (variables are datasets at the root with a MATLAB_class attribute, stored column-major).
 * The file is opened by path and the selected dataset is read by hyperslab in blocks, so memory holds the decoded
 * table and one block, never the container.
 */
import { badInput, DynLensError } from '../core/errors';
import type { Dataset, LoadOptions } from '../core/input';
import { assertDecodedFits } from './dataset';
import { h5wasm, hdf5Reason, type H5Lib, type H5Module } from './h5lib';
import { describeEntry, isNumeric, listEntries, type H5Entry } from './hdf5-list';
import { formatSlice, keptShape, parseSlice, type DimSelection } from './slice';

export type Hdf5Flavour = 'hdf5' | 'netcdf4' | 'mat73';

type H5File = InstanceType<H5Lib['File']>;
type H5Dataset = InstanceType<H5Lib['Dataset']>;

/** Attributes that describe storage, not data: left out of the notes. */
const RESERVED_ATTRS = /^(DIMENSION_LIST|REFERENCE_LIST|CLASS|NAME|_Netcdf4\w*|_NCProperties|MATLAB_\w+|_FillValue)$/;

/** What a read returns beside the table: a hash of what was read, for provenance. */
interface Hdf5Read {
  dataset: Dataset;
  /** The dataset path and slice read (for provenance and the result key). */
  selection: string;
}

function chooseDataset(file: string, entries: H5Entry[], flavour: Hdf5Flavour, wanted?: string): H5Entry {
  if (wanted !== undefined) {
    const norm = '/' + wanted.replace(/^\/+/, '');
    const exact = entries.find((e) => e.path === norm);
    const byName = entries.filter((e) => e.path.split('/').pop() === wanted.replace(/^\/+/, ''));
    const hit = exact ?? (byName.length === 1 ? byName[0] : undefined);
    const numeric = entries.filter(isNumeric).map((e) => describeEntry(e));
    if (!hit)
      throw new DynLensError(
        'usage',
        `no dataset "${wanted}"${byName.length > 1 ? ` (several match: ${byName.map((e) => e.path).join(', ')})` : ''}; numeric datasets: ${numeric.join(', ') || 'none'}`,
        { file, choices: entries.filter(isNumeric).map((e) => e.path) },
      );
    if (!isNumeric(hit))
      throw badInput(
        `${describeEntry(hit)} cannot be read as numbers${hit.readable ? `: ${hit.readable}` : ''}; numeric datasets: ${numeric.join(', ') || 'none'}`,
        { file },
      );
    return hit;
  }
  const numeric = entries.filter((e) => isNumeric(e) && !e.dimensionOnly);
  // Coordinate variables (dimension scales) are candidates only when nothing else is.
  const data = numeric.filter((e) => !e.scale);
  const candidates = data.length > 0 ? data : numeric;
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    const dims = entries.filter((e) => e.dimensionOnly).map((e) => e.path.slice(1));
    if (flavour === 'netcdf4' && dims.length > 0 && entries.every((e) => e.dimensionOnly || e.kind === 'group'))
      throw badInput(`NetCDF file has only dimensions (${dims.join(', ')}) and no variables`, { file });
    const others = entries.filter((e) => !e.dimensionOnly).map((e) => describeEntry(e));
    throw badInput(`no numeric dataset to read (the file holds: ${others.join('; ') || 'nothing'})`, { file });
  }
  const what = flavour === 'netcdf4' ? 'variable' : flavour === 'mat73' ? 'variable' : 'dataset';
  throw new DynLensError(
    'usage',
    `${candidates.length} numeric ${what}s, pick one with --dataset: ${candidates.map((e) => describeEntry(e, flavour === 'mat73')).join(', ')}`,
    { file, choices: candidates.map((e) => e.path) },
  );
}

/** A view of `n` decoded elements at `ptr` in the wasm heap (float16 and 64-bit integers are converted). */
function blockView(module: H5Module, ptr: number, n: number, entry: H5Entry): ArrayLike<number> {
  const buf = module.HEAPU8.buffer;
  const { size, signed, float } = entry.numeric!;
  if (float) {
    if (size === 8) return new Float64Array(buf, ptr, n);
    if (size === 4) return new Float32Array(buf, ptr, n);
    const h = new Uint16Array(buf, ptr, n);
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = halfToNumber(h[k]);
    return out;
  }
  if (size === 1) return signed ? new Int8Array(buf, ptr, n) : new Uint8Array(buf, ptr, n);
  if (size === 2) return signed ? new Int16Array(buf, ptr, n) : new Uint16Array(buf, ptr, n);
  if (size === 4) return signed ? new Int32Array(buf, ptr, n) : new Uint32Array(buf, ptr, n);
  const big = signed ? new BigInt64Array(buf, ptr, n) : new BigUint64Array(buf, ptr, n);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = Number(big[k]);
  return out;
}

/** IEEE 754 binary16 to a number. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Elements per hyperslab read: 4 Mi (32 MB of float64) keeps the wasm heap small and cancellation prompt. */
const BLOCK_ELEMENTS = 1 << 22;

interface Layout {
  /** HDF5 dimension index of the table's rows and (if 2-D) columns. */
  rowDim: number;
  colDim?: number;
  rows: number;
  cols: number;
}

function layoutOf(sel: DimSelection[], transpose: boolean): Layout {
  const kept = sel.map((s, d) => (s.kept ? d : -1)).filter((d) => d >= 0);
  if (kept.length === 1) return { rowDim: kept[0], rows: sel[kept[0]].count, cols: 1 };
  const [a, b] = transpose ? [kept[1], kept[0]] : [kept[0], kept[1]];
  return { rowDim: a, colDim: b, rows: sel[a].count, cols: sel[b].count };
}

/** Reads the selection into columns, in blocks along the outermost kept dimension. */
function readSelection(
  module: H5Module,
  f: H5File,
  entry: H5Entry,
  sel: DimSelection[],
  layout: Layout,
  options: LoadOptions,
): Float64Array[] {
  const cols = Array.from({ length: layout.cols }, () => new Float64Array(layout.rows));
  const kept = sel.map((s, d) => (s.kept ? d : -1)).filter((d) => d >= 0);
  const outer = kept[0];
  const inner = kept.length > 1 ? sel[kept[1]].count : 1;
  const step = Math.max(1, Math.floor(BLOCK_ELEMENTS / inner));
  const ptr = module._malloc(Math.min(sel[outer].count, step) * inner * entry.numeric!.size);
  if (ptr === 0) throw new RangeError('Array buffer allocation failed (HDF5 read block)');
  const outerIsRow = layout.rowDim === outer;
  try {
    for (let a = 0; a < sel[outer].count; a += step) {
      options.signal?.throwIfCancelled();
      const n = Math.min(step, sel[outer].count - a);
      const count = sel.map((s, d) => BigInt(d === outer ? n : s.count));
      const offset = sel.map((s, d) => BigInt(d === outer ? s.offset + a * s.stride : s.offset));
      const stride = sel.map((s) => BigInt(s.stride));
      module.get_dataset_data(f.file_id, entry.path, count, offset, stride, BigInt(ptr));
      // Element k of the block is (outer index a + floor(k / inner), inner index k % inner): de-interleave.
      const src = blockView(module, ptr, n * inner, entry);
      if (outerIsRow) {
        for (let j = 0; j < inner; j++) {
          const col = cols[j];
          for (let i = 0, k = j; i < n; i++, k += inner) col[a + i] = src[k];
        }
      } else {
        for (let i = 0; i < n; i++) {
          const col = cols[a + i];
          for (let j = 0, k = i * inner; j < inner; j++, k++) col[j] = src[k];
        }
      }
    }
  } finally {
    module._free(ptr);
  }
  return cols;
}

function attributeNotes(ds: H5Dataset | InstanceType<H5Lib['Group']>, prefix: string): string[] {
  const notes: string[] = [];
  let attrs: Record<string, { value: unknown }>;
  try {
    attrs = ds.attrs;
  } catch {
    return notes;
  }
  for (const name of Object.keys(attrs)) {
    if (RESERVED_ATTRS.test(name)) continue;
    let v: unknown;
    try {
      v = attrs[name].value;
    } catch {
      continue;
    }
    const text = attributeText(v);
    if (text !== undefined) notes.push(`${prefix}${name} = ${text}`);
  }
  return notes;
}

function attributeText(v: unknown): string | undefined {
  if (typeof v === 'string') return JSON.stringify(v.length > 200 ? v.slice(0, 200) + '...' : v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (ArrayBuffer.isView(v) && 'length' in v) {
    const arr = Array.from(v as unknown as ArrayLike<number | bigint>);
    if (arr.length === 1) return String(arr[0]);
    return arr.length <= 8 ? `[${arr.join(', ')}]` : `[${arr.slice(0, 8).join(', ')}, ... ${arr.length} values]`;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
    return JSON.stringify(v.length === 1 ? v[0] : v.slice(0, 8));
  return undefined;
}

/**
 * The time (or other) coordinate of the row dimension: a NetCDF-4/HDF5 dimension scale attached to it that is 1-D,
 * numeric and as long as that dimension. Read over the same range as the rows.
 */
function rowCoordinate(
  module: H5Module,
  f: H5File,
  ds: H5Dataset,
  entries: H5Entry[],
  sel: DimSelection[],
  layout: Layout,
  shape: readonly number[],
): { name: string; data: Float64Array; notes: string[] } | undefined {
  let scales: string[];
  try {
    scales = ds.get_attached_scales(layout.rowDim);
  } catch {
    return undefined;
  }
  if (scales.length !== 1) return undefined;
  const scale = entries.find((e) => e.path === scales[0]);
  if (!scale || !isNumeric(scale) || scale.shape.length !== 1 || scale.shape[0] !== shape[layout.rowDim])
    return undefined;
  const s = sel[layout.rowDim];
  const cols = readSelection(module, f, scale, [{ ...s, kept: true }], { rowDim: 0, rows: s.count, cols: 1 }, {});
  const name = scale.path.slice(scale.path.lastIndexOf('/') + 1);
  const sds = f.get(scale.path) as H5Dataset;
  return { name, data: cols[0], notes: attributeNotes(sds, `${name}: `) };
}

function columnNames(base: string, sel: DimSelection[], layout: Layout, mat: boolean): string[] {
  if (layout.colDim === undefined) return [base];
  const s = sel[layout.colDim];
  return Array.from({ length: layout.cols }, (_, j) => {
    const idx = s.offset + j * s.stride;
    return mat ? `${base}(:,${idx + 1})` : `${base}[${idx}]`;
  });
}

/** Opens an HDF5-based file by path and reads one numeric dataset (or its slice) as a table. */
export async function readHdf5(path: string, flavour: Hdf5Flavour, options: LoadOptions = {}): Promise<Hdf5Read> {
  const { lib, module } = await h5wasm();
  let f: H5File;
  try {
    f = new lib.File(path, 'r');
  } catch (e) {
    throw badInput(`not a readable HDF5 file: ${hdf5Reason(e)}`, { file: path });
  }
  try {
    const entries = listEntries(f, flavour);
    const entry = chooseDataset(path, entries, flavour, options.selection?.dataset);
    const transpose = flavour === 'mat73';
    // MATLAB v7.3 stores column-major: HDF5 shows the dimensions reversed. Slices and names use MATLAB's order.
    const shown = transpose ? [...entry.shape].reverse() : entry.shape;
    const total = entry.shape.reduce((a, b) => a * b, 1);
    if (total === 0) throw badInput(`${describeEntry(entry)} has no elements`, { file: path });
    const slice = options.selection?.slice;
    if (shown.length > 2 && slice === undefined) {
      const example = shown.map((_, d) => (d < shown.length - 2 ? '0' : ':')).join(',');
      throw new DynLensError(
        'usage',
        `${entry.path} is ${shown.length}-D (${shown.join(' x ')}); pick a 1-D or 2-D part with --slice, e.g. --slice ${example}`,
        { file: path },
      );
    }
    const shownSel = parseSlice(slice, shown);
    const kept = keptShape(shownSel);
    if (kept.length === 0 || kept.length > 2)
      throw new DynLensError(
        'usage',
        `--slice ${slice} leaves ${kept.length === 0 ? 'a single value' : `${kept.length} dimensions (${kept.join(' x ')})`}; keep 1 or 2 ranges`,
        { file: path },
      );
    const sel = transpose ? [...shownSel].reverse() : shownSel;
    const layout = layoutOf(sel, transpose);
    const ds = f.get(entry.path) as H5Dataset;
    assertDecodedFits(path, layout.rows, layout.cols + 1, options.maxBytes);
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const data = readSelection(module, f, entry, sel, layout, options);
    const columns = columnNames(base, sel, layout, transpose);
    const sliceText = formatSlice(shownSel, shown);
    const notes = [
      `${flavour === 'netcdf4' ? 'netcdf-4' : flavour === 'mat73' ? 'matlab v7.3' : 'hdf5'} ${describeEntry(entry, transpose)}${entry.storage ? ', ' + entry.storage : ''}`,
    ];
    if (slice !== undefined) notes.push(`slice ${sliceText} -> ${layout.rows} x ${layout.cols}`);
    const others = entries.filter((e) => e !== entry && e.kind === 'dataset' && !e.dimensionOnly && !e.scale);
    if (others.length > 0)
      notes.push(
        `also in the file: ${others
          .slice(0, 12)
          .map((e) => describeEntry(e, transpose))
          .join(', ')}${others.length > 12 ? `, ... ${others.length - 12} more` : ''}`,
      );
    notes.push(...attributeNotes(ds, ''));
    const coord = transpose ? undefined : rowCoordinate(module, f, ds, entries, sel, layout, entry.shape);
    if (coord && !columns.includes(coord.name)) {
      columns.unshift(coord.name);
      data.unshift(coord.data);
      notes.push(`coordinate ${coord.name} of the rows added as the first column`, ...coord.notes);
    }
    return {
      dataset: { source: path, columns, data, rows: layout.rows, notes },
      selection: `${entry.path}[${sliceText}]`,
    };
  } catch (e) {
    if (e instanceof DynLensError || e instanceof RangeError) throw e;
    throw badInput(`could not read HDF5 data: ${hdf5Reason(e)}`, { file: path });
  } finally {
    try {
      f.close();
    } catch {
      /* already closed or never opened */
    }
  }
}
