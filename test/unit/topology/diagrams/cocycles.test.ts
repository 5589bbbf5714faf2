import { describe, expect, it } from 'vitest';
import { persistenceAnalysis } from '../../../../src/analysis/topology/rips/analysis';
import { resolveParams } from '../../../../src/analysis/core/params';
import type { PersistenceCocycle, PersistenceResult } from '../../../../src/protocol/results/persistence';
import { tableOfRows, testContext } from '../../../support';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Two noisy circles side by side (several H1 bars, small ones from the noise); no tied distances. */
function twoCircles(n: number, seed: number): number[][] {
  const r = lcg(seed);
  return Array.from({ length: n }, (_, k) => {
    const t = 2 * Math.PI * r();
    const [cx, rad] = k % 2 ? [0, 1] : [3, 0.7];
    return [cx + rad * Math.cos(t) + 0.2 * (r() - 0.5), rad * Math.sin(t) + 0.2 * (r() - 0.5)];
  });
}

/** The engine's Euclidean distance, operation for operation (ties and the death triangle compare exactly). */
const dist = (p: number[], q: number[]): number => {
  const [s, t] = [p[0] - q[0], p[1] - q[1]];
  return Math.sqrt(s * s + t * t);
};
const mod = (x: number, p: number): number => ((x % p) + p) % p;

async function run(pts: number[][], modulus: number, extra: Record<string, unknown> = {}): Promise<PersistenceResult> {
  const p = resolveParams(persistenceAnalysis.params, { cocycles: true, modulus, ...extra });
  return (await persistenceAnalysis.run(tableOfRows(pts), p, testContext())) as PersistenceResult;
}

function checkCocycles(pts: number[][], r: PersistenceResult, p: number, rows?: number[]): number {
  const h1 = r.diagrams[1];
  const cocycles = r.cocycles!;
  expect(cocycles.length).toBe(h1.births.length);
  const idx = rows ?? pts.map((_, i) => i);
  let checked = 0;
  cocycles.forEach((z, k) => {
    expect(z.dim).toBe(1);
    expect(z.pair).toEqual([h1.births[k], h1.deaths[k]]);
    const val = new Map<string, number>();
    for (const [i, j, c] of z.edges) {
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThan(p);
      val.set(`${i},${j}`, c);
      val.set(`${j},${i}`, p - c);
    }
    const at = (i: number, j: number): number => val.get(`${i},${j}`) ?? 0;
    const [birth, death] = z.pair;
    // Cocycle: the coboundary vanishes on every triangle that enters before the death.
    for (let x = 0; x < idx.length; x++)
      for (let y = x + 1; y < idx.length; y++)
        for (let w = y + 1; w < idx.length; w++) {
          const [a, b, c] = [idx[x], idx[y], idx[w]];
          const diam = Math.max(dist(pts[a], pts[b]), dist(pts[a], pts[c]), dist(pts[b], pts[c]));
          if (diam < death && diam <= r.thresholdUsed) expect(mod(at(b, c) - at(a, c) + at(a, b), p)).toBe(0);
        }
    // A cycle born at the birth: the birth edge, then a path back through strictly shorter edges (breadth first).
    const sigma = z.edges.find(([i, j]) => dist(pts[i], pts[j]) === birth);
    expect(sigma).toBeDefined();
    const [s, t] = sigma!;
    const prev = new Map<number, number>([[t, -1]]);
    const queue = [t];
    while (queue.length && !prev.has(s)) {
      const u = queue.shift()!;
      for (const v of idx)
        if (!prev.has(v) && v !== u && dist(pts[u], pts[v]) < birth) {
          prev.set(v, u);
          queue.push(v);
        }
    }
    expect(prev.has(s)).toBe(true);
    // Cycle s -> t -> ... -> s; walk the path back from s to t and evaluate the cochain on each oriented edge.
    let value = at(s, t);
    for (let v = s; v !== t; v = prev.get(v)!) value += at(prev.get(v)!, v);
    expect(mod(value, p)).not.toBe(0);
    checkCycle(z, at, (i, j) => dist(pts[i], pts[j]), p);
    checked++;
  });
  return checked;
}

/**
 * The returned representative cycle: a simple closed loop in the complex at the birth (every edge no longer than
 * the birth) closed by the birth edge, on which the cocycle is non-zero mod p.
 */
function checkCycle(
  z: PersistenceCocycle,
  at: (i: number, j: number) => number,
  len: (i: number, j: number) => number,
  p: number,
): void {
  const loop = z.cycle;
  if (!loop) return;
  expect(loop.length).toBeGreaterThanOrEqual(3);
  expect(new Set(loop).size).toBe(loop.length);
  const birth = z.pair[0];
  let value = 0;
  for (let k = 0; k < loop.length; k++) {
    const [u, v] = [loop[k], loop[(k + 1) % loop.length]];
    expect(len(u, v)).toBeLessThanOrEqual(birth);
    value += at(u, v);
  }
  expect(len(loop[loop.length - 1], loop[0])).toBe(birth);
  expect(mod(value, p)).not.toBe(0);
}

describe('persistence --cocycles', () => {
  for (const p of [2, 3, 5]) {
    it(`every H1 bar gets a cocycle that is non-zero on a cycle born at its birth (Z/${p})`, async () => {
      const pts = twoCircles(36, 17 + p);
      const r = await run(pts, p);
      expect(checkCocycles(pts, r, p)).toBeGreaterThanOrEqual(2);
      // Every bar here is among the longest 64, so each gets a cycle.
      expect(r.cocycles!.every((z) => z.cycle !== undefined)).toBe(true);
      const json = persistenceAnalysis.toJson!(r) as { cocycles: { pair: (number | null)[]; edges: number[][] }[] };
      expect(json.cocycles.length).toBe(r.cocycles!.length);
      expect(json.cocycles[0].edges[0].length).toBe(3);
    });
  }

  it('essential H1 classes under a threshold get cocycles too (death null in JSON)', async () => {
    const pts = twoCircles(30, 4);
    // Cut inside the longest H1 bar: that class is alive at the threshold, so it is reported as infinite.
    const full = await run(pts, 3);
    const h1 = full.diagrams[1];
    let best = 0;
    for (let k = 1; k < h1.births.length; k++)
      if (h1.deaths[k] - h1.births[k] > h1.deaths[best] - h1.births[best]) best = k;
    const r = await run(pts, 3, { threshold: (h1.births[best] + h1.deaths[best]) / 2 });
    const inf = r.cocycles!.filter((z) => z.pair[1] === Infinity);
    expect(inf.length).toBeGreaterThan(0);
    checkCocycles(pts, r, 3);
    const json = persistenceAnalysis.toJson!(r) as { cocycles: { pair: (number | null)[] }[] };
    expect(json.cocycles.some((z) => z.pair[1] === null)).toBe(true);
  });

  it('with landmarks, edges use the input rows of the landmarks', async () => {
    const pts = twoCircles(60, 9);
    const r = await run(pts, 2, { landmarks: 30 });
    checkCocycles(pts, r, 2, r.landmarks!.indices);
    const rows = new Set(r.landmarks!.indices);
    for (const z of r.cocycles!) for (const [i, j] of z.edges) expect(rows.has(i) && rows.has(j)).toBe(true);
  });

  it('absent unless asked', async () => {
    const p = resolveParams(persistenceAnalysis.params, {});
    const r = (await persistenceAnalysis.run(tableOfRows(twoCircles(20, 1)), p, testContext())) as PersistenceResult;
    expect(r.cocycles).toBeUndefined();
  });
});
