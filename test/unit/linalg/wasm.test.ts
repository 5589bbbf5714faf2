import { describe, expect, it, afterEach } from 'vitest';
import { gemmNN, gemmTN } from '../../../src/analysis/linalg/gemm';
import { qrFactor, qrR, qrThinQ, qrApply } from '../../../src/analysis/linalg/qr';
import { setWasmKernels, wasmKernelsAvailable, withWasmWorkspace } from '../../../src/analysis/linalg/wasm';
import { complexCholesky, complexCholeskySolve } from '../../../src/analysis/linalg/complex';
import { eig } from '../../../src/analysis/linalg/eig';
import { svdSquare } from '../../../src/analysis/linalg/bidiagsvd';
import { seededCentered as seeded } from '../../support';

const fill = (n: number, seed: number): Float64Array => Float64Array.from({ length: n }, seeded(seed));

/** Naive reference product. */
function naive(transA: boolean, m: number, n: number, k: number, a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(m * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p + i * k] : a[i + p * m]) * b[p + j * k];
      c[i + j * m] = s;
    }
  return c;
}

afterEach(() => setWasmKernels(true));

describe('WebAssembly SIMD kernels', () => {
  it('load in this runtime (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  // odd sizes exercise every remainder loop of the 4 x 4 (NN) and 4 x 2 (TN) register tiles
  for (const [m, n, k] of [
    [37, 13, 9],
    [64, 64, 33],
    [5, 7, 300],
    [203, 9, 1031],
  ]) {
    it(`gemm ${m}x${n}x${k} in a workspace and staged from ordinary arrays equals the naive product`, () => {
      const a = fill(m * k, m + 1),
        b = fill(k * n, n + 2),
        at = fill(k * m, k + 3);
      const want = naive(false, m, n, k, a, b),
        wantT = naive(true, m, n, k, at, b);
      const tol = 1e-13 * k;
      // staged: ordinary arrays copied in and out
      const c = new Float64Array(m * n);
      gemmNN(m, n, k, 1, a, 0, m, b, 0, k, c, 0, m);
      const ct = new Float64Array(m * n);
      gemmTN(m, n, k, 1, at, 0, k, b, 0, k, 0, ct, 0, m);
      for (let i = 0; i < m * n; i++) {
        expect(Math.abs(c[i] - want[i])).toBeLessThan(tol);
        expect(Math.abs(ct[i] - wantT[i])).toBeLessThan(tol);
      }
      // in place: every operand a view of the workspace (what the QR does), alpha and accumulation included
      const ran = withWasmWorkspace(m * k + k * n + m * n, (ws) => {
        const wa = ws.subarray(0, m * k),
          wb = ws.subarray(m * k, m * k + k * n),
          wc = ws.subarray(m * k + k * n);
        wa.set(a);
        wb.set(b);
        wc.fill(1);
        gemmNN(m, n, k, -2, wa, 0, m, wb, 0, k, wc, 0, m);
        for (let i = 0; i < m * n; i++) expect(Math.abs(wc[i] - (1 - 2 * want[i]))).toBeLessThan(2 * tol);
        return true;
      });
      expect(ran).toBe(true);
    });
  }

  it('only one workspace is open at a time (a larger one would replace the instance under the outer views)', () => {
    const inner = withWasmWorkspace(10, () => withWasmWorkspace(10, () => 1));
    expect(inner).toBeUndefined();
  });

  it('a larger workspace never detaches the buffer of an earlier one (no memory is grown), and its kernels still run', () => {
    setWasmKernels(false); // drops the instance: the next workspace starts on the smallest memory
    setWasmKernels(true);
    const first = withWasmWorkspace(16, (ws) => ws.buffer);
    const m = 300;
    const product = withWasmWorkspace(3 * m * m, (ws) => {
      const a = ws.subarray(0, m * m);
      const b = ws.subarray(m * m, 2 * m * m);
      const c = ws.subarray(2 * m * m, 3 * m * m);
      a.set(fill(m * m, 3));
      b.set(fill(m * m, 4));
      c.fill(0);
      gemmNN(m, m, m, 1, a, 0, m, b, 0, m, c, 0, m);
      return { buffer: ws.buffer, c: Float64Array.from(c), a: Float64Array.from(a), b: Float64Array.from(b) };
    });
    expect(first).toBeDefined();
    expect(product).toBeDefined();
    expect(product!.buffer).not.toBe(first);
    expect(first!.byteLength).toBeGreaterThan(0); // a grown memory would have detached it (byteLength 0)
    const want = naive(false, m, m, m, product!.a, product!.b);
    for (let i = 0; i < want.length; i += 97) expect(product!.c[i]).toBeCloseTo(want[i], 9);
  });

  it('QR through the SIMD path agrees with the scalar path', () => {
    const m = 400,
      n = 80; // m n^2 above the size where qrFactor copies into the workspace
    const a = fill(m * n, 42);
    setWasmKernels(false);
    const fs = qrFactor(a.slice(), m, n);
    const rs = qrR(fs),
      qs = qrThinQ(fs);
    const cs = fill(m * 20, 7);
    qrApply(fs, true, cs, 20);
    setWasmKernels(true);
    const fw = qrFactor(a.slice(), m, n);
    const rw = qrR(fw),
      qw = qrThinQ(fw);
    const cw = fill(m * 20, 7);
    qrApply(fw, true, cw, 20);
    for (let i = 0; i < rs.length; i++) expect(Math.abs(rs[i] - rw[i])).toBeLessThan(1e-12);
    for (let i = 0; i < qs.length; i++) expect(Math.abs(qs[i] - qw[i])).toBeLessThan(1e-12);
    for (let i = 0; i < cs.length; i++) expect(Math.abs(cs[i] - cw[i])).toBeLessThan(1e-12);
  });

  it('complex Cholesky and solve in a workspace equal the scalar kernels (odd n, and an indefinite matrix)', () => {
    for (const n of [1, 2, 37]) {
      // H = B B^* + I, Hermitian positive definite
      const br = fill(n * n, n),
        bi = fill(n * n, n + 1);
      const hr = new Float64Array(n * n),
        hi = new Float64Array(n * n);
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          let sr = i === j ? 1 : 0,
            si = 0;
          for (let k = 0; k < n; k++) {
            sr += br[i + k * n] * br[j + k * n] + bi[i + k * n] * bi[j + k * n];
            si += bi[i + k * n] * br[j + k * n] - br[i + k * n] * bi[j + k * n];
          }
          hr[i + j * n] = sr;
          hi[i + j * n] = si;
        }
      const lr = hr.slice(),
        li = hi.slice();
      expect(complexCholesky(lr, li, n)).toBe(-1);
      const xr = fill(n, 5),
        xi = fill(n, 6);
      const sr = xr.slice(),
        si = xi.slice();
      complexCholeskySolve(lr, li, n, sr, si);
      const ran = withWasmWorkspace(4 * n * n + 2 * n, (ws) => {
        const wr = ws.subarray(0, n * n),
          wi = ws.subarray(n * n, 2 * n * n),
          vr = ws.subarray(2 * n * n, 2 * n * n + n),
          vi = ws.subarray(2 * n * n + n, 2 * n * n + 2 * n);
        wr.set(hr);
        wi.set(hi);
        vr.set(xr);
        vi.set(xi);
        expect(complexCholesky(wr, wi, n)).toBe(-1);
        for (let j = 0; j < n; j++)
          for (let i = j; i < n; i++) {
            expect(Math.abs(wr[i + j * n] - lr[i + j * n])).toBeLessThan(1e-12 * n);
            expect(Math.abs(wi[i + j * n] - li[i + j * n])).toBeLessThan(1e-12 * n);
          }
        complexCholeskySolve(wr, wi, n, vr, vi);
        for (let i = 0; i < n; i++) expect(Math.hypot(vr[i] - sr[i], vi[i] - si[i])).toBeLessThan(1e-10);
        // indefinite: both report the same failing column
        wr.set(hr);
        wi.set(hi);
        wr[n - 1 + (n - 1) * n] = -1e6;
        const bad = hr.slice();
        bad[n - 1 + (n - 1) * n] = -1e6;
        expect(complexCholesky(wr, wi, n)).toBe(complexCholesky(bad, hi.slice(), n));
        return true;
      });
      expect(ran).toBe(true);
    }
  });

  it('eig on the compiled Hessenberg and Francis stages equals the scalar stages (random, repeated-eigenvalue, rotation blocks)', () => {
    const cases: Float64Array[] = [];
    const n = 23;
    cases.push(fill(n * n, 9));
    // a Jordan-like block (defective) and exact rotation pairs, mixed by nothing: structure the iteration must keep
    const j = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      j[i + i * n] = i < 6 ? 0.5 : Math.cos(i);
      if (i + 1 < n && i < 5) j[i + (i + 1) * n] = 1;
    }
    for (let i = 8; i + 1 < n; i += 3) {
      j[i + (i + 1) * n] = -0.7;
      j[i + 1 + i * n] = 0.7;
    }
    cases.push(j);
    for (const a of cases) {
      setWasmKernels(false);
      const s = eig(a, n, true);
      setWasmKernels(true);
      const w = eig(a, n, true);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(s.re[i] - w.re[i])).toBeLessThan(1e-12);
        expect(Math.abs(s.im[i] - w.im[i])).toBeLessThan(1e-12);
      }
      for (let i = 0; i < n * n; i++) {
        expect(Math.abs(s.vectorsRe![i] - w.vectorsRe![i])).toBeLessThan(1e-9);
        expect(Math.abs(s.vectorsIm![i] - w.vectorsIm![i])).toBeLessThan(1e-9);
      }
    }
  });

  it('the bidiagonal SVD with its rotations on the SIMD kernel equals the scalar one', () => {
    const n = 31;
    const a = fill(n * n, 77);
    setWasmKernels(false);
    const s = svdSquare(a, n);
    setWasmKernels(true);
    const w = svdSquare(a, n);
    for (let i = 0; i < n; i++) expect(Math.abs(s.s[i] - w.s[i])).toBeLessThan(1e-13);
    for (let i = 0; i < n * n; i++) {
      expect(Math.abs(s.u[i] - w.u[i])).toBeLessThan(1e-11);
      expect(Math.abs(s.v[i] - w.v[i])).toBeLessThan(1e-11);
    }
  });
});
