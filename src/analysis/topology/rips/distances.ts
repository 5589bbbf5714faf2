/**
 * Turns a DistanceSource into the dense symmetric n x n matrix the reduction reads (row-major Float64Array),
 * validating it on the way. A full matrix costs 8 n^2 bytes; callers check that against the memory budget first
 * (see estimate.ts). Rows of a dense matrix make the coboundary scan over vertices j a contiguous read.
 */
import { badInput } from '../../core/errors';
import type { DistanceSource } from './types';

export interface DenseDistances {
  n: number;
  /** d(i, j) at data[i * n + j]. */
  data: Float64Array;
}

/** Number of points a source describes (throws badInput if a lower triangle has an impossible length). */
export function sourcePointCount(src: DistanceSource): number {
  switch (src.kind) {
    case 'points':
      return src.columns.length === 0 ? 0 : src.columns[0].length;
    case 'points-rows':
      return src.dim > 0 ? Math.floor(src.data.length / src.dim) : 0;
    case 'matrix':
      return src.n;
    case 'lower':
      return lowerTriangleSize(src.data.length, src.file);
  }
}

/** n with n(n-1)/2 = m, or badInput. */
export function lowerTriangleSize(m: number, file?: string): number {
  const n = Math.round((1 + Math.sqrt(1 + 8 * m)) / 2);
  if ((n * (n - 1)) / 2 !== m) {
    throw badInput(
      `a lower-triangular distance matrix has n(n-1)/2 entries, but ${m} is not of that form (nearest: n = ${n} needs ${(n * (n - 1)) / 2})`,
      { file },
    );
  }
  return n;
}

function checkDistance(v: number, i: number, j: number, file?: string): void {
  if (!(v >= 0) || v === Infinity) {
    const what = Number.isNaN(v) ? 'is not a number' : v < 0 ? 'is negative' : 'is infinite';
    throw badInput(`distance d(${i}, ${j}) = ${v} ${what} (rows and columns counted from 0)`, {
      file,
      row: i + 1,
      column: j + 1,
    });
  }
}

/**
 * The dense matrix of the points `vertices` (indices into the source; all points when undefined). With vertex
 * values f, entry (i, j) is max(d(i, j), f_i, f_j): the function-Rips filtration value of the edge, so every simplex
 * of dimension >= 1 gets max(diameter, max f) as its value (its vertices all lie on its edges).
 */
export function denseDistances(
  src: DistanceSource,
  vertices?: ArrayLike<number>,
  vertexValues?: ArrayLike<number>,
): DenseDistances {
  const total = sourcePointCount(src);
  const n = vertices ? vertices.length : total;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = vertices ? vertices[i] : i;
    if (!Number.isInteger(v) || v < 0 || v >= total)
      throw badInput(`vertex subset entry ${i} = ${v} is not a point index in 0..${total - 1}`, { file: src.file });
    ids[i] = v;
  }
  const out = new Float64Array(n * n);
  if (src.kind === 'points') fromColumns(src, ids, n, total, out);
  else if (src.kind === 'points-rows') fromRows(src, ids, n, out);
  else if (src.kind === 'matrix') fromMatrix(src, ids, n, out);
  else fromLower(src, ids, n, out);
  if (vertexValues) {
    if (vertexValues.length !== total)
      throw badInput(`vertex values: ${vertexValues.length} values for ${total} points`, { file: src.file });
    for (let i = 0; i < n; i++) {
      const fi = vertexValues[ids[i]];
      if (!Number.isFinite(fi))
        throw badInput(`vertex value of point ${ids[i] + 1} is ${fi}`, { file: src.file, row: ids[i] + 1 });
    }
    for (let i = 0; i < n; i++) {
      const fi = vertexValues[ids[i]];
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const k = i * n + j;
        if (fi > out[k]) out[k] = fi;
        const fj = vertexValues[ids[j]];
        if (fj > out[k]) out[k] = fj;
      }
    }
  }
  return { n, data: out };
}

// One function per source kind: each hot loop sits in a small function that V8 optimises on its own, instead of
// four loops sharing one large function.
function fromColumns(
  src: Extract<DistanceSource, { kind: 'points' }>,
  ids: Int32Array,
  n: number,
  total: number,
  out: Float64Array,
): void {
  const cols = src.columns;
  for (const c of cols)
    if (c.length !== total) throw badInput('point coordinates: columns of different lengths', { file: src.file });
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < cols.length; c++) {
      const x = cols[c][ids[i]];
      if (!Number.isFinite(x))
        throw badInput(`point ${ids[i] + 1}: coordinate ${c + 1} is ${x} (NaN or infinite)`, {
          file: src.file,
          row: ids[i] + 1,
          column: c + 1,
        });
    }
  }
  for (let i = 1; i < n; i++) {
    const a = ids[i];
    for (let j = 0; j < i; j++) {
      const b = ids[j];
      let s = 0;
      for (let c = 0; c < cols.length; c++) {
        const t = cols[c][a] - cols[c][b];
        s += t * t;
      }
      const d = Math.sqrt(s);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
}

function fromRows(
  src: Extract<DistanceSource, { kind: 'points-rows' }>,
  ids: Int32Array,
  n: number,
  out: Float64Array,
): void {
  const { data, dim } = src;
  if (!(dim >= 1) || data.length % dim !== 0)
    throw badInput(`row-major points: length ${data.length} is not a multiple of the dimension ${dim}`, {
      file: src.file,
    });
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dim; c++) {
      const x = data[ids[i] * dim + c];
      if (!Number.isFinite(x))
        throw badInput(`point ${ids[i] + 1}: coordinate ${c + 1} is ${x} (NaN or infinite)`, {
          file: src.file,
          row: ids[i] + 1,
          column: c + 1,
        });
    }
  }
  for (let i = 1; i < n; i++) {
    const a = ids[i] * dim;
    for (let j = 0; j < i; j++) {
      const b = ids[j] * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) {
        const t = data[a + c] - data[b + c];
        s += t * t;
      }
      const d = Math.sqrt(s);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
}

/** Checks every entry of a full distance matrix (diagonal 0, finite, >= 0, symmetric) without copying it. */
export function validateMatrix(src: Extract<DistanceSource, { kind: 'matrix' }>): void {
  fromMatrix(
    src,
    Int32Array.from({ length: src.n }, (_, i) => i),
    src.n,
  );
}

/** Copies the ids' submatrix into out after checking it; with no out, only checks. */
function fromMatrix(
  src: Extract<DistanceSource, { kind: 'matrix' }>,
  ids: Int32Array,
  n: number,
  out?: Float64Array,
): void {
  const m = src.n;
  const data = src.data;
  if (data.length !== m * m)
    throw badInput(`distance matrix: ${data.length} entries is not ${m} x ${m}`, { file: src.file });
  for (let i = 0; i < n; i++) {
    const a = ids[i];
    const diag = data[a * m + a];
    if (diag !== 0)
      throw badInput(`distance matrix: diagonal entry (${a + 1}, ${a + 1}) is ${diag}, expected 0`, {
        file: src.file,
        row: a + 1,
        column: a + 1,
      });
    for (let j = 0; j < i; j++) {
      const b = ids[j];
      const lo = data[a * m + b];
      const up = data[b * m + a];
      checkDistance(lo, a, b, src.file);
      checkDistance(up, b, a, src.file);
      // Symmetric within 1e-9 relative: text round-trips of a symmetric matrix may differ in the last digits.
      if (Math.abs(lo - up) > 1e-9 * Math.max(lo, up)) {
        throw badInput(
          `distance matrix is not symmetric: entry (${a + 1}, ${b + 1}) = ${lo} but (${b + 1}, ${a + 1}) = ${up} (rows and columns counted from 1)`,
          { file: src.file, row: a + 1, column: b + 1 },
        );
      }
      if (out) {
        out[i * n + j] = lo;
        out[j * n + i] = lo;
      }
    }
  }
}

function fromLower(
  src: Extract<DistanceSource, { kind: 'lower' }>,
  ids: Int32Array,
  n: number,
  out: Float64Array,
): void {
  const data = src.data;
  for (let i = 1; i < n; i++) {
    const a = ids[i];
    for (let j = 0; j < i; j++) {
      const b = ids[j];
      const hi = a > b ? a : b;
      const lo = a > b ? b : a;
      const v = data[(hi * (hi - 1)) / 2 + lo];
      checkDistance(v, hi, lo, src.file);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
}

/** min over points of the max distance to the others (Henselman-Petrusek, used by Bauer 2021): the complex at this
 * scale is a cone, so nothing of degree >= 1 survives past it and H0 is a single class. */
export function enclosingRadius(d: DenseDistances): number {
  const { n, data } = d;
  let r = Infinity;
  for (let i = 0; i < n; i++) {
    let m = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const x = data[row + j];
      if (x > m) m = x;
    }
    if (m < r) r = m;
  }
  return n <= 1 ? 0 : r;
}
