import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../src/analysis/core/params';
import { Rng } from '../../../src/analysis/core/random';
import { symbolicAnalyses, symbolicRepeatWith } from '../../../src/analysis/symbolic/analysis';
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

/** A law the operators cannot write down exactly, with noise: only the evaluation bound ends the search. */
function noisyLaw(seed = 11) {
  const rng = Rng.fromSeed(seed);
  const a = Float64Array.from({ length: 200 }, () => rng.uniform(0.5, 2));
  const b = Float64Array.from({ length: 200 }, () => rng.uniform(-1, 1));
  const y = a.map((v, i) => Math.tanh(3 * v * b[i]) * v ** 1.7 + Math.abs(b[i]) ** 0.3 + 0.05 * rng.uniform(-1, 1));
  return tableInput({ a, b, y }, '/data/noisy law.csv');
}

describe('symbolic --max-evals', () => {
  it('bounds the expression evaluations, says it stopped there, and repeats from the copied command', async () => {
    const input = noisyLaw();
    const first = await run(input, { target: 'y', maxEvals: 4000, timeBudget: 120, populations: 3, seed: 2 });
    const stats = first.result.targets[0].stats;
    expect(stats.stoppedBy).toBe('max evals');
    expect(stats.evaluations).toBeLessThanOrEqual(4000);
    // every island spends its share but the step that would pass it: the bound is reached, not merely respected
    expect(stats.evaluations).toBeGreaterThan(3900);
    expect(stats.wholeEpochs).toBe(true);

    const repeat = entry.repeatWith!(first.result, first.params)!;
    expect(repeat).toMatchObject({ seed: 2, maxEvals: 4000 });
    const line = cliCommand({
      analysisId: 'symbolic',
      provenance: { path: input.path, params: first.params, repeatWith: repeat },
    });
    expect(line).toContain('--max-evals 4000');
    const [, , ...argv] = tokenize(line);
    const parsed = parseRunArgs('symbolic', argv, entry.params);
    expect(resolveParams(entry.params, parsed.params).maxEvals).toBe(4000);
    const again = await run(input, parsed.params);
    expect(front(again.result)).toEqual(front(first.result));
    expect(again.result.targets[0].stats.evaluations).toBe(stats.evaluations);
  }, 60000);

  it('splits the bound over the targets of a trajectory (--derivatives)', async () => {
    const t = Float64Array.from({ length: 300 }, (_, i) => i * 0.02);
    const input = tableInput({ t, x: t.map((v) => Math.cos(v)), y: t.map((v) => Math.sin(2 * v) + 0.3 * v) });
    const { result } = await run(input, { derivatives: true, maxEvals: 3001, timeBudget: 120, populations: 2 });
    expect(result.targets).toHaveLength(2);
    const spent = result.targets.map((x) => x.stats.evaluations);
    expect(spent[0]).toBeLessThanOrEqual(1501);
    expect(spent[1]).toBeLessThanOrEqual(1500);
    expect(spent[0] + spent[1]).toBeLessThanOrEqual(3001);
  }, 60000);

  it('the repeating parameters name the bound, with a time budget that will not cut first', () => {
    const target = { stats: { epochs: 3, wholeEpochs: true, stoppedBy: 'max evals', seconds: 2 } };
    const r = { seed: 7, targets: [target] } as unknown as SymbolicResult;
    expect(symbolicRepeatWith(r, { timeBudget: 5, maxEvals: 1000 })).toEqual({
      seed: 7,
      iterations: [3],
      maxEvals: 1000,
      timeBudget: 13,
    });
  });
});
