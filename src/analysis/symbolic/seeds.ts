import { leastSquares } from './sindy';
import { OP } from './operators';
import type { OperatorSet } from './operators';
import type { Node } from './tree';
import { bin, cnst, feat } from './tree';

/**
 * A power-law seed for table searches: when the target keeps one sign and every feature is positive, fit
 * log|y| = log c + sum_i a_i log x_i by least squares and round each exponent to the nearest half-integer, giving
 * c * prod x_i^a_i. Many physical laws are monomials (about a third of the Feynman set), and this linear fit finds
 * their exponents at once, which random mutation finds slowly; the search then fits c and builds on the seed.
 * Returns the seeds (possibly none); only operators present in `ops` are used.
 */
export function powerLawSeeds(X: Float64Array[], y: Float64Array, ops: OperatorSet): Node[] {
  const n = y.length;
  if (n < X.length + 2 || X.length === 0 || !ops.binary.includes(OP.mul)) return [];
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.sign(y[i]);
    if (s === 0 || (sign !== 0 && s !== sign)) return [];
    sign = s;
  }
  const usable: number[] = [];
  for (let j = 0; j < X.length; j++) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = X[j][i] > 0;
    if (ok) usable.push(j);
  }
  if (usable.length === 0) return [];
  const cols = [new Float64Array(n).fill(1), ...usable.map((j) => Float64Array.from(X[j], Math.log))];
  const ly = Float64Array.from(y, (v) => Math.log(Math.abs(v)));
  const coef = leastSquares(cols, ly, n);
  if (!coef.every(Number.isFinite)) return [];
  let tree: Node = cnst(sign * Math.exp(coef[0]));
  let any = false;
  usable.forEach((j, k) => {
    const a = Math.round(coef[k + 1] * 2) / 2;
    if (a === 0) return;
    any = true;
    const mag = Math.abs(a);
    let factor: Node;
    if (mag === 1) factor = feat(j);
    else if (mag === 0.5 && ops.unary.includes(OP.sqrt)) factor = { t: 'u', op: OP.sqrt, a: feat(j) };
    else if (Number.isInteger(mag) && mag <= 3 && !ops.binary.includes(OP.pow)) {
      factor = feat(j);
      for (let m = 1; m < mag; m++) factor = bin(OP.mul, factor, feat(j));
    } else if (ops.binary.includes(OP.pow)) factor = bin(OP.pow, feat(j), cnst(mag));
    else return;
    tree = a > 0 ? bin(OP.mul, tree, factor) : ops.binary.includes(OP.div) ? bin(OP.div, tree, factor) : tree;
  });
  return any ? [tree] : [];
}
