// The result panel as VS Code hosts it (stubbed acquireVsCodeApi): messages, state, themes, export, keyboard.
import { join } from 'node:path';
import {
  applyTheme,
  ART,
  assert,
  envPhysical,
  envSample,
  eq,
  keyboardAudit,
  plotColors,
  plotsRendered,
  rgbOf,
  send,
  test,
  THEMES,
  URLS,
  waitPosted,
} from './support.mjs';

test('panel: result message renders, ready is posted, state is saved for reload', async ({ open }) => {
  const s = await open(URLS.panel, { vscode: true });
  try {
    await waitPosted(s.page, (m) => m.type === 'ready');
    await send(s.page, { type: 'result', envelope: envPhysical });
    await plotsRendered(s.page, 4);
    assert(
      (await s.page.evaluate(() => document.querySelectorAll('style').length)) > 1,
      'Plotly styles present in a panel (the dashboard check is meaningful)',
    );
    const state = await s.page.evaluate(() => window.__state);
    eq(state.envelope.provenance.contentHash, envPhysical.provenance.contentHash, 'state keeps the envelope');
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

test('panel: restored from getState after a reload without any message', async ({ open }) => {
  const s = await open(URLS.panel, { vscode: true, state: { envelope: envSample, ui: {} } });
  try {
    await plotsRendered(s.page, 4);
    eq(await s.page.locator('h1').innerText(), envSample.title, 'restored title');
    const posted = await s.posted();
    eq(posted[0], { type: 'ready' }, 'ready posted after restore');
    // The host's serializer sends the same result again: it is not drawn twice.
    await send(s.page, { type: 'result', envelope: envSample, resultKey: 'k-sample' });
    await s.page.waitForFunction(() => window.__state?.resultKey === 'k-sample');
    await s.page.waitForTimeout(300);
    eq(
      await s.page.evaluate(() => [...document.querySelectorAll('.dl-plot-area')].map((g) => g.dataset.renders)),
      ['1', '1', '1', '1'],
      'renders after the same result',
    );
    // A different result (new provenance) is drawn.
    await send(s.page, {
      type: 'result',
      envelope: { ...envSample, provenance: { ...envSample.provenance, wallTimeMs: 1 } },
    });
    await s.page.waitForFunction(() => document.querySelector('.dl-file')?.textContent?.endsWith('1 ms'));
    await plotsRendered(s.page, 4);
  } finally {
    await s.close();
  }
});

test('panel: progress, partial and error states; error names the file', async ({ open }) => {
  const s = await open(URLS.panel, { vscode: true });
  try {
    await send(s.page, { type: 'progress', jobId: 'j1', fraction: 0.42, message: 'acf x' });
    await s.page.waitForSelector('.dl-status:not([hidden]) vscode-progress-bar');
    const status = await s.page.locator('.dl-status').innerText();
    assert(status.includes('42%') && status.includes('acf x'), `status: ${status}`);
    eq(await s.page.locator('.dl-status vscode-progress-bar').getAttribute('value'), '42', 'progress value');
    eq(await s.page.locator('#dl-announce').textContent(), 'Analysis running', 'screen-reader announcement');
    await send(s.page, { type: 'partial', jobId: 'j1', value: { front: [1, 2, 3] } });
    await s.page.waitForSelector('.dl-partial:not([hidden]) pre');
    assert((await s.page.locator('.dl-partial pre').innerText()).includes('front'), 'partial preview');
    await send(s.page, {
      type: 'error',
      error: { kind: 'bad-input', message: 'row 3 has 2 fields, expected 4', file: '/data/broken.csv', row: 3 },
    });
    await s.page.waitForSelector('.dl-error:not([hidden])');
    eq(await s.page.locator('.dl-error').getAttribute('role'), 'alert', 'error role');
    const err = await s.page.locator('.dl-error').innerText();
    assert(
      err.includes('Bad input') &&
        err.includes('row 3 has 2 fields') &&
        err.includes('/data/broken.csv') &&
        err.includes('row 3'),
      `error text: ${err}`,
    );
    assert(await s.page.locator('.dl-status').isHidden(), 'progress hidden after error');
    await s.page.screenshot({ path: join(ART, 'panel-error-dark.png') });
    // A result after an error clears it.
    await send(s.page, { type: 'result', envelope: envSample });
    await plotsRendered(s.page, 4);
    assert(await s.page.locator('.dl-error').isHidden(), 'error cleared by a result');
    eq(await s.page.locator('#dl-announce').textContent(), `Result ready: ${envSample.title}`, 'result announcement');
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

test('panel: theme switch dark -> light -> high contrast -> hc light re-renders every plot with new colors', async ({
  open,
}) => {
  const s = await open(URLS.panel, { vscode: true, theme: 'dark' });
  try {
    await send(s.page, { type: 'result', envelope: envPhysical });
    await plotsRendered(s.page, 4);
    const order = ['dark', 'light', 'high-contrast', 'high-contrast-light'];
    let renders = 1;
    for (const name of order) {
      if (name !== 'dark') {
        await applyTheme(s.page, name);
        renders++;
        await plotsRendered(s.page, 4, renders);
      }
      const t = THEMES[name];
      const bg = await rgbOf(s.page, t.vars['editor-background']);
      const fg = await rgbOf(s.page, t.vars['editor-foreground']);
      const blue = await rgbOf(s.page, t.vars['charts-blue']);
      const colors = await plotColors(s.page);
      for (const [i, c] of colors.entries()) {
        eq(c.paper, bg, `${name}: plot ${i} background`);
        eq(c.svgBackground, bg, `${name}: plot ${i} drawn background`);
        eq(c.font, fg, `${name}: plot ${i} font`);
      }
      // The embedding's marker color was taken from host.theme() by the view: it follows the theme too.
      eq(colors[3].trace0, blue, `${name}: embedding marker color`);
      // Line colors come from the colorway = charts.* colors.
      eq(colors[0].trace0, blue, `${name}: first series color`);
      await s.page.screenshot({ path: join(ART, `panel-${name}.png`), fullPage: true });
    }
    // The same theme signalled again (the host's {type:'theme'} message) draws nothing twice...
    await send(s.page, { type: 'theme' });
    await s.page.waitForTimeout(300);
    eq(
      await s.page.evaluate(() => [...document.querySelectorAll('.dl-plot-area')].map((g) => g.dataset.renders)),
      ['4', '4', '4', '4'],
      'renders after a no-op theme message',
    );
    // ...but variables changed without an attribute change (a new style sheet) are picked up by the message.
    await s.page.evaluate(() => {
      const st = document.createElement('style');
      st.textContent = 'html body { --vscode-editor-background: #102030; }';
      document.head.append(st);
    });
    await send(s.page, { type: 'theme' });
    await plotsRendered(s.page, 4, renders + 1);
    eq((await plotColors(s.page))[0].paper, 'rgb(16, 32, 48)', 'background after the theme message');
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

test('panel: PNG/SVG export and data save post save messages with real content (2-D and WebGL 3-D)', async ({
  open,
}) => {
  const s = await open(URLS.panel, { vscode: true });
  try {
    await send(s.page, { type: 'result', envelope: envPhysical });
    await plotsRendered(s.page, 4);
    const figures = s.page.locator('figure.dl-plot');
    const clickAndWait = async (fig, label, mime) => {
      const from = (await s.posted()).length;
      await figures.nth(fig).locator(`vscode-button:text-is("${label}")`).click();
      return waitPosted(s.page, (m) => m.type === 'save' && m.mime === mime, from, 30_000);
    };
    const png = await clickAndWait(0, 'PNG', 'image/png');
    const bytes = Buffer.from(png.dataBase64, 'base64');
    eq([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG magic');
    eq(png.suggestedName, 'summary-timeseries-oscillators.png', 'png name');
    const svg = await clickAndWait(0, 'SVG', 'image/svg+xml');
    assert(svg.text.startsWith('<svg') && svg.text.includes('main-svg'), 'SVG text');
    assert(svg.text.includes('#1e1e1e') || svg.text.includes('rgb(30, 30, 30)'), 'SVG carries the theme background');
    const png3d = await clickAndWait(3, 'PNG', 'image/png');
    const b3 = Buffer.from(png3d.dataBase64, 'base64');
    eq([...b3.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'scatter3d PNG magic');
    assert(b3.length > 20_000, `scatter3d PNG too small (${b3.length} bytes): WebGL snapshot empty?`);
    const csv = await clickAndWait(0, 'Data CSV', 'text/csv');
    const lines = csv.text.trim().split('\n');
    eq(lines[0], 'time,x,y,z', 'plot CSV header');
    eq(lines.length, 2001, 'plot CSV rows');
    eq(Number(lines[2].split(',')[0]), 0.01, 'second time value');
    const json = await clickAndWait(1, 'Data JSON', 'application/json');
    const acf = JSON.parse(json.text);
    eq(Object.keys(acf), ['lag_time', 'x', 'y', 'z'], 'acf JSON columns');
    eq(acf.x[0], 1, 'acf at lag 0');
    // Copy of a number: full precision through the host.
    const from = (await s.posted()).length;
    await s.page.locator('table.dl-table tbody tr').nth(1).locator('button.dl-num').nth(2).click();
    const copy = await waitPosted(s.page, (m) => m.type === 'copy', from);
    eq(Number(copy.text), envPhysical.result.columns[1].mean, 'copied full-precision mean of y');
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

test('summary: "one axis per column" toggle (keyboard), kept in the panel state across a reload', async ({ open }) => {
  const s = await open(URLS.panel, { vscode: true, theme: 'light' });
  let state;
  try {
    await send(s.page, { type: 'result', envelope: envPhysical });
    await plotsRendered(s.page, 4);
    const axes = () =>
      s.page.evaluate(() =>
        Object.keys(document.querySelector('.dl-plot-area')._fullLayout)
          .filter((k) => /^yaxis\d*$/.test(k))
          .sort(),
      );
    eq(await axes(), ['yaxis'], 'overlay by default for 3 columns');
    await s.page.locator('vscode-checkbox[aria-label="One axis per column"]').focus();
    await s.page.keyboard.press(' ');
    await s.page.waitForFunction(() => document.querySelector('.dl-plot-area').dataset.renders === '2');
    eq(await axes(), ['yaxis', 'yaxis2', 'yaxis3'], 'stacked axes');
    state = await s.page.evaluate(() => window.__state);
    eq(state.ui['summary.stacked'], true, 'choice saved');
    await s.page.screenshot({
      path: join(ART, 'panel-stacked-light.png'),
      clip: { x: 0, y: 250, width: 1100, height: 700 },
    });
  } finally {
    await s.close();
  }
  const r = await open(URLS.panel, { vscode: true, state });
  try {
    await plotsRendered(r.page, 4);
    eq(
      await r.page.evaluate(
        () =>
          Object.keys(document.querySelector('.dl-plot-area')._fullLayout).filter((k) => /^yaxis\d*$/.test(k)).length,
      ),
      3,
      'stacked after reload',
    );
    eq(await r.page.evaluate(() => document.querySelector('vscode-checkbox').checked), true, 'checkbox restored');
    eq(await r.clean(), [], 'problems');
  } finally {
    await r.close();
  }
});

test('panel: keyboard reaches every control; every control has an accessible name', async ({ open }) => {
  const s = await open(URLS.panel, { vscode: true });
  try {
    await send(s.page, { type: 'result', envelope: envPhysical });
    await plotsRendered(s.page, 4);
    const audit = await keyboardAudit(s.page, 200);
    assert(audit.total >= 20, `only ${audit.total} controls found`);
    eq(audit.unreached, [], 'controls not reached by Tab');
    eq(audit.unnamed, [], 'controls without aria-label');
    // Enter on a focused vscode-button activates it.
    const from = (await s.posted()).length;
    await s.page.locator('vscode-button[aria-label="Save the whole result with its provenance as JSON"]').focus();
    await s.page.keyboard.press('Enter');
    const saved = await waitPosted(s.page, (m) => m.type === 'save' && m.mime === 'application/json', from);
    eq(saved.suggestedName, 'summary-oscillators.json', 'saved JSON name');
    // Arrow keys move inside a table (one tab stop per table).
    await s.page.locator('table.dl-table tbody th button').first().focus();
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('ArrowDown');
    const label = await s.page.evaluate(() => document.activeElement.getAttribute('aria-label'));
    eq(label, '2000, copy 2000', 'focus after ArrowRight, ArrowDown');
    await s.page.keyboard.press('Enter');
    const copy = await waitPosted(s.page, (m) => m.type === 'copy', from);
    eq(copy.text, '2000', 'Enter copies the focused cell');
  } finally {
    await s.close();
  }
});
