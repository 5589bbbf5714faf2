/**
 * From a loaded table to snapshot data: trajectories (consecutive rows, split by an id column) or explicit pairs,
 * with the time step resolved and checked. Never guesses silently: without --dt or a time column the step is one
 * sample and the result says so.
 */
import { badInput } from '../core/errors';
import type { Dataset } from '../core/input';
import { columnIndex } from '../core/input';

export interface TimeInfo {
  dt: number;
  dtSource: 'parameter' | 'time-column' | 'assumed';
  timeUnit: string;
  unitsNote: string;
}

export interface Trajectory {
  /** One Float64Array per state column, all of length `length`. */
  cols: Float64Array[];
  length: number;
  /** Time of the first sample (time units). */
  t0: number;
}

export interface SnapshotSource {
  kind: 'trajectories' | 'pairs';
  stateNames: string[];
  /** For 'trajectories'. */
  trajectories: Trajectory[];
  /** For 'pairs': x and y columns (same count), row k is a pair. */
  pairX?: Float64Array[];
  pairY?: Float64Array[];
  time: TimeInfo;
  notes: string[];
}

export interface SnapshotParams {
  dt?: number;
  timeColumn?: string;
  columns?: string[];
  trajectoryColumn?: string;
  pairs?: string;
}

/** Relative tolerance on time steps: CSV writers round times, so 0.1% of dt is accepted as uniform. */
const DT_REL_TOL = 1e-3;

function checkFinite(ds: Dataset, name: string, col: Float64Array): void {
  for (let i = 0; i < col.length; i++) {
    if (!Number.isFinite(col[i])) {
      throw badInput(
        `column "${name}" has a missing or non-numeric value (${col[i]}) at data row ${i + 1}: Koopman methods need complete snapshots; drop or fill that row`,
        { file: ds.source, row: i + 1, column: name },
      );
    }
  }
}

function checkNotConstant(ds: Dataset, name: string, col: ArrayLike<number>): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < col.length; i++) {
    if (col[i] < lo) lo = col[i];
    if (col[i] > hi) hi = col[i];
  }
  if (!(hi > lo)) {
    throw badInput(
      `column "${name}" is constant (${lo}): it carries no dynamics and makes the snapshot matrix rank deficient; leave it out with --columns`,
      { file: ds.source, column: name },
    );
  }
}

function detectTimeColumn(ds: Dataset): string | undefined {
  return ds.columns.find((c) => c.trim().toLowerCase() === 't' || c.trim().toLowerCase() === 'time');
}

export function loadSnapshots(ds: Dataset, p: SnapshotParams): SnapshotSource {
  const notes: string[] = [];
  const file = ds.source;
  if (ds.rows < 2) throw badInput(`needs at least 2 rows of snapshots, the table has ${ds.rows}`, { file });

  if (p.pairs) {
    const [xs, ys] = p.pairs.split(':');
    if (!xs || !ys) throw badInput(`--pairs expects x_cols:y_cols (e.g. x1,x2:y1,y2), got "${p.pairs}"`, { file });
    const xn = xs
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const yn = ys
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (xn.length !== yn.length || xn.length === 0) {
      throw badInput(`--pairs needs the same number of x and y columns, got ${xn.length} and ${yn.length}`, { file });
    }
    const pairX = xn.map((n) => ds.data[columnIndex(ds, n)]);
    const pairY = yn.map((n) => ds.data[columnIndex(ds, n)]);
    xn.forEach((n, i) => {
      checkFinite(ds, n, pairX[i]);
      checkNotConstant(ds, n, pairX[i]);
    });
    yn.forEach((n, i) => checkFinite(ds, n, pairY[i]));
    const time: TimeInfo =
      p.dt !== undefined
        ? { dt: p.dt, dtSource: 'parameter', timeUnit: 'time unit', unitsNote: `dt = ${p.dt} (given by --dt)` }
        : {
            dt: 1,
            dtSource: 'assumed',
            timeUnit: 'sample',
            unitsNote: 'dt assumed 1 sample (no --dt given for explicit pairs)',
          };
    return { kind: 'pairs', stateNames: xn, trajectories: [], pairX, pairY, time, notes };
  }

  const timeName = p.timeColumn ?? (p.dt === undefined ? detectTimeColumn(ds) : undefined);
  if (p.timeColumn) columnIndex(ds, p.timeColumn);
  const trajName = p.trajectoryColumn;
  const exclude = new Set<string>([timeName, trajName].filter((x): x is string => !!x));
  const stateNames = p.columns && p.columns.length > 0 ? p.columns : ds.columns.filter((c) => !exclude.has(c));
  if (stateNames.length === 0)
    throw badInput('no state columns left after removing the time and trajectory columns', { file });
  for (const n of stateNames)
    if (exclude.has(n))
      throw badInput(`column "${n}" is the time or trajectory column and cannot be a state column`, { file });
  const stateCols = stateNames.map((n) => ds.data[columnIndex(ds, n)]);
  stateNames.forEach((n, i) => checkFinite(ds, n, stateCols[i]));
  stateNames.forEach((n, i) => checkNotConstant(ds, n, stateCols[i]));
  const tcol = timeName ? ds.data[columnIndex(ds, timeName)] : undefined;
  if (tcol && timeName) checkFinite(ds, timeName, tcol);

  // group rows into trajectories (rows of one id keep their file order)
  const groups: number[][] = [];
  if (trajName) {
    const idc = ds.data[columnIndex(ds, trajName)];
    checkFinite(ds, trajName, idc);
    const byId = new Map<number, number[]>();
    for (let i = 0; i < ds.rows; i++) {
      let g = byId.get(idc[i]);
      if (!g) {
        g = [];
        byId.set(idc[i], g);
        groups.push(g);
      }
      g.push(i);
    }
  } else {
    groups.push(Array.from({ length: ds.rows }, (_, i) => i));
  }

  let time: TimeInfo;
  if (p.dt !== undefined) {
    time = {
      dt: p.dt,
      dtSource: 'parameter',
      timeUnit: 'time unit',
      unitsNote: `dt = ${p.dt} time units (given by --dt)`,
    };
    if (tcol) notes.push(`--dt ${p.dt} given: the time column "${timeName}" is not used for the step`);
  } else if (tcol && timeName) {
    const steps: number[] = [];
    for (const g of groups) for (let k = 1; k < g.length; k++) steps.push(tcol[g[k]] - tcol[g[k - 1]]);
    if (steps.length === 0) throw badInput('every trajectory has a single row: no snapshot pairs', { file });
    const sorted = [...steps].sort((a, b) => a - b);
    let dt = sorted[sorted.length >> 1];
    if (!(dt > 0))
      throw badInput(`time column "${timeName}" is not increasing (median step ${dt})`, { file, column: timeName });
    for (const g of groups) {
      for (let k = 1; k < g.length; k++) {
        const h = tcol[g[k]] - tcol[g[k - 1]];
        if (Math.abs(h - dt) > DT_REL_TOL * dt) {
          throw badInput(
            `non-uniform time: the step between data rows ${g[k - 1] + 1} and ${g[k] + 1} of "${timeName}" is ${h}, the median step is ${dt} (tolerance ${DT_REL_TOL * 100}%). Koopman methods need uniform sampling: resample the data, or split it into uniform pieces with --trajectory-column`,
            { file, row: g[k] + 1, column: timeName },
          );
        }
      }
    }
    // the median step passed the uniformity check; the end-to-end span of the longest trajectory divided by its
    // steps is the more precise estimate (times in files are rounded)
    const longest = groups.reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.length > 1) dt = (tcol[longest[longest.length - 1]] - tcol[longest[0]]) / (longest.length - 1);
    time = {
      dt,
      dtSource: 'time-column',
      timeUnit: timeName,
      unitsNote: `dt = ${dt} from time column "${timeName}" (time unit: the unit of "${timeName}")`,
    };
  } else {
    time = {
      dt: 1,
      dtSource: 'assumed',
      timeUnit: 'sample',
      unitsNote:
        'dt assumed 1 sample (no --dt and no time column t/time): continuous eigenvalues and frequencies are per sample',
    };
  }

  const trajectories: Trajectory[] = [];
  for (const g of groups) {
    if (g.length < 2) continue;
    const cols = stateCols.map((c) => {
      const out = new Float64Array(g.length);
      for (let k = 0; k < g.length; k++) out[k] = c[g[k]];
      return out;
    });
    trajectories.push({ cols, length: g.length, t0: tcol ? tcol[g[0]] : 0 });
  }
  if (trajectories.length === 0) throw badInput('every trajectory has a single row: no snapshot pairs', { file });
  if (trajectories.length < groups.length)
    notes.push(`${groups.length - trajectories.length} trajectories with a single row were skipped`);
  return { kind: 'trajectories', stateNames, trajectories, time, notes };
}
