/**
 * Registry entry `signed-barcode`: multiparameter signed barcodes of a point cloud (Loiseaux, Scoccola, Carriere,
 * Botnan, Oudot, "Stable Vectorization of Multiparameter Persistent Homology using Signed Barcodes as Measures",
 * NeurIPS 2023): Hilbert function and Euler characteristic signed measures of the Rips x f bifiltration, their
 * convolution image, line slices, a sliced Wasserstein comparison of several files and a stability check.
 */
import type { AnalysisContext } from '../../core/context';
import { defineAnalysis, type RegisteredAnalysis } from '../../core/definition';
import { badInput, tooLarge, usageError } from '../../core/errors';
import type { AnalysisInput, Dataset } from '../../core/input';
import { columnIndex } from '../../core/input';
import { isTimeColumnName } from '../../data/time-axis';
import type { ParamSchema, ResolvedParams } from '../../core/params';
import type { SignedBarcodeResult, SignedMeasureData } from '../../../protocol/results/signed-barcode';
import {
  cloudFromColumns,
  farthestPointSample,
  gaussianCodensity,
  gaussianCodensityAt,
  scottBandwidth,
  subCloud,
  type PointCloud,
} from './bifiltration';
import { computeInvariantsAsync, hilbertChunkTask, type InvariantsOutput } from './compute';
import { checkGridSize, type GridStrategy } from './grid';
import { edgeOrderBytes } from './edgeOrder';
import { defaultLines, lineBarcode } from './lineSlice';
import type { GridMeasure } from './measure';
import { seededNormal, seededUniform } from '../../core/random';
import { delayEmbedTable, parseDelaySpec } from '../../timeseries/delay-table';
import { fitSignedBarcodeCoordinates, signedBarcodeFeatures } from './features';
import { graphOfInput } from '../graph/persistence';
import { graphSignedBarcode } from '../graph/signed-barcode';
import { estimateSignedBarcode } from './estimate';
import {
  convolutionImage,
  randomDirections,
  signedSlicedWasserstein,
  slicedWassersteinKernel,
  type ImageBox,
} from './vectorize';

/** The point cloud of a Rips x f bifiltration: shared by `signed-barcode` and `module`. */
export const POINT_CLOUD_PARAMS = {
  columns: {
    type: 'string-list',
    optional: true,
    description:
      'coordinate columns of the points (default: every column except a --function column and a time column t or time)',
  },
  function: {
    type: 'string',
    default: 'codensity',
    description: 'second parameter: codensity (minus a Gaussian KDE), column:NAME, or file:PATH (one value per point)',
  },
  bandwidth: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    unit: 'data units',
    description: "Gaussian KDE bandwidth for codensity (default: Scott's rule, mean per-axis std x n^(-1/(dim+4)))",
  },
  maxPoints: {
    type: 'number',
    max: 1_000_000,
    default: 1000,
    integer: true,
    min: 2,
    description:
      'larger clouds are subsampled to this many points by farthest-point (maxmin) sampling; codensity still uses every point',
  },
  delayEmbedding: {
    type: 'string',
    optional: true,
    description:
      '"dim,lag" or "dim": the point cloud is the Takens delay embedding of --column (default lag: first minimum of mutual information, else first zero of the autocorrelation)',
  },
  column: {
    type: 'string',
    optional: true,
    description: 'series for --delay-embedding (default: first non-time column)',
  },
} satisfies ParamSchema;

const params = {
  ...POINT_CLOUD_PARAMS,
  grid: { type: 'number', default: 50, integer: true, min: 2, max: 10_000, description: 'grid values per axis (>= 2)' },
  gridStrategy: {
    type: 'string',
    default: 'regular',
    choices: ['regular', 'quantile'],
    description: 'regular: evenly spaced; quantile: quantiles of the edge lengths (r) and of f (t)',
  },
  threshold: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    unit: 'data units',
    description: 'largest edge length, the top of the r axis (default: enclosing radius of the cloud)',
  },
  degrees: {
    type: 'number-list',
    default: [0, 1],
    integer: true,
    min: 0,
    max: 2,
    description:
      'homology degrees of the Hilbert signed measures, from 0, 1, 2 (degree 2 runs one Rips persistence up to degree 2 per density slice: its time grows as the number of triangles, see BENCHMARKS.md; clouds whose triangles do not fit the memory budget are refused; use --max-points or --threshold)',
  },
  invariant: {
    type: 'string',
    default: 'both',
    choices: ['hilbert', 'euler', 'both'],
    description: 'which signed measures to compute',
  },
  imageResolution: {
    type: 'number',
    default: 50,
    integer: true,
    min: 2,
    max: 1024,
    description: 'pixels per side of the convolution image',
  },
  imageBandwidth: {
    type: 'number',
    max: 1e300,
    default: 0.05,
    min: 0,
    description: 'Gaussian kernel std of the convolution image, as a fraction of the grid box side',
  },
  vectorMeasures: {
    type: 'string',
    default: 'auto',
    choices: ['auto', 'hilbert', 'euler', 'all'],
    description:
      'measures in the vector, the comparison total and the stability vector (auto: the Hilbert measures when computed, else Euler; the truncated Euler measure has weights of the order of the triangle count and would dominate)',
  },
  compare: {
    type: 'files',
    optional: true,
    description: 'other point clouds: returns the sliced Wasserstein distance matrix between all files',
  },
  directions: {
    type: 'number',
    default: 50,
    integer: true,
    min: 1,
    max: 10000,
    description: 'random directions of the sliced Wasserstein distance',
  },
  seed: {
    type: 'number',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    default: 0,
    integer: true,
    description: 'seed of the random directions and of the stability perturbation',
  },
  kernelSigma: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    description:
      'sigma of the kernel exp(-SW/(2 sigma^2)) (default: sqrt of the median non-zero SW distance / 2, so the median pair gets exp(-1))',
  },
  perturb: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    unit: 'data units',
    description:
      'stability check: move every point by at most this distance (seeded) and report how far the vector moves, divided by it',
  },
  line: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description: 'a line r,t,dr,dt (point and direction, dr, dt > 0) along which to compute the one-parameter barcode',
  },
  lineSlices: {
    type: 'number',
    default: 5,
    integer: true,
    min: 0,
    max: 64,
    description: 'precomputed parallel line slices through the grid box for the view',
  },
  rGrid: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    unit: 'data units',
    description:
      'fixed grid of the r (scale) axis, increasing values from >= 0 (replaces --grid, --grid-strategy and --threshold on that axis; dynlens batch fits it on the collection)',
  },
  graphFunction: {
    type: 'string',
    optional: true,
    description:
      'graphs: two node functions f,g of the lower-star bifiltration on the clique complex up to dimension 2 (r = f, t = g), from degree, inverse-degree, hks:T, closeness, fiedler, ricci, weight, attr:NAME (default hks:10,degree)',
  },
  tGrid: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description: 'fixed grid of the t (function) axis, increasing values (dynlens batch fits it on the collection)',
  },
  features: {
    type: 'string',
    default: 'image',
    choices: ['image', 'sw', 'both'],
    description:
      'batch feature vector: image (the convolution image, flattened), sw (sliced Wasserstein embedding: CDFs of the measure projected on --directions directions, sampled at --sw-bins points), or both',
  },
  swBins: {
    type: 'number',
    default: 20,
    integer: true,
    min: 1,
    max: 1000,
    description: 'samples per direction of the sliced Wasserstein embedding (--features sw)',
  },
} satisfies ParamSchema;

export type SignedBarcodeParams = ResolvedParams<typeof params>;
type Params = SignedBarcodeParams;

interface Prepared {
  /** The points the bifiltration is built on (the sample when subsampled). */
  cloud: PointCloud;
  /** All points of the file, and the sampled row indices when subsampled. */
  full: PointCloud;
  sample?: Int32Array;
  notes: string[];
  f: Float64Array;
  coordinates: string[];
  functionLabel: string;
  bandwidth?: number;
  bandwidthRule?: string;
}

function tableOf(input: AnalysisInput): Dataset {
  if (input.kind !== 'table')
    throw badInput(`signed-barcode needs a table of points, got a ${input.kind} file`, { file: input.path });
  return input.dataset;
}

/** The table of points: the input itself, or the delay embedding of one of its columns (--delay-embedding). */
export function pointTable(
  input: AnalysisInput,
  p: Pick<Params, 'delayEmbedding' | 'columns' | 'function' | 'column'>,
): Dataset {
  const ds = tableOf(input);
  if (p.delayEmbedding === undefined) return ds;
  if (p.columns && p.columns.length > 0)
    throw usageError('--columns and --delay-embedding exclude each other (use --column for the embedded series)');
  if (p.function.startsWith('column:') || p.function.startsWith('file:'))
    throw usageError('--delay-embedding needs --function codensity (the embedded points have no column of f values)');
  return delayEmbedTable(ds, parseDelaySpec(p.delayEmbedding), p.column).dataset;
}

/** A --r-grid or --t-grid: at least 2 finite increasing values. */
export function fixedGrid(name: string, values: readonly number[] | undefined, min?: number): Float64Array | undefined {
  if (values === undefined) return undefined;
  if (values.length < 2) throw usageError(`--${name} needs at least 2 values, got ${values.length}`);
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) throw usageError(`--${name} value ${k + 1} is not finite`);
    if (k > 0 && !(values[k] > values[k - 1])) throw usageError(`--${name} must be increasing (value ${k + 1})`);
  }
  if (min !== undefined && values[0] < min) throw usageError(`--${name} must start at >= ${min}`);
  return Float64Array.from(values);
}

/** Points and second-parameter values of one table. `fixedBandwidth` makes compared files share one KDE. */
export async function prepare(
  ds: Dataset,
  p: Pick<Params, 'function' | 'columns' | 'maxPoints' | 'bandwidth'>,
  ctx: AnalysisContext,
  fixedBandwidth?: number,
): Promise<Prepared> {
  const spec = p.function;
  let fColumn: string | undefined;
  let fFile: string | undefined;
  if (spec.startsWith('column:')) fColumn = spec.slice(7);
  else if (spec.startsWith('file:')) fFile = spec.slice(5);
  else if (spec !== 'codensity')
    throw usageError(`--function must be codensity, column:NAME or file:PATH, got "${spec}"`);
  if (fColumn !== undefined) columnIndex(ds, fColumn);
  const notes: string[] = [];
  let names: string[];
  if (p.columns && p.columns.length > 0) names = p.columns;
  else {
    // a time column is not a coordinate of the state (DynLens' convention: a column named t or time is the time axis)
    const time = ds.columns.filter((c) => isTimeColumnName(c) && c !== fColumn);
    names = ds.columns.filter((c) => c !== fColumn && !time.includes(c));
    if (time.length > 0)
      notes.push(`time column ${time.join(', ')} left out of the coordinates (--columns to choose them)`);
    if (names.length === 0) names = ds.columns.filter((c) => c !== fColumn);
  }
  for (const name of names) columnIndex(ds, name);
  if (fColumn !== undefined && names.includes(fColumn))
    ctx.log(`note: the function column ${fColumn} is also a coordinate`);
  const full = cloudFromColumns(
    names.map((c) => ds.data[columnIndex(ds, c)]),
    names,
    ds.source,
  );
  const poll = (): void => ctx.signal.throwIfCancelled();
  let sample: Int32Array | undefined;
  let cloud = full;
  if (full.n > p.maxPoints) {
    sample = farthestPointSample(full, p.maxPoints, poll);
    cloud = subCloud(full, sample);
    notes.push(
      `${p.maxPoints} of ${full.n} points chosen by farthest-point (maxmin) sampling (--max-points)${fColumn === undefined && fFile === undefined ? '; the codensity uses all points' : ''}`,
    );
  }
  const pick = (values: ArrayLike<number>): Float64Array =>
    sample ? Float64Array.from(sample, (i) => values[i]) : Float64Array.from(values);
  let f: Float64Array;
  let bandwidth: number | undefined;
  let bandwidthRule: string | undefined;
  if (fColumn !== undefined) {
    f = pick(ds.data[columnIndex(ds, fColumn)]);
  } else if (fFile !== undefined) {
    const loaded = await ctx.loadInput(fFile);
    const fds = tableOf(loaded);
    if (fds.rows !== full.n)
      throw badInput(
        `the function file has ${fds.rows} values for ${full.n} points (one value per point, in row order)`,
        { file: fFile },
      );
    if (fds.data.length === 0) throw badInput('the function file has no numeric column', { file: fFile });
    f = pick(fds.data[0]);
  } else {
    if (p.bandwidth !== undefined && !(p.bandwidth > 0))
      throw badInput(`--bandwidth must be > 0, got ${p.bandwidth}`, { file: ds.source });
    if (p.bandwidth !== undefined) {
      bandwidth = p.bandwidth;
      bandwidthRule = '--bandwidth';
    } else if (fixedBandwidth !== undefined) {
      bandwidth = fixedBandwidth;
      bandwidthRule = "the main file's bandwidth (compared files share one density estimator)";
    } else {
      bandwidth = scottBandwidth(full);
      bandwidthRule = "Scott's rule: mean per-axis standard deviation x n^(-1/(dim+4))";
    }
    f = sample ? gaussianCodensityAt(full, sample, bandwidth, poll) : gaussianCodensity(full, bandwidth, poll);
  }
  for (let i = 0; i < f.length; i++) {
    const row = sample ? sample[i] : i;
    if (!Number.isFinite(f[i]))
      throw badInput(`function value of point ${row + 1} is ${f[i]} (NaN or infinite)`, {
        file: fFile ?? ds.source,
        row: row + 1,
      });
  }
  return { cloud, full, sample, notes, f, coordinates: names, functionLabel: spec, bandwidth, bandwidthRule };
}

function measureList(inv: InvariantsOutput): { name: string; measure: GridMeasure }[] {
  const out: { name: string; measure: GridMeasure }[] = inv.hilbert.map((h) => ({
    name: `H${h.degree}`,
    measure: h.measure,
  }));
  if (inv.euler) out.push({ name: 'euler', measure: inv.euler.measure });
  return out;
}

/** Indices into measureList(inv) of the measures that make the vector (see --vector-measures). */
function vectorSelection(names: string[], choice: string): number[] {
  const hilbert = names.map((n, i) => (n === 'euler' ? -1 : i)).filter((i) => i >= 0);
  const euler = names.map((n, i) => (n === 'euler' ? i : -1)).filter((i) => i >= 0);
  if (choice === 'hilbert') return hilbert;
  if (choice === 'euler') return euler;
  if (choice === 'all') return names.map((_, i) => i);
  return hilbert.length > 0 ? hilbert : euler;
}

function boxOf(inv: InvariantsOutput): ImageBox {
  return { r0: inv.r[0], r1: inv.r[inv.r.length - 1], t0: inv.t[0], t1: inv.t[inv.t.length - 1] };
}

function vectorOf(
  inv: InvariantsOutput,
  box: ImageBox,
  resolution: number,
  bandwidth: number,
  selection: number[],
): Float64Array {
  const all = measureList(inv);
  const ms = selection.map((i) => all[i]);
  const size = resolution * resolution;
  const v = new Float64Array(ms.length * size);
  ms.forEach((m, k) => v.set(convolutionImage(m.measure, box, resolution, bandwidth), k * size));
  return v;
}

function plainMeasure(m: GridMeasure): SignedMeasureData {
  return { points: m.points, weights: m.weights };
}

/** Moves every point by a vector uniform in the ball of radius eps (direction from normals, radius eps U^(1/d)). */
export function perturbCloud(c: PointCloud, eps: number, seed: number): PointCloud {
  const normal = seededNormal(seed * 2 + 1, { keepSpare: false });
  const uniform = seededUniform(seed * 2 + 2);
  const coords = Float64Array.from(c.coords);
  const g = new Float64Array(c.dim);
  for (let i = 0; i < c.n; i++) {
    let s = 0;
    for (let k = 0; k < c.dim; k++) {
      g[k] = normal();
      s += g[k] * g[k];
    }
    const len = Math.sqrt(s) || 1;
    const radius = eps * Math.pow(uniform(), 1 / c.dim);
    for (let k = 0; k < c.dim; k++) coords[i * c.dim + k] += (g[k] / len) * radius;
  }
  return { n: c.n, dim: c.dim, coords };
}

async function run(input: AnalysisInput, p: Params, ctx: AnalysisContext): Promise<SignedBarcodeResult> {
  const graph = graphOfInput(input);
  if (graph) return graphSignedBarcode(input, graph, p, ctx);
  if (p.graphFunction !== undefined)
    throw usageError(
      `--graph-function applies to graphs; ${input.path} was read as a ${input.kind} (use --input graph for an edge list)`,
    );
  const ds = pointTable(input, p);
  checkGridSize(p.grid);
  if (!(p.imageBandwidth > 0)) throw badInput(`--image-bandwidth must be > 0, got ${p.imageBandwidth}`);
  if (p.kernelSigma !== undefined && !(p.kernelSigma > 0))
    throw badInput(`--kernel-sigma must be > 0, got ${p.kernelSigma}`);
  if (p.perturb !== undefined && !(p.perturb > 0)) throw badInput(`--perturb must be > 0, got ${p.perturb}`);
  if (p.compare && p.compare.length > 0 && p.function.startsWith('file:')) {
    throw usageError(
      '--compare with --function file:PATH is ambiguous (one function file for several clouds); use codensity or column:NAME',
    );
  }
  const degrees = [...new Set(p.degrees)].sort((a, b) => a - b);
  if (degrees.length === 0 && p.invariant !== 'euler')
    throw badInput('--degrees is empty: give at least one of 0, 1, 2');
  const prep = await prepare(ds, p, ctx);
  const notes: string[] = [...prep.notes];
  if (p.delayEmbedding !== undefined) notes.unshift(ds.notes[ds.notes.length - 1]);
  const rGrid = fixedGrid('r-grid', p.rGrid, 0);
  const tGrid = fixedGrid('t-grid', p.tGrid);
  const options = {
    gridSize: p.grid,
    strategy: p.gridStrategy as GridStrategy,
    threshold: p.threshold,
    degrees,
    hilbert: p.invariant !== 'euler',
    euler: p.invariant !== 'hilbert',
    grids: rGrid || tGrid ? { r: rGrid, t: tGrid } : undefined,
  };
  const inv = await computeInvariantsAsync(prep.cloud, prep.f, options, ctx, ds.source);
  if (rGrid || tGrid) notes.push(`fixed grid on the ${rGrid && tGrid ? 'r and t axes' : rGrid ? 'r axis' : 't axis'}`);
  else if (inv.r.length < p.grid || inv.t.length < p.grid) {
    notes.push(
      `grid has ${inv.r.length} x ${inv.t.length} distinct values (repeated ${p.gridStrategy} values were merged)`,
    );
  }
  const box = boxOf(inv);
  const measures = measureList(inv);
  const selection = vectorSelection(
    measures.map((m) => m.name),
    p.vectorMeasures,
  );
  if (selection.length === 0)
    throw badInput(
      `--vector-measures ${p.vectorMeasures} selects no computed measure (computed: ${measures.map((m) => m.name).join(', ')})`,
    );
  const vector = vectorOf(inv, box, p.imageResolution, p.imageBandwidth, selection);

  const lineSlices = lineSlicesOf(prep, inv, p, ctx, notes, ds.source);
  const directions = randomDirections(p.directions, p.seed);
  const comparison =
    p.compare && p.compare.length > 0
      ? await compareClouds(input.path, prep, { measures, box, selection, directions, options }, p, ctx, notes)
      : undefined;
  const stability =
    p.perturb !== undefined
      ? await stabilityCheck(prep, inv, { measures, box, selection, directions, options, vector }, p, ctx, ds.source)
      : undefined;

  const filtrationValues = prep.f;
  ctx.progress(1);
  return {
    points: prep.cloud.n,
    dimension: prep.cloud.dim,
    coordinates: prep.coordinates,
    function: prep.functionLabel,
    bandwidth: prep.bandwidth,
    bandwidthRule: prep.bandwidthRule,
    filtrationValues,
    totalPoints: prep.full.n,
    sample: prep.sample,
    grid: { r: inv.r, t: inv.t, strategy: p.gridStrategy, requestedSize: p.grid },
    threshold: inv.threshold,
    thresholdRule: inv.thresholdRule,
    degrees: options.hilbert ? degrees : [],
    hilbert: inv.hilbert.map((h) => ({ degree: h.degree, values: h.values, measure: plainMeasure(h.measure) })),
    euler: inv.euler
      ? {
          maxDim: inv.euler.maxDim,
          note: `Euler characteristic of the complex truncated at dimension ${inv.euler.maxDim} (max degree + 1): sum over simplices of dimension <= ${inv.euler.maxDim} of (-1)^dim`,
          density: inv.euler.density,
          measure: plainMeasure(inv.euler.measure),
        }
      : undefined,
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
    comparison,
    stability,
    stats: inv.stats,
    notes,
  };
}

/** What the comparison and the stability check reuse of the main run. */
interface MainRun {
  measures: ReturnType<typeof measureList>;
  box: ImageBox;
  selection: number[];
  directions: ReturnType<typeof randomDirections>;
  options: Parameters<typeof computeInvariantsAsync>[2];
  vector?: Float64Array;
}

/**
 * Barcodes along lines of the bifiltration: --line and the default family. A line slice builds its own edge order
 * next to the bifiltration's: refuse an explicit --line, and skip the family with a note, when the two would not fit
 * the memory budget together.
 */
function lineSlicesOf(
  prep: Prepared,
  inv: InvariantsOutput,
  p: Params,
  ctx: AnalysisContext,
  notes: string[],
  file: string,
): SignedBarcodeResult['lineSlices'] {
  ctx.progress(0.92, 'line slices');
  const lineBytes = edgeOrderBytes(prep.cloud.n, inv.stats.edges);
  const linesFit = 2 * lineBytes <= ctx.memoryBudgetBytes;
  if (p.line && !linesFit) {
    throw tooLarge(
      `a line slice of ${prep.cloud.n} points needs another ${(lineBytes / 2 ** 20).toFixed(0)} MB next to the bifiltration, over the budget of ${(ctx.memoryBudgetBytes / 2 ** 20).toFixed(0)} MB; subsample the points or raise dynlens.worker.maxMemoryMB`,
      { file },
    );
  }
  const lines = linesFit ? defaultLines(inv.r, inv.t, p.lineSlices) : [];
  if (!linesFit && p.lineSlices > 0)
    notes.push(
      `line slices skipped: they would need another ${(lineBytes / 2 ** 20).toFixed(0)} MB, over the memory budget`,
    );
  if (p.line) lines.unshift(p.line);
  return lines.map((l) => {
    ctx.signal.throwIfCancelled();
    return lineBarcode(inv.bifiltration, l, ctx);
  });
}

/** Signed sliced Wasserstein distances and kernel between this cloud and each --compare file. */
async function compareClouds(
  path: string,
  prep: Prepared,
  main: MainRun,
  p: Params,
  ctx: AnalysisContext,
  notes: string[],
): Promise<SignedBarcodeResult['comparison']> {
  const { measures, box, selection, directions, options } = main;
  const compare = p.compare ?? [];
  const all: { file: string; measures: { name: string; measure: GridMeasure }[]; box: ImageBox }[] = [
    { file: path, measures, box },
  ];
  for (let k = 0; k < compare.length; k++) {
    ctx.signal.throwIfCancelled();
    ctx.progress(0.93 + (0.05 * k) / compare.length, `comparing with ${compare[k]}`);
    const other = tableOf(await ctx.loadInput(compare[k], { maxBytes: ctx.memoryBudgetBytes }));
    const op = await prepare(other, p, ctx, prep.bandwidth);
    const oi = await computeInvariantsAsync(op.cloud, op.f, options, ctx, other.source);
    all.push({ file: compare[k], measures: measureList(oi), box: boxOf(oi) });
  }
  const nf = all.length;
  const corner: [number, number] = [Math.max(...all.map((a) => a.box.r1)), Math.max(...all.map((a) => a.box.t1))];
  const matrices = measures.map((m, mi) => {
    const values = new Float64Array(nf * nf);
    for (let a = 0; a < nf; a++) {
      for (let b = a + 1; b < nf; b++) {
        const d = signedSlicedWasserstein(all[a].measures[mi].measure, all[b].measures[mi].measure, directions, corner);
        values[a * nf + b] = d;
        values[b * nf + a] = d;
      }
    }
    return { measure: m.name, values };
  });
  const total = new Float64Array(nf * nf);
  for (const i of selection) for (let k = 0; k < total.length; k++) total[k] += matrices[i].values[k];
  let sigma = p.kernelSigma;
  let sigmaRule = '--kernel-sigma';
  if (sigma === undefined) {
    const off: number[] = [];
    for (let a = 0; a < nf; a++)
      for (let b = a + 1; b < nf; b++) if (total[a * nf + b] > 0) off.push(total[a * nf + b]);
    off.sort((x, y) => x - y);
    const med = off.length > 0 ? off[Math.floor(off.length / 2)] : 1;
    sigma = Math.sqrt(med / 2);
    sigmaRule = 'sqrt(median non-zero total SW / 2): the median pair has kernel exp(-1)';
  }
  const kernel = total.map((d) => slicedWassersteinKernel(d, sigma));
  const comparison = {
    files: all.map((a) => a.file),
    matrices,
    total,
    kernel,
    kernelSigma: sigma,
    kernelSigmaRule: sigmaRule,
  };
  notes.push(
    `sliced Wasserstein: ${p.directions} random directions (seed ${p.seed}), raw (r, t) coordinates, p = 1; unequal total masses are balanced by a point mass at the top corner (${corner[0]}, ${corner[1]})`,
  );
  return comparison;
}

/** Moves every point by at most --perturb and measures how far the vectorization and the measures move. */
async function stabilityCheck(
  prep: Prepared,
  inv: InvariantsOutput,
  main: MainRun,
  p: Params,
  ctx: AnalysisContext,
  file: string,
): Promise<SignedBarcodeResult['stability']> {
  const { measures, box, selection, directions, options } = main;
  const vector = main.vector!;
  ctx.progress(0.98, 'stability check');
  const eps = p.perturb!;
  // every point of the file moves (the codensity is a function of all of them); the bifiltration uses the sample
  const movedFull = perturbCloud(prep.full, eps, p.seed);
  const moved = prep.sample ? subCloud(movedFull, prep.sample) : movedFull;
  const f2 =
    prep.bandwidth === undefined
      ? prep.f
      : prep.sample
        ? gaussianCodensityAt(movedFull, prep.sample, prep.bandwidth)
        : gaussianCodensity(movedFull, prep.bandwidth);
  const inv2 = await computeInvariantsAsync(moved, f2, { ...options, grids: { r: inv.r, t: inv.t } }, ctx, file);
  const v2 = vectorOf(inv2, box, p.imageResolution, p.imageBandwidth, selection);
  let dist = 0;
  let norm = 0;
  for (let k = 0; k < vector.length; k++) {
    dist += (vector[k] - v2[k]) ** 2;
    norm += vector[k] ** 2;
  }
  dist = Math.sqrt(dist);
  const m2 = measureList(inv2);
  const corner: [number, number] = [box.r1, box.t1];
  return {
    epsilon: eps,
    seed: p.seed,
    rule: `every point moved by a vector uniform in the ball of radius epsilon (seed ${p.seed}); ${prep.bandwidth !== undefined ? 'codensity recomputed with the same bandwidth' : 'function values kept'}; same grid and image box`,
    vectorRatio: dist / eps,
    vectorDistance: dist,
    vectorNorm: Math.sqrt(norm),
    measures: measures.map((m, k) => {
      const sw = signedSlicedWasserstein(m.measure, m2[k].measure, directions, corner);
      return { measure: m.name, slicedWasserstein: sw, ratio: sw / eps };
    }),
  };
}

function pairsOf(m: SignedMeasureData): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < m.weights.length; k++) out.push([m.points[2 * k], m.points[2 * k + 1]]);
  return out;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The JSON shape: grid, filtrationValues, measures, euler, vector, hilbert, plus extras. */
export function signedBarcodeJson(r: SignedBarcodeResult): unknown {
  const k = r.vector.measures.length;
  return {
    grid: [Array.from(r.grid.r), Array.from(r.grid.t)],
    filtrationValues: Array.from(r.filtrationValues),
    measures: r.hilbert.map((h) => ({
      degree: h.degree,
      points: pairsOf(h.measure),
      weights: Array.from(h.measure.weights),
    })),
    euler: r.euler
      ? {
          maxDim: r.euler.maxDim,
          note: r.euler.note,
          points: pairsOf(r.euler.measure),
          weights: Array.from(r.euler.measure.weights),
        }
      : undefined,
    vector: {
      shape: [k, r.vector.resolution, r.vector.resolution],
      measures: r.vector.measures,
      bandwidth: r.vector.bandwidth,
      bandwidthRule: r.vector.bandwidthRule,
      box: r.vector.box,
      values: Array.from(r.vector.values),
    },
    hilbert: r.hilbert.map((h) => ({ degree: h.degree, values: Array.from(h.values) })),
    points: r.points,
    totalPoints: r.totalPoints,
    sample: r.sample ? Array.from(r.sample) : undefined,
    dimension: r.dimension,
    coordinates: r.coordinates,
    function: r.function,
    bandwidth: r.bandwidth,
    bandwidthRule: r.bandwidthRule,
    gridStrategy: r.grid.strategy,
    threshold: r.threshold,
    thresholdRule: r.thresholdRule,
    lineSlices: r.lineSlices.map((l) => ({
      point: l.point,
      direction: l.direction,
      diagrams: l.degrees.map((d) => ({
        dim: d.degree,
        pairs: Array.from(d.births, (b, i) => [b, finiteOrNull(d.deaths[i])]),
      })),
    })),
    comparison: r.comparison
      ? {
          files: r.comparison.files,
          matrices: r.comparison.matrices.map((m) => ({ measure: m.measure, values: Array.from(m.values) })),
          total: Array.from(r.comparison.total),
          kernel: Array.from(r.comparison.kernel),
          kernelSigma: r.comparison.kernelSigma,
          kernelSigmaRule: r.comparison.kernelSigmaRule,
        }
      : undefined,
    stability: r.stability,
    stats: r.stats,
    graph: r.graph && {
      ...r.graph,
      edges: Array.from(r.graph.edges),
      functions: r.graph.functions.map((f) => ({ label: f.label, values: Array.from(f.values) })),
    },
    notes: r.notes,
  };
}

function csvOf(r: SignedBarcodeResult): string {
  const lines = ['measure,r,t,weight'];
  const add = (name: string, m: SignedMeasureData): void => {
    for (let k = 0; k < m.weights.length; k++)
      lines.push(`${name},${m.points[2 * k]},${m.points[2 * k + 1]},${m.weights[k]}`);
  };
  for (const h of r.hilbert) add(`H${h.degree}`, h.measure);
  if (r.euler) add('euler', r.euler.measure);
  return lines.join('\n') + '\n';
}

export const signedBarcodeAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'signed-barcode',
    title: 'Multiparameter signed barcode (Rips x density)',
    description:
      'Hilbert and Euler signed measures of the Rips x codensity (or function-Rips) bifiltration, or of the lower-star bifiltration of two node functions of a graph (--graph-function f,g), on a grid, their convolution image, line slices, sliced Wasserstein comparison of files and a stability check (Loiseaux et al., NeurIPS 2023).',
    inputs: ['table', 'graph'],
    params,
    estimate: estimateSignedBarcode,
    run,
    toJson: signedBarcodeJson,
    toCsv: csvOf,
    features: signedBarcodeFeatures,
    // line slices are drawn by the view only; a batch skips them unless --line-slices is given
    batchDefaults: { lineSlices: 0 },
    fitShared: fitSignedBarcodeCoordinates,
    // t-slices of the Hilbert functions spread over the worker pool (compute.ts, computeInvariantsAsync)
    tasks: { 'hilbert-slices': hilbertChunkTask },
  }),
];
