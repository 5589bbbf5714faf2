/**
 * Spectral node functions from dense eigendecompositions (linalg/symeig.ts, Jacobi): the heat kernel signature
 * HKS_t(v) = sum_k exp(-t lambda_k) phi_k(v)^2 of the normalized Laplacian L = I - D^-1/2 W D^-1/2 (Sun, Ovsjanikov
 * & Guibas, "A concise and provably informative multi-scale signature based on heat diffusion", SGP 2009; on graphs
 * as in Carriere et al., "PersLay", AISTATS 2020), and the Fiedler vector, the eigenvector of the second smallest
 * eigenvalue of the combinatorial Laplacian D - W (Fiedler 1973).
 */
import { badInput, tooLarge } from '../../core/errors';
import type { GraphData } from '../../data/graph/types';
import { symmetricEig } from '../../linalg/symeig';

/** Largest graph for the dense eigendecomposition (Jacobi is O(n^3) per sweep). */
export const SPECTRAL_MAX_NODES = 1500;

function weightsOf(g: GraphData, what: string, file?: string): Float64Array {
  const m = g.src.length;
  if (!g.weight) return new Float64Array(m).fill(1);
  for (let k = 0; k < m; k++)
    if (!(g.weight[k] > 0))
      throw badInput(
        `${what} needs positive edge weights; edge ${g.nodeIds[g.src[k]]} - ${g.nodeIds[g.dst[k]]} has weight ${g.weight[k]}`,
        { file },
      );
  return g.weight;
}

function checkSize(n: number, what: string, file?: string): void {
  if (n > SPECTRAL_MAX_NODES)
    throw tooLarge(
      `${what} needs a dense eigendecomposition; ${n} nodes is over the limit of ${SPECTRAL_MAX_NODES}: use degree, closeness or ricci`,
      { file },
    );
}

/** Column-major n x n Laplacian; `normalized`: I - D^-1/2 W D^-1/2 with 0 on the diagonal of isolated nodes. */
function laplacian(g: GraphData, w: Float64Array, normalized: boolean): Float64Array {
  const n = g.nodeIds.length;
  const L = new Float64Array(n * n);
  const deg = new Float64Array(n);
  for (let k = 0; k < w.length; k++) {
    deg[g.src[k]] += w[k];
    deg[g.dst[k]] += w[k];
  }
  for (let k = 0; k < w.length; k++) {
    const a = g.src[k];
    const b = g.dst[k];
    const x = normalized ? -w[k] / Math.sqrt(deg[a] * deg[b]) : -w[k];
    L[a + b * n] = x;
    L[b + a * n] = x;
  }
  for (let v = 0; v < n; v++) L[v + v * n] = normalized ? (deg[v] > 0 ? 1 : 0) : deg[v];
  return L;
}

export function heatKernelSignature(g: GraphData, t: number, file?: string): Float64Array {
  const n = g.nodeIds.length;
  checkSize(n, 'the heat kernel signature', file);
  const eig = symmetricEig(laplacian(g, weightsOf(g, 'the heat kernel signature', file), true), n, true);
  const vec = eig.vectors as Float64Array;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const e = Math.exp(-t * eig.values[k]);
    for (let v = 0; v < n; v++) out[v] += e * vec[v + k * n] * vec[v + k * n];
  }
  return out;
}

/**
 * The Fiedler vector, unit length, signed so that its entry of largest magnitude is positive (the lowest such node
 * on ties). Refused when it is not unique: a disconnected graph (lambda_2 = 0) or a repeated lambda_2.
 */
export function fiedlerVector(g: GraphData, file?: string): Float64Array {
  const n = g.nodeIds.length;
  checkSize(n, 'the Fiedler vector', file);
  if (n < 2) throw badInput('the Fiedler vector needs at least 2 nodes', { file });
  const eig = symmetricEig(laplacian(g, weightsOf(g, 'the Fiedler vector', file), false), n, true);
  const lam = eig.values;
  const scale = Math.max(1e-300, Math.abs(lam[n - 1]));
  if (lam[1] <= 1e-10 * scale)
    throw badInput(
      'the Fiedler vector of a disconnected graph is not unique (lambda_2 = 0); use one connected component',
      { file },
    );
  if (n > 2 && lam[2] - lam[1] <= 1e-9 * scale)
    throw badInput(
      `the Fiedler vector is not unique: lambda_2 = ${lam[1]} is a repeated eigenvalue (a symmetric graph, e.g. a cycle)`,
      { file },
    );
  const vec = eig.vectors as Float64Array;
  const out = Float64Array.from(vec.subarray(n, 2 * n));
  let big = 0;
  for (let v = 1; v < n; v++) if (Math.abs(out[v]) > Math.abs(out[big]) * (1 + 1e-9)) big = v;
  if (out[big] < 0) for (let v = 0; v < n; v++) out[v] = -out[v];
  return out;
}
