/**
 * `dynlens batch merge DIR`: the shards' journals (DIR/shards/I-of-N/journal.jsonl) combined into the final tables
 * and batch.json of DIR, exactly as an unsharded run writes them. Refused, naming the items, when a shard is
 * missing, when an item is missing or appears in two shards, or when the shards ran different batches. Shards run
 * with `--distance-matrix` leave their diagrams; the merge writes the matrix over all of them (distances.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynLensError } from '../../analysis/core/errors';
import { RUNTIME_VERSION } from '../version';
import { atomicJson } from './engine';
import type { FitRecord } from './fit';
import type { JournalHeader } from './journal';
import { FILES, inShard, parseShardDir, shardItemsText, workDir, type FeatureFormat, type ShardSpec } from './layout';
import { closeIndex, indexJournal, NOT_DONE, readLine, type JournalIndex } from './journal-index';
import { failureList, ownedRows, writeResults, writeTables } from './tables';
import { DISTANCE_FILES, writeDistanceMatrix, type DistanceOption, type DistanceRunner } from './distances';

export interface MergeReport {
  exitCode: 0 | 3;
  items: number;
  ok: number;
  failed: number;
  files: string[];
  message: string;
}

function fail(dir: string, message: string): never {
  throw new DynLensError('bad-input', `batch merge: ${message}`, { file: dir });
}

function sameBatch(a: JournalHeader, b: JournalHeader): boolean {
  return (
    a.analysis === b.analysis &&
    a.collectionHash === b.collectionHash &&
    a.items === b.items &&
    JSON.stringify(a.params) === JSON.stringify(b.params)
  );
}

function listShards(dir: string): ShardSpec[] {
  const root = join(dir, 'shards');
  if (!existsSync(root)) fail(dir, `no shards in ${root} (run the shards with --shard I/N first)`);
  const shards = readdirSync(root)
    .map(parseShardDir)
    .filter((s): s is ShardSpec => s !== undefined);
  if (shards.length === 0) fail(dir, `no shard folders (I-of-N) in ${root}`);
  const counts = [...new Set(shards.map((s) => s.count))];
  if (counts.length > 1) fail(dir, `shards of different splits (of ${counts.join(', of ')}): remove the stale ones`);
  return shards.sort((a, b) => a.index - b.index);
}

interface ShardInfo {
  wallTimeMs?: number;
  shardSource?: string;
  distanceMatrix?: DistanceOption;
}

function readShardInfos(dir: string, shards: readonly ShardSpec[]): ShardInfo[] {
  return shards.map((s) => {
    const p = join(workDir(dir, s), FILES.shardInfo);
    if (!existsSync(p)) return {};
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as ShardInfo;
    } catch (e) {
      return fail(dir, `${p} is not readable JSON (${(e as Error).message}): rerun shard ${s.index} with --resume`);
    }
  });
}

/** The shards' common --distance-matrix option, refused when they disagree. */
function distanceOption(dir: string, infos: readonly ShardInfo[]): DistanceOption | undefined {
  const all = new Set(infos.map((i) => JSON.stringify(i.distanceMatrix ?? null)));
  if (all.size > 1)
    fail(dir, 'the shards ran with different --distance-matrix options (or some without): rerun them alike');
  return infos[0]?.distanceMatrix;
}

/** `distances` runs the distance matrix's row blocks (on a worker pool) when the shards ran with --distance-matrix. */
export async function mergeBatch(
  dir: string,
  format: FeatureFormat = 'parquet',
  distances?: DistanceRunner,
): Promise<MergeReport> {
  const started = Date.now();
  const shards = listShards(dir);
  const count = shards[0].count;
  const present = new Set(shards.map((s) => s.index));
  const journals: JournalIndex[] = [];
  try {
    let header: JournalHeader | undefined;
    for (const s of shards) {
      const j = indexJournal(join(workDir(dir, s), FILES.journal));
      journals.push(j);
      if (!j.header) fail(dir, `shard ${s.index}/${count} has no journal (it never started)`);
      header ??= j.header;
      if (!sameBatch(header, j.header))
        fail(dir, `shard ${s.index}/${count} ran another batch (analysis, parameters or collection differ)`);
    }
    const h = header as JournalHeader;
    const missingShards = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(i));
    if (missingShards.length > 0) {
      const which = missingShards.map((i) => `${i} (${shardItemsText(h.items, { index: i, count })})`);
      fail(dir, `shard(s) ${which.join(', ')} of ${count} missing`);
    }
    // item i is read from the journal owner[i]; an item done in two shards, or outside its shard, is refused
    const owner = new Int16Array(h.items).fill(-1);
    const duplicates: string[] = [];
    journals.forEach((j, k) => {
      for (let index = 0; index < j.status.length; index++) {
        if (j.status[index] === NOT_DONE) continue;
        if (!inShard(index, shards[k]) || owner[index] >= 0) duplicates.push(`${index} (${readLine(j, index).id})`);
        else owner[index] = k;
      }
    });
    if (duplicates.length > 0)
      fail(
        dir,
        `${duplicates.length} item(s) appear twice or in the wrong shard: ${duplicates.slice(0, 10).join(', ')}`,
      );
    const missing: number[] = [];
    for (let i = 0; i < h.items; i++) if (owner[i] < 0) missing.push(i);
    if (missing.length > 0) {
      const where = missing.slice(0, 10).map((i) => `${i} (shard ${i % count})`);
      fail(
        dir,
        `${missing.length} item(s) missing: ${where.join(', ')}${missing.length > 10 ? ', ...' : ''}; rerun those shards with --resume`,
      );
    }
    const shardInfos = readShardInfos(dir, shards);
    const dm = distanceOption(dir, shardInfos);
    if (dm && !distances) fail(dir, 'the shards ran with --distance-matrix, but this merge has no workers for it');
    const rows = ownedRows(journals, owner);
    const tables = writeTables({
      out: dir,
      format,
      rows,
      extraColumns: h.extraColumns,
      collectionColumn: h.collections.length > 1,
    });
    const files = [...tables.files];
    const parts = shards.map((s) => join(workDir(dir, s), FILES.resultsPart)).filter((p) => existsSync(p));
    if (parts.length > 0) files.push(writeResults(dir, parts, 0, h.items));
    const fitPath = join(dir, FILES.fit);
    const fit = existsSync(fitPath) ? (JSON.parse(readFileSync(fitPath, 'utf8')) as FitRecord) : undefined;
    const diagramParts = shards.map((s) => join(workDir(dir, s), DISTANCE_FILES.part));
    const matrix =
      dm && distances
        ? await distances(h.analysis, (run, blocks) => writeDistanceMatrix(dir, diagramParts, rows, dm, run, blocks))
        : undefined;
    if (matrix) files.push(...matrix.files);
    atomicJson(join(dir, FILES.batch), {
      analysis: h.analysis,
      runtimeVersion: h.runtimeVersion,
      mergedBy: RUNTIME_VERSION,
      params: h.params,
      fit,
      collections: h.collections,
      collectionHash: h.collectionHash,
      items: h.items,
      ok: tables.ok,
      failed: tables.failed,
      remaining: 0,
      complete: true,
      shards: count,
      shardWallTimeMs: shardInfos.map((s) => s.wallTimeMs ?? null),
      mergeWallTimeMs: Date.now() - started,
      format,
      featureCount: tables.featureNames.length,
      distanceMatrix: matrix && { ...matrix, files: matrix.files.map((f) => f.slice(dir.length + 1)) },
      failures: failureList(rows),
      failuresTruncated: tables.failed > 1000 ? tables.failed : undefined,
      files: files.map((f) => f.slice(dir.length + 1)),
    });
    files.push(join(dir, FILES.batch));
    return {
      exitCode: tables.failed > 0 ? 3 : 0,
      items: h.items,
      ok: tables.ok,
      failed: tables.failed,
      files,
      message:
        tables.failed > 0
          ? `${tables.failed} of ${h.items} items failed: see ${join(dir, FILES.failures)} and the error column`
          : `${h.items} items merged from ${count} shards`,
    };
  } finally {
    for (const j of journals) closeIndex(j);
  }
}
