/**
 * The contract between the webview app shell and each analysis view. A view is a pure renderer: it gets the result
 * envelope and a host object, builds DOM inside `root`, and draws plots through `host.plot` (which applies theme
 * colors, re-renders on theme change and adds PNG/SVG export and data save buttons).
 */
import type { Data, Layout } from 'plotly.js';
import type { ResultEnvelope } from '../../src/protocol';

export interface ThemeColors {
  foreground: string;
  background: string;
  muted: string;
  accent: string;
  grid: string;
  positive: string;
  negative: string;
  /** Distinct series colors that read on the current theme. */
  series: string[];
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
}

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
  theme(): ThemeColors;
  /** Per-view UI state that survives a reload (slider positions, selected item). */
  getUiState<T>(key: string, fallback: T): T;
  setUiState(key: string, value: unknown): void;
  /** A table whose every cell can be copied; numbers formatted with `digits` significant digits. */
  table(container: HTMLElement, columns: string[], rows: (string | number | null)[][], opts?: { digits?: number; caption?: string }): HTMLElement;
  /** Formats a number for display (significant digits, exponent for tiny/huge), clicking copies full precision. */
  number(value: number, digits?: number): HTMLElement;
}

export interface AnalysisView<R = unknown> {
  /** The view id named by the registry entry (defaults to the analysis id). */
  id: string;
  render(root: HTMLElement, envelope: ResultEnvelope<R>, host: ViewHost): void;
  /** Live partial results while the job runs (e.g. the current Pareto front). */
  renderPartial?(root: HTMLElement, partial: unknown, host: ViewHost): void;
}
