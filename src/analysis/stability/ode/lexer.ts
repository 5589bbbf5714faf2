/**
 * Tokens of .ode expressions. Every token keeps its 1-based line and column in the original file, so parse errors
 * can point at the exact place (Problems panel, CLI).
 */
export type TokenKind =
  'num' | 'id' | 'op' | 'lparen' | 'rparen' | 'comma' | 'lbrace' | 'rbrace' | 'lbrack' | 'rbrack' | 'hash' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  value?: number;
  line: number;
  column: number;
}

/** One logical statement: the text (continuations joined) and, per character, where it came from. */
export interface SourceText {
  text: string;
  lines: Int32Array;
  columns: Int32Array;
  /** The file the statement comes from, when it is not the model file itself (#include). */
  file?: string;
}

export class LexError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const TWO_CHAR_OPS = new Set(['**', '<=', '>=', '==', '!=']);
const ONE_CHAR_OPS = new Set(['+', '-', '*', '/', '^', '<', '>', '&', '|', '=']);

/** Tokenizes `src.text[from..to)`; an 'end' token closes the list. */
export function tokenize(src: SourceText, from = 0, to = src.text.length): Token[] {
  const out: Token[] = [];
  const s = src.text;
  let i = from;
  const n = src.text.length;
  const at = (k: number): { line: number; column: number } =>
    n === 0
      ? { line: 1, column: 1 }
      : k < n
        ? { line: src.lines[k], column: src.columns[k] }
        : { line: src.lines[n - 1], column: src.columns[n - 1] + 1 };
  while (i < to) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const pos = at(i);
    if ((c >= '0' && c <= '9') || (c === '.' && i + 1 < to && s[i + 1] >= '0' && s[i + 1] <= '9')) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i, to));
      const text = m![0];
      out.push({ kind: 'num', text, value: Number(text), ...pos });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      // XPPAUT names may contain dots (aux P.E.=...); a trailing prime belongs to the name: i' is the index of
      // sum(..)of(..), t' the Volterra variable, x' the value of x at the right end in boundary conditions
      let j = i + 1;
      while (j < to && /[A-Za-z0-9_.]/.test(s[j])) j++;
      if (s[j] === "'") j++;
      out.push({ kind: 'id', text: s.slice(i, j), ...pos });
      i = j;
      continue;
    }
    if (c === '(') {
      out.push({ kind: 'lparen', text: c, ...pos });
      i++;
      continue;
    }
    if (c === ')') {
      out.push({ kind: 'rparen', text: c, ...pos });
      i++;
      continue;
    }
    const single = ({ '{': 'lbrace', '}': 'rbrace', '[': 'lbrack', ']': 'rbrack', '#': 'hash' } as const)[c as '{'];
    if (single) {
      out.push({ kind: single, text: c, ...pos });
      i++;
      continue;
    }
    if (c === ',') {
      out.push({ kind: 'comma', text: c, ...pos });
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (i + 1 < to && TWO_CHAR_OPS.has(two)) {
      out.push({ kind: 'op', text: two === '**' ? '^' : two, ...pos });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      out.push({ kind: 'op', text: c, ...pos });
      i++;
      continue;
    }
    throw new LexError(`unexpected character "${c}"`, pos.line, pos.column);
  }
  out.push({ kind: 'end', text: '', ...at(to) });
  return out;
}
