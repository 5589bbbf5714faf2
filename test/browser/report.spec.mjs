// Standalone report pages (as the CLI writes them): rendering, CSP, escaping, system color scheme, downloads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ART,
  assert,
  envSample,
  eq,
  htmlModule,
  ORIGIN,
  plotsRendered,
  test,
  TMP,
  URLS,
  writePage,
} from './support.mjs';

test('report: summary renders table and 4 plots, no console errors, no CSP violations', async ({ open }) => {
  const s = await open(URLS.reportPhysical, { theme: null });
  try {
    await plotsRendered(s.page, 4);
    eq(await s.page.locator('.js-plotly-plot').count(), 4, 'plotly plots');
    eq(await s.page.locator('table.dl-table tbody tr').count(), 3, 'statistics rows');
    const firstRow = await s.page.locator('table.dl-table tbody tr').first().innerText();
    assert(/^x\s+2000\s+0\s/.test(firstRow), `first statistics row: ${firstRow}`);
    eq(await s.page.title(), 'Data summary', 'document title');
    assert((await s.page.locator('.dl-file').innerText()).includes('9f2c1e7a'), 'short content hash in the file line');
    await s.page.locator('details.dl-provenance summary').click();
    const prov = await s.page.locator('.dl-provenance').innerText();
    for (const want of [
      '9f2c1e7a5b3d',
      'maxLag = 300',
      '0.1.0',
      '43 ms',
      'header detected',
      'dynlens summary /workspace/examples/oscillators.csv --max-lag 300 --embed-dim 3 --max-points 4000',
    ]) {
      assert(prov.includes(want), `provenance lacks "${want}": ${prov}`);
    }
    const kinds = await s.page.evaluate(() =>
      [...document.querySelectorAll('.dl-plot-area')].map((g) => g._fullData.map((t) => t.type).join('+')),
    );
    eq(
      kinds,
      ['scatter+scatter+scatter', 'scatter+scatter+scatter', 'scatter+scatter+scatter', 'scatter3d'],
      'trace types',
    );
    const axes = await s.page.evaluate(() =>
      [...document.querySelectorAll('.dl-plot-area')]
        .slice(0, 3)
        .map((g) => [g._fullLayout.xaxis.title.text, g._fullLayout.yaxis.type]),
    );
    eq(
      axes,
      [
        ['time (column "t")', 'linear'],
        ['lag (time units)', 'linear'],
        ['frequency (Hz, cycles per time unit)', 'log'],
      ],
      'axis titles and types',
    );
    // The report follows the system color scheme (light in headless Chromium) with its own fallback variables.
    assert(
      await s.page.evaluate(() => document.body.classList.contains('vscode-light')),
      'report picks the light theme',
    );
    await s.page.screenshot({ path: join(ART, 'report-light.png'), fullPage: true });
    await s.page.screenshot({
      path: join(ART, 'report-light-header.png'),
      clip: { x: 0, y: 0, width: 1100, height: 560 },
    });
    const problems = await s.clean();
    eq(problems, [], 'console errors / CSP violations');
  } finally {
    await s.close();
  }
});

test('report: CSP is in force (eval is blocked) and Plotly strict still draws', async ({ open }) => {
  const s = await open(URLS.reportPhysical, { theme: null });
  try {
    await plotsRendered(s.page, 4);
    eq(await s.clean(), [], 'violations before probing');
    // page.evaluate runs with DevTools privileges (the CSP does not stop eval there), so eval is probed from a page
    // script instead: the same generators, with a probe script in place of the bundle.
    const html = await htmlModule();
    const probe = "try { eval('1 + 1'); document.title = 'eval allowed'; } catch (e) { document.title = e.name; }";
    const probePage = await s.context.newPage();
    await probePage.goto(
      writePage('probe-report.html', html.renderReportHtml({ bundleJs: probe, envelope: {}, title: 'probe' })),
    );
    const evalResult = await probePage.title();
    writeFileSync(join(TMP, 'probe.js'), probe);
    await probePage.goto(
      writePage(
        'probe-panel.html',
        html.renderPanelHtml({
          scriptUri: `${ORIGIN}/probe.js`,
          cspSource: ORIGIN,
          nonce: html.newNonce(),
          mode: 'panel',
          title: 'probe',
        }),
      ),
    );
    eq(await probePage.title(), 'EvalError', 'eval under the panel CSP');
    eq(evalResult, 'EvalError', 'eval under the report CSP');
    const inline = await s.page.evaluate(() => {
      window.__inlineRan = false;
      const sc = document.createElement('script');
      sc.textContent = 'window.__inlineRan = true';
      document.body.append(sc);
      return window.__inlineRan;
    });
    eq(inline, false, 'inline script without nonce ran');
    const violations = await s.page.evaluate(() => window.__csp);
    assert(
      violations.some((v) => v.startsWith('script-src')),
      `the probes raised no violation: ${violations}`,
    );
  } finally {
    await s.close();
  }
});

test('report: escaping of </script> in data and title; sample axis, log PSD, 2-D embedding, dark scheme', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(URLS.reportSample);
    await plotsRendered(page, 4);
    eq(await page.title(), envSample.title, 'title with </script>');
    const h1 = await page.locator('h1').innerText();
    eq(h1, envSample.title, 'h1');
    assert(
      (await page.locator('.dl-header').innerText()).includes('ar1 <script>.csv'),
      'path with <script> shown as text',
    );
    const names = await page.locator('table.dl-table tbody th').allInnerTexts();
    eq(names, ['ar1', 'gappy "quoted", value'], 'column names');
    const info = await page.evaluate(() =>
      [...document.querySelectorAll('.dl-plot-area')].map((g) => [
        g._fullLayout.xaxis?.title?.text,
        g._fullData[0].type,
      ]),
    );
    eq(info[0], ['sample index', 'scatter'], 'time axis in samples');
    eq(info[1], ['lag (samples)', 'scatter'], 'acf axis in samples');
    eq(info[2], ['frequency (cycles/sample)', 'scatter'], 'psd axis in cycles/sample');
    eq(info[3], ['ar1(t)', 'scatter'], '2-D embedding');
    assert(
      await page.evaluate(() => document.body.classList.contains('vscode-dark')),
      'report follows prefers-color-scheme: dark',
    );
    const bg = await page.evaluate(() => document.querySelector('.dl-plot-area')._fullLayout.paper_bgcolor);
    eq(bg, '#1f1f1f', 'dark report plot background');
    await page.screenshot({ path: join(ART, 'report-dark.png'), fullPage: true });
    // The system switches to light while the report is open: the page and its plots follow.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.querySelector('.dl-plot-area')._fullLayout.paper_bgcolor === '#ffffff');
    assert(
      await page.evaluate(
        () => document.body.classList.contains('vscode-light') && !document.body.classList.contains('vscode-dark'),
      ),
      'body class follows the system',
    );
    eq(problems, [], 'console errors');
  } finally {
    await context.close();
  }
});

test('report: PNG/SVG/CSV export downloads files', async ({ open }) => {
  const s = await open(URLS.reportPhysical, { theme: null });
  try {
    await plotsRendered(s.page, 4);
    const get = async (label) => {
      const [dl] = await Promise.all([
        s.page.waitForEvent('download'),
        s.page.locator(`vscode-button[aria-label=${JSON.stringify(label)}]`).click(),
      ]);
      return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
    };
    const png = await get('Save Time series of 3 columns against time (column "t") as PNG image');
    eq(png.name, 'summary-timeseries-oscillators.png', 'png name');
    eq([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert(png.bytes.length > 10_000, `PNG too small: ${png.bytes.length}`);
    const svg = await get('Save Time series of 3 columns against time (column "t") as SVG image');
    assert(svg.bytes.toString('utf8').startsWith('<svg'), 'SVG text');
    const csv = await get('Save the result table as CSV');
    eq(csv.name, 'summary-statistics.csv', 'result CSV name');
    eq(csv.bytes.toString('utf8').split('\n')[0], 'column,count,NaN count,mean,std,min,max', 'CSV header');
    eq(csv.bytes.toString('utf8').trim().split('\n').length, 4, 'CSV lines');
    const json = await get('Save the whole result with its provenance as JSON');
    const parsed = JSON.parse(json.bytes.toString('utf8'));
    eq(
      parsed.result.columns.map((c) => c.name),
      ['x', 'y', 'z'],
      'saved JSON',
    );
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});
