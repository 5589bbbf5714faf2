// Bundles: extension host (node/cjs, vscode external), analysis worker (node), CLI (node), webview app (browser).
// `--production` minifies; `--watch` rebuilds on change. `--metafile` writes dist/meta-*.json for size reports.
import * as esbuild from 'esbuild';
import { mkdirSync, copyFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  metafile: true,
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { worker: 'src/worker.ts', cli: 'src/cli.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: ['vscode', 'onnxruntime-node'],
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outdir: 'dist',
    loader: { '.css': 'text' },
  },
  {
    // Format libraries the worker imports on first use (src/analysis/data/vendor.ts): ES modules of their own.
    ...common,
    entryPoints: {
      'vendor/h5wasm': 'src/vendor/h5wasm.ts',
      'vendor/arrow': 'src/vendor/arrow.ts',
      'vendor/parquet-compressors': 'src/vendor/parquet-compressors.ts',
    },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    // h5wasm embeds its WebAssembly as a binary string: escaping it as \uXXXX would double its size.
    charset: 'utf8',
    sourcemap: false,
  },
  {
    // the notebook renderer: an ES module VS Code loads into notebook output webviews
    ...common,
    entryPoints: { renderer: 'webview/notebook-renderer.ts' },
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    outdir: 'dist',
    loader: { '.css': 'text' },
  },
];

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const { writeFileSync } = await import('node:fs');
  results.forEach((r, i) => writeFileSync(`dist/meta-${i}.json`, JSON.stringify(r.metafile)));
  // onnxruntime-web loads its WebAssembly runtime at run time from beside the bundle (symbolic/onnx.ts wasmDir).
  for (const f of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'])
    copyFileSync(`node_modules/onnxruntime-web/dist/${f}`, `dist/${f}`);
  await import('./scripts/sync-manifest.mjs');
}
