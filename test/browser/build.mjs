// Builds what the browser tests load: the webview bundle (same options as esbuild.mjs's webview entry) and the
// page generator src/report/html.ts (as an ES module node can import).
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Bundles webview/main.ts; returns the JS text and esbuild's metafile. */
export async function buildWebview({ minify = true } = {}) {
  const r = await esbuild.build({
    entryPoints: [join(ROOT, 'webview/main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
    minify,
    write: false,
    metafile: true,
    logLevel: 'warning',
    outfile: 'webview.js',
  });
  return { js: r.outputFiles[0].text, metafile: r.metafile };
}

/** Imports src/report/html.ts (bundled to a temporary .mjs). */
export async function importHtmlModule(tmpDir) {
  mkdirSync(tmpDir, { recursive: true });
  const out = join(tmpDir, 'html.mjs');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/report/html.ts')],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
  });
  return import(pathToFileURL(out).href);
}
