/**
 * `--delay-embedding dim,lag` for point-cloud analyses: one column of a table becomes the point cloud of its delay
 * vectors (x_t, x_{t+lag}, ..., x_{t+(dim-1)lag}) (Takens 1981), as a table whose columns are the coordinates.
 * Without a lag, the lag is chosen from the series (embedding.ts chooseDelayLag).
 */
import { badInput, usageError } from '../core/errors';
import { columnIndex, type Dataset } from '../core/input';
import { chooseDelayLag, delayEmbed } from './embedding';

const TIME_LIKE = /^(t|time|times|timestamp|date|datetime|index|idx|step)$/i;

export interface DelaySpec {
  dim: number;
  /** Undefined: chosen per series. */
  lag?: number;
}

export function parseDelaySpec(spec: string): DelaySpec {
  const parts = spec.split(',').map((s) => s.trim());
  const dim = Number(parts[0]);
  if (parts.length > 2 || !Number.isInteger(dim) || dim < 1)
    throw usageError(`--delay-embedding expects "dim,lag" or "dim" with positive integers, got "${spec}"`);
  if (parts.length === 1) return { dim };
  const lag = Number(parts[1]);
  if (!Number.isInteger(lag) || lag < 1)
    throw usageError(`--delay-embedding lag must be a positive integer, got "${parts[1]}"`);
  return { dim, lag };
}

export interface DelayTable {
  dataset: Dataset;
  column: string;
  dim: number;
  lag: number;
  lagRule: string;
}

/** The delay embedding of `column` (default: the first column that is not a time axis) as a table of points. */
export function delayEmbedTable(ds: Dataset, spec: DelaySpec, column?: string): DelayTable {
  const name = column ?? ds.columns.find((c) => !TIME_LIKE.test(c));
  if (name === undefined) throw badInput('no non-time column to embed (set --column)', { file: ds.source });
  const x = ds.data[columnIndex(ds, name)];
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]))
      throw badInput(`column "${name}", row ${i + 1}: value ${x[i]} is not a finite number`, {
        file: ds.source,
        row: i + 1,
        column: name,
      });
  let lag = spec.lag;
  let lagRule = 'given';
  if (lag === undefined) {
    const choice = chooseDelayLag(x);
    lag = choice.lag;
    lagRule = choice.rule;
  }
  const coords = delayEmbed(x, spec.dim, lag, ds.source);
  const columns = coords.map((_, k) => (k === 0 ? `${name}(t)` : `${name}(t+${k * lag})`));
  const note = `delay embedding of "${name}": dim ${spec.dim}, lag ${lag} (${lagRule}), ${coords[0].length} points`;
  return {
    dataset: { source: ds.source, columns, data: coords, rows: coords[0].length, notes: [...ds.notes, note] },
    column: name,
    dim: spec.dim,
    lag,
    lagRule,
  };
}
