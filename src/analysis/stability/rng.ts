/**
 * Seeded generator for seeds of the fixed-point search, surrogate series and test noise: SplitMix64-style mixing
 * reduced to 32-bit arithmetic (Steele, Lea & Flood 2014 "Fast splittable pseudorandom number generators"; the
 * 32-bit variant "mulberry32" mixing), with 53-bit uniforms from two draws and Gaussian deviates by the Box-Muller
 * transform (Box & Muller 1958). Reproducible for a given seed on every platform.
 */
export class SeededRandom {
  private s: number;
  private spare = NaN;
  constructor(seed: number) {
    this.s = (seed >>> 0) ^ 0x9e3779b9;
  }
  private u32(): number {
    let z = (this.s = (this.s + 0x6d2b79f5) | 0);
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }
  /** Uniform in [0, 1). */
  uniform(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }
  /** Standard normal. */
  normal(): number {
    if (this.spare === this.spare) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
