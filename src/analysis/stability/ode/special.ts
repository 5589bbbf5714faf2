/**
 * XPPAUT's `special` array operators (xppodes help): `special z = conv(type, n, m, w, u0)` and friends define a
 * one-dimensional array z(0..n-1) of weighted sums over a block of consecutive variables starting at u0, with
 * weights read from a table (by index, 0-based). Each z(j) used in the model (j a constant after index expansion)
 * becomes an explicit sum over its terms, so the operators compile like any other expression.
 *   conv(type,n,m,w,u)        z(j) = sum_{i=-m..m} w(m+i) u(j+i)
 *   fconv(type,n,m,w,u,v,f)   z(j) = sum_{i=-m..m} w(m+i) f(u(j+i), v(j))
 *   sparse(n,m,w,c,u)         z(j) = sum_{i=0..m-1} w(jm+i) u(c(jm+i))
 *   fsparse(n,m,w,c,u,v,f)    z(j) = sum_{i=0..m-1} w(jm+i) f(u(c(jm+i)), v(j))
 *   mmult(m,n,w,u)            z(j) = sum_{i=0..m-1} w(i+mj) u(i)
 *   fmmult(m,n,w,u,v,f)       z(j) = sum_{i=0..m-1} w(i+mj) f(u(i), v(j))
 *   fftcon(type,n,w,u)        z(j) = sum_l K(l) u(j-l), a true convolution (XPPAUT computes it by FFT): type 0
 *                             with K(l) = w(n+l), u = 0 outside 0..n-1; periodic with K(l mod n) read from w as
 *                             XPPAUT lays it out (lags 0..n/2 from w(n/2..), the negative lags from w(0..))
 *   interp(type,n,u)          z(x) = (1-f) u(k) + f u(k+1), k = trunc(x), f = x - k: u as a function on [0, n)
 *                             (type 0, linear, the only one XPPAUT has; 0 outside; [n-1, n) holds u(n-1))
 *   findext(type,n,skip,u)    z(0) = max of u(0), u(skip), ... below n, z(1) its first index, z(2) the min, z(3)
 *                             its index (type 1: max only, -1: min only, the other pair stays u(0), 0)
 *   delmmult(n,m,w,tau,u)     z(j) = sum_{i=0..n-1} w(jn+i) delay(u(i), tau(jn+i))
 *   delsparse(m,c,w,k,tau,u)  z(j) = sum_{i=0..c-1} w(jc+i) delay(u(k(jc+i)), tau(jc+i)), negative k skipped
 * For conv, `type` says what u(j+i) is outside 0..n-1: even (mirrored), periodic (wrapped) or 0. The operators read
 * as XPPAUT 8's simplenet.c evaluates them; fftcon and interp were checked against XPPAUT 6.11's output.
 */
import { add, mul, num, sub, type Expr } from './expr';
import type { Token } from './lexer';
import type { RawExpr } from './syntax';

export interface SpecialDecl {
  name: string;
  fn: string;
  args: RawExpr[];
  line: number;
  column: number;
}

export interface SpecialContext {
  fail(msg: string, row: number, column: number): never;
  /** Integer value of a constant argument. */
  integer(raw: RawExpr, what: string): number;
  /** Values of a table (by name). */
  table(raw: RawExpr): Float64Array;
  /** The variable `offset` places after the one named by raw (states or fixed quantities), as an expression. */
  variable(raw: RawExpr, offset: number, at: Token): Expr;
  /** The state `offset` places after the one named by raw, delayed by tau. */
  delayed(raw: RawExpr, offset: number, tau: number, at: Token): Expr;
  /** A user function of two arguments applied to a and b. */
  apply(raw: RawExpr, a: Expr, b: Expr, at: Token): Expr;
}

const ARITY: Record<string, number> = {
  conv: 5,
  fconv: 7,
  sparse: 5,
  fsparse: 7,
  mmult: 4,
  fmmult: 6,
  fftcon: 4,
  interp: 3,
  findext: 4,
  delmmult: 5,
  delsparse: 6,
};

/** Arity of an operator; gill(type, rate1, ..., rateM) takes any number of rates (-1). */
export function specialArity(fn: string): number | undefined {
  return fn === 'gill' ? -1 : ARITY[fn];
}

function sumOf(terms: Expr[]): Expr {
  if (terms.length === 0) return num(0);
  const tree = (a: number, b: number): Expr =>
    b - a === 1 ? terms[a] : add(tree(a, (a + b) >> 1), tree((a + b) >> 1, b));
  return tree(0, terms.length);
}

/** z(j) of the special array `s`. */
export function specialElement(s: SpecialDecl, j: number, at: Token, c: SpecialContext): Expr {
  const A = s.args;
  const weight = (w: Float64Array, k: number): number => {
    if (k < 0 || k >= w.length)
      return c.fail(
        `special ${s.name}: element ${k} of its weight table is outside the table's ${w.length} values`,
        s.line,
        s.column,
      );
    return w[k];
  };
  const terms: Expr[] = [];
  const fn = s.fn;
  if (fn === 'conv' || fn === 'fconv') {
    const type = A[0].k === 'id' ? A[0].name.toLowerCase() : String(A[0].k === 'num' ? A[0].v : '');
    const n = c.integer(A[1], 'n');
    const m = c.integer(A[2], 'm');
    const w = c.table(A[3]);
    if (j < 0 || j >= n) return c.fail(`${s.name}(${j}) is outside 0..${n - 1}`, at.line, at.column);
    for (let i = -m; i <= m; i++) {
      let k = j + i;
      if (k < 0 || k >= n) {
        if (type === 'periodic' || type === 'period') k = ((k % n) + n) % n;
        else if (type === 'even') k = k < 0 ? -k : 2 * (n - 1) - k;
        else continue; // type 0: zero outside
        if (k < 0 || k >= n) continue;
      }
      const u = c.variable(A[4], k, at);
      const term = fn === 'conv' ? u : c.apply(A[6], u, c.variable(A[5], j, at), at);
      terms.push(mul(num(weight(w, m + i)), term));
    }
    return sumOf(terms);
  }
  if (fn === 'sparse' || fn === 'fsparse') {
    const n = c.integer(A[0], 'n');
    const m = c.integer(A[1], 'm');
    const w = c.table(A[2]);
    const idx = c.table(A[3]);
    if (j < 0 || j >= n) return c.fail(`${s.name}(${j}) is outside 0..${n - 1}`, at.line, at.column);
    for (let i = 0; i < m; i++) {
      const k = Math.trunc(weight(idx, j * m + i));
      if (k < 0) continue; // XPPAUT marks a missing connection with a negative index
      const u = c.variable(A[4], k, at);
      const term = fn === 'sparse' ? u : c.apply(A[6], u, c.variable(A[5], j, at), at);
      terms.push(mul(num(weight(w, j * m + i)), term));
    }
    return sumOf(terms);
  }
  if (fn === 'fftcon') return fftconElement(s, j, at, c, weight);
  if (fn === 'findext') return findextElement(s, j, at, c);
  if (fn === 'delmmult' || fn === 'delsparse') return delayedElement(s, j, at, c, weight);
  // mmult / fmmult: an n x m matrix times an m-vector
  const m = c.integer(A[0], 'm');
  const n = c.integer(A[1], 'n');
  const w = c.table(A[2]);
  if (j < 0 || j >= n) return c.fail(`${s.name}(${j}) is outside 0..${n - 1}`, at.line, at.column);
  for (let i = 0; i < m; i++) {
    const u = c.variable(A[3], i, at);
    const term = fn === 'mmult' ? u : c.apply(A[5], u, c.variable(A[4], j, at), at);
    terms.push(mul(num(weight(w, i + m * j)), term));
  }
  return sumOf(terms);
}

type Weight = (w: Float64Array, k: number) => number;

function typeName(raw: RawExpr): string {
  return raw.k === 'id' ? raw.name.toLowerCase() : raw.k === 'num' ? String(raw.v) : '';
}

function fftconElement(s: SpecialDecl, j: number, at: Token, c: SpecialContext, weight: Weight): Expr {
  const type = typeName(s.args[0]);
  const zero = type[0] === '0' || type[0] === 'z';
  if (!zero && type[0] !== 'p')
    return c.fail(`special ${s.name}: fftcon type must be 0 or periodic, found "${type}"`, s.line, s.column);
  const n = c.integer(s.args[1], 'n');
  const w = c.table(s.args[2]);
  if (j < 0 || j >= n) return c.fail(`${s.name}(${j}) is outside 0..${n - 1}`, at.line, at.column);
  const terms: Expr[] = [];
  if (zero) {
    // linear convolution: lags l = j-(n-1) .. j keep u(j-l) inside 0..n-1
    for (let l = j - n + 1; l <= j; l++) terms.push(mul(num(weight(w, n + l)), c.variable(s.args[3], j - l, at)));
    return sumOf(terms);
  }
  // circular convolution of length n: lag m (mod n) carries w(m + n/2) for m <= n/2, else w(m - n/2 - 1)
  const half = Math.floor(n / 2);
  for (let m = 0; m < n; m++) {
    const k = m <= half ? m + half : m - half - 1;
    terms.push(mul(num(weight(w, k)), c.variable(s.args[3], (((j - m) % n) + n) % n, at)));
  }
  return sumOf(terms);
}

function findextElement(s: SpecialDecl, j: number, at: Token, c: SpecialContext): Expr {
  const type = c.integer(s.args[0], 'type');
  const n = c.integer(s.args[1], 'n');
  const skip = c.integer(s.args[2], 'skip');
  if (![-1, 0, 1].includes(type) || n < 1 || skip < 1)
    return c.fail(`special ${s.name}: findext needs type -1, 0 or 1, n >= 1 and skip >= 1`, s.line, s.column);
  if (j < 0 || j > 3)
    return c.fail(`${s.name}(${j}) is outside 0..3 (max, its index, min, its index)`, at.line, at.column);
  const first = c.variable(s.args[3], 0, at);
  const wantMax = j < 2;
  if ((wantMax && type === -1) || (!wantMax && type === 1)) return j % 2 === 0 ? first : num(0);
  // a running extremum and the first index that reaches it (strict comparison, as XPPAUT scans)
  let best = first;
  let index: Expr = num(0);
  for (let i = skip; i < n; i += skip) {
    const u = c.variable(s.args[3], i, at);
    const better: Expr = { k: 'bin', op: wantMax ? '>' : '<', a: u, b: best };
    index = { k: 'if', c: better, a: num(i), b: index };
    best = { k: 'if', c: better, a: u, b: best };
  }
  return j % 2 === 0 ? best : index;
}

function delayedElement(s: SpecialDecl, j: number, at: Token, c: SpecialContext, weight: Weight): Expr {
  const A = s.args;
  const terms: Expr[] = [];
  if (s.fn === 'delmmult') {
    const n = c.integer(A[0], 'n');
    const m = c.integer(A[1], 'm');
    const w = c.table(A[2]);
    const tau = c.table(A[3]);
    if (j < 0 || j >= m) return c.fail(`${s.name}(${j}) is outside 0..${m - 1}`, at.line, at.column);
    for (let i = 0; i < n; i++)
      terms.push(mul(num(weight(w, j * n + i)), c.delayed(A[4], i, weight(tau, j * n + i), at)));
    return sumOf(terms);
  }
  const m = c.integer(A[0], 'm');
  const nc = c.integer(A[1], 'nc');
  const w = c.table(A[2]);
  const idx = c.table(A[3]);
  const tau = c.table(A[4]);
  if (j < 0 || j >= m) return c.fail(`${s.name}(${j}) is outside 0..${m - 1}`, at.line, at.column);
  for (let i = 0; i < nc; i++) {
    const k = Math.trunc(weight(idx, j * nc + i));
    if (k < 0) continue;
    terms.push(mul(num(weight(w, j * nc + i)), c.delayed(A[5], k, weight(tau, j * nc + i), at)));
  }
  return sumOf(terms);
}

/** interp(type, n, u) at x: the piece of trunc(x), chosen by a balanced tree of comparisons. */
export function interpAt(s: SpecialDecl, x: Expr, at: Token, c: SpecialContext): Expr {
  const type = c.integer(s.args[0], 'type');
  const n = c.integer(s.args[1], 'n');
  if (type !== 0) return c.fail(`special ${s.name}: interp type must be 0 (linear)`, s.line, s.column);
  if (n < 2) return c.fail(`special ${s.name}: interp needs n >= 2 values`, s.line, s.column);
  const u = (k: number): Expr => c.variable(s.args[2], k, at);
  const piece = (k: number): Expr => (k === n - 1 ? u(k) : add(u(k), mul(sub(x, num(k)), sub(u(k + 1), u(k)))));
  const select = (lo: number, hi: number): Expr => {
    if (lo === hi) return piece(lo);
    const mid = (lo + hi + 1) >> 1;
    return { k: 'if', c: { k: 'bin', op: '<', a: x, b: num(mid) }, a: select(lo, mid - 1), b: select(mid, hi) };
  };
  const outside: Expr = {
    k: 'bin',
    op: '|',
    a: { k: 'bin', op: '<=', a: x, b: num(-1) },
    b: { k: 'bin', op: '>=', a: x, b: num(n) },
  };
  return { k: 'if', c: outside, a: num(0), b: select(0, n - 1) };
}
