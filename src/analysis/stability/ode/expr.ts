/**
 * Expression trees of .ode right-hand sides, with simplifying constructors and exact symbolic differentiation.
 * After parsing, user functions and fixed (temporary) quantities are inlined, so a model's expressions mention only
 * numbers, `t`, state variables (by index) and parameters (by index). That makes d/dx_j a purely structural rule set
 * (chain rule per built-in) and lets the compiler emit straight-line code.
 */

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
  | { k: 'if'; c: Expr; a: Expr; b: Expr };

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

export function mul(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(a.v * b.v);
  if (isNum(a, 0) || isNum(b, 0)) return ZERO;
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b);
  if (isNum(b, -1)) return neg(a);
  if (a.k === 'neg') return neg(mul(a.a, b));
  if (b.k === 'neg') return neg(mul(a, b.a));
  return { k: 'bin', op: '*', a, b };
}

export function div(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b) && b.v !== 0) return num(a.v / b.v);
  if (isNum(a, 0)) return ZERO;
  if (isNum(b, 1)) return a;
  return { k: 'bin', op: '/', a, b };
}

export function pow(a: Expr, b: Expr): Expr {
  if (isNum(a) && isNum(b)) return num(Math.pow(a.v, b.v));
  if (isNum(b, 0)) return ONE;
  if (isNum(b, 1)) return a;
  return { k: 'bin', op: '^', a, b };
}

export function call(fn: BuiltinName, args: Expr[]): Expr {
  if (args.every((x) => x.k === 'num')) {
    const v = evalBuiltin(
      fn,
      args.map((x) => (x as { v: number }).v),
    );
    if (Number.isFinite(v)) return num(v);
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

function evalCompare(op: BinaryOp, a: number, b: number): number {
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
  }
}

// ---- structural helpers -----------------------------------------------------------------------------------------

/** True when e does not depend on state variable `i` (so its derivative is exactly zero). */
export function dependsOnState(e: Expr, i: number): boolean {
  switch (e.k) {
    case 'state':
      return e.i === i;
    case 'num':
    case 't':
    case 'param':
      return false;
    case 'neg':
      return dependsOnState(e.a, i);
    case 'bin':
      return dependsOnState(e.a, i) || dependsOnState(e.b, i);
    case 'call':
      return e.args.some((x) => dependsOnState(x, i));
    case 'if':
      return dependsOnState(e.c, i) || dependsOnState(e.a, i) || dependsOnState(e.b, i);
  }
}

/**
 * Exact derivative d e / d x_i by the chain rule. Piecewise-constant pieces (heav, sign, flr, ceil, comparisons)
 * have derivative 0 almost everywhere, which is what the variational equations need. abs'(u) = sign(u) u',
 * min/max pick the active branch; mod(a, b)' = a' - b' flr(a/b) (a.e.).
 */
export function differentiate(e: Expr, i: number): Expr {
  if (!dependsOnState(e, i)) return ZERO;
  switch (e.k) {
    case 'state':
      return ONE; // dependsOnState guarantees e.i === i
    case 'num':
    case 't':
    case 'param':
      return ZERO;
    case 'neg':
      return neg(differentiate(e.a, i));
    case 'if':
      return { k: 'if', c: e.c, a: differentiate(e.a, i), b: differentiate(e.b, i) };
    case 'bin': {
      const { a, b } = e;
      switch (e.op) {
        case '+':
          return add(differentiate(a, i), differentiate(b, i));
        case '-':
          return sub(differentiate(a, i), differentiate(b, i));
        case '*':
          return add(mul(differentiate(a, i), b), mul(a, differentiate(b, i)));
        case '/': {
          // (a/b)' = a'/b - a b'/b^2
          const da = differentiate(a, i);
          const db = differentiate(b, i);
          return sub(div(da, b), div(mul(a, db), pow(b, num(2))));
        }
        case '^': {
          const da = differentiate(a, i);
          if (!dependsOnState(b, i)) {
            // (a^c)' = c a^(c-1) a'
            return mul(mul(b, pow(a, sub(b, ONE))), da);
          }
          // general: (a^b)' = a^b (b' ln a + b a'/a)
          const db = differentiate(b, i);
          return mul(e, add(mul(db, call('ln', [a])), div(mul(b, da), a)));
        }
        default:
          return ZERO; // comparisons and logical operators are piecewise constant
      }
    }
    case 'call': {
      const [u, v] = e.args;
      const du = differentiate(u, i);
      switch (e.fn) {
        case 'sin':
          return mul(call('cos', [u]), du);
        case 'cos':
          return neg(mul(call('sin', [u]), du));
        case 'tan':
          return div(du, pow(call('cos', [u]), num(2)));
        case 'asin':
          return div(du, call('sqrt', [sub(ONE, pow(u, num(2)))]));
        case 'acos':
          return neg(div(du, call('sqrt', [sub(ONE, pow(u, num(2)))])));
        case 'atan':
          return div(du, add(ONE, pow(u, num(2))));
        case 'atan2': {
          // d atan2(u, v) = (v du - u dv) / (u^2 + v^2)
          const dv = differentiate(v, i);
          return div(sub(mul(v, du), mul(u, dv)), add(pow(u, num(2)), pow(v, num(2))));
        }
        case 'sinh':
          return mul(call('cosh', [u]), du);
        case 'cosh':
          return mul(call('sinh', [u]), du);
        case 'tanh':
          return mul(sub(ONE, pow(call('tanh', [u]), num(2))), du);
        case 'exp':
          return mul(e, du);
        case 'ln':
        case 'log':
          return div(du, u);
        case 'log10':
          return div(du, mul(u, num(Math.LN10)));
        case 'sqrt':
          return div(du, mul(num(2), e));
        case 'abs':
          return mul(call('sign', [u]), du);
        case 'sign':
        case 'heav':
        case 'flr':
        case 'ceil':
          return ZERO;
        case 'min':
          return { k: 'if', c: bin('<=', u, v), a: du, b: differentiate(v, i) };
        case 'max':
          return { k: 'if', c: bin('>=', u, v), a: du, b: differentiate(v, i) };
        case 'mod':
          return sub(du, mul(differentiate(v, i), call('flr', [div(u, v)])));
        case 'pow':
          return differentiate(pow(u, v), i);
      }
    }
  }
}

/** Number of nodes, for reporting and to guard against pathological inlining. */
export function exprSize(e: Expr): number {
  switch (e.k) {
    case 'num':
    case 't':
    case 'state':
    case 'param':
      return 1;
    case 'neg':
      return 1 + exprSize(e.a);
    case 'bin':
      return 1 + exprSize(e.a) + exprSize(e.b);
    case 'call':
      return 1 + e.args.reduce((s, x) => s + exprSize(x), 0);
    case 'if':
      return 1 + exprSize(e.c) + exprSize(e.a) + exprSize(e.b);
  }
}

/** Human-readable infix form (XPPAUT syntax), used for messages and the Jacobian display. */
export function formatExpr(e: Expr, stateNames: readonly string[], paramNames: readonly string[]): string {
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
        return `${x.fn}(${x.args.map(go).join(', ')})`;
      case 'if':
        return `if(${go(x.c)})then(${go(x.a)})else(${go(x.b)})`;
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
