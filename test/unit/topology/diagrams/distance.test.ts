import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bottleneckDistance,
  wassersteinDistance,
  type Diagram,
} from '../../../../src/analysis/topology/diagrams/distance';
import { DynLensError } from '../../../../src/analysis/core/errors';

interface Case {
  name: string;
  a: [number, number | null][];
  b: [number, number | null][];
  bottleneck: number | null;
  wasserstein: Record<string, number | null>;
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/topology/diagrams/distances.json'), 'utf8'),
) as { cases: Case[] };

function diagram(pairs: [number, number | null][]): Diagram {
  return { births: pairs.map((q) => q[0]), deaths: pairs.map((q) => q[1] ?? Infinity) };
}

function close(actual: number, expected: number | null): void {
  if (expected === null) expect(actual).toBe(Infinity);
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('diagram distances against GUDHI (bottleneck_distance e=0, hera.wasserstein_distance)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const a = diagram(c.a);
      const b = diagram(c.b);
      close(bottleneckDistance(a, b), c.bottleneck);
      close(bottleneckDistance(b, a), c.bottleneck);
      for (const [p, w] of Object.entries(c.wasserstein)) {
        close(wassersteinDistance(a, b, Number(p)), w);
        close(wassersteinDistance(b, a, Number(p)), w);
      }
    });
  }
});

describe('diagram distances by hand', () => {
  it('one point against the empty diagram costs half its persistence', () => {
    const a = { births: [1], deaths: [3] };
    const e = { births: [], deaths: [] };
    expect(bottleneckDistance(a, e)).toBe(1);
    expect(wassersteinDistance(a, e, 2)).toBe(1);
  });
  it('two points: moving is cheaper than going through the diagonal', () => {
    const a = { births: [0], deaths: [4] };
    const b = { births: [0.5], deaths: [4.25] };
    expect(bottleneckDistance(a, b)).toBe(0.5);
    expect(wassersteinDistance(a, b, 1)).toBe(0.5);
  });
  it('points born at -infinity form their own class, matched by death', () => {
    const a = { births: [-Infinity, -Infinity], deaths: [1, 5] };
    const b = { births: [-Infinity, -Infinity], deaths: [4, 2] };
    expect(bottleneckDistance(a, b)).toBe(1);
    expect(wassersteinDistance(a, b, 1)).toBe(2);
    expect(bottleneckDistance(a, { births: [-Infinity], deaths: [1] })).toBe(Infinity);
  });
  it('rejects a death before its birth, NaN and an order below 1', () => {
    expect(() => bottleneckDistance({ births: [2], deaths: [1] }, { births: [], deaths: [] })).toThrow(DynLensError);
    expect(() => bottleneckDistance({ births: [NaN], deaths: [1] }, { births: [], deaths: [] })).toThrow(DynLensError);
    expect(() => wassersteinDistance({ births: [0], deaths: [1] }, { births: [], deaths: [] }, 0.5)).toThrow(
      /order must be/,
    );
  });
});
