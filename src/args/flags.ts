/**
 * The one flag parser of DynLens: the CLI (argv already split by the shell) and the parameters input box in VS Code
 * (a line of text, split here with POSIX-shell quoting) both go through `parseFlagTokens`, so `--max-dim 2`,
 * `--threshold=1.5`, `--degrees 0,1`, `--degrees 0 --degrees 1`, `--compare a.csv "b c.csv"` and `--` mean the
 * same thing in both places. Pure and dependency-free: the host, the CLI and the webview import it.
 *
 * Rules
 * - `--name value` and `--name=value`; single-letter aliases (`-o out.csv`).
 * - booleans: `--flag` alone is true; `--flag true|false` and `--flag=false` set it explicitly.
 * - lists: comma-separated (`--degrees 0,1`); a repeated list flag appends (`--degrees 0 --degrees 1`).
 * - files: every following word up to the next flag (`--compare a.csv b.csv`); repeating the flag appends.
 * - any other flag given twice is an error (the second value would silently win).
 * - `--` ends the flags: what follows is positional, even when it starts with `-`.
 * - an unknown flag names the closest known one ("did you mean --max-dim?").
 */

export type FlagKind = 'value' | 'boolean' | 'list' | 'files';

export interface FlagSpec {
  /** Key in the parsed result (camelCase for analysis parameters). */
  key: string;
  /** Flag name without dashes, kebab-case: `max-dim`. */
  flag: string;
  kind: FlagKind;
  /** A one-letter alias used with one dash: `o` for `-o`. */
  alias?: string;
}

export type FlagValue = string | boolean | string[];

export interface ParsedFlags {
  values: Record<string, FlagValue>;
  positional: string[];
}

/** A mistake in the flags; the CLI turns it into a usage error (exit 2), the input box shows the message. */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** The flag kind of a parameter type as the analysis schema and the manifest name it. */
export function flagKindOf(type: string): FlagKind {
  if (type === 'boolean') return 'boolean';
  if (type === 'number-list' || type === 'string-list') return 'list';
  if (type === 'files') return 'files';
  return 'value';
}

export function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/**
 * Splits a line the way a POSIX shell splits words: whitespace separates, '...' is literal, "..." keeps spaces and
 * takes backslash escapes of `"`, `\` and `$`, a backslash outside quotes escapes the next character.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new FlagError(`unclosed ' quote at column ${i + 1}`);
      word += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) j++;
        word += text[j];
      }
      if (j >= text.length) throw new FlagError(`unclosed " quote at column ${i + 1}`);
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** Edit distance (Levenshtein), for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The known flag closest to `name`, when it is close enough to be a typo (or a prefix of a longer name). */
export function closestFlag(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.startsWith(name) && name.length >= 3 ? 1 : distance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function isFlagToken(tok: string): boolean {
  // `-` alone is a positional (standard input); `-1.5` is a value, not a flag.
  return tok.startsWith('-') && tok !== '-' && !/^-\d|^-\.\d/.test(tok);
}

function unknownFlag(name: string, specs: readonly FlagSpec[], context: string): FlagError {
  const known = specs.map((s) => s.flag);
  const near = closestFlag(name, known);
  const hint = near ? `; did you mean --${near}?` : `; known: ${known.map((k) => '--' + k).join(', ') || 'none'}`;
  return new FlagError(`unknown option --${name}${context ? ` for ${context}` : ''}${hint}`);
}

export interface ParseOptions {
  /** Named in error messages: "unknown option --x for persistence". */
  context?: string;
  /** When false, a word that is not a flag or a flag's value is an error (the parameters input box). */
  allowPositional?: boolean;
}

/** Parses tokens against the known flags. Values stay strings: the analysis schema validates and converts them. */
export function parseFlagTokens(tokens: readonly string[], specs: readonly FlagSpec[], opts: ParseOptions = {}) {
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(s.flag, s);
    if (s.alias) byName.set(s.alias, s);
  }
  const values: Record<string, FlagValue> = {};
  const positional: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok === '--') {
      positional.push(...tokens.slice(i + 1));
      break;
    }
    if (!isFlagToken(tok)) {
      if (opts.allowPositional === false) throw new FlagError(`expected --flag, got "${tok}"`);
      positional.push(tok);
      continue;
    }
    const long = tok.startsWith('--');
    const body = tok.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const spec = byName.get(name);
    if (!spec || (!long && name !== spec.alias)) throw unknownFlag(name, specs, opts.context ?? '');
    const shown = '--' + spec.flag;
    const next = (): string => {
      if (inline !== undefined) return inline;
      const v = tokens[i + 1];
      if (v === undefined || v === '--' || (v.startsWith('--') && v.length > 2))
        throw new FlagError(`option ${shown} needs a value`);
      i++;
      return v;
    };
    if (spec.kind === 'list' || spec.kind === 'files') {
      const prev = (values[spec.key] as string[] | undefined) ?? [];
      let add: string[];
      if (spec.kind === 'list')
        add = next()
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '');
      else {
        add = inline !== undefined ? [inline] : [];
        while (i + 1 < tokens.length && !isFlagToken(tokens[i + 1]) && tokens[i + 1] !== '--') add.push(tokens[++i]);
        if (add.length === 0) throw new FlagError(`option ${shown} needs at least one file`);
      }
      values[spec.key] = [...prev, ...add];
      continue;
    }
    if (seen.has(spec.key)) throw new FlagError(`option ${shown} is given twice`);
    seen.add(spec.key);
    if (spec.kind === 'boolean') {
      const v = inline ?? (tokens[i + 1] === 'true' || tokens[i + 1] === 'false' ? tokens[++i] : undefined);
      if (v !== undefined && v !== 'true' && v !== 'false')
        throw new FlagError(`option ${shown} is true or false, got "${v}"`);
      values[spec.key] = v === undefined ? true : v === 'true';
    } else values[spec.key] = next();
  }
  return { values, positional } satisfies ParsedFlags;
}
