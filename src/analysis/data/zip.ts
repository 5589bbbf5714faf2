/**
 * A ZIP reader for .npz archives that trusts nothing in the headers: entries come from the central directory
 * (zip64 fields included, so a size of 0xFFFFFFFF is not read as "4 GB minus one byte"), and a member is inflated
 * once, in small input steps (fflate's streaming Inflate), into a buffer of its declared size, stopping as soon as
 * the output passes the declared size or the caller's cap. A 5 GB bomb is refused from its header; one whose
 * header lies stops after at most one step past the lie. Format: PKWARE APPNOTE.TXT 6.3.x, sections 4.3-4.5.
 */
import { Inflate } from 'fflate';
import { badInput, tooLarge } from '../core/errors';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** As the central directory declares it (zip64 extra field when present). */
  size: number;
  localOffset: number;
  encrypted: boolean;
}

const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 2 ** 24;
const u64 = (b: Uint8Array, o: number): number => u32(b, o) + u32(b, o + 4) * 2 ** 32;

function need(file: string, b: Uint8Array, end: number, what: string): void {
  if (end > b.length) throw badInput(`not a readable .npz (zip) archive: truncated ${what}`, { file });
}

/** The entries of the central directory. */
export function listZip(file: string, b: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw badInput('not a readable .npz (zip) archive: no end of central directory record', { file });
  let count = u16(b, eocd + 10);
  let cdOffset = u32(b, eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && u32(b, eocd - 20) === 0x07064b50) {
    const z = u64(b, eocd - 20 + 8);
    need(file, b, z + 56, 'zip64 end of central directory');
    if (u32(b, z) !== 0x06064b50) throw badInput('not a readable .npz (zip) archive: bad zip64 record', { file });
    count = u64(b, z + 32);
    cdOffset = u64(b, z + 48);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    need(file, b, p + 46, 'central directory');
    if (u32(b, p) !== 0x02014b50) throw badInput('not a readable .npz (zip) archive: bad central directory', { file });
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    let compressedSize = u32(b, p + 20);
    let size = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    let localOffset = u32(b, p + 42);
    need(file, b, p + 46 + nameLen + extraLen, 'central directory entry');
    const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLen));
    // Zip64 extended information (header id 1): only the fields whose 32-bit value is 0xFFFFFFFF, in this order.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
      const id = u16(b, e);
      const len = u16(b, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff && q + 8 <= e + 4 + len) {
          size = u64(b, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) {
          compressedSize = u64(b, q);
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = u64(b, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, localOffset, encrypted: (flags & 1) !== 0 });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The compressed bytes of an entry (after its local header). */
function payload(file: string, b: Uint8Array, e: ZipEntry): Uint8Array {
  need(file, b, e.localOffset + 30, `local header of ${e.name}`);
  if (u32(b, e.localOffset) !== 0x04034b50) throw badInput(`bad local header for member ${e.name}`, { file });
  const start = e.localOffset + 30 + u16(b, e.localOffset + 26) + u16(b, e.localOffset + 28);
  need(file, b, start + e.compressedSize, `data of member ${e.name}`);
  return b.subarray(start, start + e.compressedSize);
}

/** Input step: at most ~1032 x this much output per step (the DEFLATE ratio bound), i.e. about 16 MB. */
const STEP = 16 * 1024;

/**
 * Inflates an entry, or its first `prefix` bytes only. Refuses before inflating when the declared size is over
 * `maxBytes`, and stops at the first step whose output passes the declared size.
 */
export function readZipEntry(file: string, b: Uint8Array, e: ZipEntry, maxBytes: number, prefix?: number): Uint8Array {
  if (e.encrypted) throw badInput(`member ${e.name} is encrypted`, { file });
  if (e.size > maxBytes) {
    throw tooLarge(
      `member ${e.name} unpacks to ${(e.size / 1024 ** 2).toFixed(1)} MB, over the memory limit of ${(maxBytes / 1024 ** 2).toFixed(1)} MB; raise --max-memory-mb (setting dynlens.worker.maxMemoryMB)`,
      { file },
    );
  }
  const data = payload(file, b, e);
  const want = prefix === undefined ? e.size : Math.min(prefix, e.size);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw badInput(`stored member ${e.name} has inconsistent sizes`, { file });
    return data.subarray(0, want);
  }
  if (e.method !== 8) throw badInput(`member ${e.name} uses compression method ${e.method} (only deflate)`, { file });
  const out = new Uint8Array(want);
  let written = 0;
  let overflow = false;
  let done = false;
  const inflater = new Inflate((chunk) => {
    const room = want - written;
    const take = Math.min(room, chunk.length);
    out.set(chunk.subarray(0, take), written);
    written += take;
    if (chunk.length > room) {
      // More output than the header declared (a lie) or than the prefix asked for (fine): stop either way.
      overflow = want === e.size;
      done = true;
    } else if (prefix !== undefined && written === want) done = true;
  });
  try {
    for (let i = 0; i < data.length && !done; i += STEP) {
      inflater.push(data.subarray(i, Math.min(data.length, i + STEP)), i + STEP >= data.length);
    }
  } catch (err) {
    throw badInput(`member ${e.name} is not valid deflate data: ${err instanceof Error ? err.message : String(err)}`, {
      file,
    });
  }
  if (overflow)
    throw badInput(`member ${e.name} inflates past the ${e.size} bytes its header declares (a zip bomb?)`, { file });
  if (written < want)
    throw badInput(`member ${e.name} inflates to ${written} bytes, its header says ${e.size}`, { file });
  return out;
}
