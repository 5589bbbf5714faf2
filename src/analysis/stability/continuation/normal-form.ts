/**
 * Normal-form coefficients at equilibrium bifurcations, from multilinear forms of the vector field estimated by
 * finite differences (as MatCont does when no symbolic derivatives are given).
 *
 * First Lyapunov coefficient at a Hopf point (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., 2004,
 * eq. (3.20)): with A q = i w q, A^T p = -i w p, <q, q> = 1, <p, q> = 1,
 *   l1 = 1/(2w) Re[ <p, C(q,q,conj q)> - 2 <p, B(q, A^{-1} B(q, conj q))> + <p, B(conj q, (2iw I - A)^{-1} B(q,q))> ].
 * l1 < 0: supercritical (a stable cycle is born), l1 > 0: subcritical.
 * B and C are the second and third derivatives of f at the point; on real directions they come from central
 * differences of f along a line, on complex ones by polarization (symmetric multilinear forms).
 */
import { eig } from '../../linalg/eig';
import { complexDot, solveShiftedComplex, type ComplexVector } from './dense';

type Field = (x: Float64Array, out: Float64Array) => void;

class Derivatives {
  private readonly xp: Float64Array;
  private readonly f1: Float64Array;
  private readonly f2: Float64Array;
  private readonly f3: Float64Array;
  private readonly f4: Float64Array;
  private readonly f0: Float64Array;

  constructor(
    private readonly f: Field,
    private readonly x: Float64Array,
  ) {
    const n = x.length;
    this.xp = new Float64Array(n);
    this.f0 = new Float64Array(n);
    this.f1 = new Float64Array(n);
    this.f2 = new Float64Array(n);
    this.f3 = new Float64Array(n);
    this.f4 = new Float64Array(n);
    f(x, this.f0);
  }

  private at(d: Float64Array, s: number, out: Float64Array): void {
    for (let i = 0; i < this.x.length; i++) this.xp[i] = this.x[i] + s * d[i];
    this.f(this.xp, out);
  }

  private scale(d: Float64Array, root: number): number {
    let m = 0;
    let xm = 0;
    for (let i = 0; i < d.length; i++) {
      m = Math.max(m, Math.abs(d[i]));
      xm = Math.max(xm, Math.abs(this.x[i]));
    }
    return m === 0 ? 0 : (root * Math.max(1, xm)) / m;
  }

  /** D^2 f[d, d] (second central difference, h ~ eps^(1/4)). */
  quad(d: Float64Array): Float64Array {
    const n = d.length;
    const h = this.scale(d, 1e-4);
    const out = new Float64Array(n);
    if (h === 0) return out;
    this.at(d, h, this.f1);
    this.at(d, -h, this.f2);
    for (let i = 0; i < n; i++) out[i] = (this.f1[i] - 2 * this.f0[i] + this.f2[i]) / (h * h);
    return out;
  }

  /** D^3 f[d, d, d] (third central difference, h ~ eps^(1/5)). */
  cube(d: Float64Array): Float64Array {
    const n = d.length;
    const h = this.scale(d, 1e-3);
    const out = new Float64Array(n);
    if (h === 0) return out;
    this.at(d, 2 * h, this.f1);
    this.at(d, h, this.f2);
    this.at(d, -h, this.f3);
    this.at(d, -2 * h, this.f4);
    for (let i = 0; i < n; i++) out[i] = (this.f1[i] - 2 * this.f2[i] + 2 * this.f3[i] - this.f4[i]) / (2 * h * h * h);
    return out;
  }

  /** B(a, b) = (D^2 f[a+b]^2 - D^2 f[a-b]^2) / 4. */
  bilinear(a: Float64Array, b: Float64Array): Float64Array {
    const s = a.map((v, i) => v + b[i]);
    const d = a.map((v, i) => v - b[i]);
    const qs = this.quad(s);
    const qd = this.quad(d);
    return qs.map((v, i) => (v - qd[i]) / 4);
  }

  /** Complex B(u, v) by bilinearity. */
  bilinearComplex(u: ComplexVector, v: ComplexVector): ComplexVector {
    const rr = this.bilinear(u.re, v.re);
    const ii = this.bilinear(u.im, v.im);
    const ri = this.bilinear(u.re, v.im);
    const ir = this.bilinear(u.im, v.re);
    return { re: rr.map((x, i) => x - ii[i]), im: ri.map((x, i) => x + ir[i]) };
  }

  /**
   * C(q, q, conj q) for q = a + ib: a^3 + a b^2 + i (a^2 b + b^3) in multilinear notation, the mixed terms from
   * C(a,a,b) = [(C(a+b)^3 - C(a-b)^3)/2 - C(b)^3] / 3 and C(a,b,b) = [(C(a+b)^3 + C(a-b)^3)/2 - C(a)^3] / 3.
   */
  cubicQQQbar(q: ComplexVector): ComplexVector {
    const a = q.re;
    const b = q.im;
    const caaa = this.cube(a);
    const cbbb = this.cube(b);
    const cp = this.cube(a.map((v, i) => v + b[i]));
    const cm = this.cube(a.map((v, i) => v - b[i]));
    const n = a.length;
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const caab = ((cp[i] - cm[i]) / 2 - cbbb[i]) / 3;
      const cabb = ((cp[i] + cm[i]) / 2 - caaa[i]) / 3;
      re[i] = caaa[i] + cabb;
      im[i] = caab + cbbb[i];
    }
    return { re, im };
  }
}

/** Column j of the column-major complex eigenvector matrices as a complex vector. */
function column(re: Float64Array, im: Float64Array, n: number, j: number): ComplexVector {
  return { re: re.slice(j * n, j * n + n), im: im.slice(j * n, j * n + n) };
}

function nearest(e: { re: Float64Array; im: Float64Array }, re: number, im: number): number {
  let best = 0;
  let dist = Infinity;
  for (let i = 0; i < e.re.length; i++) {
    const d = Math.hypot(e.re[i] - re, e.im[i] - im);
    if (d < dist) {
      dist = d;
      best = i;
    }
  }
  return best;
}

export interface HopfNormalForm {
  omega: number;
  firstLyapunovCoefficient: number;
}

/**
 * l1 at an equilibrium x with Jacobian J (row-major n x n) that has a pair +-i w. Returns undefined when no such
 * pair exists (w <= 0: a neutral saddle) or a solve is singular.
 */
export function firstLyapunovCoefficient(f: Field, x: Float64Array, jRow: Float64Array): HopfNormalForm | undefined {
  const n = x.length;
  const colMajor = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colMajor[i + j * n] = jRow[i * n + j];
  // a row-major J read as column-major is J^T
  const transposed = jRow.slice();
  const right = eig(colMajor, n, true);
  // the eigenvalue closest to the imaginary axis with positive imaginary part
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (right.im[i] <= 0) continue;
    if (k < 0 || Math.abs(right.re[i]) < Math.abs(right.re[k])) k = i;
  }
  if (k < 0) return undefined;
  const omega = right.im[k];
  const q = column(right.vectorsRe!, right.vectorsIm!, n, k);
  // A^T p = -i w p: eigenvector of A^T (column-major of J^T is the row-major J reinterpreted)
  const left = eig(transposed, n, true);
  const kl = nearest(left, right.re[k], -omega);
  const p = column(left.vectorsRe!, left.vectorsIm!, n, kl);
  // <q, q> = 1 already (eig normalises to unit 2-norm); scale p so that <p, q> = 1
  const pq = complexDot(p, q);
  const den = pq.re * pq.re + pq.im * pq.im;
  if (!(den > 0)) return undefined;
  // p <- p / conj(<p,q>)  makes <p, q> = conj(1/conj(pq)) pq = 1
  const sr = pq.re / den;
  const si = pq.im / den;
  for (let i = 0; i < n; i++) {
    const r = p.re[i];
    const m = p.im[i];
    p.re[i] = r * sr - m * si;
    p.im[i] = r * si + m * sr;
  }
  const d = new Derivatives(f, x);
  const qbar = { re: q.re, im: q.im.map((v) => -v) };
  const c = d.cubicQQQbar(q);
  const bqqbar = d.bilinearComplex(q, qbar);
  // A^{-1} B(q, conj q): real
  const a1 = solveShiftedComplex(jRow, n, 0, 0, bqqbar);
  const bqq = d.bilinearComplex(q, q);
  // (2iw I - A)^{-1} B(q,q) = -(A - 2iw I)^{-1} B(q,q)
  const a2 = solveShiftedComplex(jRow, n, 0, -2 * omega, bqq);
  if (!a1 || !a2) return undefined;
  const t2 = d.bilinearComplex(q, a1);
  const negA2 = { re: a2.re.map((v) => -v), im: a2.im.map((v) => -v) };
  const t3 = d.bilinearComplex(qbar, negA2);
  const s1 = complexDot(p, c).re;
  const s2 = complexDot(p, t2).re;
  const s3 = complexDot(p, t3).re;
  return { omega, firstLyapunovCoefficient: (s1 - 2 * s2 + s3) / (2 * omega) };
}
