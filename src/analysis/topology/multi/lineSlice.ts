/**
 * One-parameter barcode of the bifiltration along a line L(s) = p + s d with d > 0 componentwise (what RIVET shows
 * interactively; Lesnick & Wright 2015, "Interactive visualization of 2-D persistence modules"). Each
 * simplex of grade g = (x, y) enters the line filtration at the smallest s with L(s) >= g:
 *   s(g) = max((x - p_r) / d_r, (y - p_t) / d_t).
 * s is monotone in g and the grade of a simplex is the join of its edges' grades, so s(simplex) = max over its
 * edges of s(edge): the line filtration is again a flag filtration (vertex values s_v, edge values s_e) and the
 * degree 0/1 reducer of flagReducer.ts computes it exactly. Edges longer than the bifiltration's threshold stay out.
 */
import type { AnalysisContext } from '../../core/context';
import { badInput } from '../../core/errors';
import { buildEdgeOrder } from './edgeOrder';
import { createFlagReducer } from './flagReducer';
import type { RelabelledBifiltration } from './compute';

export interface LineBarcode {
  /** The line: point (r, t) and direction (dr, dt), as given (not normalised). */
  point: [number, number];
  direction: [number, number];
  /** Bars in the line parameter s; death Infinity for a class that never dies (inside the threshold). */
  degrees: { degree: number; births: Float64Array; deaths: Float64Array }[];
}

export function lineBarcode(bif: RelabelledBifiltration, line: readonly number[], ctx: AnalysisContext): LineBarcode {
  if (line.length !== 4)
    throw badInput(`--line takes 4 numbers r,t,dr,dt (a point and a direction), got ${line.length}`);
  const [pr, pt, dr, dt] = line;
  if (!line.every(Number.isFinite)) throw badInput(`--line values must be finite, got ${line.join(',')}`);
  if (!(dr > 0 && dt > 0))
    throw badInput(`--line direction (${dr}, ${dt}) must have both components > 0 (a line of positive slope)`);
  const { order, f } = bif;
  const n = order.n;
  const push = (x: number, y: number): number => Math.max((x - pr) / dr, (y - pt) / dt);
  const vertexValue = new Float64Array(n);
  let lowest = Infinity;
  for (let v = 0; v < n; v++) {
    vertexValue[v] = push(0, f[v]);
    if (vertexValue[v] < lowest) lowest = vertexValue[v];
  }
  const edgeValue = (u: number, v: number): number => {
    const r = order.rank[u * n + v];
    if (r >= order.count) return NaN; // above the threshold: not in the bifiltration
    return push(order.value[r], Math.max(f[u], f[v]));
  };
  // Sorted on values shifted by -lowest (>= 0 for the radix sort; subtracting a constant keeps the order); the bars
  // report the unshifted values, recomputed, so that a zero-length bar stays exactly zero.
  const lineOrder = buildEdgeOrder(n, (u, v) => edgeValue(u, v) - lowest, Infinity, ctx);
  const reducer = createFlagReducer(lineOrder, ctx.signal);
  const bars = reducer.slice(n, lineOrder.count, vertexValue);
  const edgeS = (r: number): number => edgeValue(lineOrder.edgeA[r], lineOrder.edgeB[r]);

  const b0: number[] = [];
  const d0: number[] = [];
  const dead = new Uint8Array(n);
  for (let k = 0; k < bars.mergeRank.length; k++) {
    const v = bars.mergeDying[k];
    dead[v] = 1;
    const death = edgeS(bars.mergeRank[k]);
    if (death > vertexValue[v]) {
      b0.push(vertexValue[v]);
      d0.push(death);
    }
  }
  for (let v = 0; v < n; v++) {
    if (!dead[v]) {
      b0.push(vertexValue[v]);
      d0.push(Infinity);
    }
  }
  const b1: number[] = [];
  const d1: number[] = [];
  for (let k = 0; k < bars.h1Birth.length; k++) {
    const birth = edgeS(bars.h1Birth[k]);
    const death = bars.h1Death[k] < 0 ? Infinity : edgeS(bars.h1Death[k]);
    if (death > birth) {
      b1.push(birth);
      d1.push(death);
    }
  }
  reducer.release();
  return {
    point: [pr, pt],
    direction: [dr, dt],
    degrees: [
      { degree: 0, births: Float64Array.from(b0), deaths: Float64Array.from(d0) },
      { degree: 1, births: Float64Array.from(b1), deaths: Float64Array.from(d1) },
    ],
  };
}

/**
 * `count` parallel lines of slope (box height / box width) through the grid box, spread evenly across it: the
 * view's precomputed family (the user can ask for any other line with --line).
 */
export function defaultLines(r: Float64Array, t: Float64Array, count: number): number[][] {
  const r0 = r[0];
  const r1 = r[r.length - 1];
  const t0 = t[0];
  const t1 = t[t.length - 1];
  const w = r1 - r0 || 1;
  const h = t1 - t0 || 1;
  const lines: number[][] = [];
  for (let k = 0; k < count; k++) {
    // offsets from -0.75 to 0.75 of the box along the anti-diagonal: the line passes through
    // (r0 + w (1 + o)/2 - w/2, ...) i.e. the centre shifted by o/2 (w, -h)
    const o = count === 1 ? 0 : -0.75 + (1.5 * k) / (count - 1);
    const cr = r0 + w / 2 + (o * w) / 2;
    const ct = t0 + h / 2 - (o * h) / 2;
    lines.push([cr, ct, w, h]);
  }
  return lines;
}
