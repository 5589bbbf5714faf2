/**
 * Class means of a batch's feature vectors and the grids hidden in their names, for the batch result panel.
 *
 * Topology features are images or curves flattened into named columns: `hilbert_h1_r03_t07` is pixel (3, 7) of the
 * H1 Hilbert image (r along rows, t along columns), `euler_r..._t...` the same for the Euler image, and
 * `betti_h0_05` sample 5 of a Betti curve. `featureGrids` recovers each image or curve from the names; `classMeans`
 * averages the vectors per label, so a mean image per label is a reshape of its mean vector.
 */

export interface FeatureGrid {
  /** What precedes the indices: `hilbert_h1`, `euler`, `betti_h0`. */
  name: string;
  /** Rows x columns of the image (a curve has one row). */
  rows: number;
  cols: number;
  /** Column of the feature vector at pixel (i, j), row-major rows x cols; -1 where no column has that pixel. */
  index: Int32Array;
}

const IMAGE = /^(.+)_r(\d+)_t(\d+)$/;
const CURVE = /^(.+)_(\d+)$/;

/** Images (names `<prefix>_r<a>_t<b>`) and curves (names `<prefix>_<k>`) of at least 4 cells, in first-seen order. */
export function featureGrids(names: readonly string[]): FeatureGrid[] {
  const cells = new Map<string, { image: boolean; at: [number, number, number][] }>();
  names.forEach((n, col) => {
    const im = IMAGE.exec(n);
    const cu = im ? null : CURVE.exec(n);
    const key = im ? `i:${im[1]}` : cu ? `c:${cu[1]}` : undefined;
    if (!key) return;
    const g = cells.get(key) ?? { image: !!im, at: [] };
    g.at.push(im ? [Number(im[2]), Number(im[3]), col] : [0, Number(cu![2]), col]);
    cells.set(key, g);
  });
  const out: FeatureGrid[] = [];
  for (const [key, g] of cells) {
    if (g.at.length < 4) continue;
    const rows = Math.max(...g.at.map((c) => c[0])) + 1;
    const cols = Math.max(...g.at.map((c) => c[1])) + 1;
    if (rows * cols > 4 * g.at.length) continue; // too sparse to be a grid
    const index = new Int32Array(rows * cols).fill(-1);
    for (const [a, b, col] of g.at) index[a * cols + b] = col;
    out.push({ name: key.slice(2), rows, cols, index });
  }
  return out;
}

export interface ClassMean {
  label: string;
  /** Items averaged (those with every value finite). */
  count: number;
  mean: Float64Array;
}

/**
 * Mean vector per label over the rows whose values are all finite (row-major n x d). Rows without a label are the
 * class `unlabelled`. Labels in order of first appearance.
 */
export function classMeans(
  rows: Float64Array,
  n: number,
  d: number,
  labels: readonly (string | undefined)[],
): ClassMean[] {
  const by = new Map<string, ClassMean>();
  for (let i = 0; i < n; i++) {
    let finite = true;
    for (let r = 0; r < d && finite; r++) finite = Number.isFinite(rows[i * d + r]);
    if (!finite) continue;
    const label = labels[i] ?? 'unlabelled';
    let c = by.get(label);
    if (!c) by.set(label, (c = { label, count: 0, mean: new Float64Array(d) }));
    c.count++;
    // running mean (Welford): no overflow from a large sum, and exact for one item
    for (let r = 0; r < d; r++) c.mean[r] += (rows[i * d + r] - c.mean[r]) / c.count;
  }
  return [...by.values()];
}

/** The image of one grid from a vector: rows x cols, row-major, NaN where the grid has no column. */
export function gridImage(grid: FeatureGrid, vector: ArrayLike<number>): Float64Array {
  return Float64Array.from(grid.index, (col) => (col >= 0 ? vector[col] : NaN));
}
