import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATORS, OP, parseOperators } from '../../../src/analysis/symbolic/operators';
import { BATCH, Evaluator, compile, evaluateScalar, mse } from '../../../src/analysis/symbolic/program';
import { Rng } from '../../../src/analysis/core/random';
import { bin, cnst, feat, randomTree, un } from '../../../src/analysis/symbolic/tree';

const ALL = [
  '+',
  '-',
  '*',
  '/',
  'pow',
  'neg',
  'sin',
  'cos',
  'tan',
  'exp',
  'log',
  'sqrt',
  'abs',
  'square',
  'cube',
  'tanh',
  'inv',
];

function columns(rng: Rng, nf: number, rows: number, lo = -3, hi = 3): Float64Array[] {
  return Array.from({ length: nf }, () => Float64Array.from({ length: rows }, () => rng.uniform(lo, hi)));
}

function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('postfix evaluator', () => {
  it('matches direct recursive evaluation on random trees over every operator (batch boundaries included)', () => {
    const ops = parseOperators(ALL);
    const rng = Rng.fromSeed(11);
    const rows = 2 * BATCH + 37;
    const cols = columns(rng, 3, rows);
    const ev = new Evaluator();
    const out = new Float64Array(rows);
    const row = new Float64Array(3);
    let compared = 0;
    for (let t = 0; t < 400; t++) {
      const tree = randomTree(rng, ops, 3, 1 + rng.int(20));
      ev.evaluate(compile(tree, 3), cols, rows, out);
      for (let i = 0; i < rows; i++) {
        for (let k = 0; k < 3; k++) row[k] = cols[k][i];
        const want = evaluateScalar(tree, row);
        if (!same(out[i], want)) throw new Error(`tree ${t} row ${i}: ${out[i]} vs ${want}`);
        compared++;
      }
    }
    expect(compared).toBe(400 * rows);
  });

  it('handles constant-only trees, bare features and in-place buffer reuse', () => {
    const ev = new Evaluator();
    const cols = [Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)];
    const out = new Float64Array(3);
    ev.evaluate(compile(bin(OP.add, cnst(2), cnst(3)), 2), cols, 3, out);
    expect([...out]).toEqual([5, 5, 5]);
    ev.evaluate(compile(feat(1), 2), cols, 3, out);
    expect([...out]).toEqual([4, 5, 6]);
    // (x0*x1) - (x1/x0): two buffers live at once
    ev.evaluate(compile(bin(OP.sub, bin(OP.mul, feat(0), feat(1)), bin(OP.div, feat(1), feat(0))), 2), cols, 3, out);
    expect([...out]).toEqual([4 - 4, 10 - 2.5, 18 - 2]);
    expect(ev.nodeEvaluations).toBe(3 * 3 + 1 * 3 + 7 * 3);
  });

  it('domain errors give NaN/Inf and an infinite loss', () => {
    const ev = new Evaluator();
    const x = Float64Array.of(-1, 0, 1, 2);
    const y = new Float64Array(4);
    const out = new Float64Array(4);
    ev.evaluate(compile(un(OP.log, feat(0)), 1), [x], 4, out);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(-Infinity);
    expect(mse(out, y, 4)).toBe(Infinity);
    ev.evaluate(compile(un(OP.sqrt, feat(0)), 1), [x], 4, out);
    expect(mse(out, y, 4)).toBe(Infinity);
    ev.evaluate(compile(bin(OP.div, cnst(1), feat(0)), 1), [x], 4, out);
    expect(out[1]).toBe(Infinity);
    expect(mse(out, y, 4)).toBe(Infinity);
    ev.evaluate(compile(bin(OP.pow, feat(0), cnst(0.5)), 1), [x], 4, out);
    expect(Number.isNaN(out[0])).toBe(true);
    ev.evaluate(compile(un(OP.exp, bin(OP.mul, cnst(1000), feat(0))), 1), [x], 4, out);
    expect(mse(out, y, 4)).toBe(Infinity);
  });

  it('special-cased exponents agree with Math.pow', () => {
    const rng = Rng.fromSeed(3);
    const x = Float64Array.from({ length: 50 }, () => rng.uniform(-4, 4));
    const ev = new Evaluator();
    const out = new Float64Array(50);
    for (const c of [2, 3, -1, -2, 0.5, 1.7]) {
      ev.evaluate(compile(bin(OP.pow, feat(0), cnst(c)), 1), [x], 50, out);
      for (let i = 0; i < 50; i++) expect(same(out[i], Math.pow(x[i], c))).toBe(true);
    }
  });

  it('rejects unknown operators and bad complexities by name', () => {
    expect(() => parseOperators(['+', 'sinh'])).toThrow(/unknown operator "sinh"/);
    expect(() => parseOperators(['sin'])).toThrow(/binary operator/);
    expect(() => parseOperators(['+', 'sin:0'])).toThrow(/complexity/);
    const ops = parseOperators([...DEFAULT_OPERATORS, 'exp:3', '^']);
    expect(ops.complexity[OP.exp]).toBe(3);
    expect(ops.binary).toContain(OP.pow);
  });
});
