/**
 * Ollivier-Ricci curvature of the edges of an unweighted graph (Ollivier, "Ricci curvature of Markov chains on
 * metric spaces", J. Funct. Anal. 256, 2009; the lazy walk of Lin, Lu & Yau 2011 with idleness alpha):
 * kappa(x, y) = 1 - W1(m_x, m_y) / d(x, y), m_x = alpha delta_x + (1 - alpha) uniform on the neighbours of x,
 * d the hop distance, alpha = 0.5. W1 is solved exactly (transport.ts). Between u in N[x] and v in N[y], d(u, v) is
 * 0, 1, 2 or 3 (u - x - y - v is a path), read from the sorted neighbour lists.
 */
import { tooLarge } from '../../core/errors';
import type { Adjacency } from './adjacency';
import { transportCost } from './transport';

export const RICCI_ALPHA = 0.5;
/** Largest product of the two supports (|N[x]| |N[y]|) solved exactly. */
export const RICCI_MAX_SUPPORT_PRODUCT = 10_000;

function adjacent(a: Adjacency, u: number, v: number): boolean {
  let lo = a.start[u];
  let hi = a.start[u + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = a.nbr[mid];
    if (w === v) return true;
    if (w < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function shareNeighbour(a: Adjacency, u: number, v: number): boolean {
  let i = a.start[u];
  let j = a.start[v];
  while (i < a.start[u + 1] && j < a.start[v + 1]) {
    if (a.nbr[i] === a.nbr[j]) return true;
    if (a.nbr[i] < a.nbr[j]) i++;
    else j++;
  }
  return false;
}

function hop(a: Adjacency, u: number, v: number): number {
  if (u === v) return 0;
  if (adjacent(a, u, v)) return 1;
  return shareNeighbour(a, u, v) ? 2 : 3;
}

function measure(a: Adjacency, x: number): { support: number[]; mass: Float64Array } {
  const deg = a.start[x + 1] - a.start[x];
  const support = [x];
  for (let p = a.start[x]; p < a.start[x + 1]; p++) support.push(a.nbr[p]);
  const mass = new Float64Array(support.length).fill((1 - RICCI_ALPHA) / deg);
  mass[0] = RICCI_ALPHA;
  return { support, mass };
}

/** kappa of the edge x - y (adjacent). */
export function edgeCurvature(a: Adjacency, x: number, y: number, file?: string): number {
  const mx = measure(a, x);
  const my = measure(a, y);
  const p = mx.support.length;
  const q = my.support.length;
  if (p * q > RICCI_MAX_SUPPORT_PRODUCT)
    throw tooLarge(
      `Ollivier-Ricci curvature of an edge whose endpoints have ${p - 1} and ${q - 1} neighbours: the exact transport problem (${p} x ${q}) is over the limit of ${RICCI_MAX_SUPPORT_PRODUCT} cells; use another --graph-function`,
      { file },
    );
  const cost = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) cost[i * q + j] = hop(a, mx.support[i], my.support[j]);
  return 1 - transportCost(mx.mass, my.mass, cost);
}
