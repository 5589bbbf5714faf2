/**
 * Registry entry of `dynlens persistence`: Vietoris-Rips persistent homology of a point cloud, a full distance
 * matrix or a lower-triangular distance matrix (Ripser's input formats), or of a delay embedding of one column.
 */
import { defineAnalysis, type RegisteredAnalysis } from '../../core/definition';
import { badInput, usageError } from '../../core/errors';
import type { AnalysisInput, Dataset } from '../../core/input';
import { graphOfInput, graphPersistence } from '../graph/persistence';
import { columnIndex } from '../../core/input';
import { chooseDelayLag, delayEmbed } from '../../timeseries/embedding';
import type {
  PersistenceComparison,
  PersistenceDiagramData,
  PersistenceFormat,
  PersistenceCocycle,
  PersistenceLandmarks,
  PersistenceResult,
} from '../../../protocol/results/persistence';
import type { AnalysisContext } from '../../core/context';
import type { ResolvedParams } from '../../core/params';
import { bottleneckDistance, wassersteinDistance } from '../diagrams/distance';
import { distanceRows, type DistanceRowsChunk } from '../diagrams/pairwise';
import { vectorizeDiagrams } from './vectorizations';
import { greedyPermutation, greedyPermutationOfMatrix, subsetColumns, type Landmarks } from './landmarks';
import { denseDistances, lowerTriangleSize, validateMatrix } from './distances';
import { computeRips, isPrime, type DistanceSource } from './engine';
import type { EdgeCochain } from './types';
import { fitPersistenceThreshold, persistenceFeatures } from './features';
import {
  DEFAULT_RIPS_WORK,
  centralPoint,
  defaultLandmarkCount,
  estimateRipsRun,
  estimateRipsWork,
  sampledEdgeFraction,
  sourceDistance,
} from './estimate';
import type { ResourceEstimate } from '../../core/budget';

const FORMATS = ['point-cloud', 'distance-matrix', 'lower-distance-matrix'] as const;

const params = {
  format: {
    type: 'string',
    choices: FORMATS,
    optional: true,
    description:
      'input format: point-cloud (rows = points), distance-matrix (square), lower-distance-matrix (Ripser); default point-cloud, or lower-distance-matrix for .lower_distance_matrix files',
  },
  maxDim: { type: 'number', default: 1, min: 0, max: 3, integer: true, description: 'highest homology degree' },
  threshold: {
    type: 'number',
    max: 1e300,
    optional: true,
    min: 0,
    description:
      'largest edge length (diameter) in the complex, inclusive; default: the enclosing radius (exact diagram)',
  },
  modulus: {
    type: 'number',
    default: 2,
    min: 2,
    max: 32749,
    integer: true,
    description: 'coefficients in Z/p, p prime',
  },
  columns: {
    type: 'string-list',
    optional: true,
    description: 'point cloud: coordinate columns (default: all but time-like columns)',
  },
  delayEmbedding: {
    type: 'string',
    optional: true,
    description:
      '"dim,lag" or "dim": Takens delay embedding of --column as the point cloud (default lag: first minimum of mutual information, else first zero of the autocorrelation)',
  },
  column: {
    type: 'string',
    optional: true,
    description: 'series for --delay-embedding (default: first non-time column)',
  },
  maxPoints: {
    type: 'number',
    max: 10_000_000,
    default: 20000,
    min: 2,
    integer: true,
    description: 'refuse inputs with more points than this',
  },
  landmarks: {
    type: 'number',
    min: 2,
    max: 10_000_000,
    optional: true,
    integer: true,
    description:
      'keep N landmarks chosen by greedy permutation (furthest-point sampling) when the input (point cloud or distance matrix) has more points; the exact diagram moves by at most 2 x the covering radius in bottleneck distance. Default (without --threshold): as many as fit about 2 s of work (about 1,800 points to H1), with a note; --landmarks N with N the number of points keeps them all',
  },
  cocycles: {
    type: 'boolean',
    default: false,
    description:
      'add a representative cocycle of every H1 bar (edges [i, j, coefficient] with 0-based point indices, as ripser.py do_cocycles)',
  },
  compare: {
    type: 'files',
    optional: true,
    description:
      'other inputs (same format and parameters): adds the bottleneck and Wasserstein distances between their diagrams and this one, per degree',
  },
  landscapes: {
    type: 'number',
    default: 3,
    min: 1,
    max: 100,
    integer: true,
    description: 'number k of persistence landscapes lambda_1..lambda_k in the result',
  },
  curveResolution: {
    type: 'number',
    default: 100,
    min: 2,
    max: 100000,
    integer: true,
    description: 'grid points of the Betti curves and landscapes (from the smallest to the largest finite value)',
  },
  imagePixelSize: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    description: 'persistence image pixel side in filtration units (default: 1/20 of the larger extent of the diagram)',
  },
  imageSpread: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    description: 'persistence image Gaussian standard deviation (default: the pixel size)',
  },
  imageWeight: {
    type: 'string',
    default: 'linear',
    choices: ['linear', 'constant'],
    description:
      'persistence image weight: linear = persistence / max persistence (Adams et al. 2017, stable), constant = 1',
  },
  wassersteinP: {
    type: 'number',
    min: 1,
    max: 1_000_000,
    default: 1,
    description: 'order p of the Wasserstein distance of --compare (internal L-infinity ground metric)',
  },
  graphFunction: {
    type: 'string',
    optional: true,
    description:
      'graphs: the node function of the lower-star filtration on the clique complex up to dimension 2: degree, inverse-degree, hks:T, closeness, fiedler, ricci, weight, attr:NAME (default degree)',
  },
  extended: {
    type: 'boolean',
    default: false,
    description:
      'graphs: add the extended persistence of the node function on the graph (ordinary, relative, extended+ and extended- pairs)',
  },
  curveRange: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description:
      'graphs in a batch: "lo,hi", the filtration range of the Betti curve features (fitted on the collection by dynlens batch)',
  },
} as const;

const TIME_LIKE = /^(t|time|times|timestamp|date|datetime|index|idx|step)$/i;

function isLowerFile(ds: Dataset): boolean {
  return (
    ds.columns.length === 1 &&
    ds.columns[0] === 'distance' &&
    ds.notes.some((n) => n.startsWith('lower-triangular distance matrix'))
  );
}

function finiteSeries(ds: Dataset, name: string): Float64Array {
  const x = ds.data[columnIndex(ds, name)];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]))
      throw badInput(`column "${name}", row ${i + 1}: value ${x[i]} is not a finite number`, {
        file: ds.source,
        row: i + 1,
        column: name,
      });
  }
  return x;
}

export interface Prepared {
  source: DistanceSource;
  n: number;
  columns?: string[];
  delay?: PersistenceResult['delayEmbedding'];
  preview?: PersistenceResult['preview'];
  notes: string[];
}

/**
 * Distances are sqrt of a sum of squared differences: past about 1e154 per coordinate the squares overflow to
 * Infinity and every bar would die at Infinity. Refuse such data with the numbers instead of a wrong diagram.
 */
const MAX_SAFE_SPAN = 1e153;

function assertDistancesFit(coords: Float64Array[], names: string[], file: string): void {
  let worst = 0;
  let worstName = '';
  let range = '';
  for (let k = 0; k < coords.length; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of coords[k]) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi / 2 - lo / 2; // halves: hi - lo itself may overflow
    if (span > worst) {
      worst = span;
      worstName = names[k];
      range = `${lo.toExponential(3)} to ${hi.toExponential(3)}`;
    }
  }
  if (2 * worst * Math.sqrt(coords.length) > MAX_SAFE_SPAN)
    throw badInput(
      `column "${worstName}" ranges from ${range}: squared distances would overflow double precision (limit about ${MAX_SAFE_SPAN.toExponential(0)} per coordinate); rescale the data (e.g. divide every column by the same power of ten)`,
      { file, column: worstName },
    );
}

function pointCloud(ds: Dataset, coords: Float64Array[], names: string[], notes: string[]): Prepared {
  assertDistancesFit(coords, names, ds.source);
  const n = coords.length ? coords[0].length : 0;
  const keep = Math.min(3, names.length);
  const preview =
    n <= 5000 && keep > 0
      ? { columns: names.slice(0, keep), coords: coords.slice(0, keep).map((c) => Float64Array.from(c)) }
      : undefined;
  return { source: { kind: 'points', columns: coords, file: ds.source }, n, columns: names, preview, notes };
}

export function prepare(
  ds: Dataset,
  format: PersistenceFormat,
  p: { columns?: string[]; delayEmbedding?: string; column?: string },
): Prepared {
  const file = ds.source;
  const notes: string[] = [];
  if (format === 'lower-distance-matrix') {
    if (ds.columns.length !== 1)
      throw badInput(
        `a lower-triangular distance matrix is read as one column of entries, got ${ds.columns.length} columns (use --format point-cloud or distance-matrix?)`,
        { file },
      );
    const x = ds.data[0];
    for (let i = 0; i < x.length; i++)
      if (!(x[i] >= 0) || x[i] === Infinity)
        throw badInput(`lower-triangular distance entry ${i + 1} is ${x[i]}: distances must be finite and >= 0`, {
          file,
          row: i + 1,
        });
    const source: DistanceSource = { kind: 'lower', data: x, file };
    const m = x.length;
    const n = Math.round((1 + Math.sqrt(1 + 8 * m)) / 2);
    return { source, n, notes };
  }
  if (format === 'distance-matrix') {
    const n = ds.columns.length;
    if (ds.rows !== n) throw badInput(`a distance matrix must be square: ${ds.rows} rows x ${n} columns`, { file });
    const data = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const col = ds.data[j];
      for (let i = 0; i < n; i++) data[i * n + j] = col[i];
    }
    return { source: { kind: 'matrix', n, data, file }, n, notes };
  }
  if (p.delayEmbedding !== undefined) {
    const parts = p.delayEmbedding.split(',').map((s) => s.trim());
    const dim = Number(parts[0]);
    if (parts.length > 2 || !Number.isInteger(dim) || dim < 1)
      throw usageError(
        `--delay-embedding expects "dim,lag" or "dim" with positive integers, got "${p.delayEmbedding}"`,
      );
    const name = p.column ?? ds.columns.find((c) => !TIME_LIKE.test(c));
    if (name === undefined) throw badInput('no non-time column to embed (set --column)', { file });
    const x = finiteSeries(ds, name);
    let lag: number;
    let rule: string;
    if (parts.length === 2) {
      lag = Number(parts[1]);
      if (!Number.isInteger(lag) || lag < 1)
        throw usageError(`--delay-embedding lag must be a positive integer, got "${parts[1]}"`);
      rule = 'given';
    } else {
      const choice = chooseDelayLag(x);
      lag = choice.lag;
      rule = choice.rule;
    }
    const coords = delayEmbed(x, dim, lag, file);
    notes.push(`delay embedding of "${name}": dim ${dim}, lag ${lag} (${rule}), ${coords[0].length} points`);
    const names = coords.map((_, k) => (k === 0 ? `${name}(t)` : `${name}(t+${k * lag})`));
    const prep = pointCloud(ds, coords, names, notes);
    prep.delay = { column: name, dim, lag, lagRule: rule };
    return prep;
  }
  let names: string[];
  if (p.columns && p.columns.length) {
    names = p.columns;
    for (const c of names) columnIndex(ds, c);
  } else {
    names = ds.columns.filter((c) => !TIME_LIKE.test(c));
    const dropped = ds.columns.filter((c) => TIME_LIKE.test(c));
    if (dropped.length)
      notes.push(`time-like columns left out of the coordinates: ${dropped.join(', ')} (set --columns to choose)`);
    if (names.length === 0) names = [...ds.columns];
  }
  const coords = names.map((c) => ds.data[columnIndex(ds, c)]);
  // NaN or infinite coordinates: name the first bad row.
  for (let k = 0; k < coords.length; k++) {
    const col = coords[k];
    for (let i = 0; i < col.length; i++) {
      if (!Number.isFinite(col[i]))
        throw badInput(`row ${i + 1}, column "${names[k]}": coordinate ${col[i]} is not a finite number`, {
          file,
          row: i + 1,
          column: names[k],
        });
    }
  }
  return pointCloud(ds, coords, names, notes);
}

type Params = ResolvedParams<typeof params>;

/** Diagrams of one input (a table or a graph) under the shared parameters. */
function diagramsOfInput(
  input: AnalysisInput,
  p: Params,
  ctx: AnalysisContext,
  from: number,
  span: number,
): PersistenceResult {
  const graph = graphOfInput(input);
  if (graph) return graphPersistence(input, graph, p, ctx);
  if (p.extended) throw usageError('--extended applies to graphs (extended persistence of a node function)');
  if (p.graphFunction !== undefined)
    throw usageError(
      `--graph-function applies to graphs; ${input.path} was read as a ${input.kind} (use --input graph for an edge list)`,
    );
  if (input.kind !== 'table')
    throw badInput(`persistence needs a table or a graph, got a ${input.kind} file`, { file: input.path });
  return diagramsOf(input.dataset, p, ctx, from, span);
}

const NO_ESTIMATE: ResourceEstimate = { bytes: 0, work: 0, what: '', lower: '' };

/**
 * The up-front estimate (core/budget.ts): points after --landmarks, their dimension and a sampled fraction of the
 * edges within the threshold, before any distance matrix. Inputs the run refuses for another reason (over
 * --max-points, malformed) get no estimate here, so the run's own message names that reason.
 */
function estimatePersistence(input: AnalysisInput, p: Params): ResourceEstimate {
  if (input.kind !== 'table') return NO_ESTIMATE;
  const ds = input.dataset;
  const format: PersistenceFormat = p.format ?? (isLowerFile(ds) ? 'lower-distance-matrix' : 'point-cloud');
  let n: number;
  let dims: number;
  let fraction: number;
  if (format === 'distance-matrix') {
    n = ds.columns.length;
    dims = 1;
    if (ds.rows !== n) return NO_ESTIMATE;
    fraction = sampledEdgeFraction(n, (i, j) => ds.data[j][i], p.threshold);
  } else {
    const prep = prepare(ds, format, p);
    n = prep.n;
    dims = prep.source.kind === 'points' ? prep.source.columns.length : 1;
    fraction = sampledEdgeFraction(n, sourceDistance(prep.source, n), p.threshold, centralPoint(prep.source, n));
  }
  // A default run of a large cloud keeps the landmarks its work allows (automaticLandmarks); so does the estimate.
  const auto =
    p.landmarks === undefined && p.threshold === undefined && format === 'point-cloud' && n <= p.maxPoints
      ? defaultLandmarkCount(n, dims, p.maxDim)
      : undefined;
  const count = p.landmarks ?? auto;
  const kept = count !== undefined && n > count ? count : n;
  if (kept < 2 || kept > p.maxPoints || kept > 65535) return NO_ESTIMATE;
  const e = estimateRipsRun(kept, dims, p.maxDim, fraction);
  const files = 1 + (p.compare?.length ?? 0);
  return files > 1 ? { ...e, work: e.work * files, what: `${e.what}, ${files} inputs` } : e;
}

/** Diagrams of one input under the shared parameters; progress reported in [from, from + span]. */
function diagramsOf(ds: Dataset, p: Params, ctx: AnalysisContext, from: number, span: number): PersistenceResult {
  const format: PersistenceFormat = p.format ?? (isLowerFile(ds) ? 'lower-distance-matrix' : 'point-cloud');
  if (format !== 'lower-distance-matrix' && isLowerFile(ds) && p.format !== undefined) {
    throw usageError(`${ds.source} is a lower-triangular distance matrix; use --format lower-distance-matrix`);
  }
  const prep = prepare(ds, format, p);
  if (prep.n < 2) throw badInput(`persistence needs at least 2 points, got ${prep.n}`, { file: ds.source });
  const auto = p.landmarks === undefined ? automaticLandmarks(prep, p) : undefined;
  const count = p.landmarks ?? auto;
  const landmarks = count !== undefined && prep.n > count ? subsample(prep, count, p, ds.source) : undefined;
  if (auto !== undefined && prep.source.kind === 'points')
    prep.notes.push(automaticNote(auto, landmarks?.of ?? prep.n, prep.source.columns.length, p));
  if (prep.n > p.maxPoints)
    throw badInput(
      `${prep.n} points is more than --max-points ${p.maxPoints}; subsample with --landmarks N (greedy permutation) or raise --max-points`,
      {
        file: ds.source,
      },
    );
  for (const note of prep.notes) ctx.log(note);
  ctx.progress(from, 'distances');
  const res = computeRips(prep.source, {
    maxDim: p.maxDim,
    threshold: p.threshold,
    modulus: p.modulus,
    signal: ctx.signal,
    onProgress: (f) => ctx.progress(from + span * (0.05 + 0.95 * f), 'reducing'),
    memoryBudgetBytes: ctx.memoryBudgetBytes,
    cocycles: p.cocycles && p.maxDim >= 1,
    cycles: p.cocycles ? CYCLE_BARS : 0,
  });
  const s = res.stats;
  const notes = [...prep.notes];
  const infiniteH0 = res.diagrams[0] ? res.diagrams[0].deaths.filter((d) => d === Infinity).length : 0;
  notes.push(
    p.threshold === undefined || p.threshold >= s.enclosingRadius
      ? infiniteH0 === 1
        ? `threshold ${s.thresholdUsed} = enclosing radius: the diagram is exact; the one infinite bar is H0's`
        : `threshold ${s.thresholdUsed} = enclosing radius, yet H0 has ${infiniteH0} infinite bars: some distances are infinite`
      : `threshold ${s.thresholdUsed} < enclosing radius ${s.enclosingRadius}: classes alive at the threshold are reported as infinite`,
  );
  return {
    diagrams: res.diagrams.map((d) => ({ dim: d.dim, births: d.births, deaths: d.deaths })),
    format,
    points: s.points,
    maxDim: p.maxDim,
    modulus: p.modulus,
    thresholdRequested: p.threshold,
    thresholdUsed: s.thresholdUsed,
    enclosingRadius: s.enclosingRadius,
    columns: prep.columns,
    delayEmbedding: prep.delay,
    preview: prep.preview,
    edges: s.edges,
    columnsReduced: s.columns,
    landmarks,
    cocycles: res.cocycles && cocycleList(res.diagrams[1], res.cocycles, res.cycles, landmarks?.indices),
    timingsMs: { ...s.millis, total: 0 },
    notes,
  };
}

/** Representative cycles are drawn for this many of the longest H1 bars (one O(n^2) shortest-path search each). */
const CYCLE_BARS = 64;

/** H1 cocycles with the bar they represent; vertex indices mapped back to input rows through the landmarks. */
function cocycleList(
  h1: PersistenceDiagramData,
  list: EdgeCochain[],
  cycles: (Int32Array | undefined)[] | undefined,
  rows?: number[],
): PersistenceCocycle[] {
  const at = (v: number): number => (rows ? rows[v] : v);
  return list.map((z, k) => {
    const loop = cycles?.[k];
    return {
      dim: 1,
      pair: [h1.births[k], h1.deaths[k]],
      edges: Array.from(z.coef, (c, t): [number, number, number] => [at(z.a[t]), at(z.b[t]), c]),
      ...(loop ? { cycle: Array.from(loop, at) } : {}),
    };
  });
}

/**
 * The landmarks a run without --landmarks keeps: a point cloud whose exact diagram would take more than
 * DEFAULT_RIPS_WORK. Not with --threshold (the edges within it are unknown before the distances: the engine's own
 * memory check guards that case) nor past --max-points (refused as before).
 */
function automaticLandmarks(prep: Prepared, p: Params): number | undefined {
  if (p.threshold !== undefined || prep.source.kind !== 'points' || prep.n > p.maxPoints) return undefined;
  return defaultLandmarkCount(prep.n, prep.source.columns.length, p.maxDim);
}

function automaticNote(count: number, of: number, coordinates: number, p: Params): string {
  const work = estimateRipsWork(of, coordinates, p.maxDim, 1);
  return `default landmarks: ${count} of ${of} points, since all of them to H${p.maxDim} would take about ${work.toExponential(1)} operations, more than a default run's ${DEFAULT_RIPS_WORK.toExponential(0)}; --landmarks ${of} gives the diagram of every point`;
}

/** Replaces the prepared points (or distance matrix) by `count` landmarks of a greedy permutation. */
function subsample(prep: Prepared, count: number, p: Params, file: string): PersistenceLandmarks {
  if (count > p.maxPoints) throw usageError(`--landmarks ${count} is more than --max-points ${p.maxPoints}`);
  const from = prep.n;
  const src = prep.source;
  let lm: Landmarks;
  if (src.kind === 'points') {
    lm = greedyPermutation(src.columns, count);
    prep.source = { kind: 'points', columns: subsetColumns(src.columns, lm.indices), file };
  } else if (src.kind === 'matrix' || src.kind === 'lower') {
    if (src.kind === 'matrix') validateMatrix(src);
    else lowerTriangleSize(src.data.length, file);
    lm = greedyPermutationOfMatrix({ kind: src.kind, n: from, data: src.data }, count);
    prep.source = { kind: 'matrix', n: lm.indices.length, data: denseDistances(src, lm.indices).data, file };
  } else {
    throw usageError(`--landmarks does not support ${src.kind} input`);
  }
  prep.n = count;
  if (prep.preview)
    prep.preview = {
      ...prep.preview,
      coords: prep.preview.coords.map((c) => Float64Array.from(lm.indices, (i) => c[i])),
    };
  const bound = 2 * lm.coveringRadius;
  const metric =
    src.kind === 'points' ? '' : ' (the distances must satisfy the triangle inequality; it is not checked)';
  const guarantee =
    p.threshold === undefined
      ? `the diagram of the ${count} landmarks is within bottleneck distance ${bound} (2 x covering radius) of the diagram of all ${from} points, in every degree (Rips stability, Chazal, de Silva & Oudot 2014)${metric}`
      : `with --threshold the diagrams are truncated and the 2 x covering radius bound (${bound}) holds only for the exact diagrams (no --threshold)`;
  prep.notes.push(
    `landmarks: ${count} of ${from} points by greedy permutation from point 1, covering radius ${lm.coveringRadius}; ${guarantee}`,
  );
  return {
    count,
    of: from,
    coveringRadius: lm.coveringRadius,
    bottleneckBound: bound,
    guarantee,
    indices: Array.from(lm.indices),
  };
}

/** Bottleneck and Wasserstein distances per homology degree (degrees present in either input). */
export function compareDiagrams(
  a: PersistenceDiagramData[],
  b: PersistenceDiagramData[],
  p: number,
  file?: string,
): PersistenceComparison[] {
  const empty = { births: new Float64Array(0), deaths: new Float64Array(0) };
  const dims = [...new Set([...a.map((d) => d.dim), ...b.map((d) => d.dim)])].sort((x, y) => x - y);
  return dims.map((dim) => {
    const da = a.find((d) => d.dim === dim) ?? { dim, ...empty };
    const db = b.find((d) => d.dim === dim) ?? { dim, ...empty };
    return { dim, bottleneck: bottleneckDistance(da, db), wasserstein: wassersteinDistance(da, db, p), p, file };
  });
}

export const persistenceAnalysis = defineAnalysis({
  id: 'persistence',
  title: 'Persistent homology (Vietoris-Rips)',
  description:
    'Vietoris-Rips persistence barcodes of a point cloud, distance matrix or delay embedding (Ripser algorithm: cohomology, clearing, apparent and emergent pairs); for a graph, the lower-star filtration of a node function (--graph-function) on its clique complex',
  inputs: ['table', 'graph'],
  params,
  estimate: estimatePersistence,
  async run(input, p, ctx): Promise<PersistenceResult> {
    const tStart = performance.now();
    if (!isPrime(p.modulus)) throw usageError(`--modulus must be a prime, got ${p.modulus}`);
    const compare = p.compare ?? [];
    const share = compare.length ? 0.9 : 1;
    const main = diagramsOfInput(input, p, ctx, 0, share);
    const result: PersistenceResult = { ...main, timingsMs: { ...main.timingsMs, total: 0 } };
    if (compare.length) {
      result.comparison = [];
      for (let k = 0; k < compare.length; k++) {
        ctx.signal.throwIfCancelled();
        const loaded = await ctx.loadInput(compare[k], { maxBytes: ctx.memoryBudgetBytes });
        const other = diagramsOfInput(
          loaded,
          p,
          ctx,
          share + ((1 - share) * k) / compare.length,
          (1 - share) / compare.length,
        );
        result.comparison.push(...compareDiagrams(main.diagrams, other.diagrams, p.wassersteinP, compare[k]));
      }
      result.notes.push(
        `comparison: bottleneck and ${p.wassersteinP}-Wasserstein distances (internal L-infinity, exact) per degree; infinite bars are matched among themselves by birth, and a different number of them gives an infinite distance (null in JSON)`,
      );
    }
    result.vectorizations = vectorizeDiagrams(main.diagrams, {
      landscapes: p.landscapes,
      curveResolution: p.curveResolution,
      imagePixelSize: p.imagePixelSize,
      imageSpread: p.imageSpread,
      imageWeight: p.imageWeight,
      fallbackEnd: main.thresholdUsed,
    });
    result.timingsMs.total = performance.now() - tStart;
    return result;
  },
  features: persistenceFeatures,
  diagrams: (r) => r.diagrams,
  tasks: {
    /** A block of rows of a batch's --distance-matrix (pairwise.ts), run on a worker. */
    'distance-rows': (chunk: DistanceRowsChunk, ctx) => distanceRows(chunk, ctx.signal),
  },
  fitShared: fitPersistenceThreshold,
  toJson(r) {
    const { diagrams, preview, vectorizations, cocycles, ...rest } = r;
    void preview;
    return {
      diagrams: diagrams.map((d) => ({
        dim: d.dim,
        pairs: Array.from(d.births, (b, i) => [b, Number.isFinite(d.deaths[i]) ? d.deaths[i] : null]),
      })),
      ...rest,
      cocycles: cocycles?.map((z) => ({ ...z, pair: [z.pair[0], Number.isFinite(z.pair[1]) ? z.pair[1] : null] })),
      vectorizations: vectorizations && {
        grid: Array.from(vectorizations.grid),
        degrees: vectorizations.degrees.map((v) => ({
          ...v,
          bettiCurve: Array.from(v.bettiCurve),
          landscapes: v.landscapes.map((l) => Array.from(l)),
          image: v.image && { ...v.image, values: Array.from(v.image.values) },
        })),
      },
    };
  },
  toCsv(r) {
    const lines = ['dim,birth,death'];
    for (const d of r.diagrams)
      for (let i = 0; i < d.births.length; i++)
        lines.push(`${d.dim},${d.births[i]},${Number.isFinite(d.deaths[i]) ? d.deaths[i] : 'inf'}`);
    return lines.join('\n') + '\n';
  },
});

export const persistenceAnalyses: RegisteredAnalysis[] = [persistenceAnalysis];
