/**
 * Greedy permutation (furthest-point sampling; Gonzalez 1985, used for Rips filtrations by Sheehy 2013 and
 * ripser.py's n_perm): start from point 0, repeatedly add the point farthest from the landmarks chosen so far.
 * The covering radius eps = max over all points of the distance to the nearest landmark bounds the Hausdorff,
 * hence the Gromov-Hausdorff, distance between cloud and landmarks, so by the stability theorem of Chazal, de Silva
 * and Oudot (Geom. Dedicata 2014, Thm 5.2) the exact Rips diagrams (diameter convention) are within 2 eps in
 * bottleneck distance.
 */
export interface Landmarks {
  /** Point indices in order of insertion. */
  indices: Int32Array;
  /** Max distance from a point of the cloud to its nearest landmark. */
  coveringRadius: number;
}

/** Fills out[i] with the distance from point `from` to every point i. */
type DistanceRow = (from: number, out: Float64Array) => void;

/** Furthest-point sampling over any finite metric space given row by row; O(n) memory besides the rows. */
function greedyBy(n: number, count: number, row: DistanceRow): Landmarks {
  const k = Math.min(count, n);
  const indices = new Int32Array(k);
  const near = new Float64Array(n).fill(Infinity);
  const dist = new Float64Array(n);
  let next = 0;
  for (let s = 0; s < k; s++) {
    indices[s] = next;
    row(next, dist);
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      if (dist[i] < near[i]) near[i] = dist[i];
      if (near[i] > farDist) {
        farDist = near[i];
        far = i;
      }
    }
    next = far;
  }
  let eps = 0;
  for (let i = 0; i < n; i++) eps = Math.max(eps, near[i]);
  return { indices, coveringRadius: k === 0 ? Infinity : eps };
}

export function greedyPermutation(columns: readonly Float64Array[], count: number): Landmarks {
  const n = columns.length ? columns[0].length : 0;
  return greedyBy(n, count, (from, out) => {
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (const c of columns) {
        const t = c[i] - c[from];
        q += t * t;
      }
      out[i] = Math.sqrt(q);
    }
  });
}

/**
 * Greedy permutation of a metric given as a full (row-major n x n) or lower-triangular (Ripser's order: d(1,0),
 * d(2,0), d(2,1), ...) distance matrix. The covering-radius bound needs the triangle inequality, which the
 * caller states rather than checks (O(n^3)).
 */
export function greedyPermutationOfMatrix(
  m: { kind: 'matrix'; n: number; data: Float64Array } | { kind: 'lower'; n: number; data: Float64Array },
  count: number,
): Landmarks {
  const { n, data } = m;
  if (m.kind === 'matrix')
    return greedyBy(n, count, (from, out) => {
      for (let i = 0; i < n; i++) out[i] = data[from * n + i];
    });
  return greedyBy(n, count, (from, out) => {
    const base = (from * (from - 1)) / 2;
    for (let i = 0; i < from; i++) out[i] = data[base + i];
    out[from] = 0;
    for (let i = from + 1; i < n; i++) out[i] = data[(i * (i - 1)) / 2 + from];
  });
}

/** The chosen rows of each column. */
export function subsetColumns(columns: readonly Float64Array[], indices: Int32Array): Float64Array[] {
  return columns.map((c) => Float64Array.from(indices, (i) => c[i]));
}
