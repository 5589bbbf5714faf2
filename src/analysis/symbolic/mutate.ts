import { OP } from './operators';
import type { OperatorSet } from './operators';
import type { Rng } from '../core/random';
import { simplify } from './simplify';
import type { Node } from './tree';
import { bin, clone, complexity, depth, randomLeaf, randomTree, replaceAt, slots, un } from './tree';

/**
 * Mutations and crossover of PySR's regularized evolution (Cranmer 2023, sec. 3 and Table 1). Every operation
 * works on a clone and returns a new tree; the caller checks size constraints and scores it.
 */
export type MutationKind =
  | 'constant'
  | 'operator'
  | 'feature'
  | 'swap'
  | 'addNode'
  | 'insertNode'
  | 'deleteNode'
  | 'randomize'
  | 'simplify'
  | 'nothing';

/** Relative weights (the ratios follow PySR's defaults; mutate-feature added as in later SymbolicRegression.jl). */
export const MUTATION_WEIGHTS: Record<MutationKind, number> = {
  constant: 0.35,
  operator: 0.47,
  feature: 0.15,
  swap: 0.1,
  addNode: 0.79,
  insertNode: 2.0,
  deleteNode: 1.7,
  randomize: 0.01,
  simplify: 0.02,
  nothing: 0.1,
};
const KINDS = Object.keys(MUTATION_WEIGHTS) as MutationKind[];
const TOTAL = KINDS.reduce((s, k) => s + MUTATION_WEIGHTS[k], 0);

export interface MutationContext {
  rng: Rng;
  ops: OperatorSet;
  nFeatures: number;
  maxComplexity: number;
  maxDepth: number;
  /** annealing temperature in [0,1] (scales constant perturbations) */
  temperature: number;
}

export function pickMutation(rng: Rng): MutationKind {
  let r = rng.next() * TOTAL;
  for (const k of KINDS) {
    r -= MUTATION_WEIGHTS[k];
    if (r <= 0) return k;
  }
  return 'nothing';
}

function randomOperatorLeafy(m: MutationContext, child: Node): Node {
  const { rng, ops } = m;
  const nu = ops.unary.length;
  const nb = ops.binary.length;
  if (nu > 0 && rng.next() < (nu / (nu + nb)) * 0.7) return un(ops.unary[rng.int(nu)], child);
  const op = ops.binary[rng.int(nb)];
  const leaf = randomLeaf(rng, m.nFeatures);
  // the exponent of pow is kept a constant (PySR users constrain it the same way: pow: (-1, 1))
  if (op === OP.pow)
    return bin(op, child, { t: 'c', v: rng.next() < 0.5 ? 2 : Math.round(rng.normal() * 2 * 2) / 2 || 0.5 });
  return rng.next() < 0.5 ? bin(op, child, leaf) : bin(op, leaf, child);
}

/** Applies one mutation to a clone of `tree`. Returns undefined when the mutation does not apply (e.g. no constant). */
export function mutate(tree: Node, kind: MutationKind, m: MutationContext): Node | undefined {
  const { rng, ops } = m;
  const root = clone(tree);
  const all = slots(root);
  switch (kind) {
    case 'constant': {
      const cs = all.filter((s) => s.node.t === 'c');
      if (cs.length === 0) return undefined;
      const c = cs[rng.int(cs.length)].node as { t: 'c'; v: number; r?: [number, number, number] };
      // PySR's mutate_constant: multiply by maxChange^u with maxChange = 1 + perturbation * T, sometimes flip sign
      const maxChange = 1 + 1.0 * m.temperature + 0.1;
      const f = Math.pow(maxChange, rng.next());
      c.v = rng.next() < 0.5 ? c.v * f : c.v / f;
      if (rng.next() < 0.05) c.v = -c.v;
      delete c.r;
      return root;
    }
    case 'operator': {
      const os = all.filter((s) => s.node.t === 'u' || s.node.t === 'b');
      if (os.length === 0) return undefined;
      const n = os[rng.int(os.length)].node as { t: 'u' | 'b'; op: number };
      const pool = n.t === 'u' ? ops.unary : ops.binary;
      if (pool.length < 2) return undefined;
      let op = n.op;
      while (op === n.op) op = pool[rng.int(pool.length)];
      n.op = op;
      return root;
    }
    case 'feature': {
      const xs = all.filter((s) => s.node.t === 'x');
      if (xs.length === 0 || m.nFeatures < 2) return undefined;
      const x = xs[rng.int(xs.length)].node as { t: 'x'; i: number };
      let i = x.i;
      while (i === x.i) i = rng.int(m.nFeatures);
      x.i = i;
      return root;
    }
    case 'swap': {
      const bs = all.filter((s) => s.node.t === 'b');
      if (bs.length === 0) return undefined;
      const n = bs[rng.int(bs.length)].node as { a: Node; b: Node };
      const t = n.a;
      n.a = n.b;
      n.b = t;
      return root;
    }
    case 'addNode': {
      const leaves = all.filter((s) => s.node.t === 'c' || s.node.t === 'x');
      const s = leaves[rng.int(leaves.length)];
      return replaceAt(root, s, randomOperatorLeafy(m, s.node));
    }
    case 'insertNode': {
      const s = all[rng.int(all.length)];
      return replaceAt(root, s, randomOperatorLeafy(m, s.node));
    }
    case 'deleteNode': {
      const os = all.filter((s) => s.node.t === 'u' || s.node.t === 'b');
      if (os.length === 0) return undefined;
      const s = os[rng.int(os.length)];
      const n = s.node as { t: 'u' | 'b'; a: Node; b?: Node };
      const keep = n.t === 'b' && rng.next() < 0.5 ? n.b! : n.a;
      return replaceAt(root, s, keep);
    }
    case 'randomize':
      return randomTree(rng, ops, m.nFeatures, 1 + rng.int(Math.max(1, Math.min(m.maxComplexity, 12))));
    case 'simplify':
      return simplify(root, ops);
    case 'nothing':
      return root;
  }
}

/** Subtree crossover: swaps a random subtree of a clone of `a` with a random subtree of a clone of `b`. */
export function crossover(a: Node, b: Node, rng: Rng): [Node, Node] {
  let ra = clone(a);
  let rb = clone(b);
  const sa = slots(ra);
  const sb = slots(rb);
  const x = sa[rng.int(sa.length)];
  const y = sb[rng.int(sb.length)];
  const xn = x.node;
  const yn = y.node;
  ra = replaceAt(ra, x, yn);
  rb = replaceAt(rb, y, xn);
  return [ra, rb];
}

/** Groups of unary operators that may not nest inside each other (sin(sin(x)), exp(log(x)) ...). */
const GROUP: Partial<Record<number, number>> = {
  [OP.sin]: 1,
  [OP.cos]: 1,
  [OP.tan]: 1,
  [OP.exp]: 2,
  [OP.log]: 2,
  [OP.tanh]: 3,
};

/**
 * Structural constraints (PySR's `maxsize`, `maxdepth`, `nested_constraints` and `constraints` for pow):
 * complexity and depth limits, no nesting of trigonometric functions in each other or exp/log in each other, and
 * the exponent of pow a single leaf.
 */
export function admissible(tree: Node, m: { ops: OperatorSet; maxComplexity: number; maxDepth: number }): boolean {
  if (complexity(tree, m.ops) > m.maxComplexity) return false;
  if (depth(tree) > m.maxDepth) return false;
  return nestingOk(tree, 0);
}

function nestingOk(n: Node, groups: number): boolean {
  switch (n.t) {
    case 'c':
    case 'x':
      return true;
    case 'u': {
      const g = GROUP[n.op];
      if (g !== undefined) {
        const bit = 1 << g;
        if (groups & bit) return false;
        return nestingOk(n.a, groups | bit);
      }
      return nestingOk(n.a, groups);
    }
    case 'b':
      if (n.op === OP.pow && n.b.t !== 'c' && n.b.t !== 'x') return false;
      return nestingOk(n.a, groups) && nestingOk(n.b, groups);
  }
}
