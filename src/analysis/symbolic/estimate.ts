/**
 * Resource estimate of `symbolic` (core/budget.ts) before any search: the search itself (islands x members x epochs
 * x searched rows x expression size), the SINDy library of --derivatives (rows x terms, and a least-squares fit per
 * state) and the network samples. Without --iterations the search stops on its time budget, so only its first
 * epoch is counted as work. The constants were measured on this runtime: an epoch of 8 islands of 40 members runs
 * about 7,900 evaluations (40 cycles of about populationSize / 12 tournaments, a quarter to a half of the children
 * refitted by a few Levenberg-Marquardt steps), and an evaluation costs rows x nodes, nodes <= --max-complexity.
 */
import { combineEstimates, HOST_BYTES_PER_RESULT_NUMBER, type ResourceEstimate } from '../core/budget';
import type { AnalysisInput } from '../core/input';
import { ISLAND_CONFIG_DEFAULTS } from './search';

/** Evaluations per tournament round, counting the constant fits of the children (measured 8.2 at the defaults). */
const EVALUATIONS_PER_ROUND = 8;
/** Bytes per expression node held by an island member (tree object, its compiled program). */
const BYTES_PER_NODE = 120;

export interface SymbolicSize {
  populations: number;
  populationSize: number;
  iterations?: readonly number[];
  batchRows: number;
  maxComplexity: number;
  derivatives: boolean;
  sindyDegree: number;
  sindyTrig: boolean;
  features?: readonly string[];
  samples: number;
  inputs: readonly string[];
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

export function estimateSymbolic(input: AnalysisInput, p: SymbolicSize): ResourceEstimate {
  const table = input.kind === 'table' ? input.dataset : undefined;
  const rows = table ? table.rows : p.samples;
  const width = table ? table.columns.length : 1;
  const features = Math.max(1, p.features?.length ?? width - 1);
  const targets = table && p.derivatives ? features : 1;
  const searched = Math.min(rows, p.batchRows);
  const rounds = Math.max(1, Math.round(p.populationSize / ISLAND_CONFIG_DEFAULTS.tournamentSize));
  const perEpoch =
    p.populations * ISLAND_CONFIG_DEFAULTS.cycles * rounds * EVALUATIONS_PER_ROUND * searched * p.maxComplexity;
  const epochs = p.iterations && p.iterations.length > 0 ? Math.max(...p.iterations) : 1;
  const parts: ResourceEstimate[] = [
    {
      // the searched rows once per island (each chunk is copied to its worker), the train/test split and predictions
      bytes:
        8 * searched * (features + 1) * (p.populations + 1) +
        8 * rows * (features + 3) * 2 +
        p.populations * p.populationSize * p.maxComplexity * BYTES_PER_NODE,
      work: targets * epochs * perEpoch,
      what: `${targets} target(s) x ${p.iterations?.length ? `${epochs} epochs` : 'one epoch'} x ${p.populations} islands of ${p.populationSize} x ${searched} rows x expressions up to ${p.maxComplexity} nodes`,
      lower: p.iterations?.length
        ? '--iterations, --populations, --population-size or --batch-rows'
        : '--populations, --population-size or --batch-rows',
    },
  ];
  if (table && p.derivatives) {
    const terms = binomial(features + p.sindyDegree, p.sindyDegree) + (p.sindyTrig ? 2 * features : 0);
    parts.push({
      bytes: 8 * rows * terms * 2,
      // one sequentially thresholded least-squares fit per state, about ten rounds of the normal equations
      work: targets * 10 * (rows * terms * terms + terms ** 3),
      what: `a SINDy library of ${terms.toExponential(2)} terms over ${rows} rows`,
      lower: '--sindy-degree or --features',
    });
  }
  if (!table && p.inputs.length === 0) {
    parts.push({
      bytes: p.samples * (features + 1) * (8 + HOST_BYTES_PER_RESULT_NUMBER),
      work: p.samples * 1000,
      what: `${p.samples} network samples`,
      lower: '--samples',
    });
  }
  return combineEstimates(parts);
}
