/**
 * `dynlens batch`: the command line of the batch engine (src/runtime/batch).
 *
 *   dynlens batch <analysis> <collection...> [analysis flags] --out DIR [--format parquet|csv|npy] [--workers N]
 *       [--keep-results] [--fit-on C]... [--fit-from F] [--resume] [--shard I/N | --shards N] [--progress json]
 *       [--recursive] [--label-column first|last|none|NAME] [--label-from-path REGEX] [--max-memory-mb M] [-q]
 *   dynlens batch merge DIR [--format parquet|csv|npy]
 *
 * Shards are 0-based: --shard I/N runs the I-th of N parts. Without --shard, a Slurm array task takes
 * I = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN and N = SLURM_ARRAY_TASK_COUNT, and a Kubernetes Indexed Job
 * I = JOB_COMPLETION_INDEX with N from --shards N. Exit codes: 0 all items ok, 3 some failed, 2 unusable collection
 * or usage, 130 interrupted (what finished is kept; --resume continues).
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseLabelColumn } from '../analysis/collections/read';
import { DEFAULT_COLLECTION_OPTIONS, type CollectionOptions } from '../analysis/collections/types';
import { usageError } from '../analysis/core/errors';
import type { ParamSchema } from '../analysis/core/params';
import { camel } from '../analysis/core/params';
import { getAnalysis } from '../analysis/registry';
import { parseRunArgs } from '../cli-args';
import { runBatch } from '../runtime/batch/engine';
import type { FeatureFormat, ShardSpec } from '../runtime/batch/layout';
import type { DiagramMetric } from '../analysis/topology/diagrams/pairwise';
import { progressSink, type ProgressMode } from '../runtime/batch/progress';
import { extractSlurmArgs } from './slurm/args';
import { slurmBatch } from './slurm/batch';
import { mergeAndReport } from './slurm/plan';

export const BATCH_USAGE = `usage: dynlens batch <analysis> <collection...> [analysis flags] --out DIR [--format parquet|csv|npy]
         [--workers N] [--keep-results] [--fit-on C]... [--fit-from F/batch.json] [--resume]
         [--shard I/N | --shards N] [--progress json] [--recursive] [--label-column first|last|none|NAME]
         [--label-from-path REGEX] [--distance-matrix bottleneck|wasserstein [--wasserstein-p P]]
         [--slurm [--shards N] [--partition P] [--time T] [--cpus-per-task C] [--mem M] [--max-parallel K]
                  [--sbatch-arg ARG ...] [--wait]]   (a Slurm array job of the shards; README: On a cluster)
       dynlens batch merge DIR [--format parquet|csv|npy]`;

export interface BatchFlags {
  out?: string;
  format: FeatureFormat;
  keepResults: boolean;
  fitOn?: string[];
  fitFrom?: string;
  resume: boolean;
  shard?: string;
  shards?: number;
  progress?: ProgressMode;
  collection: CollectionOptions;
  distanceMatrix?: DiagramMetric;
}

const VALUE_FLAGS = new Set([
  'out',
  'distance-matrix',
  'format',
  'fit-on',
  'fit-from',
  'shard',
  'shards',
  'progress',
  'label-column',
  'label-from-path',
]);
const BOOL_FLAGS = new Set(['keep-results', 'resume', 'recursive']);
/** Global flags of parseRunArgs that take a value. */
const GLOBAL_VALUE_FLAGS = new Set(['workers', 'max-memory-mb', 'html', 'output', 'o']);

function formatOf(v: string): FeatureFormat {
  if (v === 'parquet' || v === 'csv' || v === 'npy') return v;
  throw usageError(`--format must be parquet, csv or npy, got "${v}"`);
}

/** Takes the batch flags out of argv; returns them and the rest (collections and analysis flags). */
export function takeBatchFlags(argv: string[]): { flags: BatchFlags; rest: string[] } {
  const flags: BatchFlags = {
    format: 'parquet',
    keepResults: false,
    resume: false,
    collection: { ...DEFAULT_COLLECTION_OPTIONS },
  };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(tok);
    const name = m?.[1];
    if (!name || (!VALUE_FLAGS.has(name) && !BOOL_FLAGS.has(name))) {
      rest.push(tok);
      continue;
    }
    const value = (): string => {
      if (m?.[2] !== undefined) return m[2];
      const v = argv[++i];
      if (v === undefined) throw usageError(`option --${name} needs a value`);
      return v;
    };
    switch (name) {
      case 'out':
        flags.out = value();
        break;
      case 'distance-matrix': {
        const v = value();
        if (v !== 'bottleneck' && v !== 'wasserstein')
          throw usageError(`--distance-matrix must be bottleneck or wasserstein, got "${v}"`);
        flags.distanceMatrix = v;
        break;
      }
      case 'format':
        flags.format = formatOf(value());
        break;
      case 'fit-from':
        flags.fitFrom = value();
        break;
      case 'fit-on':
        // one collection per flag (repeat the flag for several), so the batch's own collections are never taken
        flags.fitOn = [...(flags.fitOn ?? []), value()];
        break;
      case 'shard':
        flags.shard = value();
        break;
      case 'shards': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw usageError('--shards expects a positive integer');
        flags.shards = n;
        break;
      }
      case 'progress': {
        const v = value();
        if (v !== 'json' && v !== 'bar' && v !== 'none') throw usageError(`--progress must be json, bar or none`);
        flags.progress = v;
        break;
      }
      case 'label-column':
        flags.collection.labelColumn = parseLabelColumn(value());
        break;
      case 'label-from-path': {
        const v = value();
        try {
          flags.collection.labelFromPath = new RegExp(v);
        } catch (e) {
          throw usageError(`--label-from-path: not a regular expression (${e instanceof Error ? e.message : e})`);
        }
        break;
      }
      case 'keep-results':
        flags.keepResults = true;
        break;
      case 'resume':
        flags.resume = true;
        break;
      case 'recursive':
        flags.collection.recursive = true;
        break;
    }
  }
  return { flags, rest };
}

/** Splits the collections (positionals) from the analysis flags, using the schema to know which flags take values. */
export function splitPositionals(argv: string[], schema: ParamSchema): { positionals: string[]; flags: string[] } {
  const positionals: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i];
    if (!tok.startsWith('-') || tok === '-') {
      positionals.push(tok);
      continue;
    }
    flags.push(tok);
    if (tok.includes('=')) continue;
    const name = tok.replace(/^--?/, '');
    const spec = schema[camel(name)];
    if (GLOBAL_VALUE_FLAGS.has(name) || (spec && spec.type !== 'boolean' && spec.type !== 'files')) {
      if (i + 1 < argv.length) flags.push(argv[++i]);
    } else if (spec?.type === 'boolean') {
      if (argv[i + 1] === 'true' || argv[i + 1] === 'false') flags.push(argv[++i]);
    } else if (spec?.type === 'files') {
      while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) flags.push(argv[++i]);
    }
  }
  return { positionals, flags };
}

/** The shard of this run: --shard I/N, else Slurm's array variables, else JOB_COMPLETION_INDEX with --shards N. */
export function chooseShard(
  flag: string | undefined,
  shards: number | undefined,
  env: NodeJS.ProcessEnv,
): { shard?: ShardSpec; source?: string } {
  if (flag !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(flag);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || count < 1 || index >= count)
      throw usageError(`--shard expects I/N with 0 <= I < N (0-based), got "${flag}"`);
    return { shard: { index, count }, source: '--shard' };
  }
  if (shards !== undefined) {
    const jci = env.JOB_COMPLETION_INDEX;
    if (jci === undefined || !/^\d+$/.test(jci))
      throw usageError(
        '--shards N takes the shard index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), which is not set; use --shard I/N',
      );
    const index = Number(jci);
    if (index >= shards) throw usageError(`JOB_COMPLETION_INDEX=${jci} is not below --shards ${shards}`);
    return { shard: { index, count: shards }, source: `JOB_COMPLETION_INDEX=${jci} of --shards ${shards}` };
  }
  const id = env.SLURM_ARRAY_TASK_ID;
  if (id !== undefined && /^\d+$/.test(id)) {
    const min = Number(env.SLURM_ARRAY_TASK_MIN ?? '0');
    const count = Number(env.SLURM_ARRAY_TASK_COUNT);
    if (!Number.isInteger(count) || count < 1)
      throw usageError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: give --shard I/N');
    const index = Number(id) - min;
    if (index < 0 || index >= count)
      throw usageError(
        `SLURM_ARRAY_TASK_ID=${id} with MIN ${min} and COUNT ${count} is not a shard index; use --shard I/N`,
      );
    return {
      shard: { index, count },
      source: `SLURM_ARRAY_TASK_ID=${id} (SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_COUNT=${count})`,
    };
  }
  return {};
}

export async function batchCommand(argv: string[], distDir: string): Promise<number> {
  const [first, ...more] = argv;
  if (!first || first === '--help' || first === '-h') {
    process.stdout.write(BATCH_USAGE + '\n');
    return first ? 0 : 2;
  }
  if (first === 'merge') {
    const { flags, rest } = takeBatchFlags(more);
    if (rest.length !== 1) throw usageError('usage: dynlens batch merge DIR [--format parquet|csv|npy]');
    return mergeAndReport(resolve(rest[0]), flags.format);
  }
  const analysis = getAnalysis(first);
  const slurm = extractSlurmArgs(more);
  if (slurm.slurm) return slurmBatch(analysis.id, more, slurm.rest, slurm.slurm);
  const { flags, rest } = takeBatchFlags(slurm.rest);
  const { positionals, flags: analysisFlags } = splitPositionals(rest, analysis.params);
  if (positionals.length === 0) throw usageError(`batch ${first}: no collection given\n${BATCH_USAGE}`);
  if (!flags.out) throw usageError(`batch ${first}: --out DIR is required`);
  // The analysis flags are parsed exactly as for a single run (one placeholder input).
  const run = parseRunArgs(first, [...analysisFlags, positionals[0]], analysis.params);
  const { shard, source } = chooseShard(flags.shard, flags.shards, process.env);
  const quiet = run.options.quiet;
  const mode: ProgressMode = flags.progress ?? (quiet || !process.stderr.isTTY ? 'none' : 'bar');
  const workers = run.options.workers ?? Math.max(1, availableParallelism());
  const interruptHandlers = new Set<() => void>();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\ndynlens: stopping after the items in flight (Ctrl-C again to quit now)\n');
    for (const h of interruptHandlers) h();
  };
  process.on('SIGINT', onSigint);
  try {
    const report = await runBatch({
      analysisId: analysis.id,
      collections: positionals.map((p) => (/[*?[]/.test(p) ? p : resolve(p))),
      rawParams: run.params,
      out: resolve(flags.out),
      format: flags.format,
      workers,
      maxMemoryMB: run.options.maxMemoryMB ?? 4096,
      keepResults: flags.keepResults,
      ownProcess: true,
      distanceMatrix: flags.distanceMatrix && { metric: flags.distanceMatrix },
      fitOn: flags.fitOn?.map((p) => (/[*?[]/.test(p) ? p : resolve(p))),
      fitFrom: flags.fitFrom ? resolve(flags.fitFrom) : undefined,
      resume: flags.resume,
      shard,
      shardSource: source,
      collectionOptions: flags.collection,
      workerScript: join(distDir, 'worker.js'),
      progress: progressSink(mode, (s) => process.stderr.write(s), process.stderr.columns || 80),
      onInterrupt: (h) => {
        interruptHandlers.add(h);
        return () => interruptHandlers.delete(h);
      },
      log: (m) => {
        if (!quiet) process.stderr.write(`dynlens: ${m}\n`);
      },
    });
    process.stdout.write(`${report.message}\n${report.files.map((f) => `  ${f}`).join('\n')}\n`);
    if (report.exitCode !== 0) process.stderr.write(`dynlens: ${report.message}\n`);
    return report.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
