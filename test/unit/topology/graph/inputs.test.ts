/** Graph files through the loader, and the bad inputs of graphs: each a clear DynLensError or a documented result. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisInput } from '../../../../src/analysis/core/input';
import { resolveParams } from '../../../../src/analysis/core/params';
import { readInput } from '../../../../src/analysis/data/load';
import { signedBarcodeAnalyses } from '../../../../src/analysis/topology/multi/analysis';
import { persistenceAnalysis } from '../../../../src/analysis/topology/rips/analysis';
import { transportCost } from '../../../../src/analysis/topology/graph/transport';
import type { PersistenceResult } from '../../../../src/protocol/results/persistence';
import { testContext } from '../../../support';

const FIX = join(__dirname, '../../../fixtures/topology/graph');
const dir = mkdtempSync(join(tmpdir(), 'dynlens-graph-'));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function graphOf(path: string, format?: string, nodes?: string) {
  const { input } = await readInput(path, { selection: { format, nodes } });
  if (input.kind !== 'graph') throw new Error(`read as ${input.kind}`);
  return input.graph;
}

async function persistence(input: AnalysisInput, raw: Record<string, unknown>): Promise<PersistenceResult> {
  return (await persistenceAnalysis.run(
    input,
    resolveParams(persistenceAnalysis.params, raw),
    testContext(),
  )) as PersistenceResult;
}

async function persistenceOf(text: string, raw: Record<string, unknown>, name = 'g.csv') {
  const { input } = await readInput(file(name, text));
  return persistence(input, raw);
}

function edgeSet(g: { nodeIds: string[]; src: Int32Array; dst: Int32Array }): string[] {
  return Array.from(g.src, (u, k) => [g.nodeIds[u], g.nodeIds[g.dst[k]]].sort().join('-')).sort();
}

function weightsByEdge(g: { nodeIds: string[]; src: Int32Array; dst: Int32Array; weight?: Float64Array }) {
  const out: Record<string, number> = {};
  g.src.forEach((u, k) => (out[[g.nodeIds[u], g.nodeIds[g.dst[k]]].sort().join('-')] = g.weight?.[k] ?? NaN));
  return out;
}

describe('graph files', () => {
  it('GraphML and GEXF give the graph and node attribute of the edge list and its node table', async () => {
    for (const name of ['weighted', 'sparse']) {
      const csv = await graphOf(join(FIX, `${name}.csv`));
      expect(csv.notes.some((n) => n.startsWith('node table'))).toBe(true); // NAME.nodes.csv found beside it
      for (const ext of ['graphml', 'gexf']) {
        const g = await graphOf(join(FIX, `${name}.${ext}`));
        expect(edgeSet(g)).toEqual(edgeSet(csv));
        expect([...g.nodeIds].sort()).toEqual([...csv.nodeIds].sort());
        const score = g.nodeAttributes.find((a) => a.name === 'score');
        const ref = csv.nodeAttributes.find((a) => a.name === 'score');
        g.nodeIds.forEach((id, v) => expect(score?.values[v]).toBe(ref?.values[csv.nodeIds.indexOf(id)]));
        if (csv.weight) expect(weightsByEdge(g)).toEqual(weightsByEdge(csv));
      }
    }
  });

  it('an edge list is recognised by its header; quoted string ids, TSV, --input graph with other names', async () => {
    const g = await graphOf(file('q.csv', 'source,target\n"a, b",c\nc,"d ""e"""\n'));
    expect(g.nodeIds).toEqual(['a, b', 'c', 'd "e"']);
    const t = await graphOf(file('t.tsv', 'source\ttarget\tweight\nx\ty\t2.5\n'));
    expect(Array.from(t.weight ?? [])).toEqual([2.5]);
    const other = await graphOf(file('o.csv', 'from,to\n1,2\n2,3\n'), 'graph');
    expect(other.src.length).toBe(2);
    const { input } = await readInput(file('o2.csv', 'from,to\n1,2\n'));
    expect(input.kind).toBe('table'); // without --input graph, another header is a table
  });

  it('--nodes names the node table; its ids in no edge are isolated nodes', async () => {
    const nodes = file('n.csv', 'id,size\na,1\nb,2\nz,3\n');
    const g = await graphOf(file('e.csv', 'source,target\na,b\n'), undefined, nodes);
    expect(g.nodeIds).toEqual(['a', 'b', 'z']);
    expect(Array.from(g.nodeAttributes[0].values)).toEqual([1, 2, 3]);
    const r = await persistence({ kind: 'graph', path: 'e.csv', graph: g }, { graphFunction: 'size' });
    expect(r.diagrams[0].deaths.filter((d) => d === Infinity).length).toBe(2);
  });
});

describe('bad graph input', () => {
  it('malformed GraphML/GEXF: one error naming the file and the line, nothing printed on the console', async () => {
    const spy = vi.spyOn(console, 'error');
    await expect(graphOf(file('bad.graphml', '<graphml><graph><node id="a"'))).rejects.toThrow(
      /not a readable GraphML file: .*line/,
    );
    await expect(graphOf(file('bad.gexf', ''))).rejects.toThrow(/not a readable GEXF file/);
    await expect(graphOf(file('nog.graphml', '<?xml version="1.0"?><root/>'))).rejects.toThrow(/no <graph> element/);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('self-loops are dropped and repeated edges merged (smallest weight), with notes', async () => {
    const g = await graphOf(file('m.csv', 'source,target,weight\na,a,1\na,b,3\nb,a,2\nb,c,1\n'));
    expect(edgeSet(g)).toEqual(['a-b', 'b-c']);
    expect(Array.from(g.weight ?? [])).toEqual([2, 1]);
    expect(g.notes.join(' ')).toMatch(/1 self-loop dropped.*1 repeated edge merged/);
  });

  it('a missing weight is refused with its row', async () => {
    await expect(graphOf(file('w.csv', 'source,target,weight\na,b,1\nb,c,\n'))).rejects.toThrow(
      /edge b - c \(line 3\): weight is missing/,
    );
  });

  it('negative weights: fine for the weight filtration, refused where weights are lengths or conductances', async () => {
    const text = 'source,target,weight\na,b,-1\nb,c,2\nc,a,0.5\n';
    const r = await persistenceOf(text, { graphFunction: 'weight' }, 'neg.csv');
    expect(Array.from(r.diagrams[0].births)).toEqual([-1]);
    await expect(persistenceOf(text, { graphFunction: 'closeness' }, 'neg.csv')).rejects.toThrow(/weight -1 < 0/);
    await expect(persistenceOf(text, { graphFunction: 'hks:1' }, 'neg.csv')).rejects.toThrow(/positive edge weights/);
  });

  it('disconnected graphs: one infinite H0 bar per component; the Fiedler vector is refused', async () => {
    const text = 'source,target\na,b\nb,c\nx,y\n';
    const r = await persistenceOf(text, { graphFunction: 'degree' }, 'dis.csv');
    expect(r.diagrams[0].deaths.filter((d) => d === Infinity).length).toBe(2);
    expect(r.notes.join(' ')).toMatch(/2 connected components/);
    await expect(persistenceOf(text, { graphFunction: 'fiedler' }, 'dis.csv')).rejects.toThrow(/disconnected/);
  });

  it('isolated nodes: refused by 1/degree and Ollivier-Ricci with the node named', async () => {
    const nodes = file('iso.nodes.csv', 'id,v\na,1\nb,2\nlone,3\n');
    const g = await graphOf(file('iso.csv', 'source,target\na,b\n'), undefined, nodes);
    const input: AnalysisInput = { kind: 'graph', path: 'iso.csv', graph: g };
    await expect(persistence(input, { graphFunction: 'inverse-degree' })).rejects.toThrow(/node "lone".*isolated/);
    await expect(persistence(input, { graphFunction: 'ricci' })).rejects.toThrow(/node "lone" is isolated/);
  });

  it('a node function NaN at a node is refused by name; a constant one gives the Betti numbers and a note', async () => {
    const nodes = file('nan.nodes.csv', 'id,v\na,1\nb,\nc,2\n');
    const g = await graphOf(file('nan.csv', 'source,target\na,b\nb,c\nc,a\n'), undefined, nodes);
    const input: AnalysisInput = { kind: 'graph', path: 'nan.csv', graph: g };
    await expect(persistence(input, { graphFunction: 'v' })).rejects.toThrow(/NaN \(missing\) at node "b"/);
    const r = await persistence(input, { graphFunction: 'degree' });
    expect(r.diagrams.map((d) => d.births.length)).toEqual([1, 0]); // the triangle fills the cycle
    expect(r.notes.join(' ')).toMatch(/degree is constant/);
  });

  it('unknown functions, --graph-function on a point cloud, and one function for signed-barcode are usage errors', async () => {
    await expect(persistenceOf('source,target\na,b\n', { graphFunction: 'pagerank' })).rejects.toThrow(
      /no node function or node attribute "pagerank"/,
    );
    const { input } = await readInput(file('cloud.csv', 'x,y\n0,0\n1,0\n0,1\n'));
    await expect(persistence(input, { graphFunction: 'degree' })).rejects.toThrow(/applies to graphs/);
    const g = await readInput(file('sb.csv', 'source,target\na,b\n'));
    const sb = signedBarcodeAnalyses[0];
    await expect(sb.run(g.input, resolveParams(sb.params, { graphFunction: 'degree' }), testContext())).rejects.toThrow(
      /two node functions/,
    );
    await expect(persistenceOf('source,target\na,b\n', { graphFunction: 'hks:0' })).rejects.toThrow(/T > 0/);
  });
});

describe('exact transport', () => {
  it('matches the optimal plan of small problems found by enumerating the vertices of the polytope', () => {
    // 2 x 2: the plan is fixed by one free entry x in [max(0, a0 - b1), min(a0, b0)]; the optimum is at an end.
    const a = Float64Array.of(0.3, 0.7);
    const b = Float64Array.of(0.6, 0.4);
    const cost = Float64Array.of(1, 3, 2, 0.5);
    const ends = [Math.max(0, a[0] - b[1]), Math.min(a[0], b[0])].map(
      (x) => x * cost[0] + (a[0] - x) * cost[1] + (b[0] - x) * cost[2] + (a[1] - b[0] + x) * cost[3],
    );
    expect(transportCost(a, b, cost)).toBeCloseTo(Math.min(...ends), 14);
    // Moving mass uniformly between two copies of the same support costs 0.
    expect(transportCost(Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5), Float64Array.of(0, 1, 1, 0))).toBe(0);
  });
});

describe('--extended', () => {
  it('adds the extended persistence of a graph; a cycle gives one extended- H1 pair and one extended+ H0 pair', async () => {
    const nodes = file('cyc.nodes.csv', 'id,h\na,0\nb,1\nc,3\nd,2\n');
    const g = await graphOf(file('cyc.csv', 'source,target\na,b\nb,c\nc,d\nd,a\n'), undefined, nodes);
    const r = await persistence({ kind: 'graph', path: 'cyc.csv', graph: g }, { graphFunction: 'h', extended: true });
    // the cycle is born when its last edge enters (value 3) and dies when the cone reaches its lowest vertex (0)
    expect(r.extended).toEqual({ ordinary: [], relative: [], extendedPlus: [[0, 0, 3]], extendedMinus: [[1, 3, 0]] });
  });

  it('is refused for point clouds and for edge-valued functions', async () => {
    const { input } = await readInput(file('cloud2.csv', 'x,y\n0,0\n1,0\n'));
    await expect(persistence(input, { extended: true })).rejects.toThrow(/--extended applies to graphs/);
    await expect(
      persistenceOf('source,target,weight\na,b,1\n', { graphFunction: 'weight', extended: true }),
    ).rejects.toThrow(/needs a node function/);
  });
});
