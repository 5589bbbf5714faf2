import { describe, expect, test } from 'vitest';
import { decodeLz4Frames } from '../../../src/analysis/data/lz4-frame';

const MAGIC = [0x04, 0x22, 0x4d, 0x18];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
/** A frame header: FLG (version 01 plus flags), BD (64 KB blocks), the header checksum byte (not verified). */
const header = (flags: number, extra: number[] = []) => [...MAGIC, 0x40 | flags, 0x40, ...extra, 0x00];
const text = (s: string) => Array.from(new TextEncoder().encode(s));
const decode = (bytes: number[]) => new TextDecoder().decode(decodeLz4Frames(Uint8Array.from(bytes)));

// One hand-assembled block (LZ4 Block Format): "abcabcabcabcX" = literals "abc", a match of 9 at offset 3 (it
// overlaps what it writes), then the last literal "X".
const block = [0x35, ...text('abc'), 0x03, 0x00, 0x10, ...text('X')];

describe('LZ4 frames', () => {
  test('a compressed block with an overlapping match', () => {
    expect(decode([...header(0x20), ...le32(block.length), ...block, ...le32(0)])).toBe('abcabcabcabcX');
  });
  test('stored (uncompressed) blocks, block checksums, content size and content checksum are stepped over', () => {
    const flags = 0x20 | 0x10 | 0x08 | 0x04;
    const frame = [
      ...header(flags, [...le32(17), ...le32(0)]),
      ...le32(0x80000004),
      ...text('head'),
      ...le32(0xdeadbeef),
      ...le32(block.length),
      ...block,
      ...le32(0x12345678),
      ...le32(0),
      ...le32(0xcafebabe),
    ];
    expect(decode(frame)).toBe('headabcabcabcabcX');
  });
  test('linked blocks: a match reaches into the previous block; independent blocks refuse that', () => {
    const second = [0x05, 0x0d, 0x00]; // no literals, a match of 9 at offset 13: the start of block one
    const frame = (flags: number) => [
      ...header(flags),
      ...le32(block.length),
      ...block,
      ...le32(second.length),
      ...second,
      ...le32(0),
    ];
    expect(decode(frame(0x00))).toBe('abcabcabcabcXabcabcabc');
    expect(() => decode(frame(0x20))).toThrow(/match offset 13 out of range/);
  });
  test('concatenated frames and skippable frames', () => {
    const one = [...header(0x20), ...le32(0x80000002), ...text('ab'), ...le32(0)];
    const skip = [0x5a, 0x2a, 0x4d, 0x18, ...le32(3), 1, 2, 3];
    expect(decode([...one, ...skip, ...one])).toBe('abab');
  });
  test('damaged input fails with a reason instead of reading out of bounds', () => {
    expect(() => decode([0, 1, 2, 3, 4, 5])).toThrow(/bad magic number/);
    expect(() => decode([...header(0x20), ...le32(block.length), ...block])).toThrow(/truncated/);
    expect(() => decode([...header(0x20), ...le32(block.length + 50), ...block, ...le32(0)])).toThrow(/out of bounds/);
    const badOffset = [0x35, ...text('abc'), 0x09, 0x00, 0x10, ...text('X')];
    expect(() => decode([...header(0x20), ...le32(badOffset.length), ...badOffset, ...le32(0)])).toThrow(
      /match offset 9 out of range/,
    );
    expect(() => decode([...MAGIC, 0x80, 0x40, 0, ...le32(0)])).toThrow(/unsupported version/);
    expect(() => decode([...header(0x01), ...le32(0)])).toThrow(/dictionary/);
  });
});
