import type { GraphData } from '../data/graph/types';
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

export type InputKind = 'table' | 'ode' | 'onnx' | 'graph';

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
/**
 * A graph: an edge list (CSV/TSV whose header is source,target[,weight], or any table file read with
 * `--input graph`), GraphML or GEXF. `nodeTable` is the node table read beside an edge list (its path and sha256).
 */
export interface GraphInput {
  kind: 'graph';
  path: string;
  graph: GraphData;
  nodeTable?: { path: string; sha256: string };
}
export type AnalysisInput = TableInput | OdeInput | OnnxInput | GraphInput;

/**
 * Which part of a file to read and how: containers (HDF5, NetCDF, MATLAB) hold many arrays. Set by the CLI's
 * `--dataset`, `--slice`, `--input-format` and by the editor's dataset pick; travels in the job request.
 */
export interface InputSelection {
  /** HDF5 path (`/group/name`), NetCDF variable name or MATLAB variable name. */
  dataset?: string;
  /** numpy-like index of an N-D dataset, e.g. `0,:,:` or `::2,1`. */
  slice?: string;
  /** One of INPUT_FORMATS; overrides the extension (needed for standard input, optional otherwise). */
  format?: string;
  /** Edge lists: the node table (`--nodes FILE`; default NAME.nodes.csv beside NAME.csv when it exists). */
  nodes?: string;
}

export interface LoadOptions {
  /** Memory budget in bytes; a file whose decoded size would exceed it is refused with tooLarge(). */
  maxBytes?: number;
  /** For NPZ: which array; for JSON/Parquet: ignored. */
  member?: string;
  selection?: InputSelection;
  /** The content when it is not read from `path` (standard input). */
  bytes?: Uint8Array;
  /** Cancellation, polled by the loaders of large text files. */
  signal?: import('./context').CancelSignal;
}

/** File extensions (lower case, with the dot) for each input kind. Used for menus and for loader dispatch. */
export const TABLE_EXTENSIONS = [
  '.csv',
  '.tsv',
  '.txt',
  '.npy',
  '.npz',
  '.parquet',
  '.json',
  '.lower_distance_matrix',
  '.h5',
  '.hdf5',
  '.he5',
  '.nc',
  '.nc4',
  '.mat',
  '.arrow',
  '.feather',
  '.ipc',
  '.arrows',
  '.dat',
];

/** Extensions of HDF5-based containers (read in place: the budget applies to the dataset read, not the file). */
export const CONTAINER_EXTENSIONS = ['.h5', '.hdf5', '.he5', '.nc', '.nc4', '.mat'];

/** Names accepted by `--input-format` (and sniffed from the bytes when absent). */
export const INPUT_FORMATS = [
  'csv',
  'tsv',
  'txt',
  'npy',
  'npz',
  'parquet',
  'json',
  'hdf5',
  'netcdf',
  'mat',
  'arrow',
  'dat',
  'graph',
  'graphml',
  'gexf',
] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** The path standard input goes by (`dynlens summary -`). */
export const STDIN_PATH = '-';
export const ODE_EXTENSIONS = ['.ode'];
export const ONNX_EXTENSIONS = ['.onnx'];
/** Graph files; edge lists are .csv/.tsv tables recognised by their header (data/graph/edgelist.ts). */
export const GRAPH_EXTENSIONS = ['.graphml', '.gexf'];

/**
 * The extensions of each input kind: the one list of supported files. The build publishes it per analysis in
 * dist/analyses.json (`dynlens list --json`), from which the host's menus, file pickers and code lenses take theirs.
 */
const INPUT_EXTENSIONS: Readonly<Record<InputKind, readonly string[]>> = {
  table: TABLE_EXTENSIONS,
  ode: ODE_EXTENSIONS,
  onnx: ONNX_EXTENSIONS,
  graph: [...GRAPH_EXTENSIONS, '.csv', '.tsv'],
};

/** Extensions of the files an analysis with these input kinds reads. */
export function extensionsOf(kinds: readonly InputKind[]): string[] {
  return [...new Set(kinds.flatMap((k) => INPUT_EXTENSIONS[k]))];
}

export function inputKindOf(path: string): InputKind | undefined {
  if (path === STDIN_PATH) return 'table';
  const lower = path.toLowerCase();
  const ext = lower.slice(lower.lastIndexOf('.'));
  if (ODE_EXTENSIONS.includes(ext)) return 'ode';
  if (ONNX_EXTENSIONS.includes(ext)) return 'onnx';
  if (GRAPH_EXTENSIONS.includes(ext)) return 'graph';
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
