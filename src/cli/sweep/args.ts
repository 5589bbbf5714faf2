/**
 * Command line of `dynlens sweep MODEL --param a=0:2:101 [--param b=0:1:51] [--measure M] [--out DIR] ...`:
 * the grid axes, the sweep-point parameters (flags of its schema), and the batch options. Pure.
 */
import { usageError } from '../../analysis/core/errors';
import { camel, kebab, type ParamSchema } from '../../analysis/core/params';

export interface SweepArgs {
  model: string;
  axes: string[];
  /** sweep-point parameters as given (before defaults). */
  params: Record<string, unknown>;
  out?: string;
  workers?: number;
  maxMemoryMB?: number;
  format: 'parquet' | 'csv' | 'npy';
  resume: boolean;
  shard?: string;
  shards?: number;
  keepResults: boolean;
  progressJson: boolean;
  html?: string;
  quiet: boolean;
}

const VALUED_BATCH = new Set(['out', 'workers', 'max-memory-mb', 'format', 'shard', 'shards', 'progress', 'html']);

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--${flag} expects a positive integer, got "${v}"`);
  return n;
}

export function parseSweepArgs(argv: readonly string[], schema: ParamSchema): SweepArgs {
  const a: SweepArgs = {
    model: '',
    axes: [],
    params: {},
    format: 'parquet',
    resume: false,
    keepResults: false,
    progressJson: false,
    quiet: false,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (tok === '-q') {
      a.quiet = true;
      continue;
    }
    if (!tok.startsWith('--')) {
      positional.push(tok);
      continue;
    }
    const eq = tok.indexOf('=');
    const name = tok.slice(2, eq >= 0 ? eq : undefined);
    const inline = eq >= 0 ? tok.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw usageError(`option --${name} needs a value`);
      return v;
    };
    if (name === 'param') a.axes.push(value());
    else if (name === 'resume') a.resume = true;
    else if (name === 'keep-results') a.keepResults = true;
    else if (name === 'quiet') a.quiet = true;
    else if (VALUED_BATCH.has(name)) {
      const v = value();
      if (name === 'out') a.out = v;
      else if (name === 'workers') a.workers = positive(name, v);
      else if (name === 'max-memory-mb') a.maxMemoryMB = positive(name, v);
      else if (name === 'shard') a.shard = v;
      else if (name === 'shards') a.shards = positive(name, v);
      else if (name === 'html') a.html = v;
      else if (name === 'progress') {
        if (v !== 'json') throw usageError(`--progress takes "json", got "${v}"`);
        a.progressJson = true;
      } else {
        if (v !== 'parquet' && v !== 'csv' && v !== 'npy')
          throw usageError(`--format takes parquet, csv or npy, got "${v}"`);
        a.format = v;
      }
    } else {
      const key = camel(name);
      if (!schema[key] || key === 'set') {
        const known = Object.keys(schema)
          .filter((k) => k !== 'set')
          .map((k) => '--' + kebab(k));
        throw usageError(
          `unknown option --${name} for sweep (options: --param, ${known.join(', ')}, --out, --workers, --format, --resume, --shard, --shards, --keep-results, --progress json, --html, --slurm)`,
        );
      }
      a.params[key] = schema[key].type === 'boolean' && inline === undefined ? true : value();
    }
  }
  if (positional.length !== 1)
    throw usageError(
      `sweep takes one .ode model, got ${positional.length ? positional.join(' ') : 'none'} (usage: dynlens sweep MODEL.ode --param a=0:2:101 [--param b=0:1:51] --measure lyapunov|attractor|fixed-points [--out DIR])`,
    );
  a.model = positional[0];
  return a;
}
