/**
 * XPPAUT's index expansion (xppodes help, "anything[j1..j2]" and "%[j1..j2] ... %"): a statement holding a range
 * [j1..j2] is repeated for j = j1..j2; in each copy the range becomes j, and every bracket [expr] (expr in j and
 * integers) becomes the integer value: glued to the name before it (x[j-1] -> x3) or standing alone as a number
 * ([j] -> 4). Names produced this way are remembered with their array and index, so that a reference outside the
 * declared range (x0 when only x1..x19 exist) is reported as an index out of range, with the line.
 */
import { LexError, type SourceText } from './lexer';

/** Expanded element name (lower case) -> where it came from. */
export type ArrayOrigins = Map<string, { base: string; index: number; expr: string }>;

const MAX_EXPANDED = 1_000_000;

/** Integer arithmetic of a bracket: numbers, j, + - * / (integer part), parentheses. */
function evalIndex(text: string, j: number | undefined, line: number, column: number): number {
  let p = 0;
  const s = text.replace(/\s+/g, '');
  const fail = (): never => {
    throw new LexError(
      `cannot evaluate the index [${text}]${j === undefined ? ' outside a [lo..hi] range' : ''}`,
      line,
      column,
    );
  };
  const atom = (): number => {
    if (s[p] === '(') {
      p++;
      const v = sum();
      if (s[p++] !== ')') fail();
      return v;
    }
    if (s[p] === '-') {
      p++;
      return -atom();
    }
    if (s[p] === 'j' || s[p] === 'J') {
      p++;
      return j ?? fail();
    }
    const m = /^\d+/.exec(s.slice(p));
    if (!m) return fail();
    p += m[0].length;
    return Number(m[0]);
  };
  const prod = (): number => {
    let v = atom();
    while (s[p] === '*' || s[p] === '/') v = s[p++] === '*' ? v * atom() : Math.trunc(v / atom());
    return v;
  };
  const sum = (): number => {
    let v = prod();
    while (s[p] === '+' || s[p] === '-') v = s[p++] === '+' ? v + prod() : v - prod();
    return v;
  };
  const v = sum();
  if (p !== s.length || !Number.isFinite(v)) fail();
  return v;
}

interface Range {
  lo: number;
  hi: number;
  start: number;
  end: number;
}

function findRange(src: SourceText): Range | undefined {
  const m = /\[([^\]]*?)\.\.([^\]]*?)\]/.exec(src.text);
  if (!m) return undefined;
  const at = m.index;
  const line = src.lines[at];
  const col = src.columns[at];
  const lo = evalIndex(m[1], undefined, line, col);
  const hi = evalIndex(m[2], undefined, line, col);
  return { lo, hi, start: at, end: at + m[0].length };
}

/** One copy of the statement with index j substituted. */
function substitute(src: SourceText, j: number, range: Range | undefined, origins: ArrayOrigins): SourceText {
  let text = '';
  const lines: number[] = [];
  const cols: number[] = [];
  const emit = (s: string, from: number): void => {
    for (const ch of s) {
      text += ch;
      lines.push(src.lines[from]);
      cols.push(src.columns[from]);
    }
  };
  const s = src.text;
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '[') {
      emit(s[i], i);
      i++;
      continue;
    }
    const close = s.indexOf(']', i);
    if (close < 0) throw new LexError('"[" without "]"', src.lines[i], src.columns[i]);
    const inner = s.slice(i + 1, close);
    if (/(^|[^\w.])int$/i.test(text)) {
      // int[q]{...}: the Volterra kernel's exponent, not an index
      emit(s.slice(i, close + 1), i);
      i = close + 1;
      continue;
    }
    const value = range && i === range.start ? j : evalIndex(inner, j, src.lines[i], src.columns[i]);
    const name = /[A-Za-z_][\w.]*$/.exec(text)?.[0];
    if (name) {
      if (value < 0)
        throw new LexError(
          `array index out of range: ${name}[${inner}] is ${name}${value} for j = ${j}`,
          src.lines[i],
          src.columns[i],
        );
      origins.set(`${name}${value}`.toLowerCase(), {
        base: name,
        index: value,
        expr: `${name}[${inner}] with j = ${j}`,
      });
    }
    emit(String(value), i);
    i = close + 1;
  }
  return { text, lines: Int32Array.from(lines), columns: Int32Array.from(cols), file: src.file };
}

/** Expands every statement holding [lo..hi] (and %[lo..hi] ... % blocks) into its copies. */
export function expandArrays(statements: readonly SourceText[], origins: ArrayOrigins): SourceText[] {
  const out: SourceText[] = [];
  for (let k = 0; k < statements.length; k++) {
    const src = statements[k];
    const block = /^\s*%\s*\[([^\]]*?)\.\.([^\]]*?)\]\s*$/.exec(src.text);
    if (block) {
      const lo = evalIndex(block[1], undefined, src.lines[0], src.columns[0]);
      const hi = evalIndex(block[2], undefined, src.lines[0], src.columns[0]);
      let end = k + 1;
      while (end < statements.length && !/^\s*%\s*$/.test(statements[end].text)) end++;
      if (end === statements.length)
        throw new LexError('%[lo..hi] block without a closing %', src.lines[0], src.columns[0]);
      checkCount(lo, hi, out.length, src);
      for (let j = lo; j <= hi; j++)
        for (let b = k + 1; b < end; b++) out.push(substitute(statements[b], j, undefined, origins));
      k = end;
      continue;
    }
    const range = findRange(src);
    if (!range) {
      out.push(src.text.includes('[') ? substitute(src, NaN, undefined, origins) : src);
      continue;
    }
    checkCount(range.lo, range.hi, out.length, src);
    for (let j = range.lo; j <= range.hi; j++) out.push(substitute(src, j, range, origins));
  }
  return out;
}

function checkCount(lo: number, hi: number, have: number, src: SourceText): void {
  if (hi < lo) throw new LexError(`empty index range [${lo}..${hi}]`, src.lines[0], src.columns[0]);
  if (have + hi - lo + 1 > MAX_EXPANDED)
    throw new LexError(`index expansion makes more than ${MAX_EXPANDED} statements`, src.lines[0], src.columns[0]);
}
