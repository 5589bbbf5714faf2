import { describe, expect, it } from 'vitest';
import {
  borrowFloat64,
  borrowInt32,
  borrowInt32Room,
  borrowUint8,
  dropScratch,
  giveBack,
  grownInt32,
  keptScratchBytes,
} from '../../../src/analysis/core/scratch';

describe('scratch buffers', () => {
  it('lends a buffer given back to the next borrower that fits in it', () => {
    const a = borrowInt32(1000);
    const buffer = a.buffer;
    giveBack(a);
    const b = borrowFloat64(400); // 3,200 bytes fit in the 4,000 given back
    expect(b.buffer).toBe(buffer);
    expect(b.length).toBe(400);
    giveBack(b);
  });

  it('never lends one buffer twice at once', () => {
    const a = borrowInt32(50_000);
    giveBack(a);
    giveBack(a); // a second give-back of the same buffer is ignored
    const x = borrowInt32(50_000);
    const y = borrowInt32(50_000);
    expect(x.buffer).not.toBe(y.buffer);
    giveBack(x, y);
  });

  it('lends a free buffer of the size class asked for, not a larger one', () => {
    const big = borrowUint8(300_001);
    const small = borrowUint8(250_003);
    giveBack(big, small);
    const c = borrowUint8(240_000); // more than any buffer the tests above gave back
    expect(c.buffer).toBe(small.buffer);
    giveBack(c);
  });

  it('grows an array by a borrowed copy and keeps its contents', () => {
    let a = borrowInt32Room(4);
    const first = a.buffer;
    const end = a.length + 100; // past the room of the first buffer, whatever it was
    for (let i = 0; i < end; i++) {
      a = grownInt32(a, i);
      a[i] = i * 3;
    }
    expect(a.length).toBeGreaterThanOrEqual(end);
    for (let i = 0; i < end; i++) expect(a[i]).toBe(i * 3);
    expect(a.buffer).not.toBe(first);
    giveBack(a);
  });

  it('keeps no buffer it did not lend', () => {
    const before = keptScratchBytes();
    giveBack(new Uint8Array(1000));
    expect(keptScratchBytes()).toBe(before);
  });

  it('lets every kept buffer go when dropped', () => {
    giveBack(borrowUint8(5000));
    expect(keptScratchBytes()).toBeGreaterThan(0);
    dropScratch();
    expect(keptScratchBytes()).toBe(0);
  });

  it('does not keep buffers above its per-buffer limit', () => {
    const before = keptScratchBytes();
    giveBack(borrowUint8(32 * 2 ** 20));
    expect(keptScratchBytes()).toBe(before);
  });
});
