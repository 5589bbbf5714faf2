/**
 * 4-ary min-heap of coboundary entries: the working column of the implicit reduction (Bauer 2021).
 * An entry is two float64s, the diameter and a key = index * P + coefficient (P = 1 over Z/2, where every
 * coefficient is 1, else the power of two above p), interleaved in one array: 16 bytes per entry, like Ripser's
 * packed diameter_entry_t. Order = cohomology pivot order: smaller diameter first, ties by larger index (the
 * simplex-wise refinement Ripser uses); equal indices are adjacent in that order, so pops can sum their coefficients.
 */
import { tooLarge } from '../../core/errors';

export class EntryHeap {
  /** [diam, key] per entry. */
  private a: Float64Array;
  size = 0;
  /** Packing factor P (1 for Z/2). */
  readonly P: number;
  /** The pivot found by the last `settle` (index and coefficient unpacked). */
  outDiam = 0;
  outIdx = -1;
  outCoef = 0;

  constructor(modulus: number, capacity = 1024) {
    let P = 1;
    if (modulus !== 2) while (P < modulus) P *= 2;
    this.P = P;
    this.a = new Float64Array(capacity * 2);
  }

  clear(): void {
    this.size = 0;
  }

  /** The working column may not grow past this many bytes (the caller's memory budget). */
  maxBytes = Infinity;

  /** Bytes held by the heap. */
  bytes(): number {
    return this.a.byteLength;
  }

  private grow(): void {
    if (this.a.byteLength * 2 > this.maxBytes)
      throw tooLarge(
        `one column of the reduction grew past ${Math.round(this.a.byteLength / 2 ** 20)} MB of coboundary entries, over the memory budget`,
      );
    const b = new Float64Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }

  /** Pushes (diam, key) with key = idx * P + coef (callers pack; for Z/2 the key is the index). */
  push(diam: number, key: number): void {
    if (this.size * 2 === this.a.length) this.grow();
    const A = this.a;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pd = A[2 * p];
      if (pd < diam || (pd === diam && A[2 * p + 1] > key)) break;
      A[2 * i] = pd;
      A[2 * i + 1] = A[2 * p + 1];
      i = p;
    }
    A[2 * i] = diam;
    A[2 * i + 1] = key;
  }

  /** Removes the top entry. */
  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const A = this.a;
    const d = A[2 * n];
    const x = A[2 * n + 1];
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // Earliest of up to four children (4-ary: half the levels of a binary heap, children share cache lines).
      let l = first;
      let ld = A[2 * l];
      let lx = A[2 * l + 1];
      const last = first + 4 < n ? first + 4 : n;
      for (let r = first + 1; r < last; r++) {
        const rd = A[2 * r];
        if (rd < ld || (rd === ld && A[2 * r + 1] > lx)) {
          l = r;
          ld = rd;
          lx = A[2 * r + 1];
        }
      }
      if (d < ld || (d === ld && x > lx)) break;
      A[2 * i] = ld;
      A[2 * i + 1] = lx;
      i = l;
    }
    A[2 * i] = d;
    A[2 * i + 1] = x;
  }

  /**
   * Removes the earliest entry whose summed coefficient is non-zero mod p and leaves it in outDiam/outIdx/outCoef;
   * false when the column is zero. An extra pending entry (pendCoef != 0) that is not in the heap takes part: it is
   * the previous pivot, held out instead of being pushed back (a push of the minimum is a full sift-up). After adding
   * a column that cancels it, every heap entry before it sums to zero, so it is merged or returned, never skipped.
   */
  settle(modulus: number, pendDiam: number, pendIdx: number, pendCoef: number): boolean {
    let hasPend = pendCoef !== 0;
    const P = this.P;
    while (this.size > 0) {
      const d = this.a[0];
      const key = this.a[1];
      const x = P === 1 ? key : Math.floor(key / P);
      if (hasPend && (pendDiam < d || (pendDiam === d && pendIdx > x))) break;
      let c = P === 1 ? 1 : key - x * P;
      this.pop();
      if (P === 1) {
        while (this.size > 0 && this.a[1] === x) {
          c++;
          this.pop();
        }
      } else {
        const lo = x * P;
        const hi = lo + P;
        while (this.size > 0 && this.a[1] >= lo && this.a[1] < hi && this.a[0] === d) {
          c += this.a[1] - lo;
          this.pop();
        }
      }
      if (hasPend && x === pendIdx) {
        c += pendCoef;
        hasPend = false;
      }
      c %= modulus;
      if (c !== 0) {
        if (hasPend) this.push(pendDiam, P === 1 ? pendIdx : pendIdx * P + pendCoef);
        this.outDiam = d;
        this.outIdx = x;
        this.outCoef = c;
        return true;
      }
    }
    if (hasPend) {
      this.outDiam = pendDiam;
      this.outIdx = pendIdx;
      this.outCoef = pendCoef;
      return true;
    }
    return false;
  }
}
