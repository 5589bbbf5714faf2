// Views beyond the summary: the generic view, WebGL 2-D, and every view envelope fixture of every domain.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  applyTheme,
  ART,
  assert,
  envSample,
  eq,
  keyboardAudit,
  lorenzEnvelopeModule,
  plotColors,
  plotsRendered,
  rgbOf,
  ROOT,
  send,
  test,
  THEMES,
  URLS,
  waitPosted,
} from './support.mjs';

test('unknown view: generic view shows the raw result and exports a long CSV', async ({ open }) => {
  const s = await open(URLS.panel, { vscode: true });
  try {
    const env = {
      ...envSample,
      analysisId: 'future',
      view: 'future-view',
      title: 'Future analysis',
      result: { score: 0.5, label: 'ok', values: [1, 2, null] },
    };
    await send(s.page, { type: 'result', envelope: env });
    await s.page.waitForSelector('details.dl-raw');
    assert(
      (await s.page.locator('.dl-view').innerText()).includes('No view is registered for "future-view"'),
      'generic notice',
    );
    const from = (await s.posted()).length;
    await s.page.locator('vscode-button[aria-label="Save the result table as CSV"]').click();
    const csv = await waitPosted(s.page, (m) => m.type === 'save' && m.mime === 'text/csv', from);
    eq(csv.text, 'path,index,value\nscore,,0.5\nlabel,,ok\nvalues,0,1\nvalues,1,2\nvalues,2,\n', 'long CSV');
    // A view that throws on a malformed result: the page says so (naming the view and the file) and stays usable.
    await send(s.page, { type: 'result', envelope: { ...envSample, result: { rows: 3 } } });
    await s.page.waitForSelector('.dl-error:not([hidden])');
    const err = await s.page.locator('.dl-error').innerText();
    assert(
      err.includes('The summary view failed to draw this result') && err.includes(envSample.provenance.path),
      `error text: ${err}`,
    );
    s.problems.length = 0; // the view's exception is caught and shown; nothing else may have gone wrong
    await send(s.page, { type: 'result', envelope: envSample });
    await plotsRendered(s.page, 4);
    assert(await s.page.locator('.dl-error').isHidden(), 'a good result clears the error');
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

test('panel: WebGL 2-D (scattergl lines and markers) renders and exports under the CSP', async ({ open }) => {
  const { lorenzEnvelope } = await lorenzEnvelopeModule('lorenz-gl.mjs');
  const env = await lorenzEnvelope(20_000, { seriesPoints: 20_000, embedDim: 2 });
  const s = await open(URLS.panel, { vscode: true, theme: 'light' });
  try {
    await send(s.page, { type: 'result', envelope: env });
    await plotsRendered(s.page, 4, 1, 60_000);
    const types = await s.page.evaluate(() =>
      [...document.querySelectorAll('.dl-plot-area')].map((g) => g._fullData[0].type),
    );
    eq(types, ['scattergl', 'scatter', 'scatter', 'scattergl'], 'trace types');
    const from = (await s.posted()).length;
    await s.page.locator('figure.dl-plot').nth(3).locator('vscode-button:text-is("PNG")').click();
    const png = await waitPosted(s.page, (m) => m.type === 'save' && m.mime === 'image/png', from, 30_000);
    const bytes = Buffer.from(png.dataBase64, 'base64');
    eq([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG magic');
    assert(bytes.length > 20_000, `scattergl PNG too small (${bytes.length} bytes)`);
    await applyTheme(s.page, 'dark');
    await plotsRendered(s.page, 4, 2, 60_000);
    eq(
      (await plotColors(s.page))[3].paper,
      await rgbOf(s.page, THEMES.dark.vars['editor-background']),
      'scattergl re-themed',
    );
    await s.page.screenshot({ path: join(ART, 'panel-webgl-dark.png'), fullPage: true });
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

// Every analysis domain may drop result envelopes (plain JSON, as the host sends them) into
// test/fixtures/<domain>/view-envelopes/*.json: each is rendered in a panel here and must draw without console
// errors or CSP violations, show at least one plot or table, and keep every control reachable and labelled.
const FIXTURES = join(ROOT, 'test', 'fixtures');
const viewEnvelopes = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'view-envelopes')))
  .flatMap((d) =>
    readdirSync(join(FIXTURES, d.name, 'view-envelopes'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(FIXTURES, d.name, 'view-envelopes', f)),
  );
for (const file of viewEnvelopes) {
  const rel = file.slice(ROOT.length + 1);
  test(`view envelope ${rel}: renders, no errors, controls reachable and labelled`, async ({ open }) => {
    const env = JSON.parse(readFileSync(file, 'utf8'));
    const s = await open(URLS.panel, { vscode: true, theme: 'dark' });
    try {
      await send(s.page, { type: 'result', envelope: env });
      await s.page.waitForSelector('.dl-view-body');
      const viewId = await s.page.locator('.dl-view-body').getAttribute('data-view');
      assert(viewId !== 'generic', `no view registered for "${env.view}" (webview/views/index.ts)`);
      const plots = await s.page.locator('.dl-plot-area').count();
      if (plots > 0) await plotsRendered(s.page, plots, 1, 60_000);
      const tables = await s.page.locator('table').count();
      assert(plots + tables > 0, 'the view drew no plot and no table');
      assert(
        await s.page.locator('.dl-error').isHidden(),
        `error shown: ${await s.page
          .locator('.dl-error')
          .innerText()
          .catch(() => '')}`,
      );
      await s.page.screenshot({ path: join(ART, `view-${basename(file, '.json')}-dark.png`), fullPage: true });
      const audit = await keyboardAudit(s.page, 400);
      eq(audit.unnamed, [], 'controls without an accessible name');
      eq(audit.unreached, [], 'controls not reached by Tab');
      eq(await s.clean(), [], 'console errors / CSP violations');
    } finally {
      await s.close();
    }
  });
}
