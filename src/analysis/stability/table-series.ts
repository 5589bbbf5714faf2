import { badInput } from '../core/errors';
import { columnIndex, type Dataset } from '../core/input';

/** A column named t or time (any case) is the time axis unless one is named. */
export function findTimeColumn(ds: Dataset, name?: string): number {
  if (name) return columnIndex(ds, name);
  return ds.columns.findIndex((c) => /^(t|time)$/i.test(c.trim()));
}

/** The analysed column: the named one, else the first column that is not the time column. */
export function pickColumn(ds: Dataset, name: string | undefined, timeCol: number): number {
  if (name) return columnIndex(ds, name);
  for (let i = 0; i < ds.columns.length; i++) if (i !== timeCol) return i;
  throw badInput(`no data column besides the time column "${ds.columns[timeCol]}"`, { file: ds.source });
}

/** Sample spacing from a (uniform) time column: mean step; undefined without a time column. */
export function spacingOf(ds: Dataset, timeCol: number): number | undefined {
  if (timeCol < 0) return undefined;
  const t = ds.data[timeCol];
  const n = t.length;
  if (n < 2) return undefined;
  const dt = (t[n - 1] - t[0]) / (n - 1);
  if (!(dt > 0))
    throw badInput(`time column "${ds.columns[timeCol]}" does not increase (from ${t[0]} to ${t[n - 1]})`, {
      file: ds.source,
      column: ds.columns[timeCol],
    });
  for (let i = 1; i < n; i++) {
    if (Math.abs(t[i] - t[i - 1] - dt) > 1e-3 * dt) {
      throw badInput(
        `time column "${ds.columns[timeCol]}" is not uniformly sampled (step ${t[i] - t[i - 1]} at row ${i + 1} vs mean ${dt}); resample first or pass --dt`,
        { file: ds.source, row: i + 1, column: ds.columns[timeCol] },
      );
    }
  }
  return dt;
}
