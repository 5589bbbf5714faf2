/**
 * Working memory lent to one computation and given back, per thread.
 *
 * A batch runs the same kernel on thousands of items of one size. Every fresh typed array is memory outside V8's
 * heap, and V8 counts that memory towards the old generation's limit once its owner has been promoted; on the small
 * heap of a batch worker, the few megabytes a signed barcode allocates per item set off a full collection every ~8
 * items (measured: ~60 full collections per 500 items and worker, their concurrent marking on the core the other
 * worker needs). Kernels borrow their scratch here instead and give it back when done: the same buffers serve the
 * next item, and nothing is allocated in steady state.
 *
 * Borrowed contents are unspecified (a kernel that needs zeros fills them). A buffer that is never given back is
 * simply collected; one given back must not be used again. Large buffers are not kept, so one big run does not pin
 * its memory in the thread afterwards.
 */

/** Largest buffer kept for reuse, the most bytes and the most buffers kept in all (per thread). */
const MAX_KEPT_BUFFER = 16 * 2 ** 20;
const MAX_KEPT_TOTAL = 64 * 2 ** 20;
const MAX_KEPT_COUNT = 64;

/**
 * Buffers are powers of two and kept by size class, so that lending one is a pop (a kernel that makes a reducer per
 * line borrows thousands of times per item); the rounding wastes less than half of a buffer that is reused anyway.
 */
const freeByClass: ArrayBuffer[][] = [];
let keptBytes = 0;
let keptCount = 0;

function sizeClass(bytes: number): number {
  return bytes <= 8 ? 3 : Math.ceil(Math.log2(bytes));
}

/** A free buffer of the size class of `bytes`, or a new one. */
function takeBuffer(bytes: number): ArrayBuffer {
  const c = sizeClass(bytes);
  const b = freeByClass[c]?.pop();
  if (!b) return new ArrayBuffer(2 ** c);
  keptBytes -= b.byteLength;
  keptCount--;
  return b;
}

export function borrowInt32(length: number): Int32Array<ArrayBuffer> {
  return new Int32Array(takeBuffer(4 * length), 0, length);
}

/** A borrowed Int32Array of at least `length` elements, as long as its buffer (for arrays that grow). */
export function borrowInt32Room(length: number): Int32Array<ArrayBuffer> {
  const b = takeBuffer(4 * length);
  return new Int32Array(b, 0, b.byteLength >>> 2);
}

/** Borrowed `a` if index `need` fits, else a borrowed copy at least twice as long (and `a` is given back). */
export function grownInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need < a.length) return a;
  const b = borrowInt32Room(Math.max(2 * a.length, need + 1));
  b.set(a);
  giveBack(a);
  return b;
}

export function borrowUint32(length: number): Uint32Array<ArrayBuffer> {
  return new Uint32Array(takeBuffer(4 * length), 0, length);
}

export function borrowFloat64(length: number): Float64Array<ArrayBuffer> {
  return new Float64Array(takeBuffer(8 * length), 0, length);
}

export function borrowUint8(length: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(takeBuffer(length), 0, length);
}

/** Gives borrowed arrays back (their whole buffers); a buffer already given back is not added twice. */
export function giveBack(...arrays: ArrayBufferView<ArrayBuffer>[]): void {
  for (const a of arrays) {
    const b = a.buffer;
    const c = sizeClass(b.byteLength);
    if (2 ** c !== b.byteLength) continue; // not lent here
    if (b.byteLength > MAX_KEPT_BUFFER || keptBytes + b.byteLength > MAX_KEPT_TOTAL) continue;
    const list = (freeByClass[c] ??= []);
    if (keptCount >= MAX_KEPT_COUNT || list.includes(b)) continue;
    list.push(b);
    keptBytes += b.byteLength;
    keptCount++;
  }
}

/**
 * Lets every kept buffer go. For a thread that is done with a run: an extension's worker waits idle between the
 * user's analyses and should not hold their scratch meanwhile (a batch keeps it from item to item).
 */
export function dropScratch(): void {
  freeByClass.length = 0;
  keptBytes = 0;
  keptCount = 0;
}

/** Bytes currently kept for reuse (tests). */
export function keptScratchBytes(): number {
  return keptBytes;
}
