import { OP, applyBinary, applyUnary } from './operators';
import type { Node } from './tree';

/**
 * Flat postfix programs over column batches: the evaluator of the search.
 *
 * An expression compiles to a list of instructions [code, dst, a, b] over "slots": slots 0..nFeatures-1 are the
 * data columns (read in place, never copied), later slots are scratch buffers of one batch length. Constant
 * operands are folded into the instruction (variants array-op-const and const-op-array), constant subtrees are
 * folded at compile time, and a node writes into its child's buffer (element-wise ops are safe in place), so a
 * tree of depth d needs at most about d buffers. Each instruction runs a tight loop over the rows of a batch: the
 * interpreter overhead (one switch per node) is amortized over the batch, as in SymbolicRegression.jl's
 * array-at-a-time evaluator. No eval/new Function: the webview's CSP forbids it, and compile cost would dominate for
 * expressions that are evaluated only a few times (measured in bench/symbolic/evaluator.ts).
 */
export interface Program {
  /** 4 ints per instruction: code, dst slot, a slot, b slot */
  code: Int32Array;
  /** constant operand of each instruction (for const variants and FILL) */
  value: Float64Array;
  length: number;
  nFeatures: number;
  /** number of scratch buffers */
  buffers: number;
  /** Result: a slot, or a constant when resultSlot < 0. */
  resultSlot: number;
  resultConst: number;
  /** nodes of the source tree (for node-evaluation counts) */
  nodes: number;
}

const BIN_BASE = 100;
/** binary instruction codes: BIN_BASE + 3*op + variant (0 array,array; 1 array,const; 2 const,array) */
const binCode = (op: number, variant: number): number => BIN_BASE + 3 * op + variant;

type Operand = { slot: number } | { value: number };

/** Compiles a tree for data with `nFeatures` columns. */
export function compile(tree: Node, nFeatures: number): Program {
  const code: number[] = [];
  const value: number[] = [];
  const freeBuffers: number[] = [];
  let nBuffers = 0;
  let nodes = 0;
  const alloc = (): number => (freeBuffers.length > 0 ? freeBuffers.pop()! : nFeatures + nBuffers++);
  const isBuffer = (o: Operand): o is { slot: number } => 'slot' in o && o.slot >= nFeatures;
  const emit = (c: number, dst: number, a: number, b: number, v: number): void => {
    code.push(c, dst, a, b);
    value.push(v);
  };
  const walk = (n: Node): Operand => {
    nodes++;
    switch (n.t) {
      case 'c':
        return { value: n.v };
      case 'x':
        if (n.i < 0 || n.i >= nFeatures)
          throw new Error(`expression uses feature ${n.i} but the data has ${nFeatures}`);
        return { slot: n.i };
      case 'u': {
        const a = walk(n.a);
        if ('value' in a) return { value: applyUnary(n.op, a.value) };
        const dst = isBuffer(a) ? a.slot : alloc();
        emit(n.op, dst, a.slot, 0, 0);
        return { slot: dst };
      }
      case 'b': {
        const a = walk(n.a);
        const b = walk(n.b);
        if ('value' in a && 'value' in b) return { value: applyBinary(n.op, a.value, b.value) };
        if ('value' in b) {
          const sa = (a as { slot: number }).slot;
          const dst = isBuffer(a) ? sa : alloc();
          emit(binCode(n.op, 1), dst, sa, 0, b.value);
          return { slot: dst };
        }
        if ('value' in a) {
          const dst = isBuffer(b) ? b.slot : alloc();
          emit(binCode(n.op, 2), dst, b.slot, 0, a.value);
          return { slot: dst };
        }
        let dst: number;
        if (isBuffer(a)) {
          dst = a.slot;
          if (isBuffer(b)) freeBuffers.push(b.slot);
        } else if (isBuffer(b)) dst = b.slot;
        else dst = alloc();
        emit(binCode(n.op, 0), dst, a.slot, b.slot, 0);
        return { slot: dst };
      }
    }
  };
  const r = walk(tree);
  return {
    code: Int32Array.from(code),
    value: Float64Array.from(value),
    length: value.length,
    nFeatures,
    buffers: nBuffers,
    resultSlot: 'slot' in r ? r.slot : -1,
    resultConst: 'value' in r ? r.value : NaN,
    nodes,
  };
}

/** Rows per batch: scratch buffers of this many doubles stay in L1/L2 across the instructions of one program. */
export const BATCH = 256;

/** Thrown by an Evaluator asked for one evaluation more than its limit (the search's --max-evals share). */
export class EvaluationLimitReached extends Error {
  constructor() {
    super('expression evaluation limit reached');
  }
}

/**
 * Reusable scratch space for evaluating programs (one per island/thread): grows to the largest program seen.
 */
export class Evaluator {
  private scratch: Float64Array[] = [];
  /** node-evaluations performed (nodes x rows), for throughput reports */
  nodeEvaluations = 0;
  /** programs evaluated over a full dataset */
  evaluations = 0;
  /** evaluations allowed: the one past it throws EvaluationLimitReached instead of running */
  limit = Infinity;

  private ensure(nBuffers: number): void {
    while (this.scratch.length < nBuffers) this.scratch.push(new Float64Array(BATCH));
  }

  /**
   * Evaluates `p` on rows [0, rows) of `columns` into `out` (length >= rows). Domain errors leave NaN/Inf in `out`.
   */
  evaluate(p: Program, columns: readonly Float64Array[], rows: number, out: Float64Array): void {
    if (this.evaluations >= this.limit) throw new EvaluationLimitReached();
    this.evaluations++;
    this.nodeEvaluations += p.nodes * rows;
    if (p.resultSlot < 0) {
      out.fill(p.resultConst, 0, rows);
      return;
    }
    if (p.resultSlot < p.nFeatures) {
      out.set(columns[p.resultSlot].subarray(0, rows));
      return;
    }
    this.ensure(p.buffers);
    const nf = p.nFeatures;
    const scratch = this.scratch;
    const code = p.code;
    const value = p.value;
    for (let off = 0; off < rows; off += BATCH) {
      const len = Math.min(BATCH, rows - off);
      for (let k = 0; k < p.length; k++) {
        const c = code[4 * k];
        const d = scratch[code[4 * k + 1] - nf];
        const sa = code[4 * k + 2];
        const A = sa < nf ? columns[sa] : scratch[sa - nf];
        const oa = sa < nf ? off : 0;
        if (c < BIN_BASE) {
          unaryLoop(c, d, A, oa, len);
        } else {
          const op = ((c - BIN_BASE) / 3) | 0;
          const variant = c - BIN_BASE - 3 * op;
          if (variant === 0) {
            const sb = code[4 * k + 3];
            const B = sb < nf ? columns[sb] : scratch[sb - nf];
            const ob = sb < nf ? off : 0;
            binaryLoop(op, d, A, oa, B, ob, len);
          } else if (variant === 1) binaryConstRight(op, d, A, oa, value[k], len);
          else binaryConstLeft(op, d, value[k], A, oa, len);
        }
      }
      const R = scratch[p.resultSlot - nf];
      for (let i = 0; i < len; i++) out[off + i] = R[i];
    }
  }
}

function unaryLoop(op: number, d: Float64Array, a: Float64Array, oa: number, n: number): void {
  switch (op) {
    case OP.neg:
      for (let i = 0; i < n; i++) d[i] = -a[oa + i];
      break;
    case OP.sin:
      for (let i = 0; i < n; i++) d[i] = Math.sin(a[oa + i]);
      break;
    case OP.cos:
      for (let i = 0; i < n; i++) d[i] = Math.cos(a[oa + i]);
      break;
    case OP.tan:
      for (let i = 0; i < n; i++) d[i] = Math.tan(a[oa + i]);
      break;
    case OP.exp:
      for (let i = 0; i < n; i++) d[i] = Math.exp(a[oa + i]);
      break;
    case OP.log:
      for (let i = 0; i < n; i++) d[i] = Math.log(a[oa + i]);
      break;
    case OP.sqrt:
      for (let i = 0; i < n; i++) d[i] = Math.sqrt(a[oa + i]);
      break;
    case OP.abs:
      for (let i = 0; i < n; i++) d[i] = Math.abs(a[oa + i]);
      break;
    case OP.square:
      for (let i = 0; i < n; i++) {
        const v = a[oa + i];
        d[i] = v * v;
      }
      break;
    case OP.cube:
      for (let i = 0; i < n; i++) {
        const v = a[oa + i];
        d[i] = v * v * v;
      }
      break;
    case OP.tanh:
      for (let i = 0; i < n; i++) d[i] = Math.tanh(a[oa + i]);
      break;
    case OP.inv:
      for (let i = 0; i < n; i++) d[i] = 1 / a[oa + i];
      break;
    default:
      throw new Error(`unknown unary code ${op}`);
  }
}

function binaryLoop(
  op: number,
  d: Float64Array,
  a: Float64Array,
  oa: number,
  b: Float64Array,
  ob: number,
  n: number,
): void {
  switch (op) {
    case OP.add:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] + b[ob + i];
      break;
    case OP.sub:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] - b[ob + i];
      break;
    case OP.mul:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] * b[ob + i];
      break;
    case OP.div:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] / b[ob + i];
      break;
    case OP.pow:
      for (let i = 0; i < n; i++) d[i] = Math.pow(a[oa + i], b[ob + i]);
      break;
    default:
      throw new Error(`unknown binary code ${op}`);
  }
}

function binaryConstRight(op: number, d: Float64Array, a: Float64Array, oa: number, c: number, n: number): void {
  switch (op) {
    case OP.add:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] + c;
      break;
    case OP.sub:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] - c;
      break;
    case OP.mul:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] * c;
      break;
    case OP.div:
      for (let i = 0; i < n; i++) d[i] = a[oa + i] / c;
      break;
    case OP.pow:
      // common exponents without Math.pow (5-20x slower than a multiply in V8)
      if (c === 2)
        for (let i = 0; i < n; i++) {
          const v = a[oa + i];
          d[i] = v * v;
        }
      else if (c === 3)
        for (let i = 0; i < n; i++) {
          const v = a[oa + i];
          d[i] = v * v * v;
        }
      else if (c === -1) for (let i = 0; i < n; i++) d[i] = 1 / a[oa + i];
      else if (c === -2)
        for (let i = 0; i < n; i++) {
          const v = a[oa + i];
          d[i] = 1 / (v * v);
        }
      else if (c === 0.5)
        for (let i = 0; i < n; i++) {
          const v = a[oa + i];
          d[i] = v === -Infinity ? Infinity : Math.sqrt(v);
        }
      else for (let i = 0; i < n; i++) d[i] = Math.pow(a[oa + i], c);
      break;
    default:
      throw new Error(`unknown binary code ${op}`);
  }
}

function binaryConstLeft(op: number, d: Float64Array, c: number, b: Float64Array, ob: number, n: number): void {
  switch (op) {
    case OP.add:
      for (let i = 0; i < n; i++) d[i] = c + b[ob + i];
      break;
    case OP.sub:
      for (let i = 0; i < n; i++) d[i] = c - b[ob + i];
      break;
    case OP.mul:
      for (let i = 0; i < n; i++) d[i] = c * b[ob + i];
      break;
    case OP.div:
      for (let i = 0; i < n; i++) d[i] = c / b[ob + i];
      break;
    case OP.pow:
      for (let i = 0; i < n; i++) d[i] = Math.pow(c, b[ob + i]);
      break;
    default:
      throw new Error(`unknown binary code ${op}`);
  }
}

/** Scalar recursive evaluation of one row: the reference semantics (tests, exports checks, single points). */
export function evaluateScalar(n: Node, row: ArrayLike<number>): number {
  switch (n.t) {
    case 'c':
      return n.v;
    case 'x':
      return row[n.i];
    case 'u':
      return applyUnary(n.op, evaluateScalar(n.a, row));
    case 'b':
      return applyBinary(n.op, evaluateScalar(n.a, row), evaluateScalar(n.b, row));
  }
}

/**
 * Mean squared error of `pred` against `y` over rows [0, n), optionally weighted; NaN or Inf anywhere -> Infinity
 * (PySR's rule: a domain error disqualifies the expression instead of being patched).
 */
export function mse(pred: Float64Array, y: Float64Array, n: number, weights?: Float64Array): number {
  let s = 0;
  if (weights) {
    let w = 0;
    for (let i = 0; i < n; i++) {
      const r = pred[i] - y[i];
      s += weights[i] * r * r;
      w += weights[i];
    }
    s /= w;
  } else {
    for (let i = 0; i < n; i++) {
      const r = pred[i] - y[i];
      s += r * r;
    }
    s /= n;
  }
  return s === s && s !== Infinity ? s : Infinity;
}
