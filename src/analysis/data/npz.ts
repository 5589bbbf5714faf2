import { badInput, DynLensError } from '../core/errors';
import { listZip, readZipEntry, type ZipEntry } from './zip';
import type { Dataset } from '../core/input';
import { DEFAULT_MAX_BYTES } from './dataset';
import { parseNpy, readNpyHeader } from './npy';

/**
 * NumPy .npz archives (numpy.savez / savez_compressed): a ZIP of .npy members, read by zip.ts (each member inflated
 * once, streamed, stopped at the budget and at its declared size whatever the headers claim). Without
 * `member`, the first 1-D or 2-D floating-point array is chosen (else the first 1-D or 2-D numeric array); the
 * notes list the members so the user can pick another with the `member` option.
 */
export interface NpzOptions {
  maxBytes?: number;
  member?: string;
}

function memberName(entry: string): string {
  return entry.replace(/\.npy$/i, '');
}

export function parseNpz(file: string, bytes: Uint8Array, options: NpzOptions = {}): Dataset {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const infos = listZip(file, bytes);
  const members = infos.filter((i) => /\.npy$/i.test(i.name));
  if (members.length === 0)
    throw badInput(`no .npy member in the archive (entries: ${infos.map((i) => i.name).join(', ') || 'none'})`, {
      file,
    });
  const extract = (info: ZipEntry): Uint8Array => readZipEntry(file, bytes, info, limit);
  // The .npy header is in the first bytes (at most 64 KiB past the magic for version 2/3 headers we accept).
  const header = (info: ZipEntry): Uint8Array => readZipEntry(file, bytes, info, limit, 70_000);
  const names = members.map((m) => memberName(m.name));
  const where = `${file}:${'{member}'}`;
  const load = (info: ZipEntry): Dataset => {
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
  let firstNumeric: ZipEntry | undefined;
  let unreadable: DynLensError | undefined;
  for (const info of members) {
    let h;
    try {
      h = readNpyHeader(`${file}:${memberName(info.name)}`, header(info));
    } catch (e) {
      if (e instanceof DynLensError && e.kind === 'bad-input') {
        unreadable ??= e;
        continue;
      }
      throw e;
    }
    if (h.shape.length < 1 || h.shape.length > 2) continue;
    if (h.dtype.replace(/^[<>|=]/, '')[0] === 'f') return load(info);
    firstNumeric ??= info;
  }
  if (firstNumeric) return load(firstNumeric);
  if (unreadable && members.length === 1) throw unreadable;
  throw badInput(`no 1-D or 2-D numeric array among the members (${names.join(', ')})`, { file });
}
