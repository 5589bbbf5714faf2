import { describe, expect, it } from 'vitest';
import { OP, parseOperators } from '../../../src/analysis/symbolic/operators';
import { evaluateScalar } from '../../../src/analysis/symbolic/program';
import { Rng } from '../../../src/analysis/core/random';
import { simplify } from '../../../src/analysis/symbolic/simplify';
import { toSympy } from '../../../src/analysis/symbolic/format';
import { bin, clone, cnst, constantNodes, feat, key, randomTree, size, un } from '../../../src/analysis/symbolic/tree';

const ops = parseOperators(['+', '-', '*', '/', 'pow', 'sin', 'cos', 'exp', 'log', 'sqrt']);
const names = ['x0', 'x1', 'x2'];

describe('simplifier', () => {
  it('is equivalent to the original on random points wherever the original is finite', () => {
    const rng = Rng.fromSeed(21);
    let checked = 0;
    let shrunk = 0;
    for (let t = 0; t < 1500; t++) {
      const tree = randomTree(rng, ops, 3, 1 + rng.int(25));
      const s = simplify(tree, ops);
      // a copy with constants moved by 1e-13 (relative) tells which points are ill-conditioned (round-off from
      // folding is amplified there, e.g. exp(a/sin(b)) with sin(b) near 0): those points are not compared
      const nudged = clone(tree);
      for (const c of constantNodes(nudged)) c.v *= 1 + 1e-13;
      if (size(s) < size(tree)) shrunk++;
      expect(size(s)).toBeLessThanOrEqual(size(tree) + 2);
      for (let p = 0; p < 20; p++) {
        const row = [rng.uniform(-3, 3), rng.uniform(-3, 3), rng.uniform(-3, 3)];
        const a = evaluateScalar(tree, row);
        if (!Number.isFinite(a)) continue;
        if (Math.abs(evaluateScalar(nudged, row) - a) > 1e-11 * Math.max(1, Math.abs(a))) continue;
        const b = evaluateScalar(s, row);
        const tol = 1e-9 * Math.max(1, Math.abs(a));
        if (!(Math.abs(a - b) <= tol))
          throw new Error(`${toSympy(tree, names)} -> ${toSympy(s, names)} at ${row}: ${a} vs ${b}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10000);
    expect(shrunk).toBeGreaterThan(100);
  });

  it('folds constants and applies identities', () => {
    const x = feat(0);
    const y = feat(1);
    expect(key(simplify(bin(OP.add, bin(OP.mul, cnst(2), cnst(3)), x), ops))).toBe(key(bin(OP.add, x, cnst(6))));
    expect(key(simplify(bin(OP.mul, x, cnst(1)), ops))).toBe('x0');
    expect(key(simplify(bin(OP.sub, bin(OP.add, x, y), x), ops))).toBe('x1');
    expect(key(simplify(bin(OP.div, bin(OP.mul, x, y), y), ops))).toBe('x0');
    expect(key(simplify(bin(OP.mul, x, cnst(0)), ops))).toBe('0');
    expect(toSympy(simplify(bin(OP.add, bin(OP.add, cnst(1), x), bin(OP.add, cnst(2), x)), ops), names)).toBe(
      '2*x0 + 3',
    );
    expect(toSympy(simplify(bin(OP.mul, cnst(2), bin(OP.mul, x, cnst(3))), ops), names)).toBe('6*x0');
  });
});

describe('simplifier: shifts by pi and constant powers', () => {
  it('turns sin(y + pi) into -sin(y) and (c*x)^2 into c^2*x^2', () => {
    const y = feat(1);
    const s1 = simplify(bin(OP.add, un(OP.sin, bin(OP.add, y, cnst(3.1415926535897936))), feat(0)), ops);
    expect(toSympy(s1, names)).toBe('-sin(x1) + x0');
    const s2 = simplify(bin(OP.pow, bin(OP.mul, cnst(0.5), feat(0)), cnst(2)), ops);
    expect(toSympy(s2, names)).toBe('0.25*x0**2');
    const s3 = simplify(un(OP.cos, bin(OP.sub, y, cnst(2 * Math.PI))), ops);
    expect(toSympy(s3, names)).toBe('cos(x1)');
    expect(toSympy(simplify(un(OP.cos, bin(OP.sub, y, cnst(Math.PI / 2))), ops), names)).toBe('sin(x1)');
    expect(toSympy(simplify(un(OP.sin, bin(OP.add, y, cnst(Math.PI / 2))), ops), names)).toBe('cos(x1)');
    expect(toSympy(simplify(un(OP.cos, bin(OP.add, y, cnst(Math.PI / 2))), ops), names)).toBe('-sin(x1)');
  });
});
