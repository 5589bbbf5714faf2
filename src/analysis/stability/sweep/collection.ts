/**
 * A parameter grid as a batch collection: item i is grid point i (grid.ts numbering), the same .ode file with the
 * point's values given to `sweep-point` as `--set` (item params). The parameter values are carried into the output
 * table as columns named after the parameters, written so that Number(text) gives the value back exactly.
 */
import type { Collection, CollectionItem } from '../../collections/types';
import { readInput } from '../../data/load';
import { gridPoint, type ParamGrid } from './grid';

export function gridCollection(model: string, grid: ParamGrid): Collection {
  const names = grid.axes.map((a) => a.name);
  const items: CollectionItem[] = [];
  for (let i = 0; i < grid.size; i++) {
    const values = gridPoint(grid, i);
    // String(number) is the shortest text that reads back as the same double (ECMAScript Number::toString)
    const set = names.map((n, a) => `${n}=${String(values[a])}`);
    const extra: Record<string, string> = {};
    names.forEach((n, a) => (extra[n] = String(values[a])));
    items.push({
      id: set.join(','),
      source: `${model} [${set.join(', ')}]`,
      extra,
      file: model,
      params: { set },
      load: async () => (await readInput(model)).input,
    });
  }
  return {
    name: model,
    layout: 'grid',
    files: [model],
    items,
    extraColumns: names,
    notes: [
      `parameter grid ${grid.axes.map((a) => `${a.name} = ${a.spec.slice(a.spec.indexOf('=') + 1)}`).join(' x ')}: ${grid.size} points`,
    ],
  };
}
