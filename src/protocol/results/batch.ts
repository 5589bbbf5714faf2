/**
 * The batch result panel's data (view `batch`): what a batch folder (`dynlens batch ... --out DIR`, from VS Code or
 * the terminal) holds, read back from its journals by the host. Types only.
 */

/** One item of the batch, finished (ok or failed). */
export interface BatchItemRow {
  /** Item index in the batch (all collections concatenated in the order given). */
  index: number;
  id: string;
  /** Path, or path and row, of the item. */
  source: string;
  label?: string;
  collection: string;
  status: 'ok' | 'failed';
  error?: string;
}

/** A 2-D PCA projection of the ok items' feature vectors. */
export interface BatchProjection {
  /** Item index of each point. */
  index: number[];
  x: Float64Array;
  y: Float64Array;
  /** Share of the total variance along each axis (PC1, PC2). */
  explainedVarianceRatio: number[];
  /** Ok items left out: a non-finite value, or past the size cap (see notes). */
  excluded: number;
}

/** Mean images (or curves) of the grid-shaped features, per label. */
export interface BatchClassMeans {
  grids: { name: string; rows: number; cols: number }[];
  /** images[g] is grid g's mean, rows x cols row-major (NaN where no feature). */
  classes: { label: string; count: number; images: Float64Array[] }[];
}

export interface BatchResult {
  out: string;
  analysisId: string;
  /** Items in the batch (finished or not). */
  total: number;
  ok: number;
  failed: number;
  /** Every item finished (batch.json says complete, or every item is in the journals). */
  complete: boolean;
  /** Feature names (all of them). */
  names: string[];
  /** Finished items in index order. */
  items: BatchItemRow[];
  /** The first `tableColumns` features of each row of `items` (NaN for failed items), row-major. */
  tableValues: Float64Array;
  tableColumns: number;
  projection?: BatchProjection;
  classMeans?: BatchClassMeans;
  /** What was left out and why (caps on items and features). */
  notes: string[];
}
