import { fitConstants, lossOf } from './constants';
import type { FitData, FitWorkspace } from './constants';
import type { Evaluator } from './program';
import type { Rng } from '../core/random';
import type { Node } from './tree';
import { constantNodes } from './tree';

/**
 * Rational snapping of fitted constants: each constant in turn is replaced by the nearest "simple" number
 * (an integer, p/q with q <= 12 and |p| <= 100, or p/q * pi with |p| <= 12) when one lies within 1% of it, the remaining free constants are
 * refitted, and the change is kept only when the loss does not get worse (up to `tolerance` relative, default
 * 1e-9; the search passes the AIC price of one parameter, exp(2/n) - 1; plus round-off at `absFloor`). So 0.49999 becomes 1/2 when the data say 1/2, and 0.47 stays 0.47.
 */
export function simpleCandidates(v: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  if (!Number.isFinite(v)) return out;
  for (const e of [0, 1]) {
    const base = v / Math.PI ** e;
    for (let q = 1; q <= 12; q++) {
      const p = Math.round(base * q);
      if (gcd(Math.abs(p), q) !== 1 && p !== 0) continue;
      if (p === 0 && (q !== 1 || e !== 0)) continue;
      // "simple" numbers only: small numerators for pi multiples, moderate ones for rationals
      if (e === 1 ? Math.abs(p) > 12 : q > 1 && Math.abs(p) > 100) continue;
      const value = (p / q) * Math.PI ** e;
      if (Math.abs(value - v) <= 0.01 * Math.max(Math.abs(v), 1e-12)) out.push([p, q, e]);
    }
  }
  // simplest first: integers, then small denominators, pi multiples last
  out.sort((a, b) => a[2] - b[2] || a[1] - b[1] || Math.abs(a[0]) - Math.abs(b[0]));
  return out;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export function snapConstants(
  tree: Node,
  data: FitData,
  ev: Evaluator,
  ws: FitWorkspace,
  rng: Rng,
  opts: { tolerance?: number; absFloor: number },
): number {
  const tol = opts.tolerance ?? 1e-9;
  let loss = lossOf(tree, data, ev, ws);
  const nodes = constantNodes(tree);
  for (const c of nodes) {
    if (c.r) continue;
    const original = nodes.map((d) => d.v);
    for (const [p, q, e] of simpleCandidates(c.v)) {
      c.v = (p / q) * Math.PI ** e;
      c.r = [p, q, e];
      const l = fitConstants(tree, data, ev, ws, rng, { maxIterations: 30, restarts: 0 });
      if (l <= loss * (1 + tol) + opts.absFloor) {
        loss = l;
        break;
      }
      delete c.r;
      nodes.forEach((d, k) => (d.v = original[k]));
    }
  }
  return lossOf(tree, data, ev, ws);
}
