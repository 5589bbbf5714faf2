import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEdgeList } from '../../../../src/analysis/data/graph/edgelist';
import { resolveParams } from '../../../../src/analysis/core/params';
import { moduleAnalyses, type ModuleParams } from '../../../../src/analysis/topology/module/analysis';
import { lowerStarCliqueComplex } from '../../../../src/analysis/topology/graph/complex';
import { evaluateNodeFunction, parseGraphFunction } from '../../../../src/analysis/topology/graph/functions';
import { filteredPersistence } from '../../../../src/analysis/topology/graph/reduce';
import { bottleneckDistance } from '../../../../src/analysis/topology/diagrams/distance';
import type { ModuleResult } from '../../../../src/protocol';
import { testContext } from '../../../support';

const DIR = join(__dirname, '../../../fixtures/topology/graph');
const file = join(DIR, 'karate.csv');
const g = parseEdgeList(file, readFileSync(file, 'utf8'));
const entry = moduleAnalyses[0];

async function run(raw: Record<string, unknown>): Promise<ModuleResult> {
  const p = resolveParams(entry.params, raw) as ModuleParams;
  return (await entry.run({ kind: 'graph', path: 'karate.csv', graph: g }, p, testContext())) as ModuleResult;
}

/**
 * Along the slope-1 line x - y = c (parameter s = (x + y)/2) a simplex of grade (max f, max g) enters at
 * max(max f - c/2, max g + c/2): the lower-star filtration of h = max(f - c/2, g + c/2), computed here by the
 * graph code's own 1-parameter reduction, independently of the module's line engine.
 */
function lineBarcode(c: number, degree: number): { births: Float64Array; deaths: Float64Array } {
  const f = evaluateNodeFunction(g, parseGraphFunction('degree'));
  const k = evaluateNodeFunction(g, parseGraphFunction('closeness'));
  const h = Float64Array.from(f.node, (x, v) => Math.max(x - c / 2, k.node[v] + c / 2));
  const cx = lowerStarCliqueComplex(g, [{ label: 'h', node: h, notes: [] }], 2, 1e7);
  const d = filteredPersistence(cx, 0, 2, 2).find((x) => x.dim === degree)!;
  return { births: d.births, deaths: d.deaths };
}

describe('module of a graph (lower-star bifiltration of two node functions)', () => {
  it('karate, degree x closeness: the summands restrict to the true barcode of lines in and between the family', async () => {
    const base = { graphFunction: 'degree,closeness', scale: 'raw', precision: 0.5 };
    const r = await run(base);
    expect(r.points).toBe(34);
    expect(r.graph).toBeDefined();
    expect(r.summands.length).toBeGreaterThan(0);
    const fam = r.family;
    const cases = [fam.c0 + 3 * fam.step, fam.c0 + 7.37 * fam.step];
    for (const c of cases) {
      // a point with x - y = c
      const checked = await run({ ...base, line: [c, 0] });
      for (const d of checked.lineCheck!.degrees) {
        const truth = lineBarcode(c, d.degree);
        expect(bottleneckDistance(d.exact, truth), `line barcode H${d.degree} at c = ${c}`).toBeLessThan(1e-9);
        expect(d.bottleneck).toBeLessThanOrEqual(r.precision / 2 + 1e-9);
      }
    }
  });

  it('--graph-function on a point cloud is refused', async () => {
    const p = resolveParams(entry.params, { graphFunction: 'degree,closeness' }) as ModuleParams;
    const table = {
      kind: 'table' as const,
      path: 'x.csv',
      dataset: {
        source: 'x.csv',
        columns: ['x', 'y'],
        data: [Float64Array.of(0, 1, 2), Float64Array.of(0, 1, 0)],
        rows: 3,
        notes: [],
      },
    };
    await expect(entry.run(table as never, p, testContext())).rejects.toThrow(/--graph-function applies to graphs/);
  });
});
