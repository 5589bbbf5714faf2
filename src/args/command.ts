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
// cmd.exe: & | < > ^ ( ) , ; = ! % and spaces split or redirect outside quotes.
const CMD_SAFE = /^[A-Za-z0-9_./:\\+-]+$/;

/** One word quoted so that the given shell passes it to the program unchanged. */
export function quoteArg(shell: ShellKind, s: string): string {
  if (s === '') return shell === 'posix' || shell === 'powershell' ? "''" : '""';
  switch (shell) {
    case 'posix':
      return POSIX_SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
    case 'powershell':
      // Single-quoted: literal except '' for a quote. PowerShell re-quotes it for the program's command line.
      return PWSH_SAFE.test(s) ? s : `'${s.replace(/'/g, "''")}'`;
    case 'cmd': {
      if (CMD_SAFE.test(s)) return s;
      // The program splits its command line with the Microsoft C runtime rules: inside quotes `\"` is a quote and
      // backslashes are literal unless they precede a quote, so they are doubled there (and before the closing one).
      const body = s.replace(/(\\*)"/g, (_, b: string) => `${b}${b}\\"`).replace(/(\\+)$/, '$1$1');
      return `"${body}"`;
    }
  }
}

/** The whole command line for a shell: `dynlens <analysis> <file> <flags>`. */
export function commandLine(shell: ShellKind, args: readonly string[], program = 'dynlens'): string {
  return [program, ...args.map((a) => quoteArg(shell, a))].join(' ');
}
