import type { OperatorSet } from './operators';
import type { Rng } from '../core/random';

/**
 * Expression trees. Plain objects (no classes) so that populations can be structured-cloned between workers.
 * `c` constant, `x` feature (column index), `u` unary operator, `b` binary operator (codes in operators.ts).
 */
export type Node =
  /** `r` [p, q, e] marks a constant snapped to p/q * pi^e (exact printing); it is trusted only while v equals it */
  | { t: 'c'; v: number; r?: [number, number, number] }
  | { t: 'x'; i: number }
  | { t: 'u'; op: number; a: Node }
  | { t: 'b'; op: number; a: Node; b: Node };

export const cnst = (v: number): Node => ({ t: 'c', v });
export const feat = (i: number): Node => ({ t: 'x', i });
export const un = (op: number, a: Node): Node => ({ t: 'u', op, a });
export const bin = (op: number, a: Node, b: Node): Node => ({ t: 'b', op, a, b });

export function clone(n: Node): Node {
  switch (n.t) {
    case 'c':
      return n.r ? { t: 'c', v: n.v, r: [n.r[0], n.r[1], n.r[2]] } : { t: 'c', v: n.v };
    case 'x':
      return { t: 'x', i: n.i };
    case 'u':
      return { t: 'u', op: n.op, a: clone(n.a) };
    case 'b':
      return { t: 'b', op: n.op, a: clone(n.a), b: clone(n.b) };
  }
}

/** Number of nodes. */
export function size(n: Node): number {
  return n.t === 'u' ? 1 + size(n.a) : n.t === 'b' ? 1 + size(n.a) + size(n.b) : 1;
}

export function depth(n: Node): number {
  return n.t === 'u' ? 1 + depth(n.a) : n.t === 'b' ? 1 + Math.max(depth(n.a), depth(n.b)) : 1;
}

/** PySR's complexity: the sum of per-node complexities (1 each by default). */
export function complexity(n: Node, ops: OperatorSet): number {
  switch (n.t) {
    case 'c':
    case 'x':
      return ops.leafComplexity;
    case 'u':
      return ops.complexity[n.op] + complexity(n.a, ops);
    case 'b':
      return ops.complexity[n.op] + complexity(n.a, ops) + complexity(n.b, ops);
  }
}

/** Constants in pre-order (the order constant fitting reads and writes them in). */
export function getConstants(n: Node, out: number[] = []): number[] {
  if (n.t === 'c') out.push(n.v);
  else if (n.t === 'u') getConstants(n.a, out);
  else if (n.t === 'b') {
    getConstants(n.a, out);
    getConstants(n.b, out);
  }
  return out;
}

export type ConstNode = Extract<Node, { t: 'c' }>;
export function constantNodes(n: Node, out: ConstNode[] = []): ConstNode[] {
  if (n.t === 'c') out.push(n);
  else if (n.t === 'u') constantNodes(n.a, out);
  else if (n.t === 'b') {
    constantNodes(n.a, out);
    constantNodes(n.b, out);
  }
  return out;
}

/** Every node with a way to replace it in its parent (for mutation and crossover). */
export interface NodeSlot {
  node: Node;
  parent: Node | undefined;
  /** which child of the parent: 'a' or 'b' */
  side: 'a' | 'b' | undefined;
}
export function slots(root: Node, out: NodeSlot[] = []): NodeSlot[] {
  const walk = (n: Node, parent: Node | undefined, side: 'a' | 'b' | undefined): void => {
    out.push({ node: n, parent, side });
    if (n.t === 'u') walk(n.a, n, 'a');
    else if (n.t === 'b') {
      walk(n.a, n, 'a');
      walk(n.b, n, 'b');
    }
  };
  walk(root, undefined, undefined);
  return out;
}

/** Replaces the node in `slot` by `repl`; returns the new root (changed only when the slot was the root). */
export function replaceAt(root: Node, slot: NodeSlot, repl: Node): Node {
  if (!slot.parent) return repl;
  const p = slot.parent as { a: Node; b?: Node };
  if (slot.side === 'a') p.a = repl;
  else p.b = repl;
  return root;
}

/** Canonical text key (exact constants) used to deduplicate the hall of fame and populations. */
export function key(n: Node): string {
  switch (n.t) {
    case 'c':
      return String(n.v);
    case 'x':
      return 'x' + n.i;
    case 'u':
      return `u${n.op}(${key(n.a)})`;
    case 'b':
      return `(${key(n.a)} b${n.op} ${key(n.b)})`;
  }
}

/** Uses feature index at most `nFeatures - 1`: checked on trees that come from outside (seeds, parsing). */
export function maxFeature(n: Node): number {
  switch (n.t) {
    case 'c':
      return -1;
    case 'x':
      return n.i;
    case 'u':
      return maxFeature(n.a);
    case 'b':
      return Math.max(maxFeature(n.a), maxFeature(n.b));
  }
}

/** A random leaf: a feature (probability 1/2 when there are features) or a standard-normal constant. */
export function randomLeaf(rng: Rng, nFeatures: number): Node {
  if (nFeatures > 0 && rng.next() < 0.5) return feat(rng.int(nFeatures));
  return cnst(rng.normal());
}

/**
 * A random tree with about `nodes` nodes, built as PySR's gen_random_tree does: start from a leaf and repeatedly
 * append a random operator at a random leaf.
 */
export function randomTree(rng: Rng, ops: OperatorSet, nFeatures: number, nodes: number): Node {
  let root: Node = randomLeaf(rng, nFeatures);
  let count = 1;
  while (count < nodes) {
    const leaves = slots(root).filter((s) => s.node.t === 'c' || s.node.t === 'x');
    const s = leaves[rng.int(leaves.length)];
    const useBinary =
      ops.unary.length === 0 ||
      rng.next() < ops.binary.length / (ops.binary.length + ops.unary.length) ||
      (count + 2 <= nodes && rng.next() < 0.5);
    let repl: Node;
    if (useBinary) {
      const op = ops.binary[rng.int(ops.binary.length)];
      repl =
        rng.next() < 0.5 ? bin(op, s.node, randomLeaf(rng, nFeatures)) : bin(op, randomLeaf(rng, nFeatures), s.node);
      count += 2;
    } else {
      repl = un(ops.unary[rng.int(ops.unary.length)], s.node);
      count += 1;
    }
    root = replaceAt(root, s, repl);
  }
  return root;
}
