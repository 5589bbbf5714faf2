import { describe, expect, it } from 'vitest';
import { columnStats } from '../../../src/analysis/data/columnStats';
import { parseDelimited } from '../../../src/analysis/data/delimited';
import { summaryJson } from '../../../src/analysis/data/summary';
import type { SummaryResult } from '../../../src/protocol';

describe('column statistics distinguish missing, NaN and infinities', () => {
  it('counts each kind and follows IEEE for the mean', () => {
    const s = columnStats('x', Float64Array.from([1, NaN, Infinity, 2, NaN]), 1);
    expect(s).toMatchObject({ count: 3, nanCount: 2, missingCount: 1, posInfCount: 1, negInfCount: 0, finiteCount: 2 });
    expect(s.mean).toBe(Infinity);
    expect(Number.isNaN(s.std)).toBe(true);
    const both = columnStats('y', Float64Array.from([Infinity, -Infinity, 1]));
    expect(Number.isNaN(both.mean)).toBe(true);
  });

  it('does not overflow on values near the largest double', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => 1.5e308 - i * 1e300);
    const s = columnStats('big', x);
    const exactMean = 1.5e308 - 49.5e300;
    expect(Math.abs(s.mean - exactMean) / exactMean).toBeLessThan(1e-12);
    expect(Number.isFinite(s.std)).toBe(true);
    expect(s.std / 1e300).toBeCloseTo(29.011, 2);
  });

  it('reports a standard deviation beyond the largest double as overflow', () => {
    const s = columnStats('w', Float64Array.from([-1.7e308, 1.7e308, -1.7e308, 1.7e308]));
    expect(s.mean).toBe(0);
    expect(s.std).toBe(Infinity);
    expect(s.overflow).toBe(true);
  });

  it('counts missing cells from a CSV apart from NaN written in it, and the JSON can say Infinity', () => {
    const text = 'a,b\n1,nan\n,2\ninf,3\n';
    const ds = parseDelimited('t.csv', new TextEncoder().encode(text));
    expect(ds.missing).toEqual([1, 0]);
    const a = columnStats('a', ds.data[0], ds.missing![0]);
    expect(a).toMatchObject({ missingCount: 1, nanCount: 1, posInfCount: 1 });
    const b = columnStats('b', ds.data[1], ds.missing![1]);
    expect(b).toMatchObject({ missingCount: 0, nanCount: 1 });
    const doc = summaryJson({ columns: [a, b] } as unknown as SummaryResult) as { columns: { mean: unknown }[] };
    expect(doc.columns[0].mean).toBe('Infinity');
    expect(doc.columns[1].mean).toBe(2.5);
  });
});
