#!/usr/bin/env node
// Size of the production webview bundle (minified, as `node esbuild.mjs --production` builds dist/webview.js) and
// what takes the space, from esbuild's metafile, grouped by package. Usage: node test/browser/bundle-size.mjs
import { gzipSync } from 'node:zlib';
import { buildWebview } from './build.mjs';

const { js, metafile } = await buildWebview({ minify: true });
const out = Object.values(metafile.outputs)[0];
const groups = new Map();
for (const [path, info] of Object.entries(out.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  const key = m
    ? m[1]
    : path.startsWith('webview/') || path.startsWith('src/')
      ? 'DynLens (webview/, src/protocol)'
      : path;
  groups.set(key, (groups.get(key) ?? 0) + info.bytesInOutput);
}
const total = Buffer.byteLength(js);
console.log(
  `dist/webview.js (minified): ${(total / 1024).toFixed(0)} KiB, gzip ${(gzipSync(js).length / 1024).toFixed(0)} KiB`,
);
for (const [k, v] of [...groups].sort((a, b) => b[1] - a[1]))
  console.log(
    `  ${k.padEnd(40)} ${(v / 1024).toFixed(1).padStart(8)} KiB  ${((100 * v) / total).toFixed(1).padStart(5)}%`,
  );
