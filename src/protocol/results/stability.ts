/**
 * Results of the stability analyses: simulate, lyapunov (model: Benettin-QR; data: Rosenstein), fixed-points, ews.
 * Units are in the names or in a `unit` field: flows are per time unit of the model, maps per iteration, data per
 * time unit of `dt` (or per sample when dt is not given).
 */

export type StabilityVerdict = 'chaotic' | 'periodic' | 'quasi-periodic' | 'fixed point' | 'divergent';

export interface SimulateResult {
  system: 'flow' | 'map';
  stateNames: string[];
  auxNames: string[];
  /** Time of each sample (iteration number for maps). */
  t: Float64Array;
  /** states[i][k]: state i at t[k]. */
  states: Float64Array[];
  aux: Float64Array[];
  method: 'dopri5' | 'rk4' | 'ode23s' | 'euler' | 'modeuler' | 'iterate';
  /** Output interval (flows). */
  dt: number;
  tEnd: number;
  params: { name: string; value: number }[];
  /** Set when the solution blew up; the trajectory stops there. */
  diverged?: { t: number; message: string };
  steps: { accepted: number; rejected: number; evaluations: number };
  /** Time from which the explicit integrator's stiffness test fired, when it did. */
  stiffAt?: number;
  /** --bvp: the shooting solution of the boundary-value problem (the trajectory starts from its initial state). */
  bvp?: {
    iterations: number;
    /** Euclidean norm of the boundary residual, and each bdry condition's residual in file order. */
    residualNorm: number;
    residuals: number[];
    initialState: { name: string; value: number }[];
  };
  notes: string[];
}

export interface LyapunovModelResult {
  method: 'benettin-qr';
  source: 'model';
  system: 'flow' | 'map';
  stateNames: string[];
  /** Largest first, natural log; `unit` says per what. */
  exponents: number[];
  /** Standard error of each exponent from the spread of block averages (10 blocks of the averaging run). */
  standardError: number[];
  unit: 'per time unit' | 'per iteration';
  sum: number;
  /** Time average of div f = trace J (flows) or of ln|det J| (maps) along the same orbit: must equal `sum`. */
  meanDivergence: number;
  kaplanYorkeDimension: number;
  verdict: StabilityVerdict;
  /** Discarded transient and averaging length (time units or iterations). */
  transient: number;
  duration: number;
  renormInterval: number;
  integrator: 'dopri5' | 'rk4' | 'ode23s' | 'euler' | 'modeuler' | 'iterate';
  /** Running estimates at renormalisation times, decimated: running[j][k] is exponent j at time t[k]. */
  convergence: { t: Float64Array; running: Float64Array[] };
  /** When the orbit blew up (verdict 'divergent'). */
  diverged?: { t: number; message: string };
  finalState: number[];
  notes: string[];
}

export interface LyapunovDataResult {
  method: 'rosenstein';
  source: 'data';
  column: string;
  /** [largest exponent]; per time unit of dt when dt is known, else per sample. */
  exponents: number[];
  unit: 'per time unit' | 'per sample';
  dt: number;
  dim: number;
  dimRule: string;
  lag: number;
  lagRule: string;
  theilerWindow: number;
  theilerRule: string;
  samples: number;
  /** False-nearest-neighbour fraction per tried dimension (1-based: fnn[d-1] for dimension d). */
  falseNeighbourFraction: number[];
  /** <ln d_j(k)> against k (steps) and k*dt: the divergence curve, with the line fitted over its linear region. */
  divergence: {
    steps: Float64Array;
    time: Float64Array;
    meanLogDistance: Float64Array;
    fit: { fromStep: number; toStep: number; slope: number; intercept: number; r2: number; rule: string };
  };
  verdict: 'chaotic' | 'not chaotic';
  notes: string[];
}

export type LyapunovResult = LyapunovModelResult | LyapunovDataResult;

export type FixedPointType =
  | 'stable node'
  | 'unstable node'
  | 'stable focus'
  | 'unstable focus'
  | 'saddle'
  | 'saddle focus'
  | 'center'
  | 'non-hyperbolic';

export interface FixedPoint {
  state: number[];
  /** [re, im] pairs, sorted by decreasing real part (flows) or modulus (maps). */
  eigenvalues: [number, number][];
  type: FixedPointType;
  /** Flows: eigenvalues of J (continuous-time); maps: of the map's Jacobian (discrete-time, vs the unit circle). */
  stable: boolean;
  /** max |f(x)| (flows) or max |f(x) - x| (maps) at the returned point. */
  residual: number;
  /** How many seeds converged to this point. */
  basinSeeds: number;
}

export interface FixedPointsResult {
  system: 'flow' | 'map';
  stateNames: string[];
  fixedPoints: FixedPoint[];
  eigenvalueConvention: 'continuous (J of the flow)' | 'discrete (J of the map)';
  seeds: number;
  converged: number;
  searchBox: { lower: number[]; upper: number[] };
  notes: string[];
}

export interface EwsIndicator {
  /** Rolling indicator, NaN for the first window-1 samples (right-aligned windows, as ewstools). */
  values: Float64Array;
  kendallTau: number;
  /** One-sided p-value of tau against surrogate series (fraction of surrogates with tau >= observed). */
  pValue: number;
  significant: boolean;
}

export interface EwsResult {
  column: string;
  /** Time axis (time column or sample index), truncated at the transition when given. */
  time: Float64Array;
  series: Float64Array;
  trend: Float64Array;
  residuals: Float64Array;
  detrend: 'gaussian' | 'lowess' | 'none';
  bandwidth: number;
  /** Rolling window in samples. */
  window: number;
  indicators: { variance: EwsIndicator; ac1: EwsIndicator; skewness: EwsIndicator };
  surrogates: { kind: 'ar1' | 'phase'; count: number; seed: number };
  significanceLevel: number;
  /** "early warning" when variance and ac1 both rise significantly. */
  verdict: 'early warning' | 'no early warning';
  transition?: number;
  notes: string[];
}

/** The full panel of an .ode model (what the system code lens opens): trajectory, spectrum and fixed points. */
export interface ModelOverviewResult {
  simulate: SimulateResult;
  lyapunov: LyapunovModelResult;
  fixedPoints: FixedPointsResult;
}
