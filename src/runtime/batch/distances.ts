/**
 * `--distance-matrix bottleneck|wasserstein`: the pairwise distances between the persistence diagrams of every item
 * of a batch, per homology degree. Each finished item's diagrams are appended to DIR/diagrams.part.jsonl (values as
 * little-endian Float64 bytes, so the matrix is bit-identical whatever the order of completion); at the end the
 * matrix of the ok items, in item order, is written to DIR/distances.npy, shape (degrees, n, n), with the row order
 * in DIR/distance-items.csv (index, id, source, label).
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemDiagram } from '../../analysis/core/definition';
import {
  assembleRows,
  rowBlocks,
  type DiagramMetric,
  type DistanceRowsChunk,
} from '../../analysis/topology/diagrams/pairwise';
import { decodeValues, encodeValues } from './journal';
import { OK, readLine, type JournalIndex } from './journal-index';
import { forEachLine } from './scan';
import { writeCsv, writeNpy } from './tables';
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

/** Writes distances.npy and distance-items.csv for the ok items of [start, end) of the journal. */
export async function writeDistanceMatrix(
  out: string,
  partPath: string,
  j: JournalIndex,
  range: [number, number],
  opt: DistanceOption,
  run: RunRowBlocks,
  blocks: number,
): Promise<DistanceSummary> {
  const byIndex = new Map<number, ItemDiagram[]>();
  const fd = openSync(partPath, 'a+');
  try {
    forEachLine(fd, (text) => {
      const l = JSON.parse(text) as DiagramLine;
      if (l.index < range[0] || l.index >= range[1] || j.status[l.index] !== OK) return;
      byIndex.set(
        l.index,
        l.dims.map((dim, k) => ({ dim, births: decodeValues(l.births[k]), deaths: decodeValues(l.deaths[k]) })),
      );
    });
  } finally {
    closeSync(fd);
  }
  const rows: number[] = [];
  let withoutDiagrams = 0;
  for (let i = range[0]; i < range[1]; i++)
    if (j.status[i] === OK) {
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
          const l = readLine(j, i);
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
