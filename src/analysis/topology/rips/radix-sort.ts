/**
 * Stable LSD radix sorts of filtration keys. Non-negative float64 values order like their bit patterns read as
 * unsigned integers, so 4 passes of 16 bits sort diameters exactly (no comparator calls: 10-20x faster than
 * Array.prototype.sort with a comparator on a million edges).
 */
const RADIX = 1 << 16;

function passes(
  order: Uint32Array,
  tmp: Uint32Array,
  count: number,
  digit: (item: number) => number,
  counts: Uint32Array,
): void {
  counts.fill(0);
  for (let i = 0; i < count; i++) counts[digit(order[i])]++;
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[d];
    counts[d] = sum;
    sum += c;
  }
  for (let i = 0; i < count; i++) {
    const it = order[i];
    tmp[counts[digit(it)]++] = it;
  }
}

/**
 * Reorders `items` (count entries; any payload, e.g. edge codes or column positions) stably by
 * ascending key, where key(item) is the non-negative float64 keys[keyOf(item)] (keyOf = identity if absent).
 * Returns the sorted array (either `items` or a new one).
 */
export function sortByFloatKey(
  items: Uint32Array,
  count: number,
  keys: Float64Array,
  keyOffset?: (item: number) => number,
): Uint32Array {
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
  let a: Uint32Array = items;
  let b: Uint32Array = new Uint32Array(count);
  const counts = new Uint32Array(RADIX);
  const at = keyOffset ?? ((x: number) => x);
  // Little-endian words: bits[2i] low, bits[2i+1] high.
  const digits = [
    (x: number) => bits[2 * at(x)] & 0xffff,
    (x: number) => bits[2 * at(x)] >>> 16,
    (x: number) => bits[2 * at(x) + 1] & 0xffff,
    (x: number) => bits[2 * at(x) + 1] >>> 16,
  ];
  for (const dg of digits) {
    // Skip a pass whose digit is the same for all items (common for low bits of integer-valued data).
    const first = count > 0 ? dg(a[0]) : 0;
    let same = true;
    for (let i = 1; i < count; i++) {
      if (dg(a[i]) !== first) {
        same = false;
        break;
      }
    }
    if (same) continue;
    passes(a, b, count, dg, counts);
    const t = a;
    a = b;
    b = t;
  }
  return a;
}

/** Sorts positions 0..count-1 by (diam ascending, index descending) using both key arrays. */
export function sortByDiameterThenIndexDesc(diam: Float64Array, index: Float64Array, count: number): Uint32Array {
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let tmp = new Uint32Array(count);
  const counts = new Uint32Array(RADIX);
  // Index digits first (descending: complement the digit), then diameters: LSD stability keeps index order in ties.
  const idxDigits = [
    (x: number) => 0xffff - (index[x] % RADIX),
    (x: number) => 0xffff - (Math.floor(index[x] / RADIX) % RADIX),
    (x: number) => 0xffff - (Math.floor(index[x] / 4294967296) % RADIX),
    (x: number) => 0xffff - Math.floor(index[x] / 281474976710656),
  ];
  for (const dg of idxDigits) {
    let same = true;
    const first = count > 0 ? dg(order[0]) : 0;
    for (let i = 1; i < count; i++) {
      if (dg(order[i]) !== first) {
        same = false;
        break;
      }
    }
    if (same) continue;
    passes(order, tmp, count, dg, counts);
    const t = order;
    order = tmp;
    tmp = t;
  }
  const sorted = sortByFloatKey(order, count, diam);
  return sorted;
}
