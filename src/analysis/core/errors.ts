/**
 * Typed errors of the analysis core. Every error that reaches a user names the file (when there is one) and the
 * problem. The CLI maps `kind` to its exit code (bad-input/usage/too-large -> 2, internal -> 1) and the host shows
 * `message` in a notification.
 */
export type DynLensErrorKind = 'bad-input' | 'usage' | 'too-large' | 'cancelled' | 'internal';

export interface DynLensErrorInfo {
  kind: DynLensErrorKind;
  message: string;
  file?: string;
  /** 1-based row and column for text formats, when known. */
  row?: number;
  column?: number | string;
  /** When the input holds several things to read (datasets of an HDF5 file): their names, for a picker. */
  choices?: string[];
  /** Internal errors: the stack trace where it was thrown. */
  stack?: string;
}

export class DynLensError extends Error {
  readonly kind: DynLensErrorKind;
  readonly file?: string;
  readonly row?: number;
  readonly column?: number | string;
  readonly choices?: string[];

  constructor(
    kind: DynLensErrorKind,
    message: string,
    where: { file?: string; row?: number; column?: number | string; choices?: string[] } = {},
  ) {
    super(where.file ? `${where.file}: ${message}` : message);
    this.name = 'DynLensError';
    this.kind = kind;
    this.file = where.file;
    this.row = where.row;
    this.column = where.column;
    this.choices = where.choices;
  }

  toInfo(): DynLensErrorInfo {
    const info: DynLensErrorInfo = {
      kind: this.kind,
      message: this.message,
      file: this.file,
      row: this.row,
      column: this.column,
    };
    if (this.choices) info.choices = this.choices;
    return info;
  }
}

/** Bad data or bad parameter values: the user can fix it. */
export function badInput(
  message: string,
  where: { file?: string; row?: number; column?: number | string } = {},
): DynLensError {
  return new DynLensError('bad-input', message, where);
}

/** Wrong command-line or parameter usage (unknown option, missing argument). */
export function usageError(message: string): DynLensError {
  return new DynLensError('usage', message);
}

/** The input or the work would exceed the memory setting. The message must say the numbers and how to lower them. */
export function tooLarge(message: string, where: { file?: string } = {}): DynLensError {
  return new DynLensError('too-large', message, where);
}

export class CancelledError extends DynLensError {
  constructor() {
    super('cancelled', 'cancelled');
    this.name = 'CancelledError';
  }
}

/** Turns anything thrown into plain, cloneable error info (crosses threads and goes into JSON). */
export function toErrorInfo(e: unknown): DynLensErrorInfo {
  if (e instanceof DynLensError) return e.toInfo();
  if (
    e instanceof RangeError &&
    /Array buffer allocation failed|Invalid typed array length|Invalid array length/.test(e.message)
  ) {
    return { kind: 'too-large', message: `out of memory: ${e.message}` };
  }
  if (e instanceof RangeError && /Invalid string length/.test(e.message)) {
    return {
      kind: 'too-large',
      message:
        'the text is longer than the longest string JavaScript can hold (about 512 MB): convert the file to a binary format (.npy, .parquet) or split it',
    };
  }
  // internal errors keep their stack: the DynLens output channel logs it for a bug report
  if (e instanceof Error) return { kind: 'internal', message: e.message || e.name, stack: e.stack };
  return { kind: 'internal', message: String(e) };
}

export function exitCodeFor(kind: DynLensErrorKind): number {
  return kind === 'internal' ? 1 : kind === 'cancelled' ? 130 : 2;
}
