/**
 * The resource contract of an analysis: before it allocates, an analysis estimates from the input's size and its
 * parameters the peak memory and the work it will need, and the runtime refuses (tooLarge, exit 2 in the CLI) when
 * either is over the budget, saying the estimate and what to lower or raise. Memory is bounded by the
 * `dynlens.worker.maxMemoryMB` setting (CLI --max-memory-mb); work by `dynlens.worker.maxWork` (CLI --max-work), in
 * elementary operations (a flop, an expression-node evaluation, a distance coordinate), so that no input and no
 * parameter can start a run that does not end in reasonable time.
 */
import { tooLarge } from './errors';

export interface ResourceEstimate {
  /** Peak bytes: typed arrays, heap objects and the result as the host receives it (JSON for the CLI). */
  bytes: number;
  /** Elementary operations, order of magnitude. */
  work: number;
  /** What sizes the estimate, in the user's terms: "--forecast 100000000 steps x 3 series". */
  what: string;
  /** The parameters or input sizes the user can lower, e.g. "--forecast". */
  lower: string;
}

export interface ResourceBudget {
  memoryBytes: number;
  work: number;
}

/** Default work limit: about 1e11 elementary operations, a few minutes of one core in JavaScript. */
export const DEFAULT_WORK_LIMIT = 1e11;
/** Bytes the host holds per number of a result: a JS double in the plain array plus ~20 characters of JSON text. */
export const HOST_BYTES_PER_RESULT_NUMBER = 32;
/** Bytes per number a worker holds for a result it builds and transfers (Float64Array plus its copy in flight). */
export const WORKER_BYTES_PER_RESULT_NUMBER = 16;

function mb(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`;
}

/** Throws tooLarge when an estimate is over the budget; the message carries the numbers and both remedies. */
export function enforceEstimate(analysisId: string, e: ResourceEstimate, budget: ResourceBudget, file?: string): void {
  if (!(e.bytes <= budget.memoryBytes)) {
    throw tooLarge(
      `${analysisId} would need about ${mb(e.bytes)} (${e.what}), over the memory budget of ${mb(budget.memoryBytes)}; lower ${e.lower}, or raise --max-memory-mb (setting dynlens.worker.maxMemoryMB)`,
      { file },
    );
  }
  if (!(e.work <= budget.work)) {
    throw tooLarge(
      `${analysisId} would need about ${e.work.toExponential(2)} operations (${e.what}), over the work limit of ${budget.work.toExponential(2)}; lower ${e.lower}, or raise --max-work (setting dynlens.worker.maxWork)`,
      { file },
    );
  }
}

/** Sum of estimates of the stages of one run (peak memory taken as the sum: a safe side). */
export function combineEstimates(parts: readonly ResourceEstimate[]): ResourceEstimate {
  // What to lower: the parts that carry at least a tenth of the memory or of the work.
  const bytes = parts.reduce((s, p) => s + p.bytes, 0);
  const work = parts.reduce((s, p) => s + p.work, 0);
  const dominant = parts.filter((p) => p.bytes >= 0.1 * bytes || p.work >= 0.1 * work);
  return {
    bytes: parts.reduce((s, p) => s + p.bytes, 0),
    work: parts.reduce((s, p) => s + p.work, 0),
    what: parts.map((p) => p.what).join('; '),
    lower: [...new Set(dominant.map((p) => p.lower))].join(' or '),
  };
}
