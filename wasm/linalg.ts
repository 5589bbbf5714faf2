// AssemblyScript source of the WebAssembly SIMD kernels behind src/analysis/linalg/gemm.ts. Compiled by
// scripts/build-wasm.mjs into src/analysis/linalg/wasm-kernels.ts (base64, committed), so the analysis core loads it
// synchronously in workers, the CLI and unit tests without a file lookup.
//
// Column-major matrices; every pointer is a byte offset into this module's memory, which the TypeScript side fills
// (src/analysis/linalg/wasm.ts). Register blocking as in the scalar kernels (Goto & van de Geijn, ACM TOMS 34(3),
// 2008), on f64x2 lanes: no fused multiply-add in baseline WebAssembly SIMD, so one mul and one add per lane.

/** Rows of A kept hot across the columns of C in gemmNN (192 rows x 32 columns x 8 bytes = 48 KB). */
const ROW_BLOCK: i32 = 192;
/** Length of the dot-product panels of gemmTN. */
const DOT_BLOCK: i32 = 512;

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

/** C (m x n, ldc) += alpha * A (m x k, lda) * B (k x n, ldb). */
export function gemmNN(m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const sa = <usize>lda << 3, sb = <usize>ldb << 3, sc = <usize>ldc << 3;
  const va = f64x2.splat(alpha);
  for (let i0: i32 = 0; i0 < m; i0 += ROW_BLOCK) {
    const i1 = min(m, i0 + ROW_BLOCK);
    let j: i32 = 0;
    for (; j + 3 < n; j += 4) {
      let i: i32 = i0;
      for (; i + 3 < i1; i += 4) {
        let c00 = f64x2.splat(0), c10 = f64x2.splat(0), c01 = f64x2.splat(0), c11 = f64x2.splat(0);
        let c02 = f64x2.splat(0), c12 = f64x2.splat(0), c03 = f64x2.splat(0), c13 = f64x2.splat(0);
        let pa = at(a, i);
        let pb = at(b, j * ldb);
        for (let p: i32 = 0; p < k; p++) {
          const a0 = v128.load(pa), a1 = v128.load(pa, 16);
          const b0 = f64x2.splat(load<f64>(pb)), b1 = f64x2.splat(load<f64>(pb + sb));
          const b2 = f64x2.splat(load<f64>(pb + 2 * sb)), b3 = f64x2.splat(load<f64>(pb + 3 * sb));
          c00 = f64x2.add(c00, f64x2.mul(a0, b0)); c10 = f64x2.add(c10, f64x2.mul(a1, b0));
          c01 = f64x2.add(c01, f64x2.mul(a0, b1)); c11 = f64x2.add(c11, f64x2.mul(a1, b1));
          c02 = f64x2.add(c02, f64x2.mul(a0, b2)); c12 = f64x2.add(c12, f64x2.mul(a1, b2));
          c03 = f64x2.add(c03, f64x2.mul(a0, b3)); c13 = f64x2.add(c13, f64x2.mul(a1, b3));
          pa += sa;
          pb += 8;
        }
        let pc = at(c, i + j * ldc);
        v128.store(pc, f64x2.add(v128.load(pc), f64x2.mul(va, c00)));
        v128.store(pc, f64x2.add(v128.load(pc, 16), f64x2.mul(va, c10)), 16);
        pc += sc;
        v128.store(pc, f64x2.add(v128.load(pc), f64x2.mul(va, c01)));
        v128.store(pc, f64x2.add(v128.load(pc, 16), f64x2.mul(va, c11)), 16);
        pc += sc;
        v128.store(pc, f64x2.add(v128.load(pc), f64x2.mul(va, c02)));
        v128.store(pc, f64x2.add(v128.load(pc, 16), f64x2.mul(va, c12)), 16);
        pc += sc;
        v128.store(pc, f64x2.add(v128.load(pc), f64x2.mul(va, c03)));
        v128.store(pc, f64x2.add(v128.load(pc, 16), f64x2.mul(va, c13)), 16);
      }
      for (; i < i1; i++) {
        for (let jj = j; jj < j + 4; jj++) dotNN(i, jj, k, alpha, a, lda, b, ldb, c, ldc);
      }
    }
    for (; j < n; j++) {
      for (let i = i0; i < i1; i++) dotNN(i, j, k, alpha, a, lda, b, ldb, c, ldc);
    }
  }
}

@inline function dotNN(i: i32, j: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  let s: f64 = 0;
  for (let p: i32 = 0; p < k; p++) s += load<f64>(at(a, i + p * lda)) * load<f64>(at(b, p + j * ldb));
  const pc = at(c, i + j * ldc);
  store<f64>(pc, load<f64>(pc) + alpha * s);
}

/** C (m x n, ldc) += alpha * A^T B with A stored k x m (lda) and B stored k x n (ldb): dot products of columns. */
export function gemmTN(m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  for (let p0: i32 = 0; p0 < k; p0 += DOT_BLOCK) {
    const p1 = min(k, p0 + DOT_BLOCK);
    const pairs = (p1 - p0) >> 1;
    let j: i32 = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = at(b, p0 + j * ldb), b1 = at(b, p0 + (j + 1) * ldb);
      let i: i32 = 0;
      for (; i + 3 < m; i += 4) {
        const a0 = at(a, p0 + i * lda), a1 = at(a, p0 + (i + 1) * lda);
        const a2 = at(a, p0 + (i + 2) * lda), a3 = at(a, p0 + (i + 3) * lda);
        let s00 = f64x2.splat(0), s10 = f64x2.splat(0), s20 = f64x2.splat(0), s30 = f64x2.splat(0);
        let s01 = f64x2.splat(0), s11 = f64x2.splat(0), s21 = f64x2.splat(0), s31 = f64x2.splat(0);
        for (let q: i32 = 0; q < pairs; q++) {
          const o = <usize>q << 4;
          const x0 = v128.load(b0 + o), x1 = v128.load(b1 + o);
          const y0 = v128.load(a0 + o), y1 = v128.load(a1 + o), y2 = v128.load(a2 + o), y3 = v128.load(a3 + o);
          s00 = f64x2.add(s00, f64x2.mul(y0, x0)); s10 = f64x2.add(s10, f64x2.mul(y1, x0));
          s20 = f64x2.add(s20, f64x2.mul(y2, x0)); s30 = f64x2.add(s30, f64x2.mul(y3, x0));
          s01 = f64x2.add(s01, f64x2.mul(y0, x1)); s11 = f64x2.add(s11, f64x2.mul(y1, x1));
          s21 = f64x2.add(s21, f64x2.mul(y2, x1)); s31 = f64x2.add(s31, f64x2.mul(y3, x1));
        }
        let t00 = hsum(s00), t10 = hsum(s10), t20 = hsum(s20), t30 = hsum(s30);
        let t01 = hsum(s01), t11 = hsum(s11), t21 = hsum(s21), t31 = hsum(s31);
        if ((p1 - p0) & 1) {
          const o = <usize>(p1 - p0 - 1) << 3;
          const x0 = load<f64>(b0 + o), x1 = load<f64>(b1 + o);
          const y0 = load<f64>(a0 + o), y1 = load<f64>(a1 + o), y2 = load<f64>(a2 + o), y3 = load<f64>(a3 + o);
          t00 += y0 * x0; t10 += y1 * x0; t20 += y2 * x0; t30 += y3 * x0;
          t01 += y0 * x1; t11 += y1 * x1; t21 += y2 * x1; t31 += y3 * x1;
        }
        const c0 = at(c, i + j * ldc), c1 = at(c, i + (j + 1) * ldc);
        store<f64>(c0, load<f64>(c0) + alpha * t00); store<f64>(c0, load<f64>(c0, 8) + alpha * t10, 8);
        store<f64>(c0, load<f64>(c0, 16) + alpha * t20, 16); store<f64>(c0, load<f64>(c0, 24) + alpha * t30, 24);
        store<f64>(c1, load<f64>(c1) + alpha * t01); store<f64>(c1, load<f64>(c1, 8) + alpha * t11, 8);
        store<f64>(c1, load<f64>(c1, 16) + alpha * t21, 16); store<f64>(c1, load<f64>(c1, 24) + alpha * t31, 24);
      }
      for (; i < m; i++) {
        dotTN(i, j, p0, p1, alpha, a, lda, b, ldb, c, ldc);
        dotTN(i, j + 1, p0, p1, alpha, a, lda, b, ldb, c, ldc);
      }
    }
    for (; j < n; j++) {
      for (let i: i32 = 0; i < m; i++) dotTN(i, j, p0, p1, alpha, a, lda, b, ldb, c, ldc);
    }
  }
}

@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

@inline function dotTN(i: i32, j: i32, p0: i32, p1: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  let s: f64 = 0;
  for (let p = p0; p < p1; p++) s += load<f64>(at(a, p + i * lda)) * load<f64>(at(b, p + j * ldb));
  const pc = at(c, i + j * ldc);
  store<f64>(pc, load<f64>(pc) + alpha * s);
}

/**
 * Lower Cholesky factor L L^* of the Hermitian positive definite n x n matrix H, in place (real and imaginary parts
 * in separate column-major arrays; the lower triangle is read). Left-looking, two columns k per pass, f64x2 lanes
 * over rows. Returns -1, or the column whose pivot was not positive. Same algorithm as complexCholesky in
 * src/analysis/linalg/complex.ts.
 */
export function complexCholesky(n: i32, re: usize, im: usize): i32 {
  for (let j: i32 = 0; j < n; j++) {
    let d = load<f64>(at(re, j + j * n));
    for (let k: i32 = 0; k < j; k++) {
      const lr = load<f64>(at(re, j + k * n)), li = load<f64>(at(im, j + k * n));
      d -= lr * lr + li * li;
    }
    if (!(d > 0)) return j;
    const ljj = Math.sqrt(d);
    store<f64>(at(re, j + j * n), ljj);
    store<f64>(at(im, j + j * n), 0);
    const cr = at(re, j * n), ci = at(im, j * n);
    let k: i32 = 0;
    for (; k + 1 < j; k += 2) {
      // c_i -= l_ik conj(l_jk) + l_i,k+1 conj(l_j,k+1)
      const ar0 = load<f64>(at(re, j + k * n)), ai0 = -load<f64>(at(im, j + k * n));
      const ar1 = load<f64>(at(re, j + (k + 1) * n)), ai1 = -load<f64>(at(im, j + (k + 1) * n));
      const var0 = f64x2.splat(ar0), vai0 = f64x2.splat(ai0), var1 = f64x2.splat(ar1), vai1 = f64x2.splat(ai1);
      const xr0 = at(re, k * n), xi0 = at(im, k * n), xr1 = at(re, (k + 1) * n), xi1 = at(im, (k + 1) * n);
      let i: i32 = j + 1;
      for (; i + 1 < n; i += 2) {
        const o = <usize>i << 3;
        const r0 = v128.load(xr0 + o), q0 = v128.load(xi0 + o), r1 = v128.load(xr1 + o), q1 = v128.load(xi1 + o);
        const sr = f64x2.add(f64x2.sub(f64x2.mul(r0, var0), f64x2.mul(q0, vai0)), f64x2.sub(f64x2.mul(r1, var1), f64x2.mul(q1, vai1)));
        const si = f64x2.add(f64x2.add(f64x2.mul(r0, vai0), f64x2.mul(q0, var0)), f64x2.add(f64x2.mul(r1, vai1), f64x2.mul(q1, var1)));
        v128.store(cr + o, f64x2.sub(v128.load(cr + o), sr));
        v128.store(ci + o, f64x2.sub(v128.load(ci + o), si));
      }
      for (; i < n; i++) {
        const o = <usize>i << 3;
        const r0 = load<f64>(xr0 + o), q0 = load<f64>(xi0 + o), r1 = load<f64>(xr1 + o), q1 = load<f64>(xi1 + o);
        store<f64>(cr + o, load<f64>(cr + o) - (r0 * ar0 - q0 * ai0 + r1 * ar1 - q1 * ai1));
        store<f64>(ci + o, load<f64>(ci + o) - (r0 * ai0 + q0 * ar0 + r1 * ai1 + q1 * ar1));
      }
    }
    for (; k < j; k++) {
      const ar = load<f64>(at(re, j + k * n)), ai = -load<f64>(at(im, j + k * n));
      const xr = at(re, k * n), xi = at(im, k * n);
      for (let i: i32 = j + 1; i < n; i++) {
        const o = <usize>i << 3;
        const r0 = load<f64>(xr + o), q0 = load<f64>(xi + o);
        store<f64>(cr + o, load<f64>(cr + o) - (r0 * ar - q0 * ai));
        store<f64>(ci + o, load<f64>(ci + o) - (r0 * ai + q0 * ar));
      }
    }
    const inv = 1 / ljj;
    for (let i: i32 = j + 1; i < n; i++) {
      const o = <usize>i << 3;
      store<f64>(cr + o, load<f64>(cr + o) * inv);
      store<f64>(ci + o, load<f64>(ci + o) * inv);
    }
  }
  return -1;
}

/** y[i] -= c x[i] for i in [from, to), complex (split re/im arrays), on f64x2 lanes. */
@inline function complexAxpy(from: i32, to: i32, cr: f64, ci: f64, xr: usize, xi: usize, yr: usize, yi: usize): void {
  const vcr = f64x2.splat(cr), vci = f64x2.splat(ci);
  let i = from;
  for (; i + 1 < to; i += 2) {
    const o = <usize>i << 3;
    const a = v128.load(xr + o), b = v128.load(xi + o);
    v128.store(yr + o, f64x2.sub(v128.load(yr + o), f64x2.sub(f64x2.mul(vcr, a), f64x2.mul(vci, b))));
    v128.store(yi + o, f64x2.sub(v128.load(yi + o), f64x2.add(f64x2.mul(vcr, b), f64x2.mul(vci, a))));
  }
  for (; i < to; i++) {
    const o = <usize>i << 3;
    const a = load<f64>(xr + o), b = load<f64>(xi + o);
    store<f64>(yr + o, load<f64>(yr + o) - (cr * a - ci * b));
    store<f64>(yi + o, load<f64>(yi + o) - (cr * b + ci * a));
  }
}

/** Solves L L^* x = b in place (b = br + i bi, length n) with the factor from complexCholesky. */
export function complexCholeskySolve(n: i32, lr: usize, li: usize, br: usize, bi: usize): void {
  // forward: L y = b, column-oriented axpys on f64x2 lanes
  for (let j: i32 = 0; j < n; j++) {
    const d = load<f64>(at(lr, j + j * n));
    const yr = load<f64>(at(br, j)) / d, yi = load<f64>(at(bi, j)) / d;
    store<f64>(at(br, j), yr);
    store<f64>(at(bi, j), yi);
    complexAxpy(j + 1, n, yr, yi, at(lr, j * n), at(li, j * n), br, bi);
  }
  // backward: L^* x = y, row i of L^* is the conjugate of column i of L: dot products on f64x2 lanes
  for (let i: i32 = n - 1; i >= 0; i--) {
    const ar = at(lr, i * n), ai = at(li, i * n);
    let sr = f64x2.splat(0), si = f64x2.splat(0);
    let k: i32 = i + 1;
    for (; k + 1 < n; k += 2) {
      const o = <usize>k << 3;
      const xr = v128.load(ar + o), xi = v128.load(ai + o), yr = v128.load(br + o), yi = v128.load(bi + o);
      // conj(l_ki) y_k = (xr - i xi)(yr + i yi)
      sr = f64x2.add(sr, f64x2.add(f64x2.mul(xr, yr), f64x2.mul(xi, yi)));
      si = f64x2.add(si, f64x2.sub(f64x2.mul(xr, yi), f64x2.mul(xi, yr)));
    }
    let tr = load<f64>(at(br, i)) - hsum(sr), ti = load<f64>(at(bi, i)) - hsum(si);
    for (; k < n; k++) {
      const o = <usize>k << 3;
      const xr = load<f64>(ar + o), xi = load<f64>(ai + o), yr = load<f64>(br + o), yi = load<f64>(bi + o);
      tr -= xr * yr + xi * yi;
      ti -= xr * yi - xi * yr;
    }
    const d = load<f64>(at(lr, i + i * n));
    store<f64>(at(br, i), tr / d);
    store<f64>(at(bi, i), ti / d);
  }
}

/**
 * Two passes of classical Gram-Schmidt of the complex vector y (length r) against columns 0..j of Q (leading
 * dimension r), in place: the full reorthogonalization of the pseudospectrum's Lanczos iteration. Returns the real
 * part of q_j^* y from the first pass (the Lanczos coefficient alpha_j).
 */
export function orthogonalize(r: i32, j: i32, qr: usize, qi: usize, yr: usize, yi: usize): f64 {
  let alpha: f64 = 0;
  for (let pass: i32 = 0; pass < 2; pass++) {
    for (let i: i32 = 0; i <= j; i++) {
      const ar = at(qr, i * r), ai = at(qi, i * r);
      let sr = f64x2.splat(0), si = f64x2.splat(0);
      let l: i32 = 0;
      for (; l + 1 < r; l += 2) {
        const o = <usize>l << 3;
        const a = v128.load(ar + o), b = v128.load(ai + o), c = v128.load(yr + o), d = v128.load(yi + o);
        sr = f64x2.add(sr, f64x2.add(f64x2.mul(a, c), f64x2.mul(b, d)));
        si = f64x2.add(si, f64x2.sub(f64x2.mul(a, d), f64x2.mul(b, c)));
      }
      let cr = hsum(sr), ci = hsum(si);
      for (; l < r; l++) {
        const o = <usize>l << 3;
        const a = load<f64>(ar + o), b = load<f64>(ai + o), c = load<f64>(yr + o), d = load<f64>(yi + o);
        cr += a * c + b * d;
        ci += a * d - b * c;
      }
      if (pass == 0 && i == j) alpha = cr;
      complexAxpy(0, r, cr, ci, ar, ai, yr, yi);
    }
  }
  return alpha;
}

/**
 * The lower triangle of H(z) = G0 - x S + |z|^2 I + i y K (S = A + A^T, K = A - A^T, all r x r) into (hr, hi), and a
 * copy of it into (lr, li) for the Cholesky factorization.
 */
export function shiftedHermitian(r: i32, g0: usize, sym: usize, skew: usize, x: f64, y: f64, hr: usize, hi: usize, lr: usize, li: usize): void {
  const vx = f64x2.splat(x), vy = f64x2.splat(y);
  const z2 = x * x + y * y;
  for (let j: i32 = 0; j < r; j++) {
    let i: i32 = j;
    for (; i + 1 < r; i += 2) {
      const o = <usize>(i + j * r) << 3;
      const re = f64x2.sub(v128.load(g0 + o), f64x2.mul(vx, v128.load(sym + o)));
      const im = f64x2.mul(vy, v128.load(skew + o));
      v128.store(hr + o, re);
      v128.store(hi + o, im);
      v128.store(lr + o, re);
      v128.store(li + o, im);
    }
    for (; i < r; i++) {
      const o = <usize>(i + j * r) << 3;
      const re = load<f64>(g0 + o) - x * load<f64>(sym + o), im = y * load<f64>(skew + o);
      store<f64>(hr + o, re);
      store<f64>(hi + o, im);
      store<f64>(lr + o, re);
      store<f64>(li + o, im);
    }
    const d = <usize>(j + j * r) << 3;
    store<f64>(hr + d, load<f64>(hr + d) + z2);
    store<f64>(lr + d, load<f64>(hr + d));
  }
}

// ---- nonsymmetric eigenvalues: the two O(n^3) stages of src/analysis/linalg/eig.ts, same algorithms and steps (the
// reflector updates' dot products sum in SIMD lanes, so results can differ in the last bits): Householder Hessenberg
// reduction, Golub & Van Loan Alg. 7.4.2; Francis double-shift QR with the deflation tests and exceptional shifts of
// EISPACK's hqr2, Wilkinson & Reinsch 1971, II/15.

@inline function el(a: usize, n: i32, i: i32, j: i32): usize {
  return a + (<usize>(i + j * n) << 3);
}

/**
 * Householder reduction of h (n x n) to upper Hessenberg form in place, accumulating V (set to the identity by the
 * caller) with A = V H V^T. u and w are scratch vectors of length n.
 */
export function hessenberg(n: i32, h: usize, v: usize, u: usize, w: usize): void {
  for (let k: i32 = 0; k < n - 2; k++) {
    let scale: f64 = 0;
    for (let i = k + 1; i < n; i++) scale += Math.abs(load<f64>(el(h, n, i, k)));
    if (scale == 0) continue;
    let ss: f64 = 0;
    for (let i = k + 1; i < n; i++) {
      const ui = load<f64>(el(h, n, i, k)) / scale;
      store<f64>(at(u, i), ui);
      ss += ui * ui;
    }
    const u1 = load<f64>(at(u, k + 1));
    const g = u1 >= 0 ? -Math.sqrt(ss) : Math.sqrt(ss);
    const hh = ss - u1 * g;
    store<f64>(at(u, k + 1), u1 - g);
    // left: H = P H on rows k+1.., columns k..n-1; right: H = H P and V = V P on all rows, columns k+1..
    const x = at(u, k + 1);
    reflectColumns(n - k - 1, x, 1 / hh, el(h, n, k + 1, k), n, n - k);
    reflectRows(n, n - k - 1, x, 1 / hh, el(h, n, 0, k + 1), n, w);
    reflectRows(n, n - k - 1, x, 1 / hh, el(v, n, 0, k + 1), n, w);
    for (let i = k + 2; i < n; i++) store<f64>(el(h, n, i, k), 0);
  }
}

/**
 * Francis double-shift QR of the Hessenberg h (n x n) to real Schur form, accumulating into v when withV; writes the
 * eigenvalues to wr, wi. `norm` is the 1-norm of the Hessenberg entries (computed by the caller). Returns 0, or -1
 * after 30 max(n, 10) sweeps without convergence.
 */
export function francis(n: i32, h: usize, v: usize, withV: bool, wr: usize, wi: usize, norm: f64): i32 {
  const EPS: f64 = 2.220446049250313e-16;
  let nn: i32 = n - 1;
  let iter: i32 = 0;
  let totalIter: i32 = 0;
  let exshift: f64 = 0;
  let p: f64 = 0, q: f64 = 0, r: f64 = 0, s: f64 = 0, z: f64 = 0, w: f64 = 0, x: f64 = 0, y: f64 = 0;
  while (nn >= 0) {
    let l = nn;
    while (l > 0) {
      s = Math.abs(load<f64>(el(h, n, l - 1, l - 1))) + Math.abs(load<f64>(el(h, n, l, l)));
      if (s == 0) s = norm;
      if (Math.abs(load<f64>(el(h, n, l, l - 1))) <= EPS * s) break;
      l--;
    }
    if (l == nn) {
      store<f64>(el(h, n, nn, nn), load<f64>(el(h, n, nn, nn)) + exshift);
      store<f64>(at(wr, nn), load<f64>(el(h, n, nn, nn)));
      store<f64>(at(wi, nn), 0);
      nn--;
      iter = 0;
    } else if (l == nn - 1) {
      w = load<f64>(el(h, n, nn, nn - 1)) * load<f64>(el(h, n, nn - 1, nn));
      p = (load<f64>(el(h, n, nn - 1, nn - 1)) - load<f64>(el(h, n, nn, nn))) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      store<f64>(el(h, n, nn, nn), load<f64>(el(h, n, nn, nn)) + exshift);
      store<f64>(el(h, n, nn - 1, nn - 1), load<f64>(el(h, n, nn - 1, nn - 1)) + exshift);
      x = load<f64>(el(h, n, nn, nn));
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        store<f64>(at(wr, nn - 1), x + z);
        store<f64>(at(wr, nn), z != 0 ? x - w / z : x + z);
        store<f64>(at(wi, nn - 1), 0);
        store<f64>(at(wi, nn), 0);
        x = load<f64>(el(h, n, nn, nn - 1));
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = nn - 1; j < n; j++) {
          z = load<f64>(el(h, n, nn - 1, j));
          store<f64>(el(h, n, nn - 1, j), q * z + p * load<f64>(el(h, n, nn, j)));
          store<f64>(el(h, n, nn, j), q * load<f64>(el(h, n, nn, j)) - p * z);
        }
        for (let i = 0; i <= nn; i++) {
          z = load<f64>(el(h, n, i, nn - 1));
          store<f64>(el(h, n, i, nn - 1), q * z + p * load<f64>(el(h, n, i, nn)));
          store<f64>(el(h, n, i, nn), q * load<f64>(el(h, n, i, nn)) - p * z);
        }
        if (withV) {
          for (let i = 0; i < n; i++) {
            z = load<f64>(el(v, n, i, nn - 1));
            store<f64>(el(v, n, i, nn - 1), q * z + p * load<f64>(el(v, n, i, nn)));
            store<f64>(el(v, n, i, nn), q * load<f64>(el(v, n, i, nn)) - p * z);
          }
        }
      } else {
        store<f64>(at(wr, nn - 1), x + p);
        store<f64>(at(wr, nn), x + p);
        store<f64>(at(wi, nn - 1), z);
        store<f64>(at(wi, nn), -z);
      }
      nn -= 2;
      iter = 0;
    } else {
      x = load<f64>(el(h, n, nn, nn));
      y = 0;
      w = 0;
      if (l < nn) {
        y = load<f64>(el(h, n, nn - 1, nn - 1));
        w = load<f64>(el(h, n, nn, nn - 1)) * load<f64>(el(h, n, nn - 1, nn));
      }
      if (iter == 10) {
        exshift += x;
        for (let i = 0; i <= nn; i++) store<f64>(el(h, n, i, i), load<f64>(el(h, n, i, i)) - x);
        s = Math.abs(load<f64>(el(h, n, nn, nn - 1))) + Math.abs(load<f64>(el(h, n, nn - 1, nn - 2)));
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter == 30) {
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= nn; i++) store<f64>(el(h, n, i, i), load<f64>(el(h, n, i, i)) - s);
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      totalIter++;
      if (totalIter > 30 * max(n, 10)) return -1;
      let m = nn - 2;
      while (m >= l) {
        z = load<f64>(el(h, n, m, m));
        r = x - z;
        s = y - z;
        p = (r * s - w) / load<f64>(el(h, n, m + 1, m)) + load<f64>(el(h, n, m, m + 1));
        q = load<f64>(el(h, n, m + 1, m + 1)) - z - r - s;
        r = load<f64>(el(h, n, m + 2, m + 1));
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m == l) break;
        if (Math.abs(load<f64>(el(h, n, m, m - 1))) * (Math.abs(q) + Math.abs(r)) < EPS * (Math.abs(p) * (Math.abs(load<f64>(el(h, n, m - 1, m - 1))) + Math.abs(z) + Math.abs(load<f64>(el(h, n, m + 1, m + 1)))))) break;
        m--;
      }
      for (let i = m + 2; i <= nn; i++) {
        store<f64>(el(h, n, i, i - 2), 0);
        if (i > m + 2) store<f64>(el(h, n, i, i - 3), 0);
      }
      for (let k = m; k <= nn - 1; k++) {
        const notlast = k != nn - 1;
        if (k != m) {
          p = load<f64>(el(h, n, k, k - 1));
          q = load<f64>(el(h, n, k + 1, k - 1));
          r = notlast ? load<f64>(el(h, n, k + 2, k - 1)) : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x == 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s == 0) continue;
        if (k != m) store<f64>(el(h, n, k, k - 1), -s * x);
        else if (l != m) store<f64>(el(h, n, k, k - 1), -load<f64>(el(h, n, k, k - 1)));
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        for (let j = k; j < n; j++) {
          p = load<f64>(el(h, n, k, j)) + q * load<f64>(el(h, n, k + 1, j));
          if (notlast) {
            p += r * load<f64>(el(h, n, k + 2, j));
            store<f64>(el(h, n, k + 2, j), load<f64>(el(h, n, k + 2, j)) - p * z);
          }
          store<f64>(el(h, n, k, j), load<f64>(el(h, n, k, j)) - p * x);
          store<f64>(el(h, n, k + 1, j), load<f64>(el(h, n, k + 1, j)) - p * y);
        }
        const iMax = min(nn, k + 3);
        for (let i = 0; i <= iMax; i++) {
          p = x * load<f64>(el(h, n, i, k)) + y * load<f64>(el(h, n, i, k + 1));
          if (notlast) {
            p += z * load<f64>(el(h, n, i, k + 2));
            store<f64>(el(h, n, i, k + 2), load<f64>(el(h, n, i, k + 2)) - p * r);
          }
          store<f64>(el(h, n, i, k), load<f64>(el(h, n, i, k)) - p);
          store<f64>(el(h, n, i, k + 1), load<f64>(el(h, n, i, k + 1)) - p * q);
        }
        if (withV) {
          for (let i = 0; i < n; i++) {
            p = x * load<f64>(el(v, n, i, k)) + y * load<f64>(el(v, n, i, k + 1));
            if (notlast) {
              p += z * load<f64>(el(v, n, i, k + 2));
              store<f64>(el(v, n, i, k + 2), load<f64>(el(v, n, i, k + 2)) - p * r);
            }
            store<f64>(el(v, n, i, k), load<f64>(el(v, n, i, k)) - p);
            store<f64>(el(v, n, i, k + 1), load<f64>(el(v, n, i, k + 1)) - p * q);
          }
        }
      }
    }
  }
  return 0;
}

/**
 * Columns j and k of the n x n matrix x: (x_j, x_k) <- (c x_j + s x_k, -s x_j + c x_k). The Givens rotations that
 * the bidiagonal QR iteration of src/analysis/linalg/bidiagsvd.ts applies to its singular vectors.
 */
export function rotateColumns(n: i32, x: usize, j: i32, k: i32, c: f64, s: f64): void {
  const pj = el(x, n, 0, j), pk = el(x, n, 0, k);
  const vc = f64x2.splat(c), vs = f64x2.splat(s);
  let i: i32 = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const a = v128.load(pj + o), b = v128.load(pk + o);
    v128.store(pj + o, f64x2.add(f64x2.mul(vc, a), f64x2.mul(vs, b)));
    v128.store(pk + o, f64x2.sub(f64x2.mul(vc, b), f64x2.mul(vs, a)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const a = load<f64>(pj + o), b = load<f64>(pk + o);
    store<f64>(pj + o, c * a + s * b);
    store<f64>(pk + o, -s * a + c * b);
  }
}

/**
 * Householder reflector I - tau x x^T (x of length len) applied from the left to ncols columns of m (leading
 * dimension ld; m points at the first row and column touched): column_j -= tau (x . column_j) x. The bidiagonal
 * SVD's left updates and its accumulation of U and V (src/analysis/linalg/bidiagsvd.ts).
 */
export function reflectColumns(len: i32, x: usize, tau: f64, m: usize, ld: i32, ncols: i32): void {
  for (let j: i32 = 0; j < ncols; j++) {
    const col = el(m, ld, 0, j);
    let acc = f64x2.splat(0);
    let i: i32 = 0;
    for (; i + 1 < len; i += 2) {
      const o = <usize>i << 3;
      acc = f64x2.add(acc, f64x2.mul(v128.load(x + o), v128.load(col + o)));
    }
    let s = hsum(acc);
    for (; i < len; i++) s += load<f64>(at(x, i)) * load<f64>(at(col, i));
    s *= tau;
    const vs = f64x2.splat(s);
    i = 0;
    for (; i + 1 < len; i += 2) {
      const o = <usize>i << 3;
      v128.store(col + o, f64x2.sub(v128.load(col + o), f64x2.mul(vs, v128.load(x + o))));
    }
    for (; i < len; i++) store<f64>(at(col, i), load<f64>(at(col, i)) - s * load<f64>(at(x, i)));
  }
}

/**
 * Householder reflector applied from the right to `rows` rows of m (len columns, leading dimension ld, m at the
 * first row and column touched): w = M x, then M -= tau w x^T. w is scratch of length rows.
 */
export function reflectRows(rows: i32, len: i32, x: usize, tau: f64, m: usize, ld: i32, w: usize): void {
  memory.fill(w, 0, <usize>rows << 3);
  for (let l: i32 = 0; l < len; l++) {
    const xl = f64x2.splat(load<f64>(at(x, l)));
    const col = el(m, ld, 0, l);
    let i: i32 = 0;
    for (; i + 1 < rows; i += 2) {
      const o = <usize>i << 3;
      v128.store(w + o, f64x2.add(v128.load(w + o), f64x2.mul(xl, v128.load(col + o))));
    }
    for (; i < rows; i++) store<f64>(at(w, i), load<f64>(at(w, i)) + f64x2.extract_lane(xl, 0) * load<f64>(at(col, i)));
  }
  for (let l: i32 = 0; l < len; l++) {
    const f = tau * load<f64>(at(x, l));
    const vf = f64x2.splat(f);
    const col = el(m, ld, 0, l);
    let i: i32 = 0;
    for (; i + 1 < rows; i += 2) {
      const o = <usize>i << 3;
      v128.store(col + o, f64x2.sub(v128.load(col + o), f64x2.mul(vf, v128.load(w + o))));
    }
    for (; i < rows; i++) store<f64>(at(col, i), load<f64>(at(col, i)) - f * load<f64>(at(w, i)));
  }
}
