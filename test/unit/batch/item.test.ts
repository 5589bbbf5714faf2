/** The worker's side of a batch item: a feature-name list crosses to the host once per session, then its digest. */
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../src/analysis/core/params';
import { getAnalysis } from '../../../src/analysis/registry';
import type { JobOutcome, ResultEnvelope } from '../../../src/protocol';
import { batchItemOutcome, type BatchItemResult } from '../../../src/runtime/batch/item';
import { tableOfRows, testContext } from '../../support';

async function summaryOutcome(points: number[][]): Promise<JobOutcome> {
  const analysis = getAnalysis('summary');
  const params = resolveParams(analysis.params, {});
  const result = await analysis.run(tableOfRows(points), params, testContext());
  const envelope = { analysisId: 'summary', provenance: { params, path: 'test.csv' }, result };
  return { ok: true, envelope: envelope as unknown as ResultEnvelope };
}

const features = (o: JobOutcome<BatchItemResult>): BatchItemResult => {
  if (!o.ok) throw new Error(o.error.message);
  return o.envelope.result;
};

describe('batch item outcome', () => {
  it('sends the names with the first item of a session and only their digest after', async () => {
    const a = await summaryOutcome([
      [1, 2],
      [3, 5],
      [4, 4],
    ]);
    const b = await summaryOutcome([
      [0, 1],
      [2, 2],
    ]);
    const first = features(batchItemOutcome(a, false, 'session-1'));
    const second = features(batchItemOutcome(b, false, 'session-1'));
    expect(first.features.names).toContain('x0_mean');
    expect(first.features.names.length).toBe(first.features.values.length);
    expect(second.features.names).toEqual([]);
    expect(second.namesId).toBe(first.namesId);
    expect(second.features.values[0]).toBe(1); // x0_mean of the second table
    const other = features(batchItemOutcome(b, false, 'session-2'));
    expect(other.features.names).toEqual(first.features.names); // a new session gets the list again
    const plain = features(batchItemOutcome(b, false));
    expect(plain.namesId).toBeUndefined();
    expect(plain.features.names).toEqual(first.features.names);
  });
});
