/**
 * The Galerkin (EDMD) matrix and ResDMD residuals from one Householder QR of the stacked snapshot matrix.
 *
 * With PsiX, PsiY the dictionary evaluated at the M snapshot pairs (M x m) and uniform quadrature weights
 * (W = I/M, which cancels in every ratio below), factor [PsiX, PsiY, Xstate] = Q R with
 *     R = [[R11, R12, R13], [0, R22, *], ...]     (R11, R12, R22 m x m).
 * Then PsiX = Q1 R11, PsiY = Q1 R12 + Q2 R22, Q1^T Xstate = R13. This is the QR form of ResDMD (Colbrook &
 * Townsend, "Rigorous data-driven computation of spectral properties of Koopman operators for dynamical systems",
 * CPAM 77, 2024, arXiv:2111.14889): sqrt(W) PsiX = Q R (our Q1 R11), C1 = Q* sqrt(W) PsiY (our R12), and
 * (I - Q Q*) sqrt(W) PsiY = Q2 R22. Nothing is ever squared into a Gram matrix, so residuals far below sqrt(eps)
 * are resolved.
 *
 * Rank truncation (truncated pseudo-inverse of PsiX): R11 = U S W^T (SVD), keep r directions. The orthonormal
 * functions Q1 U_r = PsiX W_r S_r^{-1} span the retained subspace; in that basis the Galerkin matrix and the
 * residual operator are
 *     A = U_r^T R12 W_r S_r^{-1}                    (r x r; EDMD's K = S_r^{-1} A S_r in coefficients W_r)
 *     D = [(I - U_r U_r^T) R12 ; R22] W_r S_r^{-1}  (everything of PsiY W_r S_r^{-1} outside the subspace)
 * and for v in C^r (the function g = PsiX W_r S_r^{-1} v)
 *     ||(PsiY - z PsiX) g||^2 / ||PsiX g||^2 = (||(A - z I) v||^2 + ||D v||^2) / ||v||^2.
 * For an eigenpair A v = lambda v this is the ResDMD residual ||D v|| / ||v||, and minimizing over v gives the
 * pseudospectrum function tau(z) = sigma_min([A - z I; D]) (Colbrook & Townsend, Sec. 3-4, the residual
 * res(lambda, g) and the pseudospectrum algorithm). D is kept as the triangular factor of its own QR (same norms).
 */
import { qrFactor, qrFactorWith, qrScratchSize } from '../linalg/qr';
import { withWasmWorkspace } from '../linalg/wasm';
import { svdOfTriangular, svdTall } from '../linalg/svd';
import { gemmNN, gemmTN } from '../linalg/gemm';
import { chooseRank, type RankChoice } from './rank';

export interface SnapshotFactor {
  /** Number of snapshot pairs. */
  pairs: number;
  /** Dictionary size. */
  m: number;
  /** Rows of R11 and R12: min(pairs, m). */
  k: number;
  r11: Float64Array;
  r12: Float64Array;
  /** rows22 x m: the part of PsiY outside span(PsiX); rows22 = 0 when pairs <= m (no residual information). */
  r22: Float64Array;
  rows22: number;
  /** k x ns: Q1^T Xstate (state columns appended after PsiY), for modes. */
  r13: Float64Array;
  ns: number;
}

/**
 * Builds [PsiX | PsiY | Xstate] (M x (2m + ns)) with `fill`, factors it, and keeps the blocks. `onBlock` is called
 * between QR blocks (cancellation and progress).
 */
export function factorSnapshots(
  pairs: number,
  m: number,
  ns: number,
  fill: (buf: Float64Array, ld: number) => void,
  onBlock?: (fraction: number) => void,
): SnapshotFactor {
  const cols = 2 * m + ns;
  const scratch = qrScratchSize(pairs, cols);
  // the stacked matrix is built directly in the WebAssembly workspace when there is one (SIMD products, no copy)
  const viaWasm = withWasmWorkspace(pairs * cols + scratch, (ws) => {
    const buf = ws.subarray(0, pairs * cols);
    fill(buf, pairs);
    const f = qrFactorWith(buf, pairs, cols, pairs, ws.subarray(pairs * cols), onBlock);
    return blocksFromR(f.qr, pairs, pairs, m, ns);
  });
  if (viaWasm) return viaWasm;
  const buf = new Float64Array(pairs * cols);
  fill(buf, pairs);
  const f = qrFactorWith(buf, pairs, cols, pairs, new Float64Array(scratch), onBlock);
  return blocksFromR(f.qr, pairs, pairs, m, ns);
}

/** Splits the R factor (rows x (2m + ns), leading dimension ld, upper triangle read) into the named blocks. */
function blocksFromR(a: Float64Array, ld: number, pairs: number, m: number, ns: number): SnapshotFactor {
  const k = Math.min(pairs, m);
  const r11 = new Float64Array(k * m);
  const r12 = new Float64Array(k * m);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i <= Math.min(j, k - 1); i++) r11[i + j * k] = a[i + j * ld];
    for (let i = 0; i < k; i++) r12[i + j * k] = a[i + (m + j) * ld];
  }
  const rows22 = Math.max(0, Math.min(pairs, 2 * m) - m);
  const r22 = new Float64Array(rows22 * m);
  for (let j = 0; j < m; j++)
    for (let i = 0; i <= Math.min(j, rows22 - 1); i++) r22[i + j * rows22] = a[m + i + (m + j) * ld];
  const r13 = new Float64Array(k * ns);
  for (let j = 0; j < ns; j++) {
    const col = 2 * m + j;
    for (let i = 0; i < Math.min(k, col + 1); i++) r13[i + j * k] = a[i + col * ld];
  }
  return { pairs, m, k, r11, r12, r22, rows22, r13, ns };
}

/** A block of rows of the stacked snapshot matrix for the `qrBlock` task (column-major, rows x cols). */
export interface QrBlockChunk {
  a: Float64Array;
  rows: number;
  cols: number;
}

/** The qrBlock task: the R factor (min(rows, cols) x cols, column-major) of one row block. */
export function qrBlockR(chunk: QrBlockChunk): Float64Array {
  const { rows, cols } = chunk;
  const f = qrFactor(chunk.a, rows, cols, rows);
  const k = Math.min(rows, cols);
  const r = new Float64Array(k * cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i <= Math.min(j, k - 1); i++) r[i + j * k] = f.qr[i + j * rows];
  return r;
}

/**
 * factorSnapshots across workers: the stacked matrix is cut into `parts` row blocks whose R factors are computed
 * by ctx.parallelMap('qrBlock', ...), then the stacked R factors are factored once more (tall-skinny QR, Demmel,
 * Grigori, Hoemmen & Langou, SIAM J. Sci. Comput. 34(1), 2012). [PsiX, PsiY, X] = Q R with Q orthonormal and R
 * upper triangular, which is all the ResDMD formulas use (R is the same as a direct QR's up to row signs when it
 * has full rank).
 */
export async function factorSnapshotsParallel(
  pairs: number,
  m: number,
  ns: number,
  parts: number,
  fill: (buf: Float64Array, ld: number) => void,
  parallelMap: (chunks: QrBlockChunk[]) => Promise<Float64Array[]>,
): Promise<SnapshotFactor> {
  const cols = 2 * m + ns;
  const buf = new Float64Array(pairs * cols);
  fill(buf, pairs);
  const chunks: QrBlockChunk[] = [];
  for (let p = 0; p < parts; p++) {
    const r0 = Math.floor((p * pairs) / parts),
      r1 = Math.floor(((p + 1) * pairs) / parts);
    const rows = r1 - r0;
    const a = new Float64Array(rows * cols);
    for (let j = 0; j < cols; j++) a.set(buf.subarray(r0 + j * pairs, r1 + j * pairs), j * rows);
    chunks.push({ a, rows, cols });
  }
  const rs = await parallelMap(chunks);
  const total = chunks.reduce((t, c) => t + Math.min(c.rows, cols), 0);
  const stack = new Float64Array(total * cols);
  let off = 0;
  rs.forEach((r, p) => {
    const k = Math.min(chunks[p].rows, cols);
    for (let j = 0; j < cols; j++) stack.set(r.subarray(j * k, (j + 1) * k), off + j * total);
    off += k;
  });
  const f = qrFactor(stack, total, cols, total);
  return blocksFromR(f.qr, total, pairs, m, ns);
}

export interface GalerkinBasis {
  /** All singular values of PsiX (length k). */
  s: Float64Array;
  rank: RankChoice;
  r: number;
  /** k x r left singular vectors of R11. */
  ur: Float64Array;
  /** m x r right singular vectors (dictionary coefficients). */
  wr: Float64Array;
}

/** SVD of R11 and the rank choice. `dims` is the data-matrix shape for Gavish-Donoho's aspect ratio. */
export function galerkinBasis(
  f: SnapshotFactor,
  rankSpec: string,
  autoIsNumerical: boolean,
  dims: [number, number],
  file?: string,
): GalerkinBasis {
  const { k, m } = f;
  let s: Float64Array;
  let uAll: Float64Array; // k x k
  let wAll: Float64Array; // m x k
  if (k === m) {
    const d = svdOfTriangular(f.r11, m);
    s = d.s;
    uAll = d.ur;
    wAll = d.v;
  } else {
    // fewer pairs than functions: R11 is k x m (wide); SVD of its transpose (tall)
    const t = new Float64Array(m * k);
    for (let j = 0; j < m; j++) for (let i = 0; i < k; i++) t[j + i * m] = f.r11[i + j * k];
    const d = svdTall(t, m, k, true);
    s = d.s;
    uAll = d.v;
    wAll = d.u!;
  }
  const rank = chooseRank(rankSpec, s, dims, autoIsNumerical, file);
  const r = rank.rank;
  return { s, rank, r, ur: uAll.slice(0, k * r), wr: wAll.slice(0, m * r) };
}

export interface OrthGalerkin {
  r: number;
  /** r x r Galerkin matrix in the orthonormal basis. */
  a: Float64Array;
  /** rd x r triangular factor of the residual operator D (same column space norms as D). */
  d: Float64Array;
  rd: number;
}

/** A and D of the header comment, for a basis (ur, wr, s) of the factor f. */
export function orthGalerkin(f: SnapshotFactor, b: GalerkinBasis): OrthGalerkin {
  const { k, m, rows22 } = f;
  const { r, ur, wr, s } = b;
  // P = R12 W_r (k x r)
  const p = new Float64Array(k * r);
  gemmNN(k, r, m, 1, f.r12, 0, k, wr, 0, m, p, 0, k);
  // A = U_r^T P S_r^{-1}
  const a = new Float64Array(r * r);
  gemmTN(r, r, k, 1, ur, 0, k, p, 0, k, 0, a, 0, r);
  for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) a[i + j * r] /= s[j];
  // E = (I - U_r U_r^T) P, stacked over S = R22 W_r, times S_r^{-1}
  const rows = (r < k ? k : 0) + rows22;
  const stack = new Float64Array(Math.max(1, rows) * r);
  let off = 0;
  if (r < k) {
    const ap = new Float64Array(r * r); // U_r^T P
    gemmTN(r, r, k, 1, ur, 0, k, p, 0, k, 0, ap, 0, r);
    for (let j = 0; j < r; j++) for (let i = 0; i < k; i++) stack[i + j * rows] = p[i + j * k];
    gemmNN(k, r, r, -1, ur, 0, k, ap, 0, r, stack, 0, rows);
    off = k;
  }
  if (rows22 > 0) gemmNN(rows22, r, m, 1, f.r22, 0, rows22, wr, 0, m, stack, off, rows);
  for (let j = 0; j < r; j++) for (let i = 0; i < rows; i++) stack[i + j * rows] /= s[j];
  if (rows === 0) return { r, a, d: new Float64Array(0), rd: 0 };
  const qf = qrFactor(stack, rows, r, rows);
  const rd = Math.min(rows, r);
  const d = new Float64Array(rd * r);
  for (let j = 0; j < r; j++) for (let i = 0; i <= Math.min(j, rd - 1); i++) d[i + j * rd] = qf.qr[i + j * rows];
  return { r, a, d, rd };
}

/**
 * ResDMD residuals sqrt(||(A - lambda) v||^2 + ||D v||^2) / ||v|| for the eigenpairs (lambda_j, v_j) of A given as
 * split complex columns (r x r). Includes the eigen-solver's own error in the first term.
 */
export function residualsOrth(
  g: OrthGalerkin,
  lre: Float64Array,
  lim: Float64Array,
  vre: Float64Array,
  vim: Float64Array,
): Float64Array {
  const { r, a, d, rd } = g;
  const out = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const o = j * r;
    let num = 0;
    let den = 0;
    for (let i = 0; i < r; i++) {
      let sr = -(lre[j] * vre[o + i] - lim[j] * vim[o + i]);
      let si = -(lre[j] * vim[o + i] + lim[j] * vre[o + i]);
      for (let l = 0; l < r; l++) {
        const x = a[i + l * r];
        sr += x * vre[o + l];
        si += x * vim[o + l];
      }
      num += sr * sr + si * si;
      den += vre[o + i] ** 2 + vim[o + i] ** 2;
    }
    for (let i = 0; i < rd; i++) {
      let sr = 0;
      let si = 0;
      for (let l = i; l < r; l++) {
        const x = d[i + l * rd];
        sr += x * vre[o + l];
        si += x * vim[o + l];
      }
      num += sr * sr + si * si;
    }
    out[j] = den > 0 ? Math.sqrt(num / den) : NaN;
  }
  return out;
}

/**
 * Residuals for eigenfunction coefficient vectors c_j on the dictionary (m x r split complex) directly from the R
 * blocks: sqrt(||(R12 - lambda R11) c||^2 + ||R22 c||^2) / ||R11 c||. Used when the eigenpairs come from an
 * operator fitted to modified data (total-least-squares DMD) but must be judged against the data.
 */
export function residualsFull(
  f: SnapshotFactor,
  lre: Float64Array,
  lim: Float64Array,
  cre: Float64Array,
  cim: Float64Array,
  count: number,
): Float64Array {
  const { k, m, rows22 } = f;
  const mul = (mat: Float64Array, rows: number, c: Float64Array): Float64Array => {
    const out = new Float64Array(rows * count);
    if (rows > 0) gemmNN(rows, count, m, 1, mat, 0, rows, c, 0, m, out, 0, rows);
    return out;
  };
  const xr = mul(f.r11, k, cre),
    xi = mul(f.r11, k, cim);
  const yr = mul(f.r12, k, cre),
    yi = mul(f.r12, k, cim);
  const zr = mul(f.r22, rows22, cre),
    zi = mul(f.r22, rows22, cim);
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < k; i++) {
      const a = xr[i + j * k],
        b = xi[i + j * k];
      const er = yr[i + j * k] - (lre[j] * a - lim[j] * b);
      const ei = yi[i + j * k] - (lre[j] * b + lim[j] * a);
      num += er * er + ei * ei;
      den += a * a + b * b;
    }
    for (let i = 0; i < rows22; i++) num += zr[i + j * rows22] ** 2 + zi[i + j * rows22] ** 2;
    out[j] = den > 0 ? Math.sqrt(num / den) : NaN;
  }
  return out;
}
