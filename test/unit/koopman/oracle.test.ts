/**
 * Against numpy (test/fixtures/koopman/oracle.json, made by scripts/fixtures/koopman/make_koopman.py): exact DMD
 * eigenvalues and singular values on noisy data, EDMD eigenvalues and ResDMD residuals computed the textbook way
 * (lstsq + eig + residuals from the data matrices).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKoopman, table } from './helpers';
import { matchEigenvalues } from '../../support';

interface Oracle {
  dmd: { x: number[]; y: number[]; z: number[]; rank: number; re: number[]; im: number[]; singularValues: number[] };
  edmd: { x: number[]; y: number[]; x1: number[]; y1: number[]; re: number[]; im: number[]; residual: number[] };
}
const fx = JSON.parse(readFileSync(join(__dirname, '../../fixtures/koopman/oracle.json'), 'utf8')) as Oracle;

describe('numpy oracle', () => {
  it('exact DMD of a noisy linear system: eigenvalues and singular values', async () => {
    const d = fx.dmd;
    const r = await runKoopman(table({ x: d.x, y: d.y, z: d.z }), { method: 'dmd', rank: String(d.rank) });
    const got = r.eigenvalues.map((e) => e.discrete);
    const { worst } = matchEigenvalues(
      got.map((g) => g[0]),
      got.map((g) => g[1]),
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
    const got = r.eigenvalues.map((v) => v.discrete);
    const { worst, index: idx } = matchEigenvalues(
      got.map((g) => g[0]),
      got.map((g) => g[1]),
      e.re,
      e.im,
    );
    expect(worst).toBeLessThan(1e-10);
    e.residual.forEach((res, k) =>
      expect(Math.abs(r.eigenvalues[idx[k]].residual - res)).toBeLessThan(1e-9 + 1e-7 * res),
    );
  });
});
