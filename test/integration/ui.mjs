// UI suite: a user's clicks in real VS Code (code-server) with DynLens installed from its VSIX, driven through
// Chromium. Saves screenshots of the panel and the dashboard into test-artifacts/integration/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, makeDirs, installVsix, startCodeServer, launchBrowser, openWorkbench } from './codeserver.mjs';

const ART = join(ROOT, 'test-artifacts', 'integration');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function explorerRow(page, name) {
  if (
    !(await page
      .locator('.explorer-folders-view')
      .isVisible()
      .catch(() => false))
  ) {
    await page
      .locator(
        '.activitybar .action-item a[aria-label^="Explorer"], .activitybar .action-label[aria-label^="Explorer"]',
      )
      .first()
      .click();
  }
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first();
  await row.waitFor({ timeout: 30_000 });
  return row;
}

/** Right-click a file in the Explorer, open the DynLens submenu, click an entry. */
async function runFromExplorer(page, file, entry) {
  const sub = page.locator('.monaco-menu-container .action-item', { hasText: /^DynLens/ }).first();
  // Right after start-up the extension's menu contributions may not be registered yet: reopen until they are.
  for (let attempt = 0; ; attempt++) {
    const row = await explorerRow(page, file);
    await row.click({ button: 'right' });
    await page.locator('.monaco-menu-container .monaco-menu').first().waitFor({ timeout: 10_000 });
    if ((await sub.count()) > 0) break;
    await page.keyboard.press('Escape');
    if (attempt >= 30) throw new Error('the DynLens submenu never appeared in the Explorer context menu');
    await sleep(1000);
  }
  await sub.hover();
  await sub.click();
  const item = page.locator('.monaco-menu-container .action-item', { hasText: entry }).last();
  await item.waitFor({ timeout: 10_000 });
  await sleep(300);
  await item.hover();
  await item.click();
  // A click during the submenu's open animation can be swallowed: fall back to Enter on the highlighted item.
  for (let i = 0; i < 10 && (await page.locator('.monaco-menu-container .monaco-menu:visible').count()) > 0; i++) {
    await sleep(200);
    if (i === 3) await page.keyboard.press('Enter');
  }
  if ((await page.locator('.monaco-menu-container .monaco-menu:visible').count()) > 0) {
    await page.keyboard.press('Escape');
    throw new Error(`the menu entry "${entry}" did not run`);
  }
}

/** The frame of the webview whose document has `selector`. */
async function webviewFrame(page, selector, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      try {
        if (await f.locator(selector).count()) return f;
      } catch {
        /* frame detached */
      }
    }
    await sleep(250);
  }
  throw new Error(`no webview with ${selector}`);
}

async function notificationText(page, re, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const texts = await page
      .locator(
        '.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message',
      )
      .allInnerTexts();
    const hit = texts.find((t) => re.test(t));
    if (hit) return hit;
    await sleep(200);
  }
  throw new Error(`no notification matching ${re}`);
}

export async function runUiSuite({ workspace, vsix, log = console.log }) {
  mkdirSync(ART, { recursive: true });
  const dirs = makeDirs();
  installVsix(dirs, vsix);
  const server = await startCodeServer(dirs, workspace);
  const browser = await launchBrowser();
  const results = [];
  const test = async (name, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      results.push(true);
      log(`  PASS ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push(false);
      log(`  FAIL ${name}: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
      await page?.screenshot({ path: join(ART, `fail-${results.length}.png`) }).catch(() => undefined);
      await page?.keyboard.press('Escape').catch(() => undefined);
    }
  };
  let page;
  try {
    page = await openWorkbench(browser, server.url, workspace);
    await sleep(1500);

    await test('right-click lorenz.csv > DynLens > Data summary opens a result panel beside the file', async () => {
      await (await explorerRow(page, 'lorenz.csv')).dblclick();
      await sleep(800);
      await runFromExplorer(page, 'lorenz.csv', 'Data summary');
      const frame = await webviewFrame(page, '.js-plotly-plot', 90_000);
      await frame.locator('.js-plotly-plot').first().waitFor();
      const groups = await page.locator('.editor-group-container').count();
      if (groups < 2) throw new Error(`expected the panel beside the file (2 editor groups), found ${groups}`);
      const tab = page.locator('.tab', { hasText: 'Data summary' });
      if ((await tab.count()) === 0) throw new Error('no "Data summary" tab');
      await sleep(1000);
      await page.screenshot({ path: join(ART, 'panel-summary.png') });
    });

    await test('the dashboard lists the finished job and its result', async () => {
      await page
        .locator(
          '.activitybar .action-item a[aria-label^="DynLens"], .activitybar .action-label[aria-label^="DynLens"]',
        )
        .first()
        .click();
      const frame = await webviewFrame(page, '.dl-history-item', 30_000);
      const text = await frame.locator('body').innerText();
      if (!/lorenz\.csv/.test(text)) throw new Error('dashboard does not mention lorenz.csv: ' + text.slice(0, 300));
      await page.screenshot({ path: join(ART, 'dashboard.png') });
    });

    await test('"Open as notebook" in the summary panel writes lorenz.summary.ipynb and opens it with the result drawn', async () => {
      const tab = page.locator('.tab', { hasText: 'Data summary: lorenz.csv' }).first();
      await tab.click();
      const panel = await webviewFrame(page, '.dl-actions', 30_000);
      await panel.locator('vscode-button', { hasText: 'Open as notebook' }).first().click();
      const file = join(workspace, 'lorenz.summary.ipynb');
      const until = Date.now() + 30_000;
      while (!existsSync(file) && Date.now() < until) await sleep(250);
      if (!existsSync(file)) throw new Error('no lorenz.summary.ipynb beside lorenz.csv');
      // a valid nbformat 4 notebook (Debian's nbformat, installed with the test tools), first cell the command
      execFileSync('/usr/bin/python3', [
        '-c',
        'import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], 4))',
        file,
      ]);
      const nb = JSON.parse(readFileSync(file, 'utf8'));
      if (!nb.cells[0].source.join('').includes('subprocess'))
        throw new Error('the first cell does not run the command through subprocess');
      await page.locator('.tab', { hasText: 'lorenz.summary.ipynb' }).first().waitFor({ timeout: 60_000 });
      // the stored output of the first cell, drawn by the DynLens renderer in the notebook's webview
      const frame = await webviewFrame(page, '.dl-notebook-output .js-plotly-plot', 120_000);
      const titles = await frame.locator('.dl-notebook-output h1').allInnerTexts();
      if (!titles.some((t) => /Data summary/.test(t)))
        throw new Error(`expected the summary drawn in the notebook, titles: ${JSON.stringify(titles)}`);
      const code = await page.locator('.notebook-editor .cell .view-lines').first().innerText();
      if (!/subprocess/.test(code)) throw new Error(`the first cell shown is not the command: ${code.slice(0, 200)}`);
      await page.screenshot({ path: join(ART, 'open-as-notebook.png') });
      await page.keyboard.press('Control+W').catch(() => undefined);
    });

    await test('a bad file shows an error notification naming the file and the row', async () => {
      await runFromExplorer(page, 'bad.csv', 'Data summary');
      // The progress toast also names bad.csv; wait for the error itself (file, then the row).
      await notificationText(page, /bad\.csv: .*row \d+/);
    });

    await test('cancel from the progress notification stops a long job', async () => {
      await runFromExplorer(page, 'big.csv', 'Data summary');
      const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'big.csv' }).first();
      await toast.waitFor({ timeout: 20_000 });
      await sleep(500);
      await toast.hover();
      await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Cancel' }).first().click();
      await notificationText(page, /cancelled/, 10_000);
    });

    await test('lorenz.ode shows its Lyapunov spectrum and verdict as code lenses', async () => {
      await (await explorerRow(page, 'lorenz.ode')).dblclick();
      const lens = page.locator('.codelens-decoration', { hasText: /Lyapunov .*chaotic/ }).first();
      await lens.waitFor({ timeout: 120_000 });
      await page.locator('.codelens-decoration', { hasText: /Fate:/ }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(ART, 'ode-codelens.png') });
    });

    await test('a notebook with stored DynLens outputs: the renderer draws the plots, a malformed output errs in its cell only', async () => {
      await (await explorerRow(page, 'dynlens-outputs.ipynb')).dblclick();
      // the outputs live in the notebook's webview: the summary's and the persistence's plots, and the error
      const frame = await webviewFrame(page, '.dl-notebook-output .js-plotly-plot', 120_000);
      const deadline = Date.now() + 60_000;
      let plots = 0;
      while (Date.now() < deadline) {
        plots = await frame.locator('.dl-notebook-output .js-plotly-plot').count();
        if (plots >= 2 && (await frame.locator('.dl-notebook-output h1').count()) >= 2) break;
        await sleep(500);
      }
      const titles = await frame.locator('.dl-notebook-output h1').allInnerTexts();
      if (!titles.some((t) => /Data summary/.test(t)) || !titles.some((t) => /Persistent homology/.test(t)))
        throw new Error(`expected both results drawn, titles: ${JSON.stringify(titles)}`);
      if (plots < 2) throw new Error(`expected plots from both outputs, found ${plots}`);
      const err = await frame.locator('.dl-error', { hasText: 'DynLens could not draw this output' }).allInnerTexts();
      if (err.length !== 1 || !/no view, provenance, result/.test(err[0]))
        throw new Error(`expected one error naming what is missing, got ${JSON.stringify(err)}`);
      await page.screenshot({ path: join(ART, 'notebook-renderer.png') });
      await page.keyboard.press('Control+W').catch(() => undefined);
    });

    await test('the result panel is restored after a window reload', async () => {
      await page.reload();
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const tab = page.locator('.tab', { hasText: 'Data summary: lorenz.csv' }).first();
      await tab.waitFor({ timeout: 60_000 });
      await tab.click();
      const frame = await webviewFrame(page, '.js-plotly-plot', 60_000);
      await frame.locator('.js-plotly-plot').first().waitFor();
      await sleep(800);
      await page.screenshot({ path: join(ART, 'panel-restored.png') });
    });
  } finally {
    await browser.close();
    server.proc.kill();
  }
  const passed = results.filter(Boolean).length;
  return { passed, failed: results.length - passed };
}
