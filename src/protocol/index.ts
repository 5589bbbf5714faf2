/**
 * The one protocol module: every message between host, worker and webview is typed here. Types only.
 * Result types of each analysis live in ./results/<domain>.ts and are re-exported below.
 */
export type ErrorKind = 'bad-input' | 'usage' | 'too-large' | 'cancelled' | 'internal';

export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  file?: string;
  row?: number;
  column?: number | string;
  /** When the input holds several things to read (datasets of an HDF5 file): their names, for a picker. */
  choices?: string[];
  /** Internal errors: the stack trace (logged in the DynLens output channel). */
  stack?: string;
}

/** Where a result came from. Shown by every panel and printed by the CLI. */
export interface Provenance {
  analysisId: string;
  path: string;
  /** sha256 of the input file's bytes, hex. */
  contentHash: string;
  fileBytes: number;
  /** Parameters after defaults. */
  params: Record<string, unknown>;
  runtimeVersion: string;
  /** Wall time of load + run, milliseconds. */
  wallTimeMs: number;
  startedAt: string;
  /** Loader and analysis notes (e.g. "header detected", "3 NaN rows dropped"). */
  notes: string[];
  /** What was asked of a container or of standard input (--dataset, --slice, --input-format). */
  input?: InputSelection;
  /** For HDF5-based containers: the dataset and slice read, e.g. `/group/x[0,:,:]` (contentHash covers it). */
  selection?: string;
  /**
   * Parameters beyond `params` that make a rerun give this same result (a search that stopped on its time budget
   * records its seed and epoch count); the reproducing command includes them.
   */
  repeatWith?: Record<string, unknown>;
}

/** Which part of a file to read: see src/analysis/core/input.ts InputSelection. */
export interface InputSelection {
  dataset?: string;
  slice?: string;
  format?: string;
}

/** A quality measure of the result that says it is poor, and what to try. */
export interface QualityWarning {
  /** What is poor, with the number: "reconstruction error 1.02 (relative)". */
  message: string;
  /** The flag (with a value) that would help: "--delays 20". */
  flag?: string;
}

export interface ResultEnvelope<R = unknown> {
  analysisId: string;
  title: string;
  /** Webview view id that renders `result`. */
  view: string;
  provenance: Provenance;
  result: R;
  /** Quality warnings shown at the top of the panel (empty or absent: nothing to say). */
  warnings?: QualityWarning[];
}

export interface ParamInfo {
  key: string;
  flag: string;
  type: string;
  default?: unknown;
  choices?: readonly string[];
  unit?: string;
  /** Accepted range of a numeric parameter, e.g. "1..1e9, integer" (enforced by core/params.ts). */
  range?: string;
  description: string;
}

export interface AnalysisInfo {
  id: string;
  title: string;
  description: string;
  inputs: readonly string[];
  /** Extensions (lower case, with the dot) of the files it reads: the analysis core's list, published by the build. */
  extensions: readonly string[];
  params: ParamInfo[];
  /** Typed default values by parameter key (what a run with no parameters uses). */
  defaults: Record<string, unknown>;
  /** The analysis defines a feature vector, so `dynlens batch` can run it over a collection. */
  batch?: boolean;
}

// ---- host <-> worker -------------------------------------------------------------------------------------------

export interface JobRequest {
  jobId: string;
  analysisId: string;
  path: string;
  params: Record<string, unknown>;
  memoryBudgetBytes: number;
  /** Work budget (estimated elementary operations); undefined: the core's default (core/budget.ts). */
  workBudget?: number;
  parallelism: number;
  /** Dataset, slice and format of the input (containers, standard input). */
  input?: InputSelection;
  /** The content of standard input when `path` is `-`. */
  stdin?: Uint8Array;
  /**
   * A batch item decoded by the host (a row of a table, an array of an archive): the worker runs on this table
   * instead of reading `path`, which then only names the item in messages.
   */
  inlineTable?: { columns: string[]; data: Float64Array[]; rows: number; notes: string[] };
  /** One item of a collection (a row of a UCR table, an array of an archive), read by the worker. */
  collectionItem?: CollectionItemRef;
  /** A batch item: the outcome's result is the feature vector ({ features, result? }, see runtime/batch/item.ts). */
  batch?: {
    keepResult: boolean;
    /**
     * The host's batch run: a worker sends each feature-name list once per session (then only its digest), so a
     * worker that served another batch before sends its lists again.
     */
    namesSession?: string;
    /** Send the result's persistence diagrams too (`--distance-matrix`). */
    diagrams?: boolean;
    /** The batch runs in a process of its own (the CLI): the worker may set process-wide heap flags. */
    ownProcess?: boolean;
  };
}

/** An item of a batch collection: the collection as the batch named it, the item id, and how it was read. */
export interface CollectionItemRef {
  collection: string;
  id: string;
  /** `--label-column` of the batch (first, last, none or a column name): which column is not data. */
  labelColumn?: string;
  recursive?: boolean;
}

export type JobOutcome<R = unknown> = { ok: true; envelope: ResultEnvelope<R> } | { ok: false; error: ErrorInfo };

// ---- jobs as the dashboard sees them ---------------------------------------------------------------------------

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  jobId: string;
  analysisId: string;
  title: string;
  path: string;
  state: JobState;
  fraction: number;
  message?: string;
  startedAt: string;
  finishedAt?: string;
  /** When a cancel was asked for (dashboard, notification, closed panel): the runtime's cancel latency ends at finishedAt. */
  cancelRequestedAt?: string;
  error?: ErrorInfo;
  /** Key in the result store when done. */
  resultKey?: string;
}

export interface HistoryEntry {
  key: string;
  analysisId: string;
  title: string;
  path: string;
  contentHash: string;
  params: Record<string, unknown>;
  finishedAt: string;
  wallTimeMs: number;
}

export interface ExampleInfo {
  label: string;
  path: string;
  analysisId: string;
}

// ---- host -> webview --------------------------------------------------------------------------------------------

export type HostToPanel =
  | { type: 'result'; envelope: ResultEnvelope; resultKey?: string }
  | { type: 'progress'; jobId: string; fraction: number; message?: string }
  | { type: 'partial'; jobId: string; value: unknown }
  | { type: 'error'; error: ErrorInfo }
  | { type: 'theme' };

export type HostToDashboard = {
  type: 'state';
  jobs: JobInfo[];
  history: HistoryEntry[];
  examples: ExampleInfo[];
  /** Size of the result store and its cap (setting dynlens.results.maxSizeMB), in bytes. */
  store?: { bytes: number; maxBytes: number };
  /** Batches and sweeps of this workspace (running, stopped or finished), newest first. */
  batches?: BatchInfo[];
};

/** A batch (or sweep) as the dashboard follows it: from its output folder's journals, lock and Slurm records. */
export interface BatchInfo {
  id: string;
  kind: 'batch' | 'sweep';
  /** "signed-barcode on GunPoint_TRAIN.tsv". */
  title: string;
  out: string;
  /**
   * running: a local process works on it; queued: a Slurm array with tasks pending or running; stopped: not
   * finished and nothing runs (cancelled, killed, failed tasks): resumable; merging: the shards are being merged;
   * done: batch.json written with every item; failed: the last run could not start or finish (see message).
   */
  state: 'running' | 'queued' | 'stopped' | 'merging' | 'done' | 'failed';
  /** Items of the batch; undefined until a journal says. */
  total?: number;
  done: number;
  failed: number;
  itemsPerSecond?: number;
  etaSeconds?: number;
  /** Slurm array tasks by state, when the batch runs on Slurm. */
  slurm?: { jobIds: string[]; pending: number; running: number; done: number; failed: number };
  message?: string;
  startedAt: string;
}

export type BatchAction = 'cancel' | 'resume' | 'open' | 'forget';

// ---- webview -> host --------------------------------------------------------------------------------------------

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'copy'; text: string }
  | { type: 'save'; suggestedName: string; mime: string; dataBase64?: string; text?: string }
  | { type: 'rerun'; params: Record<string, unknown> }
  | { type: 'insert'; text: string }
  | { type: 'openFile'; path: string }
  | { type: 'openNotebook' }
  | { type: 'openAnalysis'; analysisId: string; path: string; params: Record<string, unknown> }
  /** Batch result panel: open item `index` of this panel's batch in its own analysis panel. */
  | { type: 'openBatchItem'; index: number };

export type DashboardToHost =
  | { type: 'ready' }
  | { type: 'cancel'; jobId: string }
  | { type: 'open'; key: string }
  | { type: 'runExample'; path: string; analysisId: string }
  | { type: 'clearHistory' }
  | { type: 'batch'; id: string; action: BatchAction };

/** State a panel keeps across reloads (vscode.setState / WebviewPanelSerializer). */
export interface PanelState {
  envelope?: ResultEnvelope;
  resultKey?: string;
  ui?: Record<string, unknown>;
}

export type { SummaryResult, ColumnStats } from './results/summary';
export type { SymbolicResult, SymbolicTarget, SymbolicCandidate, SymbolicPartial } from './results/symbolic';
export type {
  SimulateResult,
  LyapunovResult,
  LyapunovModelResult,
  LyapunovDataResult,
  FixedPoint,
  FixedPointType,
  FixedPointsResult,
  EwsResult,
  EwsIndicator,
  StabilityVerdict,
  ModelOverviewResult,
} from './results/stability';
export type {
  SignedBarcodeResult,
  SignedMeasureData,
  HilbertData,
  LineSliceData,
  SignedBarcodeComparison,
  SignedBarcodeStability,
} from './results/signed-barcode';
export type { ModuleResult, ModuleSummandData, ModuleGridValues, ModuleLineCheck } from './results/module';
export type {
  KoopmanResult,
  KoopmanEigenvalue,
  KoopmanMode,
  KoopmanPseudospectrum,
  KoopmanMethod,
} from './results/koopman';
export type { SweepMeasure, SweepPointResult, SweepAxis, SweepResult } from './results/sweep';
export type { BatchResult, BatchItemRow, BatchProjection, BatchClassMeans } from './results/batch';
export type { PersistenceResult, PersistenceDiagramData, PersistenceFormat } from './results/persistence';
export type {
  BifurcationResult,
  Branch,
  BranchKind,
  BranchPoint,
  OrbitDiagram,
  PointOrbit,
  SpecialPoint,
  SpecialPointType,
} from './results/bifurcation';
