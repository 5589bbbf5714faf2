/** Result of the `summary` analysis. Series are decimated for display; statistics use every row. */
export interface ColumnStats {
  name: string;
  /** Cells that are not NaN (finite or infinite). */
  count: number;
  /** Cells that are NaN: missing ones (below) plus NaN values. */
  nanCount: number;
  /** Cells absent from the file (empty or not a number), a subset of nanCount; 0 for binary formats. */
  missingCount: number;
  /** Cells +Infinity and -Infinity: mean, std, min and max follow IEEE arithmetic over them (numpy's nanmean). */
  posInfCount: number;
  negInfCount: number;
  /** Finite cells. */
  finiteCount: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** True when the standard deviation of finite values exceeds the largest double (it is then Infinity). */
  overflow?: boolean;
}

export interface SummaryResult {
  rows: number;
  columns: ColumnStats[];
  time: {
    /** Name of the detected time column (`t` or `time`), if any; it is excluded from `columns`. */
    column?: string;
    /** Sample spacing in physical units when known (time column or --dt), else undefined (sample index). */
    dt?: number;
    /** "physical" when dt is known, "sample" otherwise: the axis labels follow it. */
    axis: 'physical' | 'sample';
  };
  /** Time-series plot data, decimated (min/max per bucket) to at most `maxPoints` per column. */
  series: { t: Float64Array; values: Float64Array[]; decimated: boolean; originalRows: number };
  /** Autocorrelation for lags 0..maxLag (in samples; lagTime in physical units when dt is known). */
  acf: { lags: Float64Array; lagTime?: Float64Array; values: Float64Array[] };
  /** One-sided power spectral density (Welch, Hann window), frequency in Hz (1/time unit) when dt is known,
   * otherwise in cycles per sample. */
  psd: { frequency: Float64Array; unit: 'Hz' | 'cycles/sample'; values: Float64Array[]; segment: number };
  /** Delay embedding preview of one column: points[k] is coordinate k (x(t), x(t+lag), x(t+2 lag)), subsampled
   * with a constant stride to at most `maxPoints` points (`stride` 1 = every point). Empty when the series is too short. */
  embedding: { column: string; dim: number; lag: number; lagRule: string; points: Float64Array[]; stride: number };
  /** What the analysis did that the user should know (NaN handling, dt source, lag rule, dropped columns). */
  notes: string[];
}
