/**
 * The table of contents of an HDF5-based file: every dataset and group with its shape, type and what DynLens can
 * do with it (NetCDF-4 dimension scales and MATLAB v7.3 classes recognised).
 */
import type { Hdf5Flavour } from './hdf5';
import type { H5Lib } from './h5lib';

type H5File = InstanceType<H5Lib['File']>;
type H5Dataset = InstanceType<H5Lib['Dataset']>;
type H5Group = InstanceType<H5Lib['Group']>;

export interface H5Entry {
  /** Absolute path, `/group/name`. */
  path: string;
  kind: 'dataset' | 'group' | 'other';
  shape: number[];
  /** e.g. `float32`, `int16 big-endian`, `string`, `compound {a, b}`. */
  dtype: string;
  /** Set for integer and float datasets (the ones DynLens reads). */
  numeric?: { size: number; signed: boolean; float: boolean };
  /** A NetCDF-4 coordinate variable / HDF5 dimension scale. */
  scale: boolean;
  /** A NetCDF-4 dimension that is not a variable. */
  dimensionOnly: boolean;
  /** Chunking and filters, e.g. `chunked 64 x 3, shuffle + deflate`. */
  storage?: string;
  /** For things DynLens does not read: what is inside and what can be read instead. */
  readable?: string;
  matlabClass?: string;
}

/** H5T class numbers (H5Tpublic.h). */
const H5T = {
  INTEGER: 0,
  FLOAT: 1,
  STRING: 3,
  BITFIELD: 4,
  OPAQUE: 5,
  COMPOUND: 6,
  REFERENCE: 7,
  ENUM: 8,
  VLEN: 9,
  ARRAY: 10,
};

interface Meta {
  type: number;
  size: number;
  signed: boolean;
  littleEndian: boolean;
  shape: number[] | null;
  chunks: number[] | null;
  vlen: boolean;
  compound_type?: { members: { name: string }[] };
}

function attrString(obj: H5Dataset | H5Group, name: string): string | undefined {
  try {
    const a = (obj.attrs as Record<string, { value: unknown }>)[name];
    if (!a) return undefined;
    const v = a.value;
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return new TextDecoder().decode(v).replace(/\0+$/, '');
    return undefined;
  } catch {
    return undefined;
  }
}

function dtypeOf(m: Meta): string {
  const order = m.littleEndian ? '' : ' big-endian';
  switch (m.type) {
    case H5T.INTEGER:
      return `${m.signed ? 'int' : 'uint'}${m.size * 8}${m.size > 1 ? order : ''}`;
    case H5T.FLOAT:
      return `float${m.size * 8}${order}`;
    case H5T.STRING:
      return m.vlen ? 'string (variable length)' : `string (${m.size} bytes)`;
    case H5T.COMPOUND:
      return `compound {${(m.compound_type?.members ?? []).map((x) => x.name).join(', ')}}`;
    case H5T.REFERENCE:
      return 'object reference';
    case H5T.ENUM:
      return 'enum';
    case H5T.VLEN:
      return 'variable-length sequence';
    case H5T.ARRAY:
      return 'array type';
    case H5T.OPAQUE:
      return 'opaque';
    case H5T.BITFIELD:
      return 'bitfield';
    default:
      return `type class ${m.type}`;
  }
}

function storageOf(ds: H5Dataset, m: Meta): string | undefined {
  const parts: string[] = [];
  if (m.chunks) parts.push(`chunked ${m.chunks.join(' x ')}`);
  try {
    const filters = ds.filters.map((x) => x.name).filter((x) => x);
    if (filters.length > 0) parts.push(filters.join(' + '));
  } catch {
    /* filter query unsupported: storage unknown */
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function readableHint(m: Meta, matlabClass: string | undefined): string | undefined {
  if (matlabClass === 'cell')
    return 'a MATLAB cell array (references to its elements in #refs#); save numeric elements as separate variables';
  if (matlabClass === 'char') return 'MATLAB text (char)';
  if (m.type === H5T.COMPOUND)
    return 'a compound (record) dataset; DynLens reads plain numeric datasets, save each field as its own dataset';
  if (m.type === H5T.STRING) return 'a text dataset';
  return undefined;
}

export function listEntries(f: H5File, flavour: Hdf5Flavour): H5Entry[] {
  const out: H5Entry[] = [];
  for (const rel of f.paths()) {
    const path = '/' + rel.replace(/^\/+/, '');
    // MATLAB keeps cell contents and class internals here: not variables.
    if (flavour === 'mat73' && /^\/#(refs|subsystem)#/.test(path)) continue;
    let obj: unknown;
    try {
      obj = f.get(path);
    } catch {
      out.push({ path, kind: 'other', shape: [], dtype: 'unreadable link', scale: false, dimensionOnly: false });
      continue;
    }
    const matlabClass = flavour === 'mat73' ? attrString(obj as H5Dataset, 'MATLAB_class') : undefined;
    if (obj && (obj as H5Group).type === 'Group') {
      const g = obj as H5Group;
      const entry: H5Entry = { path, kind: 'group', shape: [], dtype: 'group', scale: false, dimensionOnly: false };
      if (matlabClass) {
        entry.matlabClass = matlabClass;
        entry.dtype = `MATLAB ${matlabClass}`;
        const fields = g.keys();
        entry.readable = `a MATLAB ${matlabClass} with fields ${fields.join(', ')}; read a numeric field with --dataset ${path.slice(1)}/${fields[0] ?? 'FIELD'}`;
      }
      out.push(entry);
      continue;
    }
    if (!obj || (obj as H5Dataset).type !== 'Dataset') continue;
    const ds = obj as H5Dataset;
    const m = ds.metadata as unknown as Meta;
    const numeric =
      m.type === H5T.INTEGER || m.type === H5T.FLOAT
        ? { size: m.size, signed: m.signed, float: m.type === H5T.FLOAT }
        : undefined;
    const name = attrString(ds, 'NAME');
    out.push({
      path,
      kind: 'dataset',
      shape: m.shape ?? [],
      dtype: dtypeOf(m),
      numeric: numeric && [1, 2, 4, 8].includes(m.size) ? numeric : undefined,
      scale: attrString(ds, 'CLASS') === 'DIMENSION_SCALE',
      dimensionOnly: name !== undefined && name.startsWith('This is a netCDF dimension but not a netCDF variable'),
      storage: storageOf(ds, m),
      readable: readableHint(m, matlabClass),
      matlabClass,
    });
  }
  return out;
}

export function isNumeric(e: H5Entry): boolean {
  return e.kind === 'dataset' && e.numeric !== undefined && e.matlabClass !== 'char';
}

/** `/sim/states float32 [400 x 3]` (MATLAB order when transposed). */
export function describeEntry(e: H5Entry, transpose = false): string {
  if (e.kind === 'group') return `${e.path} (${e.dtype})`;
  const shape = transpose ? [...e.shape].reverse() : e.shape;
  return `${e.path} ${e.matlabClass ? `MATLAB ${e.matlabClass}` : e.dtype} [${shape.join(' x ') || 'scalar'}]`;
}
