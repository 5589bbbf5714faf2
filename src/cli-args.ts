/**
 * Command-line parsing for `dynlens`, driven by the analysis' parameter schema (flags are kebab-case keys), through
 * the shared flag parser (src/args/flags.ts) that the parameters input box in VS Code uses too.
 * Pure: no I/O, so it is unit-tested directly.
 */
import { usageError } from './analysis/core/errors';
import { kebab, type ParamSchema } from './analysis/core/params';
import { FlagError, flagKindOf, parseFlagTokens, type FlagSpec } from './args/flags';

export interface CliOptions {
  json: boolean;
  html?: string;
  output?: string;
  workers?: number;
  maxMemoryMB?: number;
  /** Work limit in elementary operations (--max-work 1e12). */
  maxWork?: number;
  quiet: boolean;
  /** Print a notebook display bundle ({mime: result, "text/plain": summary}) instead of text. */
  notebook: boolean;
  /**
   * --dataset, --slice, --input-format (or --input): which part of a container to read, and the format of standard
   * input; --nodes: the node table of an edge list.
   */
  input?: { dataset?: string; slice?: string; format?: string; nodes?: string };
}

export interface ParsedRun {
  analysisId: string;
  file: string;
  params: Record<string, unknown>;
  options: CliOptions;
}

/** Options of the command itself, next to the analysis' parameters. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { key: '@json', flag: 'json', kind: 'boolean' },
  { key: '@notebook', flag: 'notebook', kind: 'boolean' },
  { key: '@html', flag: 'html', kind: 'value' },
  { key: '@output', flag: 'output', kind: 'value', alias: 'o' },
  { key: '@workers', flag: 'workers', kind: 'value' },
  { key: '@maxMemoryMB', flag: 'max-memory-mb', kind: 'value' },
  { key: '@maxWork', flag: 'max-work', kind: 'value' },
  { key: '@quiet', flag: 'quiet', kind: 'boolean', alias: 'q' },
  { key: '@dataset', flag: 'dataset', kind: 'value' },
  { key: '@slice', flag: 'slice', kind: 'value' },
  { key: '@inputFormat', flag: 'input-format', kind: 'value' },
  { key: '@input', flag: 'input', kind: 'value' },
  { key: '@nodes', flag: 'nodes', kind: 'value' },
];

/** The flags an analysis understands, from its schema. */
export function schemaFlags(schema: ParamSchema): FlagSpec[] {
  return Object.entries(schema).map(([key, spec]) => ({ key, flag: kebab(key), kind: flagKindOf(spec.type) }));
}

/** True when the arguments ask for help (`-h`/`--help` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Parses `<file> [--flag value ...]` given the analysis' schema. */
export function parseRunArgs(analysisId: string, argv: string[], schema: ParamSchema): ParsedRun {
  let parsed;
  try {
    parsed = parseFlagTokens(argv, [...schemaFlags(schema), ...GLOBAL_FLAGS], { context: analysisId });
  } catch (e) {
    if (e instanceof FlagError) throw usageError(`${e.message} (dynlens help ${analysisId} lists the options)`);
    throw e;
  }
  const options: CliOptions = { json: false, quiet: false, notebook: false };
  const params: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(parsed.values)) {
    if (!key.startsWith('@')) {
      params[key] = v;
      continue;
    }
    switch (key) {
      case '@json':
      case '@quiet':
      case '@notebook':
        options[key.slice(1) as 'json' | 'quiet' | 'notebook'] = v === true;
        break;
      case '@html':
      case '@output':
        options[key.slice(1) as 'html' | 'output'] = String(v);
        break;
      case '@workers':
        options.workers = positiveInt('workers', String(v));
        break;
      case '@maxMemoryMB':
        options.maxMemoryMB = positiveInt('max-memory-mb', String(v));
        break;
      case '@maxWork':
        options.maxWork = positiveNumber('max-work', String(v));
        break;
      case '@dataset':
        options.input = { ...options.input, dataset: String(v) };
        break;
      case '@slice':
        options.input = { ...options.input, slice: String(v) };
        break;
      case '@inputFormat':
      case '@input': // `--input graph`: the same as --input-format graph
        options.input = { ...options.input, format: String(v) };
        break;
      case '@nodes':
        options.input = { ...options.input, nodes: String(v) };
        break;
    }
  }
  const positional = parsed.positional;
  if (positional.length === 0)
    throw usageError(`${analysisId}: missing input file (usage: dynlens ${analysisId} FILE [options])`);
  if (positional.length > 1)
    throw usageError(`${analysisId}: expected one input file, got ${positional.length}: ${positional.join(' ')}`);
  return { analysisId, file: positional[0], params, options };
}

function positiveNumber(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`--${name} expects a positive number such as 1e12, got "${v}"`);
  return n;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--${name} expects a positive integer, got "${v}"`);
  return n;
}
