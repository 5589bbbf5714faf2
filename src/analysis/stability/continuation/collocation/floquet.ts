/**
 * Floquet multipliers of a collocated periodic orbit: the linearised collocation equations of interval j, with T
 * and p fixed, map the perturbation at its first node to those at its other nodes; the last block is the interval's
 * transfer matrix P_j, and the monodromy matrix is P_(N-1) ... P_0 (the product that AUTO's condensation forms,
 * Doedel, Keller & Kernevez 1991, section 5; Fairgrieve & Jepson 1991 discuss its accuracy). One multiplier is 1
 * (the flow direction); the others decide stability and the bifurcations of cycles (Kuznetsov 2004, section 5.4).
 */
import { eig } from '../../../linalg/eig';
import { luFactor, luSolve } from '../dense';
import type { ModelFunctions } from '../system';
import type { CollocationTables, Mesh } from './mesh';

export interface Monodromy {
  /** Row-major n x n. */
  matrix: Float64Array;
  /** Per interval: the map from the first node's perturbation to all m following nodes' (row-major nm x n). */
  blocks: Float64Array[];
}

/** Linearised interval maps along the orbit u (unknown layout of PeriodicProblem). */
export function monodromy(
  fns: ModelFunctions,
  params: Float64Array,
  u: Float64Array,
  mesh: Mesh,
  tables: CollocationTables,
): Monodromy | undefined {
  const n = fns.n;
  const m = tables.m;
  const mp = m + 1;
  const nodes = mesh.intervals * m;
  const T = u[n * nodes];
  const nm = n * m;
  const p = new Float64Array(n);
  const jac = new Float64Array(n * n);
  let acc = new Float64Array(n * n);
  for (let i = 0; i < n; i++) acc[i * n + i] = 1;
  const blocks: Float64Array[] = [];
  for (let j = 0; j < mesh.intervals; j++) {
    const inv = 1 / mesh.widths[j];
    // rows: collocation points x components; columns: first node (n) | the other m nodes (nm)
    const m0 = new Float64Array(nm * n);
    const mr = new Float64Array(nm * nm);
    for (let k = 0; k < m; k++) {
      p.fill(0);
      for (let i = 0; i <= m; i++) {
        const q = (j * m + i) % nodes;
        for (let c = 0; c < n; c++) p[c] += tables.value[k * mp + i] * u[q * n + c];
      }
      fns.jac(p, params, jac);
      for (let c = 0; c < n; c++) {
        const row = k * n + c;
        for (let i = 0; i <= m; i++) {
          const l = tables.value[k * mp + i];
          const d = tables.deriv[k * mp + i] * inv;
          for (let cc = 0; cc < n; cc++) {
            const v = (c === cc ? d : 0) - T * l * jac[c * n + cc];
            if (i === 0) m0[row * n + cc] = v;
            else mr[row * nm + (i - 1) * n + cc] = v;
          }
        }
      }
    }
    const f = luFactor(mr, nm);
    if (f.singular) return undefined;
    const block = new Float64Array(nm * n);
    const col = new Float64Array(nm);
    for (let cc = 0; cc < n; cc++) {
      for (let r = 0; r < nm; r++) col[r] = -m0[r * n + cc];
      luSolve(f, col);
      for (let r = 0; r < nm; r++) block[r * n + cc] = col[r];
    }
    blocks.push(block);
    // acc <- P_j acc, P_j = the last n rows of the block
    const next = new Float64Array(n * n);
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let l = 0; l < n; l++) s += block[(nm - n + r) * n + l] * acc[l * n + c];
        next[r * n + c] = s;
      }
    acc = next;
  }
  return { matrix: acc, blocks };
}

export type Multiplier = [number, number];

/** Multipliers (eigenvalues of the monodromy matrix), sorted by modulus, largest first. */
export function multipliersOf(matrix: Float64Array, n: number): Multiplier[] {
  const col = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) col[i + j * n] = matrix[i * n + j];
  const e = eig(col, n, false);
  const out: Multiplier[] = [];
  for (let i = 0; i < n; i++) out.push([e.re[i], e.im[i]]);
  out.sort((a, b) => Math.hypot(b[0], b[1]) - Math.hypot(a[0], a[1]));
  return out;
}

/** The multipliers without the trivial one (the one closest to 1). */
export function nontrivial(mult: readonly Multiplier[]): Multiplier[] {
  let k = 0;
  for (let i = 1; i < mult.length; i++)
    if (Math.hypot(mult[i][0] - 1, mult[i][1]) < Math.hypot(mult[k][0] - 1, mult[k][1])) k = i;
  return mult.filter((_, i) => i !== k);
}

/**
 * The period-doubling eigenfunction at all nodes: the eigenvector v0 of the monodromy matrix for the multiplier
 * closest to -1, carried along the orbit by the interval maps (node layout of PeriodicProblem).
 */
export function flipEigenfunction(mono: Monodromy, n: number, m: number): Float64Array | undefined {
  const col = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) col[i + j * n] = mono.matrix[i * n + j];
  const e = eig(col, n, true);
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (Math.abs(e.im[i]) > 1e-8) continue;
    if (k < 0 || Math.abs(e.re[i] + 1) < Math.abs(e.re[k] + 1)) k = i;
  }
  if (k < 0 || !e.vectorsRe) return undefined;
  const nodes = mono.blocks.length * m;
  const out = new Float64Array(n * nodes);
  let start = new Float64Array(n);
  for (let c = 0; c < n; c++) start[c] = e.vectorsRe[c + k * n];
  for (let j = 0; j < mono.blocks.length; j++) {
    out.set(start, j * m * n);
    const block = mono.blocks[j];
    const nm = n * m;
    const vals = new Float64Array(nm);
    for (let r = 0; r < nm; r++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += block[r * n + l] * start[l];
      vals[r] = s;
    }
    for (let i = 1; i < m; i++) out.set(vals.subarray((i - 1) * n, i * n), (j * m + i) * n);
    start = vals.slice(nm - n);
  }
  return out;
}
