/**
 * `--distance-matrix bottleneck|wasserstein`: the pairwise distances between the persistence diagrams of every item
 * of a batch, per homology degree. Each finished item's diagrams are appended to DIR/diagrams.part.jsonl (values as
 * little-endian Float64 bytes, so the matrix is bit-identical whatever the order of completion); at the end the
 * matrix of the ok items, in item order, is written to DIR/distances.npy, shape (degrees, n, n), with the row order
 * in DIR/distance-items.csv (index, id, source, label).
 */
import { closeSync, existsSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemDiagram } from '../../analysis/core/definition';
import {
  assembleRows,
  distanceRows,
  rowBlocks,
  type DiagramMetric,
  type DistanceRowsChunk,
} from '../../analysis/topology/diagrams/pairwise';
import { getAnalysis } from '../../analysis/registry';
import { WorkerPool } from '../pool';
import { decodeValues, encodeValues } from './journal';
import { OK } from './journal-index';
import { forEachLine } from './scan';
import { writeCsv, writeNpy, type DoneRows } from './tables';
import { writeAtomicWith } from '../atomic-write';

export interface DistanceOption {
  metric: DiagramMetric;
  /** Order of the Wasserstein distance (ignored by the bottleneck distance). */
  p: number;
}

export const DISTANCE_FILES = {
  part: 'diagrams.part.jsonl',
  matrix: 'distances.npy',
  items: 'distance-items.csv',
} as const;

/** Appends the items' diagrams, one line per item, one write() each; a torn last line is cut when reopened. */
export class DiagramsWriter {
  private fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'a+');
    ftruncateSync(
      this.fd,
      forEachLine(this.fd, () => undefined),
    );
  }

  write(index: number, diagrams: readonly ItemDiagram[]): void {
    const line = {
      index,
      dims: diagrams.map((d) => d.dim),
      births: diagrams.map((d) => encodeValues(d.births)),
      deaths: diagrams.map((d) => encodeValues(d.deaths)),
    };
    writeSync(this.fd, JSON.stringify(line) + '\n');
  }

  close(): void {
    closeSync(this.fd);
  }
}

interface DiagramLine {
  index: number;
  dims: number[];
  births: string[];
  deaths: string[];
}

export interface DistanceSummary {
  metric: DiagramMetric;
  p?: number;
  degrees: number[];
  /** Rows (and columns) of the matrix: the ok items with diagrams, in item order. */
  items: number;
  /** Ok items without diagrams (finished by an earlier run without --distance-matrix): left out. */
  withoutDiagrams: number;
  files: string[];
}

/** Runs row blocks of one degree's matrix (on the batch's workers, or on this thread in tests). */
export type RunRowBlocks = (chunks: DistanceRowsChunk[]) => Promise<Float64Array[]>;

/** Where the row blocks run: `fn` gets the runner and how many blocks to cut the rows into. */
export type DistanceRunner = <T>(
  analysisId: string,
  fn: (run: RunRowBlocks, blocks: number) => Promise<T>,
) => Promise<T>;

/**
 * Runs the row blocks on a pool of `workers` (four blocks per worker), or on this thread when the analysis has no
 * `distance-rows` task.
 */
export function distanceRunner(o: { workerScript: string; workers: number; maxMemoryMB: number }): DistanceRunner {
  return async (analysisId, fn) => {
    if (!getAnalysis(analysisId).tasks?.['distance-rows'])
      return fn(async (chunks) => chunks.map((c) => distanceRows(c)), 1);
    const pool = new WorkerPool({ workerScript: o.workerScript, size: o.workers, maxMemoryMB: o.maxMemoryMB });
    try {
      return await fn(
        (chunks) => pool.runTasks(analysisId, 'distance-rows', chunks) as Promise<Float64Array[]>,
        pool.size * 4,
      );
    } finally {
      pool.dispose();
    }
  };
}

/**
 * Writes distances.npy and distance-items.csv for the ok items of `done` (one journal, or the shards' journals of a
 * merge), from the diagrams of `parts` (one per run or shard; the last line of an index wins).
 */
export async function writeDistanceMatrix(
  out: string,
  parts: readonly string[],
  done: DoneRows,
  opt: DistanceOption,
  run: RunRowBlocks,
  blocks: number,
): Promise<DistanceSummary> {
  const byIndex = new Map<number, ItemDiagram[]>();
  for (const part of parts) {
    if (!existsSync(part)) continue;
    const fd = openSync(part, 'r');
    try {
      forEachLine(fd, (text) => {
        const l = JSON.parse(text) as DiagramLine;
        if (l.index < done.start || l.index >= done.end || done.status(l.index) !== OK) return;
        byIndex.set(
          l.index,
          l.dims.map((dim, k) => ({ dim, births: decodeValues(l.births[k]), deaths: decodeValues(l.deaths[k]) })),
        );
      });
    } finally {
      closeSync(fd);
    }
  }
  const rows: number[] = [];
  let withoutDiagrams = 0;
  for (let i = done.start; i < done.end; i++)
    if (done.status(i) === OK) {
      if (byIndex.has(i)) rows.push(i);
      else withoutDiagrams++;
    }
  const degrees = [...new Set(rows.flatMap((i) => (byIndex.get(i) as ItemDiagram[]).map((d) => d.dim)))].sort(
    (a, b) => a - b,
  );
  const empty = new Float64Array(0);
  const n = rows.length;
  // a few blocks per worker, of about equal numbers of pairs, so that the workers finish together
  const ranges = rowBlocks(n, Math.max(1, Math.min(n, blocks)));
  const matrices: Float64Array[] = [];
  for (const dim of degrees) {
    const diagrams = rows.map(
      (i) => (byIndex.get(i) as ItemDiagram[]).find((d) => d.dim === dim) ?? { dim, births: empty, deaths: empty },
    );
    const chunks = ranges.map(([from, to]) => ({ diagrams, metric: opt.metric, p: opt.p, from, to }));
    matrices.push(assembleRows(n, ranges, await run(chunks)));
  }
  const matrix = join(out, DISTANCE_FILES.matrix);
  writeAtomicWith(matrix, (tmp) =>
    writeNpy(
      tmp,
      [degrees.length, n, n],
      (function* () {
        for (const m of matrices) for (let r = 0; r < n; r++) yield m.subarray(r * n, (r + 1) * n);
      })(),
    ),
  );
  const itemsFile = join(out, DISTANCE_FILES.items);
  writeAtomicWith(itemsFile, (tmp) =>
    writeCsv(
      tmp,
      ['index', 'id', 'source', 'label'],
      (function* () {
        for (const i of rows) {
          const l = done.line(i);
          yield [i, l.id, l.source, l.label ?? null];
        }
      })(),
    ),
  );
  return {
    metric: opt.metric,
    p: opt.metric === 'wasserstein' ? opt.p : undefined,
    degrees,
    items: n,
    withoutDiagrams,
    files: [matrix, itemsFile],
  };
}
