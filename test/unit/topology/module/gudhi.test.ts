import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complexBox, ripsBifiltration } from '../../../../src/analysis/topology/module/complex';
import { createLineEngine } from '../../../../src/analysis/topology/module/line';
import { collapseEdges } from '../../../../src/analysis/topology/module/collapse';
import { boxDiagonal, lineFamily } from '../../../../src/analysis/topology/module/family';
import { approximateModule } from '../../../../src/analysis/topology/module/approximate';
import { restrictModule } from '../../../../src/analysis/topology/module/restrict';
import { bottleneckDistance } from '../../../../src/analysis/topology/diagrams/distance';

interface Case {
  name: string;
  points: number[][];
  f: number[];
  threshold: number;
  deltaFraction: number;
  lines: { c: number; h0: (number | null)[][]; h1: (number | null)[][] }[];
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/topology/module/fibered_gudhi.json'), 'utf8'),
) as { cases: Case[] };

function diagram(bars: (number | null)[][]): { births: Float64Array; deaths: Float64Array } {
  return {
    births: Float64Array.from(bars, (b) => b[0] as number),
    deaths: Float64Array.from(bars, (b) => (b[1] === null ? Infinity : b[1])),
  };
}

function sorted(d: { births: ArrayLike<number>; deaths: ArrayLike<number> }): number[][] {
  return Array.from(d.births, (b, i) => [b, d.deaths[i]]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

describe('module approximation against GUDHI fibered barcodes (scripts/fixtures/topology/module/fibered_gudhi.py)', () => {
  for (const cs of fixture.cases) {
    it(cs.name, () => {
      const dim = cs.points[0].length;
      const cloud = { n: cs.points.length, dim, coords: Float64Array.from(cs.points.flat()) };
      const k = ripsBifiltration(cloud, Float64Array.from(cs.f), cs.threshold);
      const box = complexBox(k);
      const delta = cs.deltaFraction * boxDiagonal(box);
      const family = lineFamily(box, delta);
      const engine = createLineEngine(k);
      // as the analysis does: the summands from the collapsed complex (filtration-dominated edges removed)
      const lean = createLineEngine(collapseEdges(k).complex);
      const out = approximateModule(lean, family, { degrees: [0, 1] });
      let worst = 0;
      for (const line of cs.lines) {
        for (const [deg, bars] of [line.h0, line.h1].entries()) {
          const truth = diagram(bars);
          // the line engine is exact, on the full and on the collapsed complex: same bars as GUDHI
          for (const mine of [engine(line.c), lean(line.c)]) {
            const a = sorted(mine[deg]);
            const b = sorted(truth);
            expect(a.length).toBe(b.length);
            a.forEach((p, i) => {
              expect(p[0]).toBeCloseTo(b[i][0], 12);
              if (b[i][1] === Infinity) expect(p[1]).toBe(Infinity);
              else expect(p[1]).toBeCloseTo(b[i][1], 12);
            });
          }
          // the summands restricted to the line: within delta/2 of the true fibered barcode
          worst = Math.max(worst, bottleneckDistance(restrictModule(out.summands, family, deg, line.c), truth));
        }
      }
      expect(worst).toBeLessThanOrEqual(delta / 2 + 1e-12);
    });
  }
});
