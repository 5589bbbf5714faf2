import { badInput } from '../core/errors';
import { columnIndex, type Dataset } from '../core/input';

/** The analysed column: the named one, else the first column that is not the time column. */
export function pickColumn(ds: Dataset, name: string | undefined, timeCol: number): number {
  if (name) return columnIndex(ds, name);
  for (let i = 0; i < ds.columns.length; i++) if (i !== timeCol) return i;
  throw badInput(`no data column besides the time column "${ds.columns[timeCol]}"`, { file: ds.source });
}
