/**
 * Hopcroft-Karp maximum-cardinality bipartite matching (Hopcroft & Karp 1973) on a graph in compressed sparse row
 * form: left vertex u has right neighbours adj[start[u] .. start[u+1]). `matchL`/`matchR` may hold a partial
 * matching to extend (every matched pair must be an edge of the graph); they are updated in place.
 */
export interface Csr {
  start: Int32Array;
  adj: Int32Array;
}

export function hopcroftKarp(g: Csr, nLeft: number, nRight: number, matchL: Int32Array, matchR: Int32Array): number {
  const dist = new Int32Array(nLeft);
  const queue = new Int32Array(nLeft);
  const next = new Int32Array(nLeft);
  const INF = 0x3fffffff;
  let size = 0;
  for (let u = 0; u < nLeft; u++) if (matchL[u] >= 0) size++;
  void nRight;

  const bfs = (): boolean => {
    let head = 0;
    let tail = 0;
    for (let u = 0; u < nLeft; u++) {
      if (matchL[u] < 0) {
        dist[u] = 0;
        queue[tail++] = u;
      } else dist[u] = INF;
    }
    let found = false;
    while (head < tail) {
      const u = queue[head++];
      for (let e = g.start[u]; e < g.start[u + 1]; e++) {
        const w = matchR[g.adj[e]];
        if (w < 0) found = true;
        else if (dist[w] === INF) {
          dist[w] = dist[u] + 1;
          queue[tail++] = w;
        }
      }
    }
    return found;
  };

  // Depth-first search along the layered graph; `next` remembers the next edge to try (each edge tried once a phase).
  const dfs = (u: number): boolean => {
    for (; next[u] < g.start[u + 1]; next[u]++) {
      const v = g.adj[next[u]];
      const w = matchR[v];
      if (w < 0 || (dist[w] === dist[u] + 1 && dfs(w))) {
        matchL[u] = v;
        matchR[v] = u;
        next[u]++;
        return true;
      }
    }
    dist[u] = INF;
    return false;
  };

  while (bfs()) {
    for (let u = 0; u < nLeft; u++) next[u] = g.start[u];
    for (let u = 0; u < nLeft; u++) if (matchL[u] < 0 && dfs(u)) size++;
  }
  return size;
}
