/**
 * mulberry32 (Tommy Ettinger's 32-bit state generator): reproducible uniform doubles in [0, 1) from a seed, for
 * initialisation, feature sampling, directions and perturbations. Not for statistics that need long periods (the
 * symbolic search uses xoshiro128**, symbolic/rng.ts).
 */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
