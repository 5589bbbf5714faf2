/**
 * Parser of XPPAUT .ode model files (Ermentrout, "Simulating, Analyzing, and Animating Dynamical Systems: A Guide to
 * XPPAUT", SIAM 2002, ch. 2; the xppodes help page). Three stages, each in its own module:
 *   source.ts      logical statements (comments, \ continuations, #include with loop detection)
 *   arrays.ts      index expansion x[1..n]' = ... [j-1] ... and %[1..n] blocks
 *   statements.ts  one reader per statement kind (equations, par, init, number, aux, table, wiener, global, bdry,
 *                  functions, fixed quantities, ! derived parameters, @ options, done)
 *   resolve.ts     names to indices, functions inlined as DAG nodes, sum/shift/delay/tables/random
 * Errors carry the 1-based line and column: badInput(message, { file, row, column }).
 */
import { badInput, usageError } from '../../core/errors';
import { postOrder, type Expr } from './expr';
import { LexError } from './lexer';
import { logicalStatements, type IncludeReader } from './source';
import { expandArrays, type ArrayOrigins } from './arrays';
import { StatementParser, type Declarations } from './statements';
import { Resolver, parseTableFile, type DataReader } from './resolve';
import { evalExpr } from './evaluate';
import { readOptions, type OdeOptions } from './options';
import type { TableData } from './runtime';

export type { OdeOptions } from './options';

export interface OdeEvent {
  /** +1: the condition crosses zero upwards; -1: downwards; 0: either way. */
  sign: number;
  cond: Expr;
  /** Assignments applied together at the crossing (values computed before any is assigned). */
  assigns: { state: number; expr: Expr }[];
  line: number;
}

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
  /** x(0) = g(t) statements: the history of a delay equation before t0 (0 where none is given, as in XPPAUT). */
  initHistory: (Expr | undefined)[];
  /** Lines of `init` statements and `x(0)=` statements, in file order (the code lens sits above the first). */
  initLines: number[];
  aux: { name: string; expr: Expr; line: number }[];
  tables: TableData[];
  wienerNames: string[];
  events: OdeEvent[];
  /**
   * `bdry` conditions 0 = g as written and resolved: g reads [y(t0), y(t1)] (x is state x at the left end, x' at the
   * right end); `homoclinic`: the condition calls hom_bcs (AUTO's homoclinic conditions, 0 in XPPAUT's shooter).
   */
  boundary: { text: string; line: number; expr: Expr; homoclinic: boolean }[];
  /** volterra[i]: state i is defined by an integral equation x(t) = F (rhs[i] is F), not x' = f. */
  volterra: boolean[];
  /** Volterra integrals int[q]{kernel#of} (convolution when `of` is set) referenced by 'vint' nodes. */
  integrals: { q: number; kernel: Expr; of?: Expr; line: number }[];
  /** DAE: the algebraic variables (after the states in the unknown vector), guesses, and conditions 0 = g. */
  solvNames: string[];
  solvGuess: Float64Array;
  constraints: { expr: Expr; line: number }[];
  /** Gillespie specials: the reaction rates of each (their draws are made once per iteration of the map). */
  gills: { rates: Expr[]; line: number }[];
  /** Markov variables: the state that holds each, and its n x n rate table (row-major; diagonal ignored). */
  markov: { state: number; n: number; rates: Expr[]; line: number }[];
  /** The model uses delay(...), ran/normal or wiener; `implicit`: integral equations or a DAE (fixed-step solver). */
  features: { delay: boolean; random: boolean; wiener: boolean; implicit: boolean };
  options: OdeOptions;
  notes: string[];
}

export interface ParseOptions {
  /** Reads `#include` files and table files; without it, models that need them are refused. */
  include?: IncludeReader;
  readData?: DataReader;
  /** Names of `set` blocks to apply, in order (parameter values, initial data and options). */
  sets?: readonly string[];
}

/** Parses .ode text into a model. `file` names the source in error messages. */
export function parseOde(text: string, file = 'model.ode', io: ParseOptions = {}): OdeModel {
  const fail = (msg: string, row: number, column: number): never => {
    throw badInput(`line ${row}, column ${column}: ${msg}`, { file, row, column });
  };
  const origins: ArrayOrigins = new Map();
  let statements;
  try {
    statements = expandArrays(logicalStatements(text, file, io.include), origins);
  } catch (e) {
    if (e instanceof LexError) return fail(e.message, e.line, e.column);
    throw e;
  }
  const sp = new StatementParser(file);
  for (const src of statements) {
    if (sp.done) break;
    sp.statement(src);
  }
  sp.finish();
  return buildModel(sp.d, file, fail, origins, io);
}

function buildModel(
  d: Declarations,
  file: string,
  fail: (m: string, r: number, c: number) => never,
  origins: ArrayOrigins,
  io: ParseOptions,
): OdeModel {
  if (d.states.length === 0) fail('no equations found (expected lines like "x\' = ..." or "x(t+1) = ...")', 1, 1);
  applySets(d, io.sets ?? [], file);
  const { options, discrete } = readOptions(d, fail);
  const mapCount = d.states.filter((x) => x.map).length;
  if (mapCount > 0 && mapCount < d.states.length) {
    const odd = d.states.find((x) => !x.map)!;
    fail(
      `mixing maps x(t+1)=... and differential equations is not supported ("${odd.name}" is a differential equation)`,
      odd.line,
      1,
    );
  }
  const r = new Resolver(d, fail, origins);
  r.paramValues = new Float64Array(d.params.length);
  d.params.forEach((p, i) => {
    const e = r.resolve(p.raw, null, true);
    const v = e.k === 'num' ? e.v : NaN;
    if (!Number.isFinite(v)) {
      const tok = 'tok' in p.raw ? p.raw.tok : undefined;
      fail(
        `parameter "${p.name}" must have a finite constant value${e.k === 'num' ? ` (it evaluates to ${v})` : ''}`,
        tok?.line ?? p.line,
        tok?.column ?? p.column,
      );
    }
    r.paramValues[i] = v;
  });
  const tables = d.tables.map((t): TableData => {
    if (t.formula) return r.formulaTable(t, options.seed ?? 0);
    const text = io.readData?.(t.file!);
    if (text === undefined)
      return fail(`table ${t.name}: cannot read the file "${t.file}" next to ${file}`, t.line, t.column);
    return parseTableFile(text, t, fail);
  });

  r.tableData = tables;
  const rhs = d.states.map((s) => r.resolve(s.raw, null, false));
  const aux = d.aux.map((a) => ({ name: a.name, expr: r.resolve(a.raw, null, false), line: a.line }));
  const events = d.events.map((ev) => ({
    sign: ev.sign,
    line: ev.line,
    cond: r.resolve(ev.cond, null, false),
    assigns: ev.assigns.map((a) => {
      const si = r.states.get(a.name.toLowerCase());
      if (si === undefined)
        fail(`the global event assigns "${a.name}", which is not a state variable`, a.line, a.column);
      return { state: si, expr: r.resolve(a.raw, null, false) };
    }),
  }));
  const constraints = d.constraints.map((c) => ({ expr: r.resolve(c.raw, null, false), line: c.line }));
  const boundary = d.boundary.map((b) => {
    r.boundary = { n: d.states.length, homoclinic: 0 };
    const expr = r.resolve(b.raw, null, false);
    const homoclinic = r.boundary.homoclinic > 0;
    r.boundary = null;
    return { text: b.text, line: b.line, expr, homoclinic };
  });
  if (constraints.length !== d.solv.length)
    fail(
      `${constraints.length} algebraic condition(s) "0 = ..." but ${d.solv.length} solv variable(s): a DAE needs one per variable`,
      (d.constraints[0] ?? d.solv[0]).line,
      1,
    );
  const solvGuess = Float64Array.from(d.solv, (v) => {
    const e = r.resolve(v.raw, null, true);
    if (e.k !== 'num' || !Number.isFinite(e.v))
      return fail(`the guess of solv ${v.name} must be a finite constant`, v.line, v.column);
    return e.v;
  });
  r.checkSize(
    [...rhs, ...aux.map((a) => a.expr), ...events.map((e) => e.cond), ...constraints.map((c) => c.expr)],
    d.states[0].line,
  );

  const n = d.states.length;
  const init = new Float64Array(n + d.solv.length);
  init.set(solvGuess, n);
  const initHistory: (Expr | undefined)[] = new Array(n).fill(undefined);
  const initSet = new Set<string>();
  for (const it of d.inits) {
    const si = r.states.get(it.name.toLowerCase());
    if (si === undefined)
      fail(
        `initial condition for "${it.name}", which is not a state variable (states: ${d.states.map((s) => s.name).join(', ')})`,
        it.line,
        it.column,
      );
    const e = r.resolve(it.raw, null, false);
    if (si >= n)
      fail(`"${it.name}" is an algebraic (solv) variable: give its guess as solv ${it.name}=value`, it.line, it.column);
    const v = evalExpr(e, 0, init, r.paramValues);
    if (!Number.isFinite(v))
      fail(`initial value of "${it.name}" is not a finite number (it evaluates to ${v})`, it.line, it.column);
    init[si] = v;
    // x(0) = g(t) sets the history of a delay equation only when g depends on t (XPPAUT's reading)
    if (it.history && postOrder([e]).some((x) => x.k === 't')) initHistory[si] = e;
    initSet.add(it.name.toLowerCase());
  }
  const notes = [...d.notes];
  const unset = d.states.filter((s) => !initSet.has(s.name.toLowerCase())).map((s) => s.name);
  if (unset.length > 0)
    notes.push(
      `no initial condition for ${unset.length > 12 ? `${unset.length} states` : unset.join(', ')}: 0 as in XPPAUT`,
    );
  const all = [...rhs, ...aux.map((a) => a.expr)];
  const delayed = postOrder(all).filter((e): e is Extract<Expr, { k: 'delay' }> => e.k === 'delay');
  const noHistory = [...new Set(delayed.map((e) => e.i))].filter((i) => !initHistory[i]).map((i) => d.states[i].name);
  if (noHistory.length > 0)
    notes.push(
      `delay history before t0 is 0 for ${noHistory.join(', ')} (XPPAUT's convention; x(0)=formula in t sets it)`,
    );
  const nodes = postOrder(all);
  const has = (k: Expr['k']): boolean => nodes.some((e) => e.k === k);
  return {
    file,
    kind: mapCount > 0 || discrete ? 'map' : 'flow',
    stateNames: d.states.map((s) => s.name),
    rhs,
    stateLines: d.states.map((s) => s.line),
    paramNames: d.params.map((p) => p.name),
    paramValues: r.paramValues,
    paramLines: d.params.map((p) => p.line),
    init,
    initHistory,
    initLines: [...new Set(d.initLines)].sort((a, b) => a - b),
    aux,
    tables,
    wienerNames: d.wieners.map((w) => w.name),
    events,
    boundary,
    volterra: d.states.map((s) => s.volterra === true),
    gills: r.gills,
    markov: d.markov.map((m) => ({
      state: r.states.get(m.name.toLowerCase())!,
      n: m.n,
      rates: m.rates.flat().map((x) => r.resolve(x, null, false)),
      line: m.line,
    })),
    integrals: r.integrals,
    solvNames: d.solv.map((v) => v.name),
    solvGuess,
    constraints,
    features: {
      delay: has('delay'),
      random: has('rand') || d.markov.length > 0 || r.gills.length > 0,
      wiener: has('wiener'),
      implicit: r.integrals.length > 0 || constraints.length > 0 || d.states.some((s) => s.volterra),
    },
    options,
    notes,
  };
}

/**
 * Applies the named `set` blocks: a parameter takes the value, a state the initial value, anything else is read as
 * an @ option (XPPAUT's sets hold all three). Unknown set names are a usage error listing the sets of the file.
 */
function applySets(d: Declarations, names: readonly string[], file: string): void {
  const available = d.sets.map((x) => x.name);
  if (names.length === 0) {
    if (available.length > 0)
      d.notes.push(`parameter sets in the file: ${available.join(', ')} (apply one with --set NAME)`);
    return;
  }
  for (const name of names) {
    const set = d.sets.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!set)
      throw usageError(
        `--set ${name}: no set of that name in ${file} (${available.length > 0 ? `sets: ${available.join(', ')}` : 'the file defines no set blocks'})`,
      );
    for (const a of set.assigns) {
      const key = a.key.toLowerCase();
      const value = Number(a.value);
      const tok = { kind: 'num' as const, text: a.value, value, line: a.line, column: a.column };
      const param = d.params.find((x) => x.name.toLowerCase() === key);
      const state = d.states.find((x) => x.name.toLowerCase() === key);
      if ((param || state) && !Number.isFinite(value))
        throw badInput(`line ${a.line}: set ${set.name}: ${a.key}=${a.value} is not a number`, {
          file,
          row: a.line,
          column: a.column,
        });
      if (param) param.raw = { k: 'num', v: value, tok };
      else if (state)
        d.inits.push({ name: state.name, raw: { k: 'num', v: value, tok }, line: a.line, column: a.column });
      else d.options.push(a);
    }
    d.notes.push(`set ${set.name} applied (line ${set.line})`);
  }
}
