/**
 * Where the bifurcation lenses of an .ode file go and what they say, by a cheap line scan (no parse): one lens on
 * each parameter named in a `par`/`p`/`param`/`params` statement before `done`. Pure: no vscode import. Lines and
 * columns are 0-based.
 */
export interface ParLens {
  line: number;
  startColumn: number;
  endColumn: number;
  name: string;
}

const PAR = /^(\s*)(?:par|params?|p)\s+(.*)$/i;
const DONE = /^\s*done\s*(?:#.*)?$/i;
const NAME = /([A-Za-z_]\w*)\s*=/g;

export function parLenses(text: string): ParLens[] {
  const out: ParLens[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const hash = raw.indexOf('#');
    const s = hash >= 0 ? raw.slice(0, hash) : raw;
    if (DONE.test(s)) break;
    const m = PAR.exec(s);
    if (!m) continue;
    const restStart = s.length - m[2].length;
    NAME.lastIndex = 0;
    for (let k = NAME.exec(m[2]); k; k = NAME.exec(m[2])) {
      const start = restStart + k.index;
      out.push({ line: i, startColumn: start, endColumn: start + k[1].length, name: k[1] });
    }
  }
  return out;
}

/** The fields of a bifurcation result a lens reads (typed or plain JSON). */
export interface LensBifurcation {
  system?: 'flow' | 'map';
  parameter: string;
  range: { from: number | null; to: number | null };
  summary: readonly string[];
}

/** "Hopf at I = 0.344 (subcritical) · fold at I = 0.89", or what was searched when nothing changes stability. */
export function parLensTitle(r: LensBifurcation): string {
  if (r.summary.length > 0)
    return `DynLens: ${r.summary.slice(0, 4).join(' · ')}${r.summary.length > 4 ? ' · ...' : ''}`;
  const fmt = (v: number | null): string => (v === null ? '?' : String(Number(v.toPrecision(4))));
  return `DynLens: no fold or Hopf point for ${r.parameter} in [${fmt(r.range.from)}, ${fmt(r.range.to)}]`;
}

/** A Problems entry (information) on a parameter's name in its par line. */
export interface ParProblem {
  line: number;
  startColumn: number;
  endColumn: number;
  message: string;
}

/**
 * One Problems entry per line of a lens result's summary (each special point where the equilibria change
 * stability), on the parameter's name: "Hopf at b = 2 (supercritical): found continuing the equilibria in b over
 * [-13.5, 16.5]".
 */
export function parProblems(lens: ParLens, r: LensBifurcation): ParProblem[] {
  const fmt = (v: number | null): string => (v === null ? '?' : String(Number(v.toPrecision(4))));
  const what = r.system === 'map' ? 'fixed points' : 'equilibria';
  const where = `found continuing the ${what} in ${r.parameter} over [${fmt(r.range.from)}, ${fmt(r.range.to)}]`;
  return r.summary.map((s) => ({
    line: lens.line,
    startColumn: lens.startColumn,
    endColumn: lens.endColumn,
    message: `${s}: ${where}`,
  }));
}
