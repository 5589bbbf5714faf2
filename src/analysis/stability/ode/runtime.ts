/**
 * What compiled model code reads besides t, y and p: lookup tables, the delay history (filled by the delay
 * integrator), a seeded random generator for ran/normal, and the current Wiener increments (set by the
 * Euler-Maruyama stepper). One runtime per compiled model; it holds no references to the caller's arrays.
 */
import { SeededRandom } from '../../core/random';
import { besselI, besselJ, besselY, erf, erfc } from '../../core/special-functions';

const SPECIAL = { erf, erfc, besselj: besselJ, bessely: besselY, besseli: besselI } as const;

/** A table sampled at npts equally spaced points of [xlo, xhi] (XPPAUT `table`, file or formula). */
export interface TableData {
  name: string;
  xlo: number;
  xhi: number;
  y: Float64Array;
  line: number;
}

export interface OdeRuntime {
  mod(a: number, b: number): number;
  /** erf, erfc and the Bessel functions (special-functions.ts). */
  special: typeof SPECIAL;
  table(i: number, x: number, slope: boolean): number;
  /** State i at time s (s <= the current time); replaced by the delay integrator. */
  delay(i: number, s: number): number;
  ran(a: number): number;
  normal(mean: number, variance: number): number;
  /** Wiener increments of the current step: N(0,1)/sqrt(h). */
  w: Float64Array;
  /** Values of the Volterra integrals at the current step, and t' while an integrand is evaluated. */
  vint: Float64Array;
  tp: number;
  /** Gillespie draws of the current iteration (special z = gill(...)). */
  gill: Float64Array[];
  reseed(seed: number): void;
}

/**
 * Linear interpolation in the table, as XPPAUT's lookup does; outside [xlo, xhi] the first or last piece is
 * extended (linear extrapolation, as XPPAUT evaluates it). The slope (for Jacobians) is that of the piece used.
 */
function lookupTable(tb: TableData, x: number, slope: boolean): number {
  const n = tb.y.length;
  if (n === 1) return slope ? 0 : tb.y[0];
  if (x !== x) return NaN;
  const h = (tb.xhi - tb.xlo) / (n - 1);
  const u = (x - tb.xlo) / h;
  const k = Math.max(0, Math.min(n - 2, Math.floor(u)));
  const f = u - k;
  return slope ? (tb.y[k + 1] - tb.y[k]) / h : tb.y[k] + f * (tb.y[k + 1] - tb.y[k]);
}

export function createRuntime(tables: readonly TableData[], seed: number, wieners = 0, integrals = 0): OdeRuntime {
  let rng = new SeededRandom(seed);
  return {
    mod: (a, b) => a - b * Math.floor(a / b),
    special: SPECIAL,
    table: (i, x, slope) => lookupTable(tables[i], x, slope),
    delay: () => NaN,
    ran: (a) => a * rng.uniform(),
    normal: (m, v) => m + Math.sqrt(v) * rng.normal(),
    w: new Float64Array(wieners),
    vint: new Float64Array(integrals),
    tp: 0,
    gill: [],
    reseed(s: number) {
      rng = new SeededRandom(s);
    },
  };
}
