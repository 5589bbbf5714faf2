/** The batch and sweep dialogs' pure parts: flags, output folders, .ode parameters and ranges, Slurm task counts. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParamInfo } from '../../../src/protocol';
import { checkBatchFlags, checkSlurmFlags, defaultOutFolder } from '../../../src/host/batch/flags';
import { countTasks } from '../../../src/host/batch/slurm-tasks';
import { defaultRange, odePars, rangeProblem } from '../../../src/host/ode-pars';
import { parseSacct, parseScontrol, parseSqueue, mergeStatuses } from '../../../src/cli/slurm/status';

const params: ParamInfo[] = [
  { key: 'grid', flag: '--grid', type: 'number', description: '' },
  { key: 'delayEmbedding', flag: '--delay-embedding', type: 'number-list', description: '' },
  { key: 'center', flag: '--center', type: 'boolean', description: '' },
];

describe('checkBatchFlags', () => {
  it('takes the analysis flags and the batch flags as the CLI does, keeping the tokens', () => {
    expect(
      checkBatchFlags(`--grid 20 --delay-embedding 2,3 --label-column last --recursive --format csv`, params, 'x'),
    ).toEqual(['--grid', '20', '--delay-embedding', '2,3', '--label-column', 'last', '--recursive', '--format', 'csv']);
    expect(checkBatchFlags(`--label-from-path '(ring|blob)'`, params, 'x')).toEqual([
      '--label-from-path',
      '(ring|blob)',
    ]);
  });

  it('refuses unknown flags (with the closest one), stray words and bad formats', () => {
    expect(() => checkBatchFlags('--gird 3', params, 'signed-barcode')).toThrow(
      /--gird.*signed-barcode|did you mean --grid/,
    );
    expect(() => checkBatchFlags('20', params, 'x')).toThrow(/expected --flag/);
    expect(() => checkBatchFlags('--format xlsx', params, 'x')).toThrow(/parquet, csv or npy/);
    expect(() => checkBatchFlags('--out /tmp/x', params, 'x')).toThrow(/--out/);
  });

  it('Slurm options: the flags of --slurm only', () => {
    expect(checkSlurmFlags('--partition debug --time 0:10:00 --sbatch-arg=--account=lab --sbatch-arg=-N1')).toEqual([
      '--partition',
      'debug',
      '--time',
      '0:10:00',
      '--sbatch-arg=--account=lab',
      '--sbatch-arg=-N1',
    ]);
    expect(() => checkSlurmFlags('--nodes 2')).toThrow(/--nodes/);
  });
});

describe('defaultOutFolder', () => {
  it('is beside the input and skips folders holding another batch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-out-'));
    const input = join(dir, 'GunPoint_TRAIN.tsv');
    expect(defaultOutFolder(input, 'persistence')).toBe(join(dir, 'GunPoint_TRAIN-persistence-batch'));
    mkdirSync(join(dir, 'GunPoint_TRAIN-persistence-batch'));
    // an empty folder is fine to use
    expect(defaultOutFolder(input, 'persistence')).toBe(join(dir, 'GunPoint_TRAIN-persistence-batch'));
    writeFileSync(join(dir, 'GunPoint_TRAIN-persistence-batch', 'journal.jsonl'), '');
    expect(defaultOutFolder(input, 'persistence')).toBe(join(dir, 'GunPoint_TRAIN-persistence-batch-2'));
  });
});

describe('.ode parameters', () => {
  it('reads the par lines with their values until done', () => {
    const text = "x'=a*x-b*x*y\npar a=1.5, b=.2 # rates\np c=-3e-2,name_2=2\nparam d=sqrt(2)\ndone\npar z=9\n";
    expect(odePars(text)).toEqual([
      { name: 'a', value: 1.5 },
      { name: 'b', value: 0.2 },
      { name: 'c', value: -0.03 },
      { name: 'name_2', value: 2 },
      { name: 'd', value: NaN },
    ]);
  });

  it('suggests a range around the value and checks ranges as dynlens sweep takes them', () => {
    expect(defaultRange(2, 41)).toBe('1:3:41');
    expect(defaultRange(-0.4, 11)).toBe('-0.6:-0.2:11');
    expect(defaultRange(0, 5)).toBe('0:1:5');
    expect(rangeProblem('0:2:101')).toBeUndefined();
    expect(rangeProblem('0.5, 1, 2')).toBeUndefined();
    expect(rangeProblem('0:2:1')).toMatch(/count/);
    expect(rangeProblem('a:2:10')).toMatch(/numbers/);
    expect(rangeProblem('1')).toMatch(/start:stop:count/);
  });
});

describe('countTasks (Slurm array tasks for the dashboard)', () => {
  it('combines squeue, scontrol and sacct with the shard journals', () => {
    const sacct = '77_0|COMPLETED|0:0\n77_1|FAILED|1:0\n77_2|CANCELLED by 0|0:15\n';
    const scontrol =
      'JobId=80 ArrayJobId=77 ArrayTaskId=3 JobState=RUNNING Reason=None ExitCode=0:0\n' +
      'JobId=77 ArrayJobId=77 ArrayTaskId=4-5%2 JobState=PENDING Reason=JobArrayTaskLimit ExitCode=0:0\n';
    const squeue = '77_3|RUNNING|None\n77_4|PENDING|JobArrayTaskLimit\n77_5|PENDING|JobArrayTaskLimit\n';
    const tasks = mergeStatuses(
      [0, 1, 2, 3, 4, 5, 6, 7],
      parseSacct(sacct, '77'),
      parseScontrol(scontrol, '77'),
      parseSqueue(squeue, '77'),
    );
    // task 6 and 7 were purged (GONE): 6's shard is complete, 7's is not; task 0 said COMPLETED and is complete
    const complete = new Set([0, 6]);
    expect(countTasks(tasks, (t) => complete.has(t))).toEqual({ pending: 2, running: 1, done: 2, failed: 3 });
  });

  it('a COMPLETED task whose shard misses items is failed', () => {
    expect(countTasks([{ task: 0, state: 'COMPLETED', exitCode: '0:0', reason: '' }], () => false)).toEqual({
      pending: 0,
      running: 0,
      done: 0,
      failed: 1,
    });
  });
});
