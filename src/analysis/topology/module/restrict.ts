/**
 * Summands as regions of the plane, and their restriction to any slope-1 line.
 *
 * In the line coordinates (c, s) of line.ts, the upset of a birth corner at (c_i, s_i) meets the line of offset c
 * from s_i + |c - c_i|/2 on, and the downset of a death corner up to s_i - |c - c_i|/2. The summand, the points
 * above some birth corner and below some death corner, restricts to the line of offset c as the bar
 *   [beta(c), delta(c)),  beta(c) = min_i b_i + |c - c_i|/2,  delta(c) = max_i d_i - |c - c_i|/2,
 * (empty when delta(c) <= beta(c)). Along a chain the births and deaths move by at most h/2 between lines h apart
 * (approximate.ts), so the min and max are attained at the family lines next to c (or the chain's end nearest to
 * c): on a line of the chain the bar is the chain's own bar, beyond the chain it is empty (the end bars have length
 * at most h), and between two lines it is within |c - c_k|/2 of the bar on the line c_k. With the stability of the
 * true barcodes this gives, on any slope-1 line between the family's first and last, a bottleneck distance at most
 * delta/2 between the restricted summands and the true fibered barcode.
 */
import { lineOffset, type LineFamily } from './family';
import type { Summand } from './approximate';

/**
 * beta(c) and delta(c) of a summand (see the header), whether or not the bar they bound is empty. The min and max
 * run over the family lines next to c only: the chain's Lipschitz bound makes the others no smaller (no larger).
 */
export function summandProfile(sm: Summand, family: LineFamily, c: number): [number, number] {
  const last = sm.firstLine + sm.births.length - 1;
  const u = (c - family.c0) / family.step;
  const lo = Math.min(Math.max(Math.floor(u), sm.firstLine), last);
  const hi = Math.min(Math.max(Math.ceil(u), sm.firstLine), last);
  let beta = Infinity;
  let delta = -Infinity;
  for (let k = lo; k <= hi; k++) {
    const half = Math.abs(c - lineOffset(family, k)) / 2;
    const i = k - sm.firstLine;
    beta = Math.min(beta, sm.births[i] + half);
    delta = Math.max(delta, sm.deaths[i] - half);
  }
  return [beta, delta];
}

/** Bar of a summand on the line of offset c, in the line parameter s; null when empty. */
export function restrictSummand(sm: Summand, family: LineFamily, c: number): [number, number] | null {
  const [beta, delta] = summandProfile(sm, family, c);
  // the end bars of a chain have length <= h (1 + 1e-9): what is left beyond them is rounding, not a bar
  return delta - beta > 1e-8 * family.step ? [beta, delta] : null;
}

/** The barcode of the summands of one degree restricted to the line of offset c. */
export function restrictModule(
  summands: readonly Summand[],
  family: LineFamily,
  degree: number,
  c: number,
): { births: Float64Array; deaths: Float64Array } {
  const b: number[] = [];
  const d: number[] = [];
  for (const sm of summands) {
    if (sm.degree !== degree) continue;
    const bar = restrictSummand(sm, family, c);
    if (bar) {
      b.push(bar[0]);
      d.push(bar[1]);
    }
  }
  return { births: Float64Array.from(b), deaths: Float64Array.from(d) };
}

/** The point of the plane at parameter s on the line of offset c. */
export function planePoint(c: number, s: number): [number, number] {
  return [s + c / 2, s - c / 2];
}

/**
 * Lower and upper staircase corners of a summand in the plane: the births and the deaths (deaths at infinity are
 * left out of the upper staircase: the summand is unbounded above there). Along a chain consecutive births have
 * x non-decreasing and y non-increasing (they move by at most h/2 in s while c grows by h), so the corners are in
 * staircase order already.
 */
export function summandCorners(sm: Summand, family: LineFamily): { lower: number[][]; upper: number[][] } {
  const lower: number[][] = [];
  const upper: number[][] = [];
  for (let i = 0; i < sm.births.length; i++) {
    const c = lineOffset(family, sm.firstLine + i);
    lower.push(planePoint(c, sm.births[i]));
    if (sm.deaths[i] !== Infinity) upper.push(planePoint(c, sm.deaths[i]));
  }
  return { lower, upper };
}
