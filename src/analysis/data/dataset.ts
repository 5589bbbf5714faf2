import { badInput, tooLarge } from '../core/errors';
import type { Dataset } from '../core/input';

/** Default memory budget when the caller gives none (the `dynlens.worker.maxMemoryMB` default is 2048). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

function mb(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * Refuses a table whose decoded Float64 columns (rows x columns x 8 bytes) would exceed the memory budget. Called
 * before allocating, with declared or estimated sizes, so a huge declared shape never allocates.
 */
/**
 * Heap bytes a column costs whatever its length while a text table loads (its builder, the typed-array view, the
 * name and the header cell): 1,000,000 columns peaked at about 700 MB over the data itself.
 */
export const COLUMN_OVERHEAD_BYTES = 700;

export function assertDecodedFits(file: string, rows: number, columns: number, maxBytes: number | undefined): void {
  const limit = maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = rows * columns * 8 + columns * COLUMN_OVERHEAD_BYTES;
  if (!(bytes <= limit)) {
    throw tooLarge(
      `decoded table of ${rows} rows x ${columns} columns needs about ${mb(bytes)} (8 bytes per value, ${COLUMN_OVERHEAD_BYTES} per column), over the memory limit of ${mb(limit)}; raise dynlens.worker.maxMemoryMB (CLI --max-memory-mb) or use a smaller file`,
      { file },
    );
  }
}

/** Outcome of parsing one text cell; `kind` says why a NaN is a NaN. */
export const enum CellKind {
  Number = 0,
  Empty = 1,
  NonNumeric = 2,
}

/**
 * Parses text cells to numbers without allocating per cell on the common path. Accepts what JavaScript's Number()
 * accepts (decimal, exponent, Infinity) plus the spellings numpy, R and pandas write: nan, NaN, inf, -inf,
 * infinity (any case). Empty cells are missing values (NaN, kind Empty); anything else is NonNumeric (NaN).
 */
export class CellParser {
  kind: CellKind = CellKind.Number;
  /** Cells read with a decimal comma ("1,5" -> 1.5); only when decimalComma is on. */
  decimalCommas = 0;

  /**
   * @param decimalComma also read "1,5" and "-2,5e3" as numbers: for semicolon-separated files, the way
   * spreadsheets write CSV in locales whose decimal separator is a comma.
   */
  constructor(readonly decimalComma = false) {}

  parse(s: string): number {
    const v = +s;
    if (v === v) {
      // +'' and +'  ' are 0: an empty cell is a missing value, not zero.
      if (v === 0 && s.trim() === '') {
        this.kind = CellKind.Empty;
        return NaN;
      }
      this.kind = CellKind.Number;
      return v;
    }
    return this.parseSpecial(s);
  }

  private parseSpecial(s: string): number {
    let t = s.trim().toLowerCase();
    if (t.length >= 2 && t[0] === '"' && t[t.length - 1] === '"') t = t.slice(1, -1).trim();
    this.kind = CellKind.Number;
    switch (t) {
      case 'nan':
      case '+nan':
      case '-nan':
      case 'na':
      case 'n/a':
      case 'null':
      case 'none':
        return NaN;
      case 'inf':
      case '+inf':
      case 'infinity':
      case '+infinity':
        return Infinity;
      case '-inf':
      case '-infinity':
        return -Infinity;
      case '':
        this.kind = CellKind.Empty;
        return NaN;
    }
    const v = +t;
    if (v === v) return v;
    if (this.decimalComma && /^[-+]?\d*,\d+(e[-+]?\d+)?$/.test(t)) {
      this.decimalCommas++;
      return +t.replace(',', '.');
    }
    this.kind = CellKind.NonNumeric;
    return NaN;
  }
}

/** A growable Float64 column (doubling), plus the counts the notes report. */
export class ColumnBuilder {
  data: Float64Array;
  length = 0;
  numeric = 0;
  empty = 0;
  nonNumeric = 0;
  /** 1-based row of the first non-numeric cell, for notes. */
  firstNonNumericRow = 0;

  /** True while `data` is a view of a slab shared with other columns (wide tables: one buffer, not one each). */
  private shared = false;

  constructor(capacity = 1024, storage?: Float64Array) {
    this.data = storage ?? new Float64Array(Math.max(16, capacity));
    this.shared = storage !== undefined;
  }

  /**
   * Builders for `count` columns. Wide tables get views of one slab: a million columns as a million ArrayBuffers
   * costs seconds of allocation and garbage collection, as one buffer almost nothing.
   */
  static many(count: number, capacity: number): ColumnBuilder[] {
    let cap = Math.max(16, capacity);
    if (count < 256) return Array.from({ length: count }, () => new ColumnBuilder(cap));
    // A slab of at most 256 MB; columns that outgrow their share continue in their own buffers.
    cap = Math.max(4, Math.min(cap, Math.floor((256 * 2 ** 20) / (8 * count))));
    const slab = new Float64Array(count * cap);
    return Array.from({ length: count }, (_, j) => new ColumnBuilder(cap, slab.subarray(j * cap, (j + 1) * cap)));
  }

  push(v: number, kind: CellKind, row: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
      this.shared = false;
    }
    this.data[this.length++] = v;
    if (kind === CellKind.Number) this.numeric++;
    else if (kind === CellKind.Empty) this.empty++;
    else {
      this.nonNumeric++;
      if (this.firstNonNumericRow === 0) this.firstNonNumericRow = row;
    }
  }

  finish(): Float64Array {
    if (this.length === this.data.length) return this.data;
    if (this.shared) return this.data.subarray(0, this.length);
    // A view when little capacity is unused (no copy at the memory peak of a big load), else a tight copy.
    return this.length >= this.data.length * 0.875
      ? this.data.subarray(0, this.length)
      : this.data.slice(0, this.length);
  }
}

/** Makes header names usable: trims, fills blanks with c<j>, and de-duplicates ("x", "x_2"). */
export function cleanColumnNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, j) => {
    let name = raw.trim();
    if (name.length >= 2 && name[0] === '"' && name[name.length - 1] === '"') name = name.slice(1, -1);
    if (name === '') name = `c${j}`;
    const k = (seen.get(name) ?? 0) + 1;
    seen.set(name, k);
    return k === 1 ? name : `${name}_${k}`;
  });
}

/**
 * Turns text-parsed columns into a Dataset: drops columns with no numeric cell at all (with a note), counts
 * non-numeric and empty cells into notes, and refuses a table with no numeric column or no rows.
 */
export function datasetFromBuilders(
  file: string,
  names: string[],
  builders: ColumnBuilder[],
  rows: number,
  notes: string[],
): Dataset {
  const columns: string[] = [];
  const data: Float64Array[] = [];
  const dropped: string[] = [];
  const missing: number[] = [];
  let nonNumeric = 0;
  let empty = 0;
  const where: string[] = [];
  for (let j = 0; j < builders.length; j++) {
    const b = builders[j];
    if (b.numeric === 0) {
      dropped.push(names[j]);
      continue;
    }
    columns.push(names[j]);
    data.push(b.finish());
    missing.push(b.empty + b.nonNumeric);
    nonNumeric += b.nonNumeric;
    empty += b.empty;
    if (b.nonNumeric > 0) where.push(`"${names[j]}" (${b.nonNumeric}, first at row ${b.firstNonNumericRow})`);
  }
  if (rows === 0) throw badInput('no data rows', { file });
  if (columns.length === 0) {
    throw badInput(`no numeric column (columns found: ${names.join(', ') || 'none'})`, { file });
  }
  if (dropped.length > 0) notes.push(`dropped ${dropped.length} non-numeric column(s): ${dropped.join(', ')}`);
  if (nonNumeric > 0) notes.push(`${nonNumeric} non-numeric cell(s) -> NaN in ${where.join(', ')}`);
  if (empty > 0) notes.push(`${empty} empty cell(s) -> NaN`);
  return { source: file, columns, data, rows, missing, notes };
}
