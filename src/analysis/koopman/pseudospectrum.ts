/**
 * The ResDMD pseudospectrum tau(z) = sigma_min([A - z I; D]) on grid points z (Colbrook & Townsend, CPAM 2024,
 * Sec. 4: the set {z : tau(z) < eps} approximates the eps-pseudospectrum of the Koopman operator from inside,
 * without spectral pollution). A and D are the orthonormal-basis Galerkin and residual matrices of resdmd.ts.
 *
 * tau(z)^2 is the smallest eigenvalue of the Hermitian H(z) = (A - zI)^*(A - zI) + D^T D
 *     = G0 - Re z (A + A^T) + |z|^2 I + i Im z (A - A^T),   G0 = A^T A + D^T D,
 * found by Lanczos on H(z)^{-1} with a complex Cholesky factorization of H(z) for the solves, warm-started from the
 * previous grid point's Ritz vector, and a final Rayleigh quotient. Values below about
 * sqrt(eps) ||[A; D]|| are at the resolution of this squared formulation and are reported as that floor.
 * Grid points are independent: chunks of them go to workers through ctx.parallelMap('pseudospectrum', ...).
 */
import { complexCholesky, complexCholeskySolve } from '../linalg/complex';
import { symmetricEig } from '../linalg/symeig';
import type { AnalysisContext } from '../core/context';
import { wasmOrthogonalize, wasmShiftedHermitian, withWasmWorkspace } from '../linalg/wasm';

/** Lanczos steps per grid point at most (each costs two triangular solves). */
const MAX_LANCZOS = 40;
/**
 * Lanczos stops when the largest Ritz value of H^{-1} changes by less than this, relatively. tau = theta^{-1/2}
 * is then known to about half of it, and the final Rayleigh quotient is accurate to its square: far below what a
 * contour plot or a residual threshold can show.
 */
const LANCZOS_TOL = 1e-8;

export interface PseudospectrumChunk {
  r: number;
  /** r x r Galerkin matrix (column-major). */
  a: Float64Array;
  /** r x r G0 = A^T A + D^T D. */
  g0: Float64Array;
  zre: Float64Array;
  zim: Float64Array;
}

/** Builds G0 from A (r x r) and the triangular D (rd x r). */
export function pseudospectrumGram(a: Float64Array, d: Float64Array, r: number, rd: number): Float64Array {
  const g = new Float64Array(r * r);
  for (let j = 0; j < r; j++) {
    for (let i = 0; i <= j; i++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += a[k + i * r] * a[k + j * r];
      for (let k = 0; k < rd; k++) s += d[k + i * rd] * d[k + j * rd];
      g[i + j * r] = s;
      g[j + i * r] = s;
    }
  }
  return g;
}

/** Evaluates tau at the chunk's points. Pure function of its input: safe to run on any worker. */
export function pseudospectrumChunk(chunk: PseudospectrumChunk, checkCancelled?: () => void): Float64Array {
  const { r } = chunk;
  // H(z), its factor, the fixed parts of H, the Lanczos basis and the solve vectors live in the WebAssembly
  // workspace when there is one (SIMD kernels for everything of O(r^2) and more per grid point)
  const size = 7 * r * r + 2 * r + 2 * (MAX_LANCZOS + 1) * r;
  return (
    withWasmWorkspace(size, (ws) => chunkWith(chunk, ws, checkCancelled)) ??
    chunkWith(chunk, new Float64Array(size), checkCancelled)
  );
}

function chunkWith(chunk: PseudospectrumChunk, buffers: Float64Array, checkCancelled?: () => void): Float64Array {
  const { r, a, g0, zre, zim } = chunk;
  const n = zre.length;
  const out = new Float64Array(n);
  const rr = r * r;
  let o = 0;
  const take = (len: number): Float64Array => buffers.subarray(o, (o += len));
  const hr = take(rr),
    hi = take(rr),
    lr = take(rr),
    li = take(rr);
  const g = take(rr),
    sym = take(rr),
    skew = take(rr);
  const yr = take(r),
    yi = take(r);
  const qr = take((MAX_LANCZOS + 1) * r),
    qi = take((MAX_LANCZOS + 1) * r);
  // H(z) = G0 - Re z (A + A^T) + |z|^2 I + i Im z (A - A^T): the fixed parts, once per chunk
  g.set(g0);
  for (let j = 0; j < r; j++) {
    for (let i = 0; i < r; i++) {
      sym[i + j * r] = a[i + j * r] + a[j + i * r];
      skew[i + j * r] = a[i + j * r] - a[j + i * r];
    }
  }
  let xr = new Float64Array(r).fill(1 / Math.sqrt(r));
  let xi = new Float64Array(r);
  const alpha = new Float64Array(MAX_LANCZOS);
  const beta = new Float64Array(MAX_LANCZOS);
  const t = new Float64Array(MAX_LANCZOS * MAX_LANCZOS);
  let lanczosSteps = 0;
  let trace = 0;
  for (let i = 0; i < r; i++) trace += g0[i + i * r];
  for (let p = 0; p < n; p++) {
    if (checkCancelled) checkCancelled();
    const x = zre[p];
    const y = zim[p];
    const z2 = x * x + y * y;
    // lower triangle only: the Cholesky factorization and the Rayleigh quotient below read nothing else
    if (!wasmShiftedHermitian(r, g, sym, skew, x, y, hr, hi, lr, li)) {
      for (let j = 0; j < r; j++) {
        for (let i = j; i < r; i++) {
          hr[i + j * r] = g[i + j * r] - x * sym[i + j * r];
          hi[i + j * r] = y * skew[i + j * r];
        }
        hr[j + j * r] += z2;
      }
      lr.set(hr);
      li.set(hi);
    }
    let scale = (trace + r * z2) / r;
    let shift = 0;
    if (complexCholesky(lr, li, r) >= 0) {
      // singular to working precision: tau is at the floor; shift to get a factorization and report the floor
      shift = 1e-13 * scale;
      for (let i = 0; i < r; i++) hr[i + i * r] += shift;
      lr.set(hr);
      li.set(hi);
      if (complexCholesky(lr, li, r) >= 0) {
        out[p] = Math.sqrt(shift);
        continue;
      }
    }
    // Lanczos on H^{-1} (each step one pair of triangular solves with the Cholesky factor), full
    // reorthogonalization; its largest Ritz value is 1 / lambda_min. Converges in far fewer solves than inverse
    // iteration when lambda_min is not well separated (Golub & Van Loan 4th ed., Sec. 10.1).
    let theta = 0;
    let steps = 0;
    qr.fill(0);
    qi.fill(0);
    qr.set(xr);
    qi.set(xi);
    for (let j = 0; j < MAX_LANCZOS; j++) {
      const oj = j * r;
      yr.set(qr.subarray(oj, oj + r));
      yi.set(qi.subarray(oj, oj + r));
      complexCholeskySolve(lr, li, r, yr, yi);
      // two passes of Gram-Schmidt against all previous vectors; the first gives alpha_j (and beta_{j-1})
      const viaWasm = wasmOrthogonalize(r, j, qr, qi, yr, yi);
      if (viaWasm !== undefined) alpha[j] = viaWasm;
      else
        for (let pass = 0; pass < 2; pass++) {
          for (let i = 0; i <= j; i++) {
            const oi = i * r;
            let cr = 0,
              ci = 0;
            for (let l = 0; l < r; l++) {
              cr += qr[oi + l] * yr[l] + qi[oi + l] * yi[l];
              ci += qr[oi + l] * yi[l] - qi[oi + l] * yr[l];
            }
            if (pass === 0 && i === j) alpha[j] = cr;
            for (let l = 0; l < r; l++) {
              yr[l] -= cr * qr[oi + l] - ci * qi[oi + l];
              yi[l] -= cr * qi[oi + l] + ci * qr[oi + l];
            }
          }
        }
      let nrm = 0;
      for (let l = 0; l < r; l++) nrm += yr[l] * yr[l] + yi[l] * yi[l];
      nrm = Math.sqrt(nrm);
      beta[j] = nrm;
      steps = j + 1;
      // largest eigenvalue of the (j+1) x (j+1) tridiagonal T_j (off-diagonal beta_0..beta_{j-1})
      const next = largestTridiagonalEigenvalue(alpha, beta, steps);
      const converged =
        (j > 0 && Math.abs(next - theta) <= LANCZOS_TOL * Math.abs(next)) ||
        nrm <= 1e-14 * Math.abs(next) ||
        j === MAX_LANCZOS - 1 ||
        j === r - 1;
      theta = next;
      if (converged) {
        // Ritz vector x = Q s for the warm start of the next grid point and the Rayleigh quotient below
        t.fill(0, 0, steps * steps);
        for (let i = 0; i < steps; i++) {
          t[i + i * steps] = alpha[i];
          if (i + 1 < steps) {
            t[i + 1 + i * steps] = beta[i];
            t[i + (i + 1) * steps] = beta[i];
          }
        }
        const sv = symmetricEig(t.subarray(0, steps * steps), steps, true).vectors!;
        xr.fill(0);
        xi.fill(0);
        for (let i = 0; i < steps; i++) {
          const c = sv[i + (steps - 1) * steps];
          for (let l = 0; l < r; l++) {
            xr[l] += c * qr[i * r + l];
            xi[l] += c * qi[i * r + l];
          }
        }
        let xn = 0;
        for (let l = 0; l < r; l++) xn += xr[l] * xr[l] + xi[l] * xi[l];
        xn = Math.sqrt(xn);
        for (let l = 0; l < r; l++) {
          xr[l] /= xn;
          xi[l] /= xn;
        }
        break;
      }
      for (let l = 0; l < r; l++) {
        qr[(j + 1) * r + l] = yr[l] / nrm;
        qi[(j + 1) * r + l] = yi[l] / nrm;
      }
    }
    lanczosSteps += steps;
    // Rayleigh quotient x* H x (H with the shift removed)
    // x* H x = sum_j H_jj |x_j|^2 + 2 Re sum_{i>j} conj(x_i) H_ij x_j (H Hermitian, lower triangle stored)
    let q = 0;
    for (let j = 0; j < r; j++) {
      let sr = 0;
      let si = 0;
      for (let i = j + 1; i < r; i++) {
        const h1 = hr[i + j * r];
        const h2 = hi[i + j * r];
        const cr = xr[i];
        const ci = -xi[i];
        sr += cr * h1 - ci * h2;
        si += cr * h2 + ci * h1;
      }
      q += hr[j + j * r] * (xr[j] * xr[j] + xi[j] * xi[j]) + 2 * (sr * xr[j] - si * xi[j]);
    }
    q -= shift;
    scale = Math.max(scale, 0);
    out[p] = Math.sqrt(Math.max(q, 1e-16 * scale));
    if (!Number.isFinite(out[p])) {
      xr = new Float64Array(r).fill(1 / Math.sqrt(r));
      xi = new Float64Array(r);
    }
  }
  lastLanczosSteps = lanczosSteps / Math.max(1, n);
  return out;
}

/**
 * The largest eigenvalue of the symmetric tridiagonal matrix with diagonal alpha[0..k) and off-diagonal
 * beta[0..k-1), by bisection on Sturm sequence counts inside the Gershgorin interval (Golub & Van Loan 4th ed.,
 * Sec. 8.4.1), to a relative width of 4 eps. O(k) per step, with no allocation: cheaper than a full eigen-solve of
 * the Lanczos matrix at every step.
 */
export function largestTridiagonalEigenvalue(alpha: Float64Array, beta: Float64Array, k: number): number {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const rad = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i + 1 < k ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - rad);
    hi = Math.max(hi, alpha[i] + rad);
  }
  const tiny = Number.MIN_VALUE * 2 ** 60;
  for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi), tiny); it++) {
    const mid = 0.5 * (lo + hi);
    // number of eigenvalues below mid = sign changes of the LDL^T pivots of T - mid I
    let below = 0;
    let d = 1;
    for (let i = 0; i < k; i++) {
      const b = i > 0 ? beta[i - 1] : 0;
      d = alpha[i] - mid - (i > 0 ? (b * b) / d : 0);
      if (d === 0) d = -tiny;
      if (d < 0) below++;
    }
    if (below === k) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mean Lanczos steps per point of the last chunk evaluated in this thread (for benchmarks). */
export let lastLanczosSteps = 0;

/**
 * tau on the grid xmin..xmax x ymin..ymax (nx x ny points, row-major over y), through ctx.parallelMap chunks of
 * rows. A and D are real, so tau(conj z) = tau(z): rows whose mirror row is on the grid are computed once.
 */
export async function pseudospectrumOnGrid(
  ctx: AnalysisContext,
  a: Float64Array,
  d: Float64Array,
  r: number,
  rd: number,
  grid: number[],
): Promise<{ xs: Float64Array; ys: Float64Array; tau: Float64Array; computedRows: number }> {
  const nx = Math.round(grid[4]),
    ny = Math.round(grid[5]);
  const xs = Float64Array.from({ length: nx }, (_, i) => grid[0] + ((grid[1] - grid[0]) * i) / (nx - 1));
  const ys = Float64Array.from({ length: ny }, (_, i) => grid[2] + ((grid[3] - grid[2]) * i) / (ny - 1));
  const g0 = pseudospectrumGram(a, d, r, rd);
  const hy = (grid[3] - grid[2]) / (ny - 1);
  const mirrorOf = new Int32Array(ny).fill(-1);
  for (let iy = 0; iy < ny; iy++) {
    if (ys[iy] >= 0) continue;
    const jm = Math.round((-ys[iy] - grid[2]) / hy);
    if (jm >= 0 && jm < ny && Math.abs(ys[jm] + ys[iy]) <= 1e-9 * hy) mirrorOf[iy] = jm;
  }
  const rows = Array.from({ length: ny }, (_, iy) => iy).filter((iy) => mirrorOf[iy] < 0);
  const nChunks = Math.max(1, Math.min(rows.length, ctx.parallelism * 4));
  const chunks: PseudospectrumChunk[] = [];
  const chunkRows: number[][] = [];
  for (let c = 0; c < nChunks; c++) {
    const part = rows.slice(Math.floor((c * rows.length) / nChunks), Math.floor(((c + 1) * rows.length) / nChunks));
    const zre = new Float64Array(part.length * nx),
      zim = new Float64Array(part.length * nx);
    part.forEach((iy, q) => {
      for (let ix = 0; ix < nx; ix++) {
        zre[q * nx + ix] = xs[ix];
        zim[q * nx + ix] = ys[iy];
      }
    });
    chunks.push({ r, a, g0, zre, zim });
    chunkRows.push(part);
  }
  const parts = await ctx.parallelMap<PseudospectrumChunk, Float64Array>('pseudospectrum', chunks);
  const tau = new Float64Array(nx * ny);
  parts.forEach((part, c) => chunkRows[c].forEach((iy, q) => tau.set(part.subarray(q * nx, (q + 1) * nx), iy * nx)));
  for (let iy = 0; iy < ny; iy++)
    if (mirrorOf[iy] >= 0) tau.set(tau.subarray(mirrorOf[iy] * nx, (mirrorOf[iy] + 1) * nx), iy * nx);
  return { xs, ys, tau, computedRows: rows.length };
}
