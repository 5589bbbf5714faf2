/**
 * Every analysis that accepts a bundled example runs on it with its default parameters, within the work a default
 * run may take: the job gets a work budget of DEFAULTS_WORK (the estimate modules' units, about 2 ns each, so about
 * 20 s of one core), so an analysis whose own estimate at its defaults is over it is refused (tooLarge) and fails
 * here, and every run must also take less CPU time than that (CPU, not wall time: the test machine is shared).
 * Symbolic regression is the one exception in its parameters: its default is a time budget (60 s, the bound of the
 * run by construction), so here it gets 1 s; its defaults are otherwise the same.
 */
import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCancelSignal } from '../../../src/analysis/core/context';
import { DEFAULT_WORK_LIMIT } from '../../../src/analysis/core/budget';
import { analyses, describeAnalyses } from '../../../src/analysis/registry';
import { executeJob } from '../../../src/runtime/execute';
import { defaultLandmarkCount } from '../../../src/analysis/topology/rips/estimate';

const EXAMPLES = resolve('examples');
/** Work a run with default parameters may take: a fifth of a percent of the CLI's default --max-work. */
const DEFAULTS_WORK = 1e10;
/** CPU time of one run: DEFAULTS_WORK at 2 ns a unit. */
const CPU_LIMIT_MS = DEFAULTS_WORK * 2e-6;
/** A hang guard only: on a machine shared with other jobs wall time says little. */
const WALL_LIMIT_MS = 300_000;

const files = readdirSync(EXAMPLES).filter((f) => f !== 'README.md');
const infos = describeAnalyses();
const pairs = analyses.flatMap((a) => {
  const exts = infos.find((i) => i.id === a.id)?.extensions ?? [];
  return files.filter((f) => exts.includes(extname(f))).map((f) => [a.id, f] as const);
});
const overrides: Record<string, Record<string, unknown>> = { symbolic: { timeBudget: 1 } };
/**
 * Collections made for `dynlens batch` (one short series per row, UCR layout): a single-file analysis that needs a
 * long series may refuse them, but only with a bad-input message naming the file, never a crash or a timeout.
 */
const COLLECTIONS = new Set(['waves.tsv']);

describe('defaults on every bundled example', () => {
  it('covers every analysis and every example', () => {
    expect(DEFAULTS_WORK).toBeLessThan(DEFAULT_WORK_LIMIT);
    const covered = new Set(pairs.map(([id]) => id));
    expect(analyses.filter((a) => !covered.has(a.id)).map((a) => a.id)).toEqual([]);
    expect(files.filter((f) => !pairs.some(([, g]) => g === f))).toEqual([]);
  });

  for (const [id, file] of pairs) {
    it(
      `${id} ${file}`,
      async () => {
        const cpu = process.cpuUsage();
        const out = await executeJob(
          {
            jobId: 't',
            analysisId: id,
            path: join(EXAMPLES, file),
            params: overrides[id] ?? {},
            memoryBudgetBytes: 2 ** 31,
            workBudget: DEFAULTS_WORK,
            parallelism: 1,
          },
          { signal: localCancelSignal(), progress: () => undefined },
        );
        if (!out.ok) {
          if (!COLLECTIONS.has(file) || out.error.kind !== 'bad-input')
            throw new Error(`${id} ${file}: ${out.error.kind}: ${out.error.message}`);
          expect(out.error.message).toContain(file);
          return;
        }
        if (id === 'persistence' && file === 'lorenz.csv') {
          // 10,000 points: the default keeps landmarks and says how to get every point
          const r = out.envelope.result as { points: number; notes: string[] };
          expect(r.points).toBe(defaultLandmarkCount(10_000, 3, 1));
          expect(r.notes.join('\n')).toMatch(/default landmarks: \d+ of 10000 points.*--landmarks 10000/);
        }
        const used = process.cpuUsage(cpu);
        expect((used.user + used.system) / 1000).toBeLessThan(CPU_LIMIT_MS);
      },
      WALL_LIMIT_MS,
    );
  }
});
