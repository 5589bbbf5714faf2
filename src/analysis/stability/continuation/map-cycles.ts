/**
 * Special points of maps' cycles seen more than once. A k-cycle is k fixed points of f^k, so one cycle's flip or
 * fold turns up at each of its points (images f^j(x)); and a period-doubled branch of f^k meets the period-d branch
 * (k = 2d) at the latter's flip, where the f^k problem has a branch point (and a turn of the parameter) that only
 * repeats the flip. Both are recognised here so that the diagram, the lenses and the two-parameter curves list each
 * bifurcation once.
 */
import { EquilibriumProblem, type ModelFunctions } from './system';
import { eigenvaluesRowMajor } from './tests';

/** The k points x, f(x), ..., f^(k-1)(x) of the cycle through x at parameter vector `params`. */
export function cycleImages(fns: ModelFunctions, params: Float64Array, x: readonly number[], k: number): number[][] {
  const out = [Array.from(x)];
  let cur = Float64Array.from(x);
  const next = new Float64Array(fns.n);
  for (let j = 1; j < k; j++) {
    fns.rhs(cur, params, next);
    cur = next.slice();
    out.push(Array.from(cur));
  }
  return out;
}

/**
 * Whether x, a point of the k-cycle branch at parameter value lambda, is where it meets the branch of period
 * d = k / 2 at that branch's flip: x is (nearly) a fixed point of f^d and D f^d has a real multiplier near -1.
 */
export function isLowerPeriodFlip(
  fns: ModelFunctions,
  base: Float64Array,
  paramIndex: number,
  x: readonly number[],
  lambda: number,
  k: number,
): boolean {
  if (k % 2 !== 0) return false;
  const d = k / 2;
  const problem = new EquilibriumProblem(fns, base, paramIndex, d);
  const u = new Float64Array(fns.n + 1);
  u.set(x, 0);
  u[fns.n] = lambda;
  const g = new Float64Array(fns.n);
  problem.residual(u, g);
  const size = 1 + Math.max(...x.map(Math.abs));
  if (!(Math.max(...Array.from(g, Math.abs)) < 1e-2 * size)) return false;
  const j = new Float64Array(fns.n * fns.n);
  problem.stateJacobian(u.subarray(0, fns.n), lambda, j);
  return eigenvaluesRowMajor(j, fns.n).some(([re, im]) => Math.abs(im) < 1e-6 && Math.abs(re + 1) < 0.05);
}
