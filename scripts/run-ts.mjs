#!/usr/bin/env node
// Runs a TypeScript entry (benchmarks, fixture helpers) without a TS runtime: bundles it (bundle-ts.mjs) and
// executes the bundle with the remaining arguments. Usage: node scripts/run-ts.mjs bench/topology/rips.ts --flag
import { spawnSync } from 'node:child_process';
import { bundleTs } from './bundle-ts.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
const outfile = await bundleTs(entry);
const r = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
