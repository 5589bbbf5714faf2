import { describe, expect, it } from 'vitest';
import { computeRips } from '../../../../src/analysis/topology/rips/engine';
import { estimateRipsMemory } from '../../../../src/analysis/topology/rips/estimate';
import { DynLensError } from '../../../../src/analysis/core/errors';
import { seededUniform } from '../../../../src/analysis/core/random';

describe('Rips reduction memory bound', () => {
  it('a reduction that outgrows the budget the up-front estimate passed is refused (tooLarge, naming the file)', () => {
    const u = seededUniform(5);
    const n = 60;
    const columns = [0, 1].map(() => Float64Array.from({ length: n }, () => u()));
    const src = { kind: 'points' as const, columns, file: 'cloud.csv' };
    // just above the independent-edges estimate (every edge present at the enclosing radius), below what the
    // reduction holds (the distance matrix, the working heap, the reduction matrix and the pivot map)
    const budget = estimateRipsMemory(n, 1, 1).bytes + 4096;
    let err: unknown;
    try {
      computeRips(src, { maxDim: 1, memoryBudgetBytes: budget });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DynLensError);
    expect((err as DynLensError).kind).toBe('too-large');
    expect((err as DynLensError).message).toMatch(/^cloud\.csv: the Rips reduction in degree 1 holds \d+ MB/);
    // with room, the same run completes
    expect(computeRips(src, { maxDim: 1, memoryBudgetBytes: 64 * 2 ** 20 }).diagrams[1].births.length).toBeGreaterThan(
      0,
    );
  });
});
