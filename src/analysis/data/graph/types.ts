/**
 * A graph as the analyses read it: nodes 0..n-1 with their ids as written in the file, undirected simple edges
 * (u < v, each pair once), optional edge weights and numeric node attribute columns. Readers (edgelist.ts, xml.ts,
 * tudataset.ts) build it through `buildGraph`, which applies the one set of rules for self-loops, repeated edges and
 * weights, and says what it did in `notes`.
 */
export interface GraphData {
  /** Node ids as written in the file (or 1-based positions for TUDataset graphs). */
  nodeIds: string[];
  /** Edge k joins src[k] < dst[k]. */
  src: Int32Array;
  dst: Int32Array;
  /** Edge weights, when the file has them. */
  weight?: Float64Array;
  /** Numeric node attributes (node table columns, GraphML/GEXF node data, TUDataset labels), NaN when absent. */
  nodeAttributes: NodeAttribute[];
  notes: string[];
}

export interface NodeAttribute {
  name: string;
  values: Float64Array;
}
