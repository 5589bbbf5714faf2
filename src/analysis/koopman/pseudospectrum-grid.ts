/**
 * The pseudospectrum step of the pipeline: the grid of the discrete-time plane (given, or a box around the
 * eigenvalues), checked, then tau(z) on it in chunks that the runtime can spread over workers (pseudospectrum.ts).
 */
import type { AnalysisContext } from '../core/context';
import { badInput } from '../core/errors';
import type { KoopmanResult } from '../../protocol/results/koopman';
import { DEFAULT_GRID_POINTS, MAX_GRID_POINTS } from './params';
import { pseudospectrumOnGrid } from './pseudospectrum';
import type { OrthGalerkin } from './resdmd';

/** Default grid: a box around the eigenvalues inside |z| <= 2, padded, at least [-1.2, 1.2]^2 around them. */
function defaultGrid(lre: Float64Array, lim: Float64Array): number[] {
  let x0 = -1.2,
    x1 = 1.2,
    y0 = -1.2,
    y1 = 1.2;
  for (let i = 0; i < lre.length; i++) {
    const m = Math.hypot(lre[i], lim[i]);
    if (m > 2 || !Number.isFinite(m)) continue;
    x0 = Math.min(x0, lre[i] - 0.1);
    x1 = Math.max(x1, lre[i] + 0.1);
    y0 = Math.min(y0, lim[i] - 0.1);
    y1 = Math.max(y1, lim[i] + 0.1);
  }
  return [x0, x1, y0, y1, DEFAULT_GRID_POINTS, DEFAULT_GRID_POINTS];
}

/** tau(z) on `grid` (xmin,xmax,ymin,ymax,nx,ny; empty for the default) for the Galerkin matrices of rank r. */
export async function pseudospectrumStep(
  ctx: AnalysisContext,
  og: OrthGalerkin,
  r: number,
  eigen: { lre: Float64Array; lim: Float64Array },
  grid: number[] | undefined,
  file: string,
): Promise<KoopmanResult['pseudospectrum']> {
  const g = grid && grid.length ? grid : defaultGrid(eigen.lre, eigen.lim);
  if (g.length !== 6 || !(g[1] > g[0]) || !(g[3] > g[2]) || !(g[4] >= 2) || !(g[5] >= 2)) {
    throw badInput(
      `--grid expects xmin,xmax,ymin,ymax,nx,ny with xmin < xmax, ymin < ymax, nx, ny >= 2; got ${g.join(',')}`,
      { file },
    );
  }
  if (g[4] * g[5] > MAX_GRID_POINTS)
    throw badInput(
      `--grid ${g[4]} x ${g[5]} points is more than ${MAX_GRID_POINTS}: each point costs an O(r^3) factorization (r = ${r}); use a coarser grid`,
      { file },
    );
  ctx.progress(0.9, `pseudospectrum on a ${Math.round(g[4])} x ${Math.round(g[5])} grid`);
  const t0 = performance.now();
  const { xs, ys, tau } = await pseudospectrumOnGrid(ctx, og.a, og.d, r, og.rd, g);
  return { x: xs, y: ys, tau, ms: performance.now() - t0 };
}
