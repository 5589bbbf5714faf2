/**
 * Kernel EDMD (Williams, Rowley & Kevrekidis, "A kernel-based method for data-driven Koopman spectral analysis",
 * J. Comput. Dyn. 2(2), 2015) represents functions in the span of k(., x_i) over the snapshots and needs only the
 * Gram matrix k(x_i, x_j). Forming the M x M Gram matrix is O(M^2) memory; instead we take a pivoted (incomplete)
 * Cholesky factorization of it (Fine & Scheinberg, "Efficient SVM training using low-rank kernel representations",
 * JMLR 2, 2001; Harbrecht, Peters & Schneider, Appl. Numer. Math. 62, 2012), which greedily picks the landmark
 * snapshots x_p whose kernel sections span the Gram matrix to a trace tolerance, touching only O(M r) entries.
 * The dictionary is then {k(., x_p)} for the r landmarks, and the QR-based EDMD/ResDMD of resdmd.ts runs on it
 * unchanged (residuals included: they are computed on the same snapshots that chose the landmarks).
 * Kernel: Gaussian exp(-|x - y|^2 / (2 s^2)) on standardized coordinates, s = median pairwise distance.
 */
import type { Dictionary, PointSet } from './dictionary';
import { standardizer } from './dictionary';

export interface KernelDictionaryInfo {
  dictionary: Dictionary;
  landmarks: number;
  width: number;
  /** Remaining trace of the Gram matrix not captured by the landmarks, relative to its trace (M). */
  relativeTraceError: number;
}

export function kernelDictionary(
  names: string[],
  data: PointSet,
  maxLandmarks: number,
  tol: number,
  onStep?: (fraction: number) => void,
): KernelDictionaryInfo {
  const dim = names.length;
  const M = data.rows;
  const st = standardizer(data);
  const z = new Float64Array(M * dim);
  for (let i = 0; i < M; i++)
    for (let d = 0; d < dim; d++) z[i * dim + d] = (data.cols[d][i] - st.mean[d]) / st.scale[d];
  // median heuristic on a subsample
  const stride = Math.max(1, Math.ceil(M / 400));
  const dists: number[] = [];
  for (let a = 0; a < M; a += stride)
    for (let b = a + stride; b < M; b += stride) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (z[a * dim + d] - z[b * dim + d]) ** 2;
      dists.push(Math.sqrt(s));
    }
  dists.sort((x, y) => x - y);
  const width = dists.length ? Math.max(dists[dists.length >> 1], 1e-6) : 1;
  const inv2s2 = 1 / (2 * width * width);
  const rmax = Math.min(maxLandmarks, M);
  const diag = new Float64Array(M).fill(1); // k(x, x) = 1 for the Gaussian
  const L = new Float64Array(M * rmax);
  const pivots: number[] = [];
  const total = M;
  let remaining = total;
  for (let j = 0; j < rmax; j++) {
    let p = 0;
    let best = -1;
    for (let i = 0; i < M; i++)
      if (diag[i] > best) {
        best = diag[i];
        p = i;
      }
    if (remaining <= tol * total || best <= 1e-14) break;
    pivots.push(p);
    const sq = Math.sqrt(best);
    const col = j * M;
    for (let i = 0; i < M; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (z[i * dim + d] - z[p * dim + d]) ** 2;
      let v = Math.exp(-s * inv2s2);
      for (let l = 0; l < j; l++) v -= L[i + l * M] * L[p + l * M];
      L[col + i] = v / sq;
    }
    remaining = 0;
    for (let i = 0; i < M; i++) {
      diag[i] -= L[col + i] * L[col + i];
      if (diag[i] < 0) diag[i] = 0;
      remaining += diag[i];
    }
    if (onStep) onStep((j + 1) / rmax);
  }
  const r = pivots.length;
  const centres = new Float64Array(r * dim);
  pivots.forEach((p, j) => {
    for (let d = 0; d < dim; d++) centres[j * dim + d] = z[p * dim + d];
  });
  const dictionary: Dictionary = {
    spec: `kernel:gaussian(${r} landmarks)`,
    size: r,
    labels: pivots.map((p) => `k(., x_${p})`),
    evaluate(pts, out, off, ld) {
      const zr = new Float64Array(dim);
      for (let i = 0; i < pts.rows; i++) {
        for (let d = 0; d < dim; d++) zr[d] = (pts.cols[d][i] - st.mean[d]) / st.scale[d];
        for (let c = 0; c < r; c++) {
          let s = 0;
          for (let d = 0; d < dim; d++) s += (zr[d] - centres[c * dim + d]) ** 2;
          out[off + i + c * ld] = Math.exp(-s * inv2s2);
        }
      }
    },
  };
  return { dictionary, landmarks: r, width, relativeTraceError: remaining / total };
}
