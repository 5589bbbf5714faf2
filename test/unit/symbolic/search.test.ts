import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../src/analysis/core/params';
import { symbolicAnalyses } from '../../../src/analysis/symbolic/analysis';
import type { SymbolicResult } from '../../../src/protocol/results/symbolic';
import { Rng } from '../../../src/analysis/core/random';
import { tableInput, testContext } from './context';

const entry = symbolicAnalyses[0];

function table(
  n: number,
  seed: number,
  f: (x0: number, x1: number) => number,
  lo = -3,
  hi = 3,
): ReturnType<typeof tableInput> {
  const rng = Rng.fromSeed(seed);
  const x0 = Float64Array.from({ length: n }, () => rng.uniform(lo, hi));
  const x1 = Float64Array.from({ length: n }, () => rng.uniform(lo, hi));
  return tableInput({ x0, x1, y: x0.map((v, i) => f(v, x1[i])) });
}

async function run(input: ReturnType<typeof tableInput>, raw: Record<string, unknown>): Promise<SymbolicResult> {
  const p = resolveParams(entry.params, raw);
  return (await entry.run(input, p, testContext())) as SymbolicResult;
}

describe('symbolic search', () => {
  it('recovers y = x0*x1 + 2 exactly', async () => {
    const r = await run(
      table(200, 1, (a, b) => a * b + 2),
      { target: 'y', timeBudget: 15, iterations: 80, seed: 1, populations: 4 },
    );
    const t = r.targets[0];
    const best = t.pareto[t.bestIndex];
    expect(best.r2).toBeGreaterThan(1 - 1e-12);
    expect(best.complexity).toBe(5);
  }, 20000);
  it('recovers y = sin(x0) exactly', async () => {
    const r = await run(
      table(200, 2, (a) => Math.sin(a)),
      { target: 'y', timeBudget: 15, iterations: 80, seed: 2, populations: 4 },
    );
    const t = r.targets[0];
    const best = t.pareto[t.bestIndex];
    expect(best.expression).toBe('sin(x0)');
  }, 20000);
});
