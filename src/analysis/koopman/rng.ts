/** Seeded pseudo-random numbers so that dictionaries (k-means centres, random Fourier features) are reproducible. */

import { seededUniform } from '../core/random';

export { seededUniform };

/** Standard normal samples by the Box-Muller transform over a seeded uniform source. */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let a = u();
    while (a <= 1e-300) a = u();
    const b = u();
    const r = Math.sqrt(-2 * Math.log(a));
    spare = r * Math.sin(2 * Math.PI * b);
    return r * Math.cos(2 * Math.PI * b);
  };
}
