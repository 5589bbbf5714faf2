/**
 * The time axis of a table, one rule for every analysis: which column holds time, and the sample spacing it
 * implies.
 *
 * Files rarely hold exact times: a writer prints t = k / 30 as 0.000, 0.033, 0.067, 0.100, ... so consecutive
 * steps differ by up to one unit of the last printed decimal. The spacing is therefore the least-squares slope of
 * t against the row index (with one intercept per trajectory when rows are grouped), and the times count as
 * uniform when every time lies within the rounding of its printed decimals of that line, plus a relative tolerance
 * for writers that print every digit. Whatever the result, the axis says where its spacing came from in a note:
 * given (--dt), fitted from a time column, or assumed to be one sample.
 */
import { badInput, usageError } from '../core/errors';
import { columnIndex, type Dataset } from '../core/input';

/** A column with one of these names (any case, surrounding spaces ignored) is the time axis unless one is named. */
export const TIME_COLUMN_NAMES: readonly string[] = ['t', 'time'];
/** Times may stray from the fitted uniform grid by this fraction of the step, beyond the rounding of their decimals. */
const SPACING_REL_TOLERANCE = 1e-3;
/** More printed decimals than this are taken as full precision (no rounding to allow for). */
const MAX_DECIMALS = 12;

export function isTimeColumnName(name: string): boolean {
  return TIME_COLUMN_NAMES.includes(name.trim().toLowerCase());
}

/** Index of the named column (which must exist), else of the first column named t or time; -1 when none. */
export function findTimeColumn(ds: Dataset, name?: string): number {
  if (name !== undefined && name !== '') return columnIndex(ds, name);
  return ds.columns.findIndex(isTimeColumnName);
}

/** The spacing of a time column. */
export interface Spacing {
  /** Fitted step between consecutive rows, in the time column's units. */
  dt: number;
  /** Decimals the times were printed with, when they were rounded coarser than full precision. */
  decimals?: number;
  note: string;
}

/** Rows of one trajectory each (file order); the whole table when absent. */
export type RowGroups = readonly (readonly number[])[];

/**
 * Spacing of time column `col`: the pooled least-squares step over the groups of rows, after checking that every
 * time is finite, that time increases and that the times lie on a uniform grid within the rounding of their printed
 * decimals plus SPACING_REL_TOLERANCE of the step. Refusals name the data row (1-based, header excluded).
 */
export function fitSpacing(ds: Dataset, col: number, groups?: RowGroups): Spacing {
  const t = ds.data[col];
  const name = ds.columns[col];
  const where = { file: ds.source, column: name };
  const gs = (groups ?? [Array.from({ length: t.length }, (_, i) => i)]).filter((g) => g.length > 1);
  if (gs.length === 0) throw badInput(`time column "${name}" needs at least 2 rows to give a sample spacing`, where);
  for (const g of gs)
    for (const r of g)
      if (!Number.isFinite(t[r]))
        throw badInput(`time column "${name}" has a non-finite value at data row ${r + 1}`, { ...where, row: r + 1 });
  const dt = pooledSlope(t, gs);
  if (!(dt > 0)) throw badInput(`time column "${name}" does not increase (fitted step ${dt})`, where);
  const decimals = printedDecimals(t, gs);
  // the rounding of the decimals only explains the scatter when it is finer than the step itself
  const unit = decimals !== undefined && 10 ** -decimals < dt / 2 ? 10 ** -decimals : 0;
  const tol = unit + SPACING_REL_TOLERANCE * dt + 8 * Number.EPSILON * maxAbs(t, gs);
  const off = firstOffGrid(t, gs, dt, tol);
  if (off) {
    const allowed = unit > 0 ? `the rounding of its ${decimals} decimals plus ` : '';
    throw badInput(
      `non-uniform time: time column "${name}" is not uniformly sampled, ${off.what} (fitted step ${dt}, allowed ${allowed}${SPACING_REL_TOLERANCE} of the step); resample the data or pass --dt to override`,
      { ...where, row: off.row + 1 },
    );
  }
  const rounding = unit > 0 ? `, times printed with ${decimals} decimals` : '';
  return {
    dt,
    decimals: unit > 0 ? decimals : undefined,
    note: `dt = ${dt} fitted to time column "${name}" (uniform within ${SPACING_REL_TOLERANCE} of the step${rounding})`,
  };
}

/** Common slope of t against the row index within each group, one intercept per group (least squares). */
function pooledSlope(t: Float64Array, gs: RowGroups): number {
  let sxy = 0;
  let sxx = 0;
  for (const g of gs) {
    const m = g.length;
    const iMean = (m - 1) / 2;
    let tMean = 0;
    for (const r of g) tMean += t[r];
    tMean /= m;
    for (let i = 0; i < m; i++) {
      sxy += (i - iMean) * (t[g[i]] - tMean);
      sxx += (i - iMean) * (i - iMean);
    }
  }
  return sxy / sxx;
}

/**
 * The first place where the times leave the fitted grid: a step farther than 2 tol from dt (a gap or a jitter), or
 * else a time farther than tol from its group's line (a slow drift).
 */
function firstOffGrid(
  t: Float64Array,
  gs: RowGroups,
  dt: number,
  tol: number,
): { row: number; what: string } | undefined {
  for (const g of gs) {
    for (let i = 1; i < g.length; i++) {
      const step = t[g[i]] - t[g[i - 1]];
      if (Math.abs(step - dt) > 2 * tol)
        return { row: g[i], what: `step ${step} between data rows ${g[i - 1] + 1} and ${g[i] + 1}` };
    }
  }
  for (const g of gs) {
    const m = g.length;
    let a = 0;
    for (let i = 0; i < m; i++) a += t[g[i]] - dt * i;
    a /= m;
    for (let i = 0; i < m; i++) {
      const r = t[g[i]] - (a + dt * i);
      if (Math.abs(r) > tol) return { row: g[i], what: `data row ${g[i] + 1} lies ${r} off the uniform grid` };
    }
  }
  return undefined;
}

/**
 * The fewest decimals that print every time exactly (the writer's rounding), undefined past MAX_DECIMALS. A value
 * counts as printed with k decimals when t * 10^k is an integer up to the rounding error of that product.
 */
export function printedDecimals(t: Float64Array, gs: RowGroups): number | undefined {
  let k = 0;
  for (const g of gs) {
    for (const r of g) {
      while (k <= MAX_DECIMALS) {
        const x = t[r] * 10 ** k;
        if (Math.abs(x - Math.round(x)) <= 8 * Number.EPSILON * Math.max(1, Math.abs(x))) break;
        k++;
      }
      if (k > MAX_DECIMALS) return undefined;
    }
  }
  return k;
}

function maxAbs(t: Float64Array, gs: RowGroups): number {
  let m = 0;
  for (const g of gs) for (const r of g) m = Math.max(m, Math.abs(t[r]));
  return m;
}

/** Where the sample spacing of an analysis came from. */
export interface TimeAxis {
  /** Index of the time column (named or detected), -1 when there is none. It is never a data column. */
  column: number;
  /** Sample spacing in time units; 1 when assumed (the axis is then in samples). */
  dt: number;
  source: 'parameter' | 'time-column' | 'assumed';
  /** One sentence for the result's notes: the spacing and where it came from. */
  note: string;
}

export interface TimeAxisParams {
  dt?: number;
  timeColumn?: string;
}

/**
 * The time axis of a table: --dt when given (it overrides a time column's spacing, the column is still not data),
 * else the fitted spacing of the time column, else one sample, assumed and said so.
 */
export function resolveTimeAxis(ds: Dataset, p: TimeAxisParams, groups?: RowGroups): TimeAxis {
  const column = findTimeColumn(ds, p.timeColumn);
  const colName = column >= 0 ? ds.columns[column] : undefined;
  if (p.dt !== undefined) {
    if (!(p.dt > 0) || !Number.isFinite(p.dt)) throw usageError(`--dt must be a positive number, got ${p.dt}`);
    const over = colName !== undefined ? ` (overrides the spacing of time column "${colName}")` : '';
    return { column, dt: p.dt, source: 'parameter', note: `dt = ${p.dt} from --dt${over}` };
  }
  if (colName !== undefined) {
    const gs = groups ?? [Array.from({ length: ds.rows }, (_, i) => i)];
    if (gs.every((g) => g.length < 2))
      return {
        column,
        dt: 1,
        source: 'assumed',
        note: `time column "${colName}" has no two consecutive rows: no sample spacing, dt assumed 1 sample`,
      };
    const s = fitSpacing(ds, column, gs);
    return { column, dt: s.dt, source: 'time-column', note: s.note };
  }
  return {
    column,
    dt: 1,
    source: 'assumed',
    note: `dt assumed 1 sample (no --dt and no time column named ${TIME_COLUMN_NAMES.join(' or ')})`,
  };
}
