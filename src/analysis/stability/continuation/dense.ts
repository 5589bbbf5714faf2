/**
 * Small dense kernels of the continuation code: LU with partial pivoting on row-major square matrices (Golub & Van
 * Loan, Matrix Computations, 4th ed., Alg. 3.4.1), its solve and the sign of the determinant (the branch-point test
 * function), and complex solves for the normal-form coefficients. Systems here are the model's size plus one or two,
 * so plain loops are the right tool; the large kernels live in linalg/.
 */

export interface LuFactors {
  n: number;
  /** L (unit lower, below the diagonal) and U (on and above), row-major, overwritten copy of the input. */
  lu: Float64Array;
  piv: Int32Array;
  /** +1 or -1: the sign of det(P). */
  permutationSign: number;
  singular: boolean;
}

export function luFactor(a: Float64Array, n: number): LuFactors {
  const lu = a.slice(0, n * n);
  const piv = new Int32Array(n);
  let sign = 1;
  let singular = false;
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(lu[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(lu[r * n + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    piv[c] = p;
    if (p !== c) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = lu[c * n + j];
        lu[c * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
    }
    const d = lu[c * n + c];
    if (!(best > 0) || !Number.isFinite(d)) {
      singular = true;
      continue;
    }
    for (let r = c + 1; r < n; r++) {
      const f = (lu[r * n + c] /= d);
      if (f === 0) continue;
      for (let j = c + 1; j < n; j++) lu[r * n + j] -= f * lu[c * n + j];
    }
  }
  return { n, lu, piv, permutationSign: sign, singular };
}

/** Solves A x = b in place with the factors of A. */
export function luSolve(f: LuFactors, b: Float64Array): void {
  const { n, lu, piv } = f;
  for (let c = 0; c < n; c++) {
    const p = piv[c];
    if (p !== c) {
      const t = b[c];
      b[c] = b[p];
      b[p] = t;
    }
  }
  for (let r = 1; r < n; r++) {
    let s = b[r];
    for (let j = 0; j < r; j++) s -= lu[r * n + j] * b[j];
    b[r] = s;
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < n; j++) s -= lu[r * n + j] * b[j];
    b[r] = s / lu[r * n + r];
  }
}

/** det(A) from its factors (may overflow for large n; used on small systems only). */
export function luDeterminant(f: LuFactors): number {
  if (f.singular) return 0;
  let d = f.permutationSign;
  for (let i = 0; i < f.n; i++) d *= f.lu[i * f.n + i];
  return d;
}

/** A complex vector as separate real and imaginary parts. */
export interface ComplexVector {
  re: Float64Array;
  im: Float64Array;
}

/**
 * Solves (A + s I) x = b for complex s and b, A real row-major n x n, through the real 2n x 2n form
 * [[A + Re s, -Im s], [Im s, A + Re s]] [xr; xi] = [br; bi]. Returns undefined when singular.
 */
export function solveShiftedComplex(
  a: Float64Array,
  n: number,
  sRe: number,
  sIm: number,
  b: ComplexVector,
): ComplexVector | undefined {
  const m = 2 * n;
  const big = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j] + (i === j ? sRe : 0);
      big[i * m + j] = v;
      big[(i + n) * m + (j + n)] = v;
    }
    big[i * m + (i + n)] = -sIm;
    big[(i + n) * m + i] = sIm;
  }
  const f = luFactor(big, m);
  if (f.singular) return undefined;
  const x = new Float64Array(m);
  x.set(b.re, 0);
  x.set(b.im, n);
  luSolve(f, x);
  return { re: x.slice(0, n), im: x.slice(n) };
}

/** <p, q> = sum conj(p_i) q_i. */
export function complexDot(p: ComplexVector, q: ComplexVector): { re: number; im: number } {
  let re = 0;
  let im = 0;
  for (let i = 0; i < p.re.length; i++) {
    re += p.re[i] * q.re[i] + p.im[i] * q.im[i];
    im += p.re[i] * q.im[i] - p.im[i] * q.re[i];
  }
  return { re, im };
}

export function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
