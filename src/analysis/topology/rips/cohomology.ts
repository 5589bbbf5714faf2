/**
 * Persistent cohomology of the Vietoris-Rips filtration in one degree d >= 1, after Bauer, "Ripser: efficient
 * computation of Vietoris-Rips persistence barcodes", J Appl Comput Topol 5 (2021):
 * - coboundary columns are never stored: cofacets of a d-simplex are enumerated from its vertices (the
 *   combinatorial number system; inserting vertex j gives index idxAbove + C(j, d+2-k) + idxBelow);
 * - only the reduction matrix V is kept; a reduced column is recomputed as the sum of coboundaries of V's entries
 *   (implicit matrix reduction), in a heap ordered by the filtration;
 * - clearing: d-simplices that are pivots of degree d-1 are not columns (Chen & Kerber's twist);
 * - apparent and emergent pairs: when the first cofacet of equal diameter is not yet a pivot, it is
 *   the pivot of the unreduced column and the pair is settled without building the column.
 * Filtration order of simplices: diameter ascending, ties by index descending; columns are processed in the reverse
 * (diameter descending, index ascending), and a column's pivot is its earliest cofacet in the filtration order.
 */
import type { CancelSignal } from '../../core/context';
import type { BinomialTable } from './combinatorial';
import { EntryHeap } from './entry-heap';
import { tooLarge } from '../../core/errors';
import { F64List, I32List } from './growable';
import { PivotMap } from './pivot-map';
import { CofacetCursor } from './cofacets';
import type { CandidateLists } from './neighbors';

export interface DegreeInput {
  /** Columns in reduction order: diameter descending, index ascending. */
  columnIndex: Float64Array;
  columnDiam: Float64Array;
}

export interface DegreeOutput {
  births: Float64Array;
  deaths: Float64Array;
  /** Pivots ((d+1)-simplices) of this degree: clearing set for degree d+1. */
  pivots: PivotMap;
  shortcutPairs: number;
  /** With `cocycles`: for each bar, its column of V (simplex indices and Z/p coefficients), in the order of births. */
  cocycles?: { index: Float64Array; coef: Int32Array }[];
}

export function modularInverses(p: number): Int32Array {
  const inv = new Int32Array(p);
  for (let a = 1; a < p; a++) {
    // Fermat: a^(p-2) mod p (p prime, small).
    let r = 1;
    let b = a % p;
    let e = p - 2;
    while (e > 0) {
      if (e & 1) r = (r * b) % p;
      b = (b * b) % p;
      e >>= 1;
    }
    inv[a] = r;
  }
  return inv;
}

export class RipsCohomology {
  private readonly D: Float64Array;
  private readonly n: number;
  private readonly B: Float64Array;
  private readonly stride: number;
  private readonly binom: BinomialTable;
  private readonly threshold: number;
  private readonly p: number;
  private readonly inv: Int32Array;
  private readonly heap: EntryHeap;
  private readonly budget: number;
  /** Key packing factor of the heap (1 over Z/2). */
  private readonly P: number;
  /** Scratch vertex lists (descending), sized for up to 5 vertices (d <= 3 plus one). */
  private readonly va = new Int32Array(8);
  private readonly vb = new Int32Array(8);
  /** Coefficient of the cofacet found by the last zeroPivotCofacet call. */
  private lastCoef = 1;
  /** Cofacet walks: `walk` for coboundaries, `probe` for apparent-pair tests made in the middle of a walk. */
  private readonly walk: CofacetCursor;
  private readonly probe: CofacetCursor;

  constructor(
    D: Float64Array,
    n: number,
    binom: BinomialTable,
    threshold: number,
    modulus: number,
    lists: CandidateLists,
    memoryBudgetBytes = Infinity,
  ) {
    this.walk = new CofacetCursor(D, n, binom, lists);
    this.budget = memoryBudgetBytes;
    this.probe = new CofacetCursor(D, n, binom, lists);
    this.D = D;
    this.n = n;
    this.binom = binom;
    this.B = binom.table;
    this.stride = binom.stride;
    this.threshold = threshold;
    this.p = modulus;
    this.inv = modularInverses(modulus);
    this.heap = new EntryHeap(modulus, 4096);
    this.heap.maxBytes = memoryBudgetBytes;
    this.P = this.heap.P;
  }

  /**
   * The up-front estimate (estimate.ts) counts simplices with independent edges; clustered clouds can need far more
   * (the reduction matrix and the pivots of a dense H1). This bounds what the reduction actually holds.
   */
  private checkMemory(d: number, held: number): void {
    const total = held + this.D.byteLength + this.heap.bytes();
    if (total > this.budget)
      throw tooLarge(
        `the Rips reduction in degree ${d} holds ${Math.round(total / 2 ** 20)} MB (distance matrix, reduction matrix, pivots), over the memory budget of ${Math.round(this.budget / 2 ** 20)} MB: lower --max-dim, set a smaller --threshold or use --landmarks`,
      );
  }

  /** Diameter of a simplex from its decoded vertices v[0..dim]. */
  private diameterOf(v: Int32Array, dim: number): number {
    const D = this.D;
    const n = this.n;
    let m = 0;
    for (let a = 1; a <= dim; a++) {
      const row = v[a] * n;
      for (let b = 0; b < a; b++) {
        const x = D[row + v[b]];
        if (x > m) m = x;
      }
    }
    return m;
  }

  /**
   * Results of zeroPivotCofacet and facetOf, passed in fields rather than returned: simplex indices exceed the small
   * integer range, and a double returned from a call that is not inlined is boxed (garbage per call).
   */
  private lastIdx = -1;
  private lastFacet = -1;
  /** Inserted vertex and its position (number of vertices above it) of the last zeroPivotCofacet hit. */
  private lastJ = -1;
  private lastK = -1;

  /**
   * First cofacet (in decreasing index order, i.e. the latest-indexed) of the d-simplex idx with vertices v and
   * diameter diam that has the same diameter: true and its index in lastIdx, or false. Sets lastCoef, lastJ, lastK.
   */
  private zeroPivotCofacet(idx: number, v: Int32Array, d: number, diam: number): boolean {
    const c = this.probe;
    c.reset(idx, v, d);
    while (c.next()) {
      if (c.exceeds(diam)) continue;
      const k = c.position;
      this.lastCoef = k & 1 ? this.p - 1 : 1;
      this.lastJ = c.vertex;
      this.lastK = k;
      this.lastIdx = c.index();
      return true;
    }
    return false;
  }

  /**
   * For a simplex with m vertices w[0..m-1] (decreasing) and diameter diam: the position r of the vertex whose
   * removal leaves a facet of the same diameter with the smallest index (the latest facet in the filtration order),
   * or -1. Removing a larger vertex gives a smaller index, so the first hit from the top is it.
   */
  private zeroFacetPosition(w: Int32Array, m: number, diam: number): number {
    const D = this.D;
    const n = this.n;
    for (let r = 0; r < m; r++) {
      let fd = 0;
      for (let a = 1; a < m; a++) {
        if (a === r) continue;
        const row = w[a] * n;
        for (let b = 0; b < a; b++) {
          if (b === r) continue;
          const x = D[row + w[b]];
          if (x > fd) fd = x;
        }
      }
      if (fd === diam) return r;
    }
    return -1;
  }

  /** Index (to lastFacet) of the facet of the m-vertex simplex w without w[r]; writes its vertices to out. */
  private facetOf(w: Int32Array, m: number, r: number, out: Int32Array): void {
    const B = this.B;
    const S = this.stride;
    let f = 0;
    for (let t = 0, q = 0; t < m; t++) {
      if (t === r) continue;
      out[q++] = w[t];
      f += t < r ? B[(m - 1 - t) * S + w[t]] : B[(m - t) * S + w[t]];
    }
    this.lastFacet = f;
  }

  /** Is tau (vertices u, index tauIdx) the apparent partner of its facet without u[r] (which then owns it)? */
  private claimedByFacet(u: Int32Array, r: number, fb: Int32Array, d: number, diam: number, tauIdx: number): boolean {
    this.facetOf(u, d + 2, r, fb);
    return this.zeroPivotCofacet(this.lastFacet, fb, d, diam) && this.lastIdx === tauIdx;
  }

  private readonly wa = new Int32Array(8);
  private readonly fa = new Int32Array(8);

  /**
   * True if the (m-1)-simplex tau (vertices w[0..m-1], index tauIdx) is the cofacet of an apparent pair (f, tau)
   * (Bauer 2021, apparent pairs: f is tau's latest facet and tau is f's earliest cofacet, all of one diameter).
   */
  hasApparentFacet(tauIdx: number, w: Int32Array, m: number, diam: number): boolean {
    const r = this.zeroFacetPosition(w, m, diam);
    if (r < 0) return false;
    this.facetOf(w, m, r, this.fa);
    return this.zeroPivotCofacet(this.lastFacet, this.fa, m - 2, diam) && this.lastIdx === tauIdx;
  }

  /** True if the d-simplex sigma (vertices v[0..d]) is the facet of an apparent pair: it is then never a column. */
  hasApparentCofacet(sigma: number, v: Int32Array, d: number, diam: number): boolean {
    if (!this.zeroPivotCofacet(sigma, v, d, diam)) return false;
    const k = this.lastK;
    const j = this.lastJ;
    const w = this.wa;
    for (let t = 0, q = 0; t <= d + 1; t++) w[t] = t === k ? j : v[q++];
    return this.zeroFacetPosition(w, d + 2, diam) === k;
  }

  /** As hasApparentCofacet, decoding sigma's vertices first. */
  hasApparentCofacetIdx(sigma: number, d: number, diam: number): boolean {
    this.binom.vertices(sigma, d, this.vc);
    return this.hasApparentCofacet(sigma, this.vc, d, diam);
  }

  private readonly vc = new Int32Array(8);

  /** Pushes factor * coboundary of the d-simplex idx (cofacets within the threshold) onto the heap. */
  private pushCoboundary(idx: number, d: number, factor: number): void {
    const thr = this.threshold;
    const p = this.p;
    const v = this.vb;
    const heap = this.heap;
    const P = this.P;
    this.binom.vertices(idx, d, v);
    const diam = this.diameterOf(v, d);
    const plus = factor % p;
    const minus = (p - plus) % p;
    const c = this.walk;
    c.reset(idx, v, d);
    while (c.next()) {
      const cd = c.diameter(diam);
      if (cd > thr) continue;
      const cidx = c.index();
      heap.push(cd, P === 1 ? cidx : cidx * P + (c.position & 1 ? minus : plus));
    }
  }

  /** Reduces all columns of degree d. */
  reduce(
    d: number,
    input: DegreeInput,
    signal?: CancelSignal,
    onProgress?: (f: number) => void,
    cocycles = false,
  ): DegreeOutput {
    const { columnIndex, columnDiam } = input;
    const ncols = columnIndex.length;
    const thr = this.threshold;
    const p = this.p;
    const inv = this.inv;
    const heap = this.heap;
    const v = this.va;
    const u = new Int32Array(8);
    const fb = new Int32Array(8);
    // Sized small: in the top degree most pairs are apparent and never stored; the map grows on demand.
    const map = new PivotMap(Math.min(ncols, 1 << 16));
    const births = new F64List();
    const deaths = new F64List();
    // V, the reduction matrix: column c holds entries vIdx/vCoef[vStart[c] .. vStart[c] + vLen[c]).
    const vStart = new Int32Array(ncols);
    const vLen = new Int32Array(ncols);
    const vIdx = new F64List(1024);
    const vCoef = new I32List(1024);
    const wIdx = new F64List(256);
    const wCoef = new I32List(256);
    let shortcut = 0;
    const reps: { index: Float64Array; coef: Int32Array }[] | undefined = cocycles ? [] : undefined;
    const record = (sigma: number): void => {
      if (reps) reps.push(combineCochain(sigma, wIdx.data.subarray(0, wIdx.length), wCoef.data, p));
    };

    const addColumn = (c2: number, factor: number): void => {
      this.pushCoboundary(columnIndex[c2], d, factor);
      wIdx.push(columnIndex[c2]);
      wCoef.push(factor);
      const s = vStart[c2];
      const e = s + vLen[c2];
      for (let t = s; t < e; t++) {
        const f2 = (vCoef.data[t] * factor) % p;
        this.pushCoboundary(vIdx.data[t], d, f2);
        wIdx.push(vIdx.data[t]);
        wCoef.push(f2);
      }
    };

    // Cofacets seen before an emergent pivot are buffered, not pushed: most columns end in the shortcut.
    let bufD = new Float64Array(1024);
    let bufX = new Float64Array(1024);
    let bufC = new Int32Array(1024);
    for (let c = 0; c < ncols; c++) {
      if ((c & 4095) === 0) {
        signal?.throwIfCancelled();
        onProgress?.(c / ncols);
        this.checkMemory(d, vIdx.data.byteLength + vCoef.data.byteLength + map.bytes());
      }
      const sigma = columnIndex[c];
      const diam = columnDiam[c];
      this.binom.vertices(sigma, d, v);
      // Enumerate the coboundary, looking for an emergent pair on the way.
      let checkEmergent = true;
      let settled = false;
      let nb = 0;
      const cur = this.walk;
      cur.reset(sigma, v, d);
      if (bufD.length < cur.remaining()) {
        bufD = new Float64Array(cur.remaining());
        bufX = new Float64Array(cur.remaining());
        bufC = new Int32Array(cur.remaining());
      }
      while (cur.next()) {
        const cd = cur.diameter(diam);
        if (cd > thr) continue;
        const cidx = cur.index();
        const k = cur.position;
        const j = cur.vertex;
        const coef = k & 1 ? p - 1 : 1;
        if (checkEmergent && cd === diam) {
          checkEmergent = false;
          if (!map.has(cidx)) {
            // Apparent pairs are never stored: unless cidx is the apparent partner of its facet f, which
            // was settled without a column, sigma claims it.
            for (let t = 0, q = 0; t <= d + 1; t++) u[t] = t === k ? j : v[q++];
            const r = this.zeroFacetPosition(u, d + 2, diam);
            if (r === k)
              settled = true; // (sigma, cidx) itself is apparent
            else if (r < 0 || !this.claimedByFacet(u, r, fb, d, diam, cidx)) {
              settled = true;
              map.set(cidx, c, coef);
            }
            if (settled) {
              shortcut++;
              break;
            }
          }
        }
        bufD[nb] = cd;
        bufX[nb] = cidx;
        bufC[nb] = coef;
        nb++;
      }
      if (settled) continue;
      heap.clear();
      const P = this.P;
      for (let t = 0; t < nb; t++) heap.push(bufD[t], P === 1 ? bufX[t] : bufX[t] * P + bufC[t]);

      wIdx.length = 0;
      wCoef.length = 0;
      let pendD = 0;
      let pendX = -1;
      let pendC = 0;
      for (;;) {
        if (!heap.settle(p, pendD, pendX, pendC)) {
          births.push(diam);
          deaths.push(Infinity);
          record(sigma);
          break;
        }
        const pd = heap.outDiam;
        const px = heap.outIdx;
        const pc = heap.outCoef;
        pendD = pd;
        pendX = px;
        pendC = pc;
        const slot = map.find(px);
        if (slot >= 0) {
          const c2 = map.columnAt(slot);
          const factor = (p - ((pc * inv[map.coefficientAt(slot)]) % p)) % p;
          addColumn(c2, factor);
          continue;
        }
        // Not a stored pivot: it may be the cofacet of an apparent pair, whose column is the bare coboundary.
        this.binom.vertices(px, d + 1, u);
        const r = this.zeroFacetPosition(u, d + 2, pd);
        let f = -1;
        if (r >= 0) {
          this.facetOf(u, d + 2, r, fb);
          f = this.lastFacet;
        }
        if (f >= 0 && f !== sigma) {
          if (this.zeroPivotCofacet(f, fb, d, pd) && this.lastIdx === px) {
            const factor = (p - ((pc * inv[this.lastCoef]) % p)) % p;
            this.pushCoboundary(f, d, factor);
            wIdx.push(f);
            wCoef.push(factor);
            continue;
          }
        }
        if (pd > diam) {
          births.push(diam);
          deaths.push(pd);
          record(sigma);
        }
        map.set(px, c, pc);
        this.storeV(c, wIdx, wCoef, vStart, vLen, vIdx, vCoef);
        break;
      }
    }
    onProgress?.(1);
    return {
      births: births.toArray(),
      deaths: deaths.toArray(),
      pivots: map,
      shortcutPairs: shortcut,
      cocycles: reps,
    };
  }

  /** Combines duplicate entries of the working V column (mod p) and appends it to the V store. */
  private storeV(
    c: number,
    wIdx: F64List,
    wCoef: I32List,
    vStart: Int32Array,
    vLen: Int32Array,
    vIdx: F64List,
    vCoef: I32List,
  ): void {
    const m = wIdx.length;
    vStart[c] = vIdx.length;
    if (m === 0) return;
    const p = this.p;
    if (p === 2) {
      const a = wIdx.data.subarray(0, m);
      a.sort();
      let t = 0;
      while (t < m) {
        let e = t + 1;
        while (e < m && a[e] === a[t]) e++;
        if ((e - t) & 1) {
          vIdx.push(a[t]);
          vCoef.push(1);
        }
        t = e;
      }
    } else {
      const order = Array.from({ length: m }, (_, i) => i);
      const X = wIdx.data;
      order.sort((x, y) => X[x] - X[y]);
      let t = 0;
      while (t < m) {
        const x = X[order[t]];
        let s = 0;
        while (t < m && X[order[t]] === x) s += wCoef.data[order[t++]];
        s %= p;
        if (s !== 0) {
          vIdx.push(x);
          vCoef.push(s);
        }
      }
    }
    vLen[c] = vIdx.length - vStart[c];
  }
}

/**
 * The cochain sigma + sum of coef[t] * idx[t] over Z/p, duplicates combined, zeros dropped, sorted by index. This is
 * the column of the reduction matrix V for sigma: its coboundary is the reduced column, whose entries all lie at or
 * after the death simplex in the filtration, so it is a cocycle of every complex of the filtration before the death.
 */
function combineCochain(
  sigma: number,
  idx: Float64Array,
  coef: Int32Array,
  p: number,
): { index: Float64Array; coef: Int32Array } {
  const acc = new Map<number, number>([[sigma, 1]]);
  for (let t = 0; t < idx.length; t++) acc.set(idx[t], ((acc.get(idx[t]) ?? 0) + coef[t]) % p);
  const keys = [...acc.keys()].filter((k) => acc.get(k)! % p !== 0).sort((x, y) => x - y);
  return { index: Float64Array.from(keys), coef: Int32Array.from(keys, (k) => acc.get(k)!) };
}
