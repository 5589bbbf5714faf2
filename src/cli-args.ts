/**
 * Command-line parsing for `dynlens`, driven by the analysis' parameter schema (flags are kebab-case keys).
 * Pure: no I/O, so it is unit-tested directly.
 */
import { usageError } from './analysis/core/errors';
import { camel, type ParamSchema } from './analysis/core/params';

export interface CliOptions {
  json: boolean;
  html?: string;
  output?: string;
  workers?: number;
  maxMemoryMB?: number;
  /** Work limit in elementary operations (--max-work 1e12). */
  maxWork?: number;
  quiet: boolean;
}

export interface ParsedRun {
  analysisId: string;
  file: string;
  params: Record<string, unknown>;
  options: CliOptions;
}

const GLOBAL_FLAGS = new Set(['json', 'html', 'output', 'o', 'workers', 'max-memory-mb', 'max-work', 'quiet', 'q']);

/** Parses `<analysis> <file> [--flag value ...]` given the analysis' schema. */
export function parseRunArgs(analysisId: string, argv: string[], schema: ParamSchema): ParsedRun {
  const options: CliOptions = { json: false, quiet: false };
  const params: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (!tok.startsWith('-') || tok === '-') {
      positional.push(tok);
      continue;
    }
    const eq = tok.indexOf('=');
    const name = tok.replace(/^--?/, '').slice(0, eq >= 0 ? eq - (tok.startsWith('--') ? 2 : 1) : undefined);
    let inline: string | undefined = eq >= 0 ? tok.slice(eq + 1) : undefined;
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw usageError(`option --${name} needs a value`);
      i++;
      return v;
    };
    if (GLOBAL_FLAGS.has(name)) {
      switch (name) {
        case 'json':
          options.json = true;
          break;
        case 'quiet':
        case 'q':
          options.quiet = true;
          break;
        case 'html':
          options.html = takeValue();
          break;
        case 'output':
        case 'o':
          options.output = takeValue();
          break;
        case 'workers':
          options.workers = positiveInt('workers', takeValue());
          break;
        case 'max-memory-mb':
          options.maxMemoryMB = positiveInt('max-memory-mb', takeValue());
          break;
        case 'max-work':
          options.maxWork = positiveNumber('max-work', takeValue());
          break;
      }
      continue;
    }
    const key = camel(name);
    const spec = schema[key];
    if (!spec) {
      const known = Object.keys(schema).map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
      throw usageError(
        `unknown option --${name} for ${analysisId} (options: ${[...known, '--json', '--html FILE', '-o FILE'].join(', ')})`,
      );
    }
    if (spec.type === 'boolean') {
      const next = argv[i + 1];
      if (inline !== undefined) params[key] = inline;
      else if (next === 'true' || next === 'false') {
        params[key] = next;
        i++;
      } else params[key] = true;
    } else if (spec.type === 'files') {
      const files: string[] = inline !== undefined ? [inline] : [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) files.push(argv[++i]);
      if (files.length === 0) throw usageError(`option --${name} needs at least one file`);
      params[key] = files;
    } else {
      params[key] = takeValue();
    }
    inline = undefined;
  }
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
