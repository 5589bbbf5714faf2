import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ripsPersistence, type PersistenceDiagram } from '../../../../src/analysis/topology/rips/engine';
import { bottleneck, multisetMismatch, pairsOf } from './diagrams';

type Cloud = number[][];

// Coordinates below 1e-100 are flushed to 0: squared, they underflow, and sqrt(sum of squares) (our and GUDHI's
// distance) then differs from Math.hypot.
const coordArb = fc.double({ min: -1, max: 1, noNaN: true }).map((x) => (Math.abs(x) < 1e-100 ? 0 : x));
const cloudArb = (minN: number, maxN: number, dim: number): fc.Arbitrary<Cloud> =>
  fc.array(fc.array(coordArb, { minLength: dim, maxLength: dim }), { minLength: minN, maxLength: maxN });
/** Points on a coarse integer grid: many equal distances and duplicate points (ties everywhere). */
const gridCloudArb = (minN: number, maxN: number, dim: number): fc.Arbitrary<Cloud> =>
  fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: dim, maxLength: dim }), {
    minLength: minN,
    maxLength: maxN,
  });

function diagrams(c: Cloud, maxDim: number, threshold?: number): PersistenceDiagram[] {
  const dim = c[0].length;
  const columns = Array.from({ length: dim }, (_, k) => Float64Array.from(c, (p) => p[k]));
  return ripsPersistence({ kind: 'points', columns }, { maxDim, threshold });
}

function rotate3(c: Cloud, a: number, b: number): Cloud {
  // Rotation about z by a, then about x by b.
  const [ca, sa, cb, sb] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
  return c.map(([x, y, z]) => {
    const x1 = ca * x - sa * y;
    const y1 = sa * x + ca * y;
    return [x1, cb * y1 - sb * z, sb * y1 + cb * z];
  });
}

// Rotations and translations change distances by rounding (~1e-16 relative); bars move by at most that much, but
// near-ties may pair differently, so compare by bottleneck distance, which is what stability controls.
const TOL = 1e-9;

describe('Rips persistence properties (fast-check)', () => {
  it('invariant under point permutation (exactly the same bars)', () => {
    fc.assert(
      fc.property(fc.oneof(cloudArb(3, 14, 3), gridCloudArb(3, 14, 3)), fc.integer(), (c, seed) => {
        const perm = c.map((_, i) => i);
        let s = seed >>> 0;
        for (let i = perm.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        const a = diagrams(c, 2);
        const b = diagrams(
          perm.map((i) => c[i]),
          2,
        );
        for (let d = 0; d <= 2; d++) expect(multisetMismatch(pairsOf(a[d]), pairsOf(b[d]), 0)).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('invariant under rotation and translation (bottleneck <= 1e-9)', () => {
    fc.assert(
      fc.property(
        cloudArb(3, 14, 3),
        fc.double({ min: 0, max: 6.28, noNaN: true }),
        fc.double({ min: 0, max: 6.28, noNaN: true }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (c, a, b, t) => {
          const moved = rotate3(c, a, b).map((p) => p.map((x, k) => x + t[k]));
          const d1 = diagrams(c, 2);
          const d2 = diagrams(moved, 2);
          for (let d = 0; d <= 2; d++) expect(bottleneck(pairsOf(d1[d]), pairsOf(d2[d]))).toBeLessThanOrEqual(TOL);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stability: bottleneck(D(X), D(X+e)) <= 2 max|e| (diameter convention; Chazal, de Silva, Oudot 2014)', () => {
    fc.assert(
      fc.property(cloudArb(4, 14, 2), fc.double({ min: 1e-4, max: 0.1, noNaN: true }), fc.integer(), (c, eps, seed) => {
        let s = seed >>> 0;
        const rnd = (): number => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return s / 4294967296 - 0.5;
        };
        // Each point moves by at most eps (Euclidean): every distance changes by at most 2 eps.
        const moved = c.map((p) => {
          const v = [rnd(), rnd()];
          const len = Math.hypot(v[0], v[1]) || 1;
          return [p[0] + (eps * v[0]) / len, p[1] + (eps * v[1]) / len];
        });
        // A common finite threshold would break stability at its edge; use the full complex (enclosing radius).
        const d1 = diagrams(c, 1);
        const d2 = diagrams(moved, 1);
        for (let d = 0; d <= 1; d++)
          expect(bottleneck(pairsOf(d1[d]), pairsOf(d2[d]))).toBeLessThanOrEqual(2 * eps + 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('row-major points give the same diagrams as column-major points', () => {
    fc.assert(
      fc.property(cloudArb(2, 12, 3), (c) => {
        const a = diagrams(c, 2);
        const b = ripsPersistence({ kind: 'points-rows', data: Float64Array.from(c.flat()), dim: 3 }, { maxDim: 2 });
        for (let d = 0; d <= 2; d++) expect(multisetMismatch(pairsOf(a[d]), pairsOf(b[d]), 0)).toBeUndefined();
      }),
      { numRuns: 30 },
    );
  });

  it('a vertex subset gives the diagram of the sub-cloud', () => {
    fc.assert(
      fc.property(cloudArb(4, 16, 3), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), (c, mask) => {
        const subset = c.map((_, i) => i).filter((i) => mask[i]);
        if (subset.length < 2) return;
        const columns = [0, 1, 2].map((k) => Float64Array.from(c, (p) => p[k]));
        const a = ripsPersistence({ kind: 'points', columns }, { maxDim: 2, subset });
        const b = diagrams(
          subset.map((i) => c[i]),
          2,
        );
        for (let d = 0; d <= 2; d++) expect(multisetMismatch(pairsOf(a[d]), pairsOf(b[d]), 0)).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  it('the threshold truncates: bars of the full diagram born at or below T, deaths above T become infinite', () => {
    fc.assert(
      fc.property(cloudArb(4, 14, 2), fc.double({ min: 0.05, max: 1.5, noNaN: true }), (c, T) => {
        const full = diagrams(c, 1);
        const cut = diagrams(c, 1, T);
        for (let d = 0; d <= 1; d++) {
          const expected = pairsOf(full[d])
            .filter((p) => p[0] <= T)
            .map((p): [number, number] => [p[0], p[1] > T ? Infinity : p[1]])
            .filter((p) => p[1] > p[0]);
          expect(multisetMismatch(pairsOf(cut[d]), expected, 0)).toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('bars alive at r count the Betti numbers of the Rips complex at r (independent GF(2) rank computation)', () => {
    fc.assert(
      fc.property(
        fc.oneof(cloudArb(3, 9, 3), gridCloudArb(3, 9, 3)),
        fc.oneof(fc.double({ min: 0, max: 2.5, noNaN: true }), fc.constantFrom(0, 1, Math.SQRT2, Math.sqrt(3), 2)),
        (c, r) => {
          const res = ripsPersistence(
            { kind: 'points', columns: [0, 1, 2].map((k) => Float64Array.from(c, (p) => p[k])) },
            { maxDim: 2 },
          );
          const betti = bettiAt(c, r, 2);
          for (let d = 0; d <= 2; d++) {
            let alive = 0;
            for (let i = 0; i < res[d].births.length; i++) if (res[d].births[i] <= r && res[d].deaths[i] > r) alive++;
            expect(alive, `b${d} at r = ${r}`).toBe(betti[d]);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

/** Betti numbers b_0..b_maxDim over GF(2) of the Rips complex at scale r, by ranks of boundary matrices. */
function bettiAt(c: Cloud, r: number, maxDim: number): number[] {
  const n = c.length;
  const dist = (i: number, j: number): number => Math.hypot(...c[i].map((x, k) => x - c[j][k]));
  const byDim: number[][][] = Array.from({ length: maxDim + 2 }, () => []);
  const rec = (start: number, chosen: number[]): void => {
    for (let v = start; v < n; v++) {
      if (chosen.some((u) => dist(u, v) > r)) continue;
      const next = [...chosen, v];
      byDim[next.length - 1].push(next);
      if (next.length < maxDim + 2) rec(v + 1, next);
    }
  };
  rec(0, []);
  const rank = (k: number): number => {
    // Boundary from k-simplices to (k-1)-simplices, rows as bitsets (arrays of 0/1), Gaussian elimination.
    if (k === 0 || byDim[k].length === 0) return 0;
    const faces = new Map(byDim[k - 1].map((f, i) => [f.join(','), i]));
    const rows = byDim[k].map((s) => {
      const row = new Uint8Array(byDim[k - 1].length);
      for (let drop = 0; drop < s.length; drop++) row[faces.get(s.filter((_, i) => i !== drop).join(','))!] = 1;
      return row;
    });
    let rk = 0;
    const m = byDim[k - 1].length;
    for (let col = 0; col < m && rk < rows.length; col++) {
      const piv = rows.findIndex((row, i) => i >= rk && row[col] === 1);
      if (piv < 0) continue;
      [rows[rk], rows[piv]] = [rows[piv], rows[rk]];
      for (let i = 0; i < rows.length; i++)
        if (i !== rk && rows[i][col]) for (let t = 0; t < m; t++) rows[i][t] ^= rows[rk][t];
      rk++;
    }
    return rk;
  };
  const out: number[] = [];
  for (let d = 0; d <= maxDim; d++) out.push(byDim[d].length - rank(d) - rank(d + 1));
  return out;
}
