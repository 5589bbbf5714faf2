#!/usr/bin/env node
// Runs a TypeScript entry (benchmarks, fixture helpers) without a TS runtime: bundles it with esbuild into a temp
// file and executes it with the remaining arguments. Usage: node scripts/run-ts.mjs bench/topology/rips.ts --flag
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
// Under node_modules/.cache, so that packages imported at run time (src/analysis/data/vendor.ts) resolve.
const cache = resolve('node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const outfile = join(mkdtempSync(join(cache, 'dynlens-run-')), 'entry.cjs');
await esbuild.build({
  entryPoints: [resolve(entry)],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  sourcemap: 'inline',
  external: ['vscode', 'onnxruntime-node'],
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
