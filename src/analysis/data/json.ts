import { badInput } from '../core/errors';
import type { Dataset } from '../core/input';
import {
  assertDecodedFits,
  CellKind,
  CellParser,
  cleanColumnNames,
  ColumnBuilder,
  datasetFromBuilders,
} from './dataset';

/**
 * JSON tables in three shapes: an array of rows ([[1,2],[3,4]], a first row of strings is a header), an array of
 * objects ([{"t":0,"x":1}, ...], columns by key in first-seen order, missing keys NaN) and an object of columns
 * ({"t":[...], "x":[...]}, equal lengths). Numbers stay numbers, null is NaN, numeric strings ("1.5", "NaN",
 * "inf") are parsed, booleans are 0/1; anything else is a non-numeric cell (NaN, counted in the notes).
 */
export interface JsonOptions {
  maxBytes?: number;
}

class ValueParser {
  readonly cell = new CellParser();
  kind: CellKind = CellKind.Number;
  parse(v: unknown): number {
    if (typeof v === 'number') {
      this.kind = CellKind.Number;
      return v;
    }
    if (v === null || v === undefined) {
      this.kind = CellKind.Empty;
      return NaN;
    }
    if (typeof v === 'boolean') {
      this.kind = CellKind.Number;
      return v ? 1 : 0;
    }
    if (typeof v === 'string') {
      const x = this.cell.parse(v);
      this.kind = this.cell.kind;
      return x;
    }
    this.kind = CellKind.NonNumeric;
    return NaN;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fromRows(file: string, rows: unknown[][], maxBytes: number | undefined): Dataset {
  const p = new ValueParser();
  let start = 0;
  let names: string[];
  const width = rows[0].length;
  if (width === 0) throw badInput('row 1 is an empty array', { file, row: 1 });
  const headerLike =
    rows[0].every((v) => typeof v === 'string') &&
    rows[0].some((v) => {
      p.parse(v);
      return p.kind === CellKind.NonNumeric;
    });
  if (headerLike) {
    names = cleanColumnNames(rows[0] as string[]);
    start = 1;
  } else {
    names = rows[0].map((_, j) => `c${j}`);
  }
  assertDecodedFits(file, rows.length - start, width, maxBytes);
  const builders = ColumnBuilder.many(names.length, rows.length);
  for (let i = start; i < rows.length; i++) {
    const r = rows[i];
    if (!Array.isArray(r)) throw badInput(`row ${i + 1} is not an array`, { file, row: i + 1 });
    if (r.length !== width)
      throw badInput(`row ${i + 1} has ${r.length} value(s), expected ${width} (as in row 1)`, { file, row: i + 1 });
    for (let j = 0; j < width; j++) {
      const v = p.parse(r[j]);
      builders[j].push(v, p.kind, i + 1);
    }
  }
  return datasetFromBuilders(file, names, builders, rows.length - start, [
    'json, array of rows' + (headerLike ? ', header row' : ''),
  ]);
}

function fromObjects(file: string, rows: Record<string, unknown>[], maxBytes: number | undefined): Dataset {
  const keys: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!isPlainObject(r)) throw badInput(`row ${i + 1} is not an object`, { file, row: i + 1 });
    for (const k of Object.keys(r)) {
      if (!index.has(k)) {
        index.set(k, keys.length);
        keys.push(k);
      }
    }
  }
  if (keys.length === 0) throw badInput('the objects have no keys', { file });
  assertDecodedFits(file, rows.length, keys.length, maxBytes);
  const p = new ValueParser();
  const builders = ColumnBuilder.many(keys.length, rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let j = 0; j < keys.length; j++) {
      const v = p.parse(r[keys[j]]);
      builders[j].push(v, p.kind, i + 1);
    }
  }
  return datasetFromBuilders(file, cleanColumnNames(keys), builders, rows.length, ['json, array of objects']);
}

function fromColumns(file: string, obj: Record<string, unknown>, maxBytes: number | undefined): Dataset {
  const keys = Object.keys(obj);
  if (keys.length === 0) throw badInput('empty object: expected {"column": [values...], ...}', { file });
  let rows = -1;
  for (const k of keys) {
    const v = obj[k];
    if (!Array.isArray(v))
      throw badInput(`"${k}" is not an array; expected {"column": [values...], ...}`, { file, column: k });
    if (rows < 0) rows = v.length;
    else if (v.length !== rows)
      throw badInput(`column "${k}" has ${v.length} value(s), expected ${rows} (as "${keys[0]}")`, { file, column: k });
  }
  assertDecodedFits(file, rows, keys.length, maxBytes);
  const p = new ValueParser();
  const builders = keys.map((k) => {
    const b = new ColumnBuilder(rows);
    const v = obj[k] as unknown[];
    for (let i = 0; i < rows; i++) b.push(p.parse(v[i]), p.kind, i + 1);
    return b;
  });
  return datasetFromBuilders(file, cleanColumnNames(keys), builders, rows, ['json, object of columns']);
}

export function parseJsonTable(file: string, bytes: Uint8Array, options: JsonOptions = {}): Dataset {
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw badInput('empty file', { file });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw badInput(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0) throw badInput('empty array: no data rows', { file });
    if (Array.isArray(doc[0])) return fromRows(file, doc as unknown[][], options.maxBytes);
    if (isPlainObject(doc[0])) return fromObjects(file, doc as Record<string, unknown>[], options.maxBytes);
    // A flat array of numbers is one column.
    return fromColumns(file, { value: doc }, options.maxBytes);
  }
  if (isPlainObject(doc)) return fromColumns(file, doc, options.maxBytes);
  throw badInput('expected an array of rows, an array of objects or an object of columns', { file });
}
