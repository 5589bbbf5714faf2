/**
 * The command that reproduces a result (`dynlens <analysis> <file> <flags>`), as an argument list and as one line
 * quoted for the user's shell. Pure and dependency-free: the panel's "Copy command", the notebook export and the
 * tests build it here.
 */
import { kebabCase } from './flags';

export type ShellKind = 'posix' | 'powershell' | 'cmd';

/** The kind of shell from its executable path (vscode.env.shell); anything unknown is treated as POSIX. */
export function shellKindOf(shellPath: string | undefined): ShellKind {
  const name = (shellPath ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (/^(pwsh|powershell)(\.exe)?$/.test(name)) return 'powershell';
  if (/^cmd(\.exe)?$/.test(name)) return 'cmd';
  return 'posix';
}

/** A parameter value as the CLI reads it: lists comma-separated. */
function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => String(x)).join(',');
  if (v === null) return 'NaN';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Extra input files are separate words after their flag; the envelope has no schema, so file-like lists count. */
function looksLikeFiles(v: unknown): v is string[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => typeof x === 'string' && !x.includes(',') && /\.[A-Za-z][A-Za-z0-9_]+$/.test(x))
  );
}

export interface CommandSource {
  analysisId: string;
  provenance: { path: string; params?: Record<string, unknown> | null };
}

/** The argument list (without the program name) of `dynlens` that reproduces this result. */
export function commandArgs(env: CommandSource): string[] {
  const path = env.provenance.path;
  // A file name that starts with a dash would read as a flag: it goes after `--`, which ends the flags.
  const dashed = path.startsWith('-') && path !== '-';
  const args = dashed ? [env.analysisId] : [env.analysisId, path];
  for (const [k, v] of Object.entries(env.provenance.params ?? {})) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    const flag = '--' + kebabCase(k);
    if (looksLikeFiles(v)) args.push(flag, ...v);
    else args.push(flag, valueText(v));
  }
  if (dashed) args.push('--', path);
  return args;
}

const POSIX_SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;
// PowerShell: a bare `,` builds an array, `@` splats, `$` expands, `;`, `(`, `{`, `#`, `'`, `"`, `` ` `` are syntax.
const PWSH_SAFE = /^[A-Za-z0-9_./:\\=+-]+$/;
// cmd.exe: & | < > ^ ( ) , ; = ! % " and spaces split, redirect or expand.
const CMD_SAFE = /^[A-Za-z0-9_./:\\+-]+$/;
// Characters cmd's second phase acts on outside its quotes (`!` only with delayed expansion, escaped anyway).
const CMD_SPECIAL = /["&|<>^()!]/;

/**
 * A word as the Microsoft C runtime reads it back (CommandLineToArgvW rules): quoted, `\"` for a quote, and
 * backslashes doubled where they precede a quote (the closing one included).
 */
function msvcrtQuote(s: string): string {
  return `"${s.replace(/(\\*)"/g, (_, b: string) => `${b}${b}\\"`).replace(/(\\+)$/, '$1$1')}"`;
}

/**
 * A word typed at the cmd.exe prompt for `dynlens`, which on Windows is always a batch file (our dynlens.cmd or
 * npm's shim): cmd parses the line once at the prompt and once more where the batch file passes `%*` on to node.
 * Each parse first expands `%NAME%` (at the prompt only: the text `%*` brings is not scanned again), then removes
 * one level of `^` escapes outside quotes, where & | < > ( ) act. So no quote is left visible to cmd: every character
 * cmd acts on, the C runtime's quotes included, is escaped for both parses (`^^^c`: `^c` after the first, `c` after
 * the second), and every `%` is followed by a caret, so that no `%NAME%` names a variable (a name would start with
 * `^`) while the caret goes with the first parse. The program then reads the C runtime's quoting.
 */
function cmdQuote(s: string): string {
  const q = msvcrtQuote(s);
  let out = '';
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    const afterPercent = i > 0 && q[i - 1] === '%';
    if (CMD_SPECIAL.test(c)) out += `^^^${c}`;
    else out += afterPercent ? `^${c}` : c;
  }
  return out;
}

/** One word quoted so that the given shell passes it to the program unchanged. */
export function quoteArg(shell: ShellKind, s: string): string {
  if (s === '' && shell !== 'cmd') return "''";
  switch (shell) {
    case 'posix':
      return POSIX_SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
    case 'powershell':
      // Single-quoted: literal except '' for a quote. PowerShell re-quotes it for the program's command line.
      return PWSH_SAFE.test(s) ? s : `'${s.replace(/'/g, "''")}'`;
    case 'cmd':
      return CMD_SAFE.test(s) ? s : cmdQuote(s);
  }
}

/** The whole command line for a shell: `dynlens <analysis> <file> <flags>`. */
export function commandLine(shell: ShellKind, args: readonly string[], program = 'dynlens'): string {
  return [program, ...args.map((a) => quoteArg(shell, a))].join(' ');
}
