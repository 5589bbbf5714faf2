import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCollection } from '../../../src/analysis/collections/read';
import { DEFAULT_COLLECTION_OPTIONS } from '../../../src/analysis/collections/types';
import { resolveParams } from '../../../src/analysis/core/params';
import { graphFromTable } from '../../../src/analysis/data/graph/table';
import { signedBarcodeAnalyses } from '../../../src/analysis/topology/multi/analysis';
import { persistenceAnalysis } from '../../../src/analysis/topology/rips/analysis';
import { persistenceFeatures } from '../../../src/analysis/topology/rips/features';
import type { PersistenceResult } from '../../../src/protocol/results/persistence';
import { testContext } from '../../support';

const TINY = join(__dirname, '../../fixtures/collections/tudataset/TINY');

describe('TUDataset collections', () => {
  it('reads one item per graph with its label, local edges, weights and node labels', async () => {
    const c = await readCollection(TINY, DEFAULT_COLLECTION_OPTIONS);
    expect(c.layout).toBe('tudataset');
    expect(c.items.map((i) => [i.id, i.label])).toEqual([
      ['graph 1', '1'],
      ['graph 2', '-1'],
      ['graph 3', '1'],
    ]);
    const input = await c.items[0].load();
    if (input.kind !== 'table') throw new Error('expected the graph-layout table');
    const g = graphFromTable(input.dataset);
    expect(g?.nodeIds).toEqual(['1', '2', '3', '4']);
    // both directions of DS_A.txt merged into one undirected edge each
    expect(Array.from(g?.src ?? [])).toEqual([0, 1, 0, 2]);
    expect(Array.from(g?.dst ?? [])).toEqual([1, 2, 2, 3]);
    expect(Array.from(g?.weight ?? [])).toEqual([0.5, 1, 2, 1.5]);
    expect(Array.from(g?.nodeAttributes[0].values ?? [])).toEqual([0, 1, 2, 0]);
    const third = await c.items[2].load();
    if (third.kind !== 'table') throw new Error('expected a table');
    expect(graphFromTable(third.dataset)?.nodeIds).toEqual(['9', '10', '11', '12']); // node 12 isolated
  });

  it('the path to DS_A.txt reads the same collection', async () => {
    const c = await readCollection(join(TINY, 'TINY_A.txt'), DEFAULT_COLLECTION_OPTIONS);
    expect(c.items.length).toBe(3);
  });

  it('persistence features of each graph: the weight filtration closes a 4-cycle only in graph 2', async () => {
    const c = await readCollection(TINY, DEFAULT_COLLECTION_OPTIONS);
    const p = resolveParams(persistenceAnalysis.params, { graphFunction: 'weight' });
    const inputs = await Promise.all(c.items.map((i) => i.load()));
    const ctx = testContext();
    const shared = await persistenceAnalysis.fitShared?.(
      async function* () {
        yield* inputs;
      },
      p,
      ctx,
    );
    expect(shared?.params).toEqual({ curveRange: [0.25, 3] });
    const rows = [];
    for (const input of inputs) {
      const r = (await persistenceAnalysis.run(input, p, ctx)) as PersistenceResult;
      const f = persistenceFeatures(r, { curveRange: [0.25, 3] });
      const at = (name: string): number => f.values[f.names.indexOf(name)];
      rows.push([at('bars_h0'), at('bars_h1'), at('betti_h0_00'), at('betti_h1_49'), at('total_persistence_h1')]);
    }
    // graph 1: triangle + tail, every vertex joins at its smallest edge: one component, the triangle fills the cycle;
    // graph 2: the 4-cycle closes at weight 3 and has no triangle (infinite H1 bar); graph 3: path + isolated node,
    // both present at 0.25 (the path's smallest weight; an isolated node enters at the graph's smallest weight).
    expect(rows).toEqual([
      [1, 0, 0, 0, 0],
      [1, 1, 0, 1, 0],
      [2, 0, 2, 0, 0],
    ]);
  });

  it('signed-barcode: grids fitted over the pooled node functions, one vector per graph of the same length', async () => {
    const sb = signedBarcodeAnalyses[0];
    const c = await readCollection(TINY, DEFAULT_COLLECTION_OPTIONS);
    const inputs = await Promise.all(c.items.map((i) => i.load()));
    const raw = { graphFunction: 'weight,label', grid: 4, lineSlices: 0 };
    const ctx = testContext();
    const shared = await sb.fitShared?.(
      async function* () {
        yield* inputs;
      },
      resolveParams(sb.params, raw),
      ctx,
    );
    expect(shared?.params).toEqual({
      rGrid: [0.25, 1.1666666666666665, 2.083333333333333, 3],
      tGrid: [0, 2 / 3, 4 / 3, 2],
    });
    const p = resolveParams(sb.params, { ...raw, ...shared?.params });
    const sizes = [];
    for (const input of inputs) sizes.push(sb.features?.(await sb.run(input, p, ctx), p).values.length);
    expect(new Set(sizes).size).toBe(1);
  });
});
