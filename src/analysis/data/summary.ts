import { badInput } from '../core/errors';
import type { AnalysisContext } from '../core/context';
import type { AnalysisInput, Dataset } from '../core/input';
import type { ResolvedParams } from '../core/params';
import type { ColumnStats, SummaryResult } from '../../protocol/results/summary';
import { autocorrelationPair } from '../timeseries/acf';
import { decimateMinMax } from '../timeseries/decimate';
import { chooseDelayLag } from '../timeseries/embedding';
import { welchPsd, welchSegmentLength } from '../timeseries/welch';
import { columnIndex } from '../core/input';
import { columnStats } from './columnStats';
import { resolveTimeAxis } from './time-axis';
import { toPlainJson } from '../core/json';

export const summaryParams = {
  dt: {
    type: 'number',
    max: 1e12,
    optional: true,
    min: 0,
    unit: 'time',
    description: 'Sample spacing; default: from the time column (t or time), else axes in samples',
  },
  timeColumn: {
    type: 'string',
    optional: true,
    description: 'Time column name; default: a column named t or time (any case)',
  },
  maxLag: {
    type: 'number',
    max: 1_000_000,
    default: 200,
    min: 1,
    integer: true,
    unit: 'samples',
    description: 'Largest autocorrelation lag',
  },
  embedColumn: {
    type: 'string',
    optional: true,
    description: 'Column for the delay-embedding preview; default: the first non-time column',
  },
  embedDim: {
    type: 'number',
    default: 3,
    min: 2,
    max: 3,
    integer: true,
    description: 'Delay-embedding dimension (2 or 3)',
  },
  embedLag: {
    type: 'number',
    max: 1_000_000,
    optional: true,
    min: 1,
    integer: true,
    unit: 'samples',
    description:
      'Delay-embedding lag; default: first minimum of mutual information, else first zero of the autocorrelation',
  },
  maxPoints: {
    type: 'number',
    default: 4000,
    min: 10,
    max: 1_000_000,
    integer: true,
    description: 'Display points per series (min/max decimation) and embedding points',
  },
} as const;

export type SummaryParams = ResolvedParams<typeof summaryParams>;

/** The automatic embedding lag is chosen on this many leading samples (mutual information costs O(n) per lag). */
const LAG_CHOICE_SAMPLES = 100_000;

/** Copy with NaN replaced by the column mean (Welch needs finite samples); returns the number replaced. */
function fillNaN(x: Float64Array, mean: number): { filled: Float64Array; replaced: number } {
  let replaced = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) replaced++;
  if (replaced === 0) return { filled: x, replaced };
  const filled = new Float64Array(x.length);
  const m = Number.isFinite(mean) ? mean : 0;
  for (let i = 0; i < x.length; i++) filled[i] = x[i] === x[i] ? x[i] : m;
  return { filled, replaced };
}

/** One unit of parallel work: one or two columns (two share each FFT in the autocorrelation). */
export interface SpectraChunk {
  columns: Float64Array[];
  means: number[];
  maxLag: number;
  /** Sampling frequency for the PSD (1/dt, or 1 for cycles per sample). */
  fs: number;
  /** Welch segment length; 0 when the series is too short for a spectrum. */
  segment: number;
}

export interface SpectraOutput {
  acf: Float64Array[];
  psd: Float64Array[];
  frequency: Float64Array;
  /** NaN samples replaced by the column mean before the PSD. */
  replaced: number;
}

/** Autocorrelation (both columns in one FFT pair) and the Welch PSD of each column; the `spectra` sub-task. */
export function spectraTask(chunk: SpectraChunk, ctx: AnalysisContext): SpectraOutput {
  const [a, b] = chunk.columns;
  const acf = autocorrelationPair(a, b, chunk.maxLag, () => ctx.signal.throwIfCancelled());
  const psd: Float64Array[] = [];
  let frequency: Float64Array = new Float64Array(0);
  let replaced = 0;
  for (let c = 0; c < chunk.columns.length; c++) {
    if (chunk.segment === 0) {
      psd.push(new Float64Array(0));
      continue;
    }
    const f = fillNaN(chunk.columns[c], chunk.means[c]);
    replaced += f.replaced;
    const w = welchPsd(f.filled, chunk.fs, chunk.segment, () => ctx.signal.throwIfCancelled());
    psd.push(w.psd);
    frequency = w.frequency;
  }
  return { acf, psd, frequency, replaced };
}

export async function runSummary(input: AnalysisInput, p: SummaryParams, ctx: AnalysisContext): Promise<SummaryResult> {
  if (input.kind !== 'table')
    throw badInput(`the summary analysis reads tables, not ${input.kind} files`, { file: input.path });
  const ds = input.dataset;
  const file = ds.source;
  const notes: string[] = [];
  const n = ds.rows;
  if (n < 1) throw badInput('no data rows', { file });

  // ---- time axis: with a single row there is no spacing to fit, the axes are in samples
  const axis = resolveTimeAxis(ds, { dt: p.dt, timeColumn: p.timeColumn || undefined });
  const timeCol = axis.column;
  const dt = axis.source === 'assumed' ? undefined : axis.dt;
  notes.push(axis.source === 'assumed' ? `${axis.note}: axes are in samples, frequency in cycles/sample` : axis.note);
  const valueIdx = ds.columns.map((_, j) => j).filter((j) => j !== timeCol);
  if (valueIdx.length === 0)
    throw badInput(`no data column besides the time column "${ds.columns[timeCol]}"`, { file });
  const values = valueIdx.map((j) => ds.data[j]);
  const names = valueIdx.map((j) => ds.columns[j]);
  const k = values.length;
  // Work units for progress: stats 1, acf 3, psd 3 per column, embedding 2.
  const total = 7 * k + 2;
  let done = 0;
  const step = (units: number, message: string): void => {
    done += units;
    ctx.progress(Math.min(1, done / total), message);
    ctx.signal.throwIfCancelled();
  };

  // ---- statistics over every row
  const stats: ColumnStats[] = [];
  for (let c = 0; c < k; c++) {
    stats.push(columnStats(names[c], values[c], ds.missing?.[valueIdx[c]] ?? 0));
    step(1, `statistics ${names[c]}`);
  }

  const withInf = stats.filter((st) => st.posInfCount + st.negInfCount > 0);
  if (withInf.length > 0)
    notes.push(
      `infinite values in ${withInf.length} column(s) (${withInf
        .slice(0, 5)
        .map((st) => `"${st.name}": ${st.posInfCount} +Inf, ${st.negInfCount} -Inf`)
        .join(
          '; ',
        )}${withInf.length > 5 ? '; ...' : ''}): their mean follows IEEE arithmetic (+Inf, -Inf, or NaN when both) and their std is NaN`,
    );
  const withNaN = stats.filter((st) => st.nanCount > st.missingCount);
  if (withNaN.length > 0)
    notes.push(
      `NaN values (not missing cells) in ${withNaN.length} column(s): skipped by the statistics, counted in nanCount`,
    );
  const overflowed = stats.filter((st) => st.overflow);
  if (overflowed.length > 0)
    notes.push(
      `the standard deviation of ${overflowed.map((st) => `"${st.name}"`).join(', ')} exceeds the largest double (1.8e308): reported as Infinity`,
    );

  // ---- decimated series for display
  let t: ArrayLike<number>;
  if (timeCol >= 0) t = ds.data[timeCol];
  else {
    const ta = new Float64Array(n);
    const s = dt ?? 1;
    for (let i = 0; i < n; i++) ta[i] = i * s;
    t = ta;
  }
  const dec = decimateMinMax(t, values, p.maxPoints);
  if (dec.decimated)
    notes.push(`series decimated for display: ${n} rows -> ${dec.t.length} points (min and max per bucket)`);

  // ---- autocorrelation and Welch PSD, one chunk per pair of columns (spread over workers when there are several)
  const { acf, psd } = await spectra(values, names, stats, { maxLag: p.maxLag, dt, notes, step, ctx });

  // ---- delay embedding preview
  const embedding = embeddingPreview(ds, p, valueIdx[0], notes, ctx);
  step(2, 'embedding');

  // Provenance collects analysis notes through ctx.log; the result keeps them too for JSON readers.
  for (const note of notes) ctx.log(note);
  return {
    rows: n,
    columns: stats,
    time: {
      column: timeCol >= 0 ? ds.columns[timeCol] : undefined,
      dt,
      axis: dt !== undefined ? 'physical' : 'sample',
    },
    series: { t: dec.t, values: packViews(dec.values), decimated: dec.decimated, originalRows: n },
    acf,
    psd,
    embedding,
    notes,
  };
}

/** Autocorrelation and Welch PSD of every column, one chunk per pair of columns (over workers when several). */
async function spectra(
  values: Float64Array[],
  names: string[],
  stats: ColumnStats[],
  o: {
    maxLag: number;
    dt: number | undefined;
    notes: string[];
    step: (units: number, message: string) => void;
    ctx: AnalysisContext;
  },
): Promise<Pick<SummaryResult, 'acf' | 'psd'>> {
  const { dt, notes, step, ctx } = o;
  const k = values.length;
  const n = values[0].length;
  const maxLag = Math.max(0, Math.min(o.maxLag, n - 1));
  const fs = dt !== undefined ? 1 / dt : 1;
  const segment = n >= 4 ? welchSegmentLength(n) : 0;
  const chunks: SpectraChunk[] = [];
  for (let c = 0; c < k; c += 2) {
    const cols = c + 1 < k ? [c, c + 1] : [c];
    chunks.push({ columns: cols.map((i) => values[i]), means: cols.map((i) => stats[i].mean), maxLag, fs, segment });
  }
  let outputs: SpectraOutput[];
  if (ctx.parallelism > 1 && chunks.length > 1) {
    step(0, `autocorrelation and spectra of ${k} column(s) on ${ctx.parallelism} workers`);
    outputs = await ctx.parallelMap<SpectraChunk, SpectraOutput>('spectra', chunks);
    step(6 * k, 'autocorrelation and spectra');
  } else {
    outputs = [];
    for (let i = 0; i < chunks.length; i++) {
      outputs.push(spectraTask(chunks[i], ctx));
      step(6 * chunks[i].columns.length, `autocorrelation and spectrum of ${names[2 * i]}`);
    }
  }
  const lags = new Float64Array(maxLag + 1);
  for (let i = 0; i <= maxLag; i++) lags[i] = i;
  let lagTime: Float64Array | undefined;
  if (dt !== undefined) {
    const lt = new Float64Array(maxLag + 1);
    for (let i = 0; i <= maxLag; i++) lt[i] = i * dt;
    lagTime = lt;
  }
  if (segment > 0) {
    notes.push(
      `PSD: Welch, Hann window, segment ${segment}, 50% overlap, ${Math.floor((n - segment) / (segment / 2)) + 1} segment(s), density scaling`,
    );
    const replaced = outputs.reduce((a, out) => a + out.replaced, 0);
    if (replaced > 0) notes.push(`PSD: ${replaced} NaN sample(s) replaced by the column mean`);
  } else {
    notes.push(`PSD skipped: ${n} rows is too short (needs at least 4)`);
  }
  return {
    acf: { lags, lagTime, values: packViews(outputs.flatMap((out) => out.acf)) },
    psd: {
      frequency: outputs[0].frequency,
      unit: dt !== undefined ? 'Hz' : 'cycles/sample',
      values: packViews(outputs.flatMap((out) => out.psd)),
      segment,
    },
  };
}

/**
 * Delay embedding of one column for display: the lag given or chosen (first minimum of the mutual information on a
 * prefix), at most maxPoints points.
 */
function embeddingPreview(
  ds: Dataset,
  p: SummaryParams,
  defaultColumn: number,
  notes: string[],
  ctx: AnalysisContext,
): SummaryResult['embedding'] {
  const n = ds.rows;
  const embedIdx = p.embedColumn !== undefined && p.embedColumn !== '' ? columnIndex(ds, p.embedColumn) : defaultColumn;
  const x = ds.data[embedIdx];
  let lag: number;
  let lagRule: string;
  if (p.embedLag !== undefined) {
    lag = p.embedLag;
    lagRule = 'given (--embed-lag)';
  } else {
    const prefix = x.length > LAG_CHOICE_SAMPLES ? x.subarray(0, LAG_CHOICE_SAMPLES) : x;
    const choice = chooseDelayLag(prefix, Math.max(2, Math.min(p.maxLag, Math.floor(prefix.length / 10))), () =>
      ctx.signal.throwIfCancelled(),
    );
    lag = choice.lag;
    lagRule = choice.rule + (prefix.length < x.length ? ` (on the first ${prefix.length} samples)` : '');
  }
  const dim = p.embedDim;
  const m = n - (dim - 1) * lag;
  const points: Float64Array[] = [];
  let stride = 1;
  if (m >= 1) {
    stride = Math.max(1, Math.ceil(m / p.maxPoints));
    const count = Math.ceil(m / stride);
    for (let d = 0; d < dim; d++) {
      const coord = new Float64Array(count);
      const off = d * lag;
      for (let i = 0, src = off; i < count; i++, src += stride) coord[i] = x[src];
      points.push(coord);
    }
    if (stride > 1) notes.push(`embedding preview: one point in ${stride} of ${m}`);
  } else {
    for (let d = 0; d < dim; d++) points.push(new Float64Array(0));
    notes.push(`embedding skipped: ${n} rows is too short for dim ${dim} and lag ${lag}`);
  }
  return { column: ds.columns[embedIdx], dim, lag, lagRule, points, stride };
}

/**
 * Copies many series into one buffer and returns views of it: a result with a million columns then crosses threads
 * as a few transferable buffers, not a million (postMessage's cost grows faster than linearly with their count).
 */
export function packViews(arrays: Float64Array[]): Float64Array[] {
  if (arrays.length < 64) return arrays;
  let total = 0;
  for (const a of arrays) total += a.length;
  const slab = new Float64Array(total);
  const out: Float64Array[] = new Array(arrays.length);
  let off = 0;
  for (let i = 0; i < arrays.length; i++) {
    slab.set(arrays[i], off);
    out[i] = slab.subarray(off, off + arrays[i].length);
    off += arrays[i].length;
  }
  return out;
}

/** A statistic for JSON: finite numbers as numbers, NaN and infinities as the strings "NaN", "Infinity", "-Infinity". */
function jsonNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** The --json document: the result with each column's statistics able to say NaN and +-Infinity. */
export function summaryJson(r: SummaryResult): unknown {
  const { columns, ...rest } = r;
  return {
    ...(toPlainJson(rest) as Record<string, unknown>),
    columns: columns.map((c) => ({
      ...c,
      mean: jsonNumber(c.mean),
      std: jsonNumber(c.std),
      min: jsonNumber(c.min),
      max: jsonNumber(c.max),
    })),
  };
}

function csvNumber(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}

function csvName(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per-column statistics table as CSV (full precision). */
export function summaryToCsv(r: SummaryResult): string {
  const lines = ['column,count,nan_count,mean,std,min,max,missing_count,pos_inf_count,neg_inf_count'];
  for (const c of r.columns) {
    lines.push(
      [
        csvName(c.name),
        c.count,
        c.nanCount,
        csvNumber(c.mean),
        csvNumber(c.std),
        csvNumber(c.min),
        csvNumber(c.max),
        c.missingCount,
        c.posInfCount,
        c.negInfCount,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
