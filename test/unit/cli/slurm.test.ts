import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { extractSlurmArgs, taskArgs } from '../../../src/cli/slurm/args';
import { parseSweepArgs } from '../../../src/cli/sweep/args';
import { getAnalysis } from '../../../src/analysis/registry';
import { arraySpec, sbatchScript, shellQuote, type SbatchSpec } from '../../../src/cli/slurm/sbatch';
import {
  expandArray,
  isTerminal,
  mergeStatuses,
  parseSacct,
  parseScontrol,
  parseSqueue,
  scontrolFields,
} from '../../../src/cli/slurm/status';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', 'slurm', name), 'utf8');

describe('Slurm array syntax', () => {
  it('compresses and expands index lists', () => {
    expect(arraySpec([3, 0, 1, 2, 7, 9, 10])).toBe('0-3,7,9-10');
    expect(arraySpec([5])).toBe('5');
    expect(expandArray('0-3,7,9-10')).toEqual([0, 1, 2, 3, 7, 9, 10]);
    expect(expandArray('0-5%2')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(expandArray('[4-5]')).toEqual([4, 5]);
    expect(expandArray('1-7:3')).toEqual([1, 4, 7]);
    expect(() => expandArray('a-b')).toThrow(/array index/);
  });
  it('knows which states are final', () => {
    for (const s of ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'CANCELLED+'])
      expect(isTerminal(s)).toBe(true);
    for (const s of ['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'REQUEUED', 'SUSPENDED'])
      expect(isTerminal(s)).toBe(false);
  });
});

describe('scontrol -o show job (captured from Slurm 22.05)', () => {
  it('reads key=value fields', () => {
    const f = scontrolFields('JobId=5 ArrayJobId=1 ArrayTaskId=3 JobState=RUNNING Reason=None ExitCode=0:0');
    expect(f).toMatchObject({ JobId: '5', ArrayJobId: '1', ArrayTaskId: '3', JobState: 'RUNNING', ExitCode: '0:0' });
  });
  it('expands the pending record of a throttled array and reads each finished task', () => {
    const first = parseScontrol(fixture('scontrol-1.txt'), '1');
    expect(first.map((t) => t.task)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(first.every((t) => t.state === 'PENDING')).toBe(true);
    const mid = parseScontrol(fixture('scontrol-2.txt'), '1');
    expect(mid.map((t) => [t.task, t.state])).toEqual([
      [0, 'COMPLETED'],
      [1, 'COMPLETED'],
      [2, 'FAILED'],
      [3, 'RUNNING'],
      [4, 'PENDING'],
      [5, 'PENDING'],
    ]);
    const end = parseScontrol(fixture('scontrol-3.txt'), '1');
    expect(end.find((t) => t.task === 2)).toMatchObject({
      state: 'FAILED',
      exitCode: '1:0',
      reason: 'NonZeroExitCode',
    });
    expect(end.find((t) => t.task === 3)).toMatchObject({ state: 'CANCELLED', exitCode: '0:15' });
    expect(end.every((t) => isTerminal(t.state))).toBe(true);
    expect(parseScontrol(fixture('scontrol-3.txt'), '2')).toEqual([]);
  });
});

describe('squeue and sacct lines', () => {
  it('reads active tasks from squeue -r', () => {
    expect(parseSqueue(fixture('squeue-2.txt'), '1').map((t) => [t.task, t.state, t.reason])).toEqual([
      [3, 'RUNNING', 'None'],
      [4, 'PENDING', 'JobArrayTaskLimit'],
      [5, 'PENDING', 'JobArrayTaskLimit'],
    ]);
    expect(parseSqueue('12_[3-4]|PENDING|Priority\n13_1|RUNNING|None', '12').map((t) => t.task)).toEqual([3, 4]);
  });
  it('reads sacct -P lines, dropping "by UID" from the state', () => {
    const s = parseSacct('7_0|COMPLETED|0:0\n7_1|CANCELLED by 0|0:15\n7_2|FAILED|2:0\n8_0|COMPLETED|0:0', '7');
    expect(s.map((t) => [t.task, t.state, t.exitCode])).toEqual([
      [0, 'COMPLETED', '0:0'],
      [1, 'CANCELLED', '0:15'],
      [2, 'FAILED', '2:0'],
    ]);
  });
  it('merges sources, later ones winning, and marks tasks seen nowhere', () => {
    const m = mergeStatuses(
      [0, 1, 2],
      [{ task: 0, state: 'PENDING', exitCode: '', reason: '' }],
      [{ task: 0, state: 'COMPLETED', exitCode: '0:0', reason: '' }],
    );
    expect(m.map((t) => t.state)).toEqual(['COMPLETED', 'GONE', 'GONE']);
  });
});

describe('job.sbatch', () => {
  const spec: SbatchSpec = {
    command: 'batch',
    args: ['signed-barcode', 'data/clouds dir', "it's.csv", '--max-dim', '1'],
    out: '/scratch/out',
    cwd: '/home/me/project',
    nodePath: '/usr/bin/node',
    cliPath: '/opt/dynlens/dist/cli.js',
    shards: 8,
    tasks: [0, 1, 2, 3, 4, 5, 6, 7],
    jobName: 'dynlens-batch-signed-barcode',
    slurm: {
      partition: 'short',
      time: '00:30:00',
      cpusPerTask: 4,
      mem: '8G',
      maxParallel: 3,
      sbatchArgs: ['--account=lab'],
      wait: false,
    },
    createdAt: '2026-12-07T00:00:00Z',
  };
  it('is an array job calling the same dynlens with --shard', () => {
    const text = sbatchScript(spec);
    expect(text.startsWith('#!/bin/bash\n')).toBe(true);
    expect(text).toContain('#SBATCH --array=0-7%3\n');
    expect(text).toContain('#SBATCH --output=/scratch/out/logs/%A_%a.log\n');
    expect(text).toContain('#SBATCH --chdir=/home/me/project\n');
    expect(text).toContain('#SBATCH --cpus-per-task=4\n');
    expect(text).toContain('#SBATCH --partition=short\n');
    expect(text).toContain('#SBATCH --time=00:30:00\n');
    expect(text).toContain('#SBATCH --mem=8G\n');
    expect(text).toContain('#SBATCH --account=lab\n');
    expect(text).toContain('--shard "${SLURM_ARRAY_TASK_ID}/8"');
    expect(text).toContain('--resume');
  });
  it('quotes arguments so that bash gives the program exactly the words it was given', () => {
    expect(shellQuote('plain/path.csv')).toBe('plain/path.csv');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    // run the command line through bash with `printf` in place of node to see the words it receives
    const text = sbatchScript({ ...spec, nodePath: 'printf', cliPath: '%s\\n' });
    const exec = text.slice(text.indexOf('exec ') + 5);
    const r = spawnSync('bash', ['-c', exec], {
      env: { ...process.env, SLURM_ARRAY_TASK_ID: '5', SLURM_CPUS_PER_TASK: '4' },
      encoding: 'utf8',
    });
    expect(r.stdout.split('\n').slice(0, -1)).toEqual([
      'batch',
      'signed-barcode',
      'data/clouds dir',
      "it's.csv",
      '--max-dim',
      '1',
      '--out',
      '/scratch/out',
      '--shard',
      '5/8',
      '--workers',
      '4',
      '--resume',
    ]);
  });
  it('runs only the given tasks on a resubmission', () => {
    const text = sbatchScript({ ...spec, tasks: [6, 1, 3], slurm: { ...spec.slurm, maxParallel: undefined } });
    expect(text).toContain('#SBATCH --array=1,3,6\n');
    expect(text).toContain('--shard "${SLURM_ARRAY_TASK_ID}/8"');
  });
});

describe('Slurm flags on the command line', () => {
  it('takes the Slurm flags out and leaves the batch its own', () => {
    const r = extractSlurmArgs([
      'signed-barcode',
      'clouds/',
      '--slurm',
      '--partition',
      'short',
      '--time=01:00:00',
      '--cpus-per-task',
      '2',
      '--mem',
      '4G',
      '--max-parallel',
      '8',
      '--sbatch-arg',
      '--account=lab',
      '--sbatch-arg=--qos=low',
      '--shards',
      '16',
      '--wait',
      '--out',
      'res',
      '--max-dim',
      '1',
    ]);
    expect(r.slurm).toEqual({
      partition: 'short',
      time: '01:00:00',
      cpusPerTask: 2,
      mem: '4G',
      maxParallel: 8,
      sbatchArgs: ['--account=lab', '--qos=low'],
      wait: true,
      shards: 16,
    });
    expect(r.rest).toEqual(['signed-barcode', 'clouds/', '--out', 'res', '--max-dim', '1']);
    const t = taskArgs(['summary', 'x/', '--out=res', '--resume', '--workers', '3', '--json']);
    expect(t).toEqual({ args: ['summary', 'x/', '--json'], out: 'res', resume: true, workers: 3 });
  });
  it('refuses Slurm flags without --slurm, leaves --shards to the batch, and rejects bad values', () => {
    expect(() => extractSlurmArgs(['summary', 'x/', '--partition', 'p'])).toThrow(/only apply with --slurm/);
    expect(extractSlurmArgs(['summary', 'x/', '--shards', '4'])).toEqual({ rest: ['summary', 'x/', '--shards', '4'] });
    expect(() => extractSlurmArgs(['--slurm', '--max-parallel', '0'])).toThrow(/positive integer/);
    expect(() => extractSlurmArgs(['--slurm', '--time'])).toThrow(/needs a value/);
    expect(() => taskArgs(['x', '--shard', '1/4'])).toThrow(/do not mix/);
  });
});

describe('sweep command line', () => {
  const schema = getAnalysis('sweep-point').params;
  it('reads repeated --param axes, sweep-point flags and batch options', () => {
    const a = parseSweepArgs(
      [
        'm.ode',
        '--param',
        'a=0:2:101',
        '--param=b=0,1',
        '--measure',
        'attractor',
        '--duration',
        '50',
        '--out',
        'o',
        '--workers',
        '2',
        '--format',
        'csv',
        '--resume',
        '--shard',
        '1/4',
      ],
      schema,
    );
    expect(a).toMatchObject({
      model: 'm.ode',
      axes: ['a=0:2:101', 'b=0,1'],
      params: { measure: 'attractor', duration: '50' },
      out: 'o',
      workers: 2,
      format: 'csv',
      resume: true,
      shard: '1/4',
    });
  });
  it('refuses unknown options, --set (the grid sets the parameters) and a missing model', () => {
    expect(() => parseSweepArgs(['m.ode', '--bogus', '1'], schema)).toThrow(/unknown option --bogus/);
    expect(() => parseSweepArgs(['m.ode', '--set', 'a=1'], schema)).toThrow(/unknown option --set/);
    expect(() => parseSweepArgs(['--param', 'a=0:1:3'], schema)).toThrow(/one \.ode model/);
    expect(() => parseSweepArgs(['m.ode', '--format', 'xls'], schema)).toThrow(/parquet, csv or npy/);
  });
});
