/**
 * Result of `bifurcation`: branches of equilibria (flows), fixed points and cycles (maps), and two-parameter curves
 * of folds and Hopf points (flows) or of folds, flips and Neimark-Sacker points (maps), with their special points labelled as AUTO labels them (LP, HB, BP, PD, NS, ...).
 * Parameters are given by name; eigenvalues as [re, im] pairs (flows: of the Jacobian, continuous time; maps: the
 * multipliers of D f^k, discrete time).
 */

export type BranchKind =
  | 'equilibrium'
  | 'periodic'
  | 'fold-curve'
  | 'hopf-curve'
  | 'fixed-point'
  | 'cycle'
  /** Maps: curves of flips and Neimark-Sacker points of fixed points of f^k in two parameters. */
  | 'flip-curve'
  | 'neimark-sacker-curve';

export type SpecialPointType =
  | 'fold'
  | 'hopf'
  | 'branch-point'
  | 'period-doubling'
  | 'fold-of-cycles'
  | 'torus'
  | 'bogdanov-takens'
  | 'cusp'
  | 'generalized-hopf'
  | 'flip'
  | 'neimark-sacker'
  /** Maps, on fold, flip and Neimark-Sacker curves: strong resonances 1:1 to 1:4 (multipliers e^(2 pi i / q)). */
  | 'resonance-1:1'
  | 'resonance-1:2'
  | 'resonance-1:3'
  | 'resonance-1:4'
  /** Maps: multipliers 1 and -1 at once, where a fold curve meets a flip curve. */
  | 'fold-flip';

export interface BranchPoint {
  parameters: Record<string, number>;
  state: number[];
  /** Flows: every eigenvalue in the open left half-plane; maps: every multiplier inside the unit circle. */
  stable: boolean;
  /** Period of a periodic orbit (time units). */
  period?: number;
  /** Componentwise minimum and maximum over a periodic orbit. */
  min?: number[];
  max?: number[];
}

export interface Branch {
  id: number;
  kind: BranchKind;
  /** The parameter(s) free along the branch, in the order of their columns. */
  freeParameters: string[];
  /** Maps: period k of the cycle (1 = fixed points). */
  cyclePeriod?: number;
  points: BranchPoint[];
  /** Why each end of the branch stopped ("reached the end of the parameter range, I = 2", "the corrector did not converge ..."). */
  ends: string[];
  /** Where the branch came from: "start", "switched at BP1", "period-doubled at PD1". */
  origin: string;
}

export interface SpecialPoint {
  type: SpecialPointType;
  /** AUTO-style label: LP1, HB1, BP1, PD1, NS1, ... */
  label: string;
  /** Index of the branch and of the point inside its `points` (special points are points of their branch). */
  branch: number;
  index: number;
  parameters: Record<string, number>;
  state: number[];
  eigenvalues?: [number, number][];
  multipliers?: [number, number][];
  /** Hopf points: Kuznetsov's first Lyapunov coefficient (negative: supercritical, positive: subcritical). */
  firstLyapunovCoefficient?: number;
  criticality?: 'supercritical' | 'subcritical' | 'degenerate';
  /** Hopf points: angular frequency of the emerging oscillation, and its period 2 pi / omega. */
  frequency?: number;
  note?: string;
}

/** Brute-force orbit diagram: simulated attractors over a grid of parameter values. */
export interface OrbitDiagram {
  parameter: string;
  /** The parameter values simulated. */
  values: number[];
  /** Per state variable: the recorded values and the index into `values` of the run each came from. */
  points: { variable: string; parameterIndex: number[]; value: number[] }[];
  /** Flows: local maxima of each variable after the transient; maps: the iterates after the transient. */
  kind: 'local maxima' | 'iterates';
  /** Parameter values whose run blew up (nothing recorded). */
  diverged: number;
}

/**
 * What the view shows for a clicked point of a branch, stored for the labelled points and a bounded number of evenly
 * spaced points of every one-parameter branch (so the result stays small). Equilibria, fixed points and cycles of
 * maps: the eigenvalues (multipliers) and short runs from starts beside the point, x* +- delta v with v the leading
 * eigenvector; periodic orbits: one run, the collocation profile over one period (time 0..T), with the Floquet
 * multipliers.
 */
export interface PointOrbit {
  /** The branch id and the index of the point in its `points`. */
  branch: number;
  index: number;
  /** Flows' equilibria: eigenvalues of the Jacobian [re, im]. */
  eigenvalues?: [number, number][];
  /** Maps: multipliers of D f^k; periodic orbits: Floquet multipliers (one of them is 1). */
  multipliers?: [number, number][];
  /** Periodic orbits: the period (time units). */
  period?: number;
  /** Each run: its time (flows, time units; maps, iterations) and states[variable][sample]. */
  runs: { time: number[]; states: number[][] }[];
  /** How the runs were made, in words (the perturbation size and direction, or "collocation profile"). */
  how: string;
}

export interface BifurcationResult {
  system: 'flow' | 'map';
  stateNames: string[];
  parameter: string;
  secondParameter?: string;
  range: { from: number; to: number };
  branches: Branch[];
  specialPoints: SpecialPoint[];
  orbitDiagram?: OrbitDiagram;
  /** Clickable points of the one-parameter branches with their orbits (see PointOrbit). */
  orbits: PointOrbit[];
  /** One line per special point for lenses and the CLI: "Hopf at I = 0.344 (subcritical)". */
  summary: string[];
  notes: string[];
}
