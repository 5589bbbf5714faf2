/**
 * The worker's side of a batch item: the analysis ran as usual (execute.ts); its result is replaced by the feature
 * vector the registry entry defines, so that only a few numbers cross back to the host per item (the full result
 * too with --keep-results, as the JSON document `--json` prints).
 */
import type { FeatureVector } from '../../analysis/core/definition';
import { toPlainJson } from '../../analysis/core/json';
import { getAnalysis } from '../../analysis/registry';
import type { JobOutcome } from '../../protocol';

export interface BatchItemResult {
  features: FeatureVector;
  /** The `--json` document of the result (plain JSON), with --keep-results. */
  result?: unknown;
}

export function batchItemOutcome(outcome: JobOutcome, keepResult: boolean): JobOutcome<BatchItemResult> {
  if (!outcome.ok) return outcome;
  const env = outcome.envelope;
  const analysis = getAnalysis(env.analysisId);
  try {
    if (!analysis.features) throw new Error(`${analysis.id} defines no feature vector`);
    const features = analysis.features(env.result, env.provenance.params);
    if (features.names.length !== features.values.length)
      throw new Error(`${features.names.length} feature names for ${features.values.length} values`);
    const body = keepResult ? toPlainJson(analysis.toJson ? analysis.toJson(env.result) : env.result) : undefined;
    return { ok: true, envelope: { ...env, result: { features, result: body } } };
  } catch (e) {
    return {
      ok: false,
      error: { kind: 'internal', message: `${env.provenance.path}: features: ${e instanceof Error ? e.message : e}` },
    };
  }
}
