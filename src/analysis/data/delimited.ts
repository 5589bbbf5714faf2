import type { CancelSignal } from '../core/context';
import Papa from 'papaparse';
import { badInput, DynLensError, tooLarge } from '../core/errors';
import type { Dataset } from '../core/input';
import {
  assertDecodedFits,
  CellKind,
  CellParser,
  cleanColumnNames,
  ColumnBuilder,
  datasetFromBuilders,
} from './dataset';
import { parseDecimalFast } from './decimal';

/**
 * CSV, TSV and whitespace-separated text (.csv, .tsv, .txt). Delimited files go through papaparse (quoted fields,
 * CRLF). Files without any double quote take a faster road (measured in bench/data: 2-4x papaparse plus
 * Number()): a line scanner over the file's bytes that finds fields with indexOf and reads numbers in place
 * (decimal.ts), falling back to Number() on the cell's text for anything unusual; whitespace-separated files
 * (numpy.savetxt, Ripser's o3_1024.txt) always take it, since papaparse only knows single-character delimiters.
 *
 * Rules: a first record with any non-numeric cell is a header; lines starting with '#' are comments (the last
 * comment before the first record is used as the header when it has the right number of names, as numpy.savetxt
 * writes it); blank lines are skipped; every record must have the first record's field count.
 */
export interface DelimitedOptions {
  maxBytes?: number;
  /** Polled every 65,536 rows so a cancelled job stops while it is still loading. */
  signal?: CancelSignal;
  /** Always use papaparse, even for quote-free files (tests compare both roads; benchmarks time both). */
  papaparseOnly?: boolean;
}

type Delimiter = ',' | '\t' | ';' | '|' | 'whitespace';

const CANDIDATES: readonly Exclude<Delimiter, 'whitespace'>[] = [',', '\t', ';', '|'];

function describeDelimiter(d: Delimiter): string {
  return d === '\t' ? 'tab' : d === 'whitespace' ? 'whitespace' : `'${d}'`;
}

/** Bytes of the file decoded for sniffing the delimiter and estimating the row count. */
const SNIFF_BYTES = 1 << 18;

/**
 * Non-blank, non-comment lines from the start of the text, for delimiter detection. `truncated` says the text is
 * a prefix of the file (its last line may be cut).
 */
function sampleLines(text: string, maxLines: number, truncated = false): string[] {
  const out: string[] = [];
  let pos = 0;
  const end = Math.min(text.length, SNIFF_BYTES);
  truncated ||= end < text.length;
  while (pos < end && out.length < maxLines) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > end) nl = Math.min(text.length, end);
    const line = text.slice(pos, nl).trim();
    pos = nl + 1;
    if (line !== '' && line[0] !== '#') out.push(line);
  }
  // The last sampled line may be cut by the 256 KB window: drop it when there is more text.
  if (out.length > 1 && truncated) out.pop();
  return out;
}

function countChar(line: string, c: string): number {
  let n = 0;
  for (let i = line.indexOf(c); i >= 0; i = line.indexOf(c, i + 1)) n++;
  return n;
}

/**
 * Chooses the delimiter whose count is the same, and non-zero, on every sampled line (the highest count wins);
 * else whitespace when lines split into the same number (>1) of blank-separated fields; else the candidate seen
 * on the first line (ragged rows are then reported); else a single column.
 */
export function detectDelimiter(text: string, preferTab: boolean, truncated = false): Delimiter {
  const lines = sampleLines(text, 50, truncated);
  if (lines.length === 0) return ',';
  let best: Delimiter | undefined;
  let bestCount = 0;
  const order = preferTab ? (['\t', ',', ';', '|'] as const) : CANDIDATES;
  for (const c of order) {
    const first = countChar(lines[0], c);
    if (first === 0) continue;
    if (lines.every((l) => countChar(l, c) === first) && first > bestCount) {
      best = c;
      bestCount = first;
    }
  }
  if (best) return best;
  const wsFirst = lines[0].split(/\s+/).length;
  if (wsFirst > 1 && lines.every((l) => l.split(/\s+/).length === wsFirst)) return 'whitespace';
  for (const c of order) if (countChar(lines[0], c) > 0) return c;
  if (wsFirst > 1) return 'whitespace';
  return ',';
}

/** Collects records into columns; shared by the papaparse path and the whitespace scanner. */
class TableSink {
  readonly cell: CellParser;
  private ncols = -1;
  private firstRecordRow = 0;
  private lastComment: string[] | undefined;
  names: string[] = [];
  builders: ColumnBuilder[] = [];
  rows = 0;
  comments = 0;
  headerSource: 'first row' | 'comment' | 'none' = 'none';

  constructor(
    private readonly file: string,
    private readonly capacity: number,
    private readonly maxBytes: number | undefined,
    decimalComma: boolean,
  ) {
    this.cell = new CellParser(decimalComma);
  }

  /** True once the first record fixed the column count (and the header question). */
  get started(): boolean {
    return this.ncols >= 0;
  }

  get width(): number {
    return this.ncols;
  }

  ragged(n: number, row: number): DynLensError {
    return badInput(`row ${row} has ${n} field(s), expected ${this.ncols} (as in row ${this.firstRecordRow})`, {
      file: this.file,
      row,
    });
  }

  /** Counts a row whose cells the caller pushed into `builders` itself. */
  rowDone(): void {
    this.rows++;
    if ((this.rows & 0xffff) === 0) assertDecodedFits(this.file, this.rows, this.ncols, this.maxBytes);
  }

  comment(fields: string[]): void {
    this.comments++;
    if (this.ncols < 0) this.lastComment = fields;
  }

  record(fields: string[], row: number): void {
    const n = fields.length;
    if (n === 1 && fields[0].trim() === '') return;
    if (this.ncols < 0) {
      this.start(fields, row);
      if (this.headerSource === 'first row') return;
    } else if (n !== this.ncols) {
      throw this.ragged(n, row);
    }
    const cell = this.cell;
    const b = this.builders;
    for (let j = 0; j < n; j++) {
      const v = cell.parse(fields[j]);
      b[j].push(v, cell.kind, row);
    }
    this.rows++;
    if ((this.rows & 0xffff) === 0) assertDecodedFits(this.file, this.rows, n, this.maxBytes);
  }

  private start(fields: string[], row: number): void {
    // A wide header is refused before a builder is made for each of its columns.
    if (fields.length >= 256) assertDecodedFits(this.file, 1, fields.length, this.maxBytes);
    this.ncols = fields.length;
    this.firstRecordRow = row;
    const cell = this.cell;
    let header = false;
    for (const f of fields) {
      cell.parse(f);
      if (cell.kind === CellKind.NonNumeric) header = true;
    }
    if (header) {
      this.names = cleanColumnNames(fields);
      this.headerSource = 'first row';
    } else if (
      this.lastComment &&
      this.lastComment.length === fields.length &&
      this.lastComment.every((f) => {
        cell.parse(f);
        return cell.kind === CellKind.NonNumeric;
      })
    ) {
      this.names = cleanColumnNames(this.lastComment);
      this.headerSource = 'comment';
    } else {
      this.names = fields.map((_, j) => `c${j}`);
    }
    // Preallocate from the size estimate, but never more than the budget allows (doubling covers the rest).
    const cap = Math.min(this.capacity, Math.floor((this.maxBytes ?? 2 ** 31) / (8 * fields.length)) + 16);
    this.builders = ColumnBuilder.many(fields.length, cap);
  }
}

/** The number of rows to preallocate: file size over the mean length of the first lines. */
function estimateRows(prefix: string, totalLength: number, truncated: boolean): number {
  const lines = sampleLines(prefix, 50, truncated);
  if (lines.length === 0) return 16;
  const mean = lines.reduce((s, l) => s + l.length + 1, 0) / lines.length;
  return Math.ceil((totalLength / mean) * 1.05) + 16;
}

const WHITESPACE = -1;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Text of the cell bytes [a, b), for the Number() fallback. Latin-1 is enough (a cell with non-ASCII bytes is not
 * a number in any spelling), and node's Buffer makes it fastest (measured: ~2x fromCharCode and TextDecoder on
 * 25-byte cells); elsewhere a TextDecoder.
 */
function cellReader(bytes: Uint8Array): (a: number, b: number) => string {
  if (typeof Buffer !== 'undefined') {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return (a, b) => buf.toString('latin1', a, b);
  }
  return (a, b) => utf8.decode(bytes.subarray(a, b));
}

/**
 * The quote-free scanner, on the file's bytes (no decoded copy of the whole file: half the memory of a string,
 * and no limit from V8's maximum string length of ~512 MB). `delim` is a byte, or WHITESPACE for runs of blanks
 * (leading and trailing blanks ignored). Comments and the first record go through the string path of TableSink
 * (header detection, UTF-8 names); later records are parsed in place.
 */
function scanUnquoted(bytes: Uint8Array, start: number, delim: number, sink: TableSink, signal?: CancelSignal): void {
  const cell = sink.cell;
  const cellText = cellReader(bytes);
  const n = bytes.length;
  const delimChar = delim === WHITESPACE ? '' : String.fromCharCode(delim);
  let pos = start;
  let row = 0;
  while (pos < n) {
    let nl = bytes.indexOf(10, pos);
    if (nl < 0) nl = n;
    row++;
    if ((row & 0xffff) === 0) signal?.throwIfCancelled();
    const lineStart = pos;
    let end = nl;
    pos = nl + 1;
    if (end > lineStart && bytes[end - 1] === 13) end--;
    // Leading blanks, but a delimiter is never a blank here: "\t#x" in a tab-separated file starts with an empty
    // field, not a comment (the papaparse road sees it the same way).
    let s = lineStart;
    for (let c = bytes[s]; s < end && isBlank(c) && c !== delim; c = bytes[++s]);
    if (s === end) continue;
    if (bytes[s] === 35 || !sink.started) {
      const line = utf8.decode(bytes.subarray(lineStart, end));
      if (bytes[s] === 35) {
        if (delim === WHITESPACE) {
          const rest = line.trim().slice(1).trim();
          sink.comment(rest === '' ? [] : rest.split(/\s+/));
        } else {
          const fields = line.split(delimChar);
          fields[0] = fields[0].trimStart().slice(1);
          sink.comment(fields.length === 1 && fields[0].trim() === '' ? [] : fields);
        }
      } else {
        sink.record(delim === WHITESPACE ? line.trim().split(/\s+/) : line.split(delimChar), row);
      }
      continue;
    }
    const width = sink.width;
    const b = sink.builders;
    let j = 0;
    if (delim === WHITESPACE) {
      let f = s;
      while (f < end) {
        let fe = f;
        while (fe < end && !isBlank(bytes[fe])) fe++;
        if (j >= width) throw sink.ragged(j + 1 + countWhitespaceFields(bytes, fe, end), row);
        let v = parseDecimalFast(bytes, f, fe);
        let kind = CellKind.Number;
        if (v !== v) {
          v = cell.parse(cellText(f, fe));
          kind = cell.kind;
        }
        b[j].push(v, kind, row);
        j++;
        f = fe;
        while (f < end && isBlank(bytes[f])) f++;
      }
    } else {
      let f = lineStart;
      for (;;) {
        // Bounded by the line: indexOf would search on to the end of the file on every line without a delimiter
        // (a single-column file), which is quadratic.
        let fe = f;
        while (fe < end && bytes[fe] !== delim) fe++;
        if (j >= width) throw sink.ragged(j + 1 + countByte(bytes, f, end, delim), row);
        let v = parseDecimalFast(bytes, f, fe);
        let kind = CellKind.Number;
        if (v !== v) {
          v = cell.parse(cellText(f, fe));
          kind = cell.kind;
        }
        b[j].push(v, kind, row);
        j++;
        if (fe >= end) break;
        f = fe + 1;
      }
    }
    if (j !== width) throw sink.ragged(j, row);
    sink.rowDone();
  }
}

function countByte(bytes: Uint8Array, from: number, end: number, c: number): number {
  let k = 0;
  for (let i = from; i < end; i++) if (bytes[i] === c) k++;
  return k;
}

function countWhitespaceFields(bytes: Uint8Array, from: number, end: number): number {
  const rest = utf8.decode(bytes.subarray(from, end)).trim();
  return rest === '' ? 0 : rest.split(/\s+/).length;
}

function scanDelimited(text: string, delimiter: string, sink: TableSink, file: string): void {
  let row = 0;
  let failure: unknown;
  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    comments: false,
    step(results, parser) {
      row++;
      const fields = results.data;
      try {
        const f0 = fields[0];
        if (f0 !== undefined && f0.length > 0 && f0.trimStart()[0] === '#') {
          const copy = fields.slice();
          copy[0] = f0.trimStart().slice(1);
          sink.comment(copy.length === 1 && copy[0].trim() === '' ? [] : copy);
          return;
        }
        sink.record(fields, row);
      } catch (e) {
        failure = e;
        parser.abort();
      }
    },
  });
  if (failure !== undefined) {
    if (failure instanceof DynLensError) throw failure;
    throw badInput(`could not parse: ${failure instanceof Error ? failure.message : String(failure)}`, { file, row });
  }
}

/** Parses delimited text given as a string (tests, JSON-free callers); files go through parseDelimited. */
export function parseDelimitedText(file: string, text: string, options: DelimitedOptions = {}): Dataset {
  return parseDelimited(file, new TextEncoder().encode(text), options);
}

function isBlankByte(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

export function parseDelimited(file: string, input: Uint8Array, options: DelimitedOptions = {}): Dataset {
  let bytes = input;
  // UTF-16 with a byte-order mark (spreadsheets' "Unicode text" export) is re-encoded as UTF-8; a UTF-8 BOM is skipped.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    bytes = new TextEncoder().encode(new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes));
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let first = start;
  while (first < bytes.length && isBlankByte(bytes[first])) first++;
  if (first === bytes.length) throw badInput('empty file', { file });
  // Classic Mac line ends (CR only): make them LF so both roads see lines.
  if (bytes.indexOf(10) < 0 && bytes.indexOf(13) >= 0) bytes = bytes.map((c) => (c === 13 ? 10 : c));

  const truncated = bytes.length - start > SNIFF_BYTES;
  const prefix = utf8.decode(bytes.subarray(start, start + SNIFF_BYTES));
  const lower = file.toLowerCase();
  const delimiter = detectDelimiter(prefix, lower.endsWith('.tsv'), truncated);
  const sink = new TableSink(
    file,
    estimateRows(prefix, bytes.length - start, truncated),
    options.maxBytes,
    delimiter === ';',
  );
  if (delimiter === 'whitespace') scanUnquoted(bytes, start, WHITESPACE, sink, options.signal);
  else if (!options.papaparseOnly && bytes.indexOf(34) < 0)
    scanUnquoted(bytes, start, delimiter.charCodeAt(0), sink, options.signal);
  else {
    let text: string;
    try {
      text = utf8.decode(bytes.subarray(start));
    } catch (e) {
      throw tooLarge(
        `a file with quoted fields is decoded as one string, and this one is too long (${e instanceof Error ? e.message : String(e)}); remove the quotes or split the file`,
        { file },
      );
    }
    scanDelimited(text, delimiter, sink, file);
  }
  if (sink.builders.length === 0) throw badInput('empty file (only comments or blank lines)', { file });
  assertDecodedFits(file, sink.rows, sink.builders.length, options.maxBytes);
  const notes = [
    `${lower.endsWith('.tsv') ? 'tsv' : lower.endsWith('.txt') ? 'text' : 'csv'}, delimiter ${describeDelimiter(delimiter)}, ` +
      (sink.headerSource === 'none'
        ? 'no header'
        : sink.headerSource === 'comment'
          ? 'header from comment line'
          : 'header detected'),
  ];
  if (sink.comments > 0) notes.push(`${sink.comments} comment line(s) skipped`);
  if (sink.cell.decimalCommas > 0)
    notes.push(`${sink.cell.decimalCommas} cell(s) with a decimal comma read as numbers`);
  return datasetFromBuilders(file, sink.names, sink.builders, sink.rows, notes);
}
