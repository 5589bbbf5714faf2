/**
 * The WebAssembly kernels of the linear algebra (wasm/linalg.ts, compiled into wasm-kernels.ts: gemm, complex
 * Cholesky, eig's Hessenberg and Francis stages, Householder and Givens updates, the pseudospectrum's per-point work)
 * and the workspace their operands live in.
 *
 * A kernel can only read its module's own memory, so a caller that wants them opens a workspace: one Float64Array
 * view of the memory, sized up front, into which it copies its matrices and carves its buffers. The entry points
 * below run a kernel when every array they are given is a view of that memory, and report false/undefined
 * otherwise so that the caller runs its scalar TypeScript twin. A workspace larger than the memory gets a new
 * instance over a new memory (never a grown one, see instance()), so only one workspace is open at a time and the
 * instance is not replaced while it is open.
 *
 * Measured on the development machine (bench/koopman/RESULTS.md): gemm 6 GFlop/s against 1.6-3 GFlop/s for the
 * scalar kernels on the QR's trailing updates, complex Cholesky 12 GFlop/s.
 */
import { LINALG_WASM_BASE64 } from './wasm-kernels';

type Kernel = (
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
) => void;

/** The parts of the WebAssembly JS API used here (the project's type libraries do not declare them all). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface KernelExports {
  memory: WasmMemory;
  gemmNN: Kernel;
  gemmTN: Kernel;
  complexCholesky(n: number, re: number, im: number): number;
  complexCholeskySolve(n: number, lr: number, li: number, br: number, bi: number): void;
  orthogonalize(r: number, j: number, qr: number, qi: number, yr: number, yi: number): number;
  shiftedHermitian(
    r: number,
    g0: number,
    sym: number,
    skew: number,
    x: number,
    y: number,
    hr: number,
    hi: number,
    lr: number,
    li: number,
  ): void;
  hessenberg(n: number, h: number, v: number, u: number, w: number): void;
  francis(n: number, h: number, v: number, withV: number, wr: number, wi: number, norm: number): number;
  rotateColumns(n: number, x: number, j: number, k: number, c: number, s: number): void;
  reflectColumns(len: number, x: number, tau: number, m: number, ld: number, ncols: number): void;
  reflectRows(rows: number, len: number, x: number, tau: number, m: number, ld: number, w: number): void;
}

/** Memories above this are dropped after use (a WebAssembly memory cannot shrink): a fresh instance starts small. */
const KEEP_BYTES = 64 * 2 ** 20;
/** Pages (64 KiB) of the smallest memory an instance gets. */
const MIN_PAGES = 16;
/** Workspaces above this are refused (the scalar path runs instead): wasm32 addresses 4 GiB. */
const MAX_BYTES = 2 ** 31;

let compiled: object | null | undefined;
let kernels: KernelExports | null = null;
let enabled = true;
let open = false;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The kernels over a memory of at least `bytes`. A memory is never grown: growing detaches its ArrayBuffer, and the
 * first detached buffer of an isolate invalidates V8's array-buffer-detaching protector, after which every optimized
 * function that reads a typed array, anywhere in the thread, is compiled with a detach check on each access (see
 * runtime/transfer-policy.ts). A workspace that does not fit gets a fresh instance over a new memory (the module
 * imports its memory) of a power of two of pages, MIN_PAGES at least; the old one is collected.
 */
function instance(bytes = 0): KernelExports | null {
  if (!enabled) return null;
  if (kernels && kernels.memory.buffer.byteLength >= bytes) return kernels;
  if (compiled === undefined) {
    try {
      if (!wasmApi) throw new Error('no WebAssembly');
      compiled = new wasmApi.Module(decode(LINALG_WASM_BASE64));
    } catch {
      compiled = null; // no WebAssembly SIMD here: the scalar kernels do everything
    }
  }
  if (!compiled || !wasmApi) return null;
  const pages = Math.max(MIN_PAGES, 2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(bytes / 65536)))));
  try {
    const memory = new wasmApi.Memory({ initial: pages });
    kernels = new wasmApi.Instance(compiled, { env: { memory } }).exports as KernelExports;
  } catch {
    return null; // the address space or the process could not give that much: scalar path
  }
  return kernels;
}

/** Turns the SIMD kernels off or on (benchmarks compare both; tests check they agree). */
export function setWasmKernels(on: boolean): void {
  enabled = on;
  if (!on) kernels = null;
}

/** Whether the SIMD kernels can run in this runtime. */
export function wasmKernelsAvailable(): boolean {
  return instance() !== null;
}

/**
 * Runs fn with a view of `doubles` float64 values in the kernels' memory. Returns undefined without calling fn when
 * the kernels are unavailable or disabled, a workspace is already open, or the size is out of range: the caller
 * then runs its scalar path. The view is only valid inside fn.
 */
export function withWasmWorkspace<T>(doubles: number, fn: (ws: Float64Array) => T): T | undefined {
  if (open) return undefined;
  const bytes = doubles * 8;
  if (!(bytes > 0) || bytes > MAX_BYTES) return undefined;
  const k = instance(bytes);
  if (!k) return undefined;
  open = true;
  try {
    return fn(new Float64Array(k.memory.buffer, 0, doubles));
  } finally {
    open = false;
    if (k.memory.buffer.byteLength > KEEP_BYTES) kernels = null;
  }
}

/**
 * The open workspace's kernels when every given array is a view of its memory, else null. Fixed arity rather than a
 * rest parameter: some callers sit in O(n^2)-times loops (a Givens rotation per call).
 */
function kernelsFor(
  a: Float64Array,
  b?: Float64Array,
  c?: Float64Array,
  d?: Float64Array,
  e?: Float64Array,
  f?: Float64Array,
  g?: Float64Array,
): KernelExports | null {
  if (!open || !kernels) return null;
  const mem = kernels.memory.buffer;
  if (a.buffer !== mem || (b && b.buffer !== mem) || (c && c.buffer !== mem) || (d && d.buffer !== mem)) return null;
  if ((e && e.buffer !== mem) || (f && f.buffer !== mem) || (g && g.buffer !== mem)) return null;
  return kernels;
}

function runKernel(
  which: 'gemmNN' | 'gemmTN',
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): boolean {
  const kr = kernelsFor(a, b, c);
  if (!kr) return false;
  kr[which](m, n, k, alpha, a.byteOffset + 8 * aOff, lda, b.byteOffset + 8 * bOff, ldb, c.byteOffset + 8 * cOff, ldc);
  return true;
}

/** C += alpha A B on the SIMD kernel when all operands are views of the open workspace; false otherwise. */
export function wasmGemmNN(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): boolean {
  return runKernel('gemmNN', m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
}

/** C += alpha A^T B (A stored k x m) on the SIMD kernel when all operands are workspace views; false otherwise. */
export function wasmGemmTN(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): boolean {
  return runKernel('gemmTN', m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
}

/** complexCholesky (complex.ts) on the SIMD kernel for workspace views; undefined when they are not. */
export function wasmComplexCholesky(re: Float64Array, im: Float64Array, n: number): number | undefined {
  const k = kernelsFor(re, im);
  return k ? k.complexCholesky(n, re.byteOffset, im.byteOffset) : undefined;
}

/** complexCholeskySolve (complex.ts) on the SIMD kernel for workspace views; false when they are not. */
export function wasmComplexCholeskySolve(
  lr: Float64Array,
  li: Float64Array,
  n: number,
  br: Float64Array,
  bi: Float64Array,
): boolean {
  const k = kernelsFor(lr, li, br, bi);
  if (!k) return false;
  k.complexCholeskySolve(n, lr.byteOffset, li.byteOffset, br.byteOffset, bi.byteOffset);
  return true;
}

/**
 * Two Gram-Schmidt passes of y against columns 0..j of Q (pseudospectrum.ts) on the SIMD kernel for workspace views;
 * returns alpha_j, or undefined when the arrays are not workspace views.
 */
export function wasmOrthogonalize(
  r: number,
  j: number,
  qr: Float64Array,
  qi: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
): number | undefined {
  const k = kernelsFor(qr, qi, yr, yi);
  return k ? k.orthogonalize(r, j, qr.byteOffset, qi.byteOffset, yr.byteOffset, yi.byteOffset) : undefined;
}

/** The lower triangle of H(z) and its copy (pseudospectrum.ts) on the SIMD kernel; false when not workspace views. */
export function wasmShiftedHermitian(
  r: number,
  g0: Float64Array,
  sym: Float64Array,
  skew: Float64Array,
  x: number,
  y: number,
  hr: Float64Array,
  hi: Float64Array,
  lr: Float64Array,
  li: Float64Array,
): boolean {
  const k = kernelsFor(g0, sym, skew, hr, hi, lr, li);
  if (!k) return false;
  k.shiftedHermitian(
    r,
    g0.byteOffset,
    sym.byteOffset,
    skew.byteOffset,
    x,
    y,
    hr.byteOffset,
    hi.byteOffset,
    lr.byteOffset,
    li.byteOffset,
  );
  return true;
}

/**
 * The Hessenberg reduction and Francis QR of eig.ts on the compiled kernels (same algorithms and steps): h (n x n,
 * balanced) becomes its real Schur form, re/im the eigenvalues; returns the Schur vectors (accumulated when `vectors`) and the 1-norm of the Hessenberg entries, or undefined when the kernels are
 * unavailable or a workspace is open. Throws when the iteration does not converge.
 */
export function wasmSchur(
  h: Float64Array,
  n: number,
  vectors: boolean,
  re: Float64Array,
  im: Float64Array,
): { v: Float64Array; norm: number } | undefined {
  return withWasmWorkspace(2 * n * n + 4 * n, (ws) => {
    const k = kernels!;
    const nn = n * n;
    const wh = ws.subarray(0, nn),
      wv = ws.subarray(nn, 2 * nn);
    const u = ws.subarray(2 * nn, 2 * nn + n),
      w = ws.subarray(2 * nn + n, 2 * nn + 2 * n);
    const wr = ws.subarray(2 * nn + 2 * n, 2 * nn + 3 * n),
      wi = ws.subarray(2 * nn + 3 * n, 2 * nn + 4 * n);
    wh.set(h);
    wv.fill(0);
    for (let i = 0; i < n; i++) wv[i + i * n] = 1;
    k.hessenberg(n, wh.byteOffset, wv.byteOffset, u.byteOffset, w.byteOffset);
    let norm = 0;
    for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) norm += Math.abs(wh[i + j * n]);
    if (k.francis(n, wh.byteOffset, wv.byteOffset, vectors ? 1 : 0, wr.byteOffset, wi.byteOffset, norm) < 0) {
      throw new Error(`eig: Francis QR did not converge after ${30 * Math.max(n, 10)} sweeps (n = ${n})`);
    }
    h.set(wh);
    re.set(wr);
    im.set(wi);
    return { v: wv.slice(), norm };
  });
}

/** A Givens rotation of columns j, k of the n x n workspace view x (bidiagsvd.ts); false when x is not a view. */
export function wasmRotateColumns(x: Float64Array, n: number, j: number, k: number, c: number, s: number): boolean {
  const kr = kernelsFor(x);
  if (!kr) return false;
  kr.rotateColumns(n, x.byteOffset, j, k, c, s);
  return true;
}

/** Left Householder update of columns (bidiagsvd.ts) on the SIMD kernel; false when not workspace views. */
export function wasmReflectColumns(
  len: number,
  x: Float64Array,
  tau: number,
  m: Float64Array,
  mOff: number,
  ld: number,
  ncols: number,
): boolean {
  const k = kernelsFor(x, m);
  if (!k) return false;
  k.reflectColumns(len, x.byteOffset, tau, m.byteOffset + 8 * mOff, ld, ncols);
  return true;
}

/** Right Householder update of rows (bidiagsvd.ts) on the SIMD kernel; false when not workspace views. */
export function wasmReflectRows(
  rows: number,
  len: number,
  x: Float64Array,
  tau: number,
  m: Float64Array,
  mOff: number,
  ld: number,
  w: Float64Array,
): boolean {
  const k = kernelsFor(x, m, w);
  if (!k) return false;
  k.reflectRows(rows, len, x.byteOffset, tau, m.byteOffset + 8 * mOff, ld, w.byteOffset);
  return true;
}

/** Products smaller than this many multiply-adds, or with a dimension under 4, stay on the scalar path. */
const STAGE_MIN_WORK = 65536;

/** Copies the rows x cols block of src at sOff (leading dimension lds) to dst at dOff (leading dimension ldd). */
export function copyBlock(
  src: Float64Array,
  sOff: number,
  lds: number,
  dst: Float64Array,
  dOff: number,
  ldd: number,
  rows: number,
  cols: number,
): void {
  if (lds === rows && ldd === rows) {
    dst.set(src.subarray(sOff, sOff + rows * cols), dOff);
    return;
  }
  for (let j = 0; j < cols; j++) dst.set(src.subarray(sOff + j * lds, sOff + j * lds + rows), dOff + j * ldd);
}

/**
 * A product on ordinary arrays through the SIMD kernels: operands copied into a workspace, C copied back. Worth it
 * once the product is large (the copies are O(mk + kn + mn), the product O(mnk)). Returns false when it did not run
 * (small product, no kernels, or a workspace already open).
 */
export function stagedGemm(
  which: 'gemmNN' | 'gemmTN',
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): boolean {
  if (m * n * k < STAGE_MIN_WORK || Math.min(m, n, k) < 4) return false;
  const aRows = which === 'gemmNN' ? m : k,
    aCols = which === 'gemmNN' ? k : m;
  return (
    withWasmWorkspace(aRows * aCols + k * n + m * n, (ws) => {
      const bAt = aRows * aCols,
        cAt = bAt + k * n;
      copyBlock(a, aOff, lda, ws, 0, aRows, aRows, aCols);
      copyBlock(b, bOff, ldb, ws, bAt, k, k, n);
      copyBlock(c, cOff, ldc, ws, cAt, m, m, n);
      kernels![which](m, n, k, alpha, ws.byteOffset, aRows, ws.byteOffset + 8 * bAt, k, ws.byteOffset + 8 * cAt, m);
      copyBlock(ws, cAt, m, c, cOff, ldc, m, n);
      return true;
    }) ?? false
  );
}
