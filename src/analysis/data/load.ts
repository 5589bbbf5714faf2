import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { badInput, DynLensError, tooLarge } from '../core/errors';
import type { AnalysisInput, Dataset, LoadOptions } from '../core/input';
import { inputKindOf, TABLE_EXTENSIONS } from '../core/input';
import { DEFAULT_MAX_BYTES } from './dataset';
import { parseDelimited } from './delimited';
import { parseLowerDistanceMatrix } from './distanceMatrix';
import { parseJsonTable } from './json';
import { parseNpy } from './npy';
import { parseNpz } from './npz';
import { parseParquet } from './parquet';

function extensionOf(path: string): string {
  const lower = path.toLowerCase();
  const slash = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\'));
  const dot = lower.lastIndexOf('.');
  return dot > slash ? lower.slice(dot) : '';
}

/** Decodes a table file by its extension. Every failure is a DynLensError naming the file. */
export async function loadTable(path: string, bytes: Uint8Array, options: LoadOptions = {}): Promise<Dataset> {
  const ext = extensionOf(path);
  try {
    switch (ext) {
      case '.csv':
      case '.tsv':
      case '.txt':
        return parseDelimited(path, bytes, options);
      case '.npy':
        return parseNpy(path, bytes, options);
      case '.npz':
        return parseNpz(path, bytes, options);
      case '.parquet':
        return await parseParquet(path, bytes, options);
      case '.json':
        return parseJsonTable(path, bytes, options);
      case '.lower_distance_matrix':
        return parseLowerDistanceMatrix(path, bytes, options);
    }
  } catch (e) {
    if (e instanceof DynLensError) throw e;
    if (e instanceof RangeError && /allocation|length/i.test(e.message)) {
      throw tooLarge(
        `out of memory while decoding (${e.message}); raise dynlens.worker.maxMemoryMB or use a smaller file`,
        { file: path },
      );
    }
    // A loader bug or a library error on malformed bytes: still the user's file that could not be read.
    throw badInput(`could not read ${ext || 'file'}: ${e instanceof Error ? e.message : String(e)}`, { file: path });
  }
  throw badInput(`unsupported file type "${ext}" (tables: ${TABLE_EXTENSIONS.join(', ')}; models: .ode, .onnx)`, {
    file: path,
  });
}

/** Turns file bytes into an analysis input, dispatching on the extension (core/input.ts inputKindOf). */
export async function loadFromBytes(
  path: string,
  bytes: Uint8Array,
  options: LoadOptions = {},
): Promise<AnalysisInput> {
  const kind = inputKindOf(path);
  switch (kind) {
    case 'ode':
      return { kind: 'ode', path, text: new TextDecoder('utf-8').decode(bytes) };
    case 'onnx':
      return { kind: 'onnx', path, bytes };
    case 'table':
      return { kind: 'table', path, dataset: await loadTable(path, bytes, options) };
  }
  throw badInput(
    `unsupported file type "${extensionOf(path)}" (tables: ${TABLE_EXTENSIONS.join(', ')}; models: .ode, .onnx)`,
    { file: path },
  );
}

export interface ReadInputResult {
  input: AnalysisInput;
  /** sha256 of the file bytes, hex. */
  contentHash: string;
  fileBytes: number;
}

/**
 * Reads a whole file into one array in 64 MiB reads: fs.readFile refuses files of 2 GiB and more
 * (ERR_FS_FILE_TOO_LARGE), which the memory budget may allow.
 */
async function readWhole(path: string, size: number, signal?: LoadOptions['signal']): Promise<Uint8Array> {
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
 * Reads a file from disk and loads it. The size is checked with stat() before reading: a file larger than the
 * memory budget is refused without being read.
 */
export async function readInput(path: string, options: LoadOptions = {}): Promise<ReadInputResult> {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw badInput('not a regular file', { file: path });
    size = st.size;
  } catch (e) {
    if (e instanceof DynLensError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(e)})`, { file: path });
  }
  if (size > limit) {
    throw tooLarge(
      `file is ${(size / 1024 ** 2).toFixed(1)} MB, over the memory limit of ${(limit / 1024 ** 2).toFixed(1)} MB; raise dynlens.worker.maxMemoryMB`,
      { file: path },
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await readWhole(path, size, options.signal);
  } catch (e) {
    if (e instanceof DynLensError || e instanceof RangeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(`cannot read file (${code ?? String(e)})`, { file: path });
  }
  // Hash in 8 MB slices so a cancelled job stops here too (a 100 MB file takes ~0.3 s to hash).
  options.signal?.throwIfCancelled();
  const hash = createHash('sha256');
  for (let off = 0; off < bytes.length; off += 1 << 23) {
    hash.update(bytes.subarray(off, Math.min(bytes.length, off + (1 << 23))));
    options.signal?.throwIfCancelled();
  }
  const contentHash = hash.digest('hex');
  const input = await loadFromBytes(path, bytes, options);
  return { input, contentHash, fileBytes: size };
}
