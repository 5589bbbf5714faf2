import type { BinaryOp } from './expr';
import { LexError, type Token } from './lexer';

/** Expression as written (names unresolved), positions kept for error messages. */
export type RawExpr =
  | { k: 'num'; v: number; tok: Token }
  | { k: 'id'; name: string; tok: Token }
  | { k: 'neg'; a: RawExpr; tok: Token }
  | { k: 'bin'; op: BinaryOp; a: RawExpr; b: RawExpr; tok: Token }
  | { k: 'call'; name: string; args: RawExpr[]; tok: Token }
  | { k: 'if'; c: RawExpr; a: RawExpr; b: RawExpr; tok: Token }
  /** XPPAUT's sum(lo,hi)of(body): body summed with i' = lo..hi. */
  | { k: 'sum'; lo: RawExpr; hi: RawExpr; body: RawExpr; tok: Token }
  /**
   * Volterra integral int[q]{K#u} = integral over [t0, t] of (t-t')^-q K(t-t') u(t') dt' (convolution, `of` = u), or
   * int[q]{G} = integral of (t-t')^-q G(t, t', vars at t') dt' (general form; q = 0 without brackets).
   */
  | { k: 'int'; q: number; kernel: RawExpr; of?: RawExpr; tok: Token };

/** Parentheses, calls and unary operators nested deeper than this are refused (the parser recurses per level). */
const MAX_NESTING = 256;
/** Operator trees deeper than this are refused: later passes (inlining, derivatives, code generation) recurse. */
const MAX_TREE_DEPTH = 2000;

/** Depth of a parsed tree, computed without recursion so that any input is safe to measure. */
function rawDepth(root: RawExpr): number {
  let max = 0;
  const stack: [RawExpr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    if (d > max) max = d;
    switch (e.k) {
      case 'neg':
        stack.push([e.a, d + 1]);
        break;
      case 'bin':
        stack.push([e.a, d + 1], [e.b, d + 1]);
        break;
      case 'call':
        for (const a of e.args) stack.push([a, d + 1]);
        break;
      case 'if':
        stack.push([e.c, d + 1], [e.a, d + 1], [e.b, d + 1]);
        break;
      case 'sum':
        stack.push([e.lo, d + 1], [e.hi, d + 1], [e.body, d + 1]);
        break;
      case 'int':
        stack.push([e.kernel, d + 1]);
        if (e.of) stack.push([e.of, d + 1]);
        break;
      default:
        break;
    }
  }
  return max;
}

/**
 * Recursive-descent parser for XPPAUT expressions. Precedence, loosest first: `|`, `&`, comparisons, `+ -`,
 * `* /`, unary minus, `^` / `**` (right-associative, so -x^2 = -(x^2) and 2^3^2 = 2^9).
 */
export class ExprParser {
  private p = 0;
  private nesting = 0;
  constructor(private readonly toks: Token[]) {}

  parseAll(): RawExpr {
    const e = this.parseTop();
    const t = this.peek();
    if (t.kind !== 'end') throw this.err(t, `unexpected "${t.text}" after the end of the expression`);
    return e;
  }

  /** Parses one expression and stops at a top-level comma or the end (for lists like `par a=1, b=2`). */
  parseUntilComma(): RawExpr {
    return this.parseTop();
  }

  private parseTop(): RawExpr {
    const start = this.peek();
    const e = this.parseOr();
    const depth = rawDepth(e);
    if (depth > MAX_TREE_DEPTH)
      throw this.err(
        start,
        `expression nested too deeply (${depth} levels of operators; the limit is ${MAX_TREE_DEPTH})`,
      );
    return e;
  }

  /** Guards the recursion of one nesting level (parenthesis, call, unary operator). */
  private nested<T>(at: Token, f: () => T): T {
    if (++this.nesting > MAX_NESTING)
      throw this.err(at, `expression nested too deeply (more than ${MAX_NESTING} levels of parentheses or operators)`);
    try {
      return f();
    } finally {
      this.nesting--;
    }
  }

  peek(): Token {
    return this.toks[this.p];
  }
  next(): Token {
    return this.toks[this.p++];
  }

  private err(t: Token, msg: string): LexError {
    const text =
      t.kind === 'end'
        ? msg.replace(/found ""/, 'found the end of the line').replace(/unexpected ""/, 'unexpected end of the line')
        : msg;
    return new LexError(text, t.line, t.column);
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw this.err(t, `expected ${what}, found "${t.text}"`);
    return t;
  }

  private binLevel(ops: readonly string[], sub: () => RawExpr): RawExpr {
    let a = sub();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && ops.includes(t.text)) {
        this.next();
        const b = sub();
        a = { k: 'bin', op: t.text as BinaryOp, a, b, tok: t };
      } else return a;
    }
  }

  private parseOr(): RawExpr {
    return this.binLevel(['|'], () => this.parseAnd());
  }
  private parseAnd(): RawExpr {
    return this.binLevel(['&'], () => this.parseCmp());
  }
  private parseCmp(): RawExpr {
    return this.binLevel(['<', '>', '<=', '>=', '==', '!='], () => this.parseAdd());
  }
  private parseAdd(): RawExpr {
    return this.binLevel(['+', '-'], () => this.parseMul());
  }
  private parseMul(): RawExpr {
    return this.binLevel(['*', '/'], () => this.parseUnary());
  }
  private parseUnary(): RawExpr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.next();
      const a = this.nested(t, () => this.parseUnary());
      return t.text === '-' ? { k: 'neg', a, tok: t } : a;
    }
    return this.parsePow();
  }
  private parsePow(): RawExpr {
    const a = this.parseAtom();
    const t = this.peek();
    if (t.kind === 'op' && t.text === '^') {
      this.next();
      const b = this.nested(t, () => this.parseUnary()); // right-associative; allows 2^-1
      return { k: 'bin', op: '^', a, b, tok: t };
    }
    return a;
  }
  private parseAtom(): RawExpr {
    const t = this.peek();
    return this.nested(t, () => this.parseAtomInner());
  }
  private parseAtomInner(): RawExpr {
    const t = this.next();
    if (t.kind === 'num') return { k: 'num', v: t.value!, tok: t };
    if (t.kind === 'lparen') {
      const e = this.parseOr();
      this.expect('rparen', '")"');
      return e;
    }
    if (t.kind === 'id') {
      const after = this.peek().kind;
      if (t.text.toLowerCase() === 'int' && (after === 'lbrace' || after === 'lbrack')) return this.parseIntegral(t);
      if (after !== 'lparen') return { k: 'id', name: t.text, tok: t };
      this.next();
      if (t.text.toLowerCase() === 'if') {
        const c = this.parseOr();
        this.expect('rparen', '")" closing if(...)');
        const th = this.expect('id', '"then"');
        if (th.text.toLowerCase() !== 'then') throw this.err(th, `expected "then" after if(...), found "${th.text}"`);
        this.expect('lparen', '"(" after then');
        const a = this.parseOr();
        this.expect('rparen', '")" closing then(...)');
        const el = this.expect('id', '"else"');
        if (el.text.toLowerCase() !== 'else') throw this.err(el, `expected "else" after then(...), found "${el.text}"`);
        this.expect('lparen', '"(" after else');
        const b = this.parseOr();
        this.expect('rparen', '")" closing else(...)');
        return { k: 'if', c, a, b, tok: t };
      }
      if (t.text.toLowerCase() === 'sum') return this.parseSum(t);
      const args: RawExpr[] = [];
      if (this.peek().kind !== 'rparen') {
        for (;;) {
          args.push(this.parseOr());
          const sep = this.next();
          if (sep.kind === 'rparen') break;
          if (sep.kind !== 'comma')
            throw this.err(sep, `expected "," or ")" in the arguments of ${t.text}, found "${sep.text}"`);
        }
      } else this.next();
      return { k: 'call', name: t.text, args, tok: t };
    }
    throw this.err(t, t.kind === 'end' ? 'expression ends too early' : `unexpected "${t.text}"`);
  }
  /** int{K#u}, int{G}, int[q]{...}, after "int". */
  private parseIntegral(t: Token): RawExpr {
    let q = 0;
    if (this.peek().kind === 'lbrack') {
      this.next();
      let sign = 1;
      if (this.peek().kind === 'op' && this.peek().text === '-') {
        this.next();
        sign = -1;
      }
      const v = this.expect('num', 'the exponent of int[q]');
      q = sign * v.value!;
      this.expect('rbrack', '"]" closing int[q');
      if (!(q >= 0 && q < 1)) throw this.err(v, `int[q] needs 0 <= q < 1 (a weakly singular kernel), found ${q}`);
    }
    this.expect('lbrace', '"{" opening the integrand of int');
    const kernel = this.parseOr();
    let of: RawExpr | undefined;
    if (this.peek().kind === 'hash') {
      this.next();
      of = this.parseOr();
    }
    this.expect('rbrace', '"}" closing int{...}');
    return { k: 'int', q, kernel, of, tok: t };
  }

  /** sum(lo,hi)of(body), after "sum(". */
  private parseSum(t: Token): RawExpr {
    const lo = this.parseOr();
    this.expect('comma', '"," between the bounds of sum(lo,hi)');
    const hi = this.parseOr();
    this.expect('rparen', '")" closing sum(lo,hi');
    const of = this.expect('id', '"of" after sum(lo,hi)');
    if (of.text.toLowerCase() !== 'of') throw this.err(of, `expected "of" after sum(lo,hi), found "${of.text}"`);
    this.expect('lparen', '"(" after of');
    const body = this.parseOr();
    this.expect('rparen', '")" closing of(...)');
    return { k: 'sum', lo, hi, body, tok: t };
  }
}
