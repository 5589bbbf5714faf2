import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bottleneckDistance,
  wassersteinDistance,
  type Diagram,
} from '../../../../src/analysis/topology/diagrams/distance';
import { DynLensError } from '../../../../src/analysis/core/errors';
import { linearSumAssignment } from '../../../../src/analysis/topology/diagrams/assignment';

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

describe('the structured assignment equals a dense optimal assignment of the full augmented matrix', () => {
  let s = 99;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const randomDiagram = (k: number, scale: number): Diagram => {
    const births = Array.from({ length: k }, () => Math.round(rand() * 20) / 10);
    return { births, deaths: births.map((b) => b + Math.round(rand() * 10 * scale) / 10) };
  };
  function denseWasserstein(a: Diagram, b: Diagram, p: number): number {
    const n = a.births.length;
    const m = b.births.length;
    const N = n + m;
    const c = new Float64Array(N * N).fill(Infinity);
    const h = (d: Diagram, i: number): number => Math.pow((d.deaths[i] - d.births[i]) / 2, p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++)
        c[i * N + j] = Math.pow(Math.max(Math.abs(a.births[i] - b.births[j]), Math.abs(a.deaths[i] - b.deaths[j])), p);
      c[i * N + m + i] = h(a, i);
    }
    for (let j = 0; j < m; j++) {
      c[(n + j) * N + j] = h(b, j);
      for (let k = 0; k < n; k++) c[(n + j) * N + m + k] = 0;
    }
    const col = linearSumAssignment(c, N);
    let t = 0;
    for (let r = 0; r < N; r++) t += c[r * N + col[r]];
    return Math.pow(t, 1 / p);
  }
  for (let trial = 0; trial < 40; trial++) {
    const p = [1, 2, 3.5][trial % 3];
    it(`trial ${trial}, p = ${p}`, () => {
      // Coordinates on a 0.1 grid: many ties and zero-length (diagonal) points.
      const a = randomDiagram(1 + Math.floor(rand() * 25), trial % 2 ? 0.3 : 1);
      const b = randomDiagram(1 + Math.floor(rand() * 25), 1);
      const want = denseWasserstein(a, b, p);
      expect(Math.abs(wassersteinDistance(a, b, p) - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
    });
  }
});
