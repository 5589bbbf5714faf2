import { OP, opName } from './operators';
import type { Node } from './tree';

/**
 * Printers of expression trees: SymPy/Python (the JSON `expression`, parseable by sympy.sympify), NumPy, LaTeX,
 * TypeScript and XPPAUT (.ode). One precedence-climbing printer with a per-language table of spellings.
 */
export type Language = 'sympy' | 'numpy' | 'latex' | 'typescript' | 'xpp';

const PREC_ADD = 1;
const PREC_MUL = 2;
const PREC_NEG = 3;
const PREC_POW = 4;
const PREC_ATOM = 9;

interface Printed {
  s: string;
  prec: number;
}

/** Variable names usable in every target language: invalid characters become '_', a leading digit gets 'v'. */
export function sanitizeName(name: string): string {
  let s = name.trim().replace(/[^A-Za-z0-9_]/g, '_');
  if (s === '' || /^[0-9]/.test(s)) s = 'v' + s;
  if (PY_KEYWORDS.has(s)) s = s + '_';
  return s;
}
const PY_KEYWORDS = new Set([
  'lambda',
  'and',
  'or',
  'not',
  'if',
  'else',
  'for',
  'in',
  'is',
  'def',
  'class',
  'return',
  'import',
  'from',
  'as',
  'with',
  'while',
  'pass',
  'None',
  'True',
  'False',
  'yield',
  'global',
  'del',
  'try',
  'except',
  'raise',
  'finally',
  'assert',
  'break',
  'continue',
  'elif',
  'async',
  'await',
  'nonlocal',
]);

/** The exact value of a snapped constant, or undefined when the mark is stale. */
function snapped(n: { v: number; r?: [number, number, number] }): [number, number, number] | undefined {
  if (!n.r) return undefined;
  const [p, q, e] = n.r;
  return (p / q) * Math.PI ** e === n.v ? n.r : undefined;
}

function numberText(v: number, lang: Language, digits?: number): string {
  if (Number.isNaN(v)) return lang === 'sympy' ? 'nan' : 'NaN';
  if (!Number.isFinite(v))
    return v > 0
      ? lang === 'sympy'
        ? 'oo'
        : lang === 'numpy'
          ? 'np.inf'
          : 'Infinity'
      : lang === 'sympy'
        ? '-oo'
        : lang === 'numpy'
          ? '-np.inf'
          : '-Infinity';
  let s = digits ? Number(v.toPrecision(digits)).toString() : String(v);
  if (lang === 'latex') {
    const m = /^(-?[0-9.]+)e([+-]?[0-9]+)$/.exec(s);
    if (m) s = `${m[1]} \\cdot 10^{${Number(m[2])}}`;
  } else if (lang === 'xpp' || lang === 'sympy' || lang === 'numpy') s = s.replace('e+', 'e');
  return s;
}

function constant(n: { v: number; r?: [number, number, number] }, lang: Language, digits?: number): Printed {
  const r = snapped(n);
  if (r && !(r[1] === 1 && r[2] === 0)) {
    const [p, q, e] = r;
    const pi =
      lang === 'sympy'
        ? 'pi'
        : lang === 'numpy'
          ? 'np.pi'
          : lang === 'typescript'
            ? 'Math.PI'
            : lang === 'latex'
              ? '\\pi'
              : 'pi';
    if (lang === 'latex') {
      const num = e === 1 ? (Math.abs(p) === 1 ? '' : String(Math.abs(p))) + pi : String(Math.abs(p));
      const den = q === 1 ? '' : String(q);
      const body = den ? `\\frac{${num || '1'}}${'{' + den + '}'}` : num;
      return { s: (p < 0 ? '-' : '') + body, prec: p < 0 ? PREC_NEG : PREC_MUL };
    }
    let s = e === 1 ? (Math.abs(p) === 1 ? pi : `${Math.abs(p)}*${pi}`) : String(Math.abs(p));
    if (q !== 1) s += `/${q}`;
    if (p < 0) s = '-' + s;
    return { s, prec: p < 0 ? PREC_NEG : q !== 1 || e === 1 ? PREC_MUL : PREC_ATOM };
  }
  const s = numberText(n.v, lang, digits);
  return { s, prec: s.startsWith('-') ? PREC_NEG : PREC_ATOM };
}

const FN: Record<Language, Partial<Record<string, string>>> = {
  sympy: { sin: 'sin', cos: 'cos', tan: 'tan', exp: 'exp', log: 'log', sqrt: 'sqrt', abs: 'Abs', tanh: 'tanh' },
  numpy: {
    sin: 'np.sin',
    cos: 'np.cos',
    tan: 'np.tan',
    exp: 'np.exp',
    log: 'np.log',
    sqrt: 'np.sqrt',
    abs: 'np.abs',
    tanh: 'np.tanh',
  },
  typescript: {
    sin: 'Math.sin',
    cos: 'Math.cos',
    tan: 'Math.tan',
    exp: 'Math.exp',
    log: 'Math.log',
    sqrt: 'Math.sqrt',
    abs: 'Math.abs',
    tanh: 'Math.tanh',
  },
  xpp: { sin: 'sin', cos: 'cos', tan: 'tan', exp: 'exp', log: 'ln', sqrt: 'sqrt', abs: 'abs', tanh: 'tanh' },
  latex: { sin: '\\sin', cos: '\\cos', tan: '\\tan', exp: '\\exp', log: '\\log', tanh: '\\tanh' },
};

function paren(p: Printed, minPrec: number, lang: Language): string {
  if (p.prec >= minPrec) return p.s;
  return lang === 'latex' ? `\\left(${p.s}\\right)` : `(${p.s})`;
}

function powText(base: Printed, exponent: Printed, lang: Language): Printed {
  if (lang === 'typescript') return { s: `Math.pow(${base.s}, ${exponent.s})`, prec: PREC_ATOM };
  if (lang === 'latex') return { s: `${paren(base, PREC_ATOM, lang)}^{${exponent.s}}`, prec: PREC_POW };
  const op = lang === 'xpp' ? '^' : '**';
  return { s: `${paren(base, PREC_ATOM, lang)}${op}${paren(exponent, PREC_ATOM, lang)}`, prec: PREC_POW };
}

function print(n: Node, names: readonly string[], lang: Language, digits: number | undefined): Printed {
  switch (n.t) {
    case 'c':
      return constant(n, lang, digits);
    case 'x':
      return { s: lang === 'latex' ? latexName(names[n.i] ?? `x${n.i}`) : (names[n.i] ?? `x${n.i}`), prec: PREC_ATOM };
    case 'u': {
      const a = print(n.a, names, lang, digits);
      switch (n.op) {
        case OP.neg:
          return { s: `-${paren(a, PREC_POW, lang)}`, prec: PREC_NEG };
        case OP.square:
          return powText(a, { s: '2', prec: PREC_ATOM }, lang);
        case OP.cube:
          return powText(a, { s: '3', prec: PREC_ATOM }, lang);
        case OP.inv:
          return lang === 'latex'
            ? { s: `\\frac{1}{${a.s}}`, prec: PREC_ATOM }
            : { s: `1/${paren(a, PREC_POW, lang)}`, prec: PREC_MUL };
        case OP.sqrt:
          if (lang === 'latex') return { s: `\\sqrt{${a.s}}`, prec: PREC_ATOM };
          break;
        case OP.abs:
          if (lang === 'latex') return { s: `\\left|${a.s}\\right|`, prec: PREC_ATOM };
          break;
      }
      const f = FN[lang][opName(n.op)] ?? opName(n.op);
      return lang === 'latex'
        ? { s: `${f}{\\left(${a.s}\\right)}`, prec: PREC_ATOM }
        : { s: `${f}(${a.s})`, prec: PREC_ATOM };
    }
    case 'b': {
      const a = print(n.a, names, lang, digits);
      const b = print(n.b, names, lang, digits);
      switch (n.op) {
        case OP.add: {
          // a + (-c) and a + (-c*x) print as a - c, a - c*x (a leading minus binds to the whole product)
          if ((b.s.startsWith('-') && b.prec >= PREC_MUL && b.prec !== PREC_ATOM) || b.prec === PREC_NEG)
            return { s: `${a.s} - ${b.s.slice(1)}`, prec: PREC_ADD };
          return { s: `${a.s} + ${paren(b, PREC_ADD, lang)}`, prec: PREC_ADD };
        }
        case OP.sub:
          if (b.s.startsWith('-') && (b.prec === PREC_MUL || b.prec === PREC_NEG) && lang !== 'latex')
            return { s: `${a.s} + ${b.s.slice(1)}`, prec: PREC_ADD };
          return { s: `${a.s} - ${paren(b, PREC_MUL, lang)}`, prec: PREC_ADD };
        case OP.mul:
          // -1*x prints as -x
          if (n.a.t === 'c' && n.a.v === -1 && !n.a.r) return { s: `-${paren(b, PREC_POW, lang)}`, prec: PREC_NEG };
          if (lang === 'latex')
            return { s: `${paren(a, PREC_MUL, lang)} ${paren(b, PREC_NEG + 1, lang)}`, prec: PREC_MUL };
          return { s: `${paren(a, PREC_MUL, lang)}*${paren(b, PREC_NEG + 1, lang)}`, prec: PREC_MUL };
        case OP.div:
          if (lang === 'latex') return { s: `\\frac{${a.s}}{${b.s}}`, prec: PREC_ATOM };
          return { s: `${paren(a, PREC_MUL, lang)}/${paren(b, PREC_NEG + 1, lang)}`, prec: PREC_MUL };
        case OP.pow:
          return powText(a, b, lang);
      }
      throw new Error(`unknown binary operator ${n.op}`);
    }
  }
}

function latexName(name: string): string {
  const greek =
    /^(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega)(_?)([0-9]*)$/.exec(
      name,
    );
  if (greek) return `\\${greek[1]}${greek[3] ? `_{${greek[3]}}` : ''}`;
  const m = /^([A-Za-z]+)_?([0-9]+)$/.exec(name);
  if (m) return `${m[1]}_{${m[2]}}`;
  return name.length > 1 ? `\\mathrm{${name.replace(/_/g, '\\_')}}` : name;
}

/** The expression in one language; `digits` rounds constants (display only: LaTeX in the table). */
export function toText(n: Node, names: readonly string[], lang: Language, digits?: number): string {
  return print(n, names, lang, digits).s;
}

export const toSympy = (n: Node, names: readonly string[]): string => toText(n, names, 'sympy');
export const toLatex = (n: Node, names: readonly string[]): string => toText(n, names, 'latex', 6);

/** A self-contained Python/NumPy function. */
export function toNumpyFunction(n: Node, names: readonly string[], fname = 'f'): string {
  return `import numpy as np\n\ndef ${fname}(${names.join(', ')}):\n    return ${toText(n, names, 'numpy')}\n`;
}

/** A SymPy snippet that builds the expression with real symbols named as the columns. */
export function toSympyScript(n: Node, names: readonly string[]): string {
  const used = names.filter((_, i) => usesFeature(n, i));
  const syms =
    used.length > 0
      ? `${used.join(', ')}${used.length === 1 ? ',' : ''} = sp.symbols('${used.join(' ')}', real=True)\n`
      : '';
  return `import sympy as sp\n\n${syms}expr = ${toText(n, names, 'sympy').replace(/\b(sin|cos|tan|exp|log|sqrt|Abs|tanh|pi)\b/g, 'sp.$1')}\n`;
}

/** A TypeScript function over named arguments. */
export function toTypeScriptFunction(n: Node, names: readonly string[], fname = 'f'): string {
  return `export function ${fname}(${names.map((x) => `${x}: number`).join(', ')}): number {\n  return ${toText(n, names, 'typescript')};\n}\n`;
}

function usesFeature(n: Node, i: number): boolean {
  return n.t === 'x'
    ? n.i === i
    : n.t === 'u'
      ? usesFeature(n.a, i)
      : n.t === 'b'
        ? usesFeature(n.a, i) || usesFeature(n.b, i)
        : false;
}

/**
 * An XPPAUT model (Ermentrout, "Simulating, Analyzing, and Animating Dynamical Systems", ch. 2): one `x' = rhs`
 * per state, fitted non-integer constants lifted into `par` lines (so the stability analyses can sweep them), `init`
 * from the first row of the data, `done`.
 */
export function toOde(
  equations: { state: string; tree: Node }[],
  names: readonly string[],
  init: Record<string, number>,
  header: string,
): string {
  const pars: string[] = [];
  const lines: string[] = [];
  let count = 0;
  const lift = (n: Node): Node => {
    if (n.t === 'c') {
      if (Number.isInteger(n.v) && Math.abs(n.v) < 1000) return n;
      if (snapped(n) && n.r![1] <= 12 && n.r![2] === 0) return n;
      count++;
      const name = `p${count}`;
      pars.push(`${name}=${numberText(n.v, 'xpp')}`);
      // a feature index past the names marks a parameter (printed by name below)
      return { t: 'x', i: names.length + count - 1 };
    }
    if (n.t === 'u') return { t: 'u', op: n.op, a: lift(n.a) };
    if (n.t === 'b') return { t: 'b', op: n.op, a: lift(n.a), b: lift(n.b) };
    return n;
  };
  const lifted = equations.map((e) => ({ state: e.state, tree: lift(e.tree) }));
  const allNames = [...names, ...Array.from({ length: count }, (_, k) => `p${k + 1}`)];
  for (const e of lifted) lines.push(`${e.state}' = ${toText(e.tree, allNames, 'xpp')}`);
  const out = [`# ${header}`];
  if (pars.length > 0) out.push(`par ${pars.join(', ')}`);
  out.push(...lines);
  const inits = Object.entries(init).map(([k, v]) => `${k}=${numberText(v, 'xpp')}`);
  if (inits.length > 0) out.push(`init ${inits.join(', ')}`);
  out.push('done', '');
  return out.join('\n');
}
