// Load cost of the extension host bundle: require(dist/extension.js) in a fresh process, with a stand-in for the
// `vscode` module, median of N runs. activate() itself is measured inside real VS Code by the integration suite
// (METRIC activationMs). Also reports whether loading pulled in the analysis core or the chart library.
// Usage: node bench/platform/activation.mjs [runs]
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

const runs = Number(process.argv[2] ?? 15);
const child = `
const Module = require('module');
const orig = Module._load;
Module._load = function (r, ...a) { return r === 'vscode' ? {} : orig.call(this, r, ...a); };
const t0 = performance.now();
require(${JSON.stringify(new URL('../../dist/extension.js', import.meta.url).pathname)});
const ms = performance.now() - t0;
const heavy = Object.keys(require.cache).filter((k) => /worker\\.js|webview\\.js|plotly|analysis/.test(k));
process.stdout.write(JSON.stringify({ ms, heavy }));`;
const res = [];
for (let i = 0; i < runs; i++)
  res.push(JSON.parse(execFileSync(process.execPath, ['-e', child], { encoding: 'utf8' })));
const ms = res.map((r) => r.ms).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    runs,
    requireMsMedian: +ms[Math.floor(runs / 2)].toFixed(2),
    requireMsMin: +ms[0].toFixed(2),
    bundleKB: +(statSync(new URL('../../dist/extension.js', import.meta.url)).size / 1024).toFixed(1),
    heavyModulesLoaded: [...new Set(res.flatMap((r) => r.heavy))],
  }),
);
