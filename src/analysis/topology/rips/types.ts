/**
 * Public types of the Vietoris-Rips persistence engine. Other analyses (multiparameter signed barcodes) call the
 * engine through `ripsPersistence` in ./index.ts with these types.
 */
import type { CancelSignal } from '../../core/context';

/**
 * Where the pairwise distances come from. All variants describe n points 0..n-1.
 * - `points`: column-major coordinates (one Float64Array per coordinate, all of length n), Euclidean distance.
 * - `points-rows`: row-major coordinates, point i at data[i*dim .. i*dim+dim-1], Euclidean distance.
 * - `matrix`: full n x n distance matrix, row-major; must be symmetric, zero on the diagonal, non-negative.
 * - `lower`: the strictly lower triangle row by row: d(1,0), d(2,0), d(2,1), d(3,0), ... (n(n-1)/2 values).
 * `file` only names the input in error messages.
 */
export type DistanceSource =
  | { kind: 'points'; columns: readonly Float64Array[]; file?: string }
  | { kind: 'points-rows'; data: Float64Array; dim: number; file?: string }
  | { kind: 'matrix'; n: number; data: Float64Array; file?: string }
  | { kind: 'lower'; data: Float64Array; file?: string };

/** One degree of a persistence diagram. deaths[i] is Infinity for an essential (never dying) class. */
export interface PersistenceDiagram {
  dim: number;
  births: Float64Array;
  deaths: Float64Array;
}

export interface RipsOptions {
  /** Highest homology degree computed (0..3 in the UI; the engine accepts any degree the index range allows). */
  maxDim: number;
  /**
   * Largest simplex diameter included (inclusive, as Ripser and GUDHI's max_edge_length). Default: the enclosing
   * radius, past which the complex is a cone, so the diagram is exact and the one infinite bar is H0's.
   */
  threshold?: number;
  /** Coefficient field Z/p, p prime (default 2). */
  modulus?: number;
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
  /** Restrict to these vertices (indices into the source); the diagram is that of the induced sub-cloud. */
  subset?: ArrayLike<number>;
  /**
   * Function-Rips: vertex i enters at vertexValues[i] and a simplex at max(diameter, max of its vertex values).
   * Indexed like the source (before `subset`). Vertices with a value above the threshold are left out.
   */
  vertexValues?: ArrayLike<number>;
  /**
   * Refuse (tooLarge) when the distance matrix, or the estimated simplex storage once the edges are counted, would
   * exceed this many bytes. Unlimited when absent.
   */
  memoryBudgetBytes?: number;
  /** Also return a representative cocycle of every H1 bar (the reduction matrix column, as ripser.py's do_cocycles). */
  cocycles?: boolean;
  /** With cocycles: also a representative cycle (cycles.ts) of this many of the longest H1 bars. */
  cycles?: number;
}

/**
 * A degree-1 cochain: coefficient coef[k] in Z/p on the edge {a[k], b[k]} oriented from the larger vertex index a
 * to the smaller b (Ripser's vertex order), vertex indices of the engine's points.
 */
export interface EdgeCochain {
  a: Int32Array;
  b: Int32Array;
  coef: Int32Array;
}

/** Counts and timings of one run, for provenance and benchmarks. */
export interface RipsStats {
  points: number;
  /** Threshold actually used (min of the requested one and the enclosing radius). */
  thresholdUsed: number;
  enclosingRadius: number;
  edges: number;
  /** Columns reduced per degree (after clearing), index = degree. */
  columns: number[];
  /** Pairs settled without a heap (apparent or emergent), index = degree. */
  shortcutPairs: number[];
  millis: { distances: number; h0: number; higher: number };
}

export interface RipsResultCore {
  diagrams: PersistenceDiagram[];
  /** With options.cocycles and maxDim >= 1: one cocycle per H1 bar, in the order of diagrams[1]. */
  cocycles?: EdgeCochain[];
  /** With options.cycles: vertex loops aligned with `cocycles`, undefined for the bars past the limit. */
  cycles?: (Int32Array | undefined)[];
  stats: RipsStats;
}
