import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../src/analysis/core/params';
import { symbolicAnalyses, symbolicRepeatWith } from '../../../src/analysis/symbolic/analysis';
import { Rng } from '../../../src/analysis/core/random';
import type { SymbolicResult } from '../../../src/protocol/results/symbolic';
import { tokenize } from '../../../src/args/flags';
import { parseRunArgs } from '../../../src/cli-args';
import { cliCommand } from '../../../webview/format';
import { tableInput, testContext } from './context';

const entry = symbolicAnalyses[0];

async function run(input: ReturnType<typeof tableInput>, raw: Record<string, unknown>) {
  const params = resolveParams(entry.params, raw);
  const result = (await entry.run(input, params, testContext())) as SymbolicResult;
  return { params, result };
}

const front = (r: SymbolicResult) => r.targets.map((t) => t.pareto.map((c) => [c.expression, c.loss]));

describe('a symbolic search on its time budget repeats itself from the copied command', () => {
  it('records --seed and --iterations; the copied command gives the same front, twice', async () => {
    const rng = Rng.fromSeed(11);
    const a = Float64Array.from({ length: 200 }, () => rng.uniform(0.5, 2));
    const b = Float64Array.from({ length: 200 }, () => rng.uniform(-1, 1));
    // a law the operators cannot write down in 1.5 s, with noise: no exact fit and no iteration count ends the
    // search, the clock does
    const y = a.map((v, i) => Math.tanh(3 * v * b[i]) * v ** 1.7 + Math.abs(b[i]) ** 0.3 + 0.05 * rng.uniform(-1, 1));
    const input = tableInput({ a, b, y }, '/data/noisy law.csv');
    const first = await run(input, { target: 'y', timeBudget: 1.5, populations: 2, seed: 5 });
    const stats = first.result.targets[0].stats;
    // both stops depend on the machine's speed (the noise-floor rule measures a stall in wall time): either way the
    // result must record what repeats it
    expect(['time budget', 'noise floor']).toContain(stats.stoppedBy);
    expect(stats.wholeEpochs).toBe(true);
    const repeat = entry.repeatWith!(first.result, first.params)!;
    expect(repeat).toMatchObject({ seed: 5, iterations: [stats.epochs] });

    const line = cliCommand({
      analysisId: 'symbolic',
      provenance: { path: input.path, params: first.params, repeatWith: repeat },
    });
    expect(line).toContain(`--iterations ${stats.epochs}`);
    expect(line).toContain('--seed 5');
    const [program, analysisId, ...argv] = tokenize(line);
    expect([program, analysisId]).toEqual(['dynlens', 'symbolic']);
    const parsed = parseRunArgs('symbolic', argv, entry.params);
    expect(parsed.file).toBe('/data/noisy law.csv');
    for (let k = 0; k < 2; k++) {
      const again = await run(input, parsed.params);
      expect(front(again.result)).toEqual(front(first.result));
      expect(again.result.targets[0].stats.epochs).toBe(stats.epochs);
    }
  }, 30000);

  it('records one epoch count per target when targets differ, none when an epoch was cut', () => {
    const target = (epochs: number, wholeEpochs = true, stoppedBy = 'time budget') =>
      ({ stats: { epochs, wholeEpochs, stoppedBy, seconds: 2 } }) as unknown as SymbolicResult['targets'][number];
    const r = (targets: SymbolicResult['targets']) => ({ seed: 3, targets }) as unknown as SymbolicResult;
    expect(symbolicRepeatWith(r([target(4), target(6)]), { timeBudget: 10 })).toEqual({
      seed: 3,
      iterations: [4, 6],
      timeBudget: 26,
    });
    expect(symbolicRepeatWith(r([target(4, false)]), { timeBudget: 10 })).toBeUndefined();
    expect(symbolicRepeatWith(r([target(4, true, 'iterations')]), { timeBudget: 60 })).toEqual({
      seed: 3,
      iterations: [4],
    });
  });
});
