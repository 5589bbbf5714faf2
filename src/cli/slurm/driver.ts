/**
 * `--slurm`: runs a sharded batch (or sweep) as one Slurm array job. Writes DIR/job.sbatch, submits it with
 * `sbatch --parsable`, records the job in DIR/slurm.json and, with --wait, follows the shards' journals and
 * squeue/`scontrol show job` (and sacct where the cluster keeps accounting) until every task has ended, then merges.
 * `--resume` resubmits only the shards whose journals are incomplete (their tasks continue where they stopped).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../../runtime/atomic-write';
import { parseShardDir } from '../../runtime/batch/layout';
import { join } from 'node:path';
import { DynLensError } from '../../analysis/core/errors';
import { arraySpec, defaultShards, jobNameFor, sbatchScript, type SlurmOptions } from './sbatch';
import { requireSbatch, sacctTasks, scontrolTasks, squeueTasks, submit } from './commands';
import { isTerminal, mergeStatuses, summarise, type TaskStatus } from './status';

export interface ShardCount {
  /** Items of the shard in its journal (finished, ok or failed). */
  done: number;
  failed: number;
}

export interface SlurmPlan {
  command: 'batch' | 'sweep';
  /** What the job is about, for its name (the analysis or the model). */
  what: string;
  /** The user's arguments without --slurm flags, --out, --resume, --shard/--shards and --workers. */
  args: string[];
  out: string;
  itemCount: number;
  resume: boolean;
  workers?: number;
  slurm: SlurmOptions;
  /** Item count of shard `index` of `count`. */
  shardSize(index: number, count: number): number;
  /** The items of shard `index` of `count`, for messages. */
  shardItems(index: number, count: number): string;
  /** What the shard's journal holds. */
  countShard(index: number, count: number): ShardCount;
  /** Merges the shards into the final tables; returns the exit code. */
  merge(): Promise<number>;
  /** The command to resume with (for messages). */
  resumeHint: string;
  log(line: string): void;
  /** Poll interval of --wait (ms). */
  pollMs?: number;
}

interface SlurmRecord {
  shards: number;
  jobs: { jobId: string; tasks: number[]; submittedAt: string }[];
}

const RECORD = 'slurm.json';

function readRecord(out: string): SlurmRecord | undefined {
  const p = join(out, RECORD);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as SlurmRecord;
  } catch (e) {
    throw new DynLensError('bad-input', `${p} is not readable JSON (${(e as Error).message})`, { file: p });
  }
}

function writeRecord(out: string, rec: SlurmRecord): void {
  const p = join(out, RECORD);
  writeFileAtomicSync(p, JSON.stringify(rec, null, 2) + '\n');
}

/** N of the shard folders DIR/shards/I-of-N already there (shards run by hand before a --resume --slurm). */
function existingSplit(out: string): number | undefined {
  const root = join(out, 'shards');
  if (!existsSync(root)) return undefined;
  const counts = new Set(
    readdirSync(root)
      .map(parseShardDir)
      .filter((x) => x !== undefined)
      .map((x) => x.count),
  );
  if (counts.size > 1)
    throw new DynLensError('bad-input', `${root} holds shards of different splits (${[...counts].join(', ')})`);
  return counts.size === 1 ? [...counts][0] : undefined;
}

/** Shards whose journals do not yet hold all their items. */
export function incompleteShards(plan: SlurmPlan, shards: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < shards; i++) {
    if (plan.countShard(i, shards).done < plan.shardSize(i, shards)) out.push(i);
  }
  return out;
}

/** Shards a --resume resubmits: those with missing items and those with failed items (a resumed shard retries them). */
export function shardsToResume(plan: SlurmPlan, shards: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < shards; i++) {
    const c = plan.countShard(i, shards);
    if (c.done < plan.shardSize(i, shards) || c.failed > 0) out.push(i);
  }
  return out;
}

/** Items journalled by all shards (done includes failed). */
function progressOf(plan: SlurmPlan, shards: number): { done: number; failed: number } {
  let done = 0;
  let failed = 0;
  for (let i = 0; i < shards; i++) {
    const c = plan.countShard(i, shards);
    done += c.done;
    failed += c.failed;
  }
  return { done, failed };
}

function progressLine(plan: SlurmPlan, p: { done: number; failed: number }, tasks: TaskStatus[]): string {
  const failed = p.failed ? ` (${p.failed} failed)` : '';
  return `slurm: ${p.done}/${plan.itemCount} items done${failed}; tasks: ${summarise(tasks)}`;
}

/** Poll interval once every item is journalled: only the tasks' exit is left to see, which is soon. */
const ENDING_POLL_MS = 100;

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Follows the array job until no submitted task is pending or running. */
async function follow(plan: SlurmPlan, jobId: string, tasks: number[], shards: number): Promise<TaskStatus[]> {
  // a poll reads only the journal lines appended since the last one (plan.ts), so polling often costs little
  const poll = plan.pollMs ?? 1000;
  let last = '';
  let seen = false;
  const started = Date.now();
  for (;;) {
    const active = squeueTasks(jobId);
    const status = mergeStatuses(tasks, scontrolTasks(jobId), active);
    if (status.some((t) => t.state !== 'GONE') || active.length > 0) seen = true;
    const progress = progressOf(plan, shards);
    const line = progressLine(plan, progress, status);
    if (line !== last) plan.log(line);
    last = line;
    const running = active.length > 0 || status.some((t) => !isTerminal(t.state) && t.state !== 'GONE');
    // a job that Slurm has not shown yet is still being registered: give it a minute before calling it gone
    if (!running && (seen || Date.now() - started > 60_000))
      return mergeStatuses(tasks, status, sacctTasks(jobId) ?? []);
    await sleep(progress.done >= plan.itemCount ? Math.min(poll, ENDING_POLL_MS) : poll);
  }
}

function describeFailure(plan: SlurmPlan, jobId: string, t: TaskStatus, shards: number): string {
  const size = plan.shardSize(t.task, shards);
  const c = plan.countShard(t.task, shards);
  const missing = size - c.done;
  const exit = t.exitCode ? ` exit ${t.exitCode}` : '';
  const reason = t.reason && t.reason !== 'None' ? ` (${t.reason})` : '';
  return (
    `  task ${t.task} (shard ${t.task}/${shards}, ${plan.shardItems(t.task, shards)}): ${t.state}${exit}${reason}, ` +
    `${missing} of ${size} items missing; log ${join(plan.out, 'logs', `${jobId}_${t.task}.log`)}`
  );
}

export async function runOnSlurm(plan: SlurmPlan): Promise<number> {
  requireSbatch();
  const prior = readRecord(plan.out);
  if (!plan.resume && (prior || existsSync(join(plan.out, 'shards')))) {
    throw new DynLensError(
      'usage',
      `${plan.out} already holds a batch; add --resume to continue it (only unfinished shards are resubmitted), or choose another --out`,
    );
  }
  const known = prior?.shards ?? existingSplit(plan.out);
  if (plan.slurm.shards !== undefined && known !== undefined && plan.slurm.shards !== known) {
    throw new DynLensError(
      'usage',
      `${plan.out} was split into ${known} shards; --shards ${plan.slurm.shards} cannot change that on --resume`,
    );
  }
  const shards = known ?? plan.slurm.shards ?? defaultShards(plan.itemCount);
  if (prior) {
    const last = prior.jobs[prior.jobs.length - 1];
    const still = last ? squeueTasks(last.jobId) : [];
    if (still.length > 0)
      throw new DynLensError(
        'usage',
        `array job ${last.jobId} still has ${still.length} task(s) pending or running (${summarise(still)}); wait for it or scancel ${last.jobId}, then resume`,
      );
  }
  const tasks = plan.resume ? shardsToResume(plan, shards) : Array.from({ length: shards }, (_, i) => i);
  if (tasks.length === 0) {
    plan.log(`slurm: every shard of ${plan.out} is complete; merging`);
    return plan.merge();
  }
  mkdirSync(join(plan.out, 'logs'), { recursive: true });
  const script = join(plan.out, 'job.sbatch');
  writeFileSync(
    script,
    sbatchScript({
      command: plan.command,
      args: plan.args,
      out: plan.out,
      cwd: process.cwd(),
      nodePath: process.execPath,
      cliPath: join(__dirname, 'cli.js'),
      shards,
      tasks,
      workers: plan.workers,
      jobName: jobNameFor(plan.command, plan.what),
      slurm: plan.slurm,
      createdAt: new Date().toISOString(),
    }),
  );
  const jobId = submit(script);
  const rec: SlurmRecord = prior ?? { shards, jobs: [] };
  rec.jobs.push({ jobId, tasks, submittedAt: new Date().toISOString() });
  writeRecord(plan.out, rec);
  process.stdout.write(jobId + '\n');
  plan.log(
    `slurm: submitted array job ${jobId}: ${tasks.length} task(s) (--array=${arraySpec(tasks)}) of ${shards} shards, ` +
      `${plan.itemCount} items; script ${script}, logs in ${join(plan.out, 'logs')}`,
  );
  if (!plan.slurm.wait) {
    plan.log(`slurm: follow it with \`squeue -j ${jobId}\`; when it has ended: dynlens batch merge ${plan.out}`);
    return 0;
  }
  // Ctrl-C stops following, not the job: say how to pick it up again
  const onSigint = () => {
    plan.log(
      `\nslurm: stopped following; array job ${jobId} keeps running (scancel ${jobId} stops it). ` +
        `Later: dynlens batch merge ${plan.out}, or ${plan.resumeHint}`,
    );
    process.exit(130);
  };
  process.on('SIGINT', onSigint);
  const final = await follow(plan, jobId, tasks, shards).finally(() => process.off('SIGINT', onSigint));
  const incomplete = new Set(incompleteShards(plan, shards));
  const failed = final.filter((t) => t.state !== 'COMPLETED' || incomplete.has(t.task));
  const stray = [...incomplete].filter((i) => !tasks.includes(i));
  if (failed.length > 0 || stray.length > 0) {
    plan.log(`slurm: ${failed.length} of ${tasks.length} task(s) of job ${jobId} did not complete their shard:`);
    for (const t of failed) plan.log(describeFailure(plan, jobId, t, shards));
    for (const i of stray) plan.log(`  shard ${i}/${shards} is incomplete (not part of job ${jobId})`);
    plan.log(`slurm: the finished items are kept; resubmit the rest with: ${plan.resumeHint}`);
    return 3;
  }
  plan.log(`slurm: all ${tasks.length} task(s) of job ${jobId} completed; merging`);
  return plan.merge();
}
