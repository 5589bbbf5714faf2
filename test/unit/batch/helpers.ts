/** Shared by the batch tests: the built CLI, seeded point clouds and UCR tables in temporary folders. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const CLI = join(ROOT, 'bin', 'dynlens.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function dynlens(args: string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SLURM_ARRAY_TASK_ID: '', ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function dynlensAsync(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { stdio: 'ignore', env: { ...process.env, SLURM_ARRAY_TASK_ID: '' } });
}

export function tempDir(prefix = 'dynlens-batch-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Park-Miller uniform in (0, 1). */
export function seeded(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** `count` clouds of `points` 2-D points: noisy circles (odd k, label ring) and Gaussian-ish blobs (even k). */
export function writeClouds(dir: string, count: number, points: number, seed = 1): string {
  mkdirSync(dir, { recursive: true });
  const u = seeded(seed);
  for (let k = 0; k < count; k++) {
    const lines = ['x,y'];
    for (let i = 0; i < points; i++) {
      if (k % 2) {
        const a = 2 * Math.PI * u();
        const r = 1 + 0.1 * (u() - 0.5);
        lines.push(`${r * Math.cos(a)},${r * Math.sin(a)}`);
      } else lines.push(`${u() + u() - 1},${u() + u() - 1}`);
    }
    writeFileSync(join(dir, `c${String(k).padStart(3, '0')}_${k % 2 ? 'ring' : 'blob'}.csv`), lines.join('\n') + '\n');
  }
  return dir;
}

/** A UCR-style table: `rows` labelled sine series of `length` samples, label first, tab-separated. */
export function writeUcr(path: string, rows: number, length: number, seed = 2): string {
  const u = seeded(seed);
  const lines: string[] = [];
  for (let k = 0; k < rows; k++) {
    const f = 1 + (k % 2);
    const x = Array.from({ length }, (_, i) =>
      (Math.sin((i * f * 2 * Math.PI) / length) + 0.1 * (u() - 0.5)).toFixed(6),
    );
    lines.push([String(1 + (k % 2)), ...x].join('\t'));
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Parses a CSV written by dynlens batch (quoted cells only where needed). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split('\n')) {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    out.push(cur);
    rows.push(out);
  }
  return rows;
}
