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
import { streamingCollection } from './cursor';
import { lineSpans, spanText, type LineSpans } from './lines';
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

/** A file's non-blank lines as offsets into its text (lines.ts), undefined when an optional file is absent. */
interface TextLines {
  file: string;
  text: string;
  spans: LineSpans;
  count: number;
}

async function lines(file: string, options: CollectionOptions, optional: boolean): Promise<TextLines | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readCollectionFile(file, options);
  } catch (e) {
    if (optional && e instanceof Error && /not found/.test(e.message)) return undefined;
    throw e;
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const spans = lineSpans(text, 0);
  return { file, text, spans, count: spans.starts.length };
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

/** Line k (0-based among the non-blank lines) and its 1-based line number in the file. */
function lineAt(t: TextLines, k: number): [string, number] {
  return [spanText(t.text, t.spans, k), t.spans.rows[k]];
}

/**
 * The whole dataset in typed arrays: per graph, its nodes are nodeStart[g] .. nodeStart[g+1]-1 and its edges the
 * lines edgeOrder[edgeStart[g] .. edgeStart[g+1]-1] of DS_A.txt. No object per graph or per edge: a graph's
 * item is built when it runs.
 */
interface Parsed {
  nodeStart: Int32Array;
  edgeStart: Int32Array;
  edgeOrder: Int32Array;
  /** 0-based endpoints, and 1-based line number in DS_A.txt, of each edge (by its index among the lines). */
  edgeU: Int32Array;
  edgeV: Int32Array;
  edgeLine: Uint32Array;
  /** First edge attribute of each edge (the weight), when DS_edge_attributes.txt exists. */
  weight?: Float64Array;
  nodeAttributes: { name: string; values: Float64Array }[];
  labels?: string[];
}

async function graphIndicator(file: string, options: CollectionOptions): Promise<Int32Array> {
  const t = (await lines(file, options, false)) as TextLines;
  const graphOf = new Int32Array(t.count);
  for (let i = 0; i < t.count; i++) {
    const [line, row] = lineAt(t, i);
    graphOf[i] = numbers(line, file, row, 1)[0] - 1;
    if (graphOf[i] < 0 || (i > 0 && graphOf[i] < graphOf[i - 1]))
      throw badInput(`line ${row}: graph numbers must start at 1 and not decrease`, { file });
  }
  return graphOf;
}

/** Prefix sums of counts: start[g] .. start[g+1]-1 index the members of group g. */
function starts(groupOf: Int32Array, groups: number): Int32Array {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < groupOf.length; i++) start[groupOf[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  return start;
}

async function parseEdges(
  file: string,
  ds: string,
  graphOf: Int32Array,
  G: number,
  weights: TextLines | undefined,
  options: CollectionOptions,
): Promise<Pick<Parsed, 'edgeStart' | 'edgeOrder' | 'edgeU' | 'edgeV' | 'edgeLine' | 'weight'>> {
  const a = (await lines(file, options, false)) as TextLines;
  const E = a.count;
  const edgeU = new Int32Array(E);
  const edgeV = new Int32Array(E);
  const edgeGraph = new Int32Array(E);
  const weight = weights ? new Float64Array(E) : undefined;
  const N = graphOf.length;
  for (let k = 0; k < E; k++) {
    const [line, row] = lineAt(a, k);
    const [i, j] = numbers(line, file, row, 2).map((x) => x - 1);
    if (!(i >= 0 && i < N && j >= 0 && j < N))
      throw badInput(`line ${row}: node ${i < 0 || i >= N ? i + 1 : j + 1} is not in ${ds}_graph_indicator.txt`, {
        file,
        row,
      });
    if (graphOf[i] !== graphOf[j])
      throw badInput(`line ${row}: the edge joins nodes of graphs ${graphOf[i] + 1} and ${graphOf[j] + 1}`, {
        file,
        row,
      });
    edgeU[k] = i;
    edgeV[k] = j;
    edgeGraph[k] = graphOf[i];
    if (weights && weight) {
      const [wl, wr] = lineAt(weights, k);
      weight[k] = numbers(wl, weights.file, wr)[0];
    }
  }
  // edges grouped by graph, in line order within a graph (a stable counting sort)
  const edgeStart = starts(edgeGraph, G);
  const fill = edgeStart.slice(0, G);
  const edgeOrder = new Int32Array(E);
  for (let k = 0; k < E; k++) edgeOrder[fill[edgeGraph[k]]++] = k;
  return { edgeStart, edgeOrder, edgeU, edgeV, edgeLine: a.spans.rows, weight };
}

async function parseNodeAttributes(
  path: (suffix: string) => string,
  N: number,
  options: CollectionOptions,
): Promise<Parsed['nodeAttributes']> {
  const out: Parsed['nodeAttributes'] = [];
  const nodeLabels = await lines(path('node_labels'), options, true);
  if (nodeLabels) {
    if (nodeLabels.count !== N)
      throw badInput(`${nodeLabels.count} node labels for ${N} nodes`, { file: path('node_labels') });
    const values = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const [line, row] = lineAt(nodeLabels, i);
      values[i] = numbers(line, path('node_labels'), row)[0];
    }
    out.push({ name: 'label', values });
  }
  const attrs = await lines(path('node_attributes'), options, true);
  if (attrs) {
    if (attrs.count !== N)
      throw badInput(`${attrs.count} attribute lines for ${N} nodes`, { file: path('node_attributes') });
    const columns: Float64Array[] = [];
    for (let i = 0; i < N; i++) {
      const [line, row] = lineAt(attrs, i);
      const cells = numbers(line, path('node_attributes'), row);
      if (i === 0) for (let c = 0; c < cells.length; c++) columns.push(new Float64Array(N));
      for (let c = 0; c < columns.length; c++) columns[c][i] = cells[c] ?? NaN;
    }
    columns.forEach((values, c) => out.push({ name: `attr${c}`, values }));
  }
  return out;
}

async function parse(dir: string, ds: string, options: CollectionOptions): Promise<Parsed> {
  const path = (suffix: string): string => join(dir, `${ds}_${suffix}.txt`);
  const graphOf = await graphIndicator(path('graph_indicator'), options);
  const G = graphOf.length > 0 ? graphOf[graphOf.length - 1] + 1 : 0;
  const edgeAttr = await lines(path('edge_attributes'), options, true);
  const edges = await parseEdges(path('A'), ds, graphOf, G, edgeAttr, options);
  if (edgeAttr && edgeAttr.count !== edges.edgeU.length)
    throw badInput(`${edgeAttr.count} lines for the ${edges.edgeU.length} edges of ${ds}_A.txt`, {
      file: path('edge_attributes'),
    });
  const nodeAttributes = await parseNodeAttributes(path, graphOf.length, options);
  const graphLabels = await lines(path('graph_labels'), options, true);
  if (graphLabels && graphLabels.count !== G)
    throw badInput(`${graphLabels.count} graph labels for ${G} graphs`, { file: path('graph_labels') });
  return {
    nodeStart: starts(graphOf, G),
    ...edges,
    nodeAttributes,
    labels: graphLabels && Array.from({ length: G }, (_, g) => lineAt(graphLabels, g)[0].trim()),
  };
}

function graphItem(dir: string, ds: string, p: Parsed, g: number): CollectionItem {
  const source = `${join(dir, ds)}[graph ${g + 1}]`;
  const first = p.nodeStart[g];
  const count = p.nodeStart[g + 1] - first;
  return {
    id: `graph ${g + 1}`,
    source,
    label: p.labels?.[g],
    extra: {},
    load: async () => {
      const ids = Array.from({ length: count }, (_, v) => String(first + v + 1));
      const edges: RawEdge[] = [];
      for (let e = p.edgeStart[g]; e < p.edgeStart[g + 1]; e++) {
        const k = p.edgeOrder[e];
        edges.push({ u: p.edgeU[k] - first, v: p.edgeV[k] - first, weight: p.weight?.[k], where: p.edgeLine[k] });
      }
      const attributes: NodeAttribute[] = p.nodeAttributes.map((a) => ({
        name: a.name,
        values: a.values.slice(first, first + count),
      }));
      const graph = buildGraph(join(dir, `${ds}_A.txt`), ids, edges, p.weight !== undefined, attributes, [
        `TUDataset ${ds}, graph ${g + 1}: ${count} nodes, ${edges.length} lines of ${ds}_A.txt`,
      ]);
      return { kind: 'table', path: source, dataset: graphToTable(source, graph) };
    },
  };
}

export async function readTuDataset(path: string, ds: string, options: CollectionOptions): Promise<Collection> {
  const dir = resolve(path);
  const p = await parse(dir, ds, options);
  const G = p.nodeStart.length - 1;
  const optional = ['graph_labels', 'node_labels', 'node_attributes', 'edge_attributes'];
  const files = ['A', 'graph_indicator', ...optional].map((s) => join(dir, `${ds}_${s}.txt`));
  const present = await readdir(dir);
  const N = p.nodeStart[G];
  const notes = [
    `TUDataset ${ds}: ${G} graphs, ${N} nodes${p.labels ? ', graph labels' : ''}${p.nodeAttributes.length ? `, node attributes ${p.nodeAttributes.map((a) => a.name).join(', ')}` : ''}${p.weight ? ', edge weights = first edge attribute' : ''}`,
  ];
  return streamingCollection(
    {
      name: path,
      layout: 'tudataset',
      files: files.filter((f) => present.includes(basename(f))),
      extraColumns: [],
      notes,
    },
    G,
    (g) => graphItem(dir, ds, p, g),
  );
}
