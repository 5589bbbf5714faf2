import { unzipSync, type UnzipFileInfo } from 'fflate';
import { badInput, DynLensError, tooLarge } from '../core/errors';
import type { Dataset } from '../core/input';
import { DEFAULT_MAX_BYTES } from './dataset';
import { parseNpy, readNpyHeader } from './npy';

/**
 * NumPy .npz archives (numpy.savez / savez_compressed): a ZIP of .npy members, unpacked with fflate. Without
 * `member`, the first 1-D or 2-D floating-point array is chosen (else the first 1-D or 2-D numeric array); the
 * notes list the members so the user can pick another with the `member` option.
 */
export interface NpzOptions {
  maxBytes?: number;
  member?: string;
}

function unzip(file: string, bytes: Uint8Array, keep: (info: UnzipFileInfo) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: keep });
  } catch (e) {
    if (e instanceof DynLensError) throw e;
    throw badInput(`not a readable .npz (zip) archive: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
}

function memberName(entry: string): string {
  return entry.replace(/\.npy$/i, '');
}

export function parseNpz(file: string, bytes: Uint8Array, options: NpzOptions = {}): Dataset {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const infos: UnzipFileInfo[] = [];
  unzip(file, bytes, (info) => {
    infos.push({ name: info.name, size: info.size, originalSize: info.originalSize, compression: info.compression });
    return false;
  });
  const members = infos.filter((i) => /\.npy$/i.test(i.name));
  if (members.length === 0)
    throw badInput(`no .npy member in the archive (entries: ${infos.map((i) => i.name).join(', ') || 'none'})`, {
      file,
    });

  const extract = (info: UnzipFileInfo): Uint8Array => {
    // The declared uncompressed size is what fflate allocates: check it before inflating (zip bombs).
    if (info.originalSize > limit) {
      throw tooLarge(
        `member ${info.name} unpacks to ${(info.originalSize / 1024 ** 2).toFixed(1)} MB, over the memory limit of ${(limit / 1024 ** 2).toFixed(1)} MB; raise dynlens.worker.maxMemoryMB`,
        { file },
      );
    }
    const out = unzip(file, bytes, (i) => i.name === info.name)[info.name];
    if (!out) throw badInput(`could not unpack member ${info.name}`, { file });
    return out;
  };
  const names = members.map((m) => memberName(m.name));
  const where = `${file}:${'{member}'}`;
  const load = (info: UnzipFileInfo): Dataset => {
    const memberFile = where.replace('{member}', memberName(info.name));
    const ds = parseNpy(memberFile, extract(info), { maxBytes: options.maxBytes, name: memberName(info.name) });
    ds.source = file;
    ds.notes.unshift(`npz member "${memberName(info.name)}" of ${names.join(', ')}`);
    return ds;
  };

  if (options.member !== undefined) {
    const info = members.find((m) => memberName(m.name) === memberName(options.member ?? ''));
    if (!info) throw badInput(`no member "${options.member}" in the archive (members: ${names.join(', ')})`, { file });
    return load(info);
  }
  let firstNumeric: UnzipFileInfo | undefined;
  for (const info of members) {
    let h;
    try {
      h = readNpyHeader(`${file}:${memberName(info.name)}`, extract(info));
    } catch (e) {
      if (e instanceof DynLensError && e.kind === 'bad-input') continue;
      throw e;
    }
    if (h.shape.length < 1 || h.shape.length > 2) continue;
    if (h.dtype.replace(/^[<>|=]/, '')[0] === 'f') return load(info);
    firstNumeric ??= info;
  }
  if (firstNumeric) return load(firstNumeric);
  throw badInput(`no 1-D or 2-D numeric array among the members (${names.join(', ')})`, { file });
}
