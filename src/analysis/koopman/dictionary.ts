/**
 * EDMD dictionaries (Williams, Kevrekidis & Rowley, "A data-driven approximation of the Koopman operator: extending
 * dynamic mode decomposition", J. Nonlinear Sci. 25, 2015): functions psi_1..psi_m evaluated on snapshots.
 *   identity       psi = the state (DMD and Hankel DMD)
 *   poly:D[:w]     monomials x^a with weighted degree sum_i w_i a_i <= D (weights default 1), constant included
 *   rbf:N          constant, the state, and N Gaussian RBFs at k-means centres (k-means++ seeding, Arthur &
 *                  Vassilvitskii 2007, then Lloyd iterations), on standardized coordinates
 *   rff:N          constant, the state, and N random Fourier features sqrt(2) cos(w.x + b) (Rahimi & Recht, "Random
 *                  features for large-scale kernel machines", NIPS 2007), w ~ N(0, I / s^2), b ~ U[0, 2 pi)
 * Seeds are fixed so a dictionary is reproducible from its spec.
 */
import { badInput } from '../core/errors';
import { seededNormal, seededUniform } from '../core/random';

/** Points as one Float64Array per state dimension; rows [start, start + count) are evaluated. */
export interface PointSet {
  cols: Float64Array[];
  rows: number;
}

export interface Dictionary {
  spec: string;
  size: number;
  labels: string[];
  /** Writes psi_j(x_i) into out[outOff + i + j * ld] for i < points.rows. */
  evaluate(points: PointSet, out: Float64Array, outOff: number, ld: number): void;
}

export function identityDictionary(names: string[]): Dictionary {
  return {
    spec: 'identity',
    size: names.length,
    labels: [...names],
    evaluate(p, out, off, ld) {
      for (let j = 0; j < p.cols.length; j++) {
        const c = p.cols[j];
        const o = off + j * ld;
        for (let i = 0; i < p.rows; i++) out[o + i] = c[i];
      }
    },
  };
}

/** Exponent vectors with sum_i w_i a_i <= degree, ordered by weighted degree then lexicographically. */
export function monomialExponents(dim: number, degree: number, weights: number[]): number[][] {
  const out: number[][] = [];
  const cur = new Array<number>(dim).fill(0);
  const rec = (i: number, used: number): void => {
    if (i === dim) {
      out.push([...cur]);
      return;
    }
    for (let a = 0; used + a * weights[i] <= degree + 1e-12; a++) {
      cur[i] = a;
      rec(i + 1, used + a * weights[i]);
    }
    cur[i] = 0;
  };
  rec(0, 0);
  const wdeg = (e: number[]): number => e.reduce((s, a, i) => s + a * weights[i], 0);
  out.sort((x, y) => wdeg(x) - wdeg(y) || y.join(',').localeCompare(x.join(',')));
  return out;
}

export function polyDictionary(names: string[], degree: number, weights?: number[]): Dictionary {
  const dim = names.length;
  const w = weights ?? new Array<number>(dim).fill(1);
  const exps = monomialExponents(dim, degree, w);
  const maxPow = Math.floor(degree / Math.min(...w));
  const labels = exps.map((e) => {
    const parts = e.map((a, i) => (a === 0 ? '' : a === 1 ? names[i] : `${names[i]}^${a}`)).filter(Boolean);
    return parts.length ? parts.join('*') : '1';
  });
  return {
    spec: weights ? `poly:${degree}:${w.join(',')}` : `poly:${degree}`,
    size: exps.length,
    labels,
    evaluate(p, out, off, ld) {
      const n = p.rows;
      // powers[d][a] column: x_d^a for every point
      const powers: Float64Array[][] = p.cols.map((c) => {
        const list = [new Float64Array(n).fill(1)];
        for (let a = 1; a <= maxPow; a++) {
          const prev = list[a - 1];
          const next = new Float64Array(n);
          for (let i = 0; i < n; i++) next[i] = prev[i] * c[i];
          list.push(next);
        }
        return list;
      });
      exps.forEach((e, j) => {
        const o = off + j * ld;
        for (let i = 0; i < n; i++) out[o + i] = 1;
        e.forEach((a, d) => {
          if (a === 0) return;
          const pw = powers[d][a];
          for (let i = 0; i < n; i++) out[o + i] *= pw[i];
        });
      });
    },
  };
}

interface Standardizer {
  mean: Float64Array;
  scale: Float64Array;
}

export function standardizer(p: PointSet): Standardizer {
  const dim = p.cols.length;
  const mean = new Float64Array(dim);
  const scale = new Float64Array(dim);
  for (let d = 0; d < dim; d++) {
    const c = p.cols[d];
    let s = 0;
    for (let i = 0; i < p.rows; i++) s += c[i];
    const m = s / p.rows;
    let v = 0;
    for (let i = 0; i < p.rows; i++) v += (c[i] - m) ** 2;
    mean[d] = m;
    scale[d] = Math.sqrt(v / Math.max(1, p.rows - 1)) || 1;
  }
  return { mean, scale };
}

/** k-means++ seeding then Lloyd iterations on standardized points (row-major dim-vectors). Returns k x dim. */
export function kMeans(
  z: Float64Array,
  rows: number,
  dim: number,
  k: number,
  seed: number,
  iterations = 25,
): Float64Array {
  const rand = seededUniform(seed);
  const centres = new Float64Array(k * dim);
  const d2 = new Float64Array(rows).fill(Infinity);
  let first = Math.floor(rand() * rows);
  for (let c = 0; c < k; c++) {
    if (c > 0) {
      let total = 0;
      for (let i = 0; i < rows; i++) total += d2[i];
      let target = rand() * total;
      first = rows - 1;
      for (let i = 0; i < rows; i++) {
        target -= d2[i];
        if (target <= 0) {
          first = i;
          break;
        }
      }
    }
    for (let d = 0; d < dim; d++) centres[c * dim + d] = z[first * dim + d];
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (z[i * dim + d] - centres[c * dim + d]) ** 2;
      if (s < d2[i]) d2[i] = s;
    }
  }
  const assign = new Int32Array(rows);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let i = 0; i < rows; i++) {
      let best = Infinity;
      let bc = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += (z[i * dim + d] - centres[c * dim + d]) ** 2;
        if (s < best) {
          best = s;
          bc = c;
        }
      }
      if (assign[i] !== bc) moved++;
      assign[i] = bc;
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < rows; i++) {
      const c = assign[i];
      counts[c]++;
      for (let d = 0; d < dim; d++) sums[c * dim + d] += z[i * dim + d];
    }
    for (let c = 0; c < k; c++)
      if (counts[c] > 0) for (let d = 0; d < dim; d++) centres[c * dim + d] = sums[c * dim + d] / counts[c];
    if (it > 0 && moved === 0) break;
  }
  return centres;
}

/** Standardized points as a row-major buffer, subsampled evenly to at most maxRows rows. */
function standardizedRows(p: PointSet, st: Standardizer, maxRows: number): { z: Float64Array; rows: number } {
  const dim = p.cols.length;
  const stride = Math.max(1, Math.ceil(p.rows / maxRows));
  const rows = Math.ceil(p.rows / stride);
  const z = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++)
    for (let d = 0; d < dim; d++) z[r * dim + d] = (p.cols[d][r * stride] - st.mean[d]) / st.scale[d];
  return { z, rows };
}

/** Adds the constant and the (raw) state as the first 1 + dim functions. */
function affineHead(p: PointSet, out: Float64Array, off: number, ld: number): void {
  for (let i = 0; i < p.rows; i++) out[off + i] = 1;
  for (let d = 0; d < p.cols.length; d++) {
    const o = off + (d + 1) * ld;
    const c = p.cols[d];
    for (let i = 0; i < p.rows; i++) out[o + i] = c[i];
  }
}

export function rbfDictionary(names: string[], n: number, data: PointSet, seed = 1): Dictionary {
  const dim = names.length;
  const st = standardizer(data);
  const { z, rows } = standardizedRows(data, st, 20000);
  if (rows < n)
    throw badInput(`rbf:${n} needs at least ${n} distinct snapshots for its k-means centres, the data have ${rows}`);
  const centres = kMeans(z, rows, dim, n, seed);
  // width: median distance from a centre to its nearest other centre (the RBFs then overlap their neighbours)
  const nn: number[] = [];
  for (let a = 0; a < n; a++) {
    let best = Infinity;
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (centres[a * dim + d] - centres[b * dim + d]) ** 2;
      best = Math.min(best, s);
    }
    if (Number.isFinite(best)) nn.push(Math.sqrt(best));
  }
  nn.sort((x, y) => x - y);
  const width = nn.length ? Math.max(nn[nn.length >> 1], 1e-6) : 1;
  const inv2s2 = 1 / (2 * width * width);
  return {
    spec: `rbf:${n}`,
    size: 1 + dim + n,
    labels: ['1', ...names, ...Array.from({ length: n }, (_, i) => `rbf${i + 1}`)],
    evaluate(p, out, off, ld) {
      affineHead(p, out, off, ld);
      const zr = new Float64Array(dim);
      for (let i = 0; i < p.rows; i++) {
        for (let d = 0; d < dim; d++) zr[d] = (p.cols[d][i] - st.mean[d]) / st.scale[d];
        for (let c = 0; c < n; c++) {
          let s = 0;
          for (let d = 0; d < dim; d++) s += (zr[d] - centres[c * dim + d]) ** 2;
          out[off + i + (1 + dim + c) * ld] = Math.exp(-s * inv2s2);
        }
      }
    },
  };
}

export function rffDictionary(names: string[], n: number, data: PointSet, seed = 1): Dictionary {
  const dim = names.length;
  const st = standardizer(data);
  // bandwidth: median pairwise distance of a subsample of the standardized data (the "median heuristic")
  const { z, rows } = standardizedRows(data, st, 400);
  const dists: number[] = [];
  for (let a = 0; a < rows; a++)
    for (let b = a + 1; b < rows; b++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (z[a * dim + d] - z[b * dim + d]) ** 2;
      dists.push(Math.sqrt(s));
    }
  dists.sort((x, y) => x - y);
  const s = dists.length ? Math.max(dists[dists.length >> 1], 1e-6) : 1;
  const normal = seededNormal(seed, { keepSpare: true });
  const uni = seededUniform(seed + 7919);
  const w = new Float64Array(n * dim);
  const b = new Float64Array(n);
  for (let i = 0; i < n * dim; i++) w[i] = normal() / s;
  for (let i = 0; i < n; i++) b[i] = 2 * Math.PI * uni();
  return {
    spec: `rff:${n}`,
    size: 1 + dim + n,
    labels: ['1', ...names, ...Array.from({ length: n }, (_, i) => `rff${i + 1}`)],
    evaluate(p, out, off, ld) {
      affineHead(p, out, off, ld);
      const zr = new Float64Array(dim);
      for (let i = 0; i < p.rows; i++) {
        for (let d = 0; d < dim; d++) zr[d] = (p.cols[d][i] - st.mean[d]) / st.scale[d];
        for (let f = 0; f < n; f++) {
          let t = b[f];
          for (let d = 0; d < dim; d++) t += w[f * dim + d] * zr[d];
          out[off + i + (1 + dim + f) * ld] = Math.SQRT2 * Math.cos(t);
        }
      }
    },
  };
}

export interface DictionarySpec {
  kind: 'poly' | 'rbf' | 'rff' | 'delay';
  n: number;
  weights?: number[];
}

export function parseDictionary(spec: string, dim: number, file?: string): DictionarySpec {
  const m = /^(poly|rbf|rff|delay):(\d+)(?::([\d.,\s]+))?$/.exec(spec.trim().toLowerCase());
  if (!m) throw badInput(`--dictionary must be poly:DEG[:w1,w2,...], rbf:N, rff:N or delay:K, got "${spec}"`, { file });
  const kind = m[1] as DictionarySpec['kind'];
  const n = Number(m[2]);
  if (!(n >= 1)) throw badInput(`--dictionary ${spec}: the number must be at least 1`, { file });
  let weights: number[] | undefined;
  if (m[3]) {
    if (kind !== 'poly') throw badInput(`--dictionary ${spec}: weights are only for poly`, { file });
    weights = m[3].split(',').map((x) => Number(x.trim()));
    if (weights.length !== dim || weights.some((x) => !(x > 0))) {
      throw badInput(`--dictionary ${spec}: needs ${dim} positive weights (one per state column)`, { file });
    }
  }
  return { kind, n, weights };
}

/** Number of monomials with weighted degree <= D (without building them when the count is huge). */
export function polySize(dim: number, degree: number, weights?: number[]): number {
  if (!weights) {
    // C(dim + degree, degree)
    let c = 1;
    for (let i = 1; i <= degree; i++) c = (c * (dim + i)) / i;
    return Math.round(c);
  }
  return monomialExponents(dim, degree, weights).length;
}
