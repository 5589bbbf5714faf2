import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynLensError } from '../../../src/analysis/core/errors';
import type { AnalysisInput } from '../../../src/analysis/core/input';
import { resolveParams } from '../../../src/analysis/core/params';
import { dataAnalyses } from '../../../src/analysis/data/analyses';
import type { SummaryResult } from '../../../src/protocol/results/summary';
import { testContext } from './context';

const summary = dataAnalyses[0];

/** Columns of awkward values: NaN, infinities, constants, tiny and huge magnitudes, 1 to 300 rows. */
const dataset = fc.integer({ min: 1, max: 300 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    columns: fc.array(
      fc.oneof(
        fc.array(fc.double(), { minLength: rows, maxLength: rows }),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => Array.from({ length: rows }, () => v)),
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), {
          minLength: rows,
          maxLength: rows,
        }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    withTime: fc.boolean(),
    maxLag: fc.integer({ min: 1, max: 400 }),
    maxPoints: fc.integer({ min: 10, max: 500 }),
    embedDim: fc.constantFrom(2, 3),
  }),
);

describe('summary on arbitrary data (fast-check)', () => {
  it('returns a consistent result or a DynLensError, never anything else', async () => {
    let ok = 0;
    const errors: string[] = [];
    await fc.assert(
      fc.asyncProperty(dataset, async ({ rows, columns, withTime, maxLag, maxPoints, embedDim }) => {
        const names = columns.map((_, j) => `c${j}`);
        const data = columns.map((c) => Float64Array.from(c));
        if (withTime) {
          names.unshift('t');
          data.unshift(Float64Array.from({ length: rows }, (_, i) => i * 0.25));
        }
        const input: AnalysisInput = {
          kind: 'table',
          path: 'p.csv',
          dataset: { source: 'p.csv', columns: names, data, rows, notes: [] },
        };
        let r: SummaryResult;
        try {
          r = (await summary.run(
            input,
            resolveParams(summary.params, { maxLag, maxPoints, embedDim }),
            testContext(),
          )) as SummaryResult;
        } catch (e) {
          if (!(e instanceof DynLensError)) throw e;
          errors.push(e.message);
          return;
        }
        ok++;
        const k = columns.length;
        expect(r.rows).toBe(rows);
        expect(r.columns).toHaveLength(k);
        expect(r.series.values).toHaveLength(k);
        expect(r.series.t.length).toBeLessThanOrEqual(Math.max(maxPoints, rows <= maxPoints ? rows : 0));
        for (const v of r.series.values) expect(v.length).toBe(r.series.t.length);
        expect(r.acf.values).toHaveLength(k);
        for (const v of r.acf.values) expect(v.length).toBe(Math.min(maxLag, rows - 1) + 1);
        expect(r.psd.values).toHaveLength(k);
        for (const v of r.psd.values) expect(v.length).toBe(r.psd.frequency.length);
        expect(r.embedding.points).toHaveLength(embedDim);
        expect(r.embedding.points[0].length).toBeLessThanOrEqual(maxPoints);
        expect(r.time.axis).toBe(withTime && rows > 1 ? 'physical' : 'sample');
        for (const c of r.columns) {
          expect(c.count + c.nanCount).toBe(rows);
          if (c.count > 0 && Number.isFinite(c.min) && Number.isFinite(c.max)) {
            expect(c.min).toBeLessThanOrEqual(c.max);
            if (Number.isFinite(c.mean)) {
              // Rounding may put the mean a hair outside [min, max] only in the last bits.
              expect(c.mean).toBeGreaterThanOrEqual(c.min - 1e-9 * Math.abs(c.min));
              expect(c.mean).toBeLessThanOrEqual(c.max + 1e-9 * Math.abs(c.max));
            }
          }
        }
      }),
      { numRuns: 200, timeout: 5000 },
    );
    // The generator makes valid tables: a refusal would be a bug unless it names a real problem.
    expect(errors).toEqual([]);
    expect(ok).toBeGreaterThan(0);
  });
});
