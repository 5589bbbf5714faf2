/**
 * The worker's side of a batch item: the analysis ran as usual (execute.ts); its result is replaced by the feature
 * vector the registry entry defines, so that only a few numbers cross back to the host per item (the full result
 * too with --keep-results, as the JSON document `--json` prints).
 */
import { createHash } from 'node:crypto';
import type { FeatureVector, ItemDiagram } from '../../analysis/core/definition';
import { toPlainJson } from '../../analysis/core/json';
import { getAnalysis } from '../../analysis/registry';
import type { JobOutcome } from '../../protocol';

export interface BatchItemResult {
  /** The vector; `names` is empty when this worker already sent the list of `namesId`. */
  features: FeatureVector;
  /** Digest of the names list: a list of thousands of pixel names crosses to the host once per worker, not per item. */
  namesId?: string;
  /** The result's persistence diagrams, with --distance-matrix. */
  diagrams?: ItemDiagram[];
  /** The `--json` document of the result (plain JSON), with --keep-results. */
  result?: unknown;
}

/** Names lists this worker has sent in the current session (the host keeps them by id; one worker's messages arrive in order). */
let sentNames = new Set<string>();
let sentSession: string | undefined;

/** Digest of a names list, remembered by list object (analyses hand out the same list for the same layout). */
const digests = new WeakMap<readonly string[], string>();
function namesDigest(names: readonly string[]): string {
  let id = digests.get(names);
  if (id === undefined) {
    id = createHash('sha1').update(names.join('\u0000')).digest('base64');
    if (Object.isFrozen(names)) digests.set(names, id); // a list that may change later is hashed each time
  }
  return id;
}

export function batchItemOutcome(
  outcome: JobOutcome,
  keepResult: boolean,
  namesSession?: string,
  withDiagrams = false,
): JobOutcome<BatchItemResult> {
  if (!outcome.ok) return outcome;
  const env = outcome.envelope;
  const analysis = getAnalysis(env.analysisId);
  try {
    if (!analysis.features) throw new Error(`${analysis.id} defines no feature vector`);
    const features = analysis.features(env.result, env.provenance.params);
    if (features.names.length !== features.values.length)
      throw new Error(`${features.names.length} feature names for ${features.values.length} values`);
    const body = keepResult ? toPlainJson(analysis.toJson ? analysis.toJson(env.result) : env.result) : undefined;
    const diagrams = withDiagrams && analysis.diagrams ? analysis.diagrams(env.result) : undefined;
    if (!namesSession) return { ok: true, envelope: { ...env, result: { features, diagrams, result: body } } };
    if (namesSession !== sentSession) {
      sentSession = namesSession;
      sentNames = new Set();
    }
    const namesId = namesDigest(features.names);
    const first = !sentNames.has(namesId);
    sentNames.add(namesId);
    const sent = first ? features : { names: [], values: features.values };
    return { ok: true, envelope: { ...env, result: { features: sent, namesId, diagrams, result: body } } };
  } catch (e) {
    return {
      ok: false,
      error: { kind: 'internal', message: `${env.provenance.path}: features: ${e instanceof Error ? e.message : e}` },
    };
  }
}
