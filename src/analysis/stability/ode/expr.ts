/**
 * Expression trees of .ode right-hand sides, with simplifying constructors and exact symbolic differentiation.
 * After parsing, user functions and fixed (temporary) quantities are inlined, so a model's expressions mention only
 * numbers, `t`, state variables (by index) and parameters (by index). That makes d/dx_j a purely structural rule set
 * (chain rule per built-in) and lets the compiler emit straight-line code.
 */
import { besselI, besselJ, besselY, erf, erfc } from '../../core/special-functions';

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '>' | '<=' | '>=' | '==' | '!=' | '&' | '|';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 't' }
  | { k: 'state'; i: number }
  | { k: 'param'; i: number }
  | { k: 'neg'; a: Expr }
  | { k: 'bin'; op: BinaryOp; a: Expr; b: Expr }
  | { k: 'call'; fn: BuiltinName; args: Expr[] }
  /** XPPAUT's if(c)then(a)else(b). */
  | { k: 'if'; c: Expr; a: Expr; b: Expr }
  /** delay(x, tau): state i at time t - tau (history before t0 from the initial data). */
  | { k: 'delay'; i: number; tau: Expr }
  /** ran(a): uniform on [0, a); normal(m, v): normal with mean m and variance v (XPPAUT's definitions). */
  | { k: 'rand'; fn: 'ran' | 'normal'; args: Expr[] }
  /** Lookup table i at x (linear interpolation); slope: its derivative (for Jacobians). */
  | { k: 'table'; i: number; x: Expr; slope?: boolean }
  /** Wiener increment i: N(0,1)/sqrt(h), fixed over one Euler-Maruyama step of size h. */
  | { k: 'wiener'; i: number }
  /** The value of Volterra integral i at the current step (set by the integral-equation solver). */
  | { k: 'vint'; i: number }
  /** t', the integration variable inside a Volterra integrand. */
  | { k: 'tprime' }
  /** Element j of Gillespie draw i (j = 0: waiting time; j >= 1: 1 when reaction j fired), set once per step. */
  | { k: 'gill'; i: number; j: number };

/** Built-in functions of XPPAUT that we support, with their arity. */
export const BUILTINS = {
  sin: 1,
  cos: 1,
  tan: 1,
  asin: 1,
  acos: 1,
  atan: 1,
  atan2: 2,
  sinh: 1,
  cosh: 1,
  tanh: 1,
  exp: 1,
  ln: 1,
  log: 1,
  log10: 1,
  sqrt: 1,
  abs: 1,
  sign: 1,
  heav: 1,
  min: 2,
  max: 2,
  mod: 2,
  flr: 1,
  ceil: 1,
  pow: 2,
  erf: 1,
  erfc: 1,
  besselj: 2,
  bessely: 2,
  besseli: 2,
} as const;
export type BuiltinName = keyof typeof BUILTINS;

export function isBuiltin(name: string): name is BuiltinName {
  return Object.prototype.hasOwnProperty.call(BUILTINS, name);
}

// ---- simplifying constructors (constant folding and the identities 0+x, 1*x, x^1, ...) ----------------------------

export const num = (v: number): Expr => ({ k: 'num', v });
const ZERO = num(0);
const ONE = num(1);
const isNum = (e: Expr, v?: number): e is { k: 'num'; v: number } => e.k === 'num' && (v === undefined || e.v === v);

export function neg(a: Expr): Expr {
  if (a.k === 'num') return num(-a.v);
  if (a.k === 'neg') return a.a;
  return { k: 'neg', a };
}

export function add(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.v + b.v);
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (b.k === 'neg') return sub(a, b.a);
  return { k: 'bin', op: '+', a, b };
}

export function sub(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.v - b.v);
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b);
  if (b.k === 'neg') return add(a, b.a);
  return { k: 'bin', op: '-', a, b };
}

/**
 * Constant folding is exact IEEE 754: 0*x is not folded to 0 (x may be Inf or NaN at run time) and 0/0 folds to NaN.
 * Derivatives use the simplifying forms (mulD, divD), where a zero factor is a structural zero, not a value.
 */
export function mul(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.v * b.v);
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b);
  if (isNum(b, -1)) return neg(a);
  if (a.k === 'neg') return neg(mul(a.a, b));
  if (b.k === 'neg') return neg(mul(a, b.a));
  return { k: 'bin', op: '*', a, b };
}

export function div(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.v / b.v);
  if (isNum(b, 1)) return a;
  return { k: 'bin', op: '/', a, b };
}

/** Product in a derivative, where a 0 factor is the derivative of something constant (a structural zero). */
function mulD(a: Expr, b: Expr): Expr {
  if (isNum(a, 0) || isNum(b, 0)) return ZERO;
  return mul(a, b);
}
function divD(a: Expr, b: Expr): Expr {
  if (isNum(a, 0)) return ZERO;
  return div(a, b);
}

export function pow(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(Math.pow(a.v, b.v));
  if (isNum(b, 0)) return ONE;
  if (isNum(b, 1)) return a;
  return { k: 'bin', op: '^', a, b };
}

export function call(fn: BuiltinName, args: Expr[]): Expr {
  if (args.every((x) => x.k === 'num')) {
    return num(
      evalBuiltin(
        fn,
        args.map((x) => (x as { v: number }).v),
      ),
    );
  }
  return { k: 'call', fn, args };
}

export function bin(op: BinaryOp, a: Expr, b: Expr): Expr {
  switch (op) {
    case '+':
      return add(a, b);
    case '-':
      return sub(a, b);
    case '*':
      return mul(a, b);
    case '/':
      return div(a, b);
    case '^':
      return pow(a, b);
    default:
      if (isNum(a) && isNum(b)) return num(evalCompare(op, a.v, b.v));
      return { k: 'bin', op, a, b };
  }
}

/** Comparison and logic operators (1 true, 0 false), as XPPAUT evaluates them; NaN for the arithmetic ones. */
export function evalCompare(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '<':
      return a < b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '&':
      return a !== 0 && b !== 0 ? 1 : 0;
    case '|':
      return a !== 0 || b !== 0 ? 1 : 0;
    default:
      return NaN;
  }
}

/** XPPAUT semantics: heav(x) = 1 for x >= 0; mod(a, b) has the sign of b; flr is floor. */
export function evalBuiltin(fn: BuiltinName, a: number[]): number {
  switch (fn) {
    case 'sin':
      return Math.sin(a[0]);
    case 'cos':
      return Math.cos(a[0]);
    case 'tan':
      return Math.tan(a[0]);
    case 'asin':
      return Math.asin(a[0]);
    case 'acos':
      return Math.acos(a[0]);
    case 'atan':
      return Math.atan(a[0]);
    case 'atan2':
      return Math.atan2(a[0], a[1]);
    case 'sinh':
      return Math.sinh(a[0]);
    case 'cosh':
      return Math.cosh(a[0]);
    case 'tanh':
      return Math.tanh(a[0]);
    case 'exp':
      return Math.exp(a[0]);
    case 'ln':
    case 'log':
      return Math.log(a[0]);
    case 'log10':
      return Math.log10(a[0]);
    case 'sqrt':
      return Math.sqrt(a[0]);
    case 'abs':
      return Math.abs(a[0]);
    case 'sign':
      return Math.sign(a[0]);
    case 'heav':
      return a[0] >= 0 ? 1 : 0;
    case 'min':
      return Math.min(a[0], a[1]);
    case 'max':
      return Math.max(a[0], a[1]);
    case 'mod':
      return a[0] - a[1] * Math.floor(a[0] / a[1]);
    case 'flr':
      return Math.floor(a[0]);
    case 'ceil':
      return Math.ceil(a[0]);
    case 'pow':
      return Math.pow(a[0], a[1]);
    case 'erf':
      return erf(a[0]);
    case 'erfc':
      return erfc(a[0]);
    case 'besselj':
      return besselJ(a[0], a[1]);
    case 'bessely':
      return besselY(a[0], a[1]);
    case 'besseli':
      return besselI(a[0], a[1]);
  }
}

// ---- structural helpers: expressions are DAGs (inlined names share nodes), so every walk memoizes per node -----

/** Children of a node, in evaluation order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.k) {
    case 'neg':
      return [e.a];
    case 'bin':
      return [e.a, e.b];
    case 'call':
    case 'rand':
      return e.args;
    case 'if':
      return [e.c, e.a, e.b];
    case 'delay':
      return [e.tau];
    case 'table':
      return [e.x];
    default:
      return [];
  }
}

/** Distinct nodes reachable from the roots, children before parents (no recursion: any depth is safe). */
export function postOrder(roots: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  const seen = new Set<Expr>();
  const stack: [Expr, boolean][] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push([roots[r], false]);
  while (stack.length > 0) {
    const [e, done] = stack.pop()!;
    if (done) {
      out.push(e);
      continue;
    }
    if (seen.has(e)) continue;
    seen.add(e);
    stack.push([e, true]);
    const c = children(e);
    for (let k = c.length - 1; k >= 0; k--) if (!seen.has(c[k])) stack.push([c[k], false]);
  }
  return out;
}

/** Number of distinct nodes (shared subexpressions counted once). */
export function exprSize(e: Expr | readonly Expr[]): number {
  return postOrder(Array.isArray(e) ? (e as Expr[]) : [e as Expr]).length;
}

/** Depth of the DAG (longest path to a leaf). */
export function exprDepth(roots: readonly Expr[]): number {
  const depth = new Map<Expr, number>();
  let max = 0;
  for (const e of postOrder(roots)) {
    let d = 1;
    for (const c of children(e)) d = Math.max(d, 1 + depth.get(c)!);
    depth.set(e, d);
    if (d > max) max = d;
  }
  return max;
}

/** Size of the tree the DAG expands to, saturating at `cap` (for passes that must expand, such as printing). */
function expandedSize(e: Expr, cap: number): number {
  const size = new Map<Expr, number>();
  for (const x of postOrder([e])) {
    let s = 1;
    for (const c of children(x)) s = Math.min(cap, s + size.get(c)!);
    size.set(x, s);
  }
  return size.get(e)!;
}

/** True when e does not depend on state variable `i` (so its derivative is exactly zero). */
export function dependsOnState(e: Expr, i: number, memo: Map<Expr, boolean> = new Map()): boolean {
  if (e.k === 'state') return e.i === i;
  // delayed values, random draws and Wiener increments do not move with the current state
  if (e.k === 'delay' || e.k === 'rand' || e.k === 'wiener' || e.k === 'vint') return false;
  const have = memo.get(e);
  if (have !== undefined) return have;
  let r = false;
  for (const c of children(e)) if (dependsOnState(c, i, memo)) r = true;
  memo.set(e, r);
  return r;
}

/**
 * Exact derivative d e / d x_i by the chain rule, memoized per node so shared subexpressions are differentiated once.
 * Piecewise-constant pieces (heav, sign, flr, ceil, comparisons) have derivative 0 almost everywhere, which is what
 * the variational equations need. abs'(u) = sign(u) u', min/max pick the active branch; mod(a, b)' = a' - b'
 * flr(a/b) (a.e.); a table's derivative is the slope of its linear interpolant.
 */
export function differentiate(
  e: Expr,
  i: number,
  memo: Map<Expr, Expr> = new Map(),
  deps: Map<Expr, boolean> = new Map(),
): Expr {
  if (!dependsOnState(e, i, deps)) return ZERO;
  const have = memo.get(e);
  if (have) return have;
  const d = derivativeOf(e, (x) => differentiate(x, i, memo, deps));
  memo.set(e, d);
  return d;
}

function derivativeOf(e: Expr, D: (x: Expr) => Expr): Expr {
  switch (e.k) {
    case 'state':
      return ONE; // dependsOnState guarantees e.i === i
    case 'neg':
      return neg(D(e.a));
    case 'if':
      return { k: 'if', c: e.c, a: D(e.a), b: D(e.b) };
    case 'table':
      return e.slope ? ZERO : mulD({ k: 'table', i: e.i, x: e.x, slope: true }, D(e.x));
    case 'bin':
      return binaryDerivative(e, D);
    case 'call':
      return callDerivative(e, D);
    default:
      return ZERO;
  }
}

function binaryDerivative(e: Extract<Expr, { k: 'bin' }>, D: (x: Expr) => Expr): Expr {
  const { a, b } = e;
  switch (e.op) {
    case '+':
      return add(D(a), D(b));
    case '-':
      return sub(D(a), D(b));
    case '*':
      return add(mulD(D(a), b), mulD(a, D(b)));
    case '/':
      // (a/b)' = a'/b - a b'/b^2
      return sub(divD(D(a), b), divD(mulD(a, D(b)), pow(b, num(2))));
    case '^': {
      const da = D(a);
      const db = D(b);
      // (a^c)' = c a^(c-1) a'
      if (isNum(db, 0)) return mulD(mulD(b, pow(a, sub(b, ONE))), da);
      // general: (a^b)' = a^b (b' ln a + b a'/a)
      return mulD(e, add(mulD(db, call('ln', [a])), divD(mulD(b, da), a)));
    }
    default:
      return ZERO; // comparisons and logical operators are piecewise constant
  }
}

function callDerivative(e: Extract<Expr, { k: 'call' }>, D: (x: Expr) => Expr): Expr {
  const [u, v] = e.args;
  const du = D(u);
  switch (e.fn) {
    case 'sin':
      return mulD(call('cos', [u]), du);
    case 'cos':
      return neg(mulD(call('sin', [u]), du));
    case 'tan':
      return divD(du, pow(call('cos', [u]), num(2)));
    case 'asin':
      return divD(du, call('sqrt', [sub(ONE, pow(u, num(2)))]));
    case 'acos':
      return neg(divD(du, call('sqrt', [sub(ONE, pow(u, num(2)))])));
    case 'atan':
      return divD(du, add(ONE, pow(u, num(2))));
    case 'atan2':
      // d atan2(u, v) = (v du - u dv) / (u^2 + v^2)
      return divD(sub(mulD(v, du), mulD(u, D(v))), add(pow(u, num(2)), pow(v, num(2))));
    case 'sinh':
      return mulD(call('cosh', [u]), du);
    case 'cosh':
      return mulD(call('sinh', [u]), du);
    case 'tanh':
      return mulD(sub(ONE, pow(call('tanh', [u]), num(2))), du);
    case 'exp':
      return mulD(e, du);
    case 'ln':
    case 'log':
      return divD(du, u);
    case 'log10':
      return divD(du, mul(u, num(Math.LN10)));
    case 'sqrt':
      return divD(du, mul(num(2), e));
    case 'abs':
      return mulD(call('sign', [u]), du);
    case 'sign':
    case 'heav':
    case 'flr':
    case 'ceil':
      return ZERO;
    case 'min':
      return { k: 'if', c: bin('<=', u, v), a: du, b: D(v) };
    case 'max':
      return { k: 'if', c: bin('>=', u, v), a: du, b: D(v) };
    case 'mod':
      return sub(du, mulD(D(v), call('flr', [div(u, v)])));
    case 'pow':
      return D(pow(u, v));
    case 'erf':
      // erf' = 2/sqrt(pi) e^{-u^2} (A&S 7.1.19)
      return mulD(mul(num(2 / Math.sqrt(Math.PI)), call('exp', [neg(pow(u, num(2)))])), du);
    case 'erfc':
      return neg(mulD(mul(num(2 / Math.sqrt(Math.PI)), call('exp', [neg(pow(u, num(2)))])), du));
    case 'besselj':
    case 'bessely':
      // the order is truncated to an integer (derivative 0); d/dx C_n = (C_{n-1} - C_{n+1})/2 (A&S 9.1.27)
      return mulD(mul(num(0.5), sub(call(e.fn, [sub(u, ONE), v]), call(e.fn, [add(u, ONE), v]))), D(v));
    case 'besseli':
      // d/dx I_n = (I_{n-1} + I_{n+1})/2 (A&S 9.6.26)
      return mulD(mul(num(0.5), add(call('besseli', [sub(u, ONE), v]), call('besseli', [add(u, ONE), v]))), D(v));
  }
}

/** Expanded trees larger than this are not printed in full. */
const MAX_PRINTED_NODES = 20_000;

/** Human-readable infix form (XPPAUT syntax), used for messages and the Jacobian display. */
export function formatExpr(
  e: Expr,
  stateNames: readonly string[],
  paramNames: readonly string[],
  tableNames: readonly string[] = [],
): string {
  const size = expandedSize(e, MAX_PRINTED_NODES + 1);
  if (size > MAX_PRINTED_NODES) return `(an expression of ${exprSize(e)} shared nodes, too large to print expanded)`;
  const prec = (x: Expr): number => {
    if (x.k === 'bin') {
      if (x.op === '+' || x.op === '-') return 2;
      if (x.op === '*' || x.op === '/') return 3;
      if (x.op === '^') return 5;
      return 1;
    }
    if (x.k === 'neg') return 4;
    return 6;
  };
  const go = (x: Expr): string => {
    switch (x.k) {
      case 'num':
        return x.v < 0 ? `(${x.v})` : String(x.v);
      case 't':
        return 't';
      case 'state':
        return stateNames[x.i];
      case 'param':
        return paramNames[x.i];
      case 'neg':
        return '-' + wrap(x.a, 4);
      case 'call':
      case 'rand':
        return `${x.fn}(${x.args.map(go).join(', ')})`;
      case 'if':
        return `if(${go(x.c)})then(${go(x.a)})else(${go(x.b)})`;
      case 'delay':
        return `delay(${stateNames[x.i]}, ${go(x.tau)})`;
      case 'table':
        return `${x.slope ? 'slope of ' : ''}${tableNames[x.i] ?? `table${x.i}`}(${go(x.x)})`;
      case 'wiener':
        return `wiener${x.i}`;
      case 'vint':
        return `int${x.i}`;
      case 'tprime':
        return "t'";
      case 'gill':
        return `gill${x.i}(${x.j})`;
      case 'bin': {
        const p = prec(x);
        const right = x.op === '-' || x.op === '/' ? p + 1 : x.op === '^' ? p : p;
        const left = x.op === '^' ? p + 1 : p;
        return `${wrap(x.a, left)}${x.op === '*' || x.op === '/' || x.op === '^' ? x.op : ` ${x.op} `}${wrap(x.b, right)}`;
      }
    }
  };
  const wrap = (x: Expr, min: number): string => (prec(x) < min ? `(${go(x)})` : go(x));
  return go(e);
}
