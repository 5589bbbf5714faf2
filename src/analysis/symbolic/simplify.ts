import { OP, applyBinary, applyUnary } from './operators';
import type { OperatorSet } from './operators';
import type { Node } from './tree';
import { bin, clone, cnst, key } from './tree';

/**
 * Algebraic simplification and constant folding (PySR's "simplify" mutation, Cranmer 2023 sec. 3). Rules preserve
 * the value wherever the input is defined; a few (x*0 -> 0, x/x -> 1, x-x -> 0) also remove points where the input
 * was NaN, as PySR's do. It never introduces an operator outside `ops`, so complexity stays comparable.
 *
 * 1. folding of constant subtrees;
 * 2. identities: x+0, x-0, x*1, x/1, pow(x,1), pow(x,0), x*0, x-x, x/x;
 * 3. collecting sums and products: a chain of +/- (or * and /) is flattened into signed terms, the constants in
 *    it are merged into one, equal terms are counted (t + t -> 2*t when * is available) and the chain is rebuilt
 *    with the constant last (sums) or first (products).
 */
export function simplify(tree: Node, ops: OperatorSet): Node {
  let cur = tree;
  let k = key(cur);
  for (let pass = 0; pass < 4; pass++) {
    cur = simplifyNode(cur, ops);
    const k2 = key(cur);
    if (k2 === k) break;
    k = k2;
  }
  return cur;
}

const isC = (n: Node, v?: number): boolean => n.t === 'c' && (v === undefined || n.v === v);

function simplifyNode(n: Node, ops: OperatorSet): Node {
  if (n.t === 'c' || n.t === 'x') return n;
  if (n.t === 'u') {
    let a = simplifyNode(n.a, ops);
    if (a.t === 'c') return cnst(applyUnary(n.op, a.v));
    // even functions drop a sign: cos(-x) = cos(x), cos(-c*x) = cos(c*x), |-x| = |x|
    if (n.op === OP.cos || n.op === OP.abs) {
      if (a.t === 'u' && a.op === OP.neg) a = a.a;
      else if (a.t === 'b' && (a.op === OP.mul || a.op === OP.div) && a.a.t === 'c' && a.a.v < 0) {
        a = a.a.v === -1 && a.op === OP.mul ? a.b : { t: 'b', op: a.op, a: cnst(-a.a.v), b: a.b };
      }
    }
    if (n.op === OP.neg && a.t === 'u' && a.op === OP.neg) return a.a;
    // sin/cos(u + m pi/2) -> +-sin(u) or +-cos(u) when the shift is a multiple of pi/2 to round-off (the search
    // finds cos(x - 1.5707...) for sin(x) and sin(y + 3.14159...) for -sin(y))
    if ((n.op === OP.sin || n.op === OP.cos) && a.t === 'b' && (a.op === OP.add || a.op === OP.sub) && a.b.t === 'c') {
      const shift = a.op === OP.add ? a.b.v : -a.b.v;
      const m = Math.round(shift / (Math.PI / 2));
      if (m !== 0 && Math.abs(shift - (m * Math.PI) / 2) <= 1e-12 * Math.max(1, Math.abs(shift))) {
        const q = ((m % 4) + 4) % 4;
        // sin(u + q pi/2) = [sin, cos, -sin, -cos][q](u); cos(u + q pi/2) = [cos, -sin, -cos, sin][q](u)
        const fn = n.op === OP.sin ? (q % 2 === 0 ? OP.sin : OP.cos) : q % 2 === 0 ? OP.cos : OP.sin;
        const negative = n.op === OP.sin ? q >= 2 : q === 1 || q === 2;
        if (ops.unary.includes(fn)) {
          const base: Node = { t: 'u', op: fn, a: a.a };
          if (!negative) return base;
          if (ops.unary.includes(OP.neg)) return { t: 'u', op: OP.neg, a: base };
          if (ops.binary.includes(OP.mul)) return bin(OP.mul, cnst(-1), base);
        }
      }
    }
    return { t: 'u', op: n.op, a };
  }
  const a = simplifyNode(n.a, ops);
  const b = simplifyNode(n.b, ops);
  if (a.t === 'c' && b.t === 'c') return cnst(applyBinary(n.op, a.v, b.v));
  switch (n.op) {
    case OP.add:
      if (isC(a, 0)) return b;
      if (isC(b, 0)) return a;
      return collectSum({ t: 'b', op: n.op, a, b }, ops);
    case OP.sub:
      if (isC(b, 0)) return a;
      if (key(a) === key(b)) return cnst(0);
      return collectSum({ t: 'b', op: n.op, a, b }, ops);
    case OP.mul:
      if (isC(a, 0) || isC(b, 0)) return cnst(0);
      if (isC(a, 1)) return b;
      if (isC(b, 1)) return a;
      return collectProduct({ t: 'b', op: n.op, a, b }, ops);
    case OP.div:
      if (isC(b, 1)) return a;
      if (isC(a, 0)) return cnst(0);
      if (key(a) === key(b)) return cnst(1);
      return collectProduct({ t: 'b', op: n.op, a, b }, ops);
    case OP.pow:
      if (isC(b, 1)) return a;
      if (isC(b, 0)) return cnst(1);
      // (c*x)^k = c^k * x^k for an integer k: the constant comes out where snapping and the eye can see it
      if (
        b.t === 'c' &&
        Number.isInteger(b.v) &&
        a.t === 'b' &&
        a.op === OP.mul &&
        a.a.t === 'c' &&
        ops.binary.includes(OP.mul)
      ) {
        return bin(OP.mul, cnst(Math.pow(a.a.v, b.v)), { t: 'b', op: OP.pow, a: a.b, b });
      }
      return { t: 'b', op: n.op, a, b };
  }
  return { t: 'b', op: n.op, a, b };
}

interface Term {
  node: Node;
  /** +1/-1 in sums; exponent +1/-1 in products */
  sign: number;
  count: number;
}

interface ConstantAcc {
  v: number;
  /** the constant nodes merged into v (a lone one is reused, so a snapped constant keeps its exact form) */
  nodes: { node: Extract<Node, { t: 'c' }>; sign: number }[];
}

function flatten(
  n: Node,
  plusOp: number,
  minusOp: number,
  sign: number,
  terms: Term[],
  constant: ConstantAcc,
  isProduct: boolean,
): void {
  if (n.t === 'b' && (n.op === plusOp || n.op === minusOp)) {
    flatten(n.a, plusOp, minusOp, sign, terms, constant, isProduct);
    flatten(n.b, plusOp, minusOp, n.op === minusOp ? -sign : sign, terms, constant, isProduct);
    return;
  }
  if (n.t === 'c') {
    constant.nodes.push({ node: n, sign });
    if (isProduct) constant.v = sign > 0 ? constant.v * n.v : constant.v / n.v;
    else constant.v += sign * n.v;
    return;
  }
  const k = key(n);
  const same = terms.find((t) => t.sign === sign && key(t.node) === k);
  if (same) same.count++;
  else {
    // a term cancelling an earlier one with the opposite sign: x - x, x / x
    const opposite = terms.find((t) => t.sign === -sign && t.count > 0 && key(t.node) === k);
    if (opposite) opposite.count--;
    else terms.push({ node: n, sign, count: 1 });
  }
}

function has(ops: OperatorSet, op: number): boolean {
  return ops.binary.includes(op);
}

function collectSum(n: Node, ops: OperatorSet): Node {
  const terms: Term[] = [];
  const c: ConstantAcc = { v: 0, nodes: [] };
  flatten(n, OP.add, OP.sub, 1, terms, c, false);
  const live = terms.filter((t) => t.count > 0);
  const canSub = has(ops, OP.sub);
  const canMul = has(ops, OP.mul);
  const parts: { node: Node; sign: number }[] = [];
  for (const t of live) {
    if (t.count === 1) parts.push({ node: t.node, sign: t.sign });
    else if (canMul) parts.push({ node: bin(OP.mul, cnst(t.count), t.node), sign: t.sign });
    else for (let i = 0; i < t.count; i++) parts.push({ node: i === 0 ? t.node : clone(t.node), sign: t.sign });
  }
  parts.sort((p, q) => q.sign - p.sign);
  if (parts.length === 0) return cnst(c.v);
  let out: Node;
  let start = 1;
  if (parts[0].sign > 0) out = parts[0].node;
  else if (c.v !== 0 || !canMul) {
    // all terms negative: start from the constant (c - t1 - t2)
    out = cnst(c.v);
    c.v = 0;
    start = 0;
  } else {
    out = bin(OP.mul, cnst(-1), parts[0].node);
  }
  for (let i = start; i < parts.length; i++)
    out = bin(
      parts[i].sign > 0 ? OP.add : canSub ? OP.sub : OP.add,
      out,
      parts[i].sign > 0 || canSub ? parts[i].node : bin(OP.mul, cnst(-1), parts[i].node),
    );
  if (c.v !== 0) {
    const lone = c.nodes.length === 1 ? c.nodes[0] : undefined;
    if (lone && lone.sign < 0 && canSub) out = bin(OP.sub, out, lone.node);
    else if (lone && lone.sign > 0) out = bin(OP.add, out, lone.node);
    else out = c.v < 0 && canSub ? bin(OP.sub, out, cnst(-c.v)) : bin(OP.add, out, cnst(c.v));
  }
  return out;
}

function collectProduct(n: Node, ops: OperatorSet): Node {
  const terms: Term[] = [];
  const c: ConstantAcc = { v: 1, nodes: [] };
  flatten(n, OP.mul, OP.div, 1, terms, c, true);
  const live = terms.filter((t) => t.count > 0);
  if (c.v === 0) return cnst(0);
  const canPow = has(ops, OP.pow);
  const parts: { node: Node; sign: number }[] = [];
  for (const t of live) {
    if (t.count === 1) parts.push({ node: t.node, sign: t.sign });
    else if (canPow) parts.push({ node: bin(OP.pow, t.node, cnst(t.count)), sign: t.sign });
    else for (let i = 0; i < t.count; i++) parts.push({ node: i === 0 ? t.node : clone(t.node), sign: t.sign });
  }
  parts.sort((p, q) => q.sign - p.sign);
  if (parts.length === 0) return cnst(c.v);
  let out: Node;
  let start = 1;
  if (c.v === -1 && ops.unary.includes(OP.neg) && parts[0].sign > 0) {
    // -1*x*y -> -(x*y) when neg is allowed
    out = parts[0].node;
    for (let i = 1; i < parts.length; i++) out = bin(parts[i].sign > 0 ? OP.mul : OP.div, out, parts[i].node);
    return { t: 'u', op: OP.neg, a: out };
  }
  if (c.v !== 1) {
    const lone = c.nodes.length === 1 && c.nodes[0].sign > 0 ? c.nodes[0].node : undefined;
    out = lone ?? cnst(c.v);
    start = 0;
  } else if (parts[0].sign > 0) out = parts[0].node;
  else {
    out = cnst(1);
    start = 0;
  }
  for (let i = start; i < parts.length; i++) out = bin(parts[i].sign > 0 ? OP.mul : OP.div, out, parts[i].node);
  return out;
}
