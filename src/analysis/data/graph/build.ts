/**
 * The shared rules of every graph reader: self-loops are dropped (a loop is no simplex of the clique complex),
 * repeated edges (either direction) are merged into one keeping the smallest weight (the edge enters the filtration
 * when its first copy does), weights must be numbers. Each rule that fired is stated in the notes.
 */
import { badInput } from '../../core/errors';
import type { GraphData, NodeAttribute } from './types';

export interface RawEdge {
  u: number;
  v: number;
  /** undefined: the file has no weights; NaN: a weight cell is empty or not a number. */
  weight?: number;
  /** Where the edge was read (1-based line or element position), for messages. */
  where: number;
}

export function buildGraph(
  file: string,
  nodeIds: string[],
  edges: readonly RawEdge[],
  weighted: boolean,
  nodeAttributes: NodeAttribute[],
  notes: string[],
): GraphData {
  const seen = new Map<number, number>();
  const src: number[] = [];
  const dst: number[] = [];
  const weight: number[] = [];
  let loops = 0;
  let repeats = 0;
  const n = nodeIds.length;
  for (const e of edges) {
    if (weighted && !Number.isFinite(e.weight))
      throw badInput(
        `edge ${nodeIds[e.u]} - ${nodeIds[e.v]} (line ${e.where}): weight is missing or not a finite number`,
        { file, row: e.where },
      );
    if (e.u === e.v) {
      loops++;
      continue;
    }
    const a = Math.min(e.u, e.v);
    const b = Math.max(e.u, e.v);
    const key = a * n + b;
    const at = seen.get(key);
    if (at !== undefined) {
      repeats++;
      if (weighted) weight[at] = Math.min(weight[at], e.weight as number);
      continue;
    }
    seen.set(key, src.length);
    src.push(a);
    dst.push(b);
    if (weighted) weight.push(e.weight as number);
  }
  if (loops) notes.push(`${loops} self-loop${loops > 1 ? 's' : ''} dropped (no simplex of the clique complex)`);
  if (repeats)
    notes.push(
      `${repeats} repeated edge${repeats > 1 ? 's' : ''} merged (undirected; the smallest weight of the copies is kept)`,
    );
  return {
    nodeIds,
    src: Int32Array.from(src),
    dst: Int32Array.from(dst),
    weight: weighted ? Float64Array.from(weight) : undefined,
    nodeAttributes,
    notes,
  };
}

/** Node ids in order of first appearance, with their index. */
export class NodeIndex {
  readonly ids: string[] = [];
  private readonly map = new Map<string, number>();
  of(id: string): number {
    let k = this.map.get(id);
    if (k === undefined) {
      k = this.ids.length;
      this.map.set(id, k);
      this.ids.push(id);
    }
    return k;
  }
  find(id: string): number | undefined {
    return this.map.get(id);
  }
}
