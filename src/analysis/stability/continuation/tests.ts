/**
 * Test functions of codimension-one bifurcations along a branch of equilibria or fixed points (Kuznetsov, Elements
 * of Applied Bifurcation Theory, 3rd ed., section 10.2; Govaerts, Numerical Methods for Bifurcations of Dynamical
 * Equilibria, 2000, ch. 4). Each is continuous along the branch and changes sign at its bifurcation; a change in the
 * matching eigenvalue count decides that one happened (so neutral saddles, where the Hopf product also vanishes,
 * are not reported), the continuous function locates it.
 *   fold:            the parameter component of the tangent, t_p
 *   branch point:    det [H_u; t^T]
 *   Hopf (flows):    prod_{i<j} (l_i + l_j), the determinant of the bialternate product 2 J (.) I
 *   flip (maps):     prod_i (1 + m_i) = det(J + I)
 *   Neimark-Sacker:  prod_{i<j} (m_i m_j - 1)
 * Products are taken over factors scaled to magnitude about one, so long products neither overflow nor underflow,
 * without moving their zeros.
 */
import { eig } from '../../linalg/eig';

export type Eigenvalue = [number, number];

export interface StabilityInfo {
  eigenvalues: Eigenvalue[];
  stable: boolean;
  /** Flows: complex eigenvalues right of the imaginary axis; maps: complex multipliers outside the unit circle. */
  unstableComplex: number;
  /** Maps: real multipliers below -1. */
  belowMinusOne: number;
  hopf: number;
  flip: number;
  neimarkSacker: number;
}

export function eigenvaluesRowMajor(jRow: Float64Array, n: number): Eigenvalue[] {
  const col = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) col[i + j * n] = jRow[i * n + j];
  const e = eig(col, n, false);
  const out: Eigenvalue[] = [];
  for (let i = 0; i < n; i++) out.push([e.re[i], e.im[i]]);
  return out;
}

export function stabilityInfo(jRow: Float64Array, n: number, kind: 'flow' | 'map'): StabilityInfo {
  const ev = eigenvaluesRowMajor(jRow, n);
  const scale = Math.max(1, ...ev.map(([r, i]) => Math.hypot(r, i)));
  const tol = 1e-9 * scale;
  const complex = (e: Eigenvalue): boolean => Math.abs(e[1]) > tol;
  let stable = true;
  let unstableComplex = 0;
  let belowMinusOne = 0;
  for (const e of ev) {
    const growth = kind === 'flow' ? e[0] : Math.hypot(e[0], e[1]) - 1;
    if (!(growth < 0)) stable = false;
    if (complex(e) && growth > 0) unstableComplex++;
    if (kind === 'map' && !complex(e) && e[0] < -1) belowMinusOne++;
  }
  const products = testProducts(ev);
  return {
    eigenvalues: ev,
    stable,
    unstableComplex,
    belowMinusOne,
    ...products,
  };
}

/**
 * The continuous test products of a spectrum: prod_{i<j} (l_i + l_j) (Hopf), prod_i (1 + m_i) (flip) and
 * prod_{i<j} (m_i m_j - 1) (Neimark-Sacker).
 */
export function testProducts(ev: readonly Eigenvalue[]): { hopf: number; flip: number; neimarkSacker: number } {
  const hopf = new Product();
  const ns = new Product();
  const flip = new Product();
  for (let i = 0; i < ev.length; i++) {
    const [ar, ai] = ev[i];
    flip.times(1 + ar, ai, 1 + Math.hypot(ar, ai));
    for (let j = i + 1; j < ev.length; j++) {
      const [br, bi] = ev[j];
      hopf.times(ar + br, ai + bi, 1 + Math.hypot(ar, ai) + Math.hypot(br, bi));
      ns.times(ar * br - ai * bi - 1, ar * bi + ai * br, 1 + Math.hypot(ar, ai) * Math.hypot(br, bi));
    }
  }
  return { hopf: hopf.re, flip: flip.re, neimarkSacker: ns.re };
}

/**
 * A running complex product of scaled factors. Over all eigenvalue pairs the product is real (complex factors come
 * with their conjugates), so its real part is the test function.
 */
class Product {
  re = 1;
  im = 0;

  times(zr: number, zi: number, scale: number): void {
    const a = zr / scale;
    const b = zi / scale;
    const r = this.re * a - this.im * b;
    this.im = this.re * b + this.im * a;
    this.re = r;
  }
}
