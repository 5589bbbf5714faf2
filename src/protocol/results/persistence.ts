/**
 * Result of the `persistence` analysis: Vietoris-Rips persistence diagrams (filtration value = diameter, the
 * convention of Ripser and GUDHI) in degrees 0..maxDim. A death of Infinity (null in JSON) is an essential class.
 * Zero-length bars are not reported.
 */
export interface PersistenceDiagramData {
  dim: number;
  births: Float64Array;
  deaths: Float64Array;
}

/**
 * Distances between this input's diagram and a --compare input's in one degree: bottleneck and p-Wasserstein with the
 * L-infinity ground metric, exact. Infinity (null in JSON) when the numbers of infinite bars differ.
 */
export interface PersistenceComparison {
  dim: number;
  bottleneck: number;
  wasserstein: number;
  /** Order of the Wasserstein distance. */
  p: number;
  /** The compared file. */
  file?: string;
}

/** Persistence image on a (birth, persistence) pixel grid (Adams et al. 2017). */
export interface PersistenceImageData {
  origin: [number, number];
  pixelSize: number;
  spread: number;
  weight: 'linear' | 'constant';
  width: number;
  height: number;
  /** Row-major, row = persistence band from origin[1] upwards, column = birth band from origin[0]. */
  values: Float64Array;
}

/** Vectorizations of one degree's diagram; all but the Betti curve use the finite bars only. */
export interface DegreeVectorization {
  dim: number;
  /** Bars alive (birth <= t < death) at each grid value, infinite bars included. */
  bettiCurve: Float64Array;
  /** Landscapes lambda_1..lambda_k (Bubenik 2015) on the grid. */
  landscapes: Float64Array[];
  /** Absent when the degree has no finite bar and no pixel size was given. */
  image?: PersistenceImageData;
  /** Persistent entropy (natural logarithm) of the finite bar lengths. */
  entropy: number;
  /** Sum of finite bar lengths. */
  totalPersistence: number;
}

export interface PersistenceVectorizations {
  /** Filtration values of the curves: evenly spaced from the smallest to the largest finite birth or death. */
  grid: Float64Array;
  degrees: DegreeVectorization[];
}

/**
 * --cocycles: a representative cocycle of one H1 bar over Z/modulus: the bar's column of the reduction matrix of
 * persistent cohomology (Ripser's V; ripser.py's do_cocycles). It is the birth edge with coefficient 1 plus edges
 * later in the filtration, and its coboundary vanishes on every triangle before the death, so it is a cocycle of
 * every complex of the filtration in [birth, death) and is 1 on any cycle made of the birth edge and earlier edges.
 */
export interface PersistenceCocycle {
  dim: 1;
  /** [birth, death]; death Infinity (null in JSON) for an essential class. */
  pair: [number, number];
  /** [i, j, coefficient]: the cochain's value on the edge oriented from point i to point j (0-based input rows). */
  edges: [number, number, number][];
  /**
   * A representative cycle (for the 64 longest bars): vertex loop [v0, ..., vk] (0-based input rows), closed by the
   * edge vk-v0, which is the bar's birth edge. The other edges are no longer than the birth and lie outside the
   * cocycle's support, so the cocycle is non-zero on the loop: the loop is a cycle of the complex at the birth that
   * is not a boundary anywhere in [birth, death). The shortest such loop (sum of edge lengths) is returned.
   */
  cycle?: number[];
}

/** --landmarks: the diagram is that of a greedy-permutation subsample of the cloud. */
export interface PersistenceLandmarks {
  count: number;
  /** Points in the input cloud. */
  of: number;
  /** Max distance from an input point to its nearest landmark (eps). */
  coveringRadius: number;
  /** 2 eps: bottleneck distance bound between the landmarks' and the full cloud's exact diagrams. */
  bottleneckBound: number;
  /** The guarantee in words (and when it does not apply). */
  guarantee: string;
  /** Row indices (0-based) of the landmarks in the input, in order of insertion. */
  indices: number[];
}

export type PersistenceFormat = 'point-cloud' | 'distance-matrix' | 'lower-distance-matrix' | 'graph';

/**
 * A graph input (format 'graph'): the lower-star filtration of a node function on the clique complex up to dimension
 * 2. Enough of the graph for the view to draw it coloured by each node function.
 */
/**
 * Extended persistence (Cohen-Steiner, Edelsbrunner & Harer 2009) as [dim, birth, death] pairs per kind, in the
 * node function's values: ordinary (sublevel sets), relative (superlevel sets, birth > death), extended+ (birth <
 * death) and extended- (birth > death). Pairs of equal birth and death are left out.
 */
export interface ExtendedPersistenceData {
  ordinary: [number, number, number][];
  relative: [number, number, number][];
  extendedPlus: [number, number, number][];
  extendedMinus: [number, number, number][];
}

export interface GraphSummary {
  nodeIds: string[];
  /** Edge k joins nodes edges[2k] and edges[2k+1] (0-based). */
  edges: Int32Array;
  triangles: number;
  components: number;
  isolated: number;
  /** The node functions computed (the filtration's first), one value per node. */
  functions: { label: string; values: Float64Array }[];
}

export interface PersistenceResult {
  diagrams: PersistenceDiagramData[];
  format: PersistenceFormat;
  /** Number of points (vertices). */
  points: number;
  maxDim: number;
  /** Coefficient field Z/modulus. */
  modulus: number;
  /** The --threshold given, if any. */
  thresholdRequested?: number;
  /** Threshold used: min(requested, enclosing radius); the diagram is exact up to it. */
  thresholdUsed: number;
  /** min over points of the max distance to the others: past it the complex is a cone. */
  enclosingRadius: number;
  /** Coordinate columns of a point cloud. */
  columns?: string[];
  /** Takens delay embedding of one column, when used. */
  delayEmbedding?: { column: string; dim: number; lag: number; lagRule: string };
  /**
   * Up to 3 coordinates of the points for a preview plot (point clouds with at most 5000 points; the first three
   * coordinate columns, or all of them when fewer).
   */
  preview?: { columns: string[]; coords: Float64Array[] };
  edges: number;
  /** Columns reduced per degree after clearing and apparent pairs; index = degree. */
  columnsReduced: number[];
  timingsMs: { distances: number; h0: number; higher: number; total: number };
  vectorizations?: PersistenceVectorizations;
  landmarks?: PersistenceLandmarks;
  cocycles?: PersistenceCocycle[];
  /** --compare: one entry per degree and compared file. */
  comparison?: PersistenceComparison[];
  /** Graph inputs: thresholdUsed and enclosingRadius are then the largest filtration value. */
  graph?: GraphSummary;
  /** Graphs, --extended: extended persistence of the node function on the graph (its 1-skeleton). */
  extended?: ExtendedPersistenceData;
  notes: string[];
}
