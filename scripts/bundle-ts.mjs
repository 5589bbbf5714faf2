// Bundles a TypeScript entry (benchmarks, fixture helpers) into one CommonJS file with esbuild, so that it runs on
// plain Node without a TS runtime. The file goes under node_modules/.cache, so that packages imported at run time
// (src/analysis/data/vendor.ts) resolve; each call gets a folder of its own (concurrent runs do not collide).
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bundles `entry` and returns the path of the bundle. */
export async function bundleTs(entry) {
  const cache = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache');
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
  return outfile;
}
