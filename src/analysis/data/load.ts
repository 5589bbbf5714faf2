import { constants as bufferLimits } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { badInput, DynLensError, tooLarge } from '../core/errors';
import type { AnalysisInput, Dataset, InputFormat, LoadOptions } from '../core/input';
import { inputKindOf, STDIN_PATH, TABLE_EXTENSIONS } from '../core/input';
import { DEFAULT_MAX_BYTES } from './dataset';
import { parseDelimited } from './delimited';
import { isEdgeListHeader, parseEdgeList } from './graph/edgelist';
import { parseLowerDistanceMatrix } from './distanceMatrix';
import {
  checkFormatName,
  extensionOf,
  formatOfExtension,
  hdf5SignatureAt,
  looksBinary,
  SNIFF_BYTES,
  sniffFormat,
  sniffText,
} from './formats';
import type { Hdf5Flavour } from './hdf5';
import { parseJsonTable } from './json';
import { parseNpy } from './npy';
import { parseNpz } from './npz';
import { parseParquet } from './parquet';

/** How standard input is named in messages. */
const STDIN_LABEL = 'standard input';

function unsupported(path: string): DynLensError {
  return badInput(
    `unsupported file type "${extensionOf(path)}" (tables: ${TABLE_EXTENSIONS.join(', ')}; models: .ode, .onnx)`,
    { file: path },
  );
}

/**
 * The format of in-memory bytes: `--input-format`, else the extension, else the first bytes. `.nc` and `.mat`
 * are confirmed by their bytes (NetCDF-3 vs NetCDF-4/HDF5, MATLAB v5 vs v7.3/HDF5).
 */
function formatOf(path: string, head: Uint8Array, options: LoadOptions): InputFormat {
  const named = options.selection?.format;
  if (named) return checkFormatName(named);
  const byExt = path === STDIN_PATH ? undefined : formatOfExtension(path);
  if (byExt === 'netcdf' || byExt === 'mat') return hdf5SignatureAt(head) >= 0 ? 'hdf5' : byExt;
  if (byExt) return byExt;
  if (path === STDIN_PATH) return sniffFormat(head) ?? sniffText(STDIN_LABEL, head);
  if (extensionOf(path) === '.lower_distance_matrix') return 'txt';
  throw unsupported(path);
}

/** Decodes table bytes in a named format. Every failure is a DynLensError naming the file. */
async function decodeTable(
  file: string,
  format: InputFormat,
  bytes: Uint8Array,
  options: LoadOptions,
): Promise<Dataset> {
  switch (format) {
    case 'csv':
    case 'tsv':
    case 'txt':
      return extensionOf(file) === '.lower_distance_matrix'
        ? parseLowerDistanceMatrix(file, bytes, options)
        : parseDelimited(file, bytes, options);
    case 'npy':
      return parseNpy(file, bytes, options);
    case 'npz':
      return parseNpz(file, bytes, options);
    case 'parquet':
      return await parseParquet(file, bytes, options);
    case 'json':
      return parseJsonTable(file, bytes, options);
    case 'netcdf':
      return (await import('./netcdf3')).parseNetcdf3(file, bytes, options);
    case 'mat':
      return (await import('./matlab')).parseMat5(file, bytes, options);
    case 'arrow':
      return await (await import('./arrow')).parseArrow(file, bytes, options);
    case 'dat':
      return (await import('./xpp')).parseXppDat(file, bytes, options);
    case 'graph':
    case 'graphml':
    case 'gexf':
      throw badInput(`${format} content is a graph, not a table`, { file });
    case 'hdf5':
      throw badInput('HDF5 content can only be read from a file (HDF5 needs random access); pass its path', {
        file,
      });
  }
}

function wrapLoaderError(file: string, e: unknown): DynLensError {
  if (e instanceof DynLensError) return e;
  if (e instanceof RangeError && /allocation|length/i.test(e.message)) {
    return tooLarge(
      `out of memory while decoding (${e.message}); raise dynlens.worker.maxMemoryMB or use a smaller file`,
      { file },
    );
  }
  // A loader bug or a library error on malformed bytes: still the user's file that could not be read.
  return badInput(`could not read ${extensionOf(file) || 'file'}: ${e instanceof Error ? e.message : String(e)}`, {
    file,
  });
}

/** Decodes a table file by its format (see formatOf). Every failure is a DynLensError naming the file. */
export async function loadTable(path: string, bytes: Uint8Array, options: LoadOptions = {}): Promise<Dataset> {
  const file = path === STDIN_PATH ? STDIN_LABEL : path;
  try {
    return await decodeTable(file, formatOf(path, bytes.subarray(0, SNIFF_BYTES), options), bytes, options);
  } catch (e) {
    throw wrapLoaderError(file, e);
  }
}

/** Turns file bytes into an analysis input, dispatching on the extension (core/input.ts inputKindOf). */
export async function loadFromBytes(
  path: string,
  bytes: Uint8Array,
  options: LoadOptions = {},
): Promise<AnalysisInput> {
  const graph = await loadGraph(path, bytes, options);
  if (graph) return graph;
  const kind = inputKindOf(path);
  switch (kind) {
    case 'ode':
      return { kind: 'ode', path, text: new TextDecoder('utf-8').decode(bytes) };
    case 'onnx':
      return { kind: 'onnx', path, bytes };
    case 'graph':
      break; // loadGraph took it
    case 'table':
      return { kind: 'table', path, dataset: await loadTable(path, bytes, options) };
    case undefined:
      break; // not an extension we read: refused below
  }
  if (options.selection?.format) return { kind: 'table', path, dataset: await loadTable(path, bytes, options) };
  throw unsupported(path);
}

/** Reads the node table of an edge list: `--nodes FILE`, else NAME.nodes.csv beside NAME.csv when it exists. */
async function nodeTableOf(
  path: string,
  options: LoadOptions,
): Promise<{ file: string; bytes: Uint8Array } | undefined> {
  const named = options.selection?.nodes;
  const file = named ?? (path === STDIN_PATH ? undefined : path.replace(/\.(csv|tsv|txt)$/i, '') + '.nodes.csv');
  if (file === undefined || file === path) return undefined;
  try {
    return { file, bytes: await readFile(file) };
  } catch (e) {
    if (named === undefined && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw badInput(`cannot read the node table (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
}

/**
 * A graph input when the file is one: GraphML/GEXF by extension or --input-format, an edge list when
 * --input-format graph is given or when a delimited file's header is source,target[,weight].
 */
async function loadGraph(path: string, bytes: Uint8Array, options: LoadOptions): Promise<AnalysisInput | undefined> {
  const named = options.selection?.format?.toLowerCase();
  const format = named ?? formatOfExtension(path);
  const file = path === STDIN_PATH ? STDIN_LABEL : path;
  const text = (): string => new TextDecoder('utf-8').decode(bytes);
  if (format === 'graphml' || format === 'gexf') {
    const { parseGraphXml } = await import('./graph/xml');
    return { kind: 'graph', path, graph: await parseGraphXml(file, text(), format) };
  }
  const delimited =
    format === 'csv' || format === 'tsv' || format === 'txt' || (format === undefined && path === STDIN_PATH);
  if (format !== 'graph' && !(delimited && isEdgeListHeader(new TextDecoder().decode(bytes.subarray(0, 1 << 16)))))
    return undefined;
  const side = await nodeTableOf(path, options);
  const decoder = new TextDecoder('utf-8');
  const graph = parseEdgeList(
    file,
    text(),
    side && { file: side.file, text: decoder.decode(side.bytes) },
    format === 'graph',
  );
  if (side) graph.notes.push(`node table ${side.file}`);
  const nodeTable = side && { path: side.file, sha256: createHash('sha256').update(side.bytes).digest('hex') };
  return { kind: 'graph', path, graph, nodeTable };
}

export interface ReadInputResult {
  input: AnalysisInput;
  /**
   * sha256, hex: of the file bytes; for HDF5-based containers, of what was read (dataset path, slice and the
   * decoded values), so a 2 GB container is not hashed to read one dataset.
   */
  contentHash: string;
  fileBytes: number;
  /** For containers: the dataset and slice read, e.g. `/group/x[0,:,:]`. */
  selection?: string;
}

function sha256(parts: Iterable<Uint8Array>, signal?: LoadOptions['signal']): string {
  const hash = createHash('sha256');
  // Hash in 8 MB slices so a cancelled job stops here too (a 100 MB file takes ~0.3 s to hash).
  for (const bytes of parts) {
    for (let off = 0; off < bytes.length; off += 1 << 23) {
      hash.update(bytes.subarray(off, Math.min(bytes.length, off + (1 << 23))));
      signal?.throwIfCancelled();
    }
  }
  return hash.digest('hex');
}

/** Files up to this size are read in one blocking call (see readInput). */
const SMALL_FILE_BYTES = 1 << 20;

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** HDF5 family: which flavour, when the file (whatever its extension) starts with an HDF5 superblock. */
function hdf5Flavour(path: string, head: Uint8Array, options: LoadOptions): Hdf5Flavour | undefined {
  const named = options.selection?.format;
  if (named && checkFormatName(named) !== 'hdf5' && named !== 'netcdf' && named !== 'mat') return undefined;
  if (!named && !['hdf5', 'netcdf', 'mat'].includes(formatOfExtension(path) ?? '')) return undefined;
  if (hdf5SignatureAt(head) < 0) {
    if (named === 'hdf5' || (!named && formatOfExtension(path) === 'hdf5'))
      throw badInput('not an HDF5 file: no HDF5 signature at offset 0, 512, 1024 or 2048', { file: path });
    return undefined;
  }
  const ext = formatOfExtension(path);
  const text = new TextDecoder('latin1').decode(head.subarray(0, 128));
  if (ext === 'mat' || text.startsWith('MATLAB 7.3 MAT-file')) return 'mat73';
  if (ext === 'netcdf' || named === 'netcdf') return 'netcdf4';
  return 'hdf5';
}

async function readContainer(path: string, flavour: Hdf5Flavour, size: number, options: LoadOptions) {
  const { readHdf5 } = await import('./hdf5');
  const { dataset, selection } = await readHdf5(path, flavour, options);
  const enc = new TextEncoder();
  const parts = [
    enc.encode(selection),
    ...dataset.data.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength)),
  ];
  const contentHash = sha256(parts, options.signal);
  const input: AnalysisInput = { kind: 'table', path, dataset };
  return { input, contentHash, fileBytes: size, selection };
}

function fromStdin(options: LoadOptions): Uint8Array {
  const bytes = options.bytes;
  if (!bytes || bytes.length === 0) throw badInput('nothing was piped in (0 bytes)', { file: STDIN_LABEL });
  return bytes;
}

/** Formats decoded as text: the first bytes show whether the file is text at all. */
const TEXT_FORMATS: ReadonlySet<InputFormat> = new Set(['csv', 'tsv', 'txt', 'json']);

function gb(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GB`;
}

/**
 * What can be known from the size and the first bytes before a file is read whole into memory: Node.js holds at
 * most buffer.constants.MAX_LENGTH bytes in one buffer (4 GiB in Node 20), JSON and .ode files are decoded into one
 * string of at most MAX_STRING_LENGTH characters (about 512 M), and a text table whose first kilobytes hold NUL or
 * control bytes is not text (a misnamed binary, or a sparse file). Each is refused with its reason before any read.
 */
function checkWholeRead(path: string, size: number, head: Uint8Array, options: LoadOptions): void {
  if (size > bufferLimits.MAX_LENGTH)
    throw tooLarge(
      `file is ${gb(size)}: formats read whole can be at most ${gb(bufferLimits.MAX_LENGTH)} (the largest buffer of Node.js ${process.versions.node}); split it, or store it as HDF5 or NetCDF-4, which DynLens reads in place (a dataset or a slice of it)`,
      { file: path },
    );
  const kind = inputKindOf(path);
  let format: InputFormat | undefined;
  try {
    format = kind === 'table' || options.selection?.format ? formatOf(path, head, options) : undefined;
  } catch {
    return; // unknown formats are refused by the loader with their own message
  }
  // The file and its decoded values are held together while it loads: a copy for binary arrays, about half the
  // text's size for text tables (a double for each number of ~16 characters with its delimiter).
  const decoded = format === 'npy' || format === 'mat' || format === 'netcdf' ? size : kind === 'table' ? size / 2 : 0;
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size + decoded > limit)
    throw tooLarge(
      `file is ${gb(size)}; reading it holds the file and its decoded values together, about ${gb(size + decoded)}, over the memory limit of ${gb(limit)}; raise dynlens.worker.maxMemoryMB (--max-memory-mb) or use a smaller file`,
      { file: path },
    );
  const oneString = kind === 'ode' || format === 'json';
  if (oneString && size > bufferLimits.MAX_STRING_LENGTH)
    throw tooLarge(
      `file is ${gb(size)}: ${kind === 'ode' ? 'a model' : 'a JSON table'} is read as one text of at most ${(bufferLimits.MAX_STRING_LENGTH / 2 ** 20).toFixed(0)} MB${kind === 'ode' ? '' : '; convert it to CSV, Parquet or .npy'}`,
      { file: path },
    );
  if ((oneString || (format !== undefined && TEXT_FORMATS.has(format))) && looksBinary(head))
    throw badInput(
      `the first ${Math.min(head.length, SNIFF_BYTES)} bytes are not text (NUL or control bytes) though the file is read as ${kind === 'ode' ? 'a model' : format}: a binary or damaged file, or UTF-16 text without a byte-order mark (save it as UTF-8)`,
      { file: path },
    );
}

/**
 * Reads a whole file into one array in 64 MiB reads: fs.readFile refuses files of 2 GiB and more
 * (ERR_FS_FILE_TOO_LARGE), which the memory budget may allow.
 */
export async function readWhole(path: string, size: number, signal?: LoadOptions['signal']): Promise<Uint8Array> {
  // A Buffer, as readFile gave: the text loaders take Buffer's fast paths (a plain Uint8Array is 20x slower there).
  const out = Buffer.allocUnsafe(size);
  const fh = await open(path, 'r');
  try {
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(out, off, Math.min(1 << 26, size - off), off);
      if (bytesRead === 0) break;
      off += bytesRead;
      signal?.throwIfCancelled();
    }
    return off === size ? out : out.subarray(0, off);
  } finally {
    await fh.close();
  }
}

/**
 * Reads a file from disk (or standard input, path `-`) and loads it. The size is checked with stat() before
 * reading: a file larger than the memory budget is refused without being read. HDF5-based containers are opened
 * in place and the budget applies to the dataset read.
 */
export async function readInput(path: string, options: LoadOptions = {}): Promise<ReadInputResult> {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (path === STDIN_PATH) {
    const bytes = fromStdin(options);
    const input = await loadFromBytes(path, bytes, options);
    return { input, contentHash: sha256([bytes], options.signal), fileBytes: bytes.length };
  }
  let size: number;
  let head: Uint8Array;
  let small: Uint8Array | undefined;
  try {
    // stat, and a small file's whole read, block: each asynchronous call is a round trip through libuv's thread
    // pool, and for a batch of small files the seven of a read cost more than the read (measured: ~1.5 ms of a
    // worker's idle time per 20 ms item).
    const st = statSync(path);
    if (!st.isFile()) throw badInput('not a regular file', { file: path });
    size = st.size;
    if (size <= Math.min(limit, SMALL_FILE_BYTES)) {
      small = readFileSync(path);
      size = small.length;
      head = small.subarray(0, SNIFF_BYTES);
    } else head = await readHead(path);
  } catch (e) {
    if (e instanceof DynLensError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(e)})`, { file: path });
  }
  const flavour = hdf5Flavour(path, head, options);
  if (flavour) return readContainer(path, flavour, size, options);
  if (size > limit) {
    throw tooLarge(
      `file is ${(size / 1024 ** 2).toFixed(1)} MB, over the memory limit of ${(limit / 1024 ** 2).toFixed(1)} MB; raise dynlens.worker.maxMemoryMB`,
      { file: path },
    );
  }
  checkWholeRead(path, size, head, options);
  let bytes: Uint8Array;
  try {
    bytes = small ?? (await readWhole(path, size, options.signal));
  } catch (e) {
    if (e instanceof DynLensError || e instanceof RangeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(`cannot read file (${code ?? String(e)})`, { file: path });
  }
  options.signal?.throwIfCancelled();
  const input = await loadFromBytes(path, bytes, options);
  // A graph's node table is part of its content.
  const side = input.kind === 'graph' && input.nodeTable ? [new TextEncoder().encode(input.nodeTable.sha256)] : [];
  const contentHash = sha256([bytes, ...side], options.signal);
  return { input, contentHash, fileBytes: size };
}
