/**
 * A graph as a table, so that graphs travel where tables do (the batch engine sends collection items as inline
 * tables): columns `source`, `target` (0-based node indices), `weight` when weighted, `node` (the node ids, numeric)
 * and one column per node attribute, named `node:<name>`. Edge columns and node columns are NaN past the edge and
 * node counts.
 */
import { badInput } from '../../core/errors';
import type { Dataset } from '../../core/input';
import type { GraphData } from './types';

const ATTR = 'node:';

export function graphToTable(source: string, g: GraphData): Dataset {
  const n = g.nodeIds.length;
  const m = g.src.length;
  const rows = Math.max(n, m);
  const col = (fill: (i: number) => number, count: number): Float64Array =>
    Float64Array.from({ length: rows }, (_, i) => (i < count ? fill(i) : NaN));
  const columns = ['source', 'target'];
  const data = [col((k) => g.src[k], m), col((k) => g.dst[k], m)];
  if (g.weight) {
    const w = g.weight;
    columns.push('weight');
    data.push(col((k) => w[k], m));
  }
  columns.push('node');
  data.push(col((v) => Number(g.nodeIds[v]), n));
  for (const a of g.nodeAttributes) {
    columns.push(ATTR + a.name);
    data.push(col((v) => a.values[v], n));
  }
  return { source, columns, data, rows, notes: [...g.notes] };
}

/** The graph of a table written by graphToTable; undefined when the table does not have that layout. */
export function graphFromTable(ds: Dataset): GraphData | undefined {
  const c = ds.columns;
  const weighted = c[2] === 'weight';
  const nodeAt = weighted ? 3 : 2;
  if (c[0] !== 'source' || c[1] !== 'target' || c[nodeAt] !== 'node') return undefined;
  if (!c.slice(nodeAt + 1).every((x) => x.startsWith(ATTR))) return undefined;
  const count = (x: Float64Array): number => {
    let k = 0;
    while (k < x.length && !Number.isNaN(x[k])) k++;
    return k;
  };
  const nodes = ds.data[nodeAt];
  const n = count(nodes);
  const m = count(ds.data[0]);
  const src = Int32Array.from(ds.data[0].subarray(0, m));
  const dst = Int32Array.from(ds.data[1].subarray(0, m));
  for (let k = 0; k < m; k++)
    if (!(src[k] >= 0 && src[k] < dst[k] && dst[k] < n))
      throw badInput(`graph table row ${k + 1}: edge ${src[k]} - ${dst[k]} is not a pair of node indices`, {
        file: ds.source,
      });
  return {
    nodeIds: Array.from(nodes.subarray(0, n), String),
    src,
    dst,
    weight: weighted ? ds.data[2].slice(0, m) : undefined,
    nodeAttributes: c
      .slice(nodeAt + 1)
      .map((name, i) => ({ name: name.slice(ATTR.length), values: ds.data[nodeAt + 1 + i].slice(0, n) })),
    notes: [...ds.notes],
  };
}
