/**
 * Result of the `koopman` analysis (DMD, forward-backward DMD, total-least-squares DMD, Hankel DMD, EDMD, kernel
 * EDMD), with ResDMD residuals. Units are explicit: discrete eigenvalues are per sample step (dimensionless),
 * continuous eigenvalues are log(lambda)/dt in 1/(time unit), frequencies in Hz (cycles per time unit) and rad per
 * time unit. When no time information was given, the time unit is "sample" and `dtSource` is "assumed".
 */
export type KoopmanMethod = 'dmd' | 'fbdmd' | 'tlsdmd' | 'hankel' | 'edmd' | 'kedmd';

export interface KoopmanEigenvalue {
  /** Eigenvalue of the one-step (dt) Koopman approximation, [re, im]. */
  discrete: [number, number];
  /** log(lambda) / dt, [growth rate, angular frequency] in 1/(time unit). NaN (null in JSON) for lambda = 0. */
  continuous: [number, number];
  /** |Im continuous| / (2 pi): cycles per time unit (Hz when time is in seconds). */
  frequency: number;
  /** |Im continuous|: rad per time unit. */
  angularFrequency: number;
  /** Re continuous: 1/(time unit); negative = decaying. */
  growthRate: number;
  /** 2 pi / |Im continuous| in time units (Infinity -> null for real eigenvalues). */
  period: number;
  /** ResDMD residual ||(PsiY - lambda PsiX) g|| / ||PsiX g|| (relative, dimensionless); NaN when unavailable. */
  residual: number;
  /** |phi(x_0)| * ||mode||: size of this component in the first snapshot (state units). */
  amplitude: number;
}

export interface KoopmanMode {
  /** Index into `eigenvalues`. */
  index: number;
  /** Mode vector on the state columns (`stateNames`), real and imaginary parts. */
  re: Float64Array;
  im: Float64Array;
  /** Eigenfunction along the first trajectory (or the first pairs), real and imaginary parts. */
  eigenfunctionRe: Float64Array;
  eigenfunctionIm: Float64Array;
}

export interface KoopmanPseudospectrum {
  /** Grid in the complex plane of discrete eigenvalues: x (real parts) and y (imaginary parts). */
  x: Float64Array;
  y: Float64Array;
  /** tau(z) = sigma_min([A - zI; D]) row-major over (y, x): value[iy * x.length + ix]. */
  tau: Float64Array;
  /** Wall time of the grid evaluation, ms. */
  ms: number;
}

export interface KoopmanResult {
  method: KoopmanMethod;
  /** Sample spacing in time units. */
  dt: number;
  /** Where dt came from: the --dt parameter, a time column, or assumed (1 sample). */
  dtSource: 'parameter' | 'time-column' | 'assumed';
  /** "s" or the time column's name or "sample": what one time unit is. */
  timeUnit: string;
  /** Human-readable unit note, e.g. "dt assumed 1 sample". */
  unitsNote: string;
  stateNames: string[];
  /** Dictionary description, e.g. "identity (state)", "poly:3 (10 functions)". */
  dictionary: string;
  dictionarySize: number;
  /** Number of snapshot pairs used and trajectories they came from. */
  pairs: number;
  trajectories: number;
  delays?: number;
  /** Chosen rank and the rule that chose it. */
  rank: number;
  rankRule: string;
  /** Singular values of the (weighted) dictionary matrix PsiX, descending. */
  singularValues: Float64Array;
  /** Condition number sigma_max / sigma_min of PsiX (the Gram matrix's is its square). */
  conditionNumber: number;
  /** Present when the Gram matrix was ill-conditioned and a truncated pseudo-inverse was used. */
  regularization?: string;
  eigenvalues: KoopmanEigenvalue[];
  /** The --max-residual filter: eigenvalues with residual above it are marked spurious (still listed). */
  maxResidual?: number;
  spurious: boolean[];
  modes: KoopmanMode[];
  /** Relative reconstruction error over the first trajectory (multi-step from x_0), or one-step over pairs. */
  reconstructionError: number;
  reconstructionKind: 'multi-step' | 'one-step';
  /** Time axis (time units), data, model and error curve of the reconstruction: at most 8 state columns and 5000
   * time points (decimated evenly; `reconstructionError` uses every point). For pairs input t is the pair index. */
  reconstruction: { t: Float64Array; data: Float64Array[]; model: Float64Array[]; error: Float64Array };
  /** One-step relative prediction error over all pairs. */
  oneStepError: number;
  /** Forecast past the end of the first trajectory (--forecast STEPS). */
  forecast?: { t: Float64Array; values: Float64Array[] };
  /** HAVOK forcing (Hankel DMD): v_r(t), the last retained delay coordinate along the first trajectory. */
  havokForcing?: { t: Float64Array; values: Float64Array };
  pseudospectrum?: KoopmanPseudospectrum;
  notes: string[];
}
