/**
 * `dynlens signed-barcode` on a graph: the Hilbert and Euler signed measures of the 2-parameter lower-star
 * bifiltration of two node functions (--graph-function f,g) on the clique complex up to dimension 2 (a simplex at
 * (max f, max g) over its vertices), their convolution image and line slices, in the result shape of point clouds
 * with r = the first function and t = the second.
 */
import type { AnalysisContext } from '../../core/context';
import type { SharedCoordinates } from '../../core/definition';
import { badInput, usageError } from '../../core/errors';
import type { AnalysisInput } from '../../core/input';
import type { GraphData } from '../../data/graph/types';
import type { SignedBarcodeResult } from '../../../protocol/results/signed-barcode';
import type { SignedBarcodeParams } from '../multi/analysis';
import { checkGridSize, quantileGrid, regularGrid } from '../multi/grid';
import { defaultLines } from '../multi/lineSlice';
import { measureFromDensity, mobiusInversion, type GridMeasure } from '../multi/measure';
import { convolutionImage, type ImageBox } from '../multi/vectorize';
import { gridInvariants, lineDiagrams } from './bifiltration';
import { lowerStarCliqueComplex, type FilteredSimplicialComplex } from './complex';
import { evaluateNodeFunction, labelOf, parseGraphFunctions, type NodeFunction } from './functions';
import { graphNotes, graphOfInput, graphSummary, maxSimplices } from './persistence';

export const DEFAULT_GRAPH_FUNCTIONS = 'hks:10,degree';

/** The grid of one axis: given values (checked), else regular or quantile over the simplices' values. */
function axisGrid(
  c: FilteredSimplicialComplex,
  k: number,
  given: readonly number[] | undefined,
  name: string,
  p: SignedBarcodeParams,
): Float64Array {
  if (given !== undefined) {
    if (given.length < 2) throw usageError(`--${name} needs at least 2 values, got ${given.length}`);
    for (let i = 0; i < given.length; i++)
      if (!Number.isFinite(given[i]) || (i > 0 && !(given[i] > given[i - 1])))
        throw usageError(`--${name} must be finite increasing values (value ${i + 1})`);
    return Float64Array.from(given);
  }
  const values = Float64Array.from({ length: c.count }, (_, s) => c.values[2 * s + k]);
  if (p.gridStrategy === 'quantile') return quantileGrid(values, p.grid);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return regularGrid(lo, hi, p.grid);
}

function selectMeasures(names: string[], choice: string): number[] {
  const hilbert = names.flatMap((n, i) => (n === 'euler' ? [] : [i]));
  const euler = names.flatMap((n, i) => (n === 'euler' ? [i] : []));
  if (choice === 'hilbert') return hilbert;
  if (choice === 'euler') return euler;
  if (choice === 'all') return names.map((_, i) => i);
  return hilbert.length > 0 ? hilbert : euler;
}

/**
 * The 2-parameter lower-star bifiltration of a graph for `--graph-function f,g`: the clique complex up to
 * dimension 2 with two values per simplex (max of f, max of g over its vertices), and the two node functions.
 * Shared by the signed barcodes and any other 2-parameter invariant of graphs.
 */
export function graphBifiltration(
  g: GraphData,
  functions: string,
  ctx: AnalysisContext,
  file?: string,
): { complex: FilteredSimplicialComplex; functions: NodeFunction[] } {
  const specs = parseGraphFunctions(functions);
  if (specs.length !== 2)
    throw usageError(
      `a graph bifiltration takes two node functions, --graph-function f,g (e.g. ${DEFAULT_GRAPH_FUNCTIONS}); got ${specs.length}`,
    );
  const fs = specs.map((s) => evaluateNodeFunction(g, s, file, () => ctx.signal.throwIfCancelled()));
  return { complex: lowerStarCliqueComplex(g, fs, 2, maxSimplices(ctx), file), functions: fs };
}

export function graphSignedBarcode(
  input: AnalysisInput,
  g: GraphData,
  p: SignedBarcodeParams,
  ctx: AnalysisContext,
): SignedBarcodeResult {
  const t0 = performance.now();
  const file = input.path;
  checkGridSize(p.grid);
  if (p.compare && p.compare.length > 0) throw usageError('--compare is not available for graphs yet');
  if (p.perturb !== undefined) throw usageError('--perturb (the stability check) is not available for graphs');
  if (!(p.imageBandwidth > 0)) throw badInput(`--image-bandwidth must be > 0, got ${p.imageBandwidth}`);
  if (g.nodeIds.length === 0) throw badInput('the graph has no nodes', { file });
  const degrees = [...new Set(p.degrees)].sort((a, b) => a - b);
  if (degrees.length === 0 && p.invariant !== 'euler')
    throw badInput('--degrees is empty: give at least one of 0, 1, 2');
  ctx.progress(0.02, 'node functions');
  const { complex: cx, functions: fs } = graphBifiltration(g, p.graphFunction ?? DEFAULT_GRAPH_FUNCTIONS, ctx, file);
  const tFunctions = performance.now();
  const r = axisGrid(cx, 0, p.rGrid, 'r-grid', p);
  const t = axisGrid(cx, 1, p.tGrid, 't-grid', p);
  const modulus = 2;
  const inv = gridInvariants(
    cx,
    r,
    t,
    { degrees, hilbert: p.invariant !== 'euler', euler: p.invariant !== 'hilbert', modulus },
    ctx.signal,
    (f) => ctx.progress(0.05 + 0.8 * f, 'Hilbert functions'),
  );
  const tInvariants = performance.now();
  const hilbert = inv.hilbert.map((h) => ({ ...h, measure: mobiusInversion(h.values, r, t) }));
  const measures: { name: string; measure: GridMeasure }[] = hilbert.map((h) => ({
    name: `H${h.degree}`,
    measure: h.measure,
  }));
  let euler: SignedBarcodeResult['euler'];
  if (inv.euler) {
    const eulerMeasure = mobiusInversion(inv.euler, r, t);
    const density = new Int32Array(r.length * t.length);
    for (let k = 0; k < eulerMeasure.weights.length; k++)
      density[eulerMeasure.index[2 * k] * t.length + eulerMeasure.index[2 * k + 1]] = eulerMeasure.weights[k];
    measures.push({ name: 'euler', measure: measureFromDensity(density, r, t) });
    euler = {
      maxDim: 2,
      note: 'Euler characteristic of the clique complex up to dimension 2: vertices - edges + triangles',
      density,
      measure: { points: eulerMeasure.points, weights: eulerMeasure.weights },
    };
  }
  const selection = selectMeasures(
    measures.map((m) => m.name),
    p.vectorMeasures,
  );
  if (selection.length === 0)
    throw badInput(`--vector-measures ${p.vectorMeasures} selects no computed measure`, { file });
  const box: ImageBox = { r0: r[0], r1: r[r.length - 1], t0: t[0], t1: t[t.length - 1] };
  const size = p.imageResolution * p.imageResolution;
  const vector = new Float64Array(selection.length * size);
  selection.forEach((i, k) =>
    vector.set(convolutionImage(measures[i].measure, box, p.imageResolution, p.imageBandwidth), k * size),
  );
  ctx.progress(0.9, 'line slices');
  const lines = defaultLines(r, t, p.lineSlices);
  if (p.line) {
    const [, , dr, dt] = p.line;
    if (p.line.length !== 4 || !p.line.every(Number.isFinite) || !(dr > 0 && dt > 0))
      throw badInput(`--line takes r,t,dr,dt with dr, dt > 0, got ${p.line.join(',')}`);
    lines.unshift(p.line);
  }
  const top = Math.max(0, ...degrees);
  const lineSlices = lines.map((l) => ({
    point: [l[0], l[1]] as [number, number],
    direction: [l[2], l[3]] as [number, number],
    degrees: lineDiagrams(cx, l, top, modulus).map((d) => ({ degree: d.dim, births: d.births, deaths: d.deaths })),
  }));
  const summary = graphSummary(g, cx, fs);
  const notes = [
    ...fs.flatMap((f) => f.notes),
    `lower-star bifiltration of (${fs[0].label}, ${fs[1].label}) on the clique complex up to dimension 2 (${g.nodeIds.length} nodes, ${g.src.length} edges, ${summary.triangles} triangles); r = ${fs[0].label}, t = ${fs[1].label}; Z/2 coefficients${degrees.includes(2) ? '; H2 is that of the 2-skeleton' : ''}`,
    ...fs.flatMap((f) => graphNotes(summary, f)),
  ];
  ctx.progress(1);
  return {
    points: g.nodeIds.length,
    dimension: 0,
    coordinates: [],
    function: `${fs[0].label},${fs[1].label}`,
    filtrationValues: fs[1].node,
    totalPoints: g.nodeIds.length,
    grid: { r, t, strategy: p.gridStrategy, requestedSize: p.grid },
    threshold: r[r.length - 1],
    thresholdRule: `top of the r grid (${fs[0].label})`,
    degrees: p.invariant !== 'euler' ? degrees : [],
    hilbert: hilbert.map((h) => ({
      degree: h.degree,
      values: h.values,
      measure: { points: h.measure.points, weights: h.measure.weights },
    })),
    euler,
    vector: {
      measures: selection.map((i) => measures[i].name),
      resolution: p.imageResolution,
      bandwidth: p.imageBandwidth,
      bandwidthRule:
        'Gaussian std as a fraction of the grid box side, each axis scaled to [0, 1]; normalised kernel, so image x pixel area sums to the mass',
      box: [box.r0, box.r1, box.t0, box.t1],
      values: vector,
    },
    lineSlices,
    graph: summary,
    stats: {
      edges: g.src.length,
      reducedColumns: cx.count,
      slicesComputed: p.invariant !== 'euler' ? t.length : 0,
      timingsMs: { functions: tFunctions - t0, invariants: tInvariants - tFunctions },
    },
    notes,
  };
}

/**
 * The grids every graph of a batch shares: r over the pooled range of the first function, t over the second's
 * (edge values included), regular, or pooled quantiles with --grid-strategy quantile.
 */
export async function fitGraphGrids(
  inputs: () => AsyncIterable<AnalysisInput>,
  p: SignedBarcodeParams,
  ctx: AnalysisContext,
): Promise<SharedCoordinates> {
  const specs = parseGraphFunctions(p.graphFunction ?? DEFAULT_GRAPH_FUNCTIONS);
  if (specs.length !== 2) throw usageError(`--graph-function takes two node functions f,g, got ${specs.length}`);
  const pools: number[][] = [[], []];
  let used = 0;
  for await (const input of inputs()) {
    ctx.signal.throwIfCancelled();
    const g = graphOfInput(input);
    if (!g) continue;
    try {
      const fs = specs.map((s) => evaluateNodeFunction(g, s, input.path));
      fs.forEach((f, k) => {
        for (const x of [...f.node, ...(f.edge ?? [])]) if (Number.isFinite(x)) pools[k].push(x);
      });
      used++;
    } catch (e) {
      if (e instanceof Error && e.name === 'CancelledError') throw e;
    }
  }
  if (used === 0) throw usageError('no item of the fit collection could be read as a graph');
  const grid = (pool: number[]): number[] => {
    const lo = pool.reduce((m, x) => Math.min(m, x), Infinity);
    let hi = pool.reduce((m, x) => Math.max(m, x), -Infinity);
    if (!(hi > lo)) hi = lo + 1;
    const q = p.gridStrategy === 'quantile' ? quantileGrid(Float64Array.from(pool), p.grid) : undefined;
    return Array.from(q && q.length >= 2 ? q : regularGrid(lo, hi, p.grid));
  };
  const params: Record<string, unknown> = {};
  if (!p.rGrid) params.rGrid = grid(pools[0]);
  if (!p.tGrid) params.tGrid = grid(pools[1]);
  return {
    params,
    notes: [
      `r and t grids (${p.gridStrategy}) over the pooled values of ${specs.map(labelOf).join(', ')} on ${used} graphs`,
    ],
  };
}
