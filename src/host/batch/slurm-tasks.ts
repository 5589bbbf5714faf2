/**
 * The tasks of a batch's Slurm array jobs as the dashboard counts them: Slurm's word (squeue for active tasks,
 * `scontrol show job` for recent ones, sacct where the cluster keeps accounting, parsed by src/cli/slurm/status.ts)
 * combined with the shard journals (a task is done only when its shard holds every item). The commands run
 * asynchronously with a timeout, so a slow controller never blocks the extension host.
 */
import { execFile } from 'node:child_process';
import {
  isTerminal,
  mergeStatuses,
  parseSacct,
  parseScontrol,
  parseSqueue,
  type TaskStatus,
} from '../../cli/slurm/status';

export interface TaskCounts {
  pending: number;
  running: number;
  done: number;
  failed: number;
}

const RUNNING = new Set(['RUNNING', 'COMPLETING', 'CONFIGURING', 'RESIZING', 'SIGNALING', 'STAGE_OUT']);

/**
 * Counts tasks by what they mean for the batch: pending (waiting, held, requeued), running, done (ended and its
 * shard complete), failed (ended any other way, or ended "COMPLETED" with items missing from its shard).
 */
export function countTasks(tasks: readonly TaskStatus[], shardComplete: (task: number) => boolean): TaskCounts {
  const c: TaskCounts = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const t of tasks) {
    const state = t.state.replace(/\+$/, '').split(' ')[0];
    if (RUNNING.has(state)) c.running++;
    else if (state === 'GONE' || isTerminal(state)) {
      if (shardComplete(t.task)) c.done++;
      else c.failed++;
    } else c.pending++;
  }
  return c;
}

function run(cmd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 15_000, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

/** The tasks of one array job, from squeue, scontrol and (where it answers) sacct, later sources winning. */
export async function arrayTasks(jobId: string, submitted: readonly number[]): Promise<TaskStatus[]> {
  const [sq, sc, sa] = await Promise.all([
    run('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T|%r']),
    run('scontrol', ['-o', 'show', 'job', jobId]),
    run('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State,ExitCode']),
  ]);
  // sacct first: on clusters with accounting it also knows purged tasks; scontrol and squeue are fresher
  return mergeStatuses(
    submitted,
    sa ? parseSacct(sa, jobId) : [],
    sc ? parseScontrol(sc, jobId) : [],
    sq ? parseSqueue(sq, jobId) : [],
  );
}

/** `sbatch` on the PATH of the machine the extension runs on (a login node under Remote-SSH). */
export async function hasSbatch(): Promise<boolean> {
  return (await run('sbatch', ['--version'])) !== undefined;
}

/** Cancels an array job (its finished items stay in the shard journals; resume resubmits the rest). */
export async function scancel(jobId: string): Promise<boolean> {
  return (await run('scancel', [jobId])) !== undefined;
}
