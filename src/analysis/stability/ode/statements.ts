/**
 * The statements of an .ode file, one function per statement kind (XPPAUT's xppodes help lists them): a
 * dispatcher reads the leading keyword (abbreviations as XPPAUT accepts them) or the shape of the left-hand side and
 * hands the statement to its reader, which records declarations for the resolver (resolve.ts). Readers never
 * evaluate anything, so the order of statements does not matter except for `done`.
 */
import { badInput } from '../../core/errors';
import { LexError, tokenize, type SourceText, type Token } from './lexer';
import { ExprParser, type RawExpr } from './syntax';
import { isBuiltin } from './expr';
import { specialArity, type SpecialDecl } from './special';

export interface Decl {
  name: string;
  raw: RawExpr;
  line: number;
  column: number;
  /** x(0) = formula: also the history of a delay equation before the initial time. */
  history?: boolean;
}

export interface TableDecl {
  name: string;
  line: number;
  column: number;
  file?: string;
  formula?: { npts: number; xlo: number; xhi: number; raw: RawExpr };
}

export interface EventDecl {
  /** +1: condition crosses zero upwards; -1: downwards; 0: either way. */
  sign: number;
  cond: RawExpr;
  assigns: Decl[];
  line: number;
}

export interface Declarations {
  /** Differential/difference equations and Volterra integral equations (x(t) = ...), in declaration order. */
  states: (Decl & { map: boolean; volterra?: boolean })[];
  /** `0 = g(...)` algebraic conditions and the `solv` variables they determine (with initial guesses). */
  constraints: { raw: RawExpr; line: number; column: number }[];
  solv: Decl[];
  params: Decl[];
  numbers: Decl[];
  /** Fixed quantities and derived (!) parameters, in file order (XPPAUT evaluates them in that order). */
  fixed: Decl[];
  functions: { name: string; args: string[]; body: RawExpr; line: number; column: number }[];
  inits: Decl[];
  initLines: number[];
  aux: Decl[];
  options: { key: string; value: string; line: number; column: number }[];
  events: EventDecl[];
  tables: TableDecl[];
  wieners: { name: string; line: number; column: number }[];
  /** `bdry` conditions 0 = g(x, x'), with x at the left end and x' at the right end. */
  boundary: { text: string; raw: RawExpr; line: number }[];
  specials: SpecialDecl[];
  /** Named sets `set name {a=1, x=0.5, total=20}` of parameter values, initial data and options. */
  sets: { name: string; assigns: { key: string; value: string; line: number; column: number }[]; line: number }[];
  /** Markov variables: n states, rates[i][j] of the jump i -> j (the diagonal is ignored). */
  markov: { name: string; n: number; rates: RawExpr[][]; line: number; column: number }[];
  notes: string[];
}

type Reader = (p: StatementParser, src: SourceText, from: number, keyword: string) => void;

/** Keywords and the abbreviations XPPAUT accepts for them. */
const KEYWORDS: Record<string, Reader> = {};
const alias = (reader: Reader, ...names: string[]): void => names.forEach((n) => (KEYWORDS[n] = reader));

/** A model in which a statement cannot be honoured is refused with the line and the feature named. */
const unsupported =
  (feature: string): Reader =>
  (p, src) =>
    p.fail(`${feature} is not supported by DynLens`, src.lines[0], src.columns[0]);

export class StatementParser {
  readonly d: Declarations = {
    states: [],
    constraints: [],
    solv: [],
    params: [],
    numbers: [],
    fixed: [],
    functions: [],
    inits: [],
    initLines: [],
    aux: [],
    options: [],
    events: [],
    tables: [],
    wieners: [],
    boundary: [],
    specials: [],
    sets: [],
    markov: [],
    notes: [],
  };
  private readonly declared = new Map<string, string>();
  done = false;

  constructor(readonly file: string) {}

  fail(msg: string, row: number, column: number): never {
    throw badInput(`line ${row}, column ${column}: ${msg}`, { file: this.file, row, column });
  }

  lex<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof LexError) return this.fail(e.message, e.line, e.column);
      throw e;
    }
  }

  declare(name: string, what: string, row: number, column: number): void {
    const key = name.toLowerCase();
    const prev = this.declared.get(key);
    if (prev) this.fail(`"${name}" is already declared as ${prev}`, row, column);
    if (key === 't') this.fail('"t" is the time variable and cannot be redefined', row, column);
    this.declared.set(key, what);
  }

  expression(src: SourceText, from: number): RawExpr {
    return this.lex(() => new ExprParser(tokenize(src, from)).parseAll());
  }

  /** `name = value` lists (par, init, number): separators are commas or whitespace, as XPPAUT allows. */
  assignments(src: SourceText, from: number, what: string, valueOptional = false): { name: Token; raw: RawExpr }[] {
    const toks = this.lex(() => tokenize(src, from));
    const p = new ExprParser(toks);
    const out: { name: Token; raw: RawExpr }[] = [];
    while (p.peek().kind !== 'end') {
      const name = p.next();
      if (name.kind !== 'id') this.fail(`expected a ${what} name, found "${name.text}"`, name.line, name.column);
      const eq = p.peek();
      if (!(eq.kind === 'op' && eq.text === '=')) {
        if (!valueOptional) this.fail(`expected "=" after ${what} "${name.text}"`, eq.line, eq.column);
        out.push({ name, raw: { k: 'num', v: 0, tok: name } });
      } else {
        p.next();
        out.push({ name, raw: this.lex(() => p.parseUntilComma()) });
      }
      if (p.peek().kind === 'comma') p.next();
    }
    if (out.length === 0) this.fail(`empty ${what} list`, src.lines[0], src.columns[0]);
    return out;
  }

  /** Reads one logical statement. */
  /** Rows of a `markov` transition table still to read (the statements after it). */
  private markovRows = 0;

  /** After the last statement: Markov variables follow the other variables, as XPPAUT orders them. */
  finish(): void {
    const last = this.d.markov[this.d.markov.length - 1];
    if (this.markovRows > 0 && last)
      this.fail(
        `markov ${last.name}: ${this.markovRows} row(s) of its transition table are missing`,
        last.line,
        last.column,
      );
    for (const m of this.d.markov)
      this.d.states.push({
        name: m.name,
        raw: { k: 'num', v: 0, tok: { kind: 'num', text: '0', value: 0, line: m.line, column: m.column } },
        line: m.line,
        column: m.column,
        map: false,
      });
  }

  private markovRow(src: SourceText): void {
    const m = this.d.markov[this.d.markov.length - 1];
    const row: RawExpr[] = [];
    let i = 0;
    const s = src.text;
    while (i < s.length) {
      if (s[i] === ' ' || s[i] === '\t') {
        i++;
        continue;
      }
      if (s[i] !== '{')
        this.fail(`markov ${m.name}: expected {rate} entries, found "${s[i]}"`, src.lines[i], src.columns[i]);
      const close = s.indexOf('}', i);
      if (close < 0) this.fail('"{" without a closing "}"', src.lines[i], src.columns[i]);
      row.push(this.lex(() => new ExprParser(tokenize(src, i + 1, close)).parseAll()));
      i = close + 1;
    }
    if (row.length !== m.n)
      this.fail(
        `markov ${m.name}: a row of its ${m.n}-state table needs ${m.n} entries, found ${row.length}`,
        src.lines[0],
        src.columns[0],
      );
    m.rates.push(row);
    this.markovRows--;
  }

  /** `markov name n` and the n rows of transition rates that follow. */
  readMarkov(src: SourceText, from: number): void {
    const m = /^\s*([A-Za-z_]\w*)\s+(\d+)\s*$/.exec(src.text.slice(from));
    if (!m || Number(m[2]) < 2)
      this.fail('expected "markov name nstates" (nstates >= 2)', src.lines[from], src.columns[from]);
    this.declare(m[1], 'a Markov variable', src.lines[from], src.columns[from]);
    this.d.markov.push({ name: m[1], n: Number(m[2]), rates: [], line: src.lines[from], column: src.columns[from] });
    this.markovRows = Number(m[2]);
  }

  statement(src: SourceText): void {
    if (this.markovRows > 0) return this.markovRow(src);
    const s = src.text;
    const lead = s.length - s.trimStart().length;
    const body = s.slice(lead).trimEnd();
    const row = src.lines[lead];
    const col = src.columns[lead];
    if (/^(done|d)$/i.test(body)) {
      this.done = true;
      return;
    }
    if (body.startsWith('@')) return readOptions(this, src, lead + 1);
    if (body.startsWith('!')) return readDerived(this, src, lead);
    const bare = /^([A-Za-z_]\w*)$/.exec(body);
    if (bare && KEYWORDS[bare[1].toLowerCase()])
      this.fail(`"${bare[1]}" needs a list, e.g. "${bare[1]} a=1, b=2"`, row, col);
    // keyword statements: the keyword is followed by whitespace and then not "=", "(" or "'"
    const kw = /^([A-Za-z_]\w*)\s+(?![=('\s])/.exec(body);
    if (kw && !/^\S+\s*'/.test(body)) {
      const reader = KEYWORDS[kw[1].toLowerCase()];
      if (!reader)
        this.fail(`unknown statement "${kw[1]}" (expected an equation, a declaration or @ options)`, row, col);
      return reader(this, src, lead + kw[0].length, kw[1].toLowerCase());
    }
    readEquation(this, src, lead, body);
  }
}

const NAME = '[A-Za-z_][\\w.]*';

function readEquation(p: StatementParser, src: SourceText, lead: number, body: string): void {
  const row = src.lines[lead];
  const col = src.columns[lead];
  let m: RegExpExecArray | null;
  if (
    (m = new RegExp(`^d(${NAME})\\s*/\\s*dt\\s*=`).exec(body)) ||
    (m = new RegExp(`^(${NAME})\\s*'\\s*=`).exec(body)) ||
    (m = new RegExp(`^(${NAME})\\s*\\(\\s*t\\s*\\+\\s*1\\s*\\)\\s*=`).exec(body))
  ) {
    p.declare(m[1], 'a state variable', row, col);
    p.d.states.push({
      name: m[1],
      raw: p.expression(src, lead + m[0].length),
      line: row,
      column: col,
      map: m[0].includes('('),
    });
    return;
  }
  if ((m = new RegExp(`^(${NAME})\\s*\\(\\s*0\\s*\\)\\s*=`).exec(body))) {
    p.d.initLines.push(row);
    p.d.inits.push({ name: m[1], raw: p.expression(src, lead + m[0].length), line: row, column: col, history: true });
    return;
  }
  if ((m = /^0\s*=/.exec(body))) {
    p.d.constraints.push({ raw: p.expression(src, lead + m[0].length), line: row, column: col });
    return;
  }
  // name(t) = ... is a Volterra integral equation when its right-hand side integrates, else a function of t
  if ((m = new RegExp(`^(${NAME})\\s*\\(\\s*t\\s*\\)\\s*=(?=.*\\bint\\s*[[{])`, 'i').exec(body))) {
    p.declare(m[1], 'a Volterra variable', row, col);
    const raw = p.expression(src, lead + m[0].length);
    p.d.states.push({ name: m[1], raw, line: row, column: col, map: false, volterra: true });
    return;
  }
  if ((m = new RegExp(`^(${NAME})\\s*\\(([^()]*)\\)\\s*=`).exec(body))) return readFunction(p, src, lead, m);
  if ((m = new RegExp(`^(${NAME})\\s*=`).exec(body))) {
    p.declare(m[1], 'a fixed quantity', row, col);
    p.d.fixed.push({ name: m[1], raw: p.expression(src, lead + m[0].length), line: row, column: col });
    return;
  }
  p.fail(
    `cannot read this line: expected an equation (x' = ..., dx/dt = ..., x(t+1) = ...), a declaration or "done"`,
    row,
    col,
  );
}

function readFunction(p: StatementParser, src: SourceText, lead: number, m: RegExpExecArray): void {
  const row = src.lines[lead];
  const col = src.columns[lead];
  const name = m[1];
  if (isBuiltin(name.toLowerCase())) p.fail(`"${name}" is a built-in function and cannot be redefined`, row, col);
  const args = m[2].split(',').map((x) => x.trim());
  for (const a of args)
    if (!/^[A-Za-z_]\w*$/.test(a))
      p.fail(`function arguments must be names, found "${a}" in ${name}(${m[2]})`, row, col);
  p.declare(name, 'a function', row, col);
  p.d.functions.push({ name, args, body: p.expression(src, lead + m[0].length), line: row, column: col });
}

function readOptions(p: StatementParser, src: SourceText, from: number): void {
  const text = src.text.slice(from);
  const re = /([A-Za-z_]\w*)\s*=\s*([^\s,]+)/g;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(text))) {
    const at = from + m.index;
    p.d.options.push({ key: m[1], value: m[2], line: src.lines[at], column: src.columns[at] });
    seen++;
  }
  const rest = text.replace(re, '').replace(/[\s,]/g, '');
  if (rest !== '' || seen === 0) {
    const at = from + Math.max(0, text.search(/\S/));
    p.fail(
      `expected "@ name=value, ..." options, could not read "${text.trim()}"`,
      src.lines[at] ?? src.lines[0],
      src.columns[at] ?? 1,
    );
  }
}

function readDerived(p: StatementParser, src: SourceText, lead: number): void {
  const row = src.lines[lead];
  const col = src.columns[lead];
  const m = new RegExp(`^!\\s*(${NAME})\\s*=`).exec(src.text.slice(lead));
  if (!m) p.fail('expected "!name = expression" (derived parameter)', row, col);
  p.declare(m[1], 'a derived parameter', row, col + 1);
  p.d.fixed.push({ name: m[1], raw: p.expression(src, lead + m[0].length), line: row, column: col });
}

const readPar: Reader = (p, src, from) => {
  for (const a of p.assignments(src, from, 'parameter')) {
    p.declare(a.name.text, 'a parameter', a.name.line, a.name.column);
    p.d.params.push({ name: a.name.text, raw: a.raw, line: a.name.line, column: a.name.column });
  }
};
const readNumber: Reader = (p, src, from) => {
  for (const a of p.assignments(src, from, 'number')) {
    p.declare(a.name.text, 'a number', a.name.line, a.name.column);
    p.d.numbers.push({ name: a.name.text, raw: a.raw, line: a.name.line, column: a.name.column });
  }
};
const readInit: Reader = (p, src, from) => {
  p.d.initLines.push(src.lines[from] ?? src.lines[0]);
  for (const a of p.assignments(src, from, 'initial condition', true))
    p.d.inits.push({ name: a.name.text, raw: a.raw, line: a.name.line, column: a.name.column });
};
const readAux: Reader = (p, src, from) => {
  const m = new RegExp(`^(${NAME})\\s*=`).exec(src.text.slice(from));
  if (!m) p.fail('expected "aux name = expression"', src.lines[from], src.columns[from]);
  p.declare(m![1], 'an auxiliary quantity', src.lines[from], src.columns[from]);
  p.d.aux.push({
    name: m![1],
    raw: p.expression(src, from + m![0].length),
    line: src.lines[from],
    column: src.columns[from],
  });
};
const readWiener: Reader = (p, src, from) => {
  const toks = p.lex(() => tokenize(src, from));
  for (const t of toks) {
    if (t.kind === 'comma' || t.kind === 'end') continue;
    if (t.kind !== 'id') p.fail(`expected wiener names, found "${t.text}"`, t.line, t.column);
    p.declare(t.text, 'a Wiener variable', t.line, t.column);
    p.d.wieners.push({ name: t.text, line: t.line, column: t.column });
  }
};

/** `table name file` or `table name % npts xlo xhi formula(t)`. */
const readTable: Reader = (p, src, from) => {
  const text = src.text.slice(from);
  const row = src.lines[from];
  const col = src.columns[from];
  const m = /^([A-Za-z_]\w*)\s+(.*)$/.exec(text.trim());
  if (!m) p.fail('expected "table name file" or "table name % npts xlo xhi formula"', row, col);
  p.declare(m![1], 'a table', row, col);
  const rest = m![2].trim();
  if (!rest.startsWith('%')) {
    p.d.tables.push({ name: m![1], line: row, column: col, file: rest.split(/\s+/)[0] });
    return;
  }
  const f = /^%\s*(\S+)\s+(\S+)\s+(\S+)\s+/.exec(rest);
  const nums = f ? [f[1], f[2], f[3]].map(Number) : [];
  if (!f || nums.some((x) => !Number.isFinite(x)) || !Number.isInteger(nums[0]) || nums[0] < 2)
    p.fail('expected "table name % npts xlo xhi formula" with npts >= 2 and numeric bounds', row, col);
  const exprStart = from + text.indexOf(rest) + f![0].length;
  p.d.tables.push({
    name: m![1],
    line: row,
    column: col,
    formula: { npts: nums[0], xlo: nums[1], xhi: nums[2], raw: p.expression(src, exprStart) },
  });
};

/** Text of `{...}` starting at i (src.text[i] === '{'); returns the index after the matching `}`. */
function braced(p: StatementParser, src: SourceText, i: number): { inner: [number, number]; next: number } {
  let depth = 0;
  for (let k = i; k < src.text.length; k++) {
    if (src.text[k] === '{') depth++;
    else if (src.text[k] === '}' && --depth === 0) return { inner: [i + 1, k], next: k + 1 };
  }
  return p.fail('"{" without a closing "}"', src.lines[i], src.columns[i]);
}

/** `global sign condition {x=...; y=...}`; the condition may be braced. */
const readGlobal: Reader = (p, src, from) => {
  const row = src.lines[from];
  const s = src.text;
  const sm = /^\s*([+-]?\d+)\s*/.exec(s.slice(from));
  if (!sm || ![-1, 0, 1].includes(Number(sm[1])))
    p.fail('expected "global sign condition {x=...}" with sign 1, -1 or 0', row, src.columns[from]);
  let i = from + sm![0].length;
  let cond: RawExpr;
  if (s[i] === '{') {
    const b = braced(p, src, i);
    cond = p.lex(() => new ExprParser(tokenize(src, b.inner[0], b.inner[1])).parseAll());
    i = b.next;
  } else {
    const open = s.indexOf('{', i);
    if (open < 0) p.fail('expected the assignments {x=...} of the global event', row, src.columns[from]);
    cond = p.lex(() => new ExprParser(tokenize(src, i, open)).parseAll());
    i = open;
  }
  while (i < s.length && s[i] === ' ') i++;
  if (s[i] !== '{')
    p.fail('expected the assignments {x=...} of the global event', src.lines[Math.min(i, s.length - 1)], 1);
  const b = braced(p, src, i);
  const assigns: Decl[] = [];
  let start = b.inner[0];
  for (let k = b.inner[0]; k <= b.inner[1]; k++) {
    if (k < b.inner[1] && s[k] !== ';') continue;
    const piece = s.slice(start, k);
    if (piece.trim() !== '') {
      const am = new RegExp(`^\\s*(${NAME})\\s*=`).exec(piece);
      if (!am)
        p.fail(
          'expected "name = expression" in the assignments of the global event',
          src.lines[start],
          src.columns[start],
        );
      const raw = p.lex(() => new ExprParser(tokenize(src, start + am![0].length, k)).parseAll());
      assigns.push({ name: am![1], raw, line: src.lines[start], column: src.columns[start] });
    }
    start = k + 1;
  }
  p.d.events.push({ sign: Number(sm![1]), cond, assigns, line: row });
};

/** `special z = conv(...)` and the other array operators (special.ts). */
const readSpecial: Reader = (p, src, from) => {
  const row = src.lines[from];
  const col = src.columns[from];
  const m = new RegExp(`^(${NAME})\\s*=`).exec(src.text.slice(from));
  if (!m) p.fail('expected "special name = operator(...)"', row, col);
  const raw = p.expression(src, from + m![0].length);
  const fn = raw.k === 'call' ? raw.name.toLowerCase() : '';
  const arity = specialArity(fn);
  if (raw.k !== 'call' || arity === undefined)
    p.fail(
      `special ${m![1]}: ${fn ? `the operator ${fn}` : 'this operator'} is not supported by DynLens (supported: conv, fconv, sparse, fsparse, mmult, fmmult, fftcon, interp, findext, delmmult, delsparse, gill)`,
      row,
      col,
    );
  if (raw.k === 'call' && arity === -1 && raw.args.length < 2)
    p.fail(`special ${m![1]}: gill takes a type and at least one rate`, row, col);
  if (raw.k === 'call' && arity !== -1 && raw.args.length !== arity)
    p.fail(`special ${m![1]}: ${fn} takes ${arity} arguments, got ${raw.args.length}`, row, col);
  p.declare(m![1], 'a special array', row, col);
  if (raw.k === 'call') p.d.specials.push({ name: m![1], fn, args: raw.args, line: row, column: col });
};
/** `volt name = expression`: an integral equation for name. */
const readVolterra: Reader = (p, src, from) => {
  const m = new RegExp(`^(${NAME})\\s*=`).exec(src.text.slice(from));
  if (!m) p.fail('expected "volterra name = expression"', src.lines[from], src.columns[from]);
  p.declare(m![1], 'a Volterra variable', src.lines[from], src.columns[from]);
  const raw = p.expression(src, from + m![0].length);
  p.d.states.push({ name: m![1], raw, line: src.lines[from], column: src.columns[from], map: false, volterra: true });
};
/** `solv y = guess` (or `solv y`): an algebraic variable of the DAE, with its initial guess. */
const readSolv: Reader = (p, src, from) => {
  for (const a of p.assignments(src, from, 'algebraic variable', true)) {
    p.declare(a.name.text, 'an algebraic variable', a.name.line, a.name.column);
    p.d.solv.push({ name: a.name.text, raw: a.raw, line: a.name.line, column: a.name.column });
  }
};
const readBoundary: Reader = (p, src, from) => {
  p.d.boundary.push({ text: src.text.slice(from).trim(), raw: p.expression(src, from), line: src.lines[from] });
};
/** `set name {key=value, ...}`: selected by name at parse time (ParseOptions.sets), as XPPAUT's File > Get par set. */
const readSet: Reader = (p, src, from) => {
  const row = src.lines[from];
  const m = /^\s*([A-Za-z_][\w.]*)\s*\{([^}]*)\}\s*$/.exec(src.text.slice(from));
  if (!m) p.fail('expected "set name {name=value, ...}"', row, src.columns[from]);
  if (p.d.sets.some((x) => x.name.toLowerCase() === m![1].toLowerCase()))
    p.fail(`set ${m![1]} is defined twice`, row, src.columns[from]);
  const body = src.text.slice(from).indexOf('{') + from + 1;
  const assigns: Declarations['sets'][number]['assigns'] = [];
  const re = /([A-Za-z_][\w.]*)\s*=\s*([^,\s}]+)/g;
  let a: RegExpExecArray | null;
  while ((a = re.exec(m![2]))) {
    const at = body + a.index;
    assigns.push({ key: a[1], value: a[2], line: src.lines[at] ?? row, column: src.columns[at] ?? 1 });
  }
  p.d.sets.push({ name: m![1], assigns, line: row });
};
const note =
  (what: string): Reader =>
  (p, src, from) => {
    p.d.notes.push(`line ${src.lines[from]}: ${what} "${src.text.slice(from).trim().slice(0, 60)}" kept as a note`);
  };

alias(readPar, 'par', 'param', 'params', 'parameter', 'parameters', 'p', 'pa');
alias(readInit, 'init', 'i', 'in', 'ini');
alias(readNumber, 'number', 'num', 'n');
alias(readAux, 'aux', 'a');
alias(readWiener, 'wiener', 'w', 'wie');
alias(readTable, 'table', 'tab', 'tabular');
alias(readGlobal, 'global', 'g', 'glob');
alias(readBoundary, 'bdry', 'bndry', 'b', 'bd', 'boundary');
alias(readSet, 'set', 's');
alias(note('output selection'), 'only');
alias(note('options file'), 'options', 'o', 'opt');
alias(unsupported('export to a dynamically loaded (compiled C) library'), 'export');
alias((p, src, from) => p.readMarkov(src, from), 'markov', 'm');
alias(readSpecial, 'special', 'sp', 'spec');
alias(readVolterra, 'volterra', 'volt', 'v');
alias(readSolv, 'solv', 'solve');
