/**
 * From declarations to a model: names resolved to indices (case-insensitively, as XPPAUT reads them), user
 * functions and fixed quantities inlined as shared DAG nodes (a function applied to the same arguments is built
 * once, so definitions that double at every level stay linear), sum(..)of(..) and shift(..) expanded, tables,
 * delays, random draws and Wiener increments turned into their nodes. Constants fold exactly as IEEE 754; a NaN or
 * an infinity reaching a parameter or an initial value is refused with its line.
 */
import { BUILTINS, call, isBuiltin, neg, bin, num, add, exprDepth, exprSize, type Expr } from './expr';
import type { Token } from './lexer';
import type { RawExpr } from './syntax';
import type { Declarations, Decl } from './statements';
import type { ArrayOrigins } from './arrays';
import { evalExpr } from './evaluate';
import { SeededRandom } from '../../core/random';
import type { TableData } from './runtime';
import { interpAt, specialElement, type SpecialContext, type SpecialDecl } from './special';

/** Distinct nodes allowed in one model after inlining, and the depth of its DAG. */
const MAX_MODEL_NODES = 2_000_000;
const MAX_MODEL_DEPTH = 4000;
const MAX_SUM_TERMS = 100_000;

type Fail = (msg: string, row: number, column: number) => never;
/** Reads a data file named relative to the model (tables). */
export type DataReader = (name: string) => string | undefined;

interface Scope {
  vars: Map<string, Expr>;
}

export class Resolver {
  readonly states = new Map<string, number>();
  readonly params = new Map<string, number>();
  readonly tables = new Map<string, number>();
  readonly wieners = new Map<string, number>();
  private readonly numbers = new Map<string, Decl>();
  private readonly numberValues = new Map<string, number>();
  private readonly fixed = new Map<string, Decl>();
  private readonly fixedOrder: string[];
  private readonly fixedResolved = new Map<string, Expr>();
  private readonly functions = new Map<string, Declarations['functions'][number]>();
  private readonly resolving = new Set<string>();
  private readonly applied = new Map<string, Expr>();
  private readonly ids = new WeakMap<Expr, number>();
  private nextId = 0;
  private readonly leafT: Expr = { k: 't' };
  private readonly leafStates: Expr[];
  private readonly leafParams: Expr[];
  paramValues = new Float64Array(0);
  /** Table values, once read (the special operators index them). */
  tableData: TableData[] = [];
  private readonly specials = new Map<string, SpecialDecl>();
  /** Volterra integrals met while resolving (int{...} nodes refer to them by index). */
  readonly integrals: { q: number; kernel: Expr; of?: Expr; line: number }[] = [];
  private readonly leafTPrime: Expr = { k: 'tprime' };
  /**
   * While a boundary condition is resolved: x' is state x at the right end, stored after the n states at the left
   * end (the condition reads the vector [y(t0), y(t1)]); hom_bcs(k) calls are counted (XPPAUT evaluates them as 0).
   */
  boundary: { n: number; homoclinic: number } | null = null;

  constructor(
    readonly d: Declarations,
    private readonly fail: Fail,
    private readonly origins: ArrayOrigins,
  ) {
    d.states.forEach((s, i) => this.states.set(s.name.toLowerCase(), i));
    // the algebraic (solv) variables of a DAE follow the states in the unknown vector
    d.solv.forEach((s, i) => this.states.set(s.name.toLowerCase(), d.states.length + i));
    d.params.forEach((p, i) => this.params.set(p.name.toLowerCase(), i));
    d.tables.forEach((t, i) => this.tables.set(t.name.toLowerCase(), i));
    d.wieners.forEach((w, i) => this.wieners.set(w.name.toLowerCase(), i));
    for (const n of d.numbers) this.numbers.set(n.name.toLowerCase(), n);
    for (const f of d.fixed) this.fixed.set(f.name.toLowerCase(), f);
    this.fixedOrder = d.fixed.map((f) => f.name.toLowerCase());
    for (const f of d.functions) this.functions.set(f.name.toLowerCase(), f);
    for (const sp of d.specials) this.specials.set(sp.name.toLowerCase(), sp);
    this.leafStates = [...d.states, ...d.solv].map((_, i) => ({ k: 'state', i }));
    this.leafParams = d.params.map((_, i) => ({ k: 'param', i }));
  }

  private id(e: Expr): number {
    let v = this.ids.get(e);
    if (v === undefined) this.ids.set(e, (v = this.nextId++));
    return v;
  }

  resolve(raw: RawExpr, scope: Scope | null, constOnly: boolean): Expr {
    const R = (x: RawExpr): Expr => this.resolve(x, scope, constOnly);
    switch (raw.k) {
      case 'num':
        return num(raw.v);
      case 'neg':
        return neg(R(raw.a));
      case 'bin':
        return bin(raw.op, R(raw.a), R(raw.b));
      case 'if':
        return { k: 'if', c: R(raw.c), a: R(raw.a), b: R(raw.b) };
      case 'sum':
        return this.sum(raw, scope, constOnly);
      case 'id':
        return this.name(raw.name, raw.tok, scope, constOnly);
      case 'call':
        return this.call(raw, scope, constOnly);
      case 'int':
        return this.integral(raw, scope, constOnly);
    }
  }

  private integral(raw: Extract<RawExpr, { k: 'int' }>, scope: Scope | null, constOnly: boolean): Expr {
    if (constOnly) return this.fail('int{...} cannot be used in a constant value', raw.tok.line, raw.tok.column);
    const kernel = this.resolve(raw.kernel, scope, false);
    const of = raw.of ? this.resolve(raw.of, scope, false) : undefined;
    this.integrals.push({ q: raw.q, kernel, of, line: raw.tok.line });
    return { k: 'vint', i: this.integrals.length - 1 };
  }

  private name(name: string, at: Token, scope: Scope | null, constOnly: boolean): Expr {
    const key = name.toLowerCase();
    const local = scope?.vars.get(key);
    if (local) return local;
    if (this.numbers.has(key)) return num(this.numberValue(key));
    if (key === 'pi') return num(Math.PI);
    const si = this.states.get(key);
    const isFixed = this.fixed.has(key);
    if (
      constOnly &&
      (key === 't' || si !== undefined || (isFixed && !this.derivedIsConst(key)) || this.wieners.has(key))
    )
      return this.fail(`"${name}" cannot be used in a constant value`, at.line, at.column);
    if (key === 't') return this.leafT;
    if (key === "t'") return this.leafTPrime;
    if (key.endsWith("'")) {
      const end = this.states.get(key.slice(0, -1));
      if (end !== undefined && this.boundary && end < this.d.states.length)
        return { k: 'state', i: this.boundary.n + end };
      if (end !== undefined)
        return this.fail(
          `"${name}" (the value of ${name.slice(0, -1)} at the right end) can only be used in a boundary condition (bdry)`,
          at.line,
          at.column,
        );
    }
    if (si !== undefined) return this.leafStates[si];
    const pi = this.params.get(key);
    if (pi !== undefined)
      return constOnly && this.paramValues.length > pi ? num(this.paramValues[pi]) : this.leafParams[pi];
    if (isFixed) return this.fixedValue(key, at, constOnly);
    const wi = this.wieners.get(key);
    if (wi !== undefined) return { k: 'wiener', i: wi };
    if (this.functions.has(key) || isBuiltin(key) || this.tables.has(key))
      return this.fail(`"${name}" is a function; call it as ${name}(...)`, at.line, at.column);
    const o = this.origins.get(key);
    if (o)
      return this.fail(`array index out of range: ${o.expr} is ${name}, which is not declared`, at.line, at.column);
    return this.fail(`unknown name "${name}"`, at.line, at.column);
  }

  /** A derived parameter (or fixed quantity) that depends only on parameters and numbers. */
  private derivedIsConst(key: string): boolean {
    const def = this.fixed.get(key)!;
    const free = (r: RawExpr): boolean => {
      switch (r.k) {
        case 'num':
          return true;
        case 'id': {
          const k = r.name.toLowerCase();
          if (k === 't' || this.states.has(k) || this.wieners.has(k)) return false;
          if (this.fixed.has(k)) return !this.resolving.has(k) && this.derivedIsConst(k);
          return true;
        }
        case 'neg':
          return free(r.a);
        case 'bin':
          return free(r.a) && free(r.b);
        case 'if':
          return free(r.c) && free(r.a) && free(r.b);
        case 'call':
          return r.args.every(free);
        case 'sum':
        case 'int':
          return false;
      }
    };
    if (this.resolving.has(key)) return false;
    this.resolving.add(key);
    const r = free(def.raw);
    this.resolving.delete(key);
    return r;
  }

  private numberValue(key: string): number {
    const have = this.numberValues.get(key);
    if (have !== undefined) return have;
    const def = this.numbers.get(key)!;
    if (this.resolving.has(key)) this.fail(`number "${def.name}" is defined in terms of itself`, def.line, def.column);
    this.resolving.add(key);
    const e = this.resolve(def.raw, null, true);
    this.resolving.delete(key);
    if (e.k !== 'num') return this.fail(`number "${def.name}" must be a constant`, def.line, def.column);
    this.numberValues.set(key, e.v);
    return e.v;
  }

  private fixedValue(key: string, at: Token, constOnly: boolean): Expr {
    const have = this.fixedResolved.get(key);
    if (have && !constOnly) return have;
    const def = this.fixed.get(key)!;
    if (this.resolving.has(key)) return this.fail(`"${def.name}" is defined in terms of itself`, at.line, at.column);
    this.resolving.add(key);
    const e = this.resolve(def.raw, null, constOnly);
    this.resolving.delete(key);
    if (!constOnly) this.fixedResolved.set(key, e);
    return e;
  }

  private call(raw: Extract<RawExpr, { k: 'call' }>, scope: Scope | null, constOnly: boolean): Expr {
    const key = raw.name.toLowerCase();
    const at = raw.tok;
    if (key === 'shift') return this.shift(raw, scope, constOnly);
    if (key === 'hom_bcs' && this.boundary) {
      this.boundary.homoclinic++;
      return num(0);
    }
    if (key === 'delay') return this.delay(raw, scope, constOnly);
    if (key === 'del_shft') return this.delShift(raw, scope, constOnly);
    const args = raw.args.map((a) => this.resolve(a, scope, constOnly));
    const fn = this.functions.get(key);
    if (fn) {
      if (args.length !== fn.args.length)
        this.fail(`${raw.name} takes ${fn.args.length} argument(s), got ${args.length}`, at.line, at.column);
      const memoKey = `${key}(${args.map((a) => this.id(a)).join(',')})${constOnly ? 'c' : ''}`;
      const have = this.applied.get(memoKey);
      if (have) return have;
      if (this.resolving.has(`fn:${key}`))
        this.fail(`function ${raw.name} calls itself (recursion is not supported)`, at.line, at.column);
      this.resolving.add(`fn:${key}`);
      const vars = new Map<string, Expr>();
      fn.args.forEach((a, k) => vars.set(a.toLowerCase(), args[k]));
      const e = this.resolve(fn.body, { vars }, constOnly);
      this.resolving.delete(`fn:${key}`);
      this.applied.set(memoKey, e);
      return e;
    }
    const sp = this.specials.get(key);
    if (sp?.fn === 'gill') {
      if (args.length !== 1) this.fail(`${raw.name} takes one index, got ${args.length}`, at.line, at.column);
      return this.gillElement(sp, this.integer(raw.args[0], scope, `the index of ${raw.name}(...)`), at);
    }
    if (sp?.fn === 'interp') {
      if (args.length !== 1) this.fail(`${raw.name} takes one argument, got ${args.length}`, at.line, at.column);
      return interpAt(sp, args[0], at, this.specialContext(scope, constOnly));
    }
    if (sp) {
      if (args.length !== 1) this.fail(`${raw.name} takes one index, got ${args.length}`, at.line, at.column);
      const j = this.integer(raw.args[0], scope, `the index of ${raw.name}(...)`);
      return specialElement(sp, j, at, this.specialContext(scope, constOnly));
    }
    const ti = this.tables.get(key);
    if (ti !== undefined) {
      if (args.length !== 1) this.fail(`table ${raw.name} takes 1 argument, got ${args.length}`, at.line, at.column);
      return { k: 'table', i: ti, x: args[0] };
    }
    if (key === 'ran' || key === 'normal') {
      const arity = key === 'ran' ? 1 : 2;
      if (args.length !== arity)
        this.fail(`${raw.name} takes ${arity} argument(s), got ${args.length}`, at.line, at.column);
      return { k: 'rand', fn: key, args };
    }
    if (isBuiltin(key)) {
      const arity = BUILTINS[key];
      if (args.length !== arity)
        this.fail(`${raw.name} takes ${arity} argument(s), got ${args.length}`, at.line, at.column);
      return call(key, args);
    }
    if (this.states.has(key) || this.params.has(key))
      return this.fail(`"${raw.name}" is not a function`, at.line, at.column);
    return this.fail(
      `unknown function "${raw.name}" (built-ins: ${Object.keys(BUILTINS).join(', ')}, ran, normal, delay, del_shft, shift, sum)`,
      at.line,
      at.column,
    );
  }

  /** Gillespie specials: their rates (resolved once each), referenced by 'gill' nodes. */
  readonly gills: { rates: Expr[]; line: number }[] = [];
  private readonly gillIndex = new Map<SpecialDecl, number>();

  private gillElement(sp: SpecialDecl, j: number, at: Token): Expr {
    let i = this.gillIndex.get(sp);
    if (i === undefined) {
      i = this.gills.length;
      this.gillIndex.set(sp, i);
      this.gills.push({ rates: sp.args.slice(1).map((a) => this.resolve(a, null, false)), line: sp.line });
    }
    if (j < 0 || j > sp.args.length - 1)
      this.fail(
        `${sp.name}(${j}) is outside 0..${sp.args.length - 1} (0: waiting time, k: reaction k fired)`,
        at.line,
        at.column,
      );
    return { k: 'gill', i, j };
  }

  private specialContext(scope: Scope | null, constOnly: boolean): SpecialContext {
    return {
      fail: this.fail,
      integer: (raw, what) => this.integer(raw, scope, what),
      table: (raw) => {
        const ti = raw.k === 'id' ? this.tables.get(raw.name.toLowerCase()) : undefined;
        const tok = 'tok' in raw ? raw.tok : undefined;
        if (ti === undefined || !this.tableData[ti])
          return this.fail('a special operator needs a table name here', tok?.line ?? 1, tok?.column ?? 1);
        return this.tableData[ti].y;
      },
      variable: (raw, offset, at) => {
        if (raw.k !== 'id') return this.fail('a special operator needs a variable name here', at.line, at.column);
        const shifted: RawExpr = { k: 'call', name: 'shift', args: [raw, { k: 'num', v: offset, tok: at }], tok: at };
        return this.shift(shifted, scope, constOnly);
      },
      delayed: (raw, offset, tau, at) => {
        const e = this.specialContext(scope, constOnly).variable(raw, offset, at);
        if (e.k !== 'state' || e.i >= this.d.states.length)
          return this.fail(
            'a delayed special operator needs state variables (delays act on states only)',
            at.line,
            at.column,
          );
        if (constOnly) return this.fail('delay(...) cannot be used in a constant value', at.line, at.column);
        return { k: 'delay', i: e.i, tau: num(tau) };
      },
      apply: (raw, a, b, at) => {
        const fn = raw.k === 'id' ? this.functions.get(raw.name.toLowerCase()) : undefined;
        if (!fn || fn.args.length !== 2)
          return this.fail('a special operator needs a user function of two arguments here', at.line, at.column);
        const vars = new Map<string, Expr>([
          [fn.args[0].toLowerCase(), a],
          [fn.args[1].toLowerCase(), b],
        ]);
        return this.resolve(fn.body, { vars }, constOnly);
      },
    };
  }

  /** A constant integer (sum bounds, shift offsets): numbers, parameters at their values, i'. */
  private integer(raw: RawExpr, scope: Scope | null, what: string): number {
    const e = this.resolve(raw, scope, true);
    const tok = 'tok' in raw ? raw.tok : undefined;
    if (e.k !== 'num' || !Number.isFinite(e.v))
      return this.fail(`${what} must be a constant`, tok?.line ?? 1, tok?.column ?? 1);
    return Math.trunc(e.v);
  }

  /** sum(lo,hi)of(body): expanded into a balanced sum of the terms with i' = lo..hi. */
  private sum(raw: Extract<RawExpr, { k: 'sum' }>, scope: Scope | null, constOnly: boolean): Expr {
    const lo = this.integer(raw.lo, scope, 'the lower bound of sum(lo,hi)');
    const hi = this.integer(raw.hi, scope, 'the upper bound of sum(lo,hi)');
    if (hi - lo + 1 > MAX_SUM_TERMS)
      this.fail(`sum(${lo},${hi}) has more than ${MAX_SUM_TERMS} terms`, raw.tok.line, raw.tok.column);
    const terms: Expr[] = [];
    for (let i = lo; i <= hi; i++) {
      const vars = new Map(scope?.vars ?? []);
      vars.set("i'", num(i));
      terms.push(this.resolve(raw.body, { vars }, constOnly));
    }
    const tree = (a: number, b: number): Expr =>
      b - a === 1 ? terms[a] : add(tree(a, (a + b) >> 1), tree((a + b) >> 1, b));
    return terms.length === 0 ? num(0) : tree(0, terms.length);
  }

  /** shift(name, k): the variable declared k places after `name` (states, or fixed quantities). */
  private shift(raw: Extract<RawExpr, { k: 'call' }>, scope: Scope | null, constOnly: boolean): Expr {
    const at = raw.tok;
    if (raw.args.length !== 2 || raw.args[0].k !== 'id')
      return this.fail('shift takes a variable name and an offset: shift(u0, k)', at.line, at.column);
    const base = raw.args[0].name.toLowerCase();
    const k = this.integer(raw.args[1], scope, 'the offset of shift(name, k)');
    const si = this.states.get(base);
    if (si !== undefined) {
      const j = si + k;
      if (j < 0 || j >= this.d.states.length || si >= this.d.states.length)
        this.fail(
          `shift(${raw.args[0].name}, ${k}) is outside the ${this.d.states.length} state variables`,
          at.line,
          at.column,
        );
      return this.resolve({ k: 'id', name: this.d.states[j].name, tok: at }, scope, constOnly);
    }
    const fi = this.fixedOrder.indexOf(base);
    if (fi >= 0) {
      const j = fi + k;
      if (j < 0 || j >= this.fixedOrder.length)
        this.fail(
          `shift(${raw.args[0].name}, ${k}) is outside the ${this.fixedOrder.length} fixed quantities`,
          at.line,
          at.column,
        );
      return this.resolve({ k: 'id', name: this.fixedOrder[j], tok: at }, scope, constOnly);
    }
    return this.fail(
      `shift needs a state variable or a fixed quantity, "${raw.args[0].name}" is neither`,
      at.line,
      at.column,
    );
  }

  private delay(raw: Extract<RawExpr, { k: 'call' }>, scope: Scope | null, constOnly: boolean): Expr {
    const at = raw.tok;
    if (constOnly) return this.fail('delay(...) cannot be used in a constant value', at.line, at.column);
    if (raw.args.length !== 2 || raw.args[0].k !== 'id')
      return this.fail('delay takes a state variable and a delay: delay(x, tau)', at.line, at.column);
    const si = this.states.get(raw.args[0].name.toLowerCase());
    if (si === undefined)
      return this.fail(`delay needs a state variable, "${raw.args[0].name}" is not one`, at.line, at.column);
    return { k: 'delay', i: si, tau: this.resolve(raw.args[1], scope, false) };
  }

  /** del_shft(x, k, tau): the state k places after x, delayed by tau (XPPAUT's delay of a shift). */
  private delShift(raw: Extract<RawExpr, { k: 'call' }>, scope: Scope | null, constOnly: boolean): Expr {
    const at = raw.tok;
    if (raw.args.length !== 3 || raw.args[0].k !== 'id')
      return this.fail('del_shft takes a state variable, a shift and a delay: del_shft(x, k, tau)', at.line, at.column);
    const shifted = this.shift({ ...raw, name: 'shift', args: raw.args.slice(0, 2) }, scope, constOnly);
    if (shifted.k !== 'state' || shifted.i >= this.d.states.length)
      return this.fail('del_shft needs a state variable (delays act on states only)', at.line, at.column);
    if (constOnly) return this.fail('del_shft(...) cannot be used in a constant value', at.line, at.column);
    return { k: 'delay', i: shifted.i, tau: this.resolve(raw.args[2], scope, false) };
  }

  /** Refuses DAGs too large or too deep for the passes that follow. */
  checkSize(roots: readonly Expr[], line: number): void {
    const size = exprSize(roots);
    if (size > MAX_MODEL_NODES)
      this.fail(`the model has ${size} distinct expression nodes after inlining (limit ${MAX_MODEL_NODES})`, line, 1);
    const depth = exprDepth(roots);
    if (depth > MAX_MODEL_DEPTH)
      this.fail(
        `expressions nested too deeply after inlining (${depth} levels; the limit is ${MAX_MODEL_DEPTH})`,
        line,
        1,
      );
  }

  /** The value of a formula table at its sample points (t is the table's variable). */
  formulaTable(decl: Declarations['tables'][number], seed: number): TableData {
    const f = decl.formula!;
    const rng = new SeededRandom(seed);
    const y = new Float64Array(f.npts);
    const h = (f.xhi - f.xlo) / (f.npts - 1);
    const e = this.resolve(f.raw, null, false);
    for (let k = 0; k < f.npts; k++) {
      y[k] = evalExpr(e, f.xlo + k * h, [], this.paramValues, {
        random: (fn, a) => (fn === 'ran' ? a[0] * rng.uniform() : a[0] + Math.sqrt(a[1]) * rng.normal()),
      });
      if (!Number.isFinite(y[k]))
        this.fail(`table ${decl.name} is ${y[k]} at t = ${f.xlo + k * h}`, decl.line, decl.column);
    }
    return { name: decl.name, xlo: f.xlo, xhi: f.xhi, y, line: decl.line };
  }
}

/** XPPAUT's table file: npts, xlo, xhi, then npts values (whitespace separated). */
export function parseTableFile(text: string, decl: Declarations['tables'][number], fail: Fail): TableData {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const nums = words.map(Number);
  const where = (k: number): string => `value ${k + 1} of table file ${decl.file}`;
  if (nums.length < 3) return fail(`table file ${decl.file} must start with npts, xlo, xhi`, decl.line, decl.column);
  const npts = nums[0];
  if (!Number.isInteger(npts) || npts < 1)
    return fail(
      `table file ${decl.file}: the first number (npts) must be a positive integer, found "${words[0]}"`,
      decl.line,
      decl.column,
    );
  if (nums.length < 3 + npts)
    return fail(`table file ${decl.file} declares ${npts} points but holds ${nums.length - 3}`, decl.line, decl.column);
  for (let k = 0; k < 3 + npts; k++)
    if (!Number.isFinite(nums[k]))
      return fail(`${where(k)} is "${words[k]}", not a finite number`, decl.line, decl.column);
  return {
    name: decl.name,
    xlo: nums[1],
    xhi: nums[2],
    y: Float64Array.from(nums.slice(3, 3 + npts)),
    line: decl.line,
  };
}
