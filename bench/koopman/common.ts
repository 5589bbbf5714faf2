/** Helpers shared by the koopman benchmarks: run the numpy anchor side by side, time our code, write matrices. */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const tmp = mkdtempSync(join(tmpdir(), 'dynlens-koopman-bench-'));

export function writeMatrix(name: string, a: Float64Array): string {
  const p = join(tmp, name);
  writeFileSync(p, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return p;
}

export interface AnchorResult {
  task: string;
  seconds: number;
  maxrssMB: number;
  [k: string]: unknown;
}

/** Runs bench/koopman/anchor.py with Debian's python, OpenBLAS tuning variables unset (fair comparison). */
export function anchor(args: (string | number)[]): AnchorResult {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('/usr/bin/python3', [resolve('bench/koopman/anchor.py'), ...args.map(String)], {
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`anchor failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as AnchorResult;
}

/** Best wall time of `reps` runs, seconds, and the extra array-buffer memory of the last run. */
export function time<T>(fn: () => T, reps: number): { seconds: number; value: T; extraMB: number } {
  let best = Infinity;
  let value!: T;
  let extra = 0;
  for (let i = 0; i < reps; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().arrayBuffers;
    const t = performance.now();
    value = fn();
    best = Math.min(best, (performance.now() - t) / 1000);
    extra = Math.max(extra, (process.memoryUsage().arrayBuffers - before) / 1024 ** 2);
  }
  return { seconds: best, value, extraMB: extra };
}

/**
 * Best wall time of `reps` runs, seconds, and the first run's time: in a fresh process the first run pays V8's
 * JIT warm-up (code runs interpreted, with boxed doubles, until it is optimized), the best one does not.
 */
export async function timeAsync<T>(
  fn: () => Promise<T>,
  reps: number,
): Promise<{ seconds: number; first: number; value: T }> {
  let best = Infinity;
  let first = NaN;
  let value!: T;
  for (let i = 0; i < reps; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    value = await fn();
    const s = (performance.now() - t) / 1000;
    if (i === 0) first = s;
    best = Math.min(best, s);
  }
  return { seconds: best, first, value };
}

export function seededMatrix(m: number, n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const a = new Float64Array(m * n);
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

export function row(cells: (string | number)[]): string {
  return (
    '| ' +
    cells.map((c) => (typeof c === 'number' ? (Math.abs(c) >= 100 ? c.toFixed(0) : c.toPrecision(3)) : c)).join(' | ') +
    ' |'
  );
}
