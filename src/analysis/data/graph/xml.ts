/**
 * GraphML and GEXF through graphology's parsers (graphology-graphml, graphology-gexf). In Node there is no DOM: the
 * XML is parsed with @xmldom/xmldom (the DOM implementation those parsers use themselves) and handed to them as a
 * Document. Edges are read as undirected (a directed
 * file is noted), an edge attribute `weight` gives the weights, numeric node attributes become node functions.
 */
import { DOMParser } from '@xmldom/xmldom';
import Graph from 'graphology';
import { badInput } from '../../core/errors';
import { buildGraph, NodeIndex, type RawEdge } from './build';
import type { GraphData, NodeAttribute } from './types';

interface GraphologyLike {
  type: string;
  forEachNode(cb: (node: string, attr: Record<string, unknown>) => void): void;
  forEachEdge(
    cb: (
      edge: string,
      attr: Record<string, unknown>,
      source: string,
      target: string,
      sa: unknown,
      ta: unknown,
      undirected: boolean,
    ) => void,
  ): void;
}

function numeric(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x.trim() !== '') return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  return NaN;
}

function fromGraphology(file: string, format: string, g: GraphologyLike): GraphData {
  const index = new NodeIndex();
  const attr = new Map<string, number[]>();
  let k = 0;
  g.forEachNode((node, a) => {
    const v = index.of(node);
    for (const [name, x] of Object.entries(a)) {
      const value = numeric(x);
      if (Number.isNaN(value) && typeof x !== 'number') continue; // labels, colours: not node functions
      let col = attr.get(name);
      if (!col) attr.set(name, (col = []));
      col[v] = value;
    }
    k++;
  });
  const edges: RawEdge[] = [];
  let weighted = false;
  let directed = 0;
  let pos = 0;
  g.forEachEdge((_e, a, s, t, _sa, _ta, undirected) => {
    pos++;
    if (!undirected) directed++;
    const w = a.weight;
    if (w !== undefined) weighted = true;
    edges.push({ u: index.of(s), v: index.of(t), weight: w === undefined ? undefined : numeric(w), where: pos });
  });
  if (weighted)
    for (const e of edges)
      if (e.weight === undefined)
        throw badInput(`edge ${e.where}: no weight while other edges have one`, { file, row: e.where });
  const notes = [`${format}: ${k} nodes, ${edges.length} edges${weighted ? ', weighted' : ''}`];
  if (directed) notes.push(`${directed} directed edges read as undirected`);
  const n = index.ids.length;
  const nodeAttributes: NodeAttribute[] = [...attr].map(([name, col]) => {
    const values = new Float64Array(n).fill(NaN);
    col.forEach((x, v) => (values[v] = x));
    return { name, values };
  });
  return buildGraph(file, index.ids, edges, weighted, nodeAttributes, notes);
}

/**
 * The XML document, parsed here rather than by the graphology parser so that malformed XML is one error naming the
 * line (xmldom's default handler would print its warnings and errors on the console).
 */
function xmlDocument(file: string, text: string, what: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    locator: {},
    errorHandler: {
      warning: () => undefined,
      error: (m: string) => problems.push(m),
      fatalError: (m: string) => problems.push(m),
    },
  }).parseFromString(text, 'application/xml');
  if (problems.length || !doc.documentElement)
    throw badInput(`not a readable ${what} file: ${(problems[0] ?? 'no root element').replace(/\s+/g, ' ').trim()}`, {
      file,
    });
  return doc as unknown as Document;
}

export async function parseGraphXml(file: string, text: string, format: 'graphml' | 'gexf'): Promise<GraphData> {
  const lib = format === 'graphml' ? await import('graphology-graphml') : await import('graphology-gexf');
  const what = format === 'graphml' ? 'GraphML' : 'GEXF';
  const doc = xmlDocument(file, text, what);
  if (doc.getElementsByTagName('graph').length === 0)
    throw badInput(`not a ${what} file: no <graph> element`, { file });
  let g: GraphologyLike;
  try {
    g = lib.parse(Graph, doc, { addMissingNodes: true }) as unknown as GraphologyLike;
  } catch (e) {
    throw badInput(
      `not a readable ${format === 'graphml' ? 'GraphML' : 'GEXF'} file: ${e instanceof Error ? e.message : String(e)}`,
      { file },
    );
  }
  return fromGraphology(file, format === 'graphml' ? 'GraphML' : 'GEXF', g);
}
