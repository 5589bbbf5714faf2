/**
 * Node functions of a graph, named by `--graph-function` (comma-separated, one per filtration parameter):
 * degree, inverse-degree (1/degree), hks:T (heat kernel signature at time T), closeness, fiedler, ricci
 * (Ollivier-Ricci, node value = min over its edges), weight (edge weights: an edge enters at its weight, a node at
 * the smallest weight of its edges), attr:NAME (a node attribute column; a bare NAME works when no built-in has it).
 */
import { badInput, tooLarge, usageError } from '../../core/errors';
import type { GraphData } from '../../data/graph/types';
import { adjacencyOf, degreeOf, type Adjacency } from './adjacency';
import { bfsDistances, dijkstraDistances } from './paths';
import { edgeCurvature, RICCI_ALPHA } from './ricci';
import { fiedlerVector, heatKernelSignature } from './spectral';

export type GraphFunctionSpec =
  | { kind: 'degree' | 'inverse-degree' | 'closeness' | 'fiedler' | 'ricci' | 'weight' }
  | { kind: 'hks'; t: number }
  | { kind: 'attribute'; name: string };

export interface NodeFunction {
  /** As the user wrote it, normalised (e.g. `hks:10`). */
  label: string;
  /** One value per node. */
  node: Float64Array;
  /** Own values of the edges (edge weights), entering as max(edge value, endpoint values). */
  edge?: Float64Array;
  notes: string[];
}

const ALIASES: Record<string, GraphFunctionSpec['kind']> = {
  degree: 'degree',
  'inverse-degree': 'inverse-degree',
  '1/degree': 'inverse-degree',
  closeness: 'closeness',
  fiedler: 'fiedler',
  ricci: 'ricci',
  'ollivier-ricci': 'ricci',
  weight: 'weight',
};

export function parseGraphFunction(text: string): GraphFunctionSpec {
  const s = text.trim();
  const lower = s.toLowerCase();
  if (lower.startsWith('hks:')) {
    const t = Number(s.slice(4));
    if (!(t > 0) || !Number.isFinite(t)) throw usageError(`--graph-function hks:T needs a time T > 0, got "${s}"`);
    return { kind: 'hks', t };
  }
  if (lower === 'hks') throw usageError('--graph-function hks needs a time: hks:T, e.g. hks:10');
  if (lower.startsWith('attr:')) return { kind: 'attribute', name: s.slice(5) };
  const kind = ALIASES[lower];
  if (kind !== undefined) return { kind } as GraphFunctionSpec;
  if (s === '') throw usageError('--graph-function: empty function name');
  return { kind: 'attribute', name: s };
}

export function parseGraphFunctions(list: string): GraphFunctionSpec[] {
  return list.split(',').map(parseGraphFunction);
}

export function labelOf(f: GraphFunctionSpec): string {
  return f.kind === 'hks' ? `hks:${f.t}` : f.kind === 'attribute' ? `attr:${f.name}` : f.kind;
}

/** Work bound (elementary steps) of closeness and Ollivier-Ricci: past it they are refused, not left running. */
export const GRAPH_FUNCTION_MAX_WORK = 5e9;

function closeness(g: GraphData, a: Adjacency, file?: string, poll?: () => void): Float64Array {
  // Wasserman-Faust closeness (as networkx's closeness_centrality, wf_improved): (r-1)/sum d * (r-1)/(n-1), r the
  // number of nodes reachable from v (v included); 0 for isolated nodes.
  const n = a.n;
  const w = g.weight;
  if (w)
    for (let k = 0; k < w.length; k++)
      if (!(w[k] >= 0))
        throw badInput(
          `closeness uses edge weights as lengths; edge ${g.nodeIds[g.src[k]]} - ${g.nodeIds[g.dst[k]]} has weight ${w[k]} < 0`,
          { file },
        );
  const work = n * (n + g.src.length) * (w ? Math.log2(n + 2) : 1);
  if (work > GRAPH_FUNCTION_MAX_WORK)
    throw tooLarge(
      `closeness of ${n} nodes and ${g.src.length} edges needs one shortest-path search per node (~${work.toExponential(1)} steps, over ${GRAPH_FUNCTION_MAX_WORK.toExponential(0)}); use degree or hks:T`,
      { file },
    );
  const out = new Float64Array(n);
  const d = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    if ((v & 15) === 0) poll?.();
    if (w) dijkstraDistances(a, w, v, d);
    else bfsDistances(a, v, d);
    let sum = 0;
    let reach = 0;
    for (let u = 0; u < n; u++)
      if (d[u] < Infinity) {
        sum += d[u];
        reach++;
      }
    out[v] = sum > 0 && n > 1 ? ((reach - 1) / sum) * ((reach - 1) / (n - 1)) : 0;
  }
  return out;
}

function ricciNodes(g: GraphData, a: Adjacency, file?: string, poll?: () => void): Float64Array {
  const out = new Float64Array(a.n).fill(Infinity);
  let work = 0;
  for (let k = 0; k < g.src.length; k++) {
    const p = degreeOf(a, g.src[k]) + 1;
    const q = degreeOf(a, g.dst[k]) + 1;
    work += p * q * (p + q) * (p + q);
  }
  if (work > GRAPH_FUNCTION_MAX_WORK)
    throw tooLarge(
      `Ollivier-Ricci curvature of ${g.src.length} edges needs ~${work.toExponential(1)} steps of exact transport, over ${GRAPH_FUNCTION_MAX_WORK.toExponential(0)}; use another --graph-function`,
      { file },
    );
  for (let k = 0; k < g.src.length; k++) {
    if ((k & 63) === 0) poll?.();
    const kappa = edgeCurvature(a, g.src[k], g.dst[k], file);
    out[g.src[k]] = Math.min(out[g.src[k]], kappa);
    out[g.dst[k]] = Math.min(out[g.dst[k]], kappa);
  }
  for (let v = 0; v < a.n; v++)
    if (out[v] === Infinity)
      throw badInput(`node "${g.nodeIds[v]}" is isolated: it has no edge, so no Ollivier-Ricci curvature`, { file });
  return out;
}

function weightFunction(g: GraphData, a: Adjacency, file?: string): { node: Float64Array; edge: Float64Array } {
  if (!g.weight) throw badInput('--graph-function weight needs edge weights (a weight column)', { file });
  const w = g.weight;
  if (w.length === 0) throw badInput('--graph-function weight: the graph has no edges', { file });
  const lowest = w.reduce((m, x) => Math.min(m, x), Infinity);
  const node = new Float64Array(a.n).fill(Infinity);
  for (let k = 0; k < w.length; k++) {
    node[g.src[k]] = Math.min(node[g.src[k]], w[k]);
    node[g.dst[k]] = Math.min(node[g.dst[k]], w[k]);
  }
  for (let v = 0; v < a.n; v++) if (node[v] === Infinity) node[v] = lowest;
  return { node, edge: w };
}

function attribute(g: GraphData, name: string, file?: string): Float64Array {
  const col = g.nodeAttributes.find((c) => c.name === name);
  if (!col)
    throw badInput(
      `no node function or node attribute "${name}" (functions: degree, inverse-degree, hks:T, closeness, fiedler, ricci, weight; attributes: ${g.nodeAttributes.map((c) => c.name).join(', ') || 'none'})`,
      { file },
    );
  return col.values;
}

/** The node function `spec` of g; `poll` is called every few ms of work (cancellation). */
export function evaluateNodeFunction(
  g: GraphData,
  spec: GraphFunctionSpec,
  file?: string,
  poll?: () => void,
): NodeFunction {
  const a = adjacencyOf(g);
  const label = labelOf(spec);
  const notes: string[] = [];
  switch (spec.kind) {
    case 'degree':
      return { label, node: Float64Array.from({ length: a.n }, (_, v) => degreeOf(a, v)), notes };
    case 'inverse-degree':
      return { label, node: Float64Array.from({ length: a.n }, (_, v) => 1 / degreeOf(a, v)), notes };
    case 'hks':
      notes.push(`hks:${spec.t}: heat kernel signature of the normalized Laplacian${g.weight ? ' (weighted)' : ''}`);
      return { label, node: heatKernelSignature(g, spec.t, file), notes };
    case 'closeness':
      return { label, node: closeness(g, a, file, poll), notes };
    case 'fiedler':
      notes.push('fiedler: unit eigenvector of lambda_2 of D - W, signed so that its largest-magnitude entry is > 0');
      return { label, node: fiedlerVector(g, file), notes };
    case 'ricci':
      notes.push(
        `ricci: Ollivier-Ricci curvature with alpha = ${RICCI_ALPHA} on hop distances (weights not used), exact transport; node value = min over its edges`,
      );
      return { label, node: ricciNodes(g, a, file, poll), notes };
    case 'weight':
      notes.push('weight: an edge enters at its weight, a node at the smallest weight of its edges');
      return { label, ...weightFunction(g, a, file), notes };
    case 'attribute':
      return { label, node: attribute(g, spec.name, file), notes };
  }
}
