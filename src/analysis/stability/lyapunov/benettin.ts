/**
 * Lyapunov spectrum of a model by the standard method of Benettin, Galgani, Giorgilli & Strelcyn (1980), "Lyapunov
 * characteristic exponents for smooth dynamical systems...", Meccanica 15:9-30 (Part 2, numerical application) and
 * Shimada & Nagashima (1979), Prog. Theor. Phys. 61:1605: integrate the orbit together with k tangent vectors
 * Phi' = J(x) Phi (maps: Phi_{m+1} = J(x_m) Phi_m), re-orthonormalise them every `renormInterval` by a QR
 * factorisation Phi = Q R (Gram-Schmidt, done twice for orthogonality to machine precision) and accumulate
 * lambda_j = (1/T) sum ln R_jj (Benettin et al. eq. (2.6), the volume-growth form of the Oseledec theorem).
 *
 * Alongside, the time average of div f = trace J (maps: ln|det J|) is integrated on the same orbit: by Liouville's
 * formula it equals the sum of all exponents, a built-in check (Lorenz: -(sigma + 1 + beta)).
 * Convergence: running estimates at every renormalisation (decimated for display) and a standard error from 10
 * block averages of the averaging run.
 */
import type { AnalysisContext } from '../../core/context';
import type { StabilityVerdict } from '../../../protocol/results/stability';
import type { CompiledModel } from '../ode/compile';
import type { OdeModel } from '../ode/parser';
import { makeStepper, checkInitialRhs, type Method } from '../integrate/trajectory';
import { checkBounded, type Rhs } from '../integrate/stepper';
import { SeededRandom } from '../../core/random';

export interface BenettinOptions {
  transient: number;
  duration: number;
  /** Time between re-orthonormalisations (flows); maps use every `renormInterval` iterations (rounded). */
  renormInterval: number;
  method: Method;
  /** RK4 step (and DOPRI5 initial step). */
  dt: number;
  rtol: number;
  atol: number;
  bound: number;
  maxSteps: number;
  /** Number of exponents (default all). */
  count: number;
  y0?: Float64Array;
  maxCurvePoints?: number;
}

export interface BenettinResult {
  exponents: number[];
  standardError: number[];
  meanDivergence: number;
  convergenceT: Float64Array;
  running: Float64Array[];
  finalState: Float64Array;
  /** |f(x)| (flows) or |f(x) - x| (maps) at the end, for the verdict. */
  finalSpeed: number;
  diverged?: { t: number; message: string };
  integrator: Method | 'iterate';
  steps: number;
}

const BLOCKS = 10;

/** Gram-Schmidt twice on the k columns (length n) of phi stored at phi[off + n*j + i]; writes ln R_jj into logR. */
function reorthonormalise(phi: Float64Array, off: number, n: number, k: number, logR: Float64Array): void {
  for (let j = 0; j < k; j++) {
    const cj = off + n * j;
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < j; q++) {
        const cq = off + n * q;
        let r = 0;
        for (let i = 0; i < n; i++) r += phi[cq + i] * phi[cj + i];
        for (let i = 0; i < n; i++) phi[cj + i] -= r * phi[cq + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += phi[cj + i] * phi[cj + i];
    norm = Math.sqrt(norm);
    logR[j] = Math.log(norm);
    const inv = norm > 0 ? 1 / norm : 0;
    for (let i = 0; i < n; i++) phi[cj + i] *= inv;
  }
}

export function benettin(
  model: OdeModel,
  compiled: CompiledModel,
  o: BenettinOptions,
  ctx: AnalysisContext,
): BenettinResult {
  const n = compiled.n;
  const k = Math.max(1, Math.min(n, o.count));
  const p = model.paramValues;
  const y0 = o.y0 ?? model.init;
  checkInitialRhs(model, compiled, y0, 0);
  const maxPts = o.maxCurvePoints ?? 1500;
  const J = new Float64Array(n * n);
  const logR = new Float64Array(k);
  const sums = new Float64Array(k);
  const blockSums = Array.from({ length: BLOCKS }, () => new Float64Array(k));
  const blockTime = new Float64Array(BLOCKS);
  const boundOpts = {
    rtol: o.rtol,
    atol: o.atol,
    h0: o.dt,
    hMax: o.renormInterval,
    bound: o.bound,
    maxSteps: o.maxSteps,
    file: model.file,
    names: model.stateNames,
  };

  if (model.kind === 'map') return benettinMap(model, compiled, o, ctx, k, maxPts);

  // ---- flows --------------------------------------------------------------------------------------------------
  const f: Rhs = (t, y, out) => compiled.rhs(t, y, p, out);
  let t = 0;
  let state = Float64Array.from(y0);
  let steps = 0;
  const divergedResult = (tt: number, message: string): BenettinResult => ({
    exponents: new Array(k).fill(NaN),
    standardError: new Array(k).fill(NaN),
    meanDivergence: NaN,
    convergenceT: new Float64Array(0),
    running: Array.from({ length: k }, () => new Float64Array(0)),
    finalState: state,
    finalSpeed: NaN,
    diverged: { t: tt, message },
    integrator: o.method,
    steps,
  });
  if (o.transient > 0) {
    const tr = makeStepper(f, 0, state, {
      ...boundOpts,
      method: o.method,
      hMax: Math.max(o.dt, o.transient / 10),
      tEnd: o.transient,
      jac: (tt, y, Jm) => compiled.jac(tt, y, p, Jm),
    });
    try {
      let polls = 0;
      while (tr.t < o.transient) {
        tr.step(o.transient);
        if (++polls % 2000 === 0) {
          ctx.signal.throwIfCancelled();
          ctx.progress(0.1 * (tr.t / o.transient), 'transient');
        }
      }
    } catch (e) {
      if (/blows up/.test((e as Error).message)) return divergedResult(tr.t, (e as Error).message);
      throw e;
    }
    steps += tr.stats.accepted;
    t = tr.t;
    state = Float64Array.from(tr.y);
  }

  // augmented state: [x (n) | Phi (n*k, column j at n + n*j) | integral of trace J (1)]
  const m = n + n * k + 1;
  const Y = new Float64Array(m);
  Y.set(state);
  randomFrame(Y, n, n, k);
  const aug: Rhs = (tt, y, out) => {
    compiled.rhs(tt, y, p, out);
    compiled.jac(tt, y, p, J);
    for (let j = 0; j < k; j++) {
      const c = n + n * j;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const r = i * n;
        for (let l = 0; l < n; l++) s += J[r + l] * y[c + l];
        out[c + i] = s;
      }
    }
    let tr = 0;
    for (let i = 0; i < n; i++) tr += J[i * n + i];
    out[m - 1] = tr;
  };
  const tStart = t;
  const tEnd = tStart + o.duration;
  const stepper = makeStepper(aug, tStart, Y, {
    ...boundOpts,
    method: o.method,
    hMax: o.renormInterval,
    tEnd,
    // tangent vectors are renormalised, so only the orbit components need the divergence bound
  });
  const renorms = Math.max(1, Math.round(o.duration / o.renormInterval));
  const stride = Math.max(1, Math.ceil(renorms / maxPts));
  const curveT: number[] = [];
  const curve: number[][] = Array.from({ length: k }, () => []);
  try {
    for (let r = 1; r <= renorms; r++) {
      const target = r === renorms ? tEnd : tStart + r * o.renormInterval;
      let inner = 0;
      while (stepper.t < target) {
        stepper.step(target);
        if ((++inner & 1023) === 0) ctx.signal.throwIfCancelled(); // long intervals (stiff or fast dynamics)
      }
      const Ys = stepper.y;
      reorthonormalise(Ys, n, n, k, logR);
      stepper.restart();
      const block = Math.min(BLOCKS - 1, Math.floor(((r - 1) * BLOCKS) / renorms));
      const dtRen = target - (r === 1 ? tStart : tStart + (r - 1) * o.renormInterval);
      blockTime[block] += dtRen;
      for (let j = 0; j < k; j++) {
        sums[j] += logR[j];
        blockSums[block][j] += logR[j];
      }
      if (r % stride === 0 || r === renorms) {
        curveT.push(target);
        for (let j = 0; j < k; j++) curve[j].push(sums[j] / (target - tStart));
      }
      if ((r & 63) === 0) {
        ctx.signal.throwIfCancelled();
        ctx.progress(0.1 + 0.9 * (r / renorms), `t = ${target.toFixed(0)}`);
      }
    }
  } catch (e) {
    if (/blows up/.test((e as Error).message)) return divergedResult(stepper.t, (e as Error).message);
    throw e;
  }
  steps += stepper.stats.accepted;
  const T = tEnd - tStart;
  const exponents = Array.from(sums, (s) => s / T);
  const standardError = blockError(blockSums, blockTime, k);
  const finalState = Float64Array.from(stepper.y.subarray(0, n));
  const fx = new Float64Array(n);
  compiled.rhs(tEnd, finalState, p, fx);
  let speed = 0;
  for (let i = 0; i < n; i++) speed = Math.max(speed, Math.abs(fx[i]));
  return sortSpectrum({
    exponents,
    standardError,
    meanDivergence: stepper.y[m - 1] / T,
    convergenceT: Float64Array.from(curveT),
    running: curve.map((c) => Float64Array.from(c)),
    finalState,
    finalSpeed: speed,
    integrator: o.method,
    steps,
  });
}

/**
 * Random orthonormal initial tangent vectors (seeded, reproducible). Coordinate vectors are not generic: in a system
 * with invariant subspaces (e.g. two uncoupled oscillators) e_2 may never leave the first subspace, and Gram-Schmidt
 * would then report a subspace's exponent out of order. A random frame has components along every Oseledec direction.
 */
function randomFrame(phi: Float64Array, off: number, n: number, k: number): void {
  const rng = new SeededRandom(12345);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) phi[off + n * j + i] = rng.normal();
  reorthonormalise(phi, off, n, k, new Float64Array(k));
}

/** Orders exponents (and their curves and errors) from largest to smallest. */
function sortSpectrum(r: BenettinResult): BenettinResult {
  const idx = r.exponents.map((_, j) => j).sort((a, b) => r.exponents[b] - r.exponents[a]);
  if (idx.every((v, j) => v === j)) return r;
  return {
    ...r,
    exponents: idx.map((j) => r.exponents[j]),
    standardError: idx.map((j) => r.standardError[j]),
    running: idx.map((j) => r.running[j]),
  };
}

function blockError(blockSums: Float64Array[], blockTime: Float64Array, k: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < k; j++) {
    let mean = 0;
    let cnt = 0;
    const vals: number[] = [];
    for (let b = 0; b < blockSums.length; b++) {
      if (blockTime[b] > 0) {
        const v = blockSums[b][j] / blockTime[b];
        vals.push(v);
        mean += v;
        cnt++;
      }
    }
    if (cnt < 2) {
      out.push(NaN);
      continue;
    }
    mean /= cnt;
    let ss = 0;
    for (const v of vals) ss += (v - mean) ** 2;
    out.push(Math.sqrt(ss / (cnt - 1) / cnt));
  }
  return out;
}

/** Maps: Phi_{m+1} = J(x_m) Phi_m, x_{m+1} = f(x_m); QR every `renormInterval` iterations. */
function benettinMap(
  model: OdeModel,
  compiled: CompiledModel,
  o: BenettinOptions,
  ctx: AnalysisContext,
  k: number,
  maxPts: number,
): BenettinResult {
  const n = compiled.n;
  const p = model.paramValues;
  const x = Float64Array.from(o.y0 ?? model.init);
  const nx = new Float64Array(n);
  const J = new Float64Array(n * n);
  const phi = new Float64Array(n * k);
  const tmp = new Float64Array(n * k);
  const logR = new Float64Array(k);
  const sums = new Float64Array(k);
  const blockSums = Array.from({ length: BLOCKS }, () => new Float64Array(k));
  const blockTime = new Float64Array(BLOCKS);
  const boundOpts = {
    rtol: 0,
    atol: 0,
    h0: 1,
    hMax: 1,
    bound: o.bound,
    maxSteps: Infinity,
    file: model.file,
    names: model.stateNames,
  };
  const transient = Math.round(o.transient);
  const N = Math.max(1, Math.round(o.duration));
  const every = Math.max(1, Math.round(o.renormInterval));
  let it = 0;
  try {
    for (; it < transient; it++) {
      compiled.rhs(it, x, p, nx);
      x.set(nx);
      checkBounded(x, it + 1, boundOpts);
      if ((it & 0xffff) === 0) ctx.signal.throwIfCancelled();
    }
  } catch (e) {
    if (/blows up/.test((e as Error).message)) return mapDiverged(k, x, it + 1, (e as Error).message);
    throw e;
  }
  randomFrame(phi, 0, n, k);
  let sumLogDet = 0;
  const detBuf = new Float64Array(n * n);
  const stride = Math.max(1, Math.ceil(N / every / maxPts));
  const curveT: number[] = [];
  const curve: number[][] = Array.from({ length: k }, () => []);
  let renormCount = 0;
  let lastRenorm = 0;
  try {
    for (let m = 1; m <= N; m++) {
      const tt = transient + m - 1;
      compiled.jac(tt, x, p, J);
      sumLogDet += Math.log(Math.abs(determinant(J, n, detBuf)));
      for (let j = 0; j < k; j++) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let l = 0; l < n; l++) s += J[i * n + l] * phi[n * j + l];
          tmp[n * j + i] = s;
        }
      }
      phi.set(tmp);
      compiled.rhs(tt, x, p, nx);
      x.set(nx);
      checkBounded(x, tt + 1, boundOpts);
      if (m % every === 0 || m === N) {
        reorthonormalise(phi, 0, n, k, logR);
        const block = Math.min(BLOCKS - 1, Math.floor(((m - 1) * BLOCKS) / N));
        blockTime[block] += m - lastRenorm;
        lastRenorm = m;
        for (let j = 0; j < k; j++) {
          sums[j] += logR[j];
          blockSums[block][j] += logR[j];
        }
        renormCount++;
        if (renormCount % stride === 0 || m === N) {
          curveT.push(m);
          for (let j = 0; j < k; j++) curve[j].push(sums[j] / m);
        }
      }
      if ((m & 0xffff) === 0) {
        ctx.signal.throwIfCancelled();
        ctx.progress(m / N, `iteration ${m}`);
      }
    }
  } catch (e) {
    if (/blows up/.test((e as Error).message)) return mapDiverged(k, x, NaN, (e as Error).message);
    throw e;
  }
  compiled.rhs(transient + N, x, p, nx);
  let speed = 0;
  for (let i = 0; i < n; i++) speed = Math.max(speed, Math.abs(nx[i] - x[i]));
  return sortSpectrum({
    exponents: Array.from(sums, (s) => s / N),
    standardError: blockError(blockSums, blockTime, k),
    meanDivergence: sumLogDet / N,
    convergenceT: Float64Array.from(curveT),
    running: curve.map((c) => Float64Array.from(c)),
    finalState: x,
    finalSpeed: speed,
    integrator: 'iterate',
    steps: transient + N,
  });
}

function mapDiverged(k: number, x: Float64Array, t: number, message: string): BenettinResult {
  const m = /t = ([-+0-9.e]+)/.exec(message);
  return {
    exponents: new Array(k).fill(NaN),
    standardError: new Array(k).fill(NaN),
    meanDivergence: NaN,
    convergenceT: new Float64Array(0),
    running: Array.from({ length: k }, () => new Float64Array(0)),
    finalState: x,
    finalSpeed: NaN,
    diverged: { t: m ? Number(m[1]) : t, message },
    integrator: 'iterate',
    steps: 0,
  };
}

/** Determinant by Gaussian elimination with partial pivoting (n small); buf is scratch n*n. */
export function determinant(a: Float64Array, n: number, buf: Float64Array): number {
  if (n === 1) return a[0];
  if (n === 2) return a[0] * a[3] - a[1] * a[2];
  buf.set(a.subarray(0, n * n));
  let det = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(buf[r * n + c]) > Math.abs(buf[piv * n + c])) piv = r;
    const pv = buf[piv * n + c];
    if (pv === 0) return 0;
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        const t = buf[c * n + j];
        buf[c * n + j] = buf[piv * n + j];
        buf[piv * n + j] = t;
      }
      det = -det;
    }
    det *= pv;
    for (let r = c + 1; r < n; r++) {
      const f = buf[r * n + c] / pv;
      for (let j = c; j < n; j++) buf[r * n + j] -= f * buf[c * n + j];
    }
  }
  return det;
}

/**
 * Verdict from the spectrum. `tol` separates "zero" from positive/negative: the larger of 3 standard errors, 2/T and
 * 1e-4. Flows: lambda1 > tol chaotic; lambda1 ~ 0 and lambda2 ~ 0 quasi-periodic; lambda1 ~ 0 periodic;
 * all negative (and the orbit at rest) a fixed point. Maps: lambda1 > tol chaotic, ~0 quasi-periodic, < 0 periodic
 * orbit, or a fixed point when the orbit no longer moves.
 */
export function lyapunovVerdict(r: BenettinResult, system: 'flow' | 'map', duration: number): StabilityVerdict {
  if (r.diverged) return 'divergent';
  const ex = r.exponents;
  // a zero exponent is estimated with a bias of order 1/T (bounded growth and shrinking of the tangent vector along
  // the orbit) plus statistical noise (the block standard error); neither depends on the size of other exponents
  const tolOf = (j: number): number =>
    Math.max(3 * (Number.isFinite(r.standardError[j]) ? r.standardError[j] : 0), 2 / duration, 1e-4);
  const zero = (j: number): boolean => j < ex.length && Math.abs(ex[j]) <= tolOf(j);
  const atRest = r.finalSpeed < 1e-6 * Math.max(1, Math.max(...Array.from(r.finalState, Math.abs)));
  if (ex[0] > tolOf(0)) return 'chaotic';
  if (system === 'flow') {
    if (atRest) return 'fixed point';
    if (zero(0) && zero(1)) return 'quasi-periodic';
    if (zero(0)) return 'periodic';
    return 'fixed point';
  }
  if (atRest) return 'fixed point';
  if (zero(0)) return 'quasi-periodic';
  return 'periodic';
}
