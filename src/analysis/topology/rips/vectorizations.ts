/** The vectorizations of the `persistence` result: one shared grid for the curves, one image per degree. */
import type {
  PersistenceDiagramData,
  PersistenceVectorizations,
  DegreeVectorization,
} from '../../../protocol/results/persistence';
import {
  bettiCurve,
  landscapes,
  persistenceImage,
  persistentEntropy,
  totalPersistence,
  uniformGrid,
  type ImageWeight,
} from '../diagrams/vectorize';

export interface VectorizeOptions {
  landscapes: number;
  curveResolution: number;
  imagePixelSize?: number;
  imageSpread?: number;
  imageWeight: ImageWeight;
  /** Grid end when no finite value exists (the threshold used). */
  fallbackEnd: number;
}

/** Pixels along the longer side of an image when --image-pixel-size is not given. */
const DEFAULT_IMAGE_PIXELS = 20;

export function vectorizeDiagrams(diagrams: PersistenceDiagramData[], o: VectorizeOptions): PersistenceVectorizations {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of diagrams)
    for (let i = 0; i < d.births.length; i++) {
      for (const v of [d.births[i], d.deaths[i]])
        if (Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
    }
  if (!(lo <= hi)) [lo, hi] = [0, o.fallbackEnd];
  if (hi === lo) hi = lo + (o.fallbackEnd > lo ? o.fallbackEnd - lo : 1);
  const grid = uniformGrid(lo, hi, o.curveResolution);
  const degrees = diagrams.map((d): DegreeVectorization => {
    let extent = 0;
    let bmin = Infinity;
    let bmax = -Infinity;
    for (let i = 0; i < d.births.length; i++)
      if (Number.isFinite(d.deaths[i])) {
        extent = Math.max(extent, d.deaths[i] - d.births[i]);
        bmin = Math.min(bmin, d.births[i]);
        bmax = Math.max(bmax, d.births[i]);
      }
    extent = Math.max(extent, bmax - bmin);
    const px = o.imagePixelSize ?? extent / DEFAULT_IMAGE_PIXELS;
    const image =
      extent > 0 || o.imagePixelSize !== undefined
        ? persistenceImage(d, { pixelSize: px, spread: o.imageSpread ?? px, weight: o.imageWeight })
        : undefined;
    return {
      dim: d.dim,
      bettiCurve: bettiCurve(d, grid),
      landscapes: landscapes(d, o.landscapes, grid),
      image,
      entropy: persistentEntropy(d),
      totalPersistence: totalPersistence(d, 1),
    };
  });
  return { grid, degrees };
}
