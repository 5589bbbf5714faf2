/**
 * The finished sweep as the view draws it (SweepResult), read back from the batch journal(s) of its folder: the
 * unsharded DIR/journal.jsonl, or every DIR/shards/I-of-N/journal.jsonl of a sharded or Slurm run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepMeasure, SweepResult } from '../../protocol/results/sweep';
import { ATTRACTOR_CODES } from '../../analysis/stability/sweep/measure';
import type { ParamGrid } from '../../analysis/stability/sweep/grid';
import { FILES, parseShardDir, workDir } from '../../runtime/batch/layout';
import { closeJournal, readValues, scanJournal, type ScannedJournal } from '../../runtime/batch/scan';

function journalsOf(out: string): ScannedJournal[] {
  const paths: string[] = [];
  if (existsSync(join(out, FILES.journal))) paths.push(join(out, FILES.journal));
  const shardRoot = join(out, 'shards');
  if (existsSync(shardRoot))
    for (const name of readdirSync(shardRoot)) {
      const s = parseShardDir(name);
      if (s) paths.push(join(workDir(out, s), FILES.journal));
    }
  return paths.filter(existsSync).map((p) => scanJournal(p));
}

export function sweepResultFrom(
  out: string,
  model: string,
  system: 'flow' | 'map',
  measure: SweepMeasure,
  grid: ParamGrid,
  settings: Record<string, unknown>,
): SweepResult {
  const journals = journalsOf(out);
  try {
    let names: string[] = [];
    for (const j of journals)
      for (const it of j.items.values()) if (it.status === 'ok' && it.names && names.length === 0) names = it.names;
    const columns = names.map(() => new Array<number>(grid.size).fill(NaN));
    const attractor = new Array<string>(grid.size).fill('');
    const failures: SweepResult['failures'] = [];
    const code = names.indexOf('attractor_code');
    const seen = new Set<number>();
    for (const j of journals)
      for (const it of j.items.values()) {
        if (it.index >= grid.size || seen.has(it.index)) continue;
        seen.add(it.index);
        if (it.status === 'failed') {
          failures.push({ item: it.index, error: it.error ?? 'failed' });
          continue;
        }
        const values = readValues(it);
        (it.names ?? []).forEach((n, k) => {
          const c = names.indexOf(n);
          if (c >= 0) columns[c][it.index] = values[k];
        });
        if (code >= 0) attractor[it.index] = ATTRACTOR_CODES[columns[code][it.index]] ?? '';
      }
    failures.sort((a, b) => a.item - b.item);
    return {
      model,
      system,
      measure,
      axes: grid.axes.map((a) => ({ name: a.name, values: a.values })),
      names,
      columns,
      attractor,
      failures,
      settings,
    };
  } finally {
    for (const j of journals) closeJournal(j);
  }
}
