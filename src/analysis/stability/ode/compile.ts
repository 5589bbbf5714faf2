/**
 * Compiles model expressions to straight-line JavaScript (one `new Function` per model), so an integrator step costs
 * a few arithmetic operations per term and allocates nothing: states are read into locals, results written into a
 * caller-owned Float64Array. The expression trees come only from our parser (numbers, indices, a fixed set of
 * built-ins), so no user text reaches the generated source. Runs in the worker/CLI (Node), never in the webview.
 */
import { differentiate, type Expr } from './expr';
import type { OdeModel } from './parser';

/** f(t, y, p) -> out; reads y[0..n). */
export type VectorField = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;
/** Row-major Jacobian J[i*n + j] = d f_i / d y_j. */
export type JacobianFn = (t: number, y: Float64Array, p: Float64Array, J: Float64Array) => void;

export interface CompiledModel {
  n: number;
  rhs: VectorField;
  jac: JacobianFn;
  /** Auxiliary quantities, in model.aux order. */
  aux: VectorField;
  /** The symbolic Jacobian (row-major), for display and tests. */
  jacobianExprs: Expr[];
}

const HELPERS = {
  mod: (a: number, b: number): number => a - b * Math.floor(a / b),
};

function lit(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  const s = String(v);
  return v < 0 || Object.is(v, -0) ? `(${s})` : s;
}

const isLeaf = (e: Expr): boolean => e.k === 'state' || e.k === 'param' || e.k === 't' || e.k === 'num';

/** JavaScript source of an expression; states are locals s0.., parameters locals q0.., time t. */
export function toJs(e: Expr): string {
  switch (e.k) {
    case 'num':
      return lit(e.v);
    case 't':
      return 't';
    case 'state':
      return `s${e.i}`;
    case 'param':
      return `q${e.i}`;
    case 'neg':
      return `(-${toJs(e.a)})`;
    case 'if':
      return `(${toJs(e.c)} !== 0 ? ${toJs(e.a)} : ${toJs(e.b)})`;
    case 'bin': {
      const a = toJs(e.a);
      const b = toJs(e.b);
      switch (e.op) {
        case '+':
        case '-':
        case '*':
        case '/':
          return `(${a} ${e.op} ${b})`;
        case '^':
          if (e.b.k === 'num' && isLeaf(e.a)) {
            if (e.b.v === 2) return `(${a} * ${a})`;
            if (e.b.v === 3) return `(${a} * ${a} * ${a})`;
          }
          return `Math.pow(${a}, ${b})`;
        case '&':
          return `((${a} !== 0 && ${b} !== 0) ? 1 : 0)`;
        case '|':
          return `((${a} !== 0 || ${b} !== 0) ? 1 : 0)`;
        case '==':
          return `(${a} === ${b} ? 1 : 0)`;
        case '!=':
          return `(${a} !== ${b} ? 1 : 0)`;
        default:
          return `(${a} ${e.op} ${b} ? 1 : 0)`;
      }
    }
    case 'call': {
      const a = e.args.map(toJs);
      switch (e.fn) {
        case 'ln':
        case 'log':
          return `Math.log(${a[0]})`;
        case 'heav':
          return `(${a[0]} >= 0 ? 1 : 0)`;
        case 'flr':
          return `Math.floor(${a[0]})`;
        case 'mod':
          return `M.mod(${a[0]}, ${a[1]})`;
        default:
          return `Math.${e.fn}(${a.join(', ')})`;
      }
    }
  }
}

function prologue(n: number, np: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += `const s${i} = y[${i}];\n`;
  for (let i = 0; i < np; i++) s += `const q${i} = p[${i}];\n`;
  return s;
}

function build<F>(src: string): F {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('M', `"use strict";\nreturn ${src};`)(HELPERS) as F;
}

export function compileExprs(exprs: readonly Expr[], n: number, np: number): VectorField {
  let body = prologue(n, np);
  exprs.forEach((e, i) => (body += `out[${i}] = ${toJs(e)};\n`));
  return build<VectorField>(`function (t, y, p, out) {\n${body}}`);
}

/** Symbolic Jacobian of the right-hand sides, row-major. */
export function jacobianExprs(rhs: readonly Expr[]): Expr[] {
  const n = rhs.length;
  const out: Expr[] = new Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = differentiate(rhs[i], j);
  return out;
}

export function compileModel(model: OdeModel): CompiledModel {
  const n = model.stateNames.length;
  const np = model.paramNames.length;
  const jexprs = jacobianExprs(model.rhs);
  return {
    n,
    rhs: compileExprs(model.rhs, n, np),
    jac: compileExprs(jexprs, n, np),
    aux: compileExprs(
      model.aux.map((a) => a.expr),
      n,
      np,
    ),
    jacobianExprs: jexprs,
  };
}
