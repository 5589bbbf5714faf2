/**
 * MATLAB Level 5 MAT-files (v5, v6, v7: what `save` writes by default and scipy.io.savemat writes), following
 * MathWorks' "MAT-File Format" (data elements with 8-byte tags, the small-element form, miCOMPRESSED = zlib,
 * miMATRIX with array flags, dimensions, name and column-major data). v7.3 files are HDF5 and go to hdf5.ts.
 *
 * Our own reader rather than mat-for-js: that package is GPL-3.0, which an MIT extension cannot bundle; the numeric
 * subset needed here is small. Numeric and logical arrays are read; structs (1x1: their numeric fields, by
 * `--dataset name.field`) and cell arrays are described; char, sparse and objects are named but not read.
 */
import { unzlibSync } from 'fflate';
import { badInput, DynLensError } from '../core/errors';
import type { Dataset, LoadOptions } from '../core/input';
import { assertDecodedFits } from './dataset';
import { tableFromFlat } from './nd';
import { formatSlice } from './slice';

const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13 };
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const CLASS_NAMES: Record<number, string> = {
  1: 'cell',
  2: 'struct',
  3: 'object',
  4: 'char',
  5: 'sparse',
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
};
const NUMERIC_CLASSES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

interface MatVar {
  name: string;
  className: string;
  dims: number[];
  logical: boolean;
  complex: boolean;
  /** Numeric classes: the real part, column-major. */
  values?: Float64Array;
  /** Structs: the fields of element 1 (all elements for a 1x1 struct). */
  fields?: MatVar[];
  /** Cell arrays: the elements. */
  cells?: MatVar[];
}

interface Reader {
  view: DataView;
  le: boolean;
  file: string;
}

function element(r: Reader, at: number): { type: number; start: number; bytes: number; next: number } {
  if (at + 8 > r.view.byteLength) throw badInput(`truncated MAT-file: data element at byte ${at}`, { file: r.file });
  const first = r.view.getUint32(at, r.le);
  if (first >>> 16 !== 0) {
    // Small data element: type and size in one word, up to 4 bytes of data in the next.
    return { type: first & 0xffff, start: at + 4, bytes: first >>> 16, next: at + 8 };
  }
  const bytes = r.view.getUint32(at + 4, r.le);
  const start = at + 8;
  if (start + bytes > r.view.byteLength)
    throw badInput(`truncated MAT-file: element of ${bytes} bytes at byte ${at}`, { file: r.file });
  return { type: first, start, bytes, next: start + Math.ceil(bytes / 8) * 8 };
}

function numbers(r: Reader, type: number, start: number, bytes: number): Float64Array {
  const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };
  const size = sizes[type];
  if (!size) throw badInput(`unsupported MAT data type ${type}`, { file: r.file });
  const n = Math.floor(bytes / size);
  const out = new Float64Array(n);
  const v = r.view;
  for (let i = 0, p = start; i < n; i++, p += size) {
    switch (type) {
      case MI.INT8:
        out[i] = v.getInt8(p);
        break;
      case MI.UINT8:
        out[i] = v.getUint8(p);
        break;
      case MI.INT16:
        out[i] = v.getInt16(p, r.le);
        break;
      case MI.UINT16:
        out[i] = v.getUint16(p, r.le);
        break;
      case MI.INT32:
        out[i] = v.getInt32(p, r.le);
        break;
      case MI.UINT32:
        out[i] = v.getUint32(p, r.le);
        break;
      case MI.SINGLE:
        out[i] = v.getFloat32(p, r.le);
        break;
      case MI.DOUBLE:
        out[i] = v.getFloat64(p, r.le);
        break;
      case MI.INT64:
        out[i] = Number(v.getBigInt64(p, r.le));
        break;
      case MI.UINT64:
        out[i] = Number(v.getBigUint64(p, r.le));
        break;
    }
  }
  return out;
}

function text(r: Reader, start: number, bytes: number): string {
  return new TextDecoder('latin1').decode(new Uint8Array(r.view.buffer, r.view.byteOffset + start, bytes));
}

/** Parses one miMATRIX element's body (after its tag). */
function matrix(r: Reader, start: number, end: number, depth: number): MatVar {
  if (depth > 32) throw badInput('MAT-file nests structs/cells more than 32 levels deep', { file: r.file });
  if (start >= end) return { name: '', className: 'empty', dims: [0, 0], logical: false, complex: false };
  const flags = element(r, start);
  const word = r.view.getUint32(flags.start, r.le);
  const cls = word & 0xff;
  const complex = (word & 0x800) !== 0;
  const logical = (word & 0x200) !== 0;
  const dimsEl = element(r, flags.next);
  const dims = Array.from(numbers(r, dimsEl.type, dimsEl.start, dimsEl.bytes));
  const nameEl = element(r, dimsEl.next);
  const v: MatVar = {
    name: text(r, nameEl.start, nameEl.bytes),
    className: CLASS_NAMES[cls] ?? `class ${cls}`,
    dims,
    logical,
    complex,
  };
  let at = nameEl.next;
  if (NUMERIC_CLASSES.has(cls)) {
    const re = element(r, at);
    v.values = numbers(r, re.type, re.start, re.bytes);
  } else if (cls === 2) {
    const lenEl = element(r, at);
    const fieldLen = r.view.getInt32(lenEl.start, r.le);
    const namesEl = element(r, lenEl.next);
    const names: string[] = [];
    for (let p = 0; p + fieldLen <= namesEl.bytes && fieldLen > 0; p += fieldLen)
      names.push(text(r, namesEl.start + p, fieldLen).replace(/\0.*$/s, ''));
    at = namesEl.next;
    v.fields = [];
    // Elements in column-major order, each with all fields; keep element 1's.
    for (let k = 0; at < end && k < names.length; k++) {
      const f = element(r, at);
      v.fields.push({ ...matrix(r, f.start, f.start + f.bytes, depth + 1), name: names[k] });
      at = f.next;
    }
  } else if (cls === 1) {
    v.cells = [];
    while (at < end) {
      const c = element(r, at);
      v.cells.push(matrix(r, c.start, c.start + c.bytes, depth + 1));
      at = c.next;
    }
  }
  return v;
}

/** All top-level variables of a MAT v5 file. */
function readMat5Variables(file: string, bytes: Uint8Array): MatVar[] {
  if (bytes.length < 128 || !new TextDecoder('latin1').decode(bytes.subarray(0, 6)).startsWith('MATLAB'))
    throw badInput('not a MATLAB MAT-file (no "MATLAB" header)', { file });
  const indicator = String.fromCharCode(bytes[126], bytes[127]);
  if (indicator !== 'IM' && indicator !== 'MI')
    throw badInput(`not a Level 5 MAT-file (endian indicator "${indicator}")`, { file });
  const root: Reader = {
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    le: indicator === 'IM',
    file,
  };
  const vars: MatVar[] = [];
  for (let at = 128; at + 8 <= bytes.length;) {
    const el = element(root, at);
    if (el.type === MI_COMPRESSED) {
      let inner: Uint8Array;
      try {
        inner = unzlibSync(bytes.subarray(el.start, el.start + el.bytes));
      } catch (e) {
        throw badInput(`corrupt compressed variable at byte ${at}: ${e instanceof Error ? e.message : String(e)}`, {
          file,
        });
      }
      const r: Reader = { view: new DataView(inner.buffer, inner.byteOffset, inner.byteLength), le: root.le, file };
      const m = element(r, 0);
      if (m.type === MI_MATRIX) vars.push(matrix(r, m.start, m.start + m.bytes, 0));
      at = el.start + el.bytes;
    } else {
      if (el.type === MI_MATRIX) vars.push(matrix(root, el.start, el.start + el.bytes, 0));
      at = el.next;
    }
  }
  return vars;
}

function isNumeric(v: MatVar): boolean {
  return v.values !== undefined && v.values.length > 0;
}

/** `x double [30 x 2]`, `s struct [1 x 1] {alpha, name}`, `c cell [1 x 2] {double [1 x 3], char [1 x 4]}`. */
function describeMat(v: MatVar, path = v.name): string {
  const dims = v.dims.join(' x ');
  const base = `${path} ${v.logical ? 'logical' : v.className}${v.complex ? ' complex' : ''} [${dims}]`;
  if (v.fields) return `${base} {${v.fields.map((f) => f.name).join(', ')}}`;
  if (v.cells) return `${base} {${v.cells.map((c) => `${c.className} [${c.dims.join(' x ')}]`).join(', ')}}`;
  return base;
}

/** Numeric leaves reachable by `--dataset`: top-level variables and fields of 1x1 structs (`s.field`). */
function readable(vars: MatVar[], prefix = ''): { path: string; v: MatVar }[] {
  const out: { path: string; v: MatVar }[] = [];
  for (const v of vars) {
    const path = prefix + v.name;
    if (isNumeric(v)) out.push({ path, v });
    else if (v.fields && v.dims.every((d) => d === 1)) out.push(...readable(v.fields, path + '.'));
  }
  return out;
}

function choose(file: string, vars: MatVar[], wanted: string | undefined): { path: string; v: MatVar } {
  const leaves = readable(vars);
  const contents = vars.map((v) => describeMat(v)).join('; ');
  if (wanted !== undefined) {
    const hit = leaves.find((l) => l.path === wanted || l.path === wanted.replace(/\//g, '.'));
    if (hit) return hit;
    const top = vars.find((v) => v.name === wanted);
    if (top) throw badInput(`${describeMat(top)} is not a numeric array; ${whatCanBeRead(leaves)}`, { file });
    throw new DynLensError('usage', `no variable "${wanted}" (the file holds: ${contents}); ${whatCanBeRead(leaves)}`, {
      file,
      choices: leaves.map((l) => l.path),
    });
  }
  const top = leaves.filter((l) => !l.path.includes('.'));
  if (top.length === 1) return top[0];
  if (top.length === 0) {
    if (vars.length === 0) throw badInput('MAT-file holds no variables', { file });
    throw badInput(`no numeric variable at the top level (the file holds: ${contents}); ${whatCanBeRead(leaves)}`, {
      file,
    });
  }
  throw new DynLensError(
    'usage',
    `${top.length} numeric variables, pick one with --dataset: ${top.map((l) => describeMat(l.v, l.path)).join(', ')}`,
    { file, choices: top.map((l) => l.path) },
  );
}

function whatCanBeRead(leaves: { path: string; v: MatVar }[]): string {
  return leaves.length > 0
    ? `numeric arrays that can be read: ${leaves.map((l) => `--dataset ${l.path}`).join(', ')}`
    : 'nothing in it is a numeric array DynLens can read (cell arrays: save their numeric elements as variables)';
}

export function parseMat5(file: string, bytes: Uint8Array, options: LoadOptions = {}): Dataset {
  const vars = readMat5Variables(file, bytes);
  const { path, v } = choose(file, vars, options.selection?.dataset);
  const values = v.values!;
  assertDecodedFits(file, values.length, 1, options.maxBytes);
  // A 1 x n row vector is a series: one column of n rows.
  const slice = options.selection?.slice ?? (v.dims.length === 2 && v.dims[0] === 1 ? '0,:' : undefined);
  const table = tableFromFlat(`variable ${path}`, values, v.dims, slice, true);
  const columns = table.colIndex.length > 0 ? table.colIndex.map((j) => `${path}(:,${j + 1})`) : [path];
  const notes = [`matlab v5, variable ${describeMat(v, path)}`];
  if (v.complex) notes.push('complex array: the real part is read');
  if (options.selection?.slice !== undefined) notes.push(`slice ${formatSlice(table.sel, v.dims)}`);
  const others = vars.filter((x) => x !== v && x.name !== path.split('.')[0]);
  if (others.length > 0) notes.push(`also in the file: ${others.map((x) => describeMat(x)).join('; ')}`);
  return { source: file, columns, data: table.data, rows: table.rows, notes };
}
