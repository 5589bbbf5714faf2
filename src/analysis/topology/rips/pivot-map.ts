/**
 * Open-addressing hash map from a simplex index (an integer < 2^53 stored as float64) to the column that owns it as
 * pivot, plus that pivot's coefficient (Bauer 2021). Typed arrays, linear probing,
 * no per-entry objects; a JS Map with number keys costs several times the memory.
 */
const EMPTY = -1;

export class PivotMap {
  private keys: Float64Array;
  private cols: Int32Array;
  private coefs: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.cols = new Int32Array(cap);
    this.coefs = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private static hash(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    return h ^ (h >>> 13);
  }

  /** Slot of key, or -1. */
  find(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let s = PivotMap.hash(key) & mask;
    for (;;) {
      const k = keys[s];
      if (k === key) return s;
      if (k === EMPTY) return -1;
      s = (s + 1) & mask;
    }
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  columnAt(slot: number): number {
    return this.cols[slot];
  }

  coefficientAt(slot: number): number {
    return this.coefs[slot];
  }

  set(key: number, column: number, coefficient: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    let s = PivotMap.hash(key) & mask;
    while (keys[s] !== EMPTY && keys[s] !== key) s = (s + 1) & mask;
    if (keys[s] === EMPTY) this.size++;
    keys[s] = key;
    this.cols[s] = column;
    this.coefs[s] = coefficient;
  }

  private grow(): void {
    const oldK = this.keys;
    const oldC = this.cols;
    const oldF = this.coefs;
    const cap = oldK.length * 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.cols = new Int32Array(cap);
    this.coefs = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldK[i] !== EMPTY) this.set(oldK[i], oldC[i], oldF[i]);
  }

  /** Bytes held, for memory reports. */
  bytes(): number {
    return this.keys.length * 16;
  }
}
