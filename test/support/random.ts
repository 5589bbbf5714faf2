/**
 * A tiny seeded generator for test matrices: the Numerical Recipes LCG (s = 1664525 s + 1013904223 mod 2^32),
 * numbers in [-0.5, 0.5). Kept apart from the core's seeded streams so that changing those never moves a fixture.
 */
export function seededCentered(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}
