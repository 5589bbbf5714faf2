/**
 * Parameters of the `koopman` analysis (mirroring `dynlens koopman FILE --method ... --json`): the schema, and the
 * constants its descriptions quote, so that the text and the code cannot disagree.
 */
import type { ResolvedParams } from '../core/params';
import type { KoopmanMethod } from '../../protocol/results/koopman';

export const KOOPMAN_METHODS = [
  'dmd',
  'fbdmd',
  'tlsdmd',
  'hankel',
  'edmd',
  'kedmd',
] as const satisfies readonly KoopmanMethod[];
/** Points per side of the default pseudospectrum grid. */
export const DEFAULT_GRID_POINTS = 64;
/** Largest pseudospectrum grid: each point costs an O(r^3) factorization. */
export const MAX_GRID_POINTS = 250_000;

export const koopmanParams = {
  method: {
    type: 'string',
    default: 'auto',
    choices: ['auto', ...KOOPMAN_METHODS] as const,
    description:
      'auto (hankel for time series, dmd for --pairs), dmd (exact DMD), fbdmd (forward-backward), tlsdmd (total least squares), hankel (delay DMD), edmd (dictionary), kedmd (kernel EDMD)',
  },
  dt: {
    type: 'number',
    min: 0,
    max: 1e12,
    optional: true,
    unit: 'time unit',
    description: 'sample spacing; default: from a time column (t/time), else 1 sample (the result says so)',
  },
  timeColumn: {
    type: 'string',
    optional: true,
    description: 'time column (default: auto-detect t or time); must be uniformly sampled',
  },
  columns: {
    type: 'string-list',
    optional: true,
    description: 'state columns (default: all but time and trajectory columns)',
  },
  rank: {
    type: 'string',
    default: 'auto',
    description:
      'rank truncation: auto (Gavish-Donoho for DMD methods, numerical rank for dictionaries), full, energy:0.99, or an integer; for kedmd an integer is the number of kernel landmarks',
  },
  delays: {
    type: 'number',
    min: 1,
    max: 100_000,
    optional: true,
    integer: true,
    description:
      'delay count for hankel (default: from the data, the first minimum of the autocorrelation, at most 400/columns and length/3)',
  },
  dictionary: {
    type: 'string',
    default: 'poly:2',
    description: 'EDMD dictionary: poly:DEG[:w1,w2,..] (weighted degree), rbf:N, rff:N, delay:K',
  },
  trajectoryColumn: {
    type: 'string',
    optional: true,
    description: 'column of trajectory ids; snapshot pairs never cross two trajectories',
  },
  pairs: {
    type: 'string',
    optional: true,
    description: 'explicit snapshot pairs x_cols:y_cols (e.g. x,y:x1,y1), one pair per row',
  },
  maxResidual: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    description: 'mark eigenvalues with ResDMD residual above this as spurious',
  },
  pseudospectrum: {
    type: 'boolean',
    default: false,
    description: 'compute the ResDMD pseudospectrum tau(z) on a grid of the complex plane',
  },
  grid: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description: `pseudospectrum grid xmin,xmax,ymin,ymax,nx,ny (discrete-time plane); default around the eigenvalues, ${DEFAULT_GRID_POINTS} x ${DEFAULT_GRID_POINTS}, at most ${MAX_GRID_POINTS} points`,
  },
  forecast: {
    type: 'number',
    min: 0,
    max: 1e9,
    default: 0,
    integer: true,
    unit: 'steps',
    description: 'forecast this many steps past the end of the first trajectory',
  },
  modes: {
    type: 'number',
    min: 0,
    max: 100_000,
    default: 6,
    integer: true,
    description: 'how many leading modes and eigenfunctions to return',
  },
  seed: {
    type: 'number',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    default: 1,
    integer: true,
    description: 'seed for rbf centres (k-means++) and random Fourier features',
  },
} as const;

export type KoopmanParams = ResolvedParams<typeof koopmanParams>;
