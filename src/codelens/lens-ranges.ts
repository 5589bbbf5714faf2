/**
 * Where the .ode code lenses go, found by a cheap line scan (no parse, no allocation beyond the result), so
 * provideCodeLenses stays fast even on a file with syntax errors: the system lens above the first equation, one
 * init lens above each initial-condition statement (`init ...`, `i ...`, `x(0) = ...`). Pure: no vscode import.
 * Lines are 0-based (vscode.Position convention). Statements after `done` are ignored, as XPPAUT does.
 */
export interface OdeLensRanges {
  /** 0-based line of the first equation (x' =, dx/dt =, x(t+1) =), where the Lyapunov/verdict lens goes. */
  systemLine?: number;
  /** 0-based lines of all equations, in order (for diagnostics that point at an equation). */
  equationLines: number[];
  /** 0-based lines of initial-condition statements, where the "fate of this initial condition" lens goes. */
  initLines: number[];
}

const EQUATION = /^\s*(?:d[A-Za-z_]\w*\s*\/\s*dt|[A-Za-z_]\w*\s*'|[A-Za-z_]\w*\s*\(\s*t\s*\+\s*1\s*\))\s*=/;
const INIT_KEYWORD = /^\s*(?:init|i)\s+[A-Za-z_]/i;
const INIT_AT_ZERO = /^\s*[A-Za-z_]\w*\s*\(\s*0\s*\)\s*=/;
const DONE = /^\s*done\s*(?:#.*)?$/i;

export function odeLensRanges(text: string): OdeLensRanges {
  const out: OdeLensRanges = { equationLines: [], initLines: [] };
  let start = 0;
  let line = 0;
  let continued = false;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const raw = text.slice(start, end);
    const isContinuation = continued;
    continued = /\\\s*\r?$/.test(raw);
    if (!isContinuation) {
      const hash = raw.indexOf('#');
      const s = hash >= 0 ? raw.slice(0, hash) : raw;
      if (DONE.test(s)) break;
      if (EQUATION.test(s)) {
        out.equationLines.push(line);
        if (out.systemLine === undefined) out.systemLine = line;
      } else if (INIT_KEYWORD.test(s) || INIT_AT_ZERO.test(s)) out.initLines.push(line);
    }
    if (end === n) break;
    start = end + 1;
    line++;
  }
  return out;
}

// ---- lens titles and Problems entries from results (pure; results may be typed or plain JSON) --------------------

/** The fields of a `lyapunov` result the lenses read (model or data variant, typed arrays or JSON). */
export interface LensLyapunov {
  source?: 'model' | 'data';
  system?: 'flow' | 'map';
  exponents: readonly (number | null)[];
  unit?: string;
  verdict: string;
  stateNames?: readonly string[];
  finalState?: readonly (number | null)[];
  diverged?: { t: number | null; message: string };
  /** Standard error of each exponent (model results). */
  standardError?: readonly (number | null)[];
  /** Averaging time of the run. */
  duration?: number | null;
}

const fmt = (v: number | null | undefined, digits = 3): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
  return s.replace('-', '−');
};
const unitShort = (u?: string): string => (u === 'per iteration' ? '/iter' : u === 'per sample' ? '/sample' : '/time');

/** Title of the lens above the system: "Lyapunov 0.904, 0, −14.6 /time · chaotic", or the divergence. */
/**
 * Title of the lens above the system. A quick run (shorter averaging than the panel's) says so and gives each
 * exponent's standard error, so that it cannot be mistaken for the panel's full result; a stored full result is
 * shown as it is.
 */
export function systemLensTitle(r: LensLyapunov, quick = false): string {
  if (r.verdict === 'divergent') return `Divergent: ${r.diverged?.message ?? 'the solution blows up'}`;
  const se = quick ? r.standardError : undefined;
  const ex = r.exponents
    .map((v, i) => {
      const e = se?.[i];
      return e !== undefined && e !== null && Number.isFinite(e) ? `${fmt(v)} ± ${fmt(e, 1)}` : fmt(v);
    })
    .join(', ');
  const tail = quick ? ` (quick estimate${r.duration ? `, T = ${fmt(r.duration)}` : ''})` : '';
  return `Lyapunov ${ex} ${unitShort(r.unit)} · ${r.verdict}${tail}`;
}

/** Title of the lens above an init statement: where the orbit from that initial condition ends up. */
export function initLensTitle(r: LensLyapunov): string {
  const map = r.system === 'map';
  switch (r.verdict) {
    case 'divergent': {
      const m = /blows up at t = ([^ ]+)/.exec(r.diverged?.message ?? '');
      return `Fate: blows up${m ? ` at t = ${m[1]}` : ''}`;
    }
    case 'chaotic':
      return `Fate: chaotic attractor (λ1 = ${fmt(r.exponents[0])} ${unitShort(r.unit)})`;
    case 'quasi-periodic':
      return `Fate: ${map ? 'quasi-periodic orbit' : 'torus (quasi-periodic)'}`;
    case 'periodic':
      return `Fate: ${map ? 'periodic orbit' : 'limit cycle'}`;
    case 'fixed point': {
      const names = r.stateNames ?? [];
      const where = r.finalState
        ? ` at (${r.finalState.map((v, i) => `${names[i] ?? `x${i + 1}`} = ${fmt(v)}`).join(', ')})`
        : '';
      return `Fate: fixed point${where}`;
    }
    default:
      return `Fate: ${r.verdict}`;
  }
}

/** Lens above a line that references a data/model file: the stored summaries, or an invitation to compute them. */
export function fileLensTitle(s: {
  lyapunov?: LensLyapunov;
  ewsVerdict?: string;
  spectralRadius?: number | null;
}): string {
  const parts: string[] = [];
  if (s.lyapunov) {
    parts.push(
      s.lyapunov.verdict === 'divergent'
        ? 'divergent'
        : `λmax ${fmt(s.lyapunov.exponents[0])} ${unitShort(s.lyapunov.unit)} (${s.lyapunov.verdict})`,
    );
  }
  if (s.spectralRadius !== undefined && s.spectralRadius !== null) parts.push(`Koopman ρ ${fmt(s.spectralRadius, 4)}`);
  if (s.ewsVerdict) parts.push(s.ewsVerdict);
  return parts.length ? parts.join(' · ') : 'Analyze stability';
}

export interface OdeProblem {
  /** 0-based line and column (vscode convention). */
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * Problems-panel entries for an .ode file from the outcome of an analysis on it: an error (parse error with its
 * 1-based row/column, unknown function, division by zero at the initial condition, stiffness) or a result that
 * diverged. Entries without a position go on the first equation (or line 0).
 */
export function odeProblems(
  text: string,
  outcome: {
    error?: { message: string; row?: number; column?: number | string };
    result?: { diverged?: { message: string }; notes?: readonly string[] };
  },
): OdeProblem[] {
  const ranges = odeLensRanges(text);
  const anchor = ranges.systemLine ?? 0;
  const out: OdeProblem[] = [];
  const strip = (m: string): string => m.replace(/^[^:]*\.ode: /, '').replace(/^line \d+, column \d+: /, '');
  if (outcome.error) {
    const e = outcome.error;
    const row = typeof e.row === 'number' ? e.row - 1 : anchor;
    const col = typeof e.column === 'number' ? e.column - 1 : 0;
    out.push({ line: Math.max(0, row), column: Math.max(0, col), message: strip(e.message), severity: 'error' });
  }
  if (outcome.result?.diverged)
    out.push({ line: anchor, column: 0, message: outcome.result.diverged.message, severity: 'warning' });
  for (const n of outcome.result?.notes ?? []) {
    if (/stiff|mean divergence along the orbit/.test(n))
      out.push({ line: anchor, column: 0, message: n, severity: 'warning' });
  }
  return out;
}
