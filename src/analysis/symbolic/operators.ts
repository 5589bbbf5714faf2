import { usageError } from '../core/errors';

/**
 * The operator vocabulary of the search. Each operator has a fixed numeric code (used in compiled programs), an
 * arity and a complexity (PySR's `complexity_of_operators`: the default is 1 per node). Domain errors are not
 * "protected" by clamping (as gplearn does): they produce NaN/Inf and the whole expression gets an infinite loss,
 * which is PySR's choice and keeps the found formulas honest.
 */
export const BINARY = ['+', '-', '*', '/', 'pow'] as const;
export const UNARY = [
  'neg',
  'sin',
  'cos',
  'tan',
  'exp',
  'log',
  'sqrt',
  'abs',
  'square',
  'cube',
  'tanh',
  'inv',
] as const;
export type BinaryName = (typeof BINARY)[number];
export type UnaryName = (typeof UNARY)[number];
export type OperatorName = BinaryName | UnaryName;

/** Operator codes: binary 0..4, unary 10..21. */
export const OP = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  pow: 4,
  neg: 10,
  sin: 11,
  cos: 12,
  tan: 13,
  exp: 14,
  log: 15,
  sqrt: 16,
  abs: 17,
  square: 18,
  cube: 19,
  tanh: 20,
  inv: 21,
} as const;

const CODE_OF: Record<OperatorName, number> = {
  '+': OP.add,
  '-': OP.sub,
  '*': OP.mul,
  '/': OP.div,
  pow: OP.pow,
  neg: OP.neg,
  sin: OP.sin,
  cos: OP.cos,
  tan: OP.tan,
  exp: OP.exp,
  log: OP.log,
  sqrt: OP.sqrt,
  abs: OP.abs,
  square: OP.square,
  cube: OP.cube,
  tanh: OP.tanh,
  inv: OP.inv,
};
const NAME_OF: Record<number, OperatorName> = Object.fromEntries(
  Object.entries(CODE_OF).map(([k, v]) => [v, k]),
) as Record<number, OperatorName>;

export function isBinary(code: number): boolean {
  return code < 10;
}
export function opName(code: number): OperatorName {
  return NAME_OF[code];
}

/** Scalar semantics of each operator (the reference the batched evaluator is tested against). */
export function applyUnary(code: number, a: number): number {
  switch (code) {
    case OP.neg:
      return -a;
    case OP.sin:
      return Math.sin(a);
    case OP.cos:
      return Math.cos(a);
    case OP.tan:
      return Math.tan(a);
    case OP.exp:
      return Math.exp(a);
    case OP.log:
      return Math.log(a);
    case OP.sqrt:
      return Math.sqrt(a);
    case OP.abs:
      return Math.abs(a);
    case OP.square:
      return a * a;
    case OP.cube:
      return a * a * a;
    case OP.tanh:
      return Math.tanh(a);
    case OP.inv:
      return 1 / a;
    default:
      throw new Error(`unknown unary operator code ${code}`);
  }
}
export function applyBinary(code: number, a: number, b: number): number {
  switch (code) {
    case OP.add:
      return a + b;
    case OP.sub:
      return a - b;
    case OP.mul:
      return a * b;
    case OP.div:
      return a / b;
    case OP.pow:
      return Math.pow(a, b);
    default:
      throw new Error(`unknown binary operator code ${code}`);
  }
}

/** The operators a search may use, with their complexities. */
export interface OperatorSet {
  binary: number[];
  unary: number[];
  /** complexity by operator code (index); leaves (variables, constants) cost `leafComplexity`. */
  complexity: Float64Array;
  leafComplexity: number;
  /** Names as given, for provenance. */
  names: string[];
}

export const DEFAULT_OPERATORS = ['+', '-', '*', '/', 'sin', 'cos', 'exp', 'log', 'sqrt', 'pow'];

const ALIASES: Record<string, OperatorName> = {
  add: '+',
  plus: '+',
  sub: '-',
  minus: '-',
  mul: '*',
  times: '*',
  mult: '*',
  div: '/',
  '^': 'pow',
  '**': 'pow',
  ln: 'log',
};

/**
 * Parses `+,-,*,/,sin:2,exp` (name[:complexity]). Unknown names are a usage error listing the known ones.
 */
export function parseOperators(spec: readonly string[]): OperatorSet {
  const complexity = new Float64Array(32).fill(1);
  const binary: number[] = [];
  const unary: number[] = [];
  const names: string[] = [];
  for (const raw of spec) {
    const item = raw.trim();
    if (item === '') continue;
    const colon = item.lastIndexOf(':');
    let name = colon > 0 ? item.slice(0, colon).trim() : item;
    let cost = 1;
    if (colon > 0) {
      cost = Number(item.slice(colon + 1));
      if (!Number.isFinite(cost) || cost <= 0)
        throw usageError(
          `--operators: complexity of "${name}" must be a positive number, got "${item.slice(colon + 1)}"`,
        );
    }
    name = ALIASES[name.toLowerCase()] ?? name.toLowerCase();
    const code = (CODE_OF as Record<string, number | undefined>)[name];
    if (code === undefined) {
      throw usageError(`--operators: unknown operator "${item}" (known: ${[...BINARY, ...UNARY].join(', ')})`);
    }
    complexity[code] = cost;
    if (isBinary(code)) {
      if (!binary.includes(code)) binary.push(code);
    } else if (!unary.includes(code)) unary.push(code);
    names.push(colon > 0 ? `${name}:${cost}` : name);
  }
  if (binary.length === 0) throw usageError('--operators: the search needs at least one binary operator (e.g. +,*)');
  return { binary, unary, complexity, leafComplexity: 1, names };
}
