/**
 * Compiles model expressions to straight-line JavaScript (one `new Function` per model), so an integrator step costs
 * a few arithmetic operations per term and allocates nothing: states are read into locals, results written into a
 * caller-owned Float64Array. Expressions are DAGs: a node used more than once is computed once into a local
 * (common-subexpression elimination), so the code is linear in the DAG's size, never in its expanded tree. The
 * trees come only from our parser (numbers, indices, a fixed set of built-ins), so no user text reaches the
 * generated source. Runs in the worker/CLI (Node), never in the webview.
 */
import { tooLarge } from '../../core/errors';
import { children, differentiate, postOrder, type Expr } from './expr';
import type { OdeModel } from './parser';
import { createRuntime, type OdeRuntime } from './runtime';

/** f(t, y, p) -> out; reads y[0..n). */
export type VectorField = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;
/** Row-major Jacobian J[i*n + j] = d f_i / d y_j. */
export type JacobianFn = (t: number, y: Float64Array, p: Float64Array, J: Float64Array) => void;

export interface CompiledModel {
  n: number;
  rhs: VectorField;
  /** Compiled on first use (the n x n symbolic Jacobian is only built when an analysis needs it). */
  jac: JacobianFn;
  /** Auxiliary quantities, in model.aux order. */
  aux: VectorField;
  /** The symbolic Jacobian (row-major), for display and tests; built on first access. */
  readonly jacobianExprs: Expr[];
  /** Tables, delay history, random generator and Wiener increments the compiled code reads. */
  runtime: OdeRuntime;
}

/** Largest Jacobian built symbolically (entries); beyond it analyses that need J are refused. */
const MAX_JACOBIAN_ENTRIES = 250_000;

function lit(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  const s = String(v);
  return v < 0 || Object.is(v, -0) ? `(${s})` : s;
}

const isLeaf = (e: Expr): boolean =>
  e.k === 'state' || e.k === 'param' || e.k === 't' || e.k === 'num' || e.k === 'wiener';

/** JavaScript of one node given the JavaScript of its children; states are locals s0.., parameters q0.., time t. */
function nodeJs(e: Expr, c: string[]): string {
  switch (e.k) {
    case 'num':
      return lit(e.v);
    case 't':
      return 't';
    case 'state':
      return `s${e.i}`;
    case 'param':
      return `q${e.i}`;
    case 'wiener':
      return `M.w[${e.i}]`;
    case 'vint':
      return `M.vint[${e.i}]`;
    case 'tprime':
      return 'M.tp';
    case 'gill':
      return `M.gill[${e.i}][${e.j}]`;
    case 'neg':
      return `(-${c[0]})`;
    case 'if':
      return `(${c[0]} !== 0 ? ${c[1]} : ${c[2]})`;
    case 'delay':
      return `M.delay(${e.i}, t - ${c[0]})`;
    case 'table':
      return `M.table(${e.i}, ${c[0]}, ${e.slope === true})`;
    case 'rand':
      return e.fn === 'ran' ? `M.ran(${c[0]})` : `M.normal(${c[0]}, ${c[1]})`;
    case 'bin':
      return binaryJs(e, c[0], c[1]);
    case 'call':
      return callJs(e.fn, c);
  }
}

function binaryJs(e: Extract<Expr, { k: 'bin' }>, a: string, b: string): string {
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

function callJs(fn: Extract<Expr, { k: 'call' }>['fn'], a: string[]): string {
  switch (fn) {
    case 'ln':
    case 'log':
      return `Math.log(${a[0]})`;
    case 'heav':
      return `(${a[0]} >= 0 ? 1 : 0)`;
    case 'flr':
      return `Math.floor(${a[0]})`;
    case 'mod':
      return `M.mod(${a[0]}, ${a[1]})`;
    case 'erf':
    case 'erfc':
    case 'besselj':
    case 'bessely':
    case 'besseli':
      return `M.special.${fn}(${a.join(', ')})`;
    default:
      return `Math.${fn}(${a.join(', ')})`;
  }
}

/**
 * Straight-line code of the roots: nodes referenced more than once become `const c<k>` temporaries, emitted in
 * post-order (children first); everything else is inlined into its single parent.
 */
function straightLine(roots: readonly Expr[]): { body: string; root: string[] } {
  const order = postOrder(roots);
  const refs = new Map<Expr, number>();
  for (const e of order) for (const c of children(e)) refs.set(c, (refs.get(c) ?? 0) + 1);
  for (const r of roots) refs.set(r, (refs.get(r) ?? 0) + 1);
  const js = new Map<Expr, string>();
  let body = '';
  let temps = 0;
  for (const e of order) {
    const code = nodeJs(
      e,
      children(e).map((c) => js.get(c)!),
    );
    if (!isLeaf(e) && (refs.get(e) ?? 0) > 1) {
      const name = `c${temps++}`;
      body += `const ${name} = ${code};\n`;
      js.set(e, name);
    } else js.set(e, code);
  }
  return { body, root: roots.map((r) => js.get(r)!) };
}

function prologue(n: number, np: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += `const s${i} = y[${i}];\n`;
  for (let i = 0; i < np; i++) s += `const q${i} = p[${i}];\n`;
  return s;
}

function build<F>(src: string, runtime: OdeRuntime): F {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('M', `"use strict";\nreturn ${src};`)(runtime) as F;
}

export function compileExprs(exprs: readonly Expr[], n: number, np: number, runtime?: OdeRuntime): VectorField {
  const { body, root } = straightLine(exprs);
  let src = prologue(n, np) + body;
  root.forEach((r, i) => (src += `out[${i}] = ${r};\n`));
  return build<VectorField>(`function (t, y, p, out) {\n${src}}`, runtime ?? createRuntime([], 0));
}

/** Symbolic Jacobian of the right-hand sides, row-major. */
export function jacobianExprs(rhs: readonly Expr[], file = 'model.ode'): Expr[] {
  const n = rhs.length;
  if (n * n > MAX_JACOBIAN_ENTRIES)
    throw tooLarge(
      `the Jacobian of ${n} equations has ${n * n} entries (limit ${MAX_JACOBIAN_ENTRIES}); this analysis needs it`,
      { file },
    );
  const out: Expr[] = new Array(n * n);
  for (let j = 0; j < n; j++) {
    const memo = new Map<Expr, Expr>();
    const deps = new Map<Expr, boolean>();
    for (let i = 0; i < n; i++) out[i * n + j] = differentiate(rhs[i], j, memo, deps);
  }
  return out;
}

export function compileModel(model: OdeModel): CompiledModel {
  const n = model.stateNames.length;
  const np = model.paramNames.length;
  // the unknowns of a DAE are the states followed by the algebraic (solv) variables
  const nAll = n + model.solvNames.length;
  const runtime = createRuntime(
    model.tables,
    model.options.seed ?? 0,
    model.wienerNames.length,
    model.integrals.length,
  );
  let jexprs: Expr[] | undefined;
  let jac: JacobianFn | undefined;
  const symbolic = (): Expr[] => (jexprs ??= jacobianExprs(model.rhs, model.file));
  return {
    n,
    rhs: compileExprs(model.rhs, nAll, np, runtime),
    jac: (t, y, p, J) => (jac ??= compileExprs(symbolic(), n, np, runtime))(t, y, p, J),
    aux: compileExprs(
      model.aux.map((a) => a.expr),
      nAll,
      np,
      runtime,
    ),
    get jacobianExprs() {
      return symbolic();
    },
    runtime,
  };
}
