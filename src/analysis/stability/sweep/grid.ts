/**
 * Parameter grids of `dynlens sweep`: `--param a=0:2:101` is 101 evenly spaced values from 0 to 2 (both ends
 * included, as numpy.linspace), `--param a=0.5,1,2` an explicit list. One or two axes; a grid point is an item of
 * the batch, numbered row-major with the first axis slowest (item i of a 2-D grid is (i / nB, i % nB)), so the
 * numbering is stable whatever the sharding.
 */
import { usageError } from '../../core/errors';

export interface GridAxis {
  name: string;
  values: number[];
  /** The spec as written (for provenance). */
  spec: string;
}

export interface ParamGrid {
  axes: GridAxis[];
  /** Number of points: the product of the axis lengths. */
  size: number;
}

/** Largest grid accepted (10^7 points): beyond it the item list alone is large, and the user most likely mistyped. */
export const MAX_GRID_POINTS = 10_000_000;

export function parseAxis(spec: string): GridAxis {
  const m = /^\s*([A-Za-z_]\w*)\s*=\s*(.+?)\s*$/.exec(spec);
  if (!m) throw usageError(`--param expects name=start:stop:count or name=v1,v2,..., got "${spec}"`);
  const [, name, body] = m;
  const num = (s: string): number => {
    const v = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(v)) throw usageError(`--param ${name}: "${s}" is not a finite number`);
    return v;
  };
  if (body.includes(':')) {
    const parts = body.split(':');
    if (parts.length !== 3) throw usageError(`--param ${name}: expected start:stop:count, got "${body}"`);
    const [start, stop, countS] = parts.map(num);
    if (!Number.isInteger(countS) || countS < 1)
      throw usageError(`--param ${name}: the count must be a positive integer, got "${parts[2]}"`);
    return { name, values: linspace(start, stop, countS), spec };
  }
  const values = body.split(',').map(num);
  return { name, values, spec };
}

/** numpy.linspace(start, stop, count): start + k * (stop - start) / (count - 1), the last value exactly stop. */
export function linspace(start: number, stop: number, count: number): number[] {
  if (count === 1) return [start];
  const step = (stop - start) / (count - 1);
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(k === count - 1 ? stop : start + k * step);
  return out;
}

export function parseGrid(specs: readonly string[], paramNames: readonly string[], file?: string): ParamGrid {
  if (specs.length === 0) throw usageError('sweep needs at least one --param name=start:stop:count');
  if (specs.length > 2) throw usageError(`sweep takes one or two --param axes, got ${specs.length}`);
  const axes = specs.map(parseAxis);
  if (axes.length === 2 && axes[0].name === axes[1].name)
    throw usageError(`--param ${axes[0].name} is given twice; a 2-D sweep needs two different parameters`);
  for (const a of axes) {
    if (!paramNames.includes(a.name))
      throw usageError(
        `--param ${a.name}: no parameter of that name${file ? ' in ' + file : ''} (parameters: ${paramNames.join(', ') || 'none'})`,
      );
  }
  const size = axes.reduce((s, a) => s * a.values.length, 1);
  if (size > MAX_GRID_POINTS)
    throw usageError(`the grid has ${size} points, more than ${MAX_GRID_POINTS}; use fewer values per --param`);
  return { axes, size };
}

/** The grid indices (one per axis) of item `i`. */
export function gridIndices(grid: ParamGrid, i: number): number[] {
  if (!Number.isInteger(i) || i < 0 || i >= grid.size)
    throw new RangeError(`grid item ${i} out of 0..${grid.size - 1}`);
  if (grid.axes.length === 1) return [i];
  const nB = grid.axes[1].values.length;
  return [Math.floor(i / nB), i % nB];
}

/** The parameter values (one per axis) of item `i`. */
export function gridPoint(grid: ParamGrid, i: number): number[] {
  return gridIndices(grid, i).map((k, a) => grid.axes[a].values[k]);
}
