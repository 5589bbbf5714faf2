import { badInput } from '../core/errors';
import type { Dataset } from '../core/input';
import { assertDecodedFits } from './dataset';

/**
 * NumPy .npy reader, written by hand because the format is tiny (numpy/lib/format.py, NEP 1): the magic
 * "\x93NUMPY", a major/minor version byte pair, a little-endian header length (2 bytes in version 1.0, 4 bytes in
 * 2.0 and 3.0; 3.0 allows UTF-8 in the header), then a Python dict literal
 * {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } and the raw array data.
 *
 * Supported: f2 f4 f8, i1 i2 i4 i8, u1 u2 u4 u8, b1 with '<' '>' '|' '=' byte order, C and Fortran order,
 * 0-D (one value), 1-D (one column) and 2-D (columns) arrays. Structured and object dtypes are refused.
 */
export interface NpyHeader {
  version: string;
  dtype: string;
  littleEndian: boolean;
  itemSize: number;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const KINDS: Record<string, readonly number[]> = { f: [2, 4, 8], i: [1, 2, 4, 8], u: [1, 2, 4, 8], b: [1] };

export function isNpy(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/** `maxDims`: the single-file loader reads 1-D and 2-D arrays; collections read (items, points, dims) too. */
export function readNpyHeader(file: string, bytes: Uint8Array, maxDims = 2): NpyHeader {
  if (!isNpy(bytes)) throw badInput('not a .npy file (missing the \\x93NUMPY magic)', { file });
  if (bytes.length < 10) throw badInput('truncated .npy header', { file });
  const major = bytes[6];
  const minor = bytes[7];
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = bytes[8] | (bytes[9] << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw badInput('truncated .npy header', { file });
    headerLen = (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 2 ** 24;
    start = 12;
  } else {
    throw badInput(`unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`, { file });
  }
  if (start + headerLen > bytes.length) {
    throw badInput(`truncated .npy header: declares ${headerLen} header bytes, file has ${bytes.length - start}`, {
      file,
    });
  }
  const headerBytes = bytes.subarray(start, start + headerLen);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);

  const descrMatch = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(header);
  if (!descrMatch) {
    if (/['"]descr['"]\s*:\s*\[/.test(header))
      throw badInput('structured .npy arrays (record dtypes) are not supported; save a plain numeric array', { file });
    throw badInput(`malformed .npy header (no 'descr'): ${header.slice(0, 120).trim()}`, { file });
  }
  const descr = descrMatch[2];
  const dm = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  if (!dm)
    throw badInput(`unsupported .npy dtype '${descr}' (supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)`, { file });
  const order = dm[1];
  const kind = dm[2];
  const itemSize = Number(dm[3]);
  if (!KINDS[kind] || !KINDS[kind].includes(itemSize)) {
    throw badInput(`unsupported .npy dtype '${descr}' (supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)`, { file });
  }
  // '|' (not applicable) for single bytes; '=' (native) is little endian on every platform numpy writes from here.
  const littleEndian = order !== '>';

  const fo = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  if (!fo) throw badInput(`malformed .npy header (no 'fortran_order'): ${header.slice(0, 120).trim()}`, { file });
  const sm = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!sm) throw badInput(`malformed .npy header (no 'shape'): ${header.slice(0, 120).trim()}`, { file });
  const parts = sm[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const shape = parts.map((p) => {
    const cleaned = p.replace(/L$/, '');
    if (!/^\d+$/.test(cleaned)) throw badInput(`malformed .npy shape (${sm[1]})`, { file });
    return Number(cleaned);
  });
  if (shape.length > maxDims) {
    throw badInput(
      `array of shape (${shape.join(', ')}) has ${shape.length} dimensions; DynLens reads 1-D and 2-D arrays (rows x columns)`,
      { file },
    );
  }
  return {
    version: `${major}.${minor}`,
    dtype: descr,
    littleEndian,
    itemSize,
    fortranOrder: fo[1] === 'True',
    shape,
    dataOffset: start + headerLen,
  };
}

/** IEEE 754 half precision to double. */
function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

export function elementReader(view: DataView, h: NpyHeader): (byteOffset: number) => number {
  const le = h.littleEndian;
  const kind = h.dtype.replace(/^[<>|=]/, '')[0];
  switch (kind + h.itemSize) {
    case 'f8':
      return (o) => view.getFloat64(o, le);
    case 'f4':
      return (o) => view.getFloat32(o, le);
    case 'f2':
      return (o) => halfToNumber(view.getUint16(o, le));
    case 'i1':
      return (o) => view.getInt8(o);
    case 'i2':
      return (o) => view.getInt16(o, le);
    case 'i4':
      return (o) => view.getInt32(o, le);
    case 'i8':
      return (o) => Number(view.getBigInt64(o, le));
    case 'u1':
      return (o) => view.getUint8(o);
    case 'u2':
      return (o) => view.getUint16(o, le);
    case 'u4':
      return (o) => view.getUint32(o, le);
    case 'u8':
      return (o) => Number(view.getBigUint64(o, le));
    case 'b1':
      return (o) => (view.getUint8(o) !== 0 ? 1 : 0);
  }
  throw new Error(`unreachable dtype ${h.dtype}`);
}

export interface NpyOptions {
  maxBytes?: number;
  /** Column name for a 1-D array (NPZ passes the member name). */
  name?: string;
}

export function parseNpy(file: string, bytes: Uint8Array, options: NpyOptions = {}): Dataset {
  const h = readNpyHeader(file, bytes);
  const rows = h.shape.length === 0 ? 1 : h.shape[0];
  const cols = h.shape.length === 2 ? h.shape[1] : 1;
  // Check declared sizes against the file and the budget before allocating anything.
  const count = rows * cols;
  const available = bytes.length - h.dataOffset;
  if (count * h.itemSize > available) {
    throw badInput(
      `truncated .npy data: shape (${h.shape.join(', ')}) of ${h.dtype} needs ${count * h.itemSize} bytes, file has ${available}`,
      { file },
    );
  }
  assertDecodedFits(file, rows, cols, options.maxBytes);
  if (rows === 0 || cols === 0) throw badInput(`empty array of shape (${h.shape.join(', ')})`, { file });

  const data: Float64Array[] = [];
  const base = bytes.byteOffset + h.dataOffset;
  const isz = h.itemSize;
  // Fast path: little-endian float64 data at an 8-byte aligned address needs no per-element decode.
  const direct = h.itemSize === 8 && h.dtype.replace(/^[<=|]/, '')[0] === 'f' && h.littleEndian;
  const view = new DataView(bytes.buffer, base, count * isz);
  const read = elementReader(view, h);
  for (let j = 0; j < cols; j++) {
    let col: Float64Array;
    if (direct && (cols === 1 || h.fortranOrder)) {
      col = new Float64Array(bytes.buffer.slice(base + j * rows * 8, base + (j + 1) * rows * 8) as ArrayBuffer);
    } else {
      col = new Float64Array(rows);
      // C order: element (i, j) at i*cols + j; Fortran order: at j*rows + i.
      const stride = h.fortranOrder ? 1 : cols;
      let off = (h.fortranOrder ? j * rows : j) * isz;
      const step = stride * isz;
      for (let i = 0; i < rows; i++, off += step) col[i] = read(off);
    }
    data.push(col);
  }
  const columns =
    cols === 1 && h.shape.length < 2 && options.name ? [options.name] : Array.from({ length: cols }, (_, j) => `c${j}`);
  const notes = [
    `npy ${h.version}, dtype ${h.dtype}, shape (${h.shape.join(', ')}${h.shape.length === 1 ? ',' : ''}), ${h.fortranOrder ? 'Fortran' : 'C'} order`,
  ];
  return { source: file, columns, data, rows, notes };
}
