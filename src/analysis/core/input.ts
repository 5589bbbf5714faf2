import { badInput } from './errors';

/**
 * What analyses receive. Tables are column-major: one Float64Array per named column, all of equal length.
 * Non-numeric cells become NaN (the loader reports how many), so analyses must check for NaN where it matters.
 */
export interface Dataset {
  /** Absolute or workspace-relative path the data came from (for messages). */
  source: string;
  columns: string[];
  data: Float64Array[];
  rows: number;
  /**
   * Per column, how many cells were absent from the file (empty or not a number) and became NaN; text formats
   * only. A NaN written in the file (or in a binary array) is a value, not missing.
   */
  missing?: number[];
  /** Format-specific notes for provenance, e.g. "csv, header detected, 3 non-numeric cells -> NaN". */
  notes: string[];
}

export type InputKind = 'table' | 'ode' | 'onnx';

export interface TableInput {
  kind: 'table';
  path: string;
  dataset: Dataset;
}
export interface OdeInput {
  kind: 'ode';
  path: string;
  text: string;
}
export interface OnnxInput {
  kind: 'onnx';
  path: string;
  bytes: Uint8Array;
}
export type AnalysisInput = TableInput | OdeInput | OnnxInput;

export interface LoadOptions {
  /** Memory budget in bytes; a file whose decoded size would exceed it is refused with tooLarge(). */
  maxBytes?: number;
  /** For NPZ: which array; for JSON/Parquet: ignored. */
  member?: string;
  /** Cancellation, polled by the loaders of large text files. */
  signal?: import('./context').CancelSignal;
}

/** File extensions (lower case, with the dot) for each input kind. Used for menus and for loader dispatch. */
export const TABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.npy', '.npz', '.parquet', '.json', '.lower_distance_matrix'];
export const ODE_EXTENSIONS = ['.ode'];
export const ONNX_EXTENSIONS = ['.onnx'];

export function inputKindOf(path: string): InputKind | undefined {
  const lower = path.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf('.'));
  if (ODE_EXTENSIONS.includes(ext)) return 'ode';
  if (ONNX_EXTENSIONS.includes(ext)) return 'onnx';
  if (TABLE_EXTENSIONS.includes(ext)) return 'table';
  return undefined;
}

/** Column lookup by name with a clear error. */
export function columnIndex(ds: Dataset, name: string): number {
  const i = ds.columns.indexOf(name);
  if (i < 0) {
    throw badInput(`no column "${name}" (columns: ${ds.columns.join(', ')})`, { file: ds.source });
  }
  return i;
}
