/**
 * Parser of XPPAUT .ode model files (Ermentrout, "Simulating, Analyzing, and Animating Dynamical Systems: A Guide to
 * XPPAUT", SIAM 2002, ch. 2). Supported statements:
 *   x' = rhs | dx/dt = rhs            differential equation
 *   x(t+1) = rhs                       map (or x' = rhs with @ meth=discrete)
 *   par a=1, b=2 | p a=1 b=2           parameters (values may be constant expressions such as 8/3)
 *   init x=1, y=0 | x(0)=1             initial conditions (default 0, as in XPPAUT)
 *   number c=3                         named constant
 *   f(x,y) = expr                      user function (inlined)
 *   name = expr, !name = expr          fixed quantity / derived parameter (inlined)
 *   aux name = expr                    auxiliary output, reported beside the trajectory
 *   @ dt=0.01, total=100, meth=rk4     options (dt, total, meth, trans, bounds; others are kept as notes)
 *   # comment, \ line continuation, done
 * Errors carry the 1-based line and column: badInput(message, { file, row, column }).
 */
import { badInput } from '../../core/errors';
import { BUILTINS, call, isBuiltin, neg, bin, num, type Expr, exprSize } from './expr';
import { LexError, tokenize, type SourceText, type Token } from './lexer';
import { ExprParser, type RawExpr } from './syntax';
import { evalExpr } from './evaluate';

export type IntegrationMethod = 'dopri5' | 'rk4' | 'ode23s';

export interface OdeModel {
  file: string;
  /** 'flow': x' = f(t, x); 'map': x(t+1) = f(t, x). */
  kind: 'flow' | 'map';
  stateNames: string[];
  /** rhs[i] is f_i with functions and fixed quantities inlined; refers to states and parameters by index. */
  rhs: Expr[];
  /** 1-based line of the equation of each state. */
  stateLines: number[];
  paramNames: string[];
  paramValues: Float64Array;
  paramLines: number[];
  init: Float64Array;
  /** Lines of `init` statements and `x(0)=` statements, in file order (the code lens sits above the first). */
  initLines: number[];
  aux: { name: string; expr: Expr; line: number }[];
  options: {
    dt?: number;
    total?: number;
    method?: IntegrationMethod;
    /** XPPAUT `trans`: time before which output is not stored. */
    transient?: number;
    /** XPPAUT `bounds`: |x| beyond which the run stops as divergent. */
    bounds?: number;
    t0?: number;
  };
  notes: string[];
}

interface FunctionDef {
  name: string;
  args: string[];
  body: RawExpr;
  line: number;
}

const KEYWORDS: Record<string, 'par' | 'init' | 'number' | 'aux' | 'options' | 'unsupported'> = {
  par: 'par',
  param: 'par',
  parameter: 'par',
  parameters: 'par',
  p: 'par',
  init: 'init',
  i: 'init',
  number: 'number',
  num: 'number',
  n: 'number',
  aux: 'aux',
  a: 'aux',
  options: 'options',
  o: 'options',
  global: 'unsupported',
  table: 'unsupported',
  wiener: 'unsupported',
  markov: 'unsupported',
  volterra: 'unsupported',
  bdry: 'unsupported',
  b: 'unsupported',
  set: 'unsupported',
  special: 'unsupported',
  solv: 'unsupported',
  export: 'unsupported',
};

/** Splits the file into logical statements: comments removed, `\` continuations joined, positions kept. */
function statements(text: string): SourceText[] {
  const out: SourceText[] = [];
  const physical = text.split('\n');
  let buf = '';
  let lines: number[] = [];
  let cols: number[] = [];
  for (let li = 0; li < physical.length; li++) {
    let line = physical[li].replace(/\r$/, '');
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    let cont = false;
    const trimmedEnd = line.replace(/\s+$/, '');
    if (trimmedEnd.endsWith('\\')) {
      cont = true;
      line = trimmedEnd.slice(0, -1);
    }
    for (let c = 0; c < line.length; c++) {
      buf += line[c];
      lines.push(li + 1);
      cols.push(c + 1);
    }
    if (cont) {
      buf += ' ';
      lines.push(li + 1);
      cols.push(line.length + 1);
      continue;
    }
    if (buf.trim() !== '') out.push({ text: buf, lines: Int32Array.from(lines), columns: Int32Array.from(cols) });
    buf = '';
    lines = [];
    cols = [];
  }
  if (buf.trim() !== '') out.push({ text: buf, lines: Int32Array.from(lines), columns: Int32Array.from(cols) });
  return out;
}

/** Parses .ode text into a model. `file` names the source in error messages. */
export function parseOde(text: string, file = 'model.ode'): OdeModel {
  const fail = (msg: string, row: number, column: number): never => {
    throw badInput(`line ${row}, column ${column}: ${msg}`, { file, row, column });
  };
  const wrapLex = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof LexError) return fail(e.message, e.line, e.column);
      throw e;
    }
  };

  const states: { name: string; raw: RawExpr; line: number; map: boolean }[] = [];
  const params: { name: string; raw: RawExpr; line: number }[] = [];
  const numbers = new Map<string, { raw: RawExpr; line: number }>();
  const fixed = new Map<string, { raw: RawExpr; line: number }>();
  const functions = new Map<string, FunctionDef>();
  const inits: { name: string; raw: RawExpr; tok: Token }[] = [];
  const initLines: number[] = [];
  const auxRaw: { name: string; raw: RawExpr; line: number }[] = [];
  const optionToks: { key: Token; value: Token; negative: boolean }[] = [];
  const notes: string[] = [];
  const declared = new Map<string, string>();
  const declare = (name: string, what: string, row: number, column: number): void => {
    const prev = declared.get(name);
    if (prev) fail(`"${name}" is already declared as ${prev}`, row, column);
    if (name === 't') fail('"t" is the time variable and cannot be redefined', row, column);
    declared.set(name, what);
  };

  // `name = value` lists (par, init, number): separators are commas or whitespace, as XPPAUT allows.
  const assignments = (src: SourceText, from: number, what: string): { name: Token; raw: RawExpr }[] => {
    const toks = wrapLex(() => tokenize(src, from));
    const p = new ExprParser(toks);
    const out: { name: Token; raw: RawExpr }[] = [];
    while (p.peek().kind !== 'end') {
      const name = p.next();
      if (name.kind !== 'id') fail(`expected a ${what} name, found "${name.text}"`, name.line, name.column);
      const eq = p.next();
      if (!(eq.kind === 'op' && eq.text === '=')) fail(`expected "=" after ${what} "${name.text}"`, eq.line, eq.column);
      const raw = wrapLex(() => p.parseUntilComma());
      out.push({ name, raw });
      if (p.peek().kind === 'comma') p.next();
    }
    if (out.length === 0) fail(`empty ${what} list`, src.lines[0], src.columns[0]);
    return out;
  };

  let sawDone = false;
  for (const src of statements(text)) {
    if (sawDone) break;
    const s = src.text;
    const lead = s.length - s.trimStart().length;
    const body = s.slice(lead);
    const row = src.lines[lead];
    const col0 = src.columns[lead];
    if (/^done\s*$/i.test(body)) {
      sawDone = true;
      continue;
    }

    if (body.startsWith('@')) {
      const toks = wrapLex(() => tokenize(src, lead + 1));
      let k = 0;
      while (toks[k].kind !== 'end') {
        const key = toks[k++];
        if (key.kind !== 'id') fail(`expected an option name after @, found "${key.text}"`, key.line, key.column);
        const eq = toks[k++];
        if (!(eq.kind === 'op' && eq.text === '=')) fail(`expected "=" after option "${key.text}"`, eq.line, eq.column);
        let negative = false;
        if (toks[k].kind === 'op' && toks[k].text === '-') {
          negative = true;
          k++;
        }
        const value = toks[k++];
        if (value.kind !== 'num' && value.kind !== 'id')
          fail(`expected a value for option "${key.text}"`, value.line, value.column);
        optionToks.push({ key, value, negative });
        if (toks[k].kind === 'comma') k++;
      }
      continue;
    }

    if (body.startsWith('!')) {
      const m = /^!\s*([A-Za-z_]\w*)\s*=/.exec(body);
      if (!m) fail('expected "!name = expression" (derived parameter)', row, col0);
      const name = m![1];
      declare(name, 'a derived parameter', row, col0 + 1);
      const raw = wrapLex(() => new ExprParser(tokenize(src, lead + m![0].length)).parseAll());
      fixed.set(name, { raw, line: row });
      continue;
    }

    const bare = /^([A-Za-z_]\w*)\s*$/.exec(body);
    if (bare && KEYWORDS[bare[1].toLowerCase()] && KEYWORDS[bare[1].toLowerCase()] !== 'unsupported') {
      fail(`"${bare[1]}" needs a list, e.g. "${bare[1]} a=1, b=2"`, row, col0);
    }
    // keyword statements: the keyword is followed by whitespace and then a name (not "=", "(", "'")
    const kw = /^([A-Za-z_]\w*)\s+(?=[A-Za-z_])/.exec(body);
    if (kw) {
      const kind = KEYWORDS[kw[1].toLowerCase()];
      const from = lead + kw[0].length;
      if (kind === 'unsupported')
        fail(
          `"${kw[1]}" statements are not supported by DynLens (supported: equations, par, init, number, aux, functions, @ options)`,
          row,
          col0,
        );
      if (kind === 'par') {
        for (const a of assignments(src, from, 'parameter')) {
          declare(a.name.text, 'a parameter', a.name.line, a.name.column);
          params.push({ name: a.name.text, raw: a.raw, line: a.name.line });
        }
        continue;
      }
      if (kind === 'number') {
        for (const a of assignments(src, from, 'number')) {
          declare(a.name.text, 'a number', a.name.line, a.name.column);
          numbers.set(a.name.text, { raw: a.raw, line: a.name.line });
        }
        continue;
      }
      if (kind === 'init') {
        initLines.push(row);
        for (const a of assignments(src, from, 'initial condition'))
          inits.push({ name: a.name.text, raw: a.raw, tok: a.name });
        continue;
      }
      if (kind === 'aux') {
        const m = /^([A-Za-z_]\w*)\s*=/.exec(s.slice(from));
        if (!m) fail('expected "aux name = expression"', row, src.columns[from]);
        const name = m![1];
        declare(name, 'an auxiliary quantity', row, src.columns[from]);
        const raw = wrapLex(() => new ExprParser(tokenize(src, from + m![0].length)).parseAll());
        auxRaw.push({ name, raw, line: row });
        continue;
      }
      if (kind === 'options') {
        notes.push(`line ${row}: "options" statement ignored`);
        continue;
      }
      fail(
        `unknown statement "${kw[1]}" (expected an equation, par, init, number, aux, a function or @ options)`,
        row,
        col0,
      );
    }

    let m: RegExpExecArray | null;
    if (
      (m = /^d([A-Za-z_]\w*)\s*\/\s*dt\s*=/.exec(body)) ||
      (m = /^([A-Za-z_]\w*)\s*'\s*=/.exec(body)) ||
      (m = /^([A-Za-z_]\w*)\s*\(\s*t\s*\+\s*1\s*\)\s*=/.exec(body))
    ) {
      const name = m[1];
      declare(name, 'a state variable', row, col0);
      const raw = wrapLex(() => new ExprParser(tokenize(src, lead + m![0].length)).parseAll());
      states.push({ name, raw, line: row, map: m[0].includes('(') });
      continue;
    }
    if ((m = /^([A-Za-z_]\w*)\s*\(\s*0\s*\)\s*=/.exec(body))) {
      initLines.push(row);
      const toks = wrapLex(() => tokenize(src, lead));
      const raw = wrapLex(() => new ExprParser(tokenize(src, lead + m![0].length)).parseAll());
      inits.push({ name: m[1], raw, tok: toks[0] });
      continue;
    }
    if ((m = /^([A-Za-z_]\w*)\s*\(([^()]*)\)\s*=/.exec(body))) {
      const name = m[1];
      if (isBuiltin(name)) fail(`"${name}" is a built-in function and cannot be redefined`, row, col0);
      const args = m[2].split(',').map((x) => x.trim());
      for (const a of args)
        if (!/^[A-Za-z_]\w*$/.test(a))
          fail(`function arguments must be names, found "${a}" in ${name}(${m[2]})`, row, col0);
      declare(name, 'a function', row, col0);
      const raw = wrapLex(() => new ExprParser(tokenize(src, lead + m![0].length)).parseAll());
      functions.set(name, { name, args, body: raw, line: row });
      continue;
    }
    if ((m = /^([A-Za-z_]\w*)\s*=/.exec(body))) {
      const name = m[1];
      declare(name, 'a fixed quantity', row, col0);
      const raw = wrapLex(() => new ExprParser(tokenize(src, lead + m![0].length)).parseAll());
      fixed.set(name, { raw, line: row });
      continue;
    }
    fail(
      `cannot read this line: expected an equation (x' = ..., dx/dt = ..., x(t+1) = ...), a declaration or "done"`,
      row,
      col0,
    );
  }

  if (states.length === 0) fail('no equations found (expected lines like "x\' = ..." or "x(t+1) = ...")', 1, 1);

  // ---- options --------------------------------------------------------------------------------------------------
  const options: OdeModel['options'] = {};
  let discrete = false;
  for (const { key, value, negative } of optionToks) {
    const k = key.text.toLowerCase();
    const numeric = (): number => {
      if (value.kind !== 'num')
        fail(`option ${key.text} expects a number, found "${value.text}"`, value.line, value.column);
      return (negative ? -1 : 1) * value.value!;
    };
    if (k === 'dt') {
      options.dt = numeric();
      if (!(options.dt > 0)) fail('dt must be positive', value.line, value.column);
    } else if (k === 'total') {
      options.total = numeric();
      if (!(options.total > 0)) fail('total must be positive', value.line, value.column);
    } else if (k === 'trans') options.transient = numeric();
    else if (k === 'bound' || k === 'bounds') options.bounds = Math.abs(numeric());
    else if (k === 't0') options.t0 = numeric();
    else if (k === 'meth' || k === 'method') {
      const v = value.text.toLowerCase();
      if (v === 'discrete' || v === 'd') discrete = true;
      else if (v === 'rungekutta' || v === 'runge' || v === 'rk4' || v === 'r') options.method = 'rk4';
      else if (['dorprin', 'dopri5', '5dp', 'qualrk', 'q', 'default', 'rk45'].includes(v)) options.method = 'dopri5';
      else if (['stiff', 'gear', 'g', 'cvode', 'backeul', 'b', '2rb', 'rb2', 'rosenbrock', 'ode23s'].includes(v)) {
        options.method = 'ode23s';
        if (!['2rb', 'rb2', 'rosenbrock', 'ode23s'].includes(v))
          notes.push(`line ${key.line}: meth=${value.text}: using the stiff Rosenbrock 2(3) integrator (ode23s)`);
      } else {
        options.method = 'dopri5';
        notes.push(
          `line ${key.line}: meth=${value.text} is not available in DynLens; using adaptive Dormand-Prince 5(4)`,
        );
      }
    } else notes.push(`line ${key.line}: option ${key.text}=${value.text} ignored`);
  }

  const mapCount = states.filter((x) => x.map).length;
  if (mapCount > 0 && mapCount < states.length) {
    const odd = states.find((x) => !x.map)!;
    fail(
      `mixing maps x(t+1)=... and differential equations is not supported ("${odd.name}" is a differential equation)`,
      odd.line,
      1,
    );
  }
  const kind: 'flow' | 'map' = mapCount > 0 || discrete ? 'map' : 'flow';

  // ---- resolution: names -> indices, functions and fixed quantities inlined -------------------------------------
  const stateIndex = new Map(states.map((x, i) => [x.name, i]));
  const paramIndex = new Map(params.map((x, i) => [x.name, i]));
  const numberValues = new Map<string, number>();
  const fixedResolved = new Map<string, Expr>();
  const resolving = new Set<string>();

  const resolve = (raw: RawExpr, scope: Map<string, Expr> | null, constOnly: boolean): Expr => {
    switch (raw.k) {
      case 'num':
        return num(raw.v);
      case 'neg':
        return neg(resolve(raw.a, scope, constOnly));
      case 'bin':
        return bin(raw.op, resolve(raw.a, scope, constOnly), resolve(raw.b, scope, constOnly));
      case 'if':
        return {
          k: 'if',
          c: resolve(raw.c, scope, constOnly),
          a: resolve(raw.a, scope, constOnly),
          b: resolve(raw.b, scope, constOnly),
        };
      case 'id': {
        const name = raw.name;
        const at = raw.tok;
        if (scope?.has(name)) return scope.get(name)!;
        if (numbers.has(name)) return num(numberValue(name));
        if (name === 'pi' && !declared.has('pi')) return num(Math.PI);
        if (constOnly && (name === 't' || stateIndex.has(name) || fixed.has(name))) {
          return fail(`"${name}" cannot be used in a constant value`, at.line, at.column);
        }
        if (name === 't') return { k: 't' };
        const si = stateIndex.get(name);
        if (si !== undefined) return { k: 'state', i: si };
        const pi = paramIndex.get(name);
        if (pi !== undefined) return { k: 'param', i: pi };
        if (fixed.has(name)) return fixedValue(name, at);
        if (functions.has(name) || isBuiltin(name))
          return fail(`"${name}" is a function; call it as ${name}(...)`, at.line, at.column);
        return fail(`unknown name "${name}"`, at.line, at.column);
      }
      case 'call': {
        const name = raw.name;
        const at = raw.tok;
        const args = raw.args.map((a) => resolve(a, scope, constOnly));
        const fn = functions.get(name);
        if (fn) {
          if (args.length !== fn.args.length)
            fail(`${name} takes ${fn.args.length} argument(s), got ${args.length}`, at.line, at.column);
          if (resolving.has(name))
            fail(`function ${name} calls itself (recursion is not supported)`, at.line, at.column);
          resolving.add(name);
          const inner = new Map<string, Expr>();
          fn.args.forEach((a, k) => inner.set(a, args[k]));
          const e = resolve(fn.body, inner, constOnly);
          resolving.delete(name);
          return e;
        }
        const lower = name.toLowerCase();
        if (isBuiltin(lower)) {
          const arity = BUILTINS[lower];
          if (args.length !== arity) fail(`${name} takes ${arity} argument(s), got ${args.length}`, at.line, at.column);
          return call(lower, args);
        }
        if (stateIndex.has(name) || paramIndex.has(name))
          return fail(`"${name}" is not a function`, at.line, at.column);
        return fail(`unknown function "${name}" (built-ins: ${Object.keys(BUILTINS).join(', ')})`, at.line, at.column);
      }
    }
  };
  const numberValue = (name: string): number => {
    const have = numberValues.get(name);
    if (have !== undefined) return have;
    const def = numbers.get(name)!;
    if (resolving.has(name)) fail(`number "${name}" is defined in terms of itself`, def.line, 1);
    resolving.add(name);
    const e = resolve(def.raw, null, true);
    resolving.delete(name);
    if (e.k !== 'num') fail(`number "${name}" must be a constant`, def.line, 1);
    numberValues.set(name, (e as { v: number }).v);
    return (e as { v: number }).v;
  };
  const fixedValue = (name: string, at: Token): Expr => {
    const have = fixedResolved.get(name);
    if (have) return have;
    const def = fixed.get(name)!;
    if (resolving.has(name)) fail(`"${name}" is defined in terms of itself`, at.line, at.column);
    resolving.add(name);
    const e = resolve(def.raw, null, false);
    resolving.delete(name);
    fixedResolved.set(name, e);
    return e;
  };

  for (const n of numbers.keys()) numberValue(n);
  const paramValues = new Float64Array(params.length);
  params.forEach((p, i) => {
    const e = resolve(p.raw, null, true);
    const v = e.k === 'num' ? e.v : NaN;
    if (e.k !== 'num' || !Number.isFinite(v)) {
      const t =
        p.raw.k === 'num' ||
        p.raw.k === 'id' ||
        p.raw.k === 'call' ||
        p.raw.k === 'bin' ||
        p.raw.k === 'neg' ||
        p.raw.k === 'if'
          ? p.raw.tok
          : undefined;
      fail(`parameter "${p.name}" must have a finite constant value`, t?.line ?? p.line, t?.column ?? 1);
    }
    paramValues[i] = v;
  });

  const rhs = states.map((s) => resolve(s.raw, null, false));
  for (let i = 0; i < rhs.length; i++) {
    if (exprSize(rhs[i]) > 200_000)
      fail(`the equation of ${states[i].name} is too large after inlining functions`, states[i].line, 1);
  }

  const init = new Float64Array(states.length);
  const initSet = new Set<string>();
  for (const it of inits) {
    const si = stateIndex.get(it.name);
    if (si === undefined)
      fail(
        `initial condition for "${it.name}", which is not a state variable (states: ${states.map((s) => s.name).join(', ')})`,
        it.tok.line,
        it.tok.column,
      );
    const e = resolve(it.raw, null, false);
    const v = evalExpr(e, 0, init, paramValues);
    if (!Number.isFinite(v)) fail(`initial value of "${it.name}" is not a finite number`, it.tok.line, it.tok.column);
    init[si!] = v;
    initSet.add(it.name);
  }
  const unset = states.filter((s) => !initSet.has(s.name)).map((s) => s.name);
  if (unset.length > 0) notes.push(`no initial condition for ${unset.join(', ')}: 0 as in XPPAUT`);

  const aux = auxRaw.map((a) => ({ name: a.name, expr: resolve(a.raw, null, false), line: a.line }));

  return {
    file,
    kind,
    stateNames: states.map((s) => s.name),
    rhs,
    stateLines: states.map((s) => s.line),
    paramNames: params.map((p) => p.name),
    paramValues,
    paramLines: params.map((p) => p.line),
    init,
    initLines: [...new Set(initLines)].sort((a, b) => a - b),
    aux,
    options,
    notes,
  };
}
