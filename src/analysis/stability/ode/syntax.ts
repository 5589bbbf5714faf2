import type { BinaryOp } from './expr';
import { LexError, type Token } from './lexer';

/** Expression as written (names unresolved), positions kept for error messages. */
export type RawExpr =
  | { k: 'num'; v: number; tok: Token }
  | { k: 'id'; name: string; tok: Token }
  | { k: 'neg'; a: RawExpr; tok: Token }
  | { k: 'bin'; op: BinaryOp; a: RawExpr; b: RawExpr; tok: Token }
  | { k: 'call'; name: string; args: RawExpr[]; tok: Token }
  | { k: 'if'; c: RawExpr; a: RawExpr; b: RawExpr; tok: Token };

/**
 * Recursive-descent parser for XPPAUT expressions. Precedence, loosest first: `|`, `&`, comparisons, `+ -`,
 * `* /`, unary minus, `^` / `**` (right-associative, so -x^2 = -(x^2) and 2^3^2 = 2^9).
 */
export class ExprParser {
  private p = 0;
  constructor(private readonly toks: Token[]) {}

  parseAll(): RawExpr {
    const e = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') throw this.err(t, `unexpected "${t.text}" after the end of the expression`);
    return e;
  }

  /** Parses one expression and stops at a top-level comma or the end (for lists like `par a=1, b=2`). */
  parseUntilComma(): RawExpr {
    return this.parseOr();
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
      const a = this.parseUnary();
      return t.text === '-' ? { k: 'neg', a, tok: t } : a;
    }
    return this.parsePow();
  }
  private parsePow(): RawExpr {
    const a = this.parseAtom();
    const t = this.peek();
    if (t.kind === 'op' && t.text === '^') {
      this.next();
      const b = this.parseUnary(); // right-associative; allows 2^-1
      return { k: 'bin', op: '^', a, b, tok: t };
    }
    return a;
  }
  private parseAtom(): RawExpr {
    const t = this.next();
    if (t.kind === 'num') return { k: 'num', v: t.value!, tok: t };
    if (t.kind === 'lparen') {
      const e = this.parseOr();
      this.expect('rparen', '")"');
      return e;
    }
    if (t.kind === 'id') {
      if (this.peek().kind !== 'lparen') return { k: 'id', name: t.text, tok: t };
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
}
