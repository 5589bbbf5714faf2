/**
 * The Slurm client commands the driver runs (sbatch, scontrol, squeue, sacct), each a short synchronous call with a
 * timeout. Kept apart from the driver's logic so the logic reads as what it decides, not how it spawns.
 */
import { spawnSync } from 'node:child_process';
import { DynLensError } from '../../analysis/core/errors';
import { parseSacct, parseScontrol, parseSqueue, type TaskStatus } from './status';

interface Ran {
  ok: boolean;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function run(cmd: string, args: string[], timeoutMs = 30_000): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs });
  const missing = r.error !== undefined && 'code' in r.error && r.error.code === 'ENOENT';
  return {
    ok: !r.error && r.status === 0,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error?.message ?? ''),
    missing,
  };
}

export const NO_SBATCH =
  'sbatch was not found on the PATH. --slurm submits a Slurm array job, so run this command on a login node of a ' +
  'Slurm cluster (where sbatch, squeue and scontrol are), or install the Slurm client commands that talk to your ' +
  "cluster (Debian/Ubuntu: apt-get install slurm-client, with the cluster's slurm.conf and munge key), or drop --slurm " +
  'to run here, or run the shards yourself with --shard I/N and merge them with `dynlens batch merge DIR`.';

/** Throws a usage error naming what to install when sbatch is not available. */
export function requireSbatch(): void {
  const r = run('sbatch', ['--version']);
  if (r.missing) throw new DynLensError('usage', NO_SBATCH);
}

/** `sbatch --parsable SCRIPT`: the job id ("123", or "123;cluster" on federations). */
export function submit(script: string): string {
  const r = run('sbatch', ['--parsable', script], 120_000);
  if (r.missing) throw new DynLensError('usage', NO_SBATCH);
  if (!r.ok) throw new DynLensError('bad-input', `sbatch refused ${script}: ${r.stderr.trim() || 'no message'}`);
  const id = r.stdout.trim().split(';')[0];
  if (!/^\d+$/.test(id))
    throw new DynLensError('internal', `sbatch --parsable printed "${r.stdout.trim()}", not a job id`);
  return id;
}

export function scontrolTasks(jobId: string): TaskStatus[] {
  const r = run('scontrol', ['-o', 'show', 'job', jobId]);
  return r.ok ? parseScontrol(r.stdout, jobId) : [];
}

export function squeueTasks(jobId: string): TaskStatus[] {
  const r = run('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T|%r']);
  return r.ok ? parseSqueue(r.stdout, jobId) : [];
}

/** Tasks as accounting recorded them, or undefined when the cluster has no accounting (no slurmdbd). */
export function sacctTasks(jobId: string): TaskStatus[] | undefined {
  const r = run('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State,ExitCode']);
  if (!r.ok || /accounting storage is disabled/i.test(r.stdout + r.stderr)) return undefined;
  return parseSacct(r.stdout, jobId);
}
