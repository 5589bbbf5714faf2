/**
 * Registry entry `module`: an approximate interval decomposition of the persistence module of the Rips x codensity
 * (or function-Rips) bifiltration (MMA: Loiseaux, Carriere & Blumberg, "Fast, stable and efficient approximation of
 * multi-parameter persistence modules with MMA"), with the guarantee made visible on a chosen line, and its image
 * and landscape vectorizations (Loiseaux, Carriere & Blumberg, NeurIPS 2023; Vipond 2020).
 */
import type { AnalysisContext } from '../../core/context';
import { defineAnalysis, type RegisteredAnalysis, type SharedCoordinates } from '../../core/definition';
import { badInput, tooLarge, usageError } from '../../core/errors';
import type { GraphData } from '../../data/graph/types';
import { DEFAULT_GRAPH_FUNCTIONS, graphBifiltration } from '../graph/signed-barcode';
import { graphNotes, graphOfInput, graphSummary } from '../graph/persistence';
import type { AnalysisInput } from '../../core/input';
import type { ParamSchema, ResolvedParams } from '../../core/params';
import type { ModuleLineCheck, ModuleResult } from '../../../protocol/results/module';
import { enclosingRadius } from '../multi/bifiltration';
import { edgeOrderBytes } from '../multi/edgeOrder';
import { POINT_CLOUD_PARAMS, pointTable, prepare } from '../multi/analysis';
import { bottleneckDistance } from '../diagrams/distance';
import {
  complexBox,
  ripsBifiltration,
  scaleToUnitBox,
  validateComplex,
  type BifilteredComplex,
  type Box,
} from './complex';
import { boxDiagonal, lineFamily, type LineFamily } from './family';
import { createLineEngine, type LineEngine } from './line';
import { collapseEdges } from './collapse';
import { approximateModule, type Summand } from './approximate';
import { restrictModule, summandCorners } from './restrict';
import {
  mmaImage,
  mmaLandscapes,
  profileTable,
  summandWeight,
  type ImageKernel,
  type ImageNormalisation,
} from './represent';
import { moduleFeatures } from './features';

const params = {
  ...POINT_CLOUD_PARAMS,
  threshold: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    unit: 'data units',
    description:
      'largest edge length (default: the enclosing radius of the cloud, past which the Rips complex is a cone)',
  },
  scale: {
    type: 'string',
    default: 'box',
    choices: ['box', 'raw'],
    description:
      'working coordinates: box maps each filtration parameter onto [0, 1] (slope-1 lines then weigh scale and density alike); raw keeps the filtration values',
  },
  box: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description:
      'x0,x1,y0,y1: a fixed filtration box in filtration units instead of the input own (dynlens batch fits it on the collection, so every item maps the same box onto [0, 1]^2 and the features share coordinates)',
  },
  precision: {
    type: 'number',
    min: 0,
    max: 1e300,
    optional: true,
    description:
      'delta: spacing of the slope-1 lines in working coordinates (default: 1% of the filtration box diagonal); fibered barcodes of other lines are within delta/2',
  },
  graphFunction: {
    type: 'string',
    optional: true,
    description:
      'graphs: two node functions f,g of the lower-star bifiltration on the clique complex (x = f, y = g), from degree, inverse-degree, hks:T, closeness, fiedler, ricci, weight, attr:NAME (default hks:10,degree)',
  },
  degrees: {
    type: 'number-list',
    default: [0, 1],
    integer: true,
    min: 0,
    max: 1,
    description: 'homology degrees, from 0 and 1',
  },
  collapse: {
    type: 'boolean',
    default: true,
    description:
      'remove filtration-dominated edges first (Alonso, Kerber & Pritam 2023): the module, and so every fibered barcode, is unchanged; --collapse false skips it',
  },
  imageResolution: { type: 'number', default: 30, integer: true, min: 2, max: 512, description: 'pixels per side' },
  imageBandwidth: {
    type: 'number',
    default: 0.02,
    min: 0,
    max: 1e6,
    description: 'kernel width of the MMA image as a fraction of the box diagonal',
  },
  imagePower: { type: 'number', default: 1, min: 0, max: 100, description: 'power p of the summand weight d_I(I, 0)' },
  imageKernel: {
    type: 'string',
    default: 'gaussian',
    choices: ['gaussian', 'linear', 'exponential'],
    description: 'kernel of the image',
  },
  imageNormalisation: {
    type: 'string',
    default: 'none',
    choices: ['none', 'sum', 'max'],
    description: 'none, sum (divide by the sum of the weights^p) or max (divide by the largest pixel)',
  },
  landscapes: {
    type: 'number',
    default: 3,
    integer: true,
    min: 0,
    max: 50,
    description: 'number of multiparameter landscapes (on the image grid)',
  },
  line: {
    type: 'number-list',
    min: -1e300,
    max: 1e300,
    optional: true,
    description:
      'x,y: a point of the working plane; returns the summands restricted to the slope-1 line through it next to that line exact barcode, and their bottleneck distance',
  },
  features: {
    type: 'string',
    default: 'both',
    choices: ['image', 'landscapes', 'both'],
    description: 'batch feature vector: the MMA image, the landscapes, or both',
  },
} satisfies ParamSchema;

export type ModuleParams = ResolvedParams<typeof params>;

interface Built {
  complex: BifilteredComplex;
  rawBox: Box;
  box: Box;
}

function build(k: BifilteredComplex, scale: string, file: string, fixed?: readonly number[]): Built {
  validateComplex(k, file);
  const own = complexBox(k);
  if (fixed === undefined) {
    if (scale === 'raw') return { complex: k, rawBox: own, box: own };
    const complex = scaleToUnitBox(k, own);
    return { complex, rawBox: own, box: complexBox(complex) };
  }
  if (fixed.length !== 4 || !fixed.every(Number.isFinite) || !(fixed[1] > fixed[0]) || !(fixed[3] > fixed[2]))
    throw badInput(`--box takes x0,x1,y0,y1 with x0 < x1 and y0 < y1, got ${fixed.join(',')}`, { file });
  const rawBox = { x0: fixed[0], x1: fixed[1], y0: fixed[2], y1: fixed[3] };
  if (scale === 'raw') return { complex: k, rawBox, box: rawBox };
  return { complex: scaleToUnitBox(k, rawBox), rawBox, box: { x0: 0, x1: 1, y0: 0, y1: 1 } };
}

function lineCheckOf(
  point: readonly number[],
  engine: LineEngine,
  summands: Summand[],
  family: LineFamily,
  degrees: number[],
): ModuleLineCheck {
  if (point.length !== 2 || !point.every(Number.isFinite))
    throw badInput(`--line takes 2 finite numbers x,y (a point of the working plane), got ${point.join(',')}`);
  const c = point[0] - point[1];
  const exact = engine(c);
  return {
    point: [point[0], point[1]],
    offset: c,
    degrees: degrees.map((d) => {
      const approximate = restrictModule(summands, family, d, c);
      return {
        degree: d,
        approximate,
        exact: { births: exact[d].births, deaths: exact[d].deaths },
        bottleneck: bottleneckDistance(approximate, exact[d]),
      };
    }),
    bound: family.step / 2,
    insideFamily: c >= family.c0 && c <= family.c0 + (family.count - 1) * family.step,
  };
}

/** What the module is computed from: the bifiltered complex and the fields of the result that describe it. */
interface ModuleSource {
  complex: BifilteredComplex;
  file: string;
  notes: string[];
  about: Pick<
    ModuleResult,
    | 'points'
    | 'totalPoints'
    | 'dimension'
    | 'coordinates'
    | 'function'
    | 'bandwidth'
    | 'bandwidthRule'
    | 'threshold'
    | 'thresholdRule'
    | 'graph'
  >;
}

/** A point cloud's Rips x f bifiltration (f = codensity, a column, a file). */
async function cloudSource(input: AnalysisInput, p: ModuleParams, ctx: AnalysisContext): Promise<ModuleSource> {
  const ds = pointTable(input, p);
  if (p.threshold !== undefined && !(p.threshold > 0)) throw badInput(`--threshold must be > 0, got ${p.threshold}`);
  const prep = await prepare(ds, p, ctx);
  const notes = [...prep.notes];
  if (p.delayEmbedding !== undefined) notes.unshift(ds.notes[ds.notes.length - 1]);
  const poll = (): void => ctx.signal.throwIfCancelled();
  const radius = enclosingRadius(prep.cloud, poll);
  const threshold = p.threshold === undefined ? radius : Math.min(p.threshold, radius);
  const n = prep.cloud.n;
  // line orders (edge order, rank matrix) and the collapse's dense grade matrices
  const bytes = edgeOrderBytes(n, (n * (n - 1)) / 2) + 28 * n * n;
  if (bytes > ctx.memoryBudgetBytes)
    throw tooLarge(
      `${n} points need about ${(bytes / 2 ** 20).toFixed(0)} MB for the line filtrations, over the budget of ${(ctx.memoryBudgetBytes / 2 ** 20).toFixed(0)} MB: lower --max-points`,
      { file: ds.source },
    );
  return {
    complex: ripsBifiltration(prep.cloud, prep.f, threshold),
    file: ds.source,
    notes,
    about: {
      points: n,
      totalPoints: prep.full.n,
      dimension: prep.cloud.dim,
      coordinates: prep.coordinates,
      function: prep.functionLabel,
      bandwidth: prep.bandwidth,
      bandwidthRule: prep.bandwidthRule,
      threshold,
      thresholdRule:
        p.threshold === undefined
          ? 'enclosing radius of the cloud (the Rips complex is a cone past it)'
          : threshold < p.threshold
            ? '--threshold, lowered to the enclosing radius'
            : '--threshold',
    },
  };
}

/**
 * A graph's lower-star bifiltration of two node functions on its clique complex (--graph-function f,g): vertex v
 * at (f_v, g_v), an edge at the join of its vertices' grades, triangles the 3-cliques at the join of their edges'
 * (a flag bifiltration, as the Rips one).
 */
function graphSource(input: AnalysisInput, g: GraphData, p: ModuleParams, ctx: AnalysisContext): ModuleSource {
  const file = input.path;
  if (g.nodeIds.length === 0) throw badInput('the graph has no nodes', { file });
  const { complex: cx, functions } = graphBifiltration(g, p.graphFunction ?? DEFAULT_GRAPH_FUNCTIONS, ctx, file);
  const n = g.nodeIds.length;
  const vertexGrades = new Float64Array(2 * n);
  const a: number[] = [];
  const b: number[] = [];
  const grades: number[] = [];
  for (let s = 0; s < cx.count; s++) {
    if (cx.dim[s] === 0) {
      const v = cx.vertices[3 * s];
      vertexGrades[2 * v] = cx.values[2 * s];
      vertexGrades[2 * v + 1] = cx.values[2 * s + 1];
    } else if (cx.dim[s] === 1) {
      a.push(cx.vertices[3 * s]);
      b.push(cx.vertices[3 * s + 1]);
      grades.push(cx.values[2 * s], cx.values[2 * s + 1]);
    }
  }
  const complex: BifilteredComplex = {
    vertexCount: n,
    vertexGrades,
    edgeA: Int32Array.from(a),
    edgeB: Int32Array.from(b),
    edgeGrades: Float64Array.from(grades),
    triangles: 'flag',
  };
  const summary = graphSummary(g, cx, functions);
  return {
    complex,
    file,
    notes: [...graphNotes(summary, functions[0]), `x = ${functions[0].label}, y = ${functions[1].label}`],
    about: {
      points: n,
      totalPoints: n,
      dimension: 0,
      coordinates: functions.map((f) => f.label),
      function: `${functions[0].label},${functions[1].label}`,
      threshold: Math.max(...Array.from({ length: n }, (_, v) => vertexGrades[2 * v]), 0),
      thresholdRule: 'graph: every edge of the clique complex (the largest value of the first function)',
      graph: summary,
    },
  };
}

/**
 * The box every item of a batch maps onto [0, 1]^2: the union of the fit items' own boxes (for point clouds with the
 * codensity, after sharing the median of their Scott bandwidths, so the density axis means the same for all).
 * Items outside it keep their grades beyond [0, 1]; the lines and the image cover the box only.
 */
async function fitModuleBox(
  inputs: () => AsyncIterable<AnalysisInput>,
  p: ModuleParams,
  ctx: AnalysisContext,
): Promise<SharedCoordinates> {
  const params: Record<string, unknown> = {};
  const notes: string[] = [];
  const sources = async (q: ModuleParams, use: (src: ModuleSource) => void): Promise<number> => {
    let used = 0;
    for await (const input of inputs()) {
      ctx.signal.throwIfCancelled();
      const graph = graphOfInput(input);
      try {
        use(graph ? graphSource(input, graph, q, ctx) : await cloudSource(input, q, ctx));
        used++;
      } catch (e) {
        if (e instanceof Error && e.name === 'CancelledError') throw e; // a bad item fails in its own run
      }
    }
    if (used === 0) throw usageError('no item of the fit collection could be read');
    return used;
  };
  let q = p;
  if (p.bandwidth === undefined && p.function === 'codensity') {
    // the bandwidth needs only each cloud's density, not its bifiltration (graphs have none)
    const bws: number[] = [];
    for await (const input of inputs()) {
      ctx.signal.throwIfCancelled();
      if (graphOfInput(input)) continue;
      try {
        const prep = await prepare(pointTable(input, p), p, ctx);
        if (prep.bandwidth !== undefined) bws.push(prep.bandwidth);
      } catch (e) {
        if (e instanceof Error && e.name === 'CancelledError') throw e; // a bad item fails in its own run
      }
    }
    if (bws.length > 0) {
      bws.sort((a, b) => a - b);
      const bandwidth = bws[Math.floor((bws.length - 1) / 2)];
      params.bandwidth = bandwidth;
      q = { ...p, bandwidth };
      notes.push(`bandwidth ${bandwidth}: median of the ${bws.length} items' Scott bandwidths`);
    }
  }
  if (p.box === undefined) {
    const box = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    const used = await sources(q, (src) => {
      const b = complexBox(src.complex);
      box.x0 = Math.min(box.x0, b.x0);
      box.x1 = Math.max(box.x1, b.x1);
      box.y0 = Math.min(box.y0, b.y0);
      box.y1 = Math.max(box.y1, b.y1);
    });
    if (!(box.x1 > box.x0)) box.x1 = box.x0 + 1;
    if (!(box.y1 > box.y0)) box.y1 = box.y0 + 1;
    params.box = [box.x0, box.x1, box.y0, box.y1];
    notes.push(`box [${box.x0}, ${box.x1}] x [${box.y0}, ${box.y1}]: the union of the ${used} fit items' boxes`);
  }
  return { params, notes };
}

async function run(input: AnalysisInput, p: ModuleParams, ctx: AnalysisContext): Promise<ModuleResult> {
  const degrees = [...new Set(p.degrees)].sort((a, b) => a - b);
  if (degrees.length === 0) throw badInput('--degrees is empty: give 0, 1 or both');
  if (!(p.imageBandwidth > 0)) throw badInput(`--image-bandwidth must be > 0, got ${p.imageBandwidth}`);
  const t0 = performance.now();
  const graph = graphOfInput(input);
  if (!graph && p.graphFunction !== undefined)
    throw usageError(
      `--graph-function applies to graphs; ${input.path} was read as a ${input.kind} (use --input graph for an edge list)`,
    );
  const src = graph ? graphSource(input, graph, p, ctx) : await cloudSource(input, p, ctx);
  const { notes } = src;
  const ds = { source: src.file };
  const built = build(src.complex, p.scale, ds.source, p.box);
  const { rawBox, box } = built;
  const edgesBefore = built.complex.edgeA.length;
  const complex = p.collapse !== false ? collapseEdges(built.complex, ctx.signal).complex : built.complex;
  const diagonal = boxDiagonal(box);
  const precision = p.precision ?? 0.01 * diagonal;
  const family = lineFamily(box, precision, ds.source);
  const t1 = performance.now();
  ctx.progress(0.05, `${family.count} lines`);
  const engine = createLineEngine(complex, ctx.signal);
  const out = approximateModule(engine, family, {
    degrees,
    signal: ctx.signal,
    onProgress: (f) => ctx.progress(0.05 + 0.85 * f, 'fibered barcodes'),
  });
  const t2 = performance.now();
  ctx.progress(0.92, 'image and landscapes');
  const grid = { box, resolution: p.imageResolution };
  const bandwidth = p.imageBandwidth * diagonal;
  // per degree, one profile table serves the image and the landscapes (same summands, same grid)
  const represented = degrees.map((d) => {
    const summands: Summand[] = out.summands.filter((s) => s.degree === d);
    const table = profileTable(summands, family, grid);
    const imageOptions = {
      ...grid,
      bandwidth,
      power: p.imagePower,
      kernel: p.imageKernel as ImageKernel,
      normalisation: p.imageNormalisation as ImageNormalisation,
    };
    return {
      degree: d,
      image: mmaImage(summands, family, imageOptions, table),
      landscapes: mmaLandscapes(summands, family, grid, p.landscapes, table),
    };
  });
  const image = represented.map((x) => ({ degree: x.degree, values: x.image }));
  const landscapes = represented.flatMap((x) =>
    x.landscapes.map((values, k) => ({ degree: x.degree, k: k + 1, values })),
  );
  // the line's own barcode from the complex before the collapse: an independent check of the collapse too
  const lineCheck = p.line
    ? lineCheckOf(p.line, createLineEngine(built.complex, ctx.signal), out.summands, family, degrees)
    : undefined;
  const t3 = performance.now();
  if (p.precision === undefined) notes.push(`precision: 1% of the box diagonal (${diagonal.toPrecision(4)})`);
  ctx.progress(1);
  return {
    ...src.about,
    scale: p.scale === 'raw' ? 'raw' : 'box',
    rawBox: [rawBox.x0, rawBox.x1, rawBox.y0, rawBox.y1],
    box: [box.x0, box.x1, box.y0, box.y1],
    precision,
    precisionRule: p.precision === undefined ? '1% of the box diagonal' : '--precision',
    family: { ...family },
    degrees,
    summands: out.summands.map((s) => ({
      degree: s.degree,
      firstLine: s.firstLine,
      births: s.births,
      deaths: s.deaths,
      weight: summandWeight(s, family, box),
      ...summandCorners(s, family),
    })),
    guarantee: `restricted to any line of the family (offsets c0 + k * ${precision.toPrecision(4)}) the summands give exactly that line's barcode; on any other slope-1 line with offset between the first and the last of the family, their bottleneck distance to the true fibered barcode is at most delta/2 = ${(precision / 2).toPrecision(4)} (line parameter s = (x + y)/2)`,
    image: {
      resolution: p.imageResolution,
      bandwidth,
      power: p.imagePower,
      kernel: p.imageKernel,
      normalisation: p.imageNormalisation,
      degrees: image,
      stability:
        'summands matched with profiles within eps on every slope-1 line (unmatched ones of weight <= eps) move each pixel by at most N (p W^(p-1) + W^p L_K / sigma) eps (N summands, W the largest weight, L_K = 1/sqrt(e) Gaussian, 1 linear and exponential; Loiseaux, Carriere & Blumberg 2023)',
    },
    landscapes: {
      count: p.landscapes,
      degrees: landscapes,
      stability:
        'along each slope-1 line the landscapes are the 1-parameter landscapes of the restricted barcode, 1-Lipschitz in bottleneck distance (Bubenik 2015): within delta/2 of the true module landscapes on lines inside the family',
    },
    lineCheck,
    stats: {
      simplices: {
        vertices: complex.vertexCount,
        edges: edgesBefore,
        edgesAfterCollapse: complex.edgeA.length,
        triangles: 'flag (3-cliques)',
      },
      lines: out.stats.lines,
      identityMatches: out.stats.identityMatches,
      thresholdMatches: out.stats.thresholdMatches,
      newSummands: out.stats.newSummands,
      millis: { bifiltration: t1 - t0, lines: t2 - t1, representations: t3 - t2 },
    },
    notes,
  };
}

function jsonBars(d: { births: ArrayLike<number>; deaths: ArrayLike<number> }): (number | null)[][] {
  return Array.from(d.births, (b, i) => [b, Number.isFinite(d.deaths[i]) ? d.deaths[i] : null]);
}

export function moduleJson(r: ModuleResult): unknown {
  return {
    ...r,
    summands: r.summands.map((s) => ({
      degree: s.degree,
      weight: s.weight,
      lower: s.lower,
      upper: s.upper,
      firstLine: s.firstLine,
      bars: jsonBars(s),
    })),
    image: { ...r.image, degrees: r.image.degrees.map((d) => ({ degree: d.degree, values: Array.from(d.values) })) },
    landscapes: {
      ...r.landscapes,
      degrees: r.landscapes.degrees.map((d) => ({ degree: d.degree, k: d.k, values: Array.from(d.values) })),
    },
    lineCheck: r.lineCheck && {
      ...r.lineCheck,
      degrees: r.lineCheck.degrees.map((d) => ({
        degree: d.degree,
        approximate: jsonBars(d.approximate),
        exact: jsonBars(d.exact),
        bottleneck: d.bottleneck,
      })),
    },
  };
}

function csvOf(r: ModuleResult): string {
  const lines = ['summand,degree,weight,corner,x,y'];
  r.summands.forEach((s, i) => {
    for (const [x, y] of s.lower) lines.push(`${i},${s.degree},${s.weight},birth,${x},${y}`);
    for (const [x, y] of s.upper) lines.push(`${i},${s.degree},${s.weight},death,${x},${y}`);
  });
  return lines.join('\n') + '\n';
}

export const moduleAnalyses: RegisteredAnalysis[] = [
  defineAnalysis({
    id: 'module',
    title: 'Module approximation (MMA) of a bifiltration (Rips x density, or a graph)',
    description:
      'Interval summands approximating the 2-parameter persistence module (H0, H1) from fibered barcodes along slope-1 lines delta apart (exact on those lines, within delta/2 on the others), with the MMA image and landscapes.',
    inputs: ['table', 'graph'],
    params,
    run,
    toJson: moduleJson,
    toCsv: csvOf,
    features: moduleFeatures,
    fitShared: fitModuleBox,
  }),
];
