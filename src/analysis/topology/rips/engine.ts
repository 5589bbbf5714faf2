/**
 * Vietoris-Rips persistent homology engine (Bauer 2021, "Ripser: efficient computation of Vietoris-Rips
 * persistence barcodes", J Appl Comput Topol 5:391-423). Entry points for other analyses:
 *   ripsPersistence(source, { maxDim, threshold?, modulus?, signal?, onProgress?, subset?, vertexValues? })
 *   computeRips(...) -> diagrams plus counts and timings.
 * Filtration value of a simplex = its diameter (longest edge), Ripser's and GUDHI's convention. Zero-length bars
 * are not reported (GUDHI does not report them either). Essential classes have death = Infinity.
 */
import { badInput, DynLensError, tooLarge, usageError } from '../../core/errors';
import { estimateRipsMemory } from './estimate';
import { maxIndexFits, BinomialTable } from './combinatorial';
import { denseDistances, enclosingRadius, sourcePointCount } from './distances';
import { computeH0 } from './h0';
import { candidateLists, neighbourCounts } from './neighbors';
import { RipsCohomology } from './cohomology';
import { cyclesOfLongestBars } from './cycles';
import { assembleColumns, type SimplexList } from './assemble';
import type { DistanceSource, EdgeCochain, PersistenceDiagram, RipsOptions, RipsResultCore, RipsStats } from './types';

export type { DistanceSource, PersistenceDiagram, RipsOptions, RipsResultCore } from './types';

export function isPrime(p: number): boolean {
  if (!Number.isInteger(p) || p < 2) return false;
  for (let q = 2; q * q <= p; q++) if (p % q === 0) return false;
  return true;
}

/** Persistence diagrams in degrees 0..maxDim. */
export function ripsPersistence(source: DistanceSource, opts: RipsOptions): PersistenceDiagram[] {
  return computeRips(source, opts).diagrams;
}

export function computeRips(source: DistanceSource, opts: RipsOptions): RipsResultCore {
  const { maxDim, signal, onProgress } = opts;
  const modulus = opts.modulus ?? 2;
  if (!Number.isInteger(maxDim) || maxDim < 0) throw usageError(`maxDim must be a non-negative integer, got ${maxDim}`);
  if (!isPrime(modulus) || modulus > 32749) throw usageError(`modulus must be a prime below 32768, got ${modulus}`);
  if (opts.threshold !== undefined && !(opts.threshold >= 0))
    throw usageError(`threshold must be >= 0, got ${opts.threshold}`);
  const total = sourcePointCount(source);
  const n = opts.subset ? opts.subset.length : total;
  if (n < 2) throw badInput(`persistence needs at least 2 points, got ${n}`, { file: source.file });
  if (n > 65535) throw badInput(`${n} points: the dense engine handles at most 65535 points`, { file: source.file });
  // Heap keys pack index * P + coefficient (P = 1 over Z/2, else the power of two above p): all must be exact.
  let packing = 1;
  if (modulus !== 2) while (packing < modulus) packing *= 2;
  if (!maxIndexFits(n, maxDim + 2, packing)) {
    throw badInput(
      `${n} points with maxDim ${maxDim}${packing > 1 ? ` over Z/${modulus}` : ''}: simplex indices C(${n}, ${maxDim + 2}) do not fit exactly in float64; lower maxDim or use fewer points`,
      { file: source.file },
    );
  }

  const budget = opts.memoryBudgetBytes ?? Infinity;
  const mb = (b: number): string => `${Math.ceil(b / 2 ** 20)} MB`;
  if (8 * n * n > budget) {
    throw tooLarge(
      `${n} points need a ${mb(8 * n * n)} distance matrix, over the memory budget of ${mb(budget)}: use fewer points (or raise the worker memory setting)`,
      { file: source.file },
    );
  }
  const t0 = performance.now();
  const dist = denseDistances(source, opts.subset, opts.vertexValues);
  const D = dist.data;
  const vertexBirth = new Float64Array(n);
  if (opts.vertexValues) {
    for (let i = 0; i < n; i++) vertexBirth[i] = opts.vertexValues[opts.subset ? opts.subset[i] : i];
  }
  let rEnc = enclosingRadius(dist);
  if (opts.vertexValues) {
    // The cone argument needs the cone vertex present: its value is at most its largest folded edge value.
    let mx = 0;
    for (let i = 0; i < n; i++) if (vertexBirth[i] > mx) mx = vertexBirth[i];
    rEnc = Math.max(rEnc, mx);
  }
  const thr = opts.threshold === undefined ? rEnc : Math.min(opts.threshold, rEnc);
  const t1 = performance.now();
  signal?.throwIfCancelled();

  const binom = new BinomialTable(n, maxDim + 2);
  const degrees = neighbourCounts(D, n, thr);
  let edgeCount = 0;
  for (let i = 0; i < n; i++) edgeCount += degrees[i];
  edgeCount /= 2;
  const est = estimateRipsMemory(n, maxDim, edgeCount / ((n * (n - 1)) / 2));
  if (est.bytes > budget) {
    const simplexText = est.simplices
      .slice(2, maxDim + 1)
      .map((c, i) => `~${c.toExponential(1)} ${i + 2}-simplices`)
      .join(', ');
    throw tooLarge(
      `Rips complex of ${n} points up to degree ${maxDim} at threshold ${thr.toPrecision(4)}: ${edgeCount} edges${simplexText ? ', ' + simplexText : ''}, ` +
        `estimated ${mb(est.bytes)} > memory budget ${mb(budget)}: lower --max-dim or set a smaller --threshold`,
      { file: source.file },
    );
  }
  const lists = candidateLists(D, n, thr, degrees, edgeCount);
  const reducer = new RipsCohomology(D, n, binom, thr, modulus, lists, budget);
  // Degree-1 columns: positive edges not in an apparent pair with a triangle (Bauer 2021).
  const ev = new Int32Array(2);
  const h0 = computeH0(D, n, thr, edgeCount, vertexBirth, maxDim >= 2, (idx, i, j, diam) => {
    if (maxDim < 1) return false;
    ev[0] = i;
    ev[1] = j;
    return !reducer.hasApparentCofacet(idx, ev, 1, diam);
  });
  const t2 = performance.now();
  const diagrams: PersistenceDiagram[] = [{ dim: 0, births: h0.births, deaths: h0.deaths }];
  const stats: RipsStats = {
    points: n,
    thresholdUsed: thr,
    enclosingRadius: rEnc,
    edges: h0.edgeCount,
    columns: [n],
    shortcutPairs: [0],
    millis: { distances: t1 - t0, h0: t2 - t1, higher: 0 },
  };
  let columnIndex = h0.columnIndex;
  let columnDiam = h0.columnDiam;
  let simplices: SimplexList | undefined;
  let cocycles: EdgeCochain[] | undefined;
  let cycles: (Int32Array | undefined)[] | undefined;
  if (maxDim >= 2) {
    const m = h0.edgeCount;
    const index = new Float64Array(m);
    const diam = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      const code = h0.edgeCodes[e];
      const i = (code / n) | 0;
      const j = code - i * n;
      index[e] = (i * (i - 1)) / 2 + j;
      diam[e] = D[code];
    }
    simplices = { index, diam, count: m };
  }
  for (let d = 1; d <= maxDim; d++) {
    stats.columns.push(columnIndex.length);
    const progressBase = d - 1;
    const out = withFile(source.file, () =>
      reducer.reduce(
        d,
        { columnIndex, columnDiam },
        signal,
        onProgress ? (f) => onProgress((progressBase + f) / maxDim) : undefined,
        opts.cocycles === true && d === 1,
      ),
    );
    if (out.cocycles) {
      const local = edgeCochains(out.cocycles, binom);
      if (opts.cycles) cycles = cyclesOfLongestBars(local, out.births, out.deaths, dist, opts.cycles, opts.subset);
      cocycles = opts.subset ? edgeCochains(out.cocycles, binom, opts.subset) : local;
    }
    diagrams.push({ dim: d, births: out.births, deaths: out.deaths });
    stats.shortcutPairs.push(out.shortcutPairs);
    if (d < maxDim && simplices) {
      const next = assembleColumns({
        D,
        n,
        binom,
        lists,
        threshold: thr,
        d,
        simplices,
        cleared: out.pivots,
        keepAll: d + 1 < maxDim,
        reducer,
        signal,
      });
      columnIndex = next.columnIndex;
      columnDiam = next.columnDiam;
      simplices = next.all;
    }
  }
  stats.millis.higher = performance.now() - t2;
  return { diagrams, stats, cocycles, cycles };
}

/** Runs `f`; a file-less DynLensError it throws (the reducer's memory bound) gets the input's file. */
function withFile<T>(file: string | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DynLensError && e.file === undefined && file !== undefined)
      throw new DynLensError(e.kind, e.message, { file });
    throw e;
  }
}

/** Edge indices (combinatorial number system) to vertex pairs, in source indices when a subset was taken. */
function edgeCochains(
  list: { index: Float64Array; coef: Int32Array }[],
  binom: BinomialTable,
  subset?: ArrayLike<number>,
): EdgeCochain[] {
  const v = new Int32Array(2);
  return list.map(({ index, coef }) => {
    const a = new Int32Array(index.length);
    const b = new Int32Array(index.length);
    for (let k = 0; k < index.length; k++) {
      binom.vertices(index[k], 1, v);
      a[k] = subset ? subset[v[0]] : v[0];
      b[k] = subset ? subset[v[1]] : v[1];
    }
    return { a, b, coef: Int32Array.from(coef) };
  });
}
