/**
 * Euler characteristic signed measure (Loiseaux et al. 2023: the Euler characteristic function is the
 * alternating sum of the simplex-count functions, so its Möbius inversion is the signed histogram of the simplex
 * grades): every simplex of dimension d <= maxDim adds (-1)^d at its grade snapped to the grid. The complex is
 * truncated at dimension maxDim (the result says so): the measure sums, over the lower-left quadrant of a grid
 * point, to sum_{d <= maxDim} (-1)^d #(d-simplices present there).
 *
 * Grades: vertex v at (0, f_v); edge at (length, max f); triangle at (longest edge, max f). With the vertices
 * relabelled by increasing f, "max f" is the f of the largest label. Triangles are counted without enumerating
 * them: edges are added in rank order to adjacency bitsets, and when edge {a, b} (a > b) arrives, the triangles
 * whose longest edge it is are {a, b, c} with c in N(a) & N(b); those with c < a have max-f vertex a, the others c,
 * counted per f-block with masked popcounts. O(E (n/32 + nt)) time, n^2/8 bytes.
 */
import type { AnalysisContext } from '../../core/context';
import type { EdgeOrder } from './edgeOrder';

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * @param order edge order of the vertices relabelled by increasing f
 * @param edgeGrade r-grid index per edge rank
 * @param vertexGrade t-grid index per (relabelled) vertex, non-decreasing
 * @param vertexLimit vertices >= this label are above the t grid and left out
 * @returns density (nr x nt, entry i * nt + j) of the Euler signed measure
 */
export function eulerDensity(
  order: EdgeOrder,
  edgeGrade: Int32Array,
  vertexGrade: Int32Array,
  nr: number,
  nt: number,
  maxDim: number,
  ctx: AnalysisContext,
  vertexLimit = order.n,
): Int32Array {
  const { n, count, edgeA, edgeB } = order;
  const mu = new Int32Array(nr * nt);
  for (let v = 0; v < vertexLimit; v++) mu[vertexGrade[v]] += 1; // r index 0
  if (maxDim < 1) return mu;
  for (let r = 0; r < count; r++) if (edgeA[r] < vertexLimit) mu[edgeGrade[r] * nt + vertexGrade[edgeA[r]]] -= 1;
  if (maxDim < 2) return mu;

  const W = (n + 31) >>> 5;
  const adj = new Int32Array(n * W);
  // Segments of each word that lie in one f-block: word w has segments segStart[w]..segStart[w+1]-1.
  const segStart = new Int32Array(W + 1);
  const segMask: number[] = [];
  const segBlock: number[] = [];
  for (let w = 0; w < W; w++) {
    segStart[w] = segMask.length;
    let mask = 0;
    let block = -1;
    for (let bit = 0; bit < 32; bit++) {
      const v = w * 32 + bit;
      if (v >= n) break;
      const g = vertexGrade[v];
      if (g !== block && mask !== 0) {
        segMask.push(mask);
        segBlock.push(block);
        mask = 0;
      }
      block = g;
      mask |= 1 << bit;
    }
    if (mask !== 0) {
      segMask.push(mask);
      segBlock.push(block);
    }
  }
  segStart[W] = segMask.length;
  const sMask = Int32Array.from(segMask);
  const sBlock = Int32Array.from(segBlock);
  const common = new Int32Array(W);

  /**
   * Tetrahedra whose longest edge is {a, b} (a > b): pairs c < d in C = N(a) & N(b) with {c, d} an earlier edge,
   * weight -1 at (grade of {a, b}, f-grade of max(a, d)) (d > c, so the largest vertex is a or d).
   */
  const countTetrahedra = (r: number, a: number, b: number): void => {
    const rowA = a * W;
    const rowB = b * W;
    const base = edgeGrade[r] * nt;
    for (let w = 0; w < W; w++) common[w] = adj[rowA + w] & adj[rowB + w];
    const wa = a >>> 5;
    const lowMask = (1 << (a & 31)) - 1;
    for (let wc = 0; wc < W; wc++) {
      let bits = common[wc];
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const c = wc * 32 + (31 - Math.clz32(low));
        const rowC = c * W;
        // d > c: from c's word (bits above c) onwards
        let lowCount = 0;
        for (let w = wc; w < W; w++) {
          let x = common[w] & adj[rowC + w];
          if (w === wc) x &= ~((low << 1) - 1); // bits above c (none when c is bit 31: (low << 1) - 1 = -1)
          if (x === 0) continue;
          if (w < wa) {
            lowCount += popcount(x);
            continue;
          }
          if (w === wa) {
            lowCount += popcount(x & lowMask);
            x &= ~lowMask;
            if (x === 0) continue;
          }
          for (let sgm = segStart[w]; sgm < segStart[w + 1]; sgm++) {
            const y = x & sMask[sgm];
            if (y !== 0) mu[base + sBlock[sgm]] -= popcount(y);
          }
        }
        if (lowCount !== 0) mu[base + vertexGrade[a]] -= lowCount;
      }
    }
  };

  for (let r = 0; r < count; r++) {
    if ((r & 16383) === 0) {
      ctx.signal.throwIfCancelled();
    }
    const a = edgeA[r];
    if (a >= vertexLimit) continue; // outside the grid box (only with given grids)
    const b = edgeB[r];
    const rowA = a * W;
    const rowB = b * W;
    const base = edgeGrade[r] * nt;
    const wa = a >>> 5;
    let low = 0;
    for (let w = 0; w < wa; w++) {
      const x = adj[rowA + w] & adj[rowB + w];
      if (x !== 0) low += popcount(x);
    }
    const lowMask = (1 << (a & 31)) - 1; // bits below a in its word (a & 31 = 0 gives 0)
    const xa = adj[rowA + wa] & adj[rowB + wa];
    if (xa !== 0) {
      low += popcount(xa & lowMask);
      const hi = xa & ~lowMask;
      if (hi !== 0) {
        for (let s = segStart[wa]; s < segStart[wa + 1]; s++) {
          const y = hi & sMask[s];
          if (y !== 0) mu[base + sBlock[s]] += popcount(y);
        }
      }
    }
    if (low !== 0) mu[base + vertexGrade[a]] += low;
    for (let w = wa + 1; w < W; w++) {
      const x = adj[rowA + w] & adj[rowB + w];
      if (x === 0) continue;
      for (let s = segStart[w]; s < segStart[w + 1]; s++) {
        const y = x & sMask[s];
        if (y !== 0) mu[base + sBlock[s]] += popcount(y);
      }
    }
    if (maxDim >= 3) countTetrahedra(r, a, b);
    adj[rowA + (b >>> 5)] |= 1 << (b & 31);
    adj[rowB + wa] |= 1 << (a & 31);
  }
  return mu;
}
