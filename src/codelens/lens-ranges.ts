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
