/**
 * What a webview may ask the host for, checked against what its buttons can need: a webview's messages are input
 * (a compromised or buggy view must not run analyses on arbitrary files, open files outside the workspace or edit
 * files silently). Pure functions of plain data, so they are unit-tested without VS Code.
 */
import { isAbsolute, relative, resolve } from 'node:path';

/** True when `path` is one of the workspace folders or inside one (after resolving `..`). */
export function insideFolders(path: string, folders: readonly string[]): boolean {
  if (typeof path !== 'string' || path === '' || !isAbsolute(path)) return false;
  const p = resolve(path);
  return folders.some((f) => {
    const r = relative(resolve(f), p);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  });
}

/** An example run is allowed only for an entry of the bundled list, with its own analysis. */
export function isBundledExample(
  path: unknown,
  analysisId: unknown,
  examples: readonly { path: string; analysisId: string }[],
): boolean {
  return examples.some((e) => e.path === path && e.analysisId === analysisId);
}

/**
 * Parameters of a re-run from a panel: plain values only, and every value of a file parameter (by key, from the
 * analysis' schema) inside the workspace. Returns the reason for a refusal, or undefined when allowed.
 */
export function rerunParamsProblem(
  params: unknown,
  fileKeys: readonly string[],
  folders: readonly string[],
  baseDir: string,
): string | undefined {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return 'parameters must be an object';
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    const ok =
      v === null ||
      ['string', 'number', 'boolean'].includes(typeof v) ||
      (Array.isArray(v) && v.every((x) => ['string', 'number'].includes(typeof x)));
    if (!ok) return `parameter ${k} has an unsupported value`;
    if (fileKeys.includes(k)) {
      for (const f of Array.isArray(v) ? v : [v]) {
        const abs = resolve(baseDir, String(f));
        if (!insideFolders(abs, folders)) return `file parameter ${k} points outside the workspace (${String(f)})`;
      }
    }
  }
  return undefined;
}
