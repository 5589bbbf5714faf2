/** Small seeded generators: reproducible directions (sliced Wasserstein) and perturbations (stability check). */

import { seededUniform } from '../../core/random';

export { seededUniform };

/** Standard normal deviates by Box-Muller. */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  return () => {
    let a = u();
    while (a === 0) a = u();
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}
