import { describe, expect, it } from 'vitest';
import { FitWorkspace, fitConstants } from '../../../src/analysis/symbolic/constants';
import { OP } from '../../../src/analysis/symbolic/operators';
import { paretoIndices, selectBest, frontScores } from '../../../src/analysis/symbolic/pareto';
import { Evaluator } from '../../../src/analysis/symbolic/program';
import { Rng } from '../../../src/analysis/core/random';
import { simpleCandidates, snapConstants } from '../../../src/analysis/symbolic/snap';
import { bin, cnst, feat, getConstants, un } from '../../../src/analysis/symbolic/tree';

function data(f: (x: number) => number, n = 100): { columns: Float64Array[]; y: Float64Array; rows: number } {
  const rng = Rng.fromSeed(4);
  const x = Float64Array.from({ length: n }, () => rng.uniform(0.1, 4));
  return { columns: [x], y: x.map(f), rows: n };
}

describe('constant fitting (Levenberg-Marquardt)', () => {
  it('recovers the constants of a nonlinear law from a poor start', () => {
    const d = data((x) => 2.5 * Math.exp(-0.7 * x) + 1.3);
    const tree = bin(OP.add, bin(OP.mul, cnst(1), un(OP.exp, bin(OP.mul, cnst(-0.1), feat(0)))), cnst(0));
    const loss = fitConstants(tree, d, new Evaluator(), new FitWorkspace(d.rows), Rng.fromSeed(1), {
      maxIterations: 200,
      restarts: 2,
    });
    const [a, b, c] = getConstants(tree);
    expect(loss).toBeLessThan(1e-20);
    expect(a).toBeCloseTo(2.5, 8);
    expect(b).toBeCloseTo(-0.7, 8);
    expect(c).toBeCloseTo(1.3, 8);
  });

  it('recovers a frequency and a phase', () => {
    const d = data((x) => Math.sin(1.7 * x + 0.4));
    const tree = un(OP.sin, bin(OP.add, bin(OP.mul, cnst(1.5), feat(0)), cnst(0.1)));
    fitConstants(tree, d, new Evaluator(), new FitWorkspace(d.rows), Rng.fromSeed(2), {
      maxIterations: 100,
      restarts: 2,
    });
    const [w, p] = getConstants(tree);
    expect(w).toBeCloseTo(1.7, 8);
    expect(p).toBeCloseTo(0.4, 8);
  });

  it('snaps 0.49999 to 1/2 when the data say 1/2, and keeps 0.47 when they say 0.47', () => {
    const ev = new Evaluator();
    const half = data((x) => 0.5 * x * x);
    const t1 = bin(OP.mul, cnst(0.49999), bin(OP.mul, feat(0), feat(0)));
    const ws = new FitWorkspace(half.rows);
    fitConstants(t1, half, ev, ws, Rng.fromSeed(1), { maxIterations: 50, restarts: 0 });
    snapConstants(t1, half, ev, ws, Rng.fromSeed(1), { absFloor: 1e-28 });
    expect(t1.t === 'b' && t1.a.t === 'c' && t1.a.r).toEqual([1, 2, 0]);
    const other = data((x) => 0.47 * x * x);
    const t2 = bin(OP.mul, cnst(0.4), bin(OP.mul, feat(0), feat(0)));
    fitConstants(t2, other, ev, ws, Rng.fromSeed(1), { maxIterations: 50, restarts: 0 });
    snapConstants(t2, other, ev, ws, Rng.fromSeed(1), { absFloor: 1e-28 });
    expect(getConstants(t2)[0]).toBeCloseTo(0.47, 10);
    expect(simpleCandidates(3.14159265)).toContainEqual([1, 1, 1]);
  });
});

describe('Pareto front and PySR best', () => {
  it('keeps only strictly improving members by complexity', () => {
    const items = [
      { complexity: 1, loss: 10 },
      { complexity: 3, loss: 4 },
      { complexity: 3, loss: 5 },
      { complexity: 5, loss: 4 },
      { complexity: 7, loss: 0.1 },
      { complexity: 9, loss: Infinity },
      { complexity: 11, loss: 0.09 },
    ];
    expect(paretoIndices(items)).toEqual([0, 1, 4, 6]);
  });

  it('chooses the largest drop of log loss per complexity among those within 1.5x of the lowest loss', () => {
    const front = [
      { complexity: 1, loss: 10 },
      { complexity: 3, loss: 4 },
      { complexity: 7, loss: 0.1 },
      { complexity: 11, loss: 0.09 },
    ];
    const s = frontScores(front, 0);
    expect(s[2]).toBeCloseTo(-Math.log(0.1 / 4) / 4, 12);
    expect(selectBest(front, 0)).toBe(2);
    // the most accurate wins when the simpler ones are more than 1.5x worse
    expect(
      selectBest(
        [
          { complexity: 1, loss: 10 },
          { complexity: 3, loss: 1 },
          { complexity: 5, loss: 0.5 },
        ],
        0,
      ),
    ).toBe(2);
    // exact fits: the floor makes a longer exact formula no better than the shorter one
    expect(
      selectBest(
        [
          { complexity: 1, loss: 1 },
          { complexity: 5, loss: 1e-31 },
          { complexity: 9, loss: 1e-33 },
        ],
        1e-20,
      ),
    ).toBe(1);
  });
});

describe('power-law seed', () => {
  it('finds the exponents of a monomial by a log-linear fit', async () => {
    const { powerLawSeeds } = await import('../../../src/analysis/symbolic/seeds');
    const { parseOperators, DEFAULT_OPERATORS } = await import('../../../src/analysis/symbolic/operators');
    const { toSympy } = await import('../../../src/analysis/symbolic/format');
    const { evaluateScalar } = await import('../../../src/analysis/symbolic/program');
    const rng = Rng.fromSeed(8);
    const x0 = Float64Array.from({ length: 200 }, () => rng.uniform(1, 5));
    const x1 = Float64Array.from({ length: 200 }, () => rng.uniform(1, 5));
    const x2 = Float64Array.from({ length: 200 }, () => rng.uniform(1, 5));
    const y = x0.map((v, i) => (-2.5 * v * v) / Math.sqrt(x1[i]));
    const [seed] = powerLawSeeds([x0, x1, x2], y, parseOperators(DEFAULT_OPERATORS));
    expect(toSympy(seed, ['a', 'b', 'c'])).toMatch(/^-2\.(5|49999)\d*\*a\*\*2\/sqrt\(b\)$/);
    expect(evaluateScalar(seed, [2, 4, 1])).toBeCloseTo(-5, 6);
    // a sign change in y or a non-positive feature: no seed
    expect(
      powerLawSeeds(
        [x0],
        x0.map((v) => v - 3),
        parseOperators(DEFAULT_OPERATORS),
      ),
    ).toEqual([]);
  });
});
