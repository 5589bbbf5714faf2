/**
 * The batch dialog's pure parts: the flags typed in its input boxes, checked by the CLI's own flag parser
 * (src/args/flags.ts) against the analysis' parameters and the batch's (or Slurm's) flags, and the default output
 * folder beside the input.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ParamInfo } from '../../protocol';
import { FlagError, flagKindOf, parseFlagTokens, tokenize, type FlagSpec } from '../../args/flags';

/** Flags of `dynlens batch` the dialog lets through (the dialog sets --out, --workers, --resume and --slurm). */
const BATCH_FLAGS: FlagSpec[] = [
  { key: 'labelColumn', flag: 'label-column', kind: 'value' },
  { key: 'labelFromPath', flag: 'label-from-path', kind: 'value' },
  { key: 'recursive', flag: 'recursive', kind: 'boolean' },
  { key: 'fitOn', flag: 'fit-on', kind: 'files' },
  { key: 'fitFrom', flag: 'fit-from', kind: 'value' },
  { key: 'format', flag: 'format', kind: 'value' },
  { key: 'keepResults', flag: 'keep-results', kind: 'boolean' },
  { key: 'maxMemoryMb', flag: 'max-memory-mb', kind: 'value' },
];

const SLURM_FLAGS: FlagSpec[] = [
  { key: 'partition', flag: 'partition', kind: 'value' },
  { key: 'time', flag: 'time', kind: 'value' },
  { key: 'cpusPerTask', flag: 'cpus-per-task', kind: 'value' },
  { key: 'mem', flag: 'mem', kind: 'value' },
  { key: 'maxParallel', flag: 'max-parallel', kind: 'value' },
  { key: 'shards', flag: 'shards', kind: 'value' },
  // repeated; a value starting with dashes is written --sbatch-arg=--account=lab
  { key: 'sbatchArg', flag: 'sbatch-arg', kind: 'list' },
];

/** The collections a batch reads: the file extensions that hold many items (folders always do). */
export const COLLECTION_EXTENSIONS = ['.tsv', '.csv', '.txt', '.ts', '.npz', '.npy'];

/** Parses the flags box: analysis flags and batch flags, as `dynlens batch` reads them. Returns the tokens. */
export function checkBatchFlags(text: string, params: readonly ParamInfo[], analysisId: string): string[] {
  const specs: FlagSpec[] = [
    ...params.map((p) => ({ key: p.key, flag: p.flag.replace(/^--/, ''), kind: flagKindOf(p.type) })),
    ...BATCH_FLAGS,
  ];
  const tokens = tokenize(text);
  parseFlagTokens(tokens, specs, { context: `batch ${analysisId}`, allowPositional: false });
  const format = tokens.findIndex((t) => t === '--format' || t.startsWith('--format='));
  if (format >= 0) {
    const v = tokens[format].includes('=') ? tokens[format].split('=')[1] : tokens[format + 1];
    if (!['parquet', 'csv', 'npy'].includes(v)) throw new FlagError(`--format must be parquet, csv or npy, got "${v}"`);
  }
  return tokens;
}

export function checkSlurmFlags(text: string): string[] {
  const tokens = tokenize(text);
  parseFlagTokens(tokens, SLURM_FLAGS, { context: 'batch --slurm', allowPositional: false });
  return tokens;
}

/** A folder beside the input not holding another batch: `<name>-<analysis>-batch`, then -2, -3, ... */
export function defaultOutFolder(input: string, analysisId: string): string {
  const stem = basename(input, extname(input)) || 'collection';
  const base = join(dirname(input), `${stem}-${analysisId}-batch`);
  for (let k = 1; ; k++) {
    const dir = k === 1 ? base : `${base}-${k}`;
    if (
      !existsSync(join(dir, 'journal.jsonl')) &&
      !existsSync(join(dir, 'batch.json')) &&
      !existsSync(join(dir, 'shards'))
    )
      return dir;
  }
}
