/**
 * Test-only, independent of the code under test: Betti numbers over Z/2 of small flag complexes from the plain
 * boundary matrices (beta_k = dim C_k - rank d_k - rank d_{k+1}), ranks by Gaussian elimination on bit rows, and
 * simplex counts for the Euler characteristic. Exponential in nothing, cubic in the number of simplices: n <= 12.
 */

export interface SmallComplex {
  vertices: number[];
  edges: [number, number][];
  triangles: [number, number, number][];
  tetrahedra: [number, number, number, number][];
}

/** The flag complex (up to triangles) of the vertices `vs` with edge {u,v} present iff present(u, v). */
export function flagComplex(vs: number[], present: (u: number, v: number) => boolean): SmallComplex {
  const edges: [number, number][] = [];
  const triangles: [number, number, number][] = [];
  const tetrahedra: [number, number, number, number][] = [];
  for (let x = 0; x < vs.length; x++) {
    for (let y = x + 1; y < vs.length; y++) {
      if (!present(vs[x], vs[y])) continue;
      edges.push([vs[x], vs[y]]);
      for (let z = y + 1; z < vs.length; z++) {
        if (!(present(vs[x], vs[z]) && present(vs[y], vs[z]))) continue;
        triangles.push([vs[x], vs[y], vs[z]]);
        for (let w = z + 1; w < vs.length; w++) {
          if (present(vs[x], vs[w]) && present(vs[y], vs[w]) && present(vs[z], vs[w]))
            tetrahedra.push([vs[x], vs[y], vs[z], vs[w]]);
        }
      }
    }
  }
  return { vertices: vs, edges, triangles, tetrahedra };
}

/** Rank over Z/2 of a matrix given as rows of 0/1 (arrays of booleans). */
export function rankZ2(rows: boolean[][]): number {
  const m = rows.map((r) => r.slice());
  let rank = 0;
  const cols = m.length > 0 ? m[0].length : 0;
  for (let c = 0; c < cols && rank < m.length; c++) {
    let p = -1;
    for (let r = rank; r < m.length; r++)
      if (m[r][c]) {
        p = r;
        break;
      }
    if (p < 0) continue;
    [m[rank], m[p]] = [m[p], m[rank]];
    for (let r = 0; r < m.length; r++) {
      if (r !== rank && m[r][c]) for (let k = c; k < cols; k++) m[r][k] = m[r][k] !== m[rank][k];
    }
    rank++;
  }
  return rank;
}

export function bettiNumbers(k: SmallComplex): [number, number, number] {
  const vIndex = new Map(k.vertices.map((v, i) => [v, i] as const));
  const eKey = (a: number, b: number): string => (a < b ? `${a},${b}` : `${b},${a}`);
  const eIndex = new Map(k.edges.map(([a, b], i) => [eKey(a, b), i] as const));
  // d1: rows = edges, columns = vertices
  const d1 = k.edges.map(([a, b]) => {
    const row = new Array<boolean>(k.vertices.length).fill(false);
    row[vIndex.get(a)!] = true;
    row[vIndex.get(b)!] = true;
    return row;
  });
  const d2 = k.triangles.map(([a, b, c]) => {
    const row = new Array<boolean>(k.edges.length).fill(false);
    row[eIndex.get(eKey(a, b))!] = true;
    row[eIndex.get(eKey(a, c))!] = true;
    row[eIndex.get(eKey(b, c))!] = true;
    return row;
  });
  const tKey = (a: number, b: number, c: number): string => [a, b, c].sort((x, y) => x - y).join(',');
  const tIndex = new Map(k.triangles.map(([a, b, c], i) => [tKey(a, b, c), i] as const));
  const d3 = k.tetrahedra.map(([a, b, c, d]) => {
    const row = new Array<boolean>(k.triangles.length).fill(false);
    for (const [x, y, z] of [
      [a, b, c],
      [a, b, d],
      [a, c, d],
      [b, c, d],
    ])
      row[tIndex.get(tKey(x, y, z))!] = true;
    return row;
  });
  const r1 = rankZ2(d1);
  const r2 = rankZ2(d2);
  const r3 = rankZ2(d3);
  return [k.vertices.length - r1, k.edges.length - r1 - r2, k.triangles.length - r2 - r3];
}
