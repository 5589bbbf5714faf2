/**
 * What Slurm says about an array job, parsed from `scontrol -o show job ID` (one line per record: finished and
 * running tasks have one record each, pending tasks share one record with ArrayTaskId=2-5%2), `squeue -h -r` lines
 * and `sacct -n -P` lines (clusters with accounting). Pure: unit-tested on captured outputs.
 */

export type TaskState = string;

/** Slurm job states after which a task will not run again (without a requeue). */
const TERMINAL = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
  'REVOKED',
  'SPECIAL_EXIT',
]);

export function isTerminal(state: TaskState): boolean {
  return TERMINAL.has(state.replace(/\+$/, '').split(' ')[0]);
}

export interface TaskStatus {
  task: number;
  state: TaskState;
  /** "exit:signal" as Slurm prints it (e.g. "1:0", "0:15"); '' when not known. */
  exitCode: string;
  reason: string;
}

/** Expands Slurm's array index syntax ("0-3,7,9-13:2%4") into indices. */
export function expandArray(spec: string): number[] {
  const body = spec.replace(/%\d+$/, '').replace(/^\[|\]$/g, '');
  const out: number[] = [];
  for (const part of body.split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!m) throw new Error(`not a Slurm array index list: "${spec}"`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    for (let k = a; k <= b; k += step) out.push(k);
  }
  return out;
}

/** key=value fields of one `scontrol -o` record (values end at the next " Key=" or the end of line). */
export function scontrolFields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|\s)([A-Za-z][A-Za-z0-9_:/]*)=(.*?)(?=\s+[A-Za-z][A-Za-z0-9_:/]*=|\s*$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out[m[1]] = m[2];
  return out;
}

/** Task states of array job `jobId` from `scontrol -o show job` output; tasks not listed are left out. */
export function parseScontrol(text: string, jobId: string): TaskStatus[] {
  const out: TaskStatus[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const f = scontrolFields(line);
    if (f.ArrayJobId !== jobId || f.ArrayTaskId === undefined || f.ArrayTaskId === 'N/A') continue;
    for (const task of expandArray(f.ArrayTaskId)) {
      out.push({ task, state: f.JobState ?? 'UNKNOWN', exitCode: f.ExitCode ?? '', reason: f.Reason ?? '' });
    }
  }
  return out.sort((a, b) => a.task - b.task);
}

/**
 * `squeue -h -r -j ID -o '%i|%T|%r'` lines: "123_4|RUNNING|None" (or "123_[5-7]|PENDING|Resources" without -r on
 * old versions). Only active tasks appear here.
 */
export function parseSqueue(text: string, jobId: string): TaskStatus[] {
  const out: TaskStatus[] = [];
  for (const line of text.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    const m = /^(\d+)_(\[?[\d,\-:%]+\]?)$/.exec(id ?? '');
    if (!m || m[1] !== jobId) continue;
    for (const task of expandArray(m[2]))
      out.push({ task, state: state ?? 'UNKNOWN', exitCode: '', reason: reason ?? '' });
  }
  return out.sort((a, b) => a.task - b.task);
}

/** `sacct -n -P -X -j ID -o JobID,State,ExitCode` lines: "123_4|COMPLETED|0:0", "123_5|CANCELLED by 0|0:15". */
export function parseSacct(text: string, jobId: string): TaskStatus[] {
  const out: TaskStatus[] = [];
  for (const line of text.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    const m = /^(\d+)_(\[?[\d,\-:%]+\]?)$/.exec(id ?? '');
    if (!m || m[1] !== jobId) continue;
    for (const task of expandArray(m[2]))
      out.push({ task, state: (state ?? 'UNKNOWN').split(' ')[0], exitCode: exitCode ?? '', reason: '' });
  }
  return out.sort((a, b) => a.task - b.task);
}

/**
 * One view of the array from several sources, later sources overriding earlier ones for the same task (pass the
 * most authoritative last). Tasks submitted but seen nowhere are 'GONE' (their records were purged: ended long ago).
 */
export function mergeStatuses(submitted: readonly number[], ...sources: TaskStatus[][]): TaskStatus[] {
  const by = new Map<number, TaskStatus>();
  for (const src of sources) for (const s of src) by.set(s.task, s);
  return submitted.map((task) => by.get(task) ?? { task, state: 'GONE', exitCode: '', reason: 'no record left' });
}

/** Counts by state for a progress line: "2 running, 1 pending, 1 completed". */
export function summarise(tasks: readonly TaskStatus[]): string {
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.state.toLowerCase(), (counts.get(t.state.toLowerCase()) ?? 0) + 1);
  return [...counts.entries()].map(([s, c]) => `${c} ${s}`).join(', ');
}
