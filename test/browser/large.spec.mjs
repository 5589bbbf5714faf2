// Large results: the 4 MB webview state limit, and a 100k-point scatter3d drawn in software WebGL (timed).
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ART,
  assert,
  envSample,
  eq,
  lorenzEnvelopeModule,
  plotsRendered,
  reportUrl,
  send,
  test,
  TMP,
  URLS,
} from './support.mjs';

let lorenzCache;
/** The 100k-point Lorenz summary envelope (made once, by the real summary analysis). */
async function lorenz100k() {
  if (!lorenzCache) {
    const { lorenzEnvelope } = await lorenzEnvelopeModule('lorenz.mjs');
    lorenzCache = await lorenzEnvelope(100_000);
  }
  return lorenzCache;
}

test('large: a big result is not kept whole in the panel state; reloads restore through the host', async ({ open }) => {
  // 230k numbers of ~22 characters: about 5 MB of JSON, past the 4 MB state limit. The generic view draws it cheaply.
  const values = Array.from({ length: 230_000 }, (_, i) => Math.sin(i) * 1e-3);
  const env = { ...envSample, analysisId: 'big', view: 'big-view', title: 'Big result', result: { values } };
  assert(JSON.stringify(env).length > 4_000_000, 'test envelope above the state limit');
  // With a result-store key: the state keeps the key only.
  const s = await open(URLS.panel, { vscode: true });
  let withKey;
  let withoutKey;
  try {
    await send(s.page, { type: 'result', envelope: env, resultKey: 'store-key-1' });
    await s.page.waitForSelector('details.dl-raw');
    withKey = await s.page.evaluate(() => window.__state);
    eq(withKey.envelope, undefined, 'no envelope in the state');
    eq(withKey.resultKey, 'store-key-1', 'result key kept');
  } finally {
    await s.close();
  }
  const r = await open(URLS.panel, { vscode: true, state: withKey });
  try {
    await r.page.waitForSelector('.dl-status:not([hidden])');
    assert((await r.page.locator('.dl-status').innerText()).includes('Restoring the result'), 'restoring notice');
    eq((await r.posted())[0], { type: 'ready' }, 'ready posted');
    await send(r.page, { type: 'result', envelope: env, resultKey: 'store-key-1' });
    await r.page.waitForSelector('details.dl-raw');
    assert(await r.page.locator('.dl-status').isHidden(), 'notice gone');
    eq(await r.clean(), [], 'problems');
  } finally {
    await r.close();
  }
  // Without a key: the envelope minus its result (provenance identifies it); the header shows at once.
  const t = await open(URLS.panel, { vscode: true });
  try {
    await send(t.page, { type: 'result', envelope: env });
    await t.page.waitForSelector('details.dl-raw');
    withoutKey = await t.page.evaluate(() => window.__state);
    eq(withoutKey.envelope.result, undefined, 'result dropped from the saved state');
    eq(withoutKey.envelope.provenance.path, env.provenance.path, 'provenance kept');
  } finally {
    await t.close();
  }
  const u = await open(URLS.panel, { vscode: true, state: withoutKey });
  try {
    await u.page.waitForSelector('.dl-status:not([hidden])');
    eq(await u.page.locator('h1').innerText(), env.title, 'header from the saved provenance');
    // A host that can only send the trimmed envelope back gets a clear message, not an endless wait.
    await send(u.page, { type: 'result', envelope: withoutKey.envelope });
    await u.page.waitForSelector('.dl-error:not([hidden])');
    assert((await u.page.locator('.dl-error').innerText()).includes('too large to keep'), 'explanation shown');
  } finally {
    await u.close();
  }
});

test('large: 100k-point scatter3d embedding (real summary of Lorenz) renders; time recorded', async ({ open }) => {
  const env = await lorenz100k();
  eq(env.result.embedding.points[0].length, 100_000 - 2 * 10, 'embedding points');
  const url = await reportUrl('report-lorenz.html', env);
  const started = Date.now();
  const s = await open(url, { theme: null });
  try {
    await plotsRendered(s.page, 4, 1, 120_000);
    const wall = Date.now() - started;
    const times = await s.page.evaluate(() =>
      [...document.querySelectorAll('.dl-plot-area')].map((g) => [
        g._fullData[0].type,
        Number(g.dataset.renderMs),
        Number(g.dataset.paintMs),
        g._fullData[0].x.length,
      ]),
    );
    const scatter3d = times.find(([t]) => t === 'scatter3d');
    assert(scatter3d && scatter3d[3] === 100_000 - 20, 'scatter3d plot with 99,980 points');
    const line =
      `100k scatter3d: Plotly.react ${scatter3d[1].toFixed(0)} ms, until painted ${scatter3d[2].toFixed(0)} ms; ` +
      `page load to all 4 plots painted: ${wall} ms (report HTML ${(statSync(join(TMP, 'report-lorenz.html')).size / 1e6).toFixed(1)} MB); ` +
      `other plots (react/painted): ${times
        .filter(([t]) => t !== 'scatter3d')
        .map(([t, a, b, n]) => `${t} ${n} pts ${a.toFixed(0)}/${b.toFixed(0)} ms`)
        .join(', ')}`;
    console.log(`  ${line}`);
    writeFileSync(join(ART, 'scatter3d-100k.txt'), line + '\n');
    await s.page.screenshot({ path: join(ART, 'report-lorenz-100k.png'), fullPage: true });
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});
