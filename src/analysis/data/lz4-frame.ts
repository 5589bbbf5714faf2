/**
 * LZ4 frame decoding (the LZ4_FRAME codec of Arrow IPC's compressed buffers). Formats: "LZ4 Frame Format
 * Description" v1.6 (magic, frame descriptor, data blocks, end mark) and "LZ4 Block Format Description" (token,
 * literals, 2-byte offset, match). Blocks are decoded into one growing output, so linked blocks (the default of
 * the reference encoder, LZ4F_blockLinked, whose matches may reach back into earlier blocks) need no separate
 * window. Block and content checksums (xxHash32) are skipped, not verified; every offset and length is
 * bounds-checked, so a damaged frame fails instead of reading outside its input.
 */

const FRAME_MAGIC = 0x184d2204;
/** Skippable frames: 0x184D2A50 .. 0x184D2A5F. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MIN_MATCH = 4;
const BLOCK_MAX_BYTES: Record<number, number> = { 4: 1 << 16, 5: 1 << 18, 6: 1 << 20, 7: 1 << 22 };

class Output {
  bytes: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 64));
  }
  ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(need, this.bytes.length * 2));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}

function fail(reason: string): never {
  throw new Error(`corrupt LZ4 frame: ${reason}`);
}

function u32(b: Uint8Array, at: number): number {
  if (at + 4 > b.length) fail('truncated');
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

/** An LZ4 length: the 4-bit field, extended by bytes while they are 255. Returns [length, next position]. */
function readLength(src: Uint8Array, at: number, nibble: number): [number, number] {
  let len = nibble;
  if (nibble !== 15) return [len, at];
  let b = 255;
  while (b === 255) {
    if (at >= src.length) fail('truncated length');
    b = src[at++];
    len += b;
  }
  return [len, at];
}

/** Decodes one compressed block (src[from, to)) onto the end of `out`; `floor` is the oldest byte it may copy. */
function decodeBlock(src: Uint8Array, from: number, to: number, out: Output, floor: number, blockMax: number): void {
  out.ensure(blockMax);
  const dst = out.bytes;
  let o = out.length;
  const limit = o + blockMax;
  let i = from;
  while (i < to) {
    const token = src[i++];
    let literals: number;
    [literals, i] = readLength(src, i, token >> 4);
    if (i + literals > to || o + literals > limit) fail('literal run out of bounds');
    dst.set(src.subarray(i, i + literals), o);
    i += literals;
    o += literals;
    if (i === to) break; // the last sequence has literals only
    if (i + 2 > to) fail('truncated offset');
    const offset = src[i] | (src[i + 1] << 8);
    i += 2;
    if (offset === 0 || o - offset < floor) fail(`match offset ${offset} out of range`);
    let match: number;
    [match, i] = readLength(src, i, token & 15);
    match += MIN_MATCH;
    if (o + match > limit) fail('match beyond the block size');
    // Byte by byte: a match may overlap the bytes it produces (offset < length repeats a pattern).
    for (let s = o - offset, end = o + match; o < end;) dst[o++] = dst[s++];
  }
  out.length = o;
}

/** Decodes one frame starting at `at`; returns the position after it. */
function decodeFrame(src: Uint8Array, at: number, out: Output): number {
  const flg = src[at + 4];
  const bd = src[at + 5];
  if (flg === undefined || bd === undefined) fail('truncated header');
  if (flg >> 6 !== 1) fail(`unsupported version ${flg >> 6}`);
  const independent = (flg & 0x20) !== 0;
  const blockChecksum = (flg & 0x10) !== 0;
  const hasContentSize = (flg & 0x08) !== 0;
  const contentChecksum = (flg & 0x04) !== 0;
  if ((flg & 0x01) !== 0) fail('frames with a dictionary are not supported');
  const blockMax = BLOCK_MAX_BYTES[(bd >> 4) & 7];
  if (blockMax === undefined) fail(`unknown block size id ${(bd >> 4) & 7}`);
  let i = at + 6;
  if (hasContentSize) {
    const size = u32(src, i) + u32(src, i + 4) * 2 ** 32;
    if (size <= 2 ** 31) out.ensure(size);
    i += 8;
  }
  i += 1; // header checksum
  const frameStart = out.length;
  for (;;) {
    const word = u32(src, i);
    i += 4;
    if (word === 0) break; // end mark
    const size = word & 0x7fffffff;
    if (size > blockMax || i + size > src.length) fail('block size out of bounds');
    if ((word & 0x80000000) !== 0) {
      out.ensure(size);
      out.bytes.set(src.subarray(i, i + size), out.length);
      out.length += size;
    } else {
      decodeBlock(src, i, i + size, out, independent ? out.length : frameStart, blockMax);
    }
    i += size + (blockChecksum ? 4 : 0);
  }
  return i + (contentChecksum ? 4 : 0);
}

/** Decodes a sequence of LZ4 frames (skippable frames skipped) into their concatenated content. */
export function decodeLz4Frames(src: Uint8Array): Uint8Array {
  const out = new Output(src.length * 4);
  let at = 0;
  while (at < src.length) {
    const magic = u32(src, at);
    if (magic === FRAME_MAGIC) at = decodeFrame(src, at, out);
    else if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) at += 8 + u32(src, at + 4);
    else fail(`bad magic number 0x${magic.toString(16)}`);
  }
  if (at > src.length) fail('truncated');
  return out.bytes.subarray(0, out.length);
}
