import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('streams its items: the count without building them, each graph built when asked, in typed arrays', async () => {
    const c = await readCollection(TINY, DEFAULT_COLLECTION_OPTIONS);
    expect(c.count).toBe(3);
    expect(Object.keys(c)).not.toContain('items'); // the list is built only when read
    const second = c.item?.(1);
    expect([second?.id, second?.label, second?.source]).toEqual(['graph 2', '-1', `${join(TINY, 'TINY')}[graph 2]`]);
    const a = await c.item?.(2).load();
    const b = await c.items[2].load();
    expect(a).toEqual(b);
  });

  it('names the file and line of what is wrong in a damaged dataset', async () => {
    const write = (files: Record<string, string>): string => {
      const dir = mkdtempSync(join(tmpdir(), 'dynlens-tu-'));
      for (const [suffix, text] of Object.entries(files)) writeFileSync(join(dir, `BAD_${suffix}.txt`), text);
      return dir;
    };
    const ok = { A: '1, 2\n3, 4\n', graph_indicator: '1\n1\n2\n2\n' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...ok, graph_indicator: '1\n2\n1\n2\n' }, /BAD_graph_indicator\.txt.*line 3: graph numbers must start at 1/],
      [{ ...ok, graph_indicator: '1\n1\nx\n2\n' }, /BAD_graph_indicator\.txt.*line 3: expected 1 numbers, got "x"/],
      [{ ...ok, A: '1, 2\n2, 3\n' }, /BAD_A\.txt.*line 2: the edge joins nodes of graphs 1 and 2/],
      [{ ...ok, A: '1, 2\n3, 9\n' }, /BAD_A\.txt.*line 2: node 9 is not in BAD_graph_indicator\.txt/],
      [{ ...ok, A: '1, 2\n3\n' }, /BAD_A\.txt.*line 2: expected 2 numbers/],
      [{ ...ok, edge_attributes: '1\n' }, /BAD_edge_attributes\.txt.*1 lines for the 2 edges/],
      [{ ...ok, graph_labels: '1\n' }, /BAD_graph_labels\.txt.*1 graph labels for 2 graphs/],
      [{ ...ok, node_labels: '1\n2\n' }, /BAD_node_labels\.txt.*2 node labels for 4 nodes/],
    ];
    for (const [files, message] of cases) {
      const err = await readCollection(write(files), DEFAULT_COLLECTION_OPTIONS).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, String(message)).toBeInstanceOf(Error);
      const e = err as Error & { file?: string };
      expect(`${e.file ?? ''}: ${e.message}`).toMatch(message);
    }
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
