/**
 * A parameter grid as a batch collection: item i is grid point i (grid.ts numbering), the same .ode file with the
 * point's values given to `sweep-point` as `--set` (item params). The parameter values are carried into the output
 * table as columns named after the parameters, written so that Number(text) gives the value back exactly.
 */
import type { Collection, CollectionItem } from '../../collections/types';
import { streamingCollection } from '../../collections/cursor';
import { readInput } from '../../data/load';
import { gridPoint, type ParamGrid } from './grid';

export function gridCollection(model: string, grid: ParamGrid): Collection {
  const names = grid.axes.map((a) => a.name);
  // grid points are built when asked: a 1,000 x 1,000 plane holds no million item objects
  const item = (i: number): CollectionItem => {
    const values = gridPoint(grid, i);
    // String(number) is the shortest text that reads back as the same double (ECMAScript Number::toString)
    const set = names.map((n, a) => `${n}=${String(values[a])}`);
    const extra: Record<string, string> = {};
    names.forEach((n, a) => (extra[n] = String(values[a])));
    return {
      id: set.join(','),
      source: `${model} [${set.join(', ')}]`,
      extra,
      file: model,
      params: { set },
      load: async () => (await readInput(model)).input,
    };
  };
  const notes = [
    `parameter grid ${grid.axes.map((a) => `${a.name} = ${a.spec.slice(a.spec.indexOf('=') + 1)}`).join(' x ')}: ${grid.size} points`,
  ];
  return streamingCollection(
    { name: model, layout: 'grid', files: [model], extraColumns: names, notes },
    grid.size,
    item,
  );
}
