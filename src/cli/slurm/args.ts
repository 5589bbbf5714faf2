/**
 * The Slurm flags of `dynlens batch|sweep ... --slurm`, taken out of the command line before the batch's own parsing;
 * and the arguments each array task gets (the rest, minus what the driver sets per task). Pure.
 */
import { usageError } from '../../analysis/core/errors';
import type { SlurmOptions } from './sbatch';

export interface SlurmArgs {
  /** Present when --slurm was given. */
  slurm?: SlurmOptions;
  /** Everything else, in order. */
  rest: string[];
}

const VALUED = new Set(['partition', 'time', 'cpus-per-task', 'mem', 'max-parallel', 'sbatch-arg']);

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--${flag} expects a positive integer, got "${v}"`);
  return n;
}

export function extractSlurmArgs(argv: readonly string[]): SlurmArgs {
  const rest: string[] = [];
  const o: SlurmOptions = { sbatchArgs: [], wait: false };
  let enabled = false;
  const given: string[] = [];
  let shards: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(tok);
    const name = m?.[1];
    if (name === 'slurm' && m?.[2] === undefined) {
      enabled = true;
      continue;
    }
    if (name === 'wait' && m?.[2] === undefined) {
      o.wait = true;
      given.push('--wait');
      continue;
    }
    if (name === 'shards') {
      // also the Kubernetes flag of the batch itself: kept for it unless --slurm turns out to be given
      shards = m?.[2] ?? argv[i + 1];
      if (m?.[2] === undefined) i++;
      continue;
    }
    if (!name || !VALUED.has(name)) {
      rest.push(tok);
      continue;
    }
    let v = m?.[2];
    if (v === undefined) {
      v = argv[++i];
      // --sbatch-arg takes the next word verbatim, even one starting with "--" (--sbatch-arg --account=lab)
      if (v === undefined || (name !== 'sbatch-arg' && v.startsWith('--')))
        throw usageError(`option --${name} needs a value`);
    }
    given.push('--' + name);
    switch (name) {
      case 'partition':
        o.partition = v;
        break;
      case 'time':
        o.time = v;
        break;
      case 'mem':
        o.mem = v;
        break;
      case 'cpus-per-task':
        o.cpusPerTask = positive(name, v);
        break;
      case 'max-parallel':
        o.maxParallel = positive(name, v);
        break;
      case 'sbatch-arg':
        if (/[\n\r]/.test(v)) throw usageError('--sbatch-arg must be one line');
        o.sbatchArgs.push(v);
        break;
    }
  }
  if (!enabled) {
    if (given.length > 0) throw usageError(`${given.join(', ')} only apply with --slurm`);
    if (shards !== undefined) rest.push('--shards', shards);
    return { rest };
  }
  if (shards !== undefined) o.shards = positive('shards', shards);
  return { slurm: o, rest };
}

export interface TaskArgs {
  args: string[];
  out?: string;
  resume: boolean;
  workers?: number;
}

/** Removes what the driver sets for every task itself (--out, --resume, --workers, --shard). */
export function taskArgs(rest: readonly string[]): TaskArgs {
  const args: string[] = [];
  let out: string | undefined;
  let resume = false;
  let workers: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i];
    const m = /^--(out|workers|shard)(?:=(.*))?$/.exec(tok);
    if (tok === '--resume') {
      resume = true;
      continue;
    }
    if (!m) {
      args.push(tok);
      continue;
    }
    const v = m[2] ?? rest[++i];
    if (v === undefined) throw usageError(`option --${m[1]} needs a value`);
    if (m[1] === 'out') out = v;
    else if (m[1] === 'workers') workers = positive('workers', v);
    else throw usageError('--shard and --slurm do not mix: --slurm runs every shard as an array task');
  }
  return { args, out, resume, workers };
}
