/**
 * Finds string literals in any source text (Python, Julia, MATLAB, R, TypeScript, ...) that name an existing
 * workspace data or model file, for the "stability summary of this file" code lens. Pure: no vscode import; the
 * caller says which paths exist (a function or a set of workspace-relative paths with '/' separators).
 * One regular-expression pass over the text plus a forward-moving line counter: O(length of the text).
 */
/** Build and tool configuration files that are not data, even though they end in .json/.txt. */
const NOT_DATA = new Set([
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'jsconfig.json',
  'requirements.txt',
  'cmakelists.txt',
  'license.txt',
]);

export interface PathReference {
  /** 0-based line of the literal. */
  line: number;
  /** 0-based columns of the path inside the quotes: [startColumn, endColumn). */
  startColumn: number;
  endColumn: number;
  /** The path as written in the source. */
  written: string;
  /** Workspace-relative path that exists (normalised, '/' separators). */
  path: string;
}

export interface PathReferenceOptions {
  /** Extensions of the files to find (lower case, with the dot): those of the analyses' inputs (host/manifest.ts). */
  extensions: readonly string[];
  /** Workspace-relative directory of the source file ('' for the root): relative paths are tried against it first. */
  baseDir?: string;
}

const literals = new Map<string, RegExp>();

/** A quoted literal on one line (escapes allowed) ending in one of the extensions; one pattern per extension list. */
function literalPattern(extensions: readonly string[]): RegExp {
  const key = extensions.join('|');
  let re = literals.get(key);
  if (!re) {
    const alts = extensions.map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    re = new RegExp(`(["'\`])((?:(?!\\1)[^\\\\\\n\\r]|\\\\.){1,1024}?(?:${alts}))\\1`, 'gi');
    literals.set(key, re);
  }
  return re;
}

/** Normalises a relative path: backslashes to '/', removes '.' segments, resolves '..' (undefined if it escapes). */
export function normalizeRelative(p: string): string | undefined {
  const parts = p.replace(/\\\\/g, '/').replace(/\\/g, '/').split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

export function findPathReferences(
  text: string,
  exists: ((relativePath: string) => boolean) | ReadonlySet<string>,
  opts: PathReferenceOptions,
): PathReference[] {
  const has = typeof exists === 'function' ? exists : (p: string) => exists.has(p);
  const base = opts.baseDir ? (normalizeRelative(opts.baseDir) ?? '') : '';
  const out: PathReference[] = [];
  let line = 0;
  let lineStart = 0;
  let scanned = 0;
  const literal = literalPattern(opts.extensions);
  literal.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = literal.exec(text)) !== null) {
    const written = m[2];
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) continue; // URLs
    const slash = Math.max(written.lastIndexOf('/'), written.lastIndexOf('\\'));
    if (NOT_DATA.has(written.slice(slash + 1).toLowerCase())) continue;
    let found: string | undefined;
    if (/^(?:\/|[A-Za-z]:[\\/])/.test(written)) {
      if (has(written)) found = written; // absolute path: the caller decides whether it is in the workspace
    } else {
      const rel = written.replace(/^~\//, '');
      const candidates = base ? [`${base}/${rel}`, rel] : [rel];
      for (const c of candidates) {
        const norm = normalizeRelative(c);
        if (norm && has(norm)) {
          found = norm;
          break;
        }
      }
    }
    if (found === undefined) continue;
    // advance the line counter to the literal (matches come in order)
    const at = m.index + 1;
    for (let i = scanned; i < at; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    scanned = at;
    out.push({ line, startColumn: at - lineStart, endColumn: at - lineStart + written.length, written, path: found });
  }
  return out;
}
