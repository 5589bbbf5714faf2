/**
 * Special functions, used by the .ode expressions (XPPAUT's xppodes help lists them) and the persistence images: erf,
 * erfc and the Bessel functions of integer order besselj(n, x), bessely(n, x), besseli(n, x) (XPPAUT takes the
 * integer part of n). Written for this project from the formulas cited at each function; about 1e-14 relative away
 * from zeros (checked against scipy.special in test/unit/stability/special-functions.test.ts).
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const EULER_GAMMA = 0.5772156649015329;

/**
 * erf(x) for |x| < 2 from the series with positive terms erf x = 2/sqrt(pi) e^{-x^2} sum_k 2^k x^{2k+1} / (2k+1)!!
 * (Abramowitz and Stegun 7.1.6); beyond, 1 - erfc(x).
 */
export function erf(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax >= 2) return Math.sign(x) * (1 - erfcLarge(ax));
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 200; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) = 1 - erf(x); for x >= 2 from the continued fraction, else 1 - erf(x) (no cancellation below 2). */
export function erfc(x: number): number {
  if (x !== x) return NaN;
  if (x >= 2) return erfcLarge(x);
  if (x <= -2) return 2 - erfcLarge(-x);
  return 1 - erf(x);
}

/**
 * erfc(x) for x >= 2 by the continued fraction erfc x = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
 * (Abramowitz and Stegun 7.1.14 with z = x), evaluated by the modified Lentz method (Numerical Recipes, 3rd ed.,
 * Section 5.2).
 */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    D = x + a * D;
    D = D === 0 ? 1 / tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/**
 * J_0..J_m(x) for x > 0 by Miller's backward recurrence J_{k-1} = (2k/x) J_k - J_{k+1}, normalized with
 * J_0 + 2 sum J_{2k} = 1 (Abramowitz and Stegun 9.1.46, 9.1.27; Numerical Recipes, Section 6.5). Returns the values
 * of orders 0..count-1, where count >= m + 1 is large enough for the Neumann series of Y.
 */
function besselJSequence(x: number, m: number): Float64Array {
  const top = 2 * Math.ceil((Math.max(m, x) + 20 + 2 * Math.sqrt(40 * Math.max(m, x))) / 2);
  const out = new Float64Array(top + 1);
  let next = 0;
  let cur = 1e-300;
  let norm = 0;
  for (let k = top; k >= 1; k--) {
    out[k] = cur;
    const prev = ((2 * k) / x) * cur - next;
    next = cur;
    cur = prev;
    if (Math.abs(cur) > 1e250) {
      // rescale to avoid overflow; the values stored so far scale along
      for (let j = k; j <= top; j++) out[j] *= 1e-250;
      next *= 1e-250;
      cur *= 1e-250;
    }
  }
  out[0] = cur;
  for (let k = 2; k <= top; k += 2) norm += out[k];
  norm = out[0] + 2 * norm;
  for (let k = 0; k <= top; k++) out[k] /= norm;
  return out;
}

/**
 * Hankel's asymptotic expansions of J_nu and Y_nu (nu = 0, 1) for large x (Abramowitz and Stegun 9.2.5-9.2.10):
 * J = sqrt(2/(pi x)) (P cos chi - Q sin chi), Y = sqrt(2/(pi x)) (P sin chi + Q cos chi), chi = x - (nu/2 + 1/4) pi,
 * summed until the terms stop decreasing (full precision for x >= 25).
 */
function hankel(nu: number, x: number): { j: number; y: number } {
  const mu = 4 * nu * nu;
  let P = 1;
  let Q = 0;
  let term = 1;
  let last = Infinity;
  for (let k = 1; k < 60; k++) {
    term *= (mu - (2 * k - 1) * (2 * k - 1)) / (k * 8 * x);
    if (Math.abs(term) >= last) break;
    last = Math.abs(term);
    // odd k go to Q, even k to P; the signs run +, -, -, +, +, -, -, ... (k mod 4 = 1, 2, 3, 0, ...)
    const sign = k % 4 === 0 || k % 4 === 1 ? 1 : -1;
    if (k % 2 === 1) Q += sign * term;
    else P += sign * term;
    if (last < 1e-17) break;
  }
  const chi = x - (nu / 2 + 0.25) * Math.PI;
  const s = Math.sqrt(2 / (Math.PI * x));
  return { j: s * (P * Math.cos(chi) - Q * Math.sin(chi)), y: s * (P * Math.sin(chi) + Q * Math.cos(chi)) };
}

const LARGE = 25;

/** besselj(n, x) = J_n(x), n truncated to an integer as XPPAUT does. */
export function besselJ(order: number, x: number): number {
  if (order !== order || x !== x) return NaN;
  let n = Math.trunc(order);
  let sign = 1;
  if (n < 0) {
    n = -n;
    if (n % 2 === 1) sign = -sign; // J_{-n} = (-1)^n J_n
  }
  if (x < 0) {
    x = -x;
    if (n % 2 === 1) sign = -sign; // J_n(-x) = (-1)^n J_n(x)
  }
  if (x === 0) return n === 0 ? sign : 0;
  if (x >= LARGE && n < x) {
    // forward recurrence J_{k+1} = (2k/x) J_k - J_{k-1} is stable while k < x
    let a = hankel(0, x).j;
    if (n === 0) return sign * a;
    let b = hankel(1, x).j;
    for (let k = 1; k < n; k++) [a, b] = [b, ((2 * k) / x) * b - a];
    return sign * b;
  }
  if (x === Infinity) return 0;
  return sign * besselJSequence(x, n)[n];
}

/**
 * bessely(n, x) = Y_n(x) for x > 0 (NaN for x < 0, -Infinity at 0, as the C library's yn). Y_0 from the Neumann
 * series Y_0 = (2/pi)(ln(x/2) + gamma) J_0 - (4/pi) sum_{k>=1} (-1)^k J_{2k}/k (A&S 9.1.88), Y_1 = -Y_0' from the
 * same series differentiated with J_0' = -J_1 and J_m' = (J_{m-1} - J_{m+1})/2 (A&S 9.1.27); Hankel's expansion for
 * x >= 25; higher orders by the forward recurrence Y_{k+1} = (2k/x) Y_k - Y_{k-1}, stable for Y (A&S 9.1.27).
 */
export function besselY(order: number, x: number): number {
  if (order !== order || x !== x || x < 0) return NaN;
  let n = Math.trunc(order);
  let sign = 1;
  if (n < 0) {
    n = -n;
    if (n % 2 === 1) sign = -1; // Y_{-n} = (-1)^n Y_n
  }
  if (x === 0) return -Infinity;
  if (x === Infinity) return 0;
  let y0: number;
  let y1: number;
  if (x >= LARGE) {
    y0 = hankel(0, x).y;
    y1 = hankel(1, x).y;
  } else {
    const J = besselJSequence(x, 1);
    const L = Math.log(x / 2) + EULER_GAMMA;
    let s0 = 0;
    let s1 = 0;
    for (let k = 1; 2 * k + 1 < J.length; k++) {
      const alt = k % 2 === 0 ? 1 : -1;
      s0 += (alt * J[2 * k]) / k;
      s1 += (alt * (J[2 * k - 1] - J[2 * k + 1])) / k;
    }
    y0 = (2 / Math.PI) * (L * J[0] - 2 * s0);
    y1 = (2 / Math.PI) * (L * J[1] - J[0] / x + s1);
  }
  if (n === 0) return sign * y0;
  let a = y0;
  let b = y1;
  for (let k = 1; k < n; k++) [a, b] = [b, ((2 * k) / x) * b - a];
  return sign * b;
}

/**
 * besseli(n, x) = I_n(x): Miller's backward recurrence I_{k-1} = (2k/x) I_k + I_{k+1} normalized with
 * e^x = I_0 + 2 sum_{k>=1} I_k (A&S 9.6.26 and 9.6.37); I_n(-x) = (-1)^n I_n(x), I_{-n} = I_n.
 */
export function besselI(order: number, x: number): number {
  if (order !== order || x !== x) return NaN;
  const n = Math.abs(Math.trunc(order));
  const sign = x < 0 && n % 2 === 1 ? -1 : 1;
  const ax = Math.abs(x);
  if (ax === 0) return n === 0 ? 1 : 0;
  if (ax > 713) return sign * Infinity;
  const top = n + 40 + Math.ceil(12 * Math.sqrt(ax)) + Math.ceil(ax / 10);
  let next = 0;
  let cur = 1e-280;
  let sum = 0;
  let wanted = 0;
  for (let k = top; k >= 1; k--) {
    if (k === n) wanted = cur;
    sum += cur;
    const prev = ((2 * k) / ax) * cur + next;
    next = cur;
    cur = prev;
    if (cur > 1e250) {
      cur *= 1e-250;
      next *= 1e-250;
      sum *= 1e-250;
      wanted *= 1e-250;
    }
  }
  // cur = I_0 (scaled); e^x = I_0 + 2 sum_{k>=1} I_k, with the exponential split to stay finite
  const i0 = cur;
  const total = i0 + 2 * sum;
  const value = n === 0 ? i0 : wanted;
  return sign * (value / total) * Math.exp(ax);
}
