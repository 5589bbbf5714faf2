/**
 * `dynlens persistence` on a graph: 1-parameter persistence of the lower-star filtration of one node function on
 * the clique complex up to dimension 2 (vertex at f(v), edge and triangle at the max over their vertices; edge
 * weights enter as their own value with --graph-function weight). H2 is that of the 2-skeleton (no tetrahedra),
 * as GUDHI's SimplexTree.expansion(2) gives it.
 */
import type { AnalysisContext } from '../../core/context';
import { badInput, usageError } from '../../core/errors';
import type { AnalysisInput } from '../../core/input';
import { graphFromTable } from '../../data/graph/table';
import type { GraphData } from '../../data/graph/types';
import type { GraphSummary, PersistenceResult } from '../../../protocol/results/persistence';
import { adjacencyOf, components, degreeOf } from './adjacency';
import { lowerStarCliqueComplex, type FilteredSimplicialComplex } from './complex';
import { evaluateNodeFunction, parseGraphFunctions, type NodeFunction } from './functions';
import { extendedPersistence } from './extended';
import { filteredPersistence } from './reduce';

/** Bytes per simplex while building and reducing the clique complex (measured order of magnitude, with margin). */
const BYTES_PER_SIMPLEX = 250;

/** The largest clique complex the memory budget allows. */
export function maxSimplices(ctx: AnalysisContext): number {
  return Math.max(1000, Math.floor(ctx.memoryBudgetBytes / BYTES_PER_SIMPLEX));
}

/** The graph of an input: a graph file, or a table in the graph layout (collection items); else undefined. */
export function graphOfInput(input: AnalysisInput): GraphData | undefined {
  if (input.kind === 'graph') return input.graph;
  if (input.kind === 'table') return graphFromTable(input.dataset);
  return undefined;
}

export function graphSummary(g: GraphData, cx: FilteredSimplicialComplex, fs: readonly NodeFunction[]): GraphSummary {
  const a = adjacencyOf(g);
  let isolated = 0;
  for (let v = 0; v < a.n; v++) if (degreeOf(a, v) === 0) isolated++;
  const edges = new Int32Array(2 * g.src.length);
  for (let k = 0; k < g.src.length; k++) {
    edges[2 * k] = g.src[k];
    edges[2 * k + 1] = g.dst[k];
  }
  let triangles = 0;
  for (let s = 0; s < cx.count; s++) if (cx.dim[s] === 2) triangles++;
  return {
    nodeIds: g.nodeIds,
    edges,
    triangles,
    components: components(a).count,
    isolated,
    functions: fs.map((f) => ({ label: f.label, values: f.node })),
  };
}

/** Notes on the shape of the graph and the function that change how the diagram reads. */
export function graphNotes(s: GraphSummary, f: NodeFunction): string[] {
  const notes: string[] = [];
  if (s.components > 1)
    notes.push(`the graph has ${s.components} connected components: H0 has one infinite bar per component`);
  if (s.isolated > 0) notes.push(`${s.isolated} isolated node(s): each is a component with an infinite H0 bar`);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of f.node) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  if (lo === hi && !f.edge)
    notes.push(
      `${f.label} is constant (${lo}) on the nodes: every simplex enters at once, only infinite bars remain (the Betti numbers of the clique complex)`,
    );
  return notes;
}

export function graphPersistence(
  input: AnalysisInput,
  g: GraphData,
  p: { graphFunction?: string; maxDim: number; modulus: number; extended: boolean },
  ctx: AnalysisContext,
): PersistenceResult {
  const t0 = performance.now();
  const file = input.path;
  if (p.maxDim > 2)
    throw usageError(`graphs: --max-dim is at most 2 (the clique complex is built up to dimension 2), got ${p.maxDim}`);
  const specs = parseGraphFunctions(p.graphFunction ?? 'degree');
  if (specs.length !== 1)
    throw usageError(
      `persistence takes one --graph-function (got ${specs.length}); two functions are a bifiltration: dynlens signed-barcode --graph-function ${p.graphFunction}`,
    );
  if (g.nodeIds.length === 0) throw badInput('the graph has no nodes', { file });
  ctx.progress(0.05, 'node function');
  const f = evaluateNodeFunction(g, specs[0], file, () => ctx.signal.throwIfCancelled());
  const t1 = performance.now();
  const cx = lowerStarCliqueComplex(g, [f], p.maxDim >= 1 ? 2 : 1, maxSimplices(ctx), file);
  ctx.progress(0.3, 'reducing');
  const diagrams = filteredPersistence(cx, 0, p.maxDim, p.modulus, undefined, ctx.signal);
  let extended: PersistenceResult['extended'];
  if (p.extended) {
    if (f.edge)
      throw usageError(
        `--extended needs a node function (${f.label} gives edges their own values); use another --graph-function`,
      );
    extended = extendedPersistence(g, f.node, p.modulus, ctx.signal);
  }
  const t2 = performance.now();
  let top = -Infinity;
  for (const x of cx.values) top = Math.max(top, x);
  const summary = graphSummary(g, cx, [f]);
  const notes = [
    ...f.notes,
    `lower-star filtration of ${f.label} on the clique complex up to dimension 2 (${g.nodeIds.length} nodes, ${g.src.length} edges, ${summary.triangles} triangles)${p.maxDim >= 2 ? '; H2 is that of the 2-skeleton' : ''}`,
    ...graphNotes(summary, f),
  ];
  if (extended)
    notes.push(
      'extended persistence of the graph itself (no triangles: the cone construction of Cohen-Steiner, Edelsbrunner & Harer 2009, as GUDHI extend_filtration); a relative pair of degree d is a class of H_d(K, L_a), L_a the part of the graph where f >= a',
    );
  return {
    diagrams,
    format: 'graph',
    points: g.nodeIds.length,
    maxDim: p.maxDim,
    modulus: p.modulus,
    thresholdUsed: top,
    enclosingRadius: top,
    edges: g.src.length,
    columnsReduced: [0, g.src.length, summary.triangles],
    timingsMs: { distances: t1 - t0, h0: 0, higher: t2 - t1, total: 0 },
    graph: summary,
    extended,
    notes,
  };
}
