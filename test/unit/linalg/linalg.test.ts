import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qrFactor, qrR, qrThinQ, qrApply } from '../../../src/analysis/linalg/qr';
import { svdTall } from '../../../src/analysis/linalg/svd';
import { eig } from '../../../src/analysis/linalg/eig';
import { symmetricEig, hermitianEigenvalues } from '../../../src/analysis/linalg/symeig';
import { lstsq } from '../../../src/analysis/linalg/lstsq';
import { complexSolve, complexCholesky, complexCholeskySolve } from '../../../src/analysis/linalg/complex';
import { matmul, transpose, gemmTN, gemmNN } from '../../../src/analysis/linalg/gemm';
import { matchEigenvalues, seededCentered as seeded } from '../../support';

/** A^T B for A stored k x m and B stored k x n (ld = rows), through gemmTN. */
function matmulTN(a: Float64Array, k: number, m: number, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(m * n);
  gemmTN(m, n, k, 1, a, 0, k, b, 0, k, 0, c, 0, m);
  return c;
}

interface SvdCase {
  name: string;
  m: number;
  n: number;
  a: number[];
  s: number[];
  absDiagR: number[];
  cond: number | null;
}
interface EigCase {
  name: string;
  n: number;
  a: number[];
  re: number[];
  im: number[];
  normA: number;
  exactRe?: number[];
  exactIm?: number[];
}
interface Fixtures {
  svd: SvdCase[];
  eig: EigCase[];
  symmetric: { n: number; a: number[]; values: number[] };
  hermitian: { n: number; re: number[]; im: number[]; values: number[] };
  lstsq: { m: number; n: number; k: number; a: number[]; b: number[]; x: number[] };
}
const fx = JSON.parse(readFileSync(join(__dirname, '../../fixtures/linalg/linalg_fixtures.json'), 'utf8')) as Fixtures;
const EPS = 2 ** -52;

function frob(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

describe('gemm kernels', () => {
  it('match a naive triple loop on odd sizes (edge blocks included)', () => {
    const r = seeded(1);
    const m = 13,
      k = 771,
      n = 7;
    const a = Float64Array.from({ length: m * k }, r);
    const b = Float64Array.from({ length: k * n }, r);
    const c = matmul(a, m, k, b, n);
    const at = transpose(a, m, k);
    const c2 = matmulTN(at, k, m, b, n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i + p * m] * b[p + j * k];
        expect(Math.abs(c[i + j * m] - s)).toBeLessThan(1e-12);
        expect(Math.abs(c2[i + j * m] - s)).toBeLessThan(1e-12);
      }
    // alpha/beta paths
    const cc = Float64Array.from({ length: m * n }, r);
    const ref = cc.map((x, idx) => 0.5 * x - 2 * c[idx]);
    gemmTN(m, n, k, -2, at, 0, k, b, 0, k, 0.5, cc, 0, m);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(cc[i] - ref[i])).toBeLessThan(1e-12);
    const d = new Float64Array(m * n);
    gemmNN(m, n, k, 3, a, 0, m, b, 0, k, d, 0, m);
    for (let i = 0; i < d.length; i++) expect(Math.abs(d[i] - 3 * c[i])).toBeLessThan(1e-11);
  });
});

describe('Householder QR (blocked)', () => {
  for (const c of fx.svd) {
    it(`${c.name}: Q orthonormal, QR = A, |diag R| matches LAPACK`, () => {
      const a = Float64Array.from(c.a);
      const f = qrFactor(a.slice(), c.m, c.n);
      const r = qrR(f);
      const q = qrThinQ(f);
      const qr = matmul(q, c.m, c.n, r, c.n);
      const na = frob(a);
      let err = 0;
      for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(qr[i] - a[i]));
      expect(err / na).toBeLessThan(50 * EPS * Math.sqrt(c.m));
      const qtq = matmulTN(q, c.m, c.n, q, c.n);
      for (let i = 0; i < c.n; i++)
        for (let j = 0; j < c.n; j++) {
          expect(Math.abs(qtq[i + j * c.n] - (i === j ? 1 : 0))).toBeLessThan(100 * EPS * Math.sqrt(c.m));
        }
      // the R factor is unique up to row signs for full-rank A: compare |r_ii| to LAPACK, scaled by ||A||
      for (let i = 0; i < c.n; i++) {
        expect(Math.abs(Math.abs(r[i + i * c.n]) - c.absDiagR[i])).toBeLessThan(1e3 * EPS * na);
      }
      // Q^T A through the reflectors equals R (zeros below the diagonal)
      const qta = a.slice();
      qrApply(f, true, qta, c.n);
      for (let j = 0; j < c.n; j++)
        for (let i = 0; i < c.m; i++) {
          const want = i <= j ? r[i + j * c.n] : 0;
          expect(Math.abs(qta[i + j * c.m] - want)).toBeLessThan(100 * EPS * na);
        }
    });
  }
});

describe('Householder QR: shapes around the recursive panel and block boundaries', () => {
  // the recursive panel splits at 8 columns and the outer blocks are 32 wide: sizes on both sides of those, wide
  // matrices (m < n), and exactly zero or repeated columns (tau = 0 reflectors, rank deficiency)
  const shapes: [number, number][] = [
    [1, 1],
    [3, 7],
    [9, 9],
    [40, 8],
    [40, 9],
    [70, 31],
    [70, 33],
    [100, 64],
    [130, 97],
    [20, 50],
  ];
  for (const [m, n] of shapes) {
    it(`${m} x ${n}: QR = A and Q^T Q = I, also with zero and repeated columns`, () => {
      const rnd = seeded(m * 1000 + n);
      for (const degenerate of [false, true]) {
        const a = Float64Array.from({ length: m * n }, rnd);
        if (degenerate && n > 2) {
          a.fill(0, 0, m);
          a.copyWithin(2 * m, m, 2 * m);
        }
        const f = qrFactor(a.slice(), m, n);
        const k = Math.min(m, n);
        const q = qrThinQ(f);
        const qr = matmul(q, m, k, qrR(f), n);
        const scale = Math.max(1, frob(a));
        for (let i = 0; i < a.length; i++)
          expect(Math.abs(qr[i] - a[i])).toBeLessThan(100 * EPS * scale * Math.sqrt(m));
        const qtq = matmulTN(q, m, k, q, k);
        for (let i = 0; i < k; i++)
          for (let j = 0; j < k; j++)
            expect(Math.abs(qtq[i + j * k] - (i === j ? 1 : 0))).toBeLessThan(100 * EPS * Math.sqrt(m));
      }
    });
  }
});

describe('SVD of tall matrices (QR + one-sided Jacobi)', () => {
  for (const c of fx.svd) {
    it(`${c.name}: singular values agree with LAPACK to eps * s_max`, () => {
      const a = Float64Array.from(c.a);
      const { s, u, v } = svdTall(a, c.m, c.n);
      const smax = c.s[0];
      for (let i = 0; i < c.n; i++) expect(Math.abs(s[i] - c.s[i])).toBeLessThan(200 * EPS * smax);
      // U diag(s) V^T reproduces A
      const us = u!.slice();
      for (let j = 0; j < c.n; j++) for (let i = 0; i < c.m; i++) us[i + j * c.m] *= s[j];
      const rec = matmul(us, c.m, c.n, transpose(v, c.n, c.n), c.n);
      let err = 0;
      for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(rec[i] - a[i]));
      expect(err).toBeLessThan(500 * EPS * smax);
      const vtv = matmulTN(v, c.n, c.n, v, c.n);
      for (let i = 0; i < c.n; i++) expect(Math.abs(vtv[i + i * c.n] - 1)).toBeLessThan(1e-12);
    });
  }
  it('ill-conditioned case: the smallest singular values keep high relative accuracy', () => {
    const c = fx.svd.find((x) => x.name.startsWith('illcond'))!;
    const { s } = svdTall(Float64Array.from(c.a), c.m, c.n);
    // the generating matrix was built with s_i = 10^(-12 i / 29); LAPACK and we agree relatively on the tail
    for (let i = 0; i < c.n; i++) expect(Math.abs(s[i] - c.s[i]) / c.s[i]).toBeLessThan(1e-3);
  });
});

function sortedEig(re: Float64Array, im: Float64Array): { re: number[]; im: number[] } {
  const idx = Array.from(re, (_, i) => i).sort((a, b) => re[a] - re[b] || im[a] - im[b]);
  return { re: idx.map((i) => re[i]), im: idx.map((i) => im[i]) };
}

describe('nonsymmetric eigen (balance + Hessenberg + Francis double shift)', () => {
  for (const c of fx.eig) {
    it(`${c.name}: eigenvalues match LAPACK and A v = lambda v`, () => {
      const a = Float64Array.from(c.a);
      const n = c.n;
      const r = eig(a, n);
      const got = sortedEig(r.re, r.im);
      const defective = c.name.startsWith('defective');
      // a Jordan block of size 4 perturbs its eigenvalue by O(eps^(1/4)) in any backward-stable method
      const tol = defective ? 2e-3 : 1e3 * EPS * Math.max(1, c.normA);
      expect(matchEigenvalues(c.re, c.im, got.re, got.im).worst).toBeLessThan(tol);
      if (c.exactRe) expect(matchEigenvalues(c.exactRe, c.exactIm!, got.re, got.im).worst).toBeLessThan(1e-13);
      if (defective) {
        const near2 = got.re.filter((x, i) => Math.hypot(x - 2, got.im[i]) < 2e-3).length;
        expect(near2).toBe(4);
      }
      // residuals ||A v - lambda v|| relative to ||A|| (skip the defective block, whose vectors are ill-defined)
      const vr = r.vectorsRe!;
      const vi = r.vectorsIm!;
      for (let j = 0; j < n; j++) {
        if (defective && Math.hypot(r.re[j] - 2, r.im[j]) < 1e-2) continue;
        let res = 0;
        let nv = 0;
        for (let i = 0; i < n; i++) {
          let sr = 0,
            si = 0;
          for (let k = 0; k < n; k++) {
            sr += a[i + k * n] * vr[k + j * n];
            si += a[i + k * n] * vi[k + j * n];
          }
          sr -= r.re[j] * vr[i + j * n] - r.im[j] * vi[i + j * n];
          si -= r.re[j] * vi[i + j * n] + r.im[j] * vr[i + j * n];
          res += sr * sr + si * si;
          nv += vr[i + j * n] ** 2 + vi[i + j * n] ** 2;
        }
        if (c.normA === 0) continue;
        expect(Math.abs(nv - 1)).toBeLessThan(1e-12);
        expect(Math.sqrt(res) / c.normA).toBeLessThan(c.name.startsWith('badly') ? 1e-6 : 1e-11);
      }
    });
  }
});

describe('symmetric and Hermitian eigen (Jacobi)', () => {
  it('symmetric eigenvalues and orthonormal vectors', () => {
    const { n, a, values } = fx.symmetric;
    const r = symmetricEig(Float64Array.from(a), n);
    for (let i = 0; i < n; i++) expect(Math.abs(r.values[i] - values[i])).toBeLessThan(1e-13 * 10);
    const vtv = matmulTN(r.vectors!, n, n, r.vectors!, n);
    for (let i = 0; i < n; i++) expect(Math.abs(vtv[i + i * n] - 1)).toBeLessThan(1e-13);
  });
  it('Hermitian eigenvalues through the real embedding', () => {
    const { n, re, im, values } = fx.hermitian;
    const got = hermitianEigenvalues(Float64Array.from(re), Float64Array.from(im), n);
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - values[i])).toBeLessThan(1e-12);
  });
});

describe('least squares and complex kernels', () => {
  it('lstsq matches LAPACK', () => {
    const { m, n, k, a, b, x } = fx.lstsq;
    const r = lstsq(Float64Array.from(a), m, n, Float64Array.from(b), k);
    for (let i = 0; i < n * k; i++) expect(Math.abs(r.x[i] - x[i])).toBeLessThan(1e-13);
  });
  it('complex solve and Cholesky reproduce their right-hand sides', () => {
    const r = seeded(7);
    const n = 9;
    const a = {
      re: Float64Array.from({ length: n * n }, r),
      im: Float64Array.from({ length: n * n }, r),
      rows: n,
      cols: n,
    };
    const b = { re: Float64Array.from({ length: n }, r), im: Float64Array.from({ length: n }, r), rows: n, cols: 1 };
    const { x } = complexSolve(a, b);
    for (let i = 0; i < n; i++) {
      let sr = 0,
        si = 0;
      for (let k = 0; k < n; k++) {
        sr += a.re[i + k * n] * x.re[k] - a.im[i + k * n] * x.im[k];
        si += a.re[i + k * n] * x.im[k] + a.im[i + k * n] * x.re[k];
      }
      expect(Math.abs(sr - b.re[i]) + Math.abs(si - b.im[i])).toBeLessThan(1e-12);
    }
    // H = A* A + I is Hermitian positive definite
    const hr = new Float64Array(n * n);
    const hi = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let sr = i === j ? 1 : 0,
          si = 0;
        for (let k = 0; k < n; k++) {
          // conj(a_ki) a_kj
          const ar = a.re[k + i * n],
            ai = -a.im[k + i * n],
            br = a.re[k + j * n],
            bi = a.im[k + j * n];
          sr += ar * br - ai * bi;
          si += ar * bi + ai * br;
        }
        hr[i + j * n] = sr;
        hi[i + j * n] = si;
      }
    const lr = hr.slice(),
      li = hi.slice();
    expect(complexCholesky(lr, li, n)).toBe(-1);
    const xr = b.re.slice(),
      xi = b.im.slice();
    complexCholeskySolve(lr, li, n, xr, xi);
    for (let i = 0; i < n; i++) {
      let sr = 0,
        si = 0;
      for (let k = 0; k < n; k++) {
        sr += hr[i + k * n] * xr[k] - hi[i + k * n] * xi[k];
        si += hr[i + k * n] * xi[k] + hi[i + k * n] * xr[k];
      }
      expect(Math.abs(sr - b.re[i]) + Math.abs(si - b.im[i])).toBeLessThan(1e-12);
    }
  });
});
