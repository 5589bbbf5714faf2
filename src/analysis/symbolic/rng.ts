/**
 * Seeded PRNG for the search: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
 * generators"), seeded through splitmix32. The state is four uint32 words in a plain array so an island's generator
 * can be sent to another worker and resumed there: runs are reproducible for a given seed and worker count.
 */
export type RngState = [number, number, number, number];

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: RngState) {
    [this.s0, this.s1, this.s2, this.s3] = state;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  static fromSeed(seed: number, stream = 0): Rng {
    return new Rng(seedState(seed, stream));
  }

  state(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Next uint32. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution (enough for selection and mutation choices). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32 of (seed, stream): independent-looking states for each island from one user seed. */
export function seedState(seed: number, stream: number): RngState {
  let z = (Math.floor(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    t ^= t >>> 16;
    out.push(t >>> 0);
  }
  return out as RngState;
}
