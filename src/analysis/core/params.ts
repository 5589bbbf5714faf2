import { usageError } from './errors';

/**
 * Parameter schema of an analysis. Keys are camelCase in code; the CLI flag is the kebab-case form
 * (`maxResidual` <-> `--max-residual`). Every parameter has a default that works on the examples, or is optional.
 */
export type ParamSpec =
  | {
      type: 'number';
      default?: number;
      min?: number;
      max?: number;
      integer?: boolean;
      unit?: string;
      description: string;
      optional?: boolean;
    }
  | {
      type: 'string';
      default?: string;
      choices?: readonly string[];
      description: string;
      optional?: boolean;
      unit?: string;
    }
  | { type: 'boolean'; default?: boolean; description: string }
  /** Comma-separated on the CLI: `--degrees 0,1`. */
  | {
      type: 'number-list';
      default?: readonly number[];
      min?: number;
      max?: number;
      integer?: boolean;
      description: string;
      optional?: boolean;
      unit?: string;
    }
  | { type: 'string-list'; default?: readonly string[]; description: string; optional?: boolean }
  /** Extra input files (`--compare a.csv b.csv`): the CLI collects positional values after the flag. */
  | { type: 'files'; description: string; optional?: boolean; default?: readonly string[] };

export type ParamSchema = Record<string, ParamSpec>;

export type ParamValue = number | string | boolean | number[] | string[] | undefined;

/**
 * The TypeScript type of resolved parameters for a schema: a string with choices is their union, a list default
 * (readonly in the schema) resolves to a fresh mutable copy, and a parameter without a default is an optional key
 * (so that one analysis can call another's run with the parameters it sets).
 */
export type ResolvedParams<S extends ParamSchema> = {
  [K in Exclude<keyof S, OptionalKeys<S>>]: ResolvedParam<S[K]>;
} & {
  [K in OptionalKeys<S>]?: ResolvedParam<S[K]>;
};

/** Keys that may resolve to undefined: no default (booleans and file lists always resolve). */
type OptionalKeys<S extends ParamSchema> = {
  [K in keyof S]: S[K] extends { default: unknown } | { type: 'boolean' } | { type: 'files' } ? never : K;
}[keyof S];

type Defaulted<P, T> = P extends { default: unknown } ? T : T | undefined;

type ResolvedParam<P extends ParamSpec> = P extends { type: 'number' }
  ? Defaulted<P, number>
  : P extends { type: 'string' }
    ? Defaulted<P, P extends { choices: readonly (infer C extends string)[] } ? C : string>
    : P extends { type: 'boolean' }
      ? boolean
      : P extends { type: 'number-list' }
        ? Defaulted<P, number[]>
        : P extends { type: 'string-list' }
          ? Defaulted<P, string[]>
          : P extends { type: 'files' }
            ? string[]
            : never;

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
export function camel(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parseNumber(key: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
  }
  throw usageError(`--${kebab(key)} expects a number, got "${String(v)}"`);
}

function checkRange(key: string, n: number, spec: { min?: number; max?: number; integer?: boolean }): number {
  if (!Number.isFinite(n)) throw usageError(`--${kebab(key)} must be finite, got ${n}`);
  if (spec.integer && !Number.isInteger(n)) throw usageError(`--${kebab(key)} must be an integer, got ${n}`);
  if (spec.min !== undefined && n < spec.min) throw usageError(`--${kebab(key)} must be >= ${spec.min}, got ${n}`);
  if (spec.max !== undefined && n > spec.max) throw usageError(`--${kebab(key)} must be <= ${spec.max}, got ${n}`);
  return n;
}

/**
 * Applies defaults and validates raw values (strings from the CLI, or typed values from the UI). Unknown keys are
 * an error: a typo must never be silently ignored.
 */
export function resolveParams<S extends ParamSchema>(schema: S, raw: Record<string, unknown>): ResolvedParams<S> {
  const out: Record<string, ParamValue> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in schema)) {
      const known = Object.keys(schema)
        .map((k) => '--' + kebab(k))
        .join(', ');
      throw usageError(`unknown parameter --${kebab(key)} (known: ${known || 'none'})`);
    }
  }
  for (const [key, spec] of Object.entries(schema)) {
    const v = raw[key];
    if (v === undefined || v === null || v === '') {
      if (spec.type === 'boolean') out[key] = spec.default ?? false;
      else if (spec.type === 'files') out[key] = [...(spec.default ?? [])];
      else if (spec.default !== undefined) out[key] = isList(spec.default) ? spec.default.slice() : spec.default;
      else if ('optional' in spec && spec.optional) out[key] = undefined;
      else throw usageError(`missing required parameter --${kebab(key)}: ${spec.description}`);
      continue;
    }
    switch (spec.type) {
      case 'number':
        out[key] = checkRange(key, parseNumber(key, v), spec);
        break;
      case 'string': {
        const s = String(v);
        if (spec.choices && !spec.choices.includes(s))
          throw usageError(`--${kebab(key)} must be one of ${spec.choices.join('|')}, got "${s}"`);
        out[key] = s;
        break;
      }
      case 'boolean':
        if (typeof v === 'boolean') out[key] = v;
        else if (v === 'true' || v === '1' || v === 'yes') out[key] = true;
        else if (v === 'false' || v === '0' || v === 'no') out[key] = false;
        else throw usageError(`--${kebab(key)} expects true or false, got "${String(v)}"`);
        break;
      case 'number-list': {
        const items = Array.isArray(v)
          ? v
          : String(v)
              .split(',')
              .map((x) => x.trim())
              .filter((x) => x !== '');
        out[key] = items.map((x) => checkRange(key, parseNumber(key, x), spec));
        break;
      }
      case 'string-list':
        out[key] = Array.isArray(v)
          ? v.map(String)
          : String(v)
              .split(',')
              .map((x) => x.trim())
              .filter((x) => x !== '');
        break;
      case 'files':
        out[key] = Array.isArray(v) ? v.map(String) : [String(v)];
        break;
    }
  }
  return out as ResolvedParams<S>;
}

/** The documented range of a numeric parameter, as `dynlens list` and `dynlens help` print it. */
export function describeRange(spec: ParamSpec): string | undefined {
  if (spec.type !== 'number' && spec.type !== 'number-list') return undefined;
  const f = (x: number | undefined, inf: string): string =>
    x === undefined
      ? inf
      : Math.abs(x) >= 1e6 && Number.isInteger(Math.log10(Math.abs(x)))
        ? x.toExponential(0).replace('e+', 'e')
        : String(x);
  return `${f(spec.min, '-inf')}..${f(spec.max, 'inf')}${spec.integer ? ', integer' : ''}`;
}

/** Human-readable default for `dynlens list` and the UI. */
export function describeDefault(spec: ParamSpec): string {
  if (spec.default === undefined) return spec.type === 'boolean' ? 'false' : '(none)';
  return Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default);
}

function isList(v: unknown): v is readonly number[] | readonly string[] {
  return Array.isArray(v);
}
