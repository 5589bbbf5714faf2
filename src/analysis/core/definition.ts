import type { ResourceEstimate } from './budget';
import type { AnalysisContext } from './context';
import type { AnalysisInput, InputKind } from './input';
import type { ParamSchema, ResolvedParams } from './params';
import type { QualityWarning } from '../../protocol';

/** A fixed-length numeric description of one result, for tables over many items (`dynlens batch`). */
/** One degree of a result's persistence diagram (births[i] <= deaths[i]; Infinity for essential classes). */
export interface ItemDiagram {
  dim: number;
  births: Float64Array;
  deaths: Float64Array;
}

export interface FeatureVector {
  /** Stable column names, documented beside each analysis' `features` (e.g. hilbert_h1_r03_t07). */
  names: string[];
  values: Float64Array;
}

/**
 * Coordinates shared by every item of a batch (grid, image box, density bandwidth), fitted once on a collection
 * and given back to each run as parameters, so that feature vectors of different items are comparable.
 */
export interface SharedCoordinates {
  /** Parameter values (schema keys) that fix the coordinates for every item. */
  params: Record<string, unknown>;
  /** How they were chosen (for batch.json). */
  notes: string[];
}

/**
 * One analysis = one registry entry. Adding an analysis means: a definition here, a view in webview/views, tests.
 * `run` gets the loaded input (the runtime loads files inside the worker), resolved parameters and a context.
 * It returns plain data and typed arrays only (no class instances): results cross threads and go into JSON.
 */
export interface AnalysisDefinition<S extends ParamSchema, R> {
  id: string;
  title: string;
  description: string;
  /** Which input kinds the analysis accepts; drives the right-click submenu and `dynlens list`. */
  inputs: readonly InputKind[];
  params: S;
  run(input: AnalysisInput, params: ResolvedParams<S>, ctx: AnalysisContext): Promise<R> | R;
  /**
   * Peak memory and work of `run` on this input with these parameters, computed cheaply before it runs; the
   * runtime refuses the job (tooLarge) when either is over the budget (core/budget.ts).
   */
  estimate?(input: AnalysisInput, params: ResolvedParams<S>): ResourceEstimate;
  /**
   * The document printed by `--json` (built from the result type in src/protocol/results/). Defaults to the result itself with typed arrays
   * turned into arrays. Provenance is added by the runtime under "provenance".
   */
  toJson?(result: R): unknown;
  /** CSV text of the main table of the result (`-o out.csv` in the CLI, "Save CSV" in the panel). */
  toCsv?(result: R): string;
  /** Sub-tasks run by ctx.parallelMap on other workers (chunks in, results out, both structured-cloneable). */
  tasks?: Record<string, (chunk: never, ctx: AnalysisContext) => unknown>;
  /**
   * For results that depend on a time budget: the parameters that make a rerun give this same result (merged over
   * the run's parameters in the reproducing command), or undefined when no parameters can.
   */
  repeatWith?(result: R, params: ResolvedParams<S>): Record<string, unknown> | undefined;
  /** The result's own quality measures, judged: each poor one with the flag that would help (panel, CLI). */
  assess?(result: R, params: ResolvedParams<S>): QualityWarning[];
  /** Webview view id; defaults to the analysis id. */
  view?: string;
  /** Defaults that differ in a batch, e.g. no view-only extras that the features do not use (the user's flags win). */
  batchDefaults?: Partial<Record<keyof S, unknown>>;
  /** The feature vector of one result for `dynlens batch` (the analysis can batch when this is set). */
  features?(result: R, params: ResolvedParams<S>): FeatureVector;
  /** The persistence diagrams of a result, one per degree (`dynlens batch --distance-matrix` compares them). */
  diagrams?(result: R): ItemDiagram[];
  /**
   * Fits the shared coordinates on a collection: `inputs()` iterates over the fit items (it may be called more than
   * once, e.g. a bandwidth first, then the ranges it gives). Parameters the user gave explicitly win.
   */
  fitShared?(
    inputs: () => AsyncIterable<AnalysisInput>,
    params: ResolvedParams<S>,
    ctx: AnalysisContext,
  ): Promise<SharedCoordinates>;
}

/** The erased form stored in the registry. */
export interface RegisteredAnalysis {
  id: string;
  title: string;
  description: string;
  inputs: readonly InputKind[];
  params: ParamSchema;
  run(input: AnalysisInput, params: Record<string, unknown>, ctx: AnalysisContext): Promise<unknown> | unknown;
  estimate?(input: AnalysisInput, params: Record<string, unknown>): ResourceEstimate;
  toJson?(result: unknown): unknown;
  toCsv?(result: unknown): string;
  tasks?: Record<string, (chunk: unknown, ctx: AnalysisContext) => unknown>;
  repeatWith?(result: unknown, params: Record<string, unknown>): Record<string, unknown> | undefined;
  assess?(result: unknown, params: Record<string, unknown>): QualityWarning[];
  view?: string;
  batchDefaults?: Record<string, unknown>;
  features?(result: unknown, params: Record<string, unknown>): FeatureVector;
  diagrams?(result: unknown): ItemDiagram[];
  fitShared?(
    inputs: () => AsyncIterable<AnalysisInput>,
    params: Record<string, unknown>,
    ctx: AnalysisContext,
  ): Promise<SharedCoordinates>;
}

/** Type-checks a definition against its own schema and result type, then erases it for the registry. */
export function defineAnalysis<S extends ParamSchema, R>(def: AnalysisDefinition<S, R>): RegisteredAnalysis {
  return def as unknown as RegisteredAnalysis;
}
