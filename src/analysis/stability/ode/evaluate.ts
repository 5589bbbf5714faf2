import { evalBuiltin, type Expr } from './expr';

/**
 * Tree-walking evaluation of an expression: used for constant folding of initial values, for tests, and as the
 * reference the compiled code is checked against. Integrators use the compiled form (compile.ts).
 */
export function evalExpr(e: Expr, t: number, y: ArrayLike<number>, p: ArrayLike<number>): number {
  switch (e.k) {
    case 'num':
      return e.v;
    case 't':
      return t;
    case 'state':
      return y[e.i];
    case 'param':
      return p[e.i];
    case 'neg':
      return -evalExpr(e.a, t, y, p);
    case 'if':
      return evalExpr(e.c, t, y, p) !== 0 ? evalExpr(e.a, t, y, p) : evalExpr(e.b, t, y, p);
    case 'call':
      return evalBuiltin(
        e.fn,
        e.args.map((a) => evalExpr(a, t, y, p)),
      );
    case 'bin': {
      const a = evalExpr(e.a, t, y, p);
      const b = evalExpr(e.b, t, y, p);
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return Math.pow(a, b);
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
      }
    }
  }
}
