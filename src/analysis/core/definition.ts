import type { ResourceEstimate } from './budget';
import type { AnalysisContext } from './context';
import type { AnalysisInput, InputKind } from './input';
import type { ParamSchema, ResolvedParams } from './params';

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
   * The document printed by `--json` (the JSON shape). Defaults to the result itself with typed arrays
   * turned into arrays. Provenance is added by the runtime under "provenance".
   */
  toJson?(result: R): unknown;
  /** CSV text of the main table of the result (`-o out.csv` in the CLI, "Save CSV" in the panel). */
  toCsv?(result: R): string;
  /** Sub-tasks run by ctx.parallelMap on other workers (chunks in, results out, both structured-cloneable). */
  tasks?: Record<string, (chunk: never, ctx: AnalysisContext) => unknown>;
  /** Webview view id; defaults to the analysis id. */
  view?: string;
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
  view?: string;
}

/** Type-checks a definition against its own schema and result type, then erases it for the registry. */
export function defineAnalysis<S extends ParamSchema, R>(def: AnalysisDefinition<S, R>): RegisteredAnalysis {
  return def as unknown as RegisteredAnalysis;
}
