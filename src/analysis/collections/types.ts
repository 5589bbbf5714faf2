/**
 * Collections: many analysis inputs read from one folder, glob, table or archive. One reader module per layout
 * (folder.ts, ucr.ts, sktime.ts, arrays.ts, manifest.ts) turns a path into a `Collection` of items; the batch engine
 * (src/runtime/batch) runs one analysis on every item. Readers only read (no file is written here); single files
 * still go through data/load.ts, so an item that is a whole file is decoded exactly as `dynlens <analysis> FILE`
 * decodes it.
 */
import type { AnalysisInput } from '../core/input';

/** The layouts a collection path can have (chosen from the path and its extension, see read.ts). */
export type CollectionLayout =
  'folder' | 'glob' | 'ucr-table' | 'sktime-ts' | 'npz' | 'npy' | 'manifest' | 'grid' | 'tudataset';

/** Where labels of table rows come from (`--label-column`). */
export type LabelColumn = 'first' | 'last' | 'none' | { name: string };

export interface CollectionOptions {
  /** Folders: descend into sub-folders (`--recursive`). */
  recursive: boolean;
  /** UCR/UEA tables: which column holds the class label (default first). */
  labelColumn: LabelColumn;
  /** Labels from the item's path or id: the first capture group of this regular expression (`--label-from-path`). */
  labelFromPath?: RegExp;
  /** Memory budget for decoding one collection file (bytes). */
  maxBytes?: number;
}

export const DEFAULT_COLLECTION_OPTIONS: CollectionOptions = { recursive: false, labelColumn: 'first' };

export interface CollectionItem {
  /** Stable id inside its collection: relative path (folders), `row N` (tables, 1-based), array name (npz). */
  id: string;
  /** What a person looks at to find the item: a path, or a path and a row. */
  source: string;
  label?: string;
  /** Manifest columns carried into the output (same keys for every item of a collection). */
  extra: Record<string, string>;
  /** Set when the item is exactly one file: the engine lets the worker load it (no copy through the main thread). */
  file?: string;
  /** Decodes the item. Errors are DynLensErrors naming the file and row; one failing item never fails the others. */
  load(): Promise<AnalysisInput>;
  /** Analysis parameters of this item only, over the batch's (a parameter grid: the point's `set`). */
  params?: Record<string, unknown>;
}

export interface Collection {
  /** The path or glob as the user gave it (the `collection` column when several are given). */
  name: string;
  layout: CollectionLayout;
  /** Files whose bytes define the collection, in a stable order (the collection hash covers them). */
  files: string[];
  /**
   * Every item. Streaming readers (folder, glob, UCR table, .npy) build this list only when it is read; the batch
   * engine reads `count` and `item(k)` instead (cursor.ts), so that no per-item object outlives its run.
   */
  items: CollectionItem[];
  /** The item count without building the items (streaming readers). */
  count?: number;
  /** Item k (0-based), built on demand (streaming readers). */
  item?(k: number): CollectionItem;
  /** Names of the carried manifest columns, in file order. */
  extraColumns: string[];
  /** What the reader decided (delimiter, label column, skipped files), for provenance. */
  notes: string[];
}
