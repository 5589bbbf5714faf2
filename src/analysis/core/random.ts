/**
 * Every seeded pseudo-random stream of the analyses, reproducible on every platform for a given seed.
 *
 *  seededUniform / seededNormal  mulberry32 (Tommy Ettinger's 32-bit state generator, SplitMix-style mixing):
 *          uniforms for initialisation, feature sampling, directions and perturbations (k-means++ centres and random
 *          Fourier features, sliced Wasserstein directions).
 *  SeededRandom  the same mixing from a scrambled seed, 53-bit uniforms from two draws: fixed-point seeds,
 *          surrogate series and test noise.
 *  Rng     xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"), seeded through
 *          splitmix32: the symbolic search, whose islands' generators travel between workers as four words.
 * Normal deviates are Box-Muller's (Box & Muller 1958). Each caller keeps the stream it always had: some keep the
 * second value of a Box-Muller pair for the next call, others draw a fresh pair every time (test/unit/core pins them).
 */

/** The raw 32-bit outputs of mulberry32 from a 32-bit state. */
function mulberry32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform doubles in [0, 1) with 32 bits of resolution. Not for statistics that need long periods. */
export function seededUniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/**
 * Standard normal deviates by Box-Muller over a uniform source in [0, 1) (zero rejected). With keepSpare the
 * sine value of each pair is returned by the next call; without, every call draws a fresh pair and uses its cosine.
 */
function boxMuller(uniform: () => number, keepSpare: boolean): () => number {
  let spare = NaN;
  return () => {
    if (spare === spare) {
      const v = spare;
      spare = NaN;
      return v;
    }
    let a = uniform();
    while (a === 0) a = uniform();
    const b = uniform();
    const r = Math.sqrt(-2 * Math.log(a));
    if (keepSpare) spare = r * Math.sin(2 * Math.PI * b);
    return r * Math.cos(2 * Math.PI * b);
  };
}

/**
 * Normal deviates over seededUniform(seed). keepSpare: true is the stream of the Koopman dictionaries (random Fourier
 * features); false that of the signed-barcode perturbations.
 */
export function seededNormal(seed: number, options: { keepSpare: boolean }): () => number {
  return boxMuller(seededUniform(seed), options.keepSpare);
}

/** Uniforms with 53 bits of resolution and paired normals: fixed-point seeds, surrogate series, test noise. */
export class SeededRandom {
  private readonly u32: () => number;
  private readonly gauss: () => number;
  constructor(seed: number) {
    this.u32 = mulberry32((seed >>> 0) ^ 0x9e3779b9);
    this.gauss = boxMuller(() => this.uniform(), true);
  }
  /** Uniform in [0, 1). */
  uniform(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }
  /** Standard normal. */
  normal(): number {
    return this.gauss();
  }
}

/** xoshiro128** state: four uint32 words in a plain array, so that a generator can be sent to a worker and resumed. */
export type RngState = [number, number, number, number];

/** xoshiro128** for the symbolic search: runs are reproducible for a given seed and worker count. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly gauss = boxMuller(() => this.next(), false);

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

  /** Standard normal (a fresh Box-Muller pair per call: the state stays the four words). */
  normal(): number {
    return this.gauss();
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
