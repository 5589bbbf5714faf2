/**
 * Against numpy (test/fixtures/koopman/oracle.json, made by scripts/fixtures/koopman/make_koopman.py): exact DMD
 * eigenvalues and singular values on noisy data, EDMD eigenvalues and ResDMD residuals computed the textbook way
 * (lstsq + eig + residuals from the data matrices).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKoopman, table } from './helpers';

interface Oracle {
  dmd: { x: number[]; y: number[]; z: number[]; rank: number; re: number[]; im: number[]; singularValues: number[] };
  edmd: { x: number[]; y: number[]; x1: number[]; y1: number[]; re: number[]; im: number[]; residual: number[] };
}
const fx = JSON.parse(readFileSync(join(__dirname, '../../fixtures/koopman/oracle.json'), 'utf8')) as Oracle;

/** Pairs each expected eigenvalue with the nearest unused computed one; returns [worst distance, matched indices]. */
function match(got: [number, number][], re: number[], im: number[]): [number, number[]] {
  const used = new Set<number>();
  let worst = 0;
  const idx: number[] = [];
  re.forEach((r, k) => {
    let best = Infinity;
    let bi = -1;
    got.forEach((g, i) => {
      if (used.has(i)) return;
      const d = Math.hypot(g[0] - r, g[1] - im[k]);
      if (d < best) {
        best = d;
        bi = i;
      }
    });
    used.add(bi);
    idx.push(bi);
    worst = Math.max(worst, best);
  });
  return [worst, idx];
}

describe('numpy oracle', () => {
  it('exact DMD of a noisy linear system: eigenvalues and singular values', async () => {
    const d = fx.dmd;
    const r = await runKoopman(table({ x: d.x, y: d.y, z: d.z }), { method: 'dmd', rank: String(d.rank) });
    const [worst] = match(
      r.eigenvalues.map((e) => e.discrete),
      d.re,
      d.im,
    );
    expect(worst).toBeLessThan(1e-10);
    d.singularValues.forEach((s, i) =>
      expect(Math.abs(r.singularValues[i] - s)).toBeLessThan(1e-10 * d.singularValues[0]),
    );
  });

  it('EDMD (monomials up to degree 2) on explicit pairs: eigenvalues and ResDMD residuals', async () => {
    const e = fx.edmd;
    const r = await runKoopman(table({ x: e.x, y: e.y, x1: e.x1, y1: e.y1 }), {
      method: 'edmd',
      dictionary: 'poly:2',
      pairs: 'x,y:x1,y1',
    });
    expect(r.dictionarySize).toBe(6);
    const [worst, idx] = match(
      r.eigenvalues.map((v) => v.discrete),
      e.re,
      e.im,
    );
    expect(worst).toBeLessThan(1e-10);
    e.residual.forEach((res, k) =>
      expect(Math.abs(r.eigenvalues[idx[k]].residual - res)).toBeLessThan(1e-9 + 1e-7 * res),
    );
  });
});
