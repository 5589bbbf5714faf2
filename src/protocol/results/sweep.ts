/** Results of `dynlens sweep`: one row per point of a parameter grid of an .ode model. Types only. */
import type { FixedPointType, StabilityVerdict } from './stability';

export type SweepMeasure = 'lyapunov' | 'attractor' | 'fixed-points';

/** One grid point (one item of the batch). */
export interface SweepPointResult {
  measure: SweepMeasure;
  /** Parameter values of the point, by parameter name. */
  point: Record<string, number>;
  /** lyapunov: the spectrum's verdict; attractor: spectrum and orbit combined; absent for fixed-points. */
  attractor?: StabilityVerdict;
  /** Period in time units (flows) or iterations (maps) when the orbit closes, else NaN. */
  period: number;
  /** Feature columns, the same names at every point of a sweep. */
  names: string[];
  values: number[];
  /** fixed-points: the points found (state, type, stability). */
  fixedPoints?: { state: number[]; type: FixedPointType; stable: boolean }[];
  notes: string[];
}

/** One axis of the grid. */
export interface SweepAxis {
  name: string;
  values: number[];
}

/** The whole sweep, as the view draws it: columns over the grid, item i at grid indices (i / nB, i % nB). */
export interface SweepResult {
  model: string;
  system: 'flow' | 'map';
  measure: SweepMeasure;
  axes: SweepAxis[];
  /** Feature columns; columns[k][i] is feature k at item i (NaN where the item failed or is missing). */
  names: string[];
  columns: number[][];
  /** Attractor type per item (lyapunov and attractor measures), '' where unknown. */
  attractor: string[];
  /** Items that failed, with their message. */
  failures: { item: number; error: string }[];
  /** Parameters of the measure after defaults (duration, transient, count, ...), and the model's other parameters. */
  settings: Record<string, unknown>;
}
