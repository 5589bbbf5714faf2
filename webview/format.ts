/**
 * Number and table formatting shared by the shell and the views. No DOM here, so the unit tests can import it.
 */
import { commandArgs, commandLine, type ShellKind } from '../src/args/command';

/** Significant digits shown by default. The full value is always one click (copy) away. */
export const DEFAULT_DIGITS = 4;

/**
 * Formats a number with `digits` significant digits: integers below 1e15 are printed whole (row counts stay exact), tiny or huge values
 * (|x| < 1e-4 or >= 1e6) in exponent form, trailing zeros dropped. null/undefined (JSON's NaN) shows as an em dash.
 */
export function formatNumber(value: number | null | undefined, digits: number = DEFAULT_DIGITS): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '\u2014';
  if (value === Infinity) return '\u221e';
  if (value === -Infinity) return '\u2212\u221e';
  if (value === 0) return '0';
  const d = Math.min(Math.max(Math.round(digits), 1), 17);
  const abs = Math.abs(value);
  if (Number.isInteger(value) && abs < 1e15) return String(value);
  if (abs < 1e-4 || abs >= 1e6) {
    const [mant, exp] = value.toExponential(d - 1).split('e') as [string, string];
    return `${stripZeros(mant)}e${exp.replace('+', '')}`;
  }
  return stripZeros(value.toPrecision(d));
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/\.?0+$/, '');
}

/** The text copied for a number: the shortest string that round-trips to the same double. */
export function fullPrecision(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'NaN';
  return String(value);
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, or line break. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A CSV text from named columns of equal length (shorter columns are padded with empty fields). */
export function columnsToCsv(columns: string[], rows: ArrayLike<number | null>[], sep = ','): string {
  const n = rows.reduce((m, c) => Math.max(m, c.length), 0);
  const lines: string[] = [columns.map(csvField).join(sep)];
  for (let i = 0; i < n; i++) {
    const cells: string[] = new Array(rows.length);
    for (let j = 0; j < rows.length; j++) {
      const col = rows[j];
      cells[j] = i < col.length ? csvField(col[i] ?? null) : '';
    }
    lines.push(cells.join(sep));
  }
  return lines.join('\n') + '\n';
}

/** A CSV text from row-major cells (tables of mixed text and numbers). */
export function rowsToCsv(columns: string[], rows: (string | number | null)[][], sep = ','): string {
  const field =
    sep === '\t' ? (v: string | number | null) => (v === null ? '' : String(v).replace(/[\t\r\n]/g, ' ')) : csvField;
  return [columns.map(field).join(sep), ...rows.map((r) => r.map(field).join(sep))].join('\n') + '\n';
}

/**
 * A generic long-format table of any JSON result: one row per number or string, `path, index, value`. Used by
 * "Save CSV" and "Copy" when a view does not give its own table, so every result can be exported.
 */
export function jsonToLongRows(value: unknown): { columns: string[]; rows: (string | number | null)[][] } {
  const rows: (string | number | null)[][] = [];
  const walk = (v: unknown, path: string): void => {
    if (v === null || v === undefined) {
      rows.push([path, null, null]);
      return;
    }
    if (typeof v === 'number' || typeof v === 'string') {
      rows.push([path, null, v]);
      return;
    }
    if (typeof v === 'boolean') {
      rows.push([path, null, String(v)]);
      return;
    }
    if (Array.isArray(v)) {
      if (v.every((x) => x === null || typeof x === 'number')) {
        for (let i = 0; i < v.length; i++) rows.push([path, i, v[i] as number | null]);
      } else {
        v.forEach((x, i) => walk(x, `${path}[${i}]`));
      }
      return;
    }
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(value, '');
  return { columns: ['path', 'index', 'value'], rows };
}

/** Short form of a content hash for display (the full hash is copied on click). */
export function shortHash(hash: string, n = 12): string {
  return hash.length > n ? hash.slice(0, n) : hash;
}

/** Milliseconds as a human duration: "840 ms", "3.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '\u2014';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toPrecision(ms < 10_000 ? 2 : 3)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** Base file name of a path (either separator), for titles and suggested export names. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** A file-name-safe stem: letters, digits, dot, dash and underscore. */
export function safeStem(s: string): string {
  return (
    s
      .replace(/\.[A-Za-z0-9]+$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 80) || 'dynlens'
  );
}

/** A parameter value as the CLI reads it: lists comma-separated. */
export function paramText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => String(x)).join(',');
  if (v === null) return 'NaN';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * The CLI command that reproduces this result (parameters after defaults, so it does not depend on defaults, plus
 * what makes a budgeted search repeat itself), quoted for the user's shell (POSIX when unknown).
 */
export function cliCommand(
  env: {
    analysisId: string;
    provenance: {
      path: string;
      params?: Record<string, unknown> | null;
      repeatWith?: Record<string, unknown> | null;
    };
  },
  shell: ShellKind = 'posix',
): string {
  const params = { ...(env.provenance.params ?? {}), ...(env.provenance.repeatWith ?? {}) };
  return commandLine(
    shell,
    commandArgs({ analysisId: env.analysisId, provenance: { path: env.provenance.path, params } }),
  );
}
