/**
 * The Slurm array job of a sharded batch, as text: task I of the array runs shard I of N of the same `dynlens`
 * command (same node binary, same dist/cli.js) with `--shard I/N --resume`, one log file per task. `--resume` makes a
 * task idempotent: a task that Slurm requeues, or one resubmitted after a failure, continues its shard's journal.
 * Pure (no I/O): unit-tested on its text.
 */

export interface SlurmOptions {
  partition?: string;
  time?: string;
  cpusPerTask?: number;
  mem?: string;
  /** At most this many array tasks run at once (`--array=...%K`). */
  maxParallel?: number;
  /** Extra `#SBATCH` lines, verbatim (e.g. `--account=lab`). */
  sbatchArgs: string[];
  /** Follow the job until it ends, then merge. */
  wait: boolean;
  /** Array size N (shards); default chosen from the item count. */
  shards?: number;
}

export interface SbatchSpec {
  /** `batch` or `sweep`. */
  command: string;
  /** The user's arguments minus the Slurm flags (and minus --shard/--shards/--resume/--out/--workers). */
  args: string[];
  /** Absolute output folder. */
  out: string;
  /** Absolute working directory of the tasks (where the user submitted from, so relative paths still resolve). */
  cwd: string;
  nodePath: string;
  cliPath: string;
  shards: number;
  /** Array task indices to run (all of 0..N-1, or the incomplete shards on --resume). */
  tasks: number[];
  /** --workers of each task; default: the task's CPUs. */
  workers?: number;
  jobName: string;
  slurm: SlurmOptions;
  /** When the script was written (a comment only). */
  createdAt: string;
}

/** POSIX shell quoting: a word in single quotes, with embedded single quotes closed, escaped and reopened. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Compresses sorted task indices into Slurm's array syntax: [0,1,2,3,7,9,10] -> "0-3,7,9-10". */
export function arraySpec(tasks: readonly number[]): string {
  const s = [...new Set(tasks)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j === i ? String(s[i]) : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Default array size: one task per item up to 64 tasks (the cluster's scheduler spreads them). */
export function defaultShards(items: number): number {
  return Math.max(1, Math.min(items, 64));
}

/** A job name Slurm accepts and a person recognises in squeue. */
export function jobNameFor(command: string, what: string): string {
  return `dynlens-${command}-${what}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
}

function directive(flag: string, value?: string | number): string {
  return value === undefined ? `#SBATCH ${flag}` : `#SBATCH ${flag}=${value}`;
}

export function sbatchScript(s: SbatchSpec): string {
  if (s.tasks.length === 0) throw new Error('sbatchScript: no array tasks');
  const o = s.slurm;
  const array = arraySpec(s.tasks) + (o.maxParallel ? `%${o.maxParallel}` : '');
  const lines = [
    '#!/bin/bash',
    `# DynLens ${s.command} as a Slurm array job, written by \`dynlens ${s.command} ... --slurm\` at ${s.createdAt}.`,
    `# Array task I runs shard I of ${s.shards} (items I, I + N, I + 2N, ...: stable and disjoint) into`,
    `# ${s.out}/shards/I-of-${s.shards}; when every shard is complete, \`dynlens batch merge ${s.out}\` writes the`,
    '# final table. Resubmit failed shards with the same command plus --resume, or by hand: sbatch --array=I this-file.',
    directive('--job-name', s.jobName),
    directive('--array', array),
    directive('--output', `${s.out}/logs/%A_%a.log`),
    directive('--chdir', s.cwd),
    directive('--ntasks', 1),
    directive('--cpus-per-task', o.cpusPerTask ?? 1),
  ];
  if (o.partition) lines.push(directive('--partition', o.partition));
  if (o.time) lines.push(directive('--time', o.time));
  if (o.mem) lines.push(directive('--mem', o.mem));
  for (const a of o.sbatchArgs) lines.push(`#SBATCH ${a}`);
  const workers = s.workers !== undefined ? String(s.workers) : '"${SLURM_CPUS_PER_TASK:-1}"';
  const program = [s.nodePath, s.cliPath, s.command].map(shellQuote).join(' ');
  const user = s.args.map(shellQuote).join(' ');
  const shard = `--out ${shellQuote(s.out)} --shard "\${SLURM_ARRAY_TASK_ID}/${s.shards}" --workers ${workers} --resume`;
  lines.push(
    'set -eu',
    'echo "dynlens: task ${SLURM_ARRAY_TASK_ID} of array job ${SLURM_ARRAY_JOB_ID} on $(hostname) at $(date -Is)" >&2',
    `exec ${program} \\\n  ${user} \\\n  ${shard}`,
    '',
  );
  return lines.join('\n');
}
