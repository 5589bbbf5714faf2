/**
 * The batch result panel's data (BatchResult) from a batch folder: its journals (the unsharded DIR/journal.jsonl
 * or every shard's), read whether the batch is finished or not. Adds the 2-D PCA projection of the ok items'
 * vectors and the class means of their grid-shaped (topology) features, both computed by pure modules of
 * src/analysis/features. Sizes are capped so that a huge batch opens quickly; the notes say what was left out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BatchClassMeans, BatchItemRow, BatchProjection, BatchResult, ResultEnvelope } from '../../protocol';
import { classMeans, featureGrids, gridImage } from '../../analysis/features/class-means';
import { pca } from '../../analysis/features/pca';
import { FILES } from '../../runtime/batch/layout';
import { closeJournal, readValues, scanJournal, type ScannedItem, type ScannedJournal } from '../../runtime/batch/scan';
import { RUNTIME_VERSION } from '../../runtime/version';
import { workDirs } from './folder';

/** Feature columns shown in the table (the CSV/Parquet of the folder has them all). */
const TABLE_COLUMNS = 24;
/** Items listed (failures are always listed). */
const MAX_ITEMS = 20_000;
/** Values read for the projection and the class means: n x d at most this many (8 bytes each). */
const MAX_VALUES = 4_000_000;
const MAX_GRIDS = 4;
const MAX_CLASSES = 12;

function journals(out: string): ScannedJournal[] {
  const dirs = workDirs(out);
  return dirs
    .map((d) => join(d, FILES.journal))
    .filter(existsSync)
    .map((p) => scanJournal(p));
}

interface Header {
  analysis?: string;
  items?: number;
  params?: Record<string, unknown>;
  collectionHash?: string;
}

export function readBatchResult(out: string): { result: BatchResult; header: Header } {
  const js = journals(out);
  try {
    const byIndex = new Map<number, ScannedItem>();
    let header: Header = {};
    for (const j of js) {
      if (j.header && !header.analysis) header = j.header;
      for (const it of j.items.values()) if (!byIndex.has(it.index)) byIndex.set(it.index, it);
    }
    const all = [...byIndex.values()].sort((a, b) => a.index - b.index);
    const notes: string[] = [];
    const shown = all.filter((it, k) => k < MAX_ITEMS || it.status === 'failed');
    if (shown.length < all.length) notes.push(`listing ${shown.length} of ${all.length} finished items`);
    const names: string[] = [];
    const nameAt = new Map<string, number>();
    for (const it of all)
      for (const n of it.names ?? [])
        if (!nameAt.has(n)) {
          nameAt.set(n, names.length);
          names.push(n);
        }
    const d = names.length;
    const tableColumns = Math.min(TABLE_COLUMNS, d);
    const tableValues = new Float64Array(shown.length * tableColumns).fill(NaN);
    const ok = all.filter((it) => it.status === 'ok');
    const cap = d > 0 ? Math.max(2, Math.floor(MAX_VALUES / d)) : 0;
    const used = ok.slice(0, cap);
    if (used.length < ok.length) notes.push(`projection and class means over the first ${used.length} ok items`);
    const rows = new Float64Array(used.length * d).fill(NaN);
    const usedAt = new Map(used.map((it, k) => [it.index, k]));
    shown.forEach((it, row) => {
      if (it.status !== 'ok') return;
      const k = usedAt.get(it.index);
      const v = readValues(it);
      (it.names ?? []).forEach((n, c) => {
        const col = nameAt.get(n)!;
        if (col < tableColumns) tableValues[row * tableColumns + col] = v[c];
        if (k !== undefined) rows[k * d + col] = v[c];
      });
    });
    const inTable = new Set(shown.map((it) => it.index));
    for (const it of used)
      if (!inTable.has(it.index)) {
        const v = readValues(it);
        const k = usedAt.get(it.index)!;
        (it.names ?? []).forEach((n, c) => (rows[k * d + nameAt.get(n)!] = v[c]));
      }
    const items: BatchItemRow[] = shown.map((it) => ({
      index: it.index,
      id: it.id,
      source: it.meta.source,
      label: it.meta.label,
      collection: it.meta.collection,
      status: it.status,
      error: it.error,
    }));
    const total = header.items ?? all.length;
    const failed = all.filter((it) => it.status === 'failed').length;
    const result: BatchResult = {
      out,
      analysisId: header.analysis ?? '',
      total,
      ok: ok.length,
      failed,
      complete: all.length === total,
      names,
      items,
      tableValues,
      tableColumns,
      projection: projection(rows, used, d, notes),
      classMeans: means(rows, used, names, notes),
      notes,
    };
    return { result, header };
  } finally {
    for (const j of js) closeJournal(j);
  }
}

function projection(rows: Float64Array, used: ScannedItem[], d: number, notes: string[]): BatchProjection | undefined {
  const keep: number[] = [];
  for (let k = 0; k < used.length; k++) {
    let finite = true;
    for (let c = 0; c < d && finite; c++) finite = Number.isFinite(rows[k * d + c]);
    if (finite) keep.push(k);
  }
  if (keep.length < used.length)
    notes.push(`${used.length - keep.length} ok item(s) with a missing or non-finite feature are not projected`);
  if (keep.length < 3 || d < 2) return undefined;
  const x = new Float64Array(keep.length * d);
  keep.forEach((k, i) => x.set(rows.subarray(k * d, (k + 1) * d), i * d));
  const p = pca(x, keep.length, d, 2);
  if (p.k < 2) return undefined;
  return {
    index: keep.map((k) => used[k].index),
    x: Float64Array.from(keep, (_, i) => p.scores[i * 2]),
    y: Float64Array.from(keep, (_, i) => p.scores[i * 2 + 1]),
    explainedVarianceRatio: [...p.explainedVarianceRatio],
    excluded: used.length - keep.length,
  };
}

function means(rows: Float64Array, used: ScannedItem[], names: string[], notes: string[]): BatchClassMeans | undefined {
  const grids = featureGrids(names).filter((g) => g.rows > 1 || g.cols > 1);
  if (grids.length === 0 || used.length === 0) return undefined;
  if (grids.length > MAX_GRIDS) notes.push(`class means of the first ${MAX_GRIDS} of ${grids.length} feature grids`);
  const cm = classMeans(
    rows,
    used.length,
    names.length,
    used.map((it) => it.meta.label),
  );
  if (cm.length > MAX_CLASSES) notes.push(`class means of the first ${MAX_CLASSES} of ${cm.length} labels`);
  const kept = grids.slice(0, MAX_GRIDS);
  return {
    grids: kept.map((g) => ({ name: g.name, rows: g.rows, cols: g.cols })),
    classes: cm.slice(0, MAX_CLASSES).map((c) => ({
      label: c.label,
      count: c.count,
      images: kept.map((g) => gridImage(g, c.mean)),
    })),
  };
}

/** The envelope the panel shows: provenance names the folder, the analysis and its parameters after defaults. */
export function batchEnvelope(out: string): ResultEnvelope<BatchResult> {
  const started = Date.now();
  const { result, header } = readBatchResult(out);
  let wall = 0;
  try {
    wall = (JSON.parse(readFileSync(join(out, FILES.batch), 'utf8')) as { wallTimeMs?: number }).wallTimeMs ?? 0;
  } catch {
    // not finished yet: no batch.json
  }
  return {
    analysisId: 'batch',
    title: `Batch ${result.analysisId}`,
    view: 'batch',
    provenance: {
      analysisId: result.analysisId,
      path: out,
      contentHash: header.collectionHash ?? '',
      fileBytes: 0,
      params: header.params ?? {},
      runtimeVersion: RUNTIME_VERSION,
      wallTimeMs: wall,
      startedAt: new Date(started).toISOString(),
      notes: [`batch folder ${basename(out)}: ${result.ok} ok, ${result.failed} failed of ${result.total} items`],
    },
    result,
  };
}
