/**
 * The contract between the webview app shell and each analysis view. A view is a pure renderer: it gets the result
 * envelope and a host object, builds DOM inside `root`, and draws plots through `host.plot` (which applies theme
 * colors, re-renders on theme change and adds PNG/SVG export and data save buttons).
 */
import type { Data, Layout } from 'plotly.js';
import type { ResultEnvelope } from '../../src/protocol';

// ThemeColors lives in a DOM-free module so unit tests (node, no DOM types) can import the pure helpers using it.
export type { ThemeColors } from '../themeColors';
import type { ThemeColors } from '../themeColors';

export interface PlotSpec {
  data: Data[];
  layout?: Partial<Layout>;
  /** Base file name for exports (without extension). */
  exportName: string;
  /** Data behind the plot for "Save data" (JSON and CSV); columns of equal length. */
  table?: { columns: string[]; rows: ArrayLike<number>[] };
  /** Accessible description of what the plot shows (aria-label). */
  label: string;
}

export interface PlotHandle {
  update(spec: PlotSpec): void;
  element: HTMLElement;
  /** Subscribe to point clicks (Plotly's plotly_click) for selection UIs. */
  onClick(cb: (curveNumber: number, pointIndex: number) => void): void;
  onHover(cb: (curveNumber: number, pointIndex: number) => void): void;
}

export interface ViewHost {
  plot(container: HTMLElement, spec: PlotSpec): PlotHandle;
  /** Copies text to the clipboard (through the host in VS Code). */
  copy(text: string): void;
  /** Saves a text file through a save dialog (VS Code) or a download (standalone report). */
  save(suggestedName: string, mime: string, text: string): void;
  /** Inserts text at the cursor of the last active editor (VS Code only; a no-op with a notice in reports). */
  insert(text: string): void;
  /**
   * Runs the analysis again on the same file with these parameters (merged over the current ones by the host).
   * Present only inside VS Code; undefined in standalone reports, so views can hide their "recompute" controls.
   */
  rerun?(params: Record<string, unknown>): void;
  /** Runs another analysis on a file (e.g. a sweep point's model overview). VS Code only, like `rerun`. */
  openAnalysis?(analysisId: string, path: string, params: Record<string, unknown>): void;
  /** Batch result: opens item `index` of the batch in its own analysis panel. VS Code only, like `rerun`. */
  openBatchItem?(index: number): void;
  theme(): ThemeColors;
  /** Per-view UI state that survives a reload (slider positions, selected item). */
  getUiState<T>(key: string, fallback: T): T;
  setUiState(key: string, value: unknown): void;
  /** A table whose every cell can be copied; numbers formatted with `digits` significant digits. */
  table(
    container: HTMLElement,
    columns: string[],
    rows: (string | number | null)[][],
    opts?: { digits?: number; caption?: string; render?: Record<number, (text: string) => Node | undefined> },
  ): HTMLElement;
  /** Formats a number for display (significant digits, exponent for tiny/huge), clicking copies full precision. */
  number(value: number, digits?: number): HTMLElement;
}

export interface AnalysisView<R = unknown> {
  /** The view id named by the registry entry (defaults to the analysis id). */
  id: string;
  render(root: HTMLElement, envelope: Json<ResultEnvelope<R>>, host: ViewHost): void;
  /**
   * Live partial results while the job runs (e.g. the current Pareto front). Called with the same `root` for every
   * update of one job (the page must be told `data-view` by the host for this to be used): update in place, or call
   * root.replaceChildren() to start over. Throttled by the runtime to ~10 calls a second.
   */
  renderPartial?(root: HTMLElement, partial: unknown, host: ViewHost): void;
  /**
   * The main table of the result, for the shell's "Save CSV" and "Copy" buttons. Without it the shell exports a
   * long-format CSV (path, index, value) of every number in the result.
   */
  table?(envelope: Json<ResultEnvelope<R>>): ResultTable;
}

/** A table of mixed text and numbers (null = no value), row-major. */
export interface ResultTable {
  columns: string[];
  rows: (string | number | null)[][];
  /** File name stem for the CSV (defaults to the analysis id and input file name). */
  name?: string;
}

/*
 * Data arriving in a view is plain JSON: the host sends `toPlainJson(envelope)` (src/analysis/core/json.ts) and the
 * standalone HTML report embeds the same JSON. So a field typed `Float64Array` in a protocol result type arrives as
 * `number[]`, and non-finite numbers (NaN, Infinity) arrive as `null`. Read such fields as ArrayLike<number | null>
 * (see `Json<T>` below) and treat null as "no value" (or +Infinity where the result type says so, e.g. a death).
 */
export type Json<T> = T extends
  Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Int16Array | Uint16Array
  ? (number | null)[]
  : T extends number
    ? number | null
    : T extends (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;
