/**
 * The cofacets of a simplex, one at a time and without allocation (Bauer 2021, section 3.3, the coboundary
 * enumeration of the combinatorial number system). For the d-simplex with vertices v[0] > ... > v[d] and index
 * idx = sum_i C(v[i], d+1-i), inserting a vertex j with k vertices above it gives the cofacet
 *   above + C(j, d+2-k) + below,
 * where `above` sums the k vertices above j, each moved up one place (C(v[i], d+2-i)), and `below` the rest, in
 * their places (C(v[i], d+1-i)). Walking j downwards, each vertex of the simplex passes once from `below` to `above`,
 * so a whole coboundary costs O(candidates + d).
 *
 * Candidates j come from the shortest neighbour list among the simplex's vertices (`neighbors.ts`), in decreasing
 * order, so the cofacets come in decreasing index order. Position k is the sign: the cofacet's coefficient of the
 * simplex is (-1)^k.
 */
import type { BinomialTable } from './combinatorial';
import { listFor, type CandidateLists } from './neighbors';

export class CofacetCursor {
  /** Vertex the current cofacet adds. */
  vertex = -1;
  /** Number of the simplex's vertices above `vertex` (its place in the cofacet; the sign is (-1)^position). */
  position = 0;

  private readonly D: Float64Array;
  private readonly n: number;
  private readonly B: Float64Array;
  private readonly S: number;
  private readonly lists: CandidateLists;
  private readonly cand: Int32Array;
  private readonly candStart: Int32Array;
  /** The simplex's vertices (decreasing) and their row offsets in D; sized for up to 8 vertices. */
  private readonly v = new Int32Array(8);
  private readonly rows = new Int32Array(8);
  private dim = 0;
  private above = 0;
  private below = 0;
  private t = 0;
  private tEnd = 0;

  constructor(D: Float64Array, n: number, binom: BinomialTable, lists: CandidateLists) {
    this.D = D;
    this.n = n;
    this.B = binom.table;
    this.S = binom.stride;
    this.lists = lists;
    this.cand = lists.list;
    this.candStart = lists.start;
  }

  /** Starts the walk over the cofacets of the dim-simplex `index` with vertices[0..dim] (decreasing). */
  reset(index: number, vertices: Int32Array, dim: number): void {
    const v = this.v;
    const n = this.n;
    for (let i = 0; i <= dim; i++) {
      v[i] = vertices[i];
      this.rows[i] = vertices[i] * n;
    }
    this.dim = dim;
    this.above = 0;
    this.below = index;
    this.position = 0;
    this.vertex = -1;
    const L = listFor(this.lists, v, dim);
    this.t = this.candStart[L];
    this.tEnd = this.candStart[L + 1];
  }

  /** Candidates not yet visited: an upper bound on the cofacets still to come. */
  remaining(): number {
    return this.tEnd - this.t;
  }

  /**
   * Moves to the next cofacet (by decreasing index); false when there is none. With allCofacets false, also false
   * at the first cofacet whose new vertex is not above all of the simplex's (Ripser's has_next(false): the cofacets
   * that the assembly of the next degree generates from this simplex).
   */
  next(allCofacets = true): boolean {
    const v = this.v;
    const d = this.dim;
    const cand = this.cand;
    const tEnd = this.tEnd;
    let k = this.position;
    for (let t = this.t; t < tEnd; t++) {
      const j = cand[t];
      if (k <= d && v[k] > j) {
        if (!allCofacets) break;
        const B = this.B;
        const S = this.S;
        do {
          this.below -= B[(d + 1 - k) * S + v[k]];
          this.above += B[(d + 2 - k) * S + v[k]];
          k++;
        } while (k <= d && v[k] > j);
        this.position = k;
      }
      if (k <= d && v[k] === j) continue;
      this.t = t + 1;
      this.vertex = j;
      return true;
    }
    this.t = tEnd; // also after a stop of next(false): the walk is over
    return false;
  }

  /** Index of the current cofacet. */
  index(): number {
    return this.above + this.B[(this.dim + 2 - this.position) * this.S + this.vertex] + this.below;
  }

  /** Diameter of the current cofacet of a simplex of diameter `diam`: diam or the longest edge to the new vertex. */
  diameter(diam: number): number {
    const D = this.D;
    const rows = this.rows;
    const j = this.vertex;
    let cd = diam;
    for (let i = 0; i <= this.dim; i++) {
      const x = D[rows[i] + j];
      if (x > cd) cd = x;
    }
    return cd;
  }

  /** True when an edge to the new vertex is longer than `diam` (stops at the first: cheaper than `diameter`). */
  exceeds(diam: number): boolean {
    const D = this.D;
    const rows = this.rows;
    const j = this.vertex;
    for (let i = 0; i <= this.dim; i++) if (D[rows[i] + j] > diam) return true;
    return false;
  }
}
