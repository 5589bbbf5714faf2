/**
 * Which decoder a file goes to: by `--input-format`, else by extension, else (standard input, or an extension
 * shared by several formats such as `.nc` and `.mat`) by the first bytes.
 */
import { badInput, usageError } from '../core/errors';
import { INPUT_FORMATS, type InputFormat } from '../core/input';

const BY_EXTENSION: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.txt': 'txt',
  '.npy': 'npy',
  '.npz': 'npz',
  '.parquet': 'parquet',
  '.json': 'json',
  '.h5': 'hdf5',
  '.hdf5': 'hdf5',
  '.he5': 'hdf5',
  '.nc': 'netcdf',
  '.nc4': 'netcdf',
  '.mat': 'mat',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
  '.arrows': 'arrow',
  '.dat': 'dat',
  '.graphml': 'graphml',
  '.gexf': 'gexf',
};

export function extensionOf(path: string): string {
  const lower = path.toLowerCase();
  const slash = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\'));
  const dot = lower.lastIndexOf('.');
  return dot > slash ? lower.slice(dot) : '';
}

export function formatOfExtension(path: string): InputFormat | undefined {
  return BY_EXTENSION[extensionOf(path)];
}

export function checkFormatName(name: string): InputFormat {
  const f = name.toLowerCase() as InputFormat;
  if (!INPUT_FORMATS.includes(f))
    throw usageError(`unknown --input-format "${name}" (formats: ${INPUT_FORMATS.join(', ')})`);
  return f;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, at: number, sig: readonly number[]): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + n));
}

/** HDF5 puts its superblock at 0, 512, 1024, 2048, ... (after a user block such as MATLAB v7.3's header). */
export function hdf5SignatureAt(head: Uint8Array): number {
  for (let at = 0; at + 8 <= head.length; at = at === 0 ? 512 : at * 2)
    if (startsWith(head, at, HDF5_SIGNATURE)) return at;
  return -1;
}

/** Bytes needed by `sniffFormat` (HDF5 signatures after user blocks of up to 2 KB; MATLAB's 128-byte header). */
export const SNIFF_BYTES = 4096;

/** The format the first bytes say, or undefined for text that the delimited sniffer must judge. */
export function sniffFormat(head: Uint8Array): InputFormat | undefined {
  if (hdf5SignatureAt(head) >= 0) return 'hdf5';
  const magic4 = ascii(head, 0, 4);
  if (magic4 === 'CDF\x01' || magic4 === 'CDF\x02' || magic4 === 'CDF\x05') return 'netcdf';
  if (magic4 === 'PAR1') return 'parquet';
  if (ascii(head, 0, 6) === 'ARROW1' || startsWith(head, 0, [0xff, 0xff, 0xff, 0xff])) return 'arrow';
  if (ascii(head, 0, 6) === '\x93NUMPY') return 'npy';
  if (startsWith(head, 0, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, 0, [0x50, 0x4b, 0x05, 0x06])) return 'npz';
  if (ascii(head, 0, 6) === 'MATLAB' && head.length >= 128) return 'mat';
  return undefined;
}

/**
 * Text or binary: a NUL byte, or more than 10% control bytes other than tab/CR/LF/FF in the head, means binary
 * (UTF-8 multibyte sequences are >= 0x80 and do not count).
 */
export function looksBinary(head: Uint8Array): boolean {
  // UTF-16 text with a byte-order mark (re-encoded by the delimited reader) is full of NUL bytes.
  if (startsWith(head, 0, [0xff, 0xfe]) || startsWith(head, 0, [0xfe, 0xff])) return false;
  let control = 0;
  const n = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n / 10;
}

/** Text content: JSON when it starts like JSON, else delimited text (csv/tsv/whitespace, sniffed later). */
export function sniffText(file: string, head: Uint8Array): InputFormat {
  if (looksBinary(head))
    throw badInput(
      `binary content of no known format (tried HDF5, NetCDF, Parquet, Arrow, NPY, NPZ, MATLAB); name the format with --input-format`,
      { file },
    );
  const text = new TextDecoder('utf-8')
    .decode(head.subarray(0, 256))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('{') || text.startsWith('[') ? 'json' : 'csv';
}
