import { badInput } from '../core/errors';
import type { AnalysisContext } from '../core/context';
import type { AnalysisInput, Dataset } from '../core/input';
import { columnIndex } from '../core/input';
import type { ColumnStats, SummaryResult } from '../../protocol/results/summary';
import { autocorrelationPair } from '../timeseries/acf';
import { decimateMinMax } from '../timeseries/decimate';
import { chooseDelayLag } from '../timeseries/embedding';
import { welchPsd, welchSegmentLength } from '../timeseries/welch';
import { columnStats } from './columnStats';
import { toPlainJson } from '../core/json';

export interface SummaryParams {
  dt?: number;
  timeColumn?: string;
  maxLag: number;
  embedColumn?: string;
  embedDim: number;
  embedLag?: number;
  maxPoints: number;
}

/** Relative tolerance on the spacing of a time column for it to count as uniform sampling. */
export const TIME_UNIFORMITY_TOLERANCE = 1e-6;
/** The automatic embedding lag is chosen on this many leading samples (mutual information costs O(n) per lag). */
export const LAG_CHOICE_SAMPLES = 100_000;

/** A column named t or time (any case) is the time axis unless the user names one. */
export function detectTimeColumn(ds: Dataset): number {
  return ds.columns.findIndex((c) => /^(t|time)$/i.test(c.trim()));
}

/**
 * Sample spacing of a time column: the mean step (t_last - t_0) / (n - 1), after checking that every step is within
 * TIME_UNIFORMITY_TOLERANCE of it (relative). A NaN, a non-increasing or an irregular step is a bad input naming
 * the data row where it happens (1-based, header excluded).
 */
export function uniformSpacing(ds: Dataset, col: number): number {
  const t = ds.data[col];
  const name = ds.columns[col];
  const n = t.length;
  if (n < 2)
    throw badInput(`time column "${name}" needs at least 2 rows to give a sample spacing; pass --dt`, {
      file: ds.source,
      column: name,
    });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(t[i]))
      throw badInput(`time column "${name}" has a non-finite value at data row ${i + 1}`, {
        file: ds.source,
        row: i + 1,
        column: name,
      });
  }
  const dt = (t[n - 1] - t[0]) / (n - 1);
  if (!(dt > 0))
    throw badInput(`time column "${name}" does not increase (from ${t[0]} to ${t[n - 1]})`, {
      file: ds.source,
      column: name,
    });
  const tol = TIME_UNIFORMITY_TOLERANCE * dt;
  for (let i = 1; i < n; i++) {
    const step = t[i] - t[i - 1];
    if (Math.abs(step - dt) > tol) {
      throw badInput(
        `time column "${name}" is not uniformly sampled: step ${step} between data rows ${i} and ${i + 1} differs from the mean step ${dt} by more than ${TIME_UNIFORMITY_TOLERANCE} relative; resample the data or pass --dt to override`,
        { file: ds.source, row: i + 1, column: name },
      );
    }
  }
  return dt;
}

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

  // ---- time axis
  let timeCol = -1;
  if (p.timeColumn !== undefined && p.timeColumn !== '') timeCol = columnIndex(ds, p.timeColumn);
  else timeCol = detectTimeColumn(ds);
  let dt: number | undefined;
  if (p.dt !== undefined) {
    if (!(p.dt > 0) || !Number.isFinite(p.dt)) throw badInput(`--dt must be a positive number, got ${p.dt}`, { file });
    dt = p.dt;
    notes.push(
      timeCol >= 0
        ? `dt = ${dt} from --dt (overrides the spacing of time column "${ds.columns[timeCol]}")`
        : `dt = ${dt} from --dt`,
    );
  } else if (timeCol >= 0 && n < 2) {
    notes.push(`time column "${ds.columns[timeCol]}" has a single row: no sample spacing, axes in samples`);
  } else if (timeCol >= 0) {
    dt = uniformSpacing(ds, timeCol);
    notes.push(
      `dt = ${dt} from time column "${ds.columns[timeCol]}" (uniform within ${TIME_UNIFORMITY_TOLERANCE} relative)`,
    );
  } else {
    notes.push('no time column and no --dt: axes are in samples, frequency in cycles/sample');
  }
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
  const maxLag = Math.max(0, Math.min(p.maxLag, n - 1));
  const fs = dt !== undefined ? 1 / dt : 1;
  const segment = n >= 4 ? welchSegmentLength(n) : 0;
  const chunks: SpectraChunk[] = [];
  for (let c = 0; c < k; c += 2) {
    const cols = c + 1 < k ? [c, c + 1] : [c];
    chunks.push({ columns: cols.map((i) => values[i]), means: cols.map((i) => stats[i].mean), maxLag, fs, segment });
  }
  let outputs: SpectraOutput[];
  if (ctx.parallelism > 1 && chunks.length > 1) {
    ctx.progress(done / total, `autocorrelation and spectra of ${k} column(s) on ${ctx.parallelism} workers`);
    outputs = await ctx.parallelMap<SpectraChunk, SpectraOutput>('spectra', chunks);
    step(6 * k, 'autocorrelation and spectra');
  } else {
    outputs = [];
    for (let i = 0; i < chunks.length; i++) {
      outputs.push(spectraTask(chunks[i], ctx));
      step(6 * chunks[i].columns.length, `autocorrelation and spectrum of ${names[2 * i]}`);
    }
  }
  const acfValues = outputs.flatMap((o) => o.acf);
  const psdValues = outputs.flatMap((o) => o.psd);
  const frequency = outputs[0].frequency;
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
    const replaced = outputs.reduce((a, o) => a + o.replaced, 0);
    if (replaced > 0) notes.push(`PSD: ${replaced} NaN sample(s) replaced by the column mean`);
  } else {
    notes.push(`PSD skipped: ${n} rows is too short (needs at least 4)`);
  }

  // ---- delay embedding preview
  const embedIdx = p.embedColumn !== undefined && p.embedColumn !== '' ? columnIndex(ds, p.embedColumn) : valueIdx[0];
  const embedName = ds.columns[embedIdx];
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
  step(1, 'embedding lag');
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
  step(1, 'embedding');

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
    acf: { lags, lagTime, values: packViews(acfValues) },
    psd: {
      frequency,
      unit: dt !== undefined ? 'Hz' : 'cycles/sample',
      values: packViews(psdValues),
      segment: n >= 4 ? segment : 0,
    },
    embedding: { column: embedName, dim, lag, lagRule, points, stride },
    notes,
  };
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
