/**
 * Result of the `module` analysis: an approximate decomposition of the persistence module of a bifiltration into
 * interval summands (MMA: Loiseaux, Carriere & Blumberg), computed from the fibered barcodes along a family of
 * slope-1 lines, with its image and landscape vectorizations (Loiseaux, Carriere & Blumberg, NeurIPS 2023).
 *
 * Coordinates: all grades, corners, lines and the precision are in the working coordinates (`scale` "box": each
 * filtration parameter mapped affinely onto [0, 1] from `rawBox`; "raw": the filtration values themselves). A
 * slope-1 line is its offset c = x - y with parameter s = (x + y) / 2, the point (s + c/2, s - c/2).
 */
import type { GraphSummary } from './persistence';

export interface ModuleSummandData {
  degree: number;
  /** Index of the first family line carrying a bar of the summand; births[i], deaths[i] on line firstLine + i. */
  firstLine: number;
  births: Float64Array;
  /** Infinity (null in JSON) = the class never dies on that line. */
  deaths: Float64Array;
  /** d_I(summand, 0): half its longest bar on the family (deaths clipped to the box). */
  weight: number;
  /** Staircase corners (x, y): lower = births, upper = finite deaths, in line order. */
  lower: number[][];
  upper: number[][];
}

export interface ModuleGridValues {
  degree: number;
  /** resolution^2 values, row j (along y) then column i (along x): index j * resolution + i. */
  values: Float64Array;
}

export interface ModuleLineCheck {
  /** The slope-1 line through the requested point. */
  point: [number, number];
  offset: number;
  degrees: {
    degree: number;
    /** Bars of the summands restricted to the line, and the line's own barcode, in s. */
    approximate: { births: Float64Array; deaths: Float64Array };
    exact: { births: Float64Array; deaths: Float64Array };
    bottleneck: number;
  }[];
  /** The guaranteed bound on the bottleneck distances: delta / 2 when the line lies within the family's range. */
  bound: number;
  /** Whether the line's offset lies between the family's first and last line (else the bound is not guaranteed). */
  insideFamily: boolean;
}

export interface ModuleResult {
  /** Number of points, or of nodes for a graph. */
  points: number;
  totalPoints: number;
  dimension: number;
  coordinates: string[];
  function: string;
  bandwidth?: number;
  bandwidthRule?: string;
  threshold: number;
  thresholdRule: string;
  /** Graph inputs: the graph and its node functions (x = the first, y = the second), for drawing. */
  graph?: GraphSummary;
  scale: 'box' | 'raw';
  /** [x0, x1, y0, y1] of the grades in filtration units, and of the working coordinates. */
  rawBox: [number, number, number, number];
  box: [number, number, number, number];
  precision: number;
  precisionRule: string;
  /** Family lines: offsets c0 + k * step, k = 0..count-1 (step = precision). */
  family: { c0: number; step: number; count: number };
  degrees: number[];
  summands: ModuleSummandData[];
  guarantee: string;
  image: {
    resolution: number;
    bandwidth: number;
    power: number;
    kernel: string;
    normalisation: string;
    degrees: ModuleGridValues[];
    stability: string;
  };
  landscapes: { count: number; degrees: { degree: number; k: number; values: Float64Array }[]; stability: string };
  lineCheck?: ModuleLineCheck;
  stats: {
    /** Edges of the bifiltration, and those left by the filtration-domination collapse (--collapse). */
    simplices: { vertices: number; edges: number; edgesAfterCollapse: number; triangles: string };
    lines: number;
    identityMatches: number;
    thresholdMatches: number;
    newSummands: number;
    millis: { bifiltration: number; lines: number; representations: number };
  };
  notes: string[];
}
