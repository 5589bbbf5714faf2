// Runs once before the browser tests: bundles the webview app (test/browser/build.mjs: the options of esbuild.mjs,
// minified, so the tests see the current sources and not a stale dist/), the page generator and the CLI with its
// worker; writes the report, panel and dashboard pages into a temp dir and serves it over local HTTP. The workers
// find the dir and the origin in DYNLENS_BROWSER_TMP and DYNLENS_BROWSER_ORIGIN. DYNLENS_BROWSER_KEEP=1 keeps the dir.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { buildWebview, importHtmlModule } from './build.mjs';
import { ART, ROOT, envPhysical, envSample } from './support.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

function serve(dir) {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!path.startsWith(dir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** The real CLI (src/cli.ts + worker) next to the bundle, as in dist/ (the CLI reads webview.js beside itself). */
async function buildCli(dir, bundleJs) {
  await esbuild.build({
    entryPoints: { cli: join(ROOT, 'src/cli.ts'), worker: join(ROOT, 'src/worker.ts') },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: dir,
    external: ['vscode', 'onnxruntime-node'],
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'webview.js'), bundleJs);
}

export default async function globalSetup() {
  mkdirSync(ART, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'dynlens-browser-'));
  const { js: bundleJs } = await buildWebview({ minify: true });
  writeFileSync(join(tmp, 'webview.js'), bundleJs);
  const html = await importHtmlModule(join(tmp, 'mod'));
  const server = await serve(tmp);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const page = (name, text) => writeFileSync(join(tmp, name), text);
  page('report-physical.html', html.renderReportHtml({ bundleJs, envelope: envPhysical, title: envPhysical.title }));
  page('report-sample.html', html.renderReportHtml({ bundleJs, envelope: envSample, title: envSample.title }));
  const panel = (mode, viewId) =>
    html.renderPanelHtml({
      scriptUri: `${origin}/webview.js`,
      cspSource: origin,
      nonce: html.newNonce(),
      mode,
      title: 'DynLens',
      viewId,
    });
  page('panel.html', panel('panel', 'summary'));
  page('dashboard.html', panel('dashboard'));
  // A CLI that does not build fails the CLI tests (support.mjs buildCli) but must not stop the rest of the suite.
  try {
    await buildCli(join(tmp, 'cli'), bundleJs);
  } catch (e) {
    process.env.DYNLENS_CLI_BUILD_ERROR = String(e?.message ?? e);
  }
  process.env.DYNLENS_BROWSER_TMP = tmp;
  process.env.DYNLENS_BROWSER_ORIGIN = origin;
  return async () => {
    await new Promise((done) => server.close(done));
    if (process.env.DYNLENS_BROWSER_KEEP) console.log(`pages kept in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  };
}
