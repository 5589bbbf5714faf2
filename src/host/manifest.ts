/**
 * What the host knows about analyses without loading the analysis core: dist/analyses.json, written at build time
 * from the registry (`dynlens list --json`). Read lazily on the first command, never at activation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisInfo } from '../protocol';

const TABLE = ['.csv', '.tsv', '.txt', '.npy', '.npz', '.parquet', '.json', '.lower_distance_matrix'];
const KIND_EXT: Record<string, string[]> = { table: TABLE, ode: ['.ode'], onnx: ['.onnx'] };

let cache: AnalysisInfo[] | undefined;

export function loadManifest(extensionPath: string): AnalysisInfo[] {
  if (!cache) cache = JSON.parse(readFileSync(join(extensionPath, 'dist', 'analyses.json'), 'utf8')) as AnalysisInfo[];
  return cache;
}

export function extensionsFor(info: AnalysisInfo): string[] {
  return info.inputs.flatMap((k) => KIND_EXT[k] ?? []);
}

export function accepts(info: AnalysisInfo, path: string): boolean {
  const lower = path.toLowerCase();
  return extensionsFor(info).some((e) => lower.endsWith(e));
}

/** Defaults merged under the given parameters: the same values the worker resolves (it validates them too). */
export function withDefaults(info: AnalysisInfo, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...info.defaults };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}
