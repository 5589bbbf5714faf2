/**
 * ResDMD internals and pseudospectrum against independent computations, plus inputs, units and bad input.
 */
import { describe, expect, it } from 'vitest';
import {
  factorSnapshots,
  factorSnapshotsParallel,
  galerkinBasis,
  orthGalerkin,
  qrBlockR,
  residualsFull,
  residualsOrth,
} from '../../../src/analysis/koopman/resdmd';
import { qrParts } from '../../../src/analysis/koopman/engine';
import { setWasmKernels } from '../../../src/analysis/linalg/wasm';
import {
  largestTridiagonalEigenvalue,
  pseudospectrumChunk,
  pseudospectrumGram,
} from '../../../src/analysis/koopman/pseudospectrum';
import { hermitianEigenvalues, symmetricEig } from '../../../src/analysis/linalg/symeig';
import { eig } from '../../../src/analysis/linalg/eig';
import { polyDictionary } from '../../../src/analysis/koopman/dictionary';
import { rk4, rng, runKoopman, table, testContext, trajectoryTable } from './helpers';
import { DynLensError } from '../../../src/analysis/core/errors';
import { koopmanCsv, koopmanJson } from '../../../src/analysis/koopman/analysis';

/** Duffing snapshots near the stable focus, dictionary poly:4 evaluated directly. */
function duffingFactor(): {
  f: ReturnType<typeof factorSnapshots>;
  psiX: Float64Array;
  psiY: Float64Array;
  M: number;
  m: number;
} {
  const fn = (s: number[]): number[] => [s[1], -0.5 * s[1] + s[0] - s[0] ** 3];
  const R = rng(3);
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let t = 0; t < 30; t++) {
    const tr = rk4(fn, [1 + 0.4 * (R() - 0.5), 0.4 * (R() - 0.5)], 0.1, 12, 10);
    for (let k = 0; k + 1 < tr.length; k++) {
      xs.push(tr[k]);
      ys.push(tr[k + 1]);
    }
  }
  const M = xs.length;
  const dict = polyDictionary(['x', 'v'], 4);
  const m = dict.size;
  const pts = (a: number[][]) => ({
    cols: [Float64Array.from(a, (s) => s[0]), Float64Array.from(a, (s) => s[1])],
    rows: a.length,
  });
  const psiX = new Float64Array(M * m);
  const psiY = new Float64Array(M * m);
  dict.evaluate(pts(xs), psiX, 0, M);
  dict.evaluate(pts(ys), psiY, 0, M);
  const f = factorSnapshots(M, m, 0, (buf, ld) => {
    buf.set(psiX, 0);
    buf.set(psiY, m * ld);
  });
  return { f, psiX, psiY, M, m };
}

describe('ResDMD residuals', () => {
  it('QR-form residuals equal the direct ||(PsiY - lambda PsiX) g|| / ||PsiX g|| and the R-block formula', () => {
    const { f, psiX, psiY, M, m } = duffingFactor();
    const b = galerkinBasis(f, 'full', true, [m, M]);
    const og = orthGalerkin(f, b);
    const r = b.r;
    const e = eig(og.a, r);
    const res = residualsOrth(og, e.re, e.im, e.vectorsRe!, e.vectorsIm!);
    // coefficients c = W_r S^-1 v on the dictionary, then the residual straight from the data matrices
    const cre = new Float64Array(m * r),
      cim = new Float64Array(m * r);
    for (let j = 0; j < r; j++)
      for (let i = 0; i < m; i++) {
        let sr = 0,
          si = 0;
        for (let l = 0; l < r; l++) {
          sr += (b.wr[i + l * m] * e.vectorsRe![l + j * r]) / b.s[l];
          si += (b.wr[i + l * m] * e.vectorsIm![l + j * r]) / b.s[l];
        }
        cre[i + j * m] = sr;
        cim[i + j * m] = si;
      }
    const full = residualsFull(f, e.re, e.im, cre, cim, r);
    for (let j = 0; j < r; j++) {
      let num = 0,
        den = 0;
      for (let k = 0; k < M; k++) {
        let xr = 0,
          xi = 0,
          yr = 0,
          yi = 0;
        for (let i = 0; i < m; i++) {
          xr += psiX[k + i * M] * cre[i + j * m];
          xi += psiX[k + i * M] * cim[i + j * m];
          yr += psiY[k + i * M] * cre[i + j * m];
          yi += psiY[k + i * M] * cim[i + j * m];
        }
        const er = yr - (e.re[j] * xr - e.im[j] * xi);
        const ei = yi - (e.re[j] * xi + e.im[j] * xr);
        num += er * er + ei * ei;
        den += xr * xr + xi * xi;
      }
      const direct = Math.sqrt(num / den);
      expect(Math.abs(res[j] - direct)).toBeLessThan(1e-7 * Math.max(1, direct) + 1e-9);
      expect(Math.abs(full[j] - res[j])).toBeLessThan(1e-8 + 1e-6 * res[j]);
    }
  });

  it('the pseudospectrum equals sigma_min([A - zI; D]) from an independent Hermitian eigen-solver, and tau(lambda) <= residual', () => {
    const { f, M, m } = duffingFactor();
    const b = galerkinBasis(f, 'full', true, [m, M]);
    const og = orthGalerkin(f, b);
    const r = og.r;
    const g0 = pseudospectrumGram(og.a, og.d, r, og.rd);
    const zs: [number, number][] = [
      [0.5, 0.5],
      [0.97, 0.13],
      [-0.3, 0.9],
      [1.1, 0],
    ];
    const tau = pseudospectrumChunk({
      r,
      a: og.a,
      g0,
      zre: Float64Array.from(zs, (z) => z[0]),
      zim: Float64Array.from(zs, (z) => z[1]),
    });
    zs.forEach(([x, y], q) => {
      // H = [A - zI; D]^* [A - zI; D] built directly, smallest eigenvalue by Jacobi on the real embedding
      const hr = new Float64Array(r * r),
        hi = new Float64Array(r * r);
      for (let i = 0; i < r; i++)
        for (let j = 0; j < r; j++) {
          let sr = 0,
            si = 0;
          for (let k = 0; k < r; k++) {
            const air = og.a[k + i * r] - (k === i ? x : 0),
              aii = k === i ? -y : 0;
            const ajr = og.a[k + j * r] - (k === j ? x : 0),
              aji = k === j ? -y : 0;
            sr += air * ajr + aii * aji;
            si += air * aji - aii * ajr;
          }
          for (let k = 0; k < og.rd; k++) sr += og.d[k + i * og.rd] * og.d[k + j * og.rd];
          hr[i + j * r] = sr;
          hi[i + j * r] = si;
        }
      const lmin = hermitianEigenvalues(hr, hi, r)[0];
      expect(Math.abs(tau[q] - Math.sqrt(Math.max(lmin, 0)))).toBeLessThan(1e-7);
    });
    const e = eig(og.a, r);
    const res = residualsOrth(og, e.re, e.im, e.vectorsRe!, e.vectorsIm!);
    const tl = pseudospectrumChunk({ r, a: og.a, g0, zre: e.re, zim: e.im });
    for (let j = 0; j < r; j++) expect(tl[j]).toBeLessThanOrEqual(res[j] * (1 + 1e-6) + 1e-7);
    // the scalar path (no WebAssembly) gives the same values as the SIMD kernels
    setWasmKernels(false);
    try {
      const scalar = pseudospectrumChunk({
        r,
        a: og.a,
        g0,
        zre: Float64Array.from(zs, (z) => z[0]),
        zim: Float64Array.from(zs, (z) => z[1]),
      });
      scalar.forEach((v, q) => expect(Math.abs(v - tau[q])).toBeLessThan(1e-9 * Math.max(1, tau[q])));
    } finally {
      setWasmKernels(true);
    }
  });

  it('runs the pseudospectrum through ctx.parallelMap chunks', async () => {
    const R = rng(2);
    const cols = { x: [] as number[], y: [] as number[] };
    let s = [1, 0.5];
    for (let k = 0; k < 200; k++) {
      cols.x.push(s[0] + 1e-3 * (R() - 0.5));
      cols.y.push(s[1] + 1e-3 * (R() - 0.5));
      s = [
        0.9 * Math.cos(0.3) * s[0] - 0.9 * Math.sin(0.3) * s[1],
        0.9 * Math.sin(0.3) * s[0] + 0.9 * Math.cos(0.3) * s[1],
      ];
    }
    const ctx = testContext();
    const r = await runKoopman(table(cols), { method: 'dmd', pseudospectrum: true, grid: '-1,1,-1,1,9,7' }, ctx);
    expect(ctx.chunksRun).toBeGreaterThan(1);
    expect(r.pseudospectrum!.tau.length).toBe(63);
    expect(r.pseudospectrum!.x.length).toBe(9);
    // conjugate symmetry: the mirrored row equals the computed one, and an unmirrored grid gives the same values
    const row = (k: number) => Array.from(r.pseudospectrum!.tau.subarray(k * 9, (k + 1) * 9));
    expect(row(0)).toEqual(row(6));
    const half = await runKoopman(table(cols), { method: 'dmd', pseudospectrum: true, grid: '-1,1,0,1,9,4' });
    for (let k = 0; k < 4; k++) {
      const want = Array.from(half.pseudospectrum!.tau.subarray(k * 9, (k + 1) * 9));
      row(3 + k).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-9));
    }
    expect(r.eigenvalues[0].discrete[0]).toBeCloseTo(0.9 * Math.cos(0.3), 2);
    expect(Math.abs(r.eigenvalues[0].discrete[1])).toBeCloseTo(0.9 * Math.sin(0.3), 2);
  });
});

describe('snapshot QR split over workers (TSQR)', () => {
  it('the stacked R factors of 3 row blocks give the same eigenvalues and residuals as the single-block QR', async () => {
    const { f, psiX, psiY, M, m } = duffingFactor();
    const fill = (buf: Float64Array, ld: number): void => {
      for (let j = 0; j < m; j++) {
        buf.set(psiX.subarray(j * M, (j + 1) * M), j * ld);
        buf.set(psiY.subarray(j * M, (j + 1) * M), (m + j) * ld);
      }
    };
    let blocks = 0;
    const fp = await factorSnapshotsParallel(M, m, 0, 3, fill, async (chunks) => {
      blocks += chunks.length;
      return chunks.map((c) => qrBlockR(c));
    });
    expect(blocks).toBe(3);
    const spectrum = (g: typeof f): { re: Float64Array; im: Float64Array; res: Float64Array } => {
      const b = galerkinBasis(g, 'full', true, [m, M]);
      const og = orthGalerkin(g, b);
      const e = eig(og.a, b.r, true);
      return { re: e.re, im: e.im, res: residualsOrth(og, e.re, e.im, e.vectorsRe!, e.vectorsIm!) };
    };
    const one = spectrum(f),
      many = spectrum(fp);
    const key = (s: { re: Float64Array; im: Float64Array; res: Float64Array }): [number, number, number][] =>
      Array.from(s.re, (r, i): [number, number, number] => [r, s.im[i], s.res[i]]).sort(
        (x, y) => x[0] - y[0] || x[1] - y[1],
      );
    const a = key(one),
      b = key(many);
    expect(b).toHaveLength(a.length);
    a.forEach((x, i) => {
      expect(Math.hypot(x[0] - b[i][0], x[1] - b[i][1])).toBeLessThan(1e-9);
      expect(Math.abs(x[2] - b[i][2])).toBeLessThan(1e-9 + 1e-6 * x[2]);
    });
  });

  it('splits only large factorizations, into the block count that minimizes the cost estimate', () => {
    // small work stays in one block whatever the worker count (a worker's start-up would cost more)
    expect(qrParts(2090, 20, 3)).toBe(1);
    expect(qrParts(10000, 1000, 2)).toBe(1);
    // without the size floor, the cost model alone: tall and narrow splits over every worker, wide does not
    expect(qrParts(2090, 20, 3, 0)).toBe(3);
    expect(qrParts(1000, 400, 2, 0)).toBe(1);
    // large enough: 200000 x 300 (3.6e10 flops) over 2 workers
    expect(qrParts(200000, 300, 2)).toBe(2);
    expect(qrParts(200000, 300, 1)).toBe(1);
  });
});

describe('inputs, methods and documents', () => {
  const A = [
    [0.9, 0.2],
    [-0.2, 0.9],
  ];
  const R = rng(4);
  const xs: number[][] = [];
  for (let k = 0; k < 100; k++) xs.push([R() - 0.5, R() - 0.5]);
  const ys = xs.map((x) => [A[0][0] * x[0] + A[0][1] * x[1], A[1][0] * x[0] + A[1][1] * x[1]]);
  const pairsTable = table({
    a: xs.map((x) => x[0]),
    b: xs.map((x) => x[1]),
    a1: ys.map((y) => y[0]),
    b1: ys.map((y) => y[1]),
  });

  it('explicit pairs: eigenvalues 0.9 +/- 0.2 i, one-step reconstruction, dt from --dt', async () => {
    const r = await runKoopman(pairsTable, { method: 'dmd', pairs: 'a,b:a1,b1', dt: 0.5, modes: 2 });
    expect(r.reconstructionKind).toBe('one-step');
    expect(r.dtSource).toBe('parameter');
    for (const e of r.eigenvalues) {
      expect(e.discrete[0]).toBeCloseTo(0.9, 10);
      expect(Math.abs(e.discrete[1])).toBeCloseTo(0.2, 10);
      expect(e.growthRate).toBeCloseTo(Math.log(Math.hypot(0.9, 0.2)) / 0.5, 9);
      expect(e.angularFrequency).toBeCloseTo(Math.atan2(0.2, 0.9) / 0.5, 9);
    }
    expect(r.oneStepError).toBeLessThan(1e-10);
    expect(r.modes).toHaveLength(2);
    const json = koopmanJson(r) as {
      dt: number;
      method: string;
      rank: number;
      eigenvalues: {
        discrete: number[];
        continuous: number[];
        frequency: number;
        growthRate: number;
        residual: number;
        amplitude: number;
      }[];
      singularValues: number[];
      reconstructionError: number;
    };
    expect(json.dt).toBe(0.5);
    expect(json.method).toBe('dmd');
    expect(json.eigenvalues[0].discrete).toHaveLength(2);
    expect(typeof json.eigenvalues[0].residual).toBe('number');
    expect(json.singularValues).toHaveLength(2);
    expect(koopmanCsv(r).split('\n')[1]).toContain('discrete_re');
  });

  it('kernel EDMD recovers the eigenvalues of a linear map among its spectrum', async () => {
    const r = await runKoopman(pairsTable, { method: 'kedmd', pairs: 'a,b:a1,b1' });
    const best = Math.min(...r.eigenvalues.map((e) => Math.hypot(e.discrete[0] - 0.9, Math.abs(e.discrete[1]) - 0.2)));
    expect(best).toBeLessThan(1e-3);
    expect(r.notes.join(' ')).toContain('pivoted Cholesky');
  });

  it('rff and delay dictionaries run and are reproducible from their seed', async () => {
    const fn = (s: number[]): number[] => [s[1], -s[0] - 0.1 * s[1]];
    const tr = rk4(fn, [1, 0], 0.1, 300, 4);
    const input = table({ t: tr.map((_, k) => k * 0.1), x: tr.map((s) => s[0]), v: tr.map((s) => s[1]) });
    const a = await runKoopman(input, { method: 'edmd', dictionary: 'rff:20', seed: 3 });
    const b = await runKoopman(input, { method: 'edmd', dictionary: 'rff:20', seed: 3 });
    expect(a.eigenvalues.map((e) => e.discrete)).toEqual(b.eigenvalues.map((e) => e.discrete));
    const d = await runKoopman(input, { method: 'edmd', dictionary: 'delay:3', columns: 'x', forecast: 10 });
    expect(d.delays).toBe(3);
    expect(d.forecast!.values[0]).toHaveLength(10);
    // damped oscillator: continuous eigenvalues -0.05 +/- i sqrt(1 - 0.0025)
    const w = Math.sqrt(1 - 0.0025);
    expect(
      Math.min(...d.eigenvalues.map((e) => Math.hypot(e.continuous[0] + 0.05, Math.abs(e.continuous[1]) - w))),
    ).toBeLessThan(1e-6);
  });

  async function badInputMessage(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(DynLensError);
      return (e as DynLensError).message;
    }
    throw new Error('expected an error');
  }

  it('bad input: NaN, constant column, rank too large, delays too long, non-uniform time, dictionary too large', async () => {
    const t = Array.from({ length: 50 }, (_, k) => k * 0.1);
    const x = t.map((v) => Math.sin(v));
    const y = t.map((v) => Math.cos(v));
    expect(await badInputMessage(runKoopman(table({ t, x: x.map((v, i) => (i === 7 ? NaN : v)), y }), {}))).toMatch(
      /column "x".*data row 8/,
    );
    expect(await badInputMessage(runKoopman(table({ t, x, c: t.map(() => 3) }), {}))).toMatch(/"c" is constant/);
    expect(await badInputMessage(runKoopman(table({ t, x, y }), { method: 'dmd', rank: '5' }))).toMatch(
      /--rank 5 is larger than possible/,
    );
    expect(await badInputMessage(runKoopman(table({ t, x, y }), { method: 'hankel', delays: 80 }))).toMatch(
      /--delays 80 is longer than the series/,
    );
    const tBad = t.map((v, i) => (i >= 30 ? v + 0.05 : v));
    expect(await badInputMessage(runKoopman(table({ t: tBad, x, y }), {}))).toMatch(/non-uniform time.*rows 30 and 31/);
    const e = await runKoopman(table({ t, x, y }), { method: 'edmd', dictionary: 'poly:40' }, testContext(1e6)).catch(
      (err: DynLensError) => err,
    );
    expect(e).toBeInstanceOf(DynLensError);
    expect((e as DynLensError).kind).toBe('too-large');
    expect((e as DynLensError).message).toMatch(/861 dictionary functions.*memory budget/);
  });

  it('an ill-conditioned Gram matrix is regularized and reported', async () => {
    const fn = (s: number[]): number[] => [s[1], -s[0]];
    const trajs = [rk4(fn, [1, 0], 0.1, 100, 4)];
    const r = await runKoopman(trajectoryTable(trajs, ['x', 'v'], 0.1), {
      method: 'edmd',
      dictionary: 'poly:4',
      trajectoryColumn: 'id',
    });
    // x^2 + v^2 is constant on the circle: monomials are linearly dependent on the data
    expect(r.regularization).toMatch(/ill-conditioned Gram matrix.*truncated pseudo-inverse keeps/);
    expect(r.rank).toBeLessThan(r.dictionarySize);
  });
});

describe('largest eigenvalue of a Lanczos tridiagonal (bisection)', () => {
  it('equals the dense symmetric eigen-solver on random, graded and split tridiagonals', () => {
    const R = rng(12);
    for (let trial = 0; trial < 40; trial++) {
      const k = 1 + (trial % 12);
      const scale = 10 ** (6 * R() - 3);
      const alpha = Float64Array.from({ length: k }, () => scale * (R() - 0.5));
      const beta = Float64Array.from({ length: k }, (_, i) => (trial % 5 === 0 && i === 1 ? 0 : scale * (R() - 0.5)));
      const t = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        t[i + i * k] = alpha[i];
        if (i + 1 < k) {
          t[i + 1 + i * k] = beta[i];
          t[i + (i + 1) * k] = beta[i];
        }
      }
      const want = symmetricEig(t, k, false).values[k - 1];
      expect(Math.abs(largestTridiagonalEigenvalue(alpha, beta, k) - want)).toBeLessThan(1e-13 * scale * k);
    }
  });
});
