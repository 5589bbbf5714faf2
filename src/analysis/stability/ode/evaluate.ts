import { children, evalBuiltin, evalCompare, postOrder, type Expr } from './expr';

/** What evaluation needs beyond t, y and p: tables, the delay history, random draws and Wiener increments. */
export interface EvalEnv {
  table?: (i: number, x: number, slope: boolean) => number;
  delay?: (i: number, t: number) => number;
  random?: (fn: 'ran' | 'normal', args: number[]) => number;
  wiener?: ArrayLike<number>;
}

/**
 * Evaluation of an expression DAG (each shared node once, no recursion): used for constant folding of initial
 * values, for tests, and as the reference the compiled code is checked against. Integrators use the compiled form
 * (compile.ts). Without an environment, tables, delays and random draws evaluate to NaN (the caller reports it).
 */
export function evalExpr(e: Expr, t: number, y: ArrayLike<number>, p: ArrayLike<number>, env: EvalEnv = {}): number {
  const val = new Map<Expr, number>();
  for (const x of postOrder([e])) {
    const c = children(x).map((k) => val.get(k)!);
    val.set(x, evalNode(x, c, t, y, p, env));
  }
  return val.get(e)!;
}

function evalNode(e: Expr, c: number[], t: number, y: ArrayLike<number>, p: ArrayLike<number>, env: EvalEnv): number {
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
      return -c[0];
    case 'if':
      return c[0] !== 0 ? c[1] : c[2];
    case 'call':
      return evalBuiltin(e.fn, c);
    case 'delay':
      return env.delay ? env.delay(e.i, t - c[0]) : y[e.i];
    case 'table':
      return env.table ? env.table(e.i, c[0], e.slope === true) : NaN;
    case 'rand':
      return env.random ? env.random(e.fn, c) : NaN;
    case 'wiener':
      return env.wiener ? env.wiener[e.i] : 0;
    case 'vint':
    case 'tprime':
    case 'gill':
      return NaN;
    case 'bin':
      return binary(e.op, c[0], c[1]);
  }
}

function binary(op: Extract<Expr, { k: 'bin' }>['op'], a: number, b: number): number {
  switch (op) {
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
    default:
      return evalCompare(op, a, b);
  }
}
