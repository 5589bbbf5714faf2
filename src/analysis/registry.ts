/**
 * Every analysis of DynLens, in menu order. The host, the worker, the CLI and `dynlens list` read this list and
 * nothing else. Each domain exports its definitions from its own module; add one import line per domain here.
 */
import type { RegisteredAnalysis } from './core/definition';
import { extensionsOf } from './core/input';
import { usageError } from './core/errors';
import { kebab, describeDefault, describeRange, resolveParams } from './core/params';
import type { AnalysisInfo } from '../protocol';
import { dataAnalyses } from './data/analyses';
import { symbolicAnalyses } from './symbolic/analysis';
import { stabilityAnalyses } from './stability/analyses';
import { signedBarcodeAnalyses } from './topology/multi/analysis';
import { moduleAnalyses } from './topology/module/analysis';
import { persistenceAnalyses } from './topology/rips/analysis';
import { koopmanAnalyses } from './koopman/analysis';
import { continuationAnalyses } from './stability/continuation/analysis';
import { sweepAnalyses } from './stability/sweep/analysis';

export const analyses: readonly RegisteredAnalysis[] = [
  ...dataAnalyses,
  ...symbolicAnalyses,
  ...stabilityAnalyses,
  ...continuationAnalyses,
  ...persistenceAnalyses,
  ...signedBarcodeAnalyses,
  ...moduleAnalyses,
  ...koopmanAnalyses,
  ...sweepAnalyses,
];

export function getAnalysis(id: string): RegisteredAnalysis {
  const a = analyses.find((x) => x.id === id);
  if (!a) throw usageError(`unknown analysis "${id}" (known: ${analyses.map((x) => x.id).join(', ')})`);
  return a;
}

export function describeAnalyses(): AnalysisInfo[] {
  return analyses.map((a) => ({
    id: a.id,
    title: a.title,
    description: a.description,
    inputs: a.inputs,
    extensions: extensionsOf(a.inputs),
    params: Object.entries(a.params).map(([key, spec]) => ({
      key,
      flag: '--' + kebab(key),
      type: spec.type,
      default: spec.default === undefined ? undefined : describeDefault(spec),
      choices: spec.type === 'string' ? spec.choices : undefined,
      unit: 'unit' in spec ? spec.unit : undefined,
      range: describeRange(spec),
      description: spec.description,
    })),
    defaults: defaultsOf(a),
    batch: a.features !== undefined,
  }));
}

/** Parameters a run with none given resolves to (required parameters without defaults are left out). */
function defaultsOf(a: RegisteredAnalysis): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(a.params)) {
    try {
      const v = resolveParams({ [k]: spec }, {})[k];
      if (v !== undefined) out[k] = v;
    } catch {
      // required parameter: no default
    }
  }
  return out;
}
