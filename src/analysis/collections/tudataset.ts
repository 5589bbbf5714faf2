/**
 * Graph collections in the TUDataset text layout (Morris et al., "TUDataset: A collection of benchmark datasets for
 * learning with graphs", 2020): in a folder DS/, DS_A.txt (one edge "i, j" per line, node numbers 1..N over the
 * whole collection), DS_graph_indicator.txt (line i: the graph of node i, 1..G), and optionally
 * DS_graph_labels.txt (one class label per graph), DS_node_labels.txt (node attribute `label`),
 * DS_node_attributes.txt (comma-separated, node attributes `attr0`, `attr1`, ...) and DS_edge_attributes.txt (one
 * line per line of DS_A.txt; its first value is the edge weight). One item per graph, sent to the analysis as a
 * table in the graph layout (data/graph/table.ts).
 */
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { badInput } from '../core/errors';
import { buildGraph, type RawEdge } from '../data/graph/build';
import { graphToTable } from '../data/graph/table';
import type { NodeAttribute } from '../data/graph/types';
import { readCollectionFile } from './common';
import type { Collection, CollectionItem, CollectionOptions } from './types';

/** The dataset name DS of a folder holding DS_A.txt and DS_graph_indicator.txt, else undefined. */
export async function tuDatasetName(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    const m = /^(.+)_A\.txt$/.exec(n);
    if (m && names.includes(`${m[1]}_graph_indicator.txt`)) return m[1];
  }
  return undefined;
}

async function lines(file: string, options: CollectionOptions, optional: boolean): Promise<string[] | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readCollectionFile(file, options);
  } catch (e) {
    if (optional && e instanceof Error && /not found/.test(e.message)) return undefined;
    throw e;
  }
  const out = new TextDecoder('utf-8').decode(bytes).split(/\r?\n/);
  while (out.length && out[out.length - 1].trim() === '') out.pop();
  return out;
}

function numbers(line: string, file: string, row: number, count?: number): number[] {
  const cells = line.split(',').map((s) => Number(s.trim()));
  if (cells.some((x) => !Number.isFinite(x)) || (count !== undefined && cells.length !== count))
    throw badInput(`line ${row}: expected ${count ?? 'comma-separated'} numbers, got "${line.slice(0, 60)}"`, {
      file,
      row,
    });
  return cells;
}

interface Parsed {
  /** Graph (0-based) of each node (0-based). */
  graphOf: Int32Array;
  /** Edges by graph: [u, v, weight or NaN, line]. */
  edges: number[][][];
  nodeAttributes: { name: string; values: Float64Array }[];
  weighted: boolean;
  labels?: string[];
}

async function parse(dir: string, ds: string, options: CollectionOptions): Promise<Parsed> {
  const path = (suffix: string): string => join(dir, `${ds}_${suffix}.txt`);
  const indicator = (await lines(path('graph_indicator'), options, false)) as string[];
  const graphOf = Int32Array.from(indicator, (l, i) => numbers(l, path('graph_indicator'), i + 1, 1)[0] - 1);
  const G = graphOf.reduce((m, g) => Math.max(m, g + 1), 0);
  for (let i = 1; i < graphOf.length; i++)
    if (graphOf[i] < graphOf[i - 1] || graphOf[i] < 0)
      throw badInput(`line ${i + 1}: graph numbers must start at 1 and not decrease`, {
        file: path('graph_indicator'),
      });
  const a = (await lines(path('A'), options, false)) as string[];
  const edgeAttr = await lines(path('edge_attributes'), options, true);
  if (edgeAttr && edgeAttr.length !== a.length)
    throw badInput(`${edgeAttr.length} lines for the ${a.length} edges of ${ds}_A.txt`, {
      file: path('edge_attributes'),
    });
  const edges: number[][][] = Array.from({ length: G }, () => []);
  for (let k = 0; k < a.length; k++) {
    const [i, j] = numbers(a[k], path('A'), k + 1, 2).map((x) => x - 1);
    if (!(i >= 0 && i < graphOf.length && j >= 0 && j < graphOf.length))
      throw badInput(
        `line ${k + 1}: node ${i < 0 || i >= graphOf.length ? i + 1 : j + 1} is not in ${ds}_graph_indicator.txt`,
        {
          file: path('A'),
          row: k + 1,
        },
      );
    if (graphOf[i] !== graphOf[j])
      throw badInput(`line ${k + 1}: the edge joins nodes of graphs ${graphOf[i] + 1} and ${graphOf[j] + 1}`, {
        file: path('A'),
        row: k + 1,
      });
    const w = edgeAttr ? numbers(edgeAttr[k], path('edge_attributes'), k + 1)[0] : NaN;
    edges[graphOf[i]].push([i, j, w, k + 1]);
  }
  const nodeAttributes: Parsed['nodeAttributes'] = [];
  const nodeLabels = await lines(path('node_labels'), options, true);
  if (nodeLabels) {
    if (nodeLabels.length !== graphOf.length)
      throw badInput(`${nodeLabels.length} node labels for ${graphOf.length} nodes`, { file: path('node_labels') });
    nodeAttributes.push({
      name: 'label',
      values: Float64Array.from(nodeLabels, (l, i) => numbers(l, path('node_labels'), i + 1)[0]),
    });
  }
  const attrs = await lines(path('node_attributes'), options, true);
  if (attrs) {
    if (attrs.length !== graphOf.length)
      throw badInput(`${attrs.length} attribute lines for ${graphOf.length} nodes`, { file: path('node_attributes') });
    const rows = attrs.map((l, i) => numbers(l, path('node_attributes'), i + 1));
    for (let c = 0; c < rows[0].length; c++)
      nodeAttributes.push({ name: `attr${c}`, values: Float64Array.from(rows, (r) => r[c] ?? NaN) });
  }
  const graphLabels = await lines(path('graph_labels'), options, true);
  if (graphLabels && graphLabels.length !== G)
    throw badInput(`${graphLabels.length} graph labels for ${G} graphs`, { file: path('graph_labels') });
  return {
    graphOf,
    edges,
    nodeAttributes,
    weighted: edgeAttr !== undefined,
    labels: graphLabels?.map((s) => s.trim()),
  };
}

function graphItem(dir: string, ds: string, p: Parsed, g: number, first: number, count: number): CollectionItem {
  const source = `${join(dir, ds)}[graph ${g + 1}]`;
  return {
    id: `graph ${g + 1}`,
    source,
    label: p.labels?.[g],
    extra: {},
    load: async () => {
      const ids = Array.from({ length: count }, (_, v) => String(first + v + 1));
      const edges: RawEdge[] = p.edges[g].map(([u, v, w, line]) => ({
        u: u - first,
        v: v - first,
        weight: p.weighted ? w : undefined,
        where: line,
      }));
      const attributes: NodeAttribute[] = p.nodeAttributes.map((a) => ({
        name: a.name,
        values: a.values.slice(first, first + count),
      }));
      const graph = buildGraph(join(dir, `${ds}_A.txt`), ids, edges, p.weighted, attributes, [
        `TUDataset ${ds}, graph ${g + 1}: ${count} nodes, ${p.edges[g].length} lines of ${ds}_A.txt`,
      ]);
      return { kind: 'table', path: source, dataset: graphToTable(source, graph) };
    },
  };
}

export async function readTuDataset(path: string, ds: string, options: CollectionOptions): Promise<Collection> {
  const dir = resolve(path);
  const p = await parse(dir, ds, options);
  const items: CollectionItem[] = [];
  for (let v = 0, g = 0; v < p.graphOf.length; g++) {
    const first = v;
    while (v < p.graphOf.length && p.graphOf[v] === g) v++;
    items.push(graphItem(dir, ds, p, g, first, v - first));
  }
  const optional = ['graph_labels', 'node_labels', 'node_attributes', 'edge_attributes'];
  const files = ['A', 'graph_indicator', ...optional].map((s) => join(dir, `${ds}_${s}.txt`));
  const present = await readdir(dir);
  return {
    name: path,
    layout: 'tudataset',
    files: files.filter((f) => present.includes(basename(f))),
    items,
    extraColumns: [],
    notes: [
      `TUDataset ${ds}: ${items.length} graphs, ${p.graphOf.length} nodes${p.labels ? ', graph labels' : ''}${p.nodeAttributes.length ? `, node attributes ${p.nodeAttributes.map((a) => a.name).join(', ')}` : ''}${p.weighted ? ', edge weights = first edge attribute' : ''}`,
    ],
  };
}
