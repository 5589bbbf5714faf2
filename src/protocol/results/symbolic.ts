/** Result of the `symbolic` analysis (symbolic regression on tables, dynamics and networks). */
export interface SymbolicCandidate {
  /** Python/SymPy syntax with the original column names (sympy.sympify parses it) */
  expression: string;
  latex: string;
  complexity: number;
  /** mean squared error on the training split (75%) */
  loss: number;
  /** mean squared error on the held-out split (25%) */
  testLoss: number;
  /** R^2 on the held-out split */
  r2: number;
}

export interface SymbolicExports {
  python: string;
  sympy: string;
  latex: string;
  typescript: string;
}

export interface SymbolicSearchStats {
  epochs: number;
  generations: number;
  evaluations: number;
  nodeEvaluations: number;
  seconds: number;
  evaluationsPerSecond: number;
  stoppedBy: 'time budget' | 'iterations' | 'max evals' | 'exact fit' | 'noise floor' | 'cancelled';
  /** every epoch ran to its end (an epoch cut by the deadline is dropped, unless it was the first) */
  wholeEpochs: boolean;
  /** delta-test estimate of the target's noise variance */
  noiseVariance: number;
  trainRows: number;
  testRows: number;
  searchRows: number;
}

export interface SymbolicTarget {
  /** target column, `d<state>/dt` for dynamics, or the network output name */
  target: string;
  /** state column for dynamics */
  state?: string;
  features: string[];
  pareto: SymbolicCandidate[];
  /** index into pareto of PySR's "best" */
  bestIndex: number;
  exports: SymbolicExports;
  stats: SymbolicSearchStats;
  /** held-out rows for plots (at most 500): actual values and each front member's predictions */
  display: { actual: Float64Array; predicted: Float64Array[] };
  /** networks: agreement of the best expression with the network on held-out samples */
  fidelity?: { r2: number; rmse: number; maxAbsError: number; samples: number };
}

export interface SymbolicResult {
  mode: 'table' | 'dynamics' | 'network';
  targets: SymbolicTarget[];
  operators: string[];
  seed: number;
  /** dynamics: the derivative estimator */
  derivatives?: { method: 'Savitzky-Golay'; window: number; order: number; dt: number; timeColumn?: string };
  /** dynamics: the SINDy fit that seeded the search (STLSQ) */
  sindy?: { library: string[]; equations: Record<string, { expression: string; r2: number; threshold: number }> };
  /** dynamics: the best expression per state column */
  equations?: Record<string, { expression: string; complexity: number; loss: number; r2: number }>;
  /** dynamics: XPPAUT model text */
  ode?: string;
  /** networks: how the samples were drawn */
  network?: {
    inputs: string[];
    outputs: string[];
    samples: number;
    sampling: 'inputs' | 'box' | 'around';
    around?: number;
    box?: { name: string; lo: number; hi: number }[];
  };
  notes: string[];
}

/** Live partial result of a running search (ctx.partial): the current front of one target. */
export interface SymbolicPartial {
  target: string;
  epoch: number;
  evaluationsPerSecond: number;
  generations: number;
  pareto: { expression: string; complexity: number; loss: number }[];
}
