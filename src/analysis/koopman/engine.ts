/**
 * The Koopman pipeline behind the `koopman` analysis: snapshots -> dictionary -> one QR of [PsiX, PsiY, X] ->
 * truncated Galerkin matrix -> eigenpairs -> ResDMD residuals -> modes, reconstruction, forecast, pseudospectrum.
 *
 * Methods
 *  dmd     exact DMD (Schmid, J. Fluid Mech. 656, 2010; Tu et al., J. Comput. Dyn. 1(2), 2014): the identity
 *          dictionary; its Galerkin matrix in the POD basis is DMD's A-tilde (transposed convention).
 *  fbdmd   forward-backward DMD (Dawson, Hemati, Williams & Rowley, Exp. Fluids 57:42, 2016):
 *          A = (A_f A_b^{-1})^{1/2} from the forward and backward operators in the same POD basis.
 *  tlsdmd  total-least-squares DMD (Hemati, Rowley, Deem & Cattafesta, Theor. Comput. Fluid Dyn. 31, 2017):
 *          project X and Y onto the leading r right singular vectors of [X; Y], then DMD.
 *  hankel  DMD on delay coordinates (embedding.ts), with HAVOK's forcing v_r(t).
 *  edmd    EDMD on a dictionary (dictionary.ts).
 *  kedmd   kernel EDMD through pivoted Cholesky landmarks (kernel.ts).
 * Residuals for every eigenpair come from resdmd.ts (Colbrook & Townsend, CPAM 2024).
 */
import { koopmanDefaults } from './defaults';
import { badInput, tooLarge } from '../core/errors';
import type { AnalysisContext } from '../core/context';
import type { Dataset } from '../core/input';
import type { KoopmanMethod, KoopmanMode, KoopmanResult } from '../../protocol/results/koopman';
import { eig } from '../linalg/eig';
import { complexSolve, type ComplexMatrix } from '../linalg/complex';
import { lstsq } from '../linalg/lstsq';
import { svdOfTriangular } from '../linalg/svd';
import { gemmNN, gemmTN } from '../linalg/gemm';
import { loadSnapshots, type SnapshotSource, type Trajectory } from './snapshots';
import {
  identityDictionary,
  parseDictionary,
  polyDictionary,
  polySize,
  rbfDictionary,
  rffDictionary,
  type Dictionary,
  type PointSet,
} from './dictionary';
import { kernelDictionary } from './kernel';
import { delayEmbedTrajectories, delayNames } from './embedding';
import {
  factorSnapshots,
  factorSnapshotsParallel,
  type QrBlockChunk,
  galerkinBasis,
  orthGalerkin,
  residualsFull,
  residualsOrth,
  type GalerkinBasis,
  type OrthGalerkin,
  type SnapshotFactor,
} from './resdmd';
import { complexSqrt, describeEigenvalue } from './spectrum';
import { pseudospectrumOnGrid } from './pseudospectrum';

export interface KoopmanParams {
  method: string;
  dt?: number;
  timeColumn?: string;
  columns?: string[];
  rank: string;
  delays?: number;
  dictionary: string;
  trajectoryColumn?: string;
  pairs?: string;
  maxResidual?: number;
  pseudospectrum: boolean;
  grid?: number[];
  forecast: number;
  modes: number;
  seed: number;
}

const METHODS: readonly KoopmanMethod[] = ['dmd', 'fbdmd', 'tlsdmd', 'hankel', 'edmd', 'kedmd'];
/** Pairs used to estimate the one-step error (evenly spaced): the estimate costs O(S m r). */
const ONE_STEP_SAMPLE = 500;
/** Eigenfunctions are returned along at most this many points of the first trajectory. */
const MAX_EIGENFUNCTION_POINTS = 5000;
/** Reconstruction curves kept in the result (columns, time points). */
const MAX_SERIES_COLUMNS = 8;
const MAX_SERIES_POINTS = 5000;

interface Pairs {
  x: PointSet;
  y: PointSet;
  /** Observed (not embedded) state at the x side, for modes: n columns. */
  stateX: Float64Array[];
  stateNames: string[];
  /** Trajectories in the (embedded) coordinates the dictionary sees, for reconstruction; empty for pairs input. */
  trajectories: Trajectory[];
  /** Observed state along the trajectories, aligned with `trajectories` (first n embedded columns). */
  observedDims: number;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

function buildPairs(src: SnapshotSource, delays: number | undefined, file: string): Pairs {
  if (src.kind === 'pairs') {
    const rows = src.pairX![0].length;
    return {
      x: { cols: src.pairX!, rows },
      y: { cols: src.pairY!, rows },
      stateX: src.pairX!,
      stateNames: src.stateNames,
      trajectories: [],
      observedDims: src.stateNames.length,
    };
  }
  const trajs = delays ? delayEmbedTrajectories(src.trajectories, delays, file) : src.trajectories;
  const dim = trajs[0].cols.length;
  let M = 0;
  for (const t of trajs) M += t.length - 1;
  const xc = Array.from({ length: dim }, () => new Float64Array(M));
  const yc = Array.from({ length: dim }, () => new Float64Array(M));
  let o = 0;
  for (const t of trajs) {
    for (let d = 0; d < dim; d++) {
      xc[d].set(t.cols[d].subarray(0, t.length - 1), o);
      yc[d].set(t.cols[d].subarray(1, t.length), o);
    }
    o += t.length - 1;
  }
  const n = src.stateNames.length;
  return {
    x: { cols: xc, rows: M },
    y: { cols: yc, rows: M },
    stateX: xc.slice(0, n),
    stateNames: src.stateNames,
    trajectories: trajs,
    observedDims: n,
  };
}

function evalDict(dict: Dictionary, pts: PointSet): Float64Array {
  const out = new Float64Array(pts.rows * dict.size);
  dict.evaluate(pts, out, 0, pts.rows);
  return out;
}

function subset(pts: PointSet, idx: number[]): PointSet {
  return { cols: pts.cols.map((c) => Float64Array.from(idx, (i) => c[i])), rows: idx.length };
}

/** Eigen-decomposition of an r x r real matrix as split complex columns. */
function eigPairs(
  a: Float64Array,
  r: number,
): { lre: Float64Array; lim: Float64Array; vre: Float64Array; vim: Float64Array } {
  const e = eig(a, r, true);
  return { lre: e.re, lim: e.im, vre: e.vectorsRe!, vim: e.vectorsIm! };
}

/** Forward-backward DMD in the orthonormal basis of the forward fit (Dawson et al. 2016, eq. for A = (Af Ab^-1)^1/2). */
function forwardBackward(
  f: SnapshotFactor,
  b: GalerkinBasis,
  og: OrthGalerkin,
  file: string,
): { lre: Float64Array; lim: Float64Array; vre: Float64Array; vim: Float64Array } {
  const { k, m, rows22 } = f;
  const { r, ur, wr, s } = b;
  // Phi_y in Q coordinates: [R12 W_r; R22 W_r] S^-1 ; Phi_x = [U_r; 0]
  const rows = k + rows22;
  const py = new Float64Array(rows * r);
  gemmNN(k, r, m, 1, f.r12, 0, k, wr, 0, m, py, 0, rows);
  if (rows22 > 0) gemmNN(rows22, r, m, 1, f.r22, 0, rows22, wr, 0, m, py, k, rows);
  for (let j = 0; j < r; j++) for (let i = 0; i < rows; i++) py[i + j * rows] /= s[j];
  const px = new Float64Array(rows * r);
  for (let j = 0; j < r; j++) for (let i = 0; i < k; i++) px[i + j * rows] = ur[i + j * k];
  if (rows < r) throw badInput(`fbdmd needs more snapshot pairs than the rank ${r}`, { file });
  const ab = lstsq(py, rows, r, px, r).x; // Phi_x ~ Phi_y A_b
  // M = A_f A_b^{-1}: solve A_b^T M^T = A_f^T
  const abT = new Float64Array(r * r);
  const afT = new Float64Array(r * r);
  for (let j = 0; j < r; j++)
    for (let i = 0; i < r; i++) {
      abT[j + i * r] = ab[i + j * r];
      afT[j + i * r] = og.a[i + j * r];
    }
  const mt = lstsq(abT, r, r, afT, r).x;
  const mm = new Float64Array(r * r);
  for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) mm[i + j * r] = mt[j + i * r];
  const e = eigPairs(mm, r);
  // eigenvalues of the square root: the branch nearest the forward operator's Rayleigh quotient v* A_f v
  for (let j = 0; j < r; j++) {
    const [sr, si] = complexSqrt(e.lre[j], e.lim[j]);
    let qr = 0,
      qi = 0;
    for (let i = 0; i < r; i++) {
      let ar = 0,
        ai = 0;
      for (let l = 0; l < r; l++) {
        ar += og.a[i + l * r] * e.vre[l + j * r];
        ai += og.a[i + l * r] * e.vim[l + j * r];
      }
      // conj(v_i) * (A v)_i
      qr += e.vre[i + j * r] * ar + e.vim[i + j * r] * ai;
      qi += e.vre[i + j * r] * ai - e.vim[i + j * r] * ar;
    }
    const plus = Math.hypot(sr - qr, si - qi);
    const minus = Math.hypot(-sr - qr, -si - qi);
    e.lre[j] = plus <= minus ? sr : -sr;
    e.lim[j] = plus <= minus ? si : -si;
  }
  return e;
}

/** TLS-DMD: R-factor of the projected stacked snapshots U_r U_r^T R, as a new factor (Hemati et al. 2017). */
function tlsFactor(f: SnapshotFactor, r: number, file: string): SnapshotFactor {
  const n = f.m;
  if (f.k < n || f.rows22 < n) {
    throw badInput(
      `tlsdmd needs at least 2 x ${n} = ${2 * n} snapshot pairs (twice the state dimension), got ${f.pairs}`,
      { file },
    );
  }
  const N = 2 * n;
  const R = new Float64Array(N * N);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      R[i + j * N] = f.r11[i + j * n];
      R[i + (n + j) * N] = f.r12[i + j * n];
      R[n + i + (n + j) * N] = f.r22[i + j * n];
    }
  }
  const { ur } = svdOfTriangular(R, N);
  // P = U_r U_r^T R
  const utr = new Float64Array(r * N);
  gemmTN(r, N, N, 1, ur, 0, N, R, 0, N, 0, utr, 0, r);
  const proj = new Float64Array(N * N);
  gemmNN(N, N, r, 1, ur, 0, N, utr, 0, r, proj, 0, N);
  // stacked factor of the projected data: QR of proj (columns [Xbar^T, Ybar^T]), state = Xbar
  return factorSnapshots(N, n, n, (buf, ld) => {
    for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) buf[i + j * ld] = proj[i + j * N];
    for (let j = 0; j < n; j++) for (let i = 0; i < N; i++) buf[i + (N + j) * ld] = proj[i + j * N];
  });
}

/** Default grid: a box around the eigenvalues inside |z| <= 2, padded, at least [-1.2, 1.2]^2 around them. */
function defaultGrid(lre: Float64Array, lim: Float64Array): number[] {
  let x0 = -1.2,
    x1 = 1.2,
    y0 = -1.2,
    y1 = 1.2;
  for (let i = 0; i < lre.length; i++) {
    const m = Math.hypot(lre[i], lim[i]);
    if (m > 2 || !Number.isFinite(m)) continue;
    x0 = Math.min(x0, lre[i] - 0.1);
    x1 = Math.max(x1, lre[i] + 0.1);
    y0 = Math.min(y0, lim[i] - 0.1);
    y1 = Math.max(y1, lim[i] + 0.1);
  }
  return [x0, x1, y0, y1, 64, 64];
}

/**
 * Per-step relative errors of a reconstruction, ||x_k - xhat_k|| / RMS(x), and the sums of squares of the data and
 * of the errors. Kept out of runKoopman: V8 does not optimize that large function, and this loop runs over every
 * sample of every state column.
 */
function reconstructionErrors(
  data: Float64Array[],
  model: Float64Array[],
  K: number,
): { perStep: Float64Array; sx: number; se: number } {
  const perStep = new Float64Array(K);
  let sx = 0,
    se = 0;
  // column by column (contiguous): perStep first holds the squared error of each step
  for (let c = 0; c < data.length; c++) {
    const d = data[c],
      mo = model[c];
    for (let k = 0; k < K; k++) {
      const x = d[k],
        e = x - mo[k];
      sx += x * x;
      perStep[k] += e * e;
    }
  }
  const rms = Math.sqrt(sx / Math.max(1, K)) || 1;
  for (let k = 0; k < K; k++) {
    se += perStep[k];
    perStep[k] = Math.sqrt(perStep[k]) / rms;
  }
  return { perStep, sx, se };
}

/**
 * Snapshot QR work below which the row blocks are not spread over workers: 3e10 flops is about 3 s of the SIMD QR.
 * Measured in the worker pool (bench/koopman/parallel.ts): at 1-2 s of QR a second worker's start-up (a fresh
 * thread, cold JIT) and the copies of the row blocks ate the gain (0.93-0.94x).
 */
export const QR_SPLIT_MIN_FLOPS = 3e10;

/**
 * How many row blocks the snapshot QR of an M x cols matrix is split into (TSQR, one per worker): P blocks of M/P
 * rows cost 2 (M/P) cols^2 flops each (at the same time), then the (P cols) x cols stack of their R factors is
 * factored once more, (2P - 2/3) cols^3 flops. The P that minimizes that estimate, when it saves at least a fifth
 * of 2 M cols^2 and the work is large enough to pay for a worker (minFlops); otherwise 1.
 */
export function qrParts(M: number, cols: number, parallelism: number, minFlops = QR_SPLIT_MIN_FLOPS): number {
  const cost = (parts: number): number =>
    parts < 2 ? 2 * M * cols * cols : 2 * (M / parts) * cols * cols + (2 * parts - 2 / 3) * cols ** 3;
  if (cost(1) < minFlops) return 1;
  let parts = 1;
  for (let P = 2; P <= Math.min(parallelism, 16); P++) if (M >= 2 * P * cols && cost(P) < cost(parts)) parts = P;
  return cost(parts) > 0.8 * cost(1) ? 1 : parts;
}

export async function runKoopman(ds: Dataset, p: KoopmanParams, ctx: AnalysisContext): Promise<KoopmanResult> {
  const file = ds.source;
  if (p.dt !== undefined && !(p.dt > 0)) throw badInput(`--dt must be positive, got ${p.dt}`, { file });
  const notes: string[] = [];
  ctx.progress(0, 'reading snapshots');
  const src = loadSnapshots(ds, p);
  notes.push(...src.notes);
  // --method auto and Hankel's default delays come from the data (defaults.ts)
  const chosen = koopmanDefaults(src, p);
  notes.push(...chosen.notes);
  const method = chosen.method as KoopmanMethod;
  if (!METHODS.includes(method))
    throw badInput(`--method must be one of ${METHODS.join('|')}, got "${p.method}"`, { file });
  const { dt } = src.time;

  // delays: Hankel DMD, or EDMD with a delay:K dictionary
  let delays: number | undefined;
  let dictSpec = p.dictionary;
  if (method === 'edmd' && /^delay:/i.test(dictSpec)) {
    delays = parseDictionary(dictSpec, src.stateNames.length, file).n;
    dictSpec = 'identity';
  }
  if (method === 'hankel') {
    if (src.kind === 'pairs') throw badInput('hankel needs trajectories, not --pairs', { file });
    const longest = Math.max(...src.trajectories.map((t) => t.length));
    delays = p.delays ?? chosen.delays ?? Math.max(2, Math.min(64, Math.floor(longest / 3)));
  } else if (p.delays !== undefined && method !== 'edmd') {
    notes.push(`--delays is used by hankel (or edmd with --dictionary delay:K); ignored for ${method}`);
  }
  const pairs = buildPairs(src, delays, file);
  const M = pairs.x.rows;
  const dim = pairs.x.cols.length;
  const names = delays ? delayNames(pairs.stateNames, delays) : pairs.stateNames;
  ctx.signal.throwIfCancelled();

  // dictionary
  let dict: Dictionary;
  const budget = ctx.memoryBudgetBytes;
  const ns = pairs.observedDims;
  const checkMemory = (m: number, what: string, fix: string): void => {
    const bytes = 8 * M * (2 * m + ns) + 8 * m * m * 8;
    if (bytes > budget) {
      throw tooLarge(
        `${what}: ${M} snapshot pairs x ${m} dictionary functions needs about ${mb(bytes)} for the stacked snapshot matrix [PsiX, PsiY], over the memory budget of ${mb(budget)}; ${fix}`,
        { file },
      );
    }
  };
  if (method === 'edmd' && dictSpec !== 'identity') {
    const spec = parseDictionary(dictSpec, dim, file);
    const size = spec.kind === 'poly' ? polySize(dim, spec.n, spec.weights) : 1 + dim + spec.n;
    checkMemory(
      size,
      `--dictionary ${dictSpec}`,
      spec.kind === 'poly'
        ? 'lower the degree, pick fewer --columns, or use --method kedmd'
        : 'lower N, or use --method kedmd',
    );
    ctx.progress(0.02, 'building dictionary');
    if (spec.kind === 'poly') dict = polyDictionary(names, spec.n, spec.weights);
    else if (spec.kind === 'rbf') dict = rbfDictionary(names, spec.n, pairs.x, p.seed);
    else dict = rffDictionary(names, spec.n, pairs.x, p.seed);
  } else if (method === 'kedmd') {
    const fixed = /^\d+$/.test(p.rank.trim()) ? Number(p.rank) : undefined;
    const maxLandmarks = Math.min(fixed ?? 400, Math.max(1, M - 1));
    checkMemory(maxLandmarks, 'kernel EDMD', 'give a smaller --rank (number of kernel landmarks)');
    ctx.progress(0.02, 'choosing kernel landmarks (pivoted Cholesky)');
    const info = kernelDictionary(names, pairs.x, maxLandmarks, fixed ? 0 : 1e-10, (fr) =>
      ctx.progress(0.02 + 0.1 * fr),
    );
    dict = info.dictionary;
    notes.push(
      `kernel EDMD: Gaussian kernel width ${info.width.toPrecision(4)} (standardized units, median pairwise distance), ${info.landmarks} landmarks by pivoted Cholesky, relative Gram trace not captured ${info.relativeTraceError.toExponential(2)}`,
    );
    notes.push('kernel EDMD residuals use the same snapshots that chose the landmarks: they can be optimistic');
  } else {
    dict = identityDictionary(names);
    checkMemory(dict.size, 'snapshot matrix', 'use fewer --columns or --delays');
  }
  const m = dict.size;
  if (M < 2) throw badInput(`only ${M} snapshot pair(s): need at least 2`, { file });

  // one QR of [PsiX, PsiY, Xstate]
  ctx.progress(0.1, `QR of the ${M}-row snapshot matrix`);
  // with the identity dictionary the observed state is the first ns dictionary columns: Q1^T X = R11[:, :ns],
  // so the state is not appended (a third fewer columns to factor for DMD)
  const stateIsDictionary = dict.spec === 'identity';
  const nsAppended = stateIsDictionary ? 0 : ns;
  const fill = (buf: Float64Array, ld: number): void => {
    dict.evaluate(pairs.x, buf, 0, ld);
    dict.evaluate(pairs.y, buf, m * ld, ld);
    for (let j = 0; j < nsAppended; j++) buf.set(pairs.stateX[j], (2 * m + j) * ld);
  };
  const cols = 2 * m + nsAppended;
  const parts = qrParts(M, cols, ctx.parallelism);
  const f =
    parts >= 2
      ? await factorSnapshotsParallel(M, m, nsAppended, parts, fill, (chunks) =>
          ctx.parallelMap<QrBlockChunk, Float64Array>('qrBlock', chunks),
        )
      : factorSnapshots(M, m, nsAppended, fill, (fr) => {
          ctx.signal.throwIfCancelled();
          ctx.progress(0.1 + 0.6 * fr, 'QR of the snapshot matrix');
        });
  if (parts >= 2) notes.push(`snapshot QR split over ${parts} workers (tall-skinny QR)`);
  if (stateIsDictionary) {
    f.r13 = f.r11.slice(0, f.k * ns);
    f.ns = ns;
  }
  if (f.rows22 === 0)
    notes.push(
      `residuals unavailable: ${M} snapshot pairs are not more than the ${m} dictionary functions, so PsiY lies in the span of PsiX and every residual would be 0; add snapshots or shrink the dictionary`,
    );
  ctx.signal.throwIfCancelled();

  const isDictMethod = method === 'edmd' || method === 'kedmd';
  const rankSpec = method === 'kedmd' && /^\d+$/.test(p.rank.trim()) ? 'auto' : p.rank;
  const basis = galerkinBasis(f, rankSpec, isDictMethod && dictSpec !== 'identity', [m, M], file);
  const { r } = basis;
  const cond = basis.s[basis.s.length - 1] > 0 ? basis.s[0] / basis.s[basis.s.length - 1] : Infinity;
  let regularization: string | undefined;
  if (r < basis.s.length) {
    const why = basis.rank.rule.startsWith('numerical') ? 'ill-conditioned Gram matrix PsiX^T PsiX' : 'rank truncation';
    regularization = `${why}: condition number of PsiX ${cond.toExponential(2)} (Gram ${(cond * cond).toExponential(2)}); truncated pseudo-inverse keeps ${r} of ${basis.s.length} directions (${basis.rank.rule})`;
    if (isDictMethod) notes.push(regularization);
  }
  ctx.progress(0.75, 'Galerkin matrix and eigenpairs');
  const og = orthGalerkin(f, basis);

  // eigenpairs in the orthonormal basis (v), or for TLS in the projected-data basis with coefficients c
  let lre: Float64Array, lim: Float64Array, vre: Float64Array, vim: Float64Array;
  let residual: Float64Array;
  let fModes: SnapshotFactor = f;
  let bModes: GalerkinBasis = basis;
  if (method === 'fbdmd') {
    ({ lre, lim, vre, vim } = forwardBackward(f, basis, og, file));
    residual = residualsOrth(og, lre, lim, vre, vim);
  } else if (method === 'tlsdmd') {
    const ft = tlsFactor(f, r, file);
    const bt = galerkinBasis(ft, String(r), false, [m, M], file);
    const ot = orthGalerkin(ft, bt);
    ({ lre, lim, vre, vim } = eigPairs(ot.a, r));
    // coefficients on the state c = W_r S^-1 v in the projected basis, judged against the real data
    const cre = new Float64Array(m * r),
      cim = new Float64Array(m * r);
    const sv = (x: Float64Array): Float64Array => {
      const o = x.slice();
      for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) o[i + j * r] /= bt.s[i];
      return o;
    };
    gemmNN(m, r, r, 1, bt.wr, 0, m, sv(vre), 0, r, cre, 0, m);
    gemmNN(m, r, r, 1, bt.wr, 0, m, sv(vim), 0, r, cim, 0, m);
    residual = residualsFull(f, lre, lim, cre, cim, r);
    fModes = ft;
    bModes = bt;
  } else {
    ({ lre, lim, vre, vim } = eigPairs(og.a, r));
    residual = residualsOrth(og, lre, lim, vre, vim);
  }
  if (f.rows22 === 0) residual.fill(NaN);
  ctx.signal.throwIfCancelled();

  // dictionary coefficients of the eigenfunctions: C = W_r S_r^{-1} V (m x r complex)
  const sInv = (x: Float64Array): Float64Array => {
    const o = x.slice();
    for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) o[i + j * r] /= bModes.s[i];
    return o;
  };
  const cre = new Float64Array(m * r),
    cim = new Float64Array(m * r);
  gemmNN(m, r, r, 1, bModes.wr, 0, m, sInv(vre), 0, r, cre, 0, m);
  gemmNN(m, r, r, 1, bModes.wr, 0, m, sInv(vim), 0, r, cim, 0, m);

  // Koopman modes Xi = V^{-1} B, B = U_r^T R13 (r x ns): x ~ sum_j xi_j phi_j(x)
  const bmat = new Float64Array(r * ns);
  gemmTN(r, ns, fModes.k, 1, bModes.ur, 0, fModes.k, fModes.r13, 0, fModes.k, 0, bmat, 0, r);
  const V: ComplexMatrix = { re: vre, im: vim, rows: r, cols: r };
  const { x: xi, pivotRatio } = complexSolve(V, { re: bmat, im: new Float64Array(r * ns), rows: r, cols: ns });
  if (pivotRatio < 1e-12)
    notes.push(
      `the eigenvector matrix is nearly singular (pivot ratio ${pivotRatio.toExponential(1)}): the operator is close to defective, modes and reconstruction are unreliable`,
    );

  // eigenfunctions at the first snapshot of the first trajectory (or pair)
  const firstPts: PointSet = pairs.trajectories.length
    ? { cols: pairs.trajectories[0].cols, rows: pairs.trajectories[0].length }
    : pairs.x;
  const phiAt = (pts: PointSet, rows: number): { re: Float64Array; im: Float64Array } => {
    const sub: PointSet = { cols: pts.cols.map((c) => c.subarray(0, rows)), rows };
    const psi = evalDict(dict, sub);
    const re = new Float64Array(rows * r),
      im = new Float64Array(rows * r);
    gemmNN(rows, r, m, 1, psi, 0, rows, cre, 0, m, re, 0, rows);
    gemmNN(rows, r, m, 1, psi, 0, rows, cim, 0, m, im, 0, rows);
    return { re, im };
  };
  const phi0 = phiAt(firstPts, 1);

  const amplitude = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    let nx = 0;
    for (let c = 0; c < ns; c++) nx += xi.re[j + c * r] ** 2 + xi.im[j + c * r] ** 2;
    amplitude[j] = Math.hypot(phi0.re[j], phi0.im[j]) * Math.sqrt(nx);
  }

  // order: by |lambda| descending, ties by imaginary part descending
  const order = Array.from({ length: r }, (_, i) => i).sort(
    (a, b) => Math.hypot(lre[b], lim[b]) - Math.hypot(lre[a], lim[a]) || lim[b] - lim[a],
  );

  // state prediction x_k = Re sum_j xi_j lambda_j^k phi_j(x_0): the coefficients lambda_j^k phi_j(x_0) are advanced
  // by one complex multiplication per step, then contracted with the modes.
  // The data are real, so the terms of a conjugate pair are conjugates: Re(xi_j c_j + xi_j' conj(c_j)) =
  // Re((xi_j + conj(xi_j')) c_j). Only the first of each pair is carried: half the work of the contraction.
  const act: number[] = [];
  const paired: boolean[] = [];
  for (let j = 0; j < r; j++) {
    const pair = lim[j] > 0 && j + 1 < r && lre[j + 1] === lre[j] && lim[j + 1] === -lim[j];
    act.push(j);
    paired.push(pair);
    if (pair) j++;
  }
  const nA = act.length;
  const xiAre = new Float64Array(nA * ns),
    xiAim = new Float64Array(nA * ns);
  act.forEach((j, q) => {
    for (let c = 0; c < ns; c++) {
      let re = xi.re[j + c * r],
        im = xi.im[j + c * r];
      if (paired[q]) {
        re += xi.re[j + 1 + c * r];
        im -= xi.im[j + 1 + c * r];
      }
      xiAre[q + c * nA] = re;
      xiAim[q + c * nA] = im;
    }
  });
  const actRe = Float64Array.from(act, (j) => lre[j]);
  const actIm = Float64Array.from(act, (j) => lim[j]);
  // Decaying modes reach subnormal numbers over long horizons (|lambda|^20000), and arithmetic on subnormals is ~50x
  // slower on x86: flush them to zero (their contribution is below 1e-290 of the state, far under round-off).
  const TINY = 1e-290;
  /** One step of the carried coefficients (length nA): c_q <- lambda_q c_q. */
  const advance = (cr: Float64Array, ci: Float64Array): void => {
    for (let q = 0; q < nA; q++) {
      const a = cr[q],
        b = ci[q];
      let x = actRe[q] * a - actIm[q] * b;
      let y = actRe[q] * b + actIm[q] * a;
      if (x < TINY && x > -TINY) x = 0;
      if (y < TINY && y > -TINY) y = 0;
      cr[q] = x;
      ci[q] = y;
    }
  };
  /** out (rows x ns, ld = ldo) = Re(C Xi_A) for coefficient rows C = cr + i ci (rows x nA, ld = ldc). */
  const contract = (
    rows: number,
    cr: Float64Array,
    ci: Float64Array,
    ldc: number,
    out: Float64Array,
    ldo: number,
  ): void => {
    gemmNN(rows, ns, nA, 1, cr, 0, ldc, xiAre, 0, nA, out, 0, ldo);
    gemmNN(rows, ns, nA, -1, ci, 0, ldc, xiAim, 0, nA, out, 0, ldo);
  };
  /** The carried coefficients at one point set's rows: phi_j at each row for the active j (rows x nA each). */
  const activeCoefficients = (
    phiRe: Float64Array,
    phiIm: Float64Array,
    rows: number,
  ): { re: Float64Array; im: Float64Array } => {
    const re = new Float64Array(rows * nA),
      im = new Float64Array(rows * nA);
    act.forEach((j, q) => {
      re.set(phiRe.subarray(j * rows, (j + 1) * rows), q * rows);
      im.set(phiIm.subarray(j * rows, (j + 1) * rows), q * rows);
    });
    return { re, im };
  };
  // x_k for a block of steps at a time: rows of the block are the coefficients at successive steps
  const BLK = 256;
  const phr = new Float64Array(BLK * nA),
    phi = new Float64Array(BLK * nA),
    blockOut = new Float64Array(BLK * ns);
  /** Writes `count` steps starting from coefficients (cr, ci), advancing them, into out[c][at + q]. */
  const evolve = (cr: Float64Array, ci: Float64Array, count: number, out: Float64Array[], at: number): void => {
    for (let q0 = 0; q0 < count; q0 += BLK) {
      const cnt = Math.min(BLK, count - q0);
      for (let q = 0; q < cnt; q++) {
        for (let a = 0; a < nA; a++) {
          phr[q + a * BLK] = cr[a];
          phi[q + a * BLK] = ci[a];
        }
        advance(cr, ci);
      }
      blockOut.fill(0);
      contract(cnt, phr, phi, BLK, blockOut, BLK);
      for (let c = 0; c < ns; c++) out[c].set(blockOut.subarray(c * BLK, c * BLK + cnt), at + q0);
    }
  };

  ctx.progress(0.85, 'reconstruction');
  let reconstructionKind: 'multi-step' | 'one-step' = 'multi-step';
  const recT: number[] = [];
  const recData: Float64Array[] = [];
  const recModel: Float64Array[] = [];
  let recErr: Float64Array;
  let reconstructionError: number;
  let forecast: KoopmanResult['forecast'];
  if (pairs.trajectories.length) {
    const t0 = pairs.trajectories[0];
    const K = t0.length;
    const start = activeCoefficients(phi0.re, phi0.im, 1);
    const cr = start.re,
      ci = start.im;
    for (let c = 0; c < ns; c++) {
      recData.push(t0.cols[c]);
      recModel.push(new Float64Array(K));
    } // data only read: no copy
    for (let k = 0; k < K; k++) recT.push(t0.t0 + k * dt);
    evolve(cr, ci, K, recModel, 0);
    if (p.forecast > 0) {
      const ft: number[] = [];
      const fv = Array.from({ length: ns }, () => new Float64Array(p.forecast));
      for (let q = 0; q < p.forecast; q++) ft.push(t0.t0 + (K + q) * dt);
      evolve(cr, ci, p.forecast, fv, 0);
      forecast = { t: Float64Array.from(ft), values: fv };
    }
  } else {
    reconstructionKind = 'one-step';
    if (p.forecast > 0) notes.push('--forecast needs trajectories (not --pairs): skipped');
  }

  // one-step prediction on up to ONE_STEP_SAMPLE evenly spaced pairs: every sample advanced once, one product
  const S = Math.min(M, ONE_STEP_SAMPLE);
  const idx = Array.from({ length: S }, (_, i) => Math.floor((i * M) / S));
  const xsS = subset(pairs.x, idx);
  const phiS = phiAt(xsS, S);
  const cS = activeCoefficients(phiS.re, phiS.im, S);
  for (let q = 0; q < nA; q++) {
    for (let i = 0; i < S; i++) {
      const a = cS.re[i + q * S],
        b = cS.im[i + q * S];
      cS.re[i + q * S] = actRe[q] * a - actIm[q] * b;
      cS.im[i + q * S] = actRe[q] * b + actIm[q] * a;
    }
  }
  const oneStep = new Float64Array(S * ns);
  contract(S, cS.re, cS.im, S, oneStep, S);
  const oneStepModel = Array.from({ length: ns }, (_, c) => oneStep.slice(c * S, (c + 1) * S));
  let num = 0,
    den = 0;
  for (let i = 0; i < S; i++) {
    for (let c = 0; c < ns; c++) {
      const y = pairs.y.cols[c][idx[i]];
      num += (y - oneStepModel[c][i]) ** 2;
      den += y * y;
    }
  }
  const oneStepError = den > 0 ? Math.sqrt(num / den) : NaN;
  if (reconstructionKind === 'one-step') {
    for (let i = 0; i < S; i++) recT.push(idx[i]);
    for (let c = 0; c < ns; c++) {
      recData.push(Float64Array.from(idx, (i) => pairs.y.cols[c][i]));
      recModel.push(oneStepModel[c]);
    }
  }
  {
    const K = recT.length;
    let sx: number, se: number;
    ({ perStep: recErr, sx, se } = reconstructionErrors(recData, recModel, K));
    reconstructionError = sx > 0 ? Math.sqrt(se / sx) : NaN;
  }

  // the result keeps at most MAX_SERIES_COLUMNS columns and MAX_SERIES_POINTS time points of the curves (the
  // errors above used every point); the panel and the JSON stay small for long or wide data
  let reconstruction: KoopmanResult['reconstruction'];
  {
    const K = recT.length;
    const stride = Math.max(1, Math.ceil(K / MAX_SERIES_POINTS));
    const pick = (a: ArrayLike<number>): Float64Array =>
      Float64Array.from({ length: Math.ceil(K / stride) }, (_, q) => a[q * stride]);
    const keep = Math.min(ns, MAX_SERIES_COLUMNS);
    reconstruction = {
      t: pick(recT),
      data: recData.slice(0, keep).map(pick),
      model: recModel.slice(0, keep).map(pick),
      error: pick(recErr),
    };
    if (stride > 1 || keep < ns)
      notes.push(
        `reconstruction curves stored for ${keep} of ${ns} state columns, every ${stride} step(s); the errors use all of them`,
      );
    if (forecast && keep < ns) forecast = { t: forecast.t, values: forecast.values.slice(0, keep) };
  }

  // modes and eigenfunctions along the first trajectory for the leading eigenvalues
  const modes: KoopmanMode[] = [];
  const nModes = Math.min(p.modes, r);
  if (nModes > 0) {
    const rows = Math.min(firstPts.rows, MAX_EIGENFUNCTION_POINTS);
    const phiT = phiAt(firstPts, rows);
    // leading = largest amplitude among the non-spurious, then the rest
    const lead = [...order].sort((a, b) => amplitude[b] - amplitude[a]).slice(0, nModes);
    for (const j of lead) {
      modes.push({
        index: order.indexOf(j),
        re: Float64Array.from({ length: ns }, (_, c) => xi.re[j + c * r]),
        im: Float64Array.from({ length: ns }, (_, c) => xi.im[j + c * r]),
        eigenfunctionRe: phiT.re.slice(j * rows, (j + 1) * rows),
        eigenfunctionIm: phiT.im.slice(j * rows, (j + 1) * rows),
      });
    }
  }

  // HAVOK forcing: v_r(t) = z_t . w_r / s_r along the first trajectory
  let havokForcing: KoopmanResult['havokForcing'];
  if (method === 'hankel' && pairs.trajectories.length) {
    const t0 = pairs.trajectories[0];
    const w = basis.wr.subarray((r - 1) * m, r * m);
    const v = new Float64Array(t0.length);
    for (let k = 0; k < t0.length; k++) {
      let s = 0;
      for (let d = 0; d < m; d++) s += t0.cols[d][k] * w[d];
      v[k] = s / basis.s[r - 1];
    }
    havokForcing = { t: Float64Array.from({ length: t0.length }, (_, k) => t0.t0 + k * dt), values: v };
  }

  // pseudospectrum on a grid, in chunks that the runtime can spread over workers
  let pseudospectrum: KoopmanResult['pseudospectrum'];
  if (p.pseudospectrum) {
    if (method === 'tlsdmd')
      notes.push('pseudospectrum uses the data Galerkin matrix (exact DMD operator), not the TLS-debiased one');
    const g = p.grid && p.grid.length ? p.grid : defaultGrid(lre, lim);
    if (g.length !== 6 || !(g[1] > g[0]) || !(g[3] > g[2]) || !(g[4] >= 2) || !(g[5] >= 2)) {
      throw badInput(
        `--grid expects xmin,xmax,ymin,ymax,nx,ny with xmin < xmax, ymin < ymax, nx, ny >= 2; got ${g.join(',')}`,
        { file },
      );
    }
    if (g[4] * g[5] > 250000)
      throw badInput(
        `--grid ${g[4]} x ${g[5]} points is more than 250000: each point costs an O(r^3) factorization (r = ${r}); use a coarser grid`,
        { file },
      );
    ctx.progress(0.9, `pseudospectrum on a ${Math.round(g[4])} x ${Math.round(g[5])} grid`);
    const t0 = performance.now();
    const { xs, ys, tau } = await pseudospectrumOnGrid(ctx, og.a, og.d, r, og.rd, g);
    pseudospectrum = { x: xs, y: ys, tau, ms: performance.now() - t0 };
  }

  const spurious = order.map((j) => p.maxResidual !== undefined && !(residual[j] <= p.maxResidual));
  if (p.maxResidual !== undefined)
    notes.push(
      `${spurious.filter(Boolean).length} of ${r} eigenvalues have residual above --max-residual ${p.maxResidual} (marked spurious)`,
    );
  ctx.progress(1, 'done');
  return {
    method,
    dt,
    dtSource: src.time.dtSource,
    timeUnit: src.time.timeUnit,
    unitsNote: src.time.unitsNote,
    stateNames: pairs.stateNames,
    dictionary:
      dict.spec === 'identity'
        ? delays
          ? `delay coordinates (${delays} delays, ${m} functions)`
          : `identity (state, ${m} functions)`
        : `${dict.spec} (${m} functions)`,
    dictionarySize: m,
    pairs: M,
    trajectories: pairs.trajectories.length,
    delays,
    rank: r,
    rankRule: basis.rank.rule,
    singularValues: basis.s,
    conditionNumber: cond,
    regularization,
    eigenvalues: order.map((j) => describeEigenvalue(lre[j], lim[j], dt, residual[j], amplitude[j])),
    maxResidual: p.maxResidual,
    spurious,
    modes,
    reconstructionError,
    reconstructionKind,
    reconstruction,
    oneStepError,
    forecast,
    havokForcing,
    pseudospectrum,
    notes,
  };
}
