/**
 * Candidate vertices for cofacet enumeration. A cofacet of simplex s within the threshold adds a vertex j that is a
 * neighbour (distance <= threshold) of every vertex of s, so scanning the neighbour list of the vertex of s with the
 * fewest neighbours finds all of them; this is the sparse enumeration of Bauer 2021 on top of the dense
 * matrix. Lists are in decreasing vertex order (the enumeration order of the combinatorial number system). When most
 * pairs are neighbours, one shared list n-1..0 is used instead (no memory, same order).
 */
export interface CandidateLists {
  /** Vertices of list L at list[start[L] .. start[L+1]) in decreasing order. */
  list: Int32Array;
  start: Int32Array;
  /** True if every vertex uses the shared full list (start has one entry pair). */
  dense: boolean;
}

/** Number of neighbours (distance <= threshold) of every vertex; their sum is twice the edge count. */
export function neighbourCounts(D: Float64Array, n: number, threshold: number): Int32Array {
  const deg = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    const row = i * n;
    let c = 0;
    for (let j = 0; j < i; j++) {
      if (D[row + j] <= threshold) {
        c++;
        deg[j]++;
      }
    }
    deg[i] += c;
  }
  return deg;
}

export function candidateLists(
  D: Float64Array,
  n: number,
  threshold: number,
  degrees: Int32Array,
  edges: number,
): CandidateLists {
  // Sparse lists pay off when the average vertex sees well under half of the others.
  if (edges * 2 > 0.35 * n * (n - 1)) {
    const list = new Int32Array(n);
    for (let t = 0; t < n; t++) list[t] = n - 1 - t;
    return { list, start: Int32Array.of(0, n), dense: true };
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + degrees[i];
  const list = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let t = start[i];
    for (let j = n - 1; j >= 0; j--) if (j !== i && D[row + j] <= threshold) list[t++] = j;
  }
  return { list, start, dense: false };
}

/** Which candidate list to scan for a simplex with vertices v[0..d]: the shortest. */
export function listFor(c: CandidateLists, v: Int32Array, d: number): number {
  if (c.dense) return 0;
  const s = c.start;
  let best = v[0];
  let len = s[best + 1] - s[best];
  for (let i = 1; i <= d; i++) {
    const l = s[v[i] + 1] - s[v[i]];
    if (l < len) {
      len = l;
      best = v[i];
    }
  }
  return best;
}
