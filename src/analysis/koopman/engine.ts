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
import type { KoopmanMethod, KoopmanResult } from '../../protocol/results/koopman';
import { loadSnapshots } from './snapshots';
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
import { delayNames } from './embedding';
import {
  factorSnapshots,
  factorSnapshotsParallel,
  type QrBlockChunk,
  galerkinBasis,
  orthGalerkin,
  type GalerkinBasis,
  type SnapshotFactor,
} from './resdmd';
import { describeEigenvalue } from './spectrum';
import { KOOPMAN_METHODS, type KoopmanParams } from './params';
import { buildPairs, chooseDelays, type Pairs } from './pairs';
import { havokForcing, methodEigen, type KoopmanEigen } from './methods';
import { amplitudes, eigenOrder, eigenfunctionsAt, koopmanModes, leadingModes, type KoopmanModes } from './modes';
import {
  ModalPropagator,
  oneStepPrediction,
  reconstructTrajectory,
  reconstructionErrors,
  storedReconstruction,
  type Curves,
} from './prediction';
import { pseudospectrumStep } from './pseudospectrum-grid';

/** Eigenfunctions are returned along at most this many points of the first trajectory. */
const MAX_EIGENFUNCTION_POINTS = 5000;

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

/**
 * Snapshot QR work below which the row blocks are not spread over workers: 3e10 flops is about 3 s of the SIMD QR.
 * Measured in the worker pool (bench/koopman/parallel.ts): at 1-2 s of QR a second worker's start-up (a fresh
 * thread, cold JIT) and the copies of the row blocks ate the gain (0.93-0.94x).
 */
const QR_SPLIT_MIN_FLOPS = 3e10;

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
  if (!KOOPMAN_METHODS.includes(method))
    throw badInput(`--method must be one of ${KOOPMAN_METHODS.join('|')}, got "${p.method}"`, { file });
  const { dt } = src.time;
  const { delays, dictSpec } = chooseDelays(method, p, src, notes, file, chosen.delays);
  const pairs = buildPairs(src, delays, file);
  const M = pairs.x.rows;
  const names = delays ? delayNames(pairs.stateNames, delays) : pairs.stateNames;
  ctx.signal.throwIfCancelled();

  const dict = chooseDictionary(method, dictSpec, p, pairs, names, ctx, notes, file);
  const m = dict.size;
  if (M < 2) throw badInput(`only ${M} snapshot pair(s): need at least 2`, { file });
  const f = await factorStep(dict, pairs, ctx, notes);
  ctx.signal.throwIfCancelled();

  const fitted = basisStep(method, dictSpec, p.rank, f, [m, M], notes, file);
  const { basis } = fitted;
  const r = basis.r;
  ctx.progress(0.75, 'Galerkin matrix and eigenpairs');
  const og = orthGalerkin(f, basis);
  const e = methodEigen(method, f, basis, og, [m, M], file);
  if (f.rows22 === 0) e.residual.fill(NaN);
  ctx.signal.throwIfCancelled();

  const ns = pairs.observedDims;
  const km = koopmanModes(e, m, ns);
  if (km.pivotRatio < 1e-12)
    notes.push(
      `the eigenvector matrix is nearly singular (pivot ratio ${km.pivotRatio.toExponential(1)}): the operator is close to defective, modes and reconstruction are unreliable`,
    );
  // eigenfunctions at the first snapshot of the first trajectory (or pair)
  const firstPts: PointSet = pairs.trajectories.length
    ? { cols: pairs.trajectories[0].cols, rows: pairs.trajectories[0].length }
    : pairs.x;
  const phi0 = eigenfunctionsAt(dict, km, firstPts, 1);
  const amplitude = amplitudes(km, phi0);
  const order = eigenOrder(e.lre, e.lim);

  ctx.progress(0.85, 'reconstruction');
  const prediction = predict(dict, km, e, phi0, pairs, dt, p.forecast, notes);
  const eigenfunctionRows = Math.min(firstPts.rows, MAX_EIGENFUNCTION_POINTS);
  const modes = leadingModes(dict, km, order, amplitude, firstPts, eigenfunctionRows, p.modes);
  const havok =
    method === 'hankel' && pairs.trajectories.length ? havokForcing(pairs.trajectories[0], basis, m, dt) : undefined;
  let pseudospectrum: KoopmanResult['pseudospectrum'];
  if (p.pseudospectrum) {
    if (method === 'tlsdmd')
      notes.push('pseudospectrum uses the data Galerkin matrix (exact DMD operator), not the TLS-debiased one');
    pseudospectrum = await pseudospectrumStep(ctx, og, r, e, p.grid, file);
  }

  const spurious = order.map((j) => p.maxResidual !== undefined && !(e.residual[j] <= p.maxResidual));
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
    dictionary: describeDictionary(dict, delays),
    dictionarySize: m,
    pairs: M,
    trajectories: pairs.trajectories.length,
    delays,
    rank: r,
    rankRule: basis.rank.rule,
    singularValues: basis.s,
    conditionNumber: fitted.cond,
    regularization: fitted.regularization,
    eigenvalues: order.map((j) => describeEigenvalue(e.lre[j], e.lim[j], dt, e.residual[j], amplitude[j])),
    maxResidual: p.maxResidual,
    spurious,
    modes,
    ...prediction,
    havokForcing: havok,
    pseudospectrum,
    notes,
  };
}

function describeDictionary(dict: Dictionary, delays: number | undefined): string {
  if (dict.spec !== 'identity') return `${dict.spec} (${dict.size} functions)`;
  return delays
    ? `delay coordinates (${delays} delays, ${dict.size} functions)`
    : `identity (state, ${dict.size} functions)`;
}

/**
 * The dictionary of a method: the identity (DMD methods, delay coordinates), the parsed --dictionary (edmd), or
 * kernel landmarks (kedmd); refused with tooLarge when the stacked snapshot matrix would not fit the budget.
 */
function chooseDictionary(
  method: KoopmanMethod,
  dictSpec: string,
  p: KoopmanParams,
  pairs: Pairs,
  names: string[],
  ctx: AnalysisContext,
  notes: string[],
  file: string,
): Dictionary {
  const M = pairs.x.rows;
  const dim = pairs.x.cols.length;
  const checkMemory = (m: number, what: string, fix: string): void => {
    const bytes = 8 * M * (2 * m + pairs.observedDims) + 8 * m * m * 8;
    if (bytes > ctx.memoryBudgetBytes) {
      throw tooLarge(
        `${what}: ${M} snapshot pairs x ${m} dictionary functions needs about ${mb(bytes)} for the stacked snapshot matrix [PsiX, PsiY], over the memory budget of ${mb(ctx.memoryBudgetBytes)}; ${fix}`,
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
    if (spec.kind === 'poly') return polyDictionary(names, spec.n, spec.weights);
    if (spec.kind === 'rbf') return rbfDictionary(names, spec.n, pairs.x, p.seed);
    return rffDictionary(names, spec.n, pairs.x, p.seed);
  }
  if (method === 'kedmd') {
    const fixed = /^\d+$/.test(p.rank.trim()) ? Number(p.rank) : undefined;
    const maxLandmarks = Math.min(fixed ?? 400, Math.max(1, M - 1));
    checkMemory(maxLandmarks, 'kernel EDMD', 'give a smaller --rank (number of kernel landmarks)');
    ctx.progress(0.02, 'choosing kernel landmarks (pivoted Cholesky)');
    const info = kernelDictionary(names, pairs.x, maxLandmarks, fixed ? 0 : 1e-10, (fr) =>
      ctx.progress(0.02 + 0.1 * fr),
    );
    notes.push(
      `kernel EDMD: Gaussian kernel width ${info.width.toPrecision(4)} (standardized units, median pairwise distance), ${info.landmarks} landmarks by pivoted Cholesky, relative Gram trace not captured ${info.relativeTraceError.toExponential(2)}`,
    );
    notes.push('kernel EDMD residuals use the same snapshots that chose the landmarks: they can be optimistic');
    return info.dictionary;
  }
  const dict = identityDictionary(names);
  checkMemory(dict.size, 'snapshot matrix', 'use fewer --columns or --delays');
  return dict;
}

/** One QR of [PsiX, PsiY, Xstate] (ResDMD's single factorization), over row blocks on workers when it pays. */
async function factorStep(
  dict: Dictionary,
  pairs: Pairs,
  ctx: AnalysisContext,
  notes: string[],
): Promise<SnapshotFactor> {
  const M = pairs.x.rows;
  const m = dict.size;
  const ns = pairs.observedDims;
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
  const parts = qrParts(M, 2 * m + nsAppended, ctx.parallelism);
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
  return f;
}

/** The truncated POD basis of PsiX (--rank), its condition number, and what the truncation regularized. */
function basisStep(
  method: KoopmanMethod,
  dictSpec: string,
  rank: string,
  f: SnapshotFactor,
  dims: [number, number],
  notes: string[],
  file: string,
): { basis: GalerkinBasis; cond: number; regularization?: string } {
  const isDictMethod = method === 'edmd' || method === 'kedmd';
  const rankSpec = method === 'kedmd' && /^\d+$/.test(rank.trim()) ? 'auto' : rank;
  const basis = galerkinBasis(f, rankSpec, isDictMethod && dictSpec !== 'identity', dims, file);
  const s = basis.s;
  const cond = s[s.length - 1] > 0 ? s[0] / s[s.length - 1] : Infinity;
  if (basis.r >= s.length) return { basis, cond };
  const why = basis.rank.rule.startsWith('numerical') ? 'ill-conditioned Gram matrix PsiX^T PsiX' : 'rank truncation';
  const regularization = `${why}: condition number of PsiX ${cond.toExponential(2)} (Gram ${(cond * cond).toExponential(2)}); truncated pseudo-inverse keeps ${basis.r} of ${s.length} directions (${basis.rank.rule})`;
  if (isDictMethod) notes.push(regularization);
  return { basis, cond, regularization };
}

/**
 * Reconstruction (multi-step along the first trajectory, else one-step on sampled pairs), its errors, the one-step
 * error and the forecast.
 */
function predict(
  dict: Dictionary,
  km: KoopmanModes,
  e: KoopmanEigen,
  phi0: { re: Float64Array; im: Float64Array },
  pairs: Pairs,
  dt: number,
  forecastSteps: number,
  notes: string[],
): Pick<KoopmanResult, 'reconstructionError' | 'reconstructionKind' | 'reconstruction' | 'oneStepError' | 'forecast'> {
  const prop = new ModalPropagator(e.lre, e.lim, km);
  let curves: Curves | undefined;
  let forecast: KoopmanResult['forecast'];
  if (pairs.trajectories.length) {
    ({ curves, forecast } = reconstructTrajectory(prop, phi0, pairs.trajectories[0], km.ns, dt, forecastSteps));
  } else if (forecastSteps > 0) notes.push('--forecast needs trajectories (not --pairs): skipped');
  const oneStep = oneStepPrediction(prop, dict, km, pairs.x, pairs.y);
  const reconstructionKind = curves ? 'multi-step' : 'one-step';
  const rec = curves ?? oneStep.curves;
  const { perStep, sx, se } = reconstructionErrors(rec.data, rec.model, rec.t.length);
  const stored = storedReconstruction(rec, perStep, km.ns, notes);
  if (forecast && stored.columns < km.ns)
    forecast = { t: forecast.t, values: forecast.values.slice(0, stored.columns) };
  return {
    reconstructionError: sx > 0 ? Math.sqrt(se / sx) : NaN,
    reconstructionKind,
    reconstruction: stored.reconstruction,
    oneStepError: oneStep.error,
    forecast,
  };
}
