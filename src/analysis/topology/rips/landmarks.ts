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

export function greedyPermutation(columns: readonly Float64Array[], count: number): Landmarks {
  const n = columns.length ? columns[0].length : 0;
  const k = Math.min(count, n);
  const indices = new Int32Array(k);
  const near = new Float64Array(n).fill(Infinity);
  let next = 0;
  for (let s = 0; s < k; s++) {
    indices[s] = next;
    let far = -1;
    let farDist = -1;
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (const c of columns) {
        const t = c[i] - c[next];
        q += t * t;
      }
      const d = Math.sqrt(q);
      if (d < near[i]) near[i] = d;
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

/** The chosen rows of each column. */
export function subsetColumns(columns: readonly Float64Array[], indices: Int32Array): Float64Array[] {
  return columns.map((c) => Float64Array.from(indices, (i) => c[i]));
}
