/**
 * The family of slope-1 lines of the approximation (Loiseaux, Carriere & Blumberg, MMA, sec. 3: lines through a
 * grid of base points on the lower-left boundary of the box, consecutive base points delta apart). A slope-1 line
 * is its offset c = x - y; the lines meeting the box [x0, x1] x [y0, y1] have c in [x0 - y1, x1 - y0], and the
 * family is c_k = (x0 - y1) + k delta, k = 0..K, K the smallest integer with c_K >= x1 - y0.
 */
import { badInput } from '../../core/errors';
import type { Box } from './complex';

export interface LineFamily {
  /** Offset of the first line and the spacing of the offsets (= the precision delta). */
  c0: number;
  step: number;
  count: number;
}

export function boxDiagonal(box: Box): number {
  return Math.hypot(box.x1 - box.x0, box.y1 - box.y0);
}

/** The family of lines delta apart covering the box; refuses delta <= 0 or larger than the box's diagonal. */
export function lineFamily(box: Box, delta: number, file?: string): LineFamily {
  const diagonal = boxDiagonal(box);
  if (!(diagonal > 0)) throw badInput('every simplex has the same grade: the filtration box is a point', { file });
  if (!(delta > 0) || !Number.isFinite(delta))
    throw badInput(`--precision must be > 0 (the spacing of the lines), got ${delta}`, { file });
  if (delta > diagonal)
    throw badInput(
      `--precision ${delta} is larger than the filtration box (diagonal ${diagonal.toPrecision(6)}): one line would stand for the whole module; give at most the diagonal (default 1% of it)`,
      { file },
    );
  const c0 = box.x0 - box.y1;
  const span = box.x1 - box.y0 - c0;
  return { c0, step: delta, count: Math.max(1, Math.ceil(span / delta - 1e-9)) + 1 };
}

export function lineOffset(family: LineFamily, k: number): number {
  return family.c0 + k * family.step;
}
