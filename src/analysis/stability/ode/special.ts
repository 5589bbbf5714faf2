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
 * For conv, `type` says what u(j+i) is outside 0..n-1: even (mirrored), periodic (wrapped) or 0.
 */
import { add, mul, num, type Expr } from './expr';
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
  /** A user function of two arguments applied to a and b. */
  apply(raw: RawExpr, a: Expr, b: Expr, at: Token): Expr;
}

const ARITY: Record<string, number> = { conv: 5, fconv: 7, sparse: 5, fsparse: 7, mmult: 4, fmmult: 6 };

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
      const u = c.variable(A[4], k, at);
      const term = fn === 'sparse' ? u : c.apply(A[6], u, c.variable(A[5], j, at), at);
      terms.push(mul(num(weight(w, j * m + i)), term));
    }
    return sumOf(terms);
  }
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
