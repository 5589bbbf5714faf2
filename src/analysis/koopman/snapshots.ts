/**
 * From a loaded table to snapshot data: trajectories (consecutive rows, split by an id column) or explicit pairs,
 * with the time step resolved and checked. Never guesses silently: without --dt or a time column the step is one
 * sample and the result says so.
 */
import { badInput } from '../core/errors';
import type { Dataset } from '../core/input';
import { columnIndex } from '../core/input';
import { findTimeColumn, resolveTimeAxis } from '../data/time-axis';
import type { KoopmanParams } from './params';

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

/** The parameters that say where the snapshots and their time step come from. */
export type SnapshotParams = Pick<KoopmanParams, 'dt' | 'timeColumn' | 'columns' | 'trajectoryColumn' | 'pairs'>;

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

  const timeIdx = findTimeColumn(ds, p.timeColumn);
  const timeName = timeIdx >= 0 ? ds.columns[timeIdx] : undefined;
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
  const tcol = timeName ? ds.data[timeIdx] : undefined;
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

  const time = timeInfo(ds, p, groups, notes);
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

/** The step of the snapshots from the time axis of the table (one spacing for every trajectory). */
function timeInfo(ds: Dataset, p: SnapshotParams, groups: number[][], notes: string[]): TimeInfo {
  const axis = resolveTimeAxis(ds, p, groups);
  const timeName = axis.column >= 0 ? ds.columns[axis.column] : undefined;
  if (axis.source === 'parameter') {
    if (timeName) notes.push(`--dt ${axis.dt} given: the time column "${timeName}" is not used for the step`);
    return {
      dt: axis.dt,
      dtSource: 'parameter',
      timeUnit: 'time unit',
      unitsNote: `dt = ${axis.dt} time units (given by --dt)`,
    };
  }
  if (axis.source === 'time-column' && timeName) {
    notes.push(axis.note);
    return {
      dt: axis.dt,
      dtSource: 'time-column',
      timeUnit: timeName,
      unitsNote: `dt = ${axis.dt} from time column "${timeName}" (time unit: the unit of "${timeName}")`,
    };
  }
  return {
    dt: 1,
    dtSource: 'assumed',
    timeUnit: 'sample',
    unitsNote: `${axis.note}: continuous eigenvalues and frequencies are per sample`,
  };
}
