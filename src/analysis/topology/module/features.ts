/**
 * Batch features of `module` (--features):
 * - image: `mma_h<d>_x<i>_y<j>`: pixel (i, j) of the MMA image in degree d, i along the first filtration
 *   parameter, j along the second, from 0, zero-padded to the same width (at least 2);
 * - landscapes: `mma_land_h<d>_k<k>_x<i>_y<j>`: the k-th landscape (from 1) at the same pixels.
 * Pixels cover the working box: with --scale box each item's own filtration box mapped onto [0, 1]^2.
 */
import type { FeatureVector } from '../../core/definition';
import type { ModuleResult } from '../../../protocol/results/module';
import type { ModuleParams } from './analysis';

function pad(k: number, width: number): string {
  return String(k).padStart(width, '0');
}

export function moduleFeatures(r: ModuleResult, p: ModuleParams): FeatureVector {
  const res = r.image.resolution;
  const w = Math.max(2, String(res - 1).length);
  const names: string[] = [];
  const parts: Float64Array[] = [];
  const pixels = (prefix: string): void => {
    for (let j = 0; j < res; j++) for (let i = 0; i < res; i++) names.push(`${prefix}_x${pad(i, w)}_y${pad(j, w)}`);
  };
  if (p.features !== 'landscapes')
    for (const d of r.image.degrees) {
      pixels(`mma_h${d.degree}`);
      parts.push(d.values);
    }
  if (p.features !== 'image')
    for (const d of r.landscapes.degrees) {
      pixels(`mma_land_h${d.degree}_k${d.k}`);
      parts.push(d.values);
    }
  const values = new Float64Array(names.length);
  let o = 0;
  for (const part of parts) {
    values.set(part, o);
    o += part.length;
  }
  return { names, values };
}
