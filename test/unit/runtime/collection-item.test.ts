/** One item of a collection run on its own (the batch result panel's click): the worker reads it by id. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeJob } from '../../../src/runtime/execute';
import { localCancelSignal } from '../../../src/analysis/core/context';
import type { SummaryResult } from '../../../src/protocol';

const waves = resolve('examples/waves.tsv');

async function runItem(id: string, labelColumn?: string) {
  return executeJob(
    {
      jobId: 't',
      analysisId: 'summary',
      path: `${waves}:?`,
      params: {},
      memoryBudgetBytes: 2 ** 28,
      parallelism: 1,
      collectionItem: { collection: waves, id, labelColumn },
    },
    { signal: localCancelSignal(), progress: () => undefined },
  );
}

describe('collectionItem jobs', () => {
  it('decode the row as the batch did (label column left out) and name it in the provenance', async () => {
    const out = await runItem('waves.tsv:3');
    if (!out.ok) throw new Error(out.error.message);
    const row = readFileSync(waves, 'utf8').split('\n')[2].split('\t').slice(1).map(Number);
    const r = out.envelope.result as SummaryResult;
    const stats = r.columns[0];
    expect(stats.count).toBe(48);
    expect(stats.mean).toBeCloseTo(row.reduce((s, v) => s + v, 0) / row.length, 12);
    expect(stats.max).toBe(Math.max(...row));
    expect(out.envelope.provenance.selection).toBe(`${waves}:3`);
  });

  it('with --label-column none the label is data too', async () => {
    const out = await runItem('waves.tsv:3', 'none');
    if (!out.ok) throw new Error(out.error.message);
    expect((out.envelope.result as SummaryResult).columns[0].count).toBe(49);
  });

  it('an item that is no longer in the collection fails with a message naming it', async () => {
    const out = await runItem('waves.tsv:99');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/no item "waves.tsv:99"/);
  });
});
