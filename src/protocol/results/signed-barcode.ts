import type { GraphSummary } from './persistence';
/**
 * Result of the `signed-barcode` analysis: Hilbert and Euler signed measures of a Rips x f bifiltration on a grid
 * (Loiseaux, Scoccola, Carriere, Botnan, Oudot, NeurIPS 2023), their convolution image, line slices, and optionally
 * a sliced Wasserstein comparison with other files and a stability check. Grid arrays are row-major with the r
 * (scale) index first: entry i * nt + j is (r[i], t[j]).
 */

/** A signed measure on the grid: points[2k], points[2k+1] = (r, t) of atom k, with integer weight weights[k]. */
export interface SignedMeasureData {
  points: Float64Array;
  weights: Int32Array;
}

export interface HilbertData {
  degree: number;
  /** dim H_degree at each grid point, nr * nt, entry i * nt + j. */
  values: Int32Array;
  measure: SignedMeasureData;
}

export interface LineSliceData {
  /** The line p + s d: point (r, t) and direction (dr, dt), both components of d > 0. */
  point: [number, number];
  direction: [number, number];
  /** Bars in the line parameter s (plane point p + s d); death Infinity (null in JSON) = never dies. */
  degrees: { degree: number; births: Float64Array; deaths: Float64Array }[];
}

export interface SignedBarcodeComparison {
  /** Files compared, the main input first. */
  files: string[];
  /** Sliced Wasserstein distance matrices (files x files, row-major), one per measure, and the sum over the
   * measures of the vector (--vector-measures). */
  matrices: { measure: string; values: Float64Array }[];
  total: Float64Array;
  /** exp(-total / (2 sigma^2)). */
  kernel: Float64Array;
  kernelSigma: number;
  kernelSigmaRule: string;
}

export interface SignedBarcodeStability {
  epsilon: number;
  seed: number;
  /** How the copy was perturbed and what was kept fixed. */
  rule: string;
  /** ||v - v'||_2 / epsilon for the convolution vector (the measures of `vector.measures`), and its raw norms. */
  vectorRatio: number;
  vectorDistance: number;
  vectorNorm: number;
  /** Sliced Wasserstein distance between each original and perturbed measure, divided by epsilon. */
  measures: { measure: string; slicedWasserstein: number; ratio: number }[];
}

export interface SignedBarcodeResult {
  points: number;
  dimension: number;
  /** Coordinate columns used and the second parameter: "codensity" or "column:NAME" or "file:PATH". */
  coordinates: string[];
  function: string;
  /** For codensity: Gaussian KDE bandwidth and the rule that chose it. */
  bandwidth?: number;
  bandwidthRule?: string;
  /** Second-parameter value of each point used, in input row order (of the sample when subsampled). */
  filtrationValues: Float64Array;
  /** Rows in the file; when larger than --max-points, `sample` holds the 0-based rows used (farthest-point order). */
  totalPoints: number;
  sample?: Int32Array;
  grid: { r: Float64Array; t: Float64Array; strategy: string; requestedSize: number };
  threshold: number;
  thresholdRule: string;
  degrees: number[];
  hilbert: HilbertData[];
  euler?: { maxDim: number; note: string; density: Int32Array; measure: SignedMeasureData };
  /** Convolution images (resolution x resolution each, row = r), one per measure in `vector.measures` order
   * (--vector-measures; by default the Hilbert measures). */
  vector: {
    measures: string[];
    resolution: number;
    bandwidth: number;
    bandwidthRule: string;
    box: [number, number, number, number];
    values: Float64Array;
  };
  lineSlices: LineSliceData[];
  comparison?: SignedBarcodeComparison;
  stability?: SignedBarcodeStability;
  stats: { edges: number; reducedColumns: number; slicesComputed: number; timingsMs: Record<string, number> };
  /** Graph inputs: the graph and its two node functions (r = the first, t = the second). */
  graph?: GraphSummary;
  notes: string[];
}
