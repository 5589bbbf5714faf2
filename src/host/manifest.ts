/**
 * What the host knows about analyses without loading the analysis core: dist/analyses.json, written at build time
 * from the registry (`dynlens list --json`). Read lazily on the first command, never at activation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisInfo } from '../protocol';

let cache: AnalysisInfo[] | undefined;

export function loadManifest(extensionPath: string): AnalysisInfo[] {
  if (!cache) cache = JSON.parse(readFileSync(join(extensionPath, 'dist', 'analyses.json'), 'utf8')) as AnalysisInfo[];
  return cache;
}

export function accepts(info: AnalysisInfo, path: string): boolean {
  const lower = path.toLowerCase();
  return info.extensions.some((e) => lower.endsWith(e));
}

/** Every extension some analysis reads (lower case, with the dot), in manifest order. */
export function allExtensions(infos: readonly AnalysisInfo[]): string[] {
  return [...new Set(infos.flatMap((a) => a.extensions))];
}

/** Defaults merged under the given parameters: the same values the worker resolves (it validates them too). */
export function withDefaults(info: AnalysisInfo, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...info.defaults };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v;
  return out;
}
