import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeRips, type DistanceSource } from '../../../../src/analysis/topology/rips/engine';
import { multisetMismatch, pairsOf, type Pair } from './diagrams';

const FIX = join(__dirname, '../../../fixtures/topology/rips');

interface Fixture {
  name: string;
  kind: 'points' | 'matrix' | 'lower';
  points?: number[][];
  matrix?: number[][];
  lower?: number[];
  maxDim: number;
  threshold: number | null;
  modulus: number;
  /** Function-Rips fixtures: vertex i enters at vertexValues[i]. */
  vertexValues?: number[];
  pairs: [number, number, number | null][];
}

function sourceOf(f: Fixture): DistanceSource {
  if (f.kind === 'points') {
    const pts = f.points!;
    const dim = pts[0].length;
    const columns = Array.from({ length: dim }, (_, c) => Float64Array.from(pts, (p) => p[c]));
    return { kind: 'points', columns };
  }
  if (f.kind === 'matrix') {
    const n = f.matrix!.length;
    return { kind: 'matrix', n, data: Float64Array.from(f.matrix!.flat()) };
  }
  return { kind: 'lower', data: Float64Array.from(f.lower!) };
}

const fixtures = readdirSync(FIX)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(FIX, f), 'utf8')) as Fixture);

describe('Vietoris-Rips persistence equals GUDHI 3.7.1 (bars to 1e-9, as multisets per degree)', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(25));
  it('the RP^2 fixtures differ between Z/2 and Z/3 (so they test the coefficient field)', () => {
    const long = (name: string): string =>
      JSON.stringify(
        fixtures.find((f) => f.name === name)!.pairs.filter((p) => p[0] >= 1 && (p[2] === null || p[2] - p[1] > 0.2)),
      );
    expect(long('rp2_veronese_60_mod2')).not.toBe(long('rp2_veronese_60_mod3'));
    // Over Z/2 an H2 class lives (RP^2 has H2(RP^2; Z/2) = Z/2); over Z/3 it does not.
    expect(long('rp2_veronese_60_mod2')).toMatch(/\[2,/);
    expect(long('rp2_veronese_60_mod3')).not.toMatch(/\[2,/);
  });
  for (const f of fixtures) {
    it(`${f.name} (${f.kind}, maxDim ${f.maxDim}, threshold ${f.threshold ?? 'none'}, Z/${f.modulus})`, () => {
      const res = computeRips(sourceOf(f), {
        maxDim: f.maxDim,
        threshold: f.threshold ?? undefined,
        modulus: f.modulus,
        vertexValues: f.vertexValues ? Float64Array.from(f.vertexValues) : undefined,
      });
      expect(res.diagrams.map((d) => d.dim)).toEqual(Array.from({ length: f.maxDim + 1 }, (_, i) => i));
      for (let dim = 0; dim <= f.maxDim; dim++) {
        const theirs: Pair[] = f.pairs.filter((p) => p[0] === dim).map((p) => [p[1], p[2] === null ? Infinity : p[2]]);
        const ours = pairsOf(res.diagrams[dim]);
        const mismatch = multisetMismatch(ours, theirs, 1e-9);
        expect(mismatch, `degree ${dim}`).toBeUndefined();
      }
    });
  }
});
