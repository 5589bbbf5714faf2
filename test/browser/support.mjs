// What every browser test shares: the pages global-setup.mjs wrote (served over local HTTP), the VS Code themes as
// the editor sets them, a page opener with a stubbed acquireVsCodeApi that collects console errors and CSP
// violations, waits for plots and posted messages, the keyboard audit, the CLI built next to the bundle, and the
// Playwright `test` with an `open` fixture.
import { test as base, expect } from '@playwright/test';
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ART = join(ROOT, 'test-artifacts', 'browser');
const FIX = join(ROOT, 'test', 'fixtures', 'webview');
/** Set by global-setup.mjs before the workers start (empty while Playwright only lists the tests). */
export const TMP = process.env.DYNLENS_BROWSER_TMP ?? '';
export const ORIGIN = process.env.DYNLENS_BROWSER_ORIGIN ?? '';

export const envPhysical = JSON.parse(readFileSync(join(FIX, 'summary-physical.json'), 'utf8'));
export const envSample = JSON.parse(readFileSync(join(FIX, 'view-envelopes', 'summary-sample.json'), 'utf8'));

/** The pages global-setup.mjs wrote. */
export const URLS = {
  reportPhysical: `${ORIGIN}/report-physical.html`,
  reportSample: `${ORIGIN}/report-sample.html`,
  panel: `${ORIGIN}/panel.html`,
  dashboard: `${ORIGIN}/dashboard.html`,
};

/** src/report/html.ts as global-setup.mjs bundled it. */
export function htmlModule() {
  return import(pathToFileURL(join(TMP, 'mod', 'html.mjs')).href);
}

export function writePage(name, text) {
  writeFileSync(join(TMP, name), text);
  return `${ORIGIN}/${name}`;
}

/** A standalone report page of `env`, with the bundle inlined as the CLI writes it. */
export async function reportUrl(name, env) {
  const html = await htmlModule();
  const bundleJs = readFileSync(join(TMP, 'webview.js'), 'utf8');
  return writePage(name, html.renderReportHtml({ bundleJs, envelope: env, title: env.title }));
}

// ---- themes (the variables VS Code sets on <html>, and the body class) ---------------------------------------------
export const THEMES = {
  dark: {
    cls: 'vscode-dark',
    vars: {
      'editor-background': '#1e1e1e',
      'editor-foreground': '#d4d4d4',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      focusBorder: '#007fd4',
      'charts-lines': '#444444',
      'charts-blue': '#3794ff',
      'charts-red': '#f14c4c',
      'charts-green': '#89d185',
      'charts-yellow': '#cca700',
      'charts-orange': '#d18616',
      'charts-purple': '#b180d7',
      'button-background': '#0e639c',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#3a3d41',
      'button-secondaryForeground': '#ffffff',
      'panel-border': '#2b2b2b',
    },
  },
  light: {
    cls: 'vscode-light',
    vars: {
      'editor-background': '#fffffe',
      'editor-foreground': '#000001',
      foreground: '#616161',
      descriptionForeground: '#717171',
      focusBorder: '#0090f1',
      'charts-lines': '#e0e0e0',
      'charts-blue': '#1a85ff',
      'charts-red': '#e51400',
      'charts-green': '#388a34',
      'charts-yellow': '#bf8803',
      'charts-orange': '#d18616',
      'charts-purple': '#652d90',
      'button-background': '#007acc',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#5f6a79',
      'button-secondaryForeground': '#ffffff',
      'panel-border': '#e5e5e5',
    },
  },
  'high-contrast': {
    cls: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      foreground: '#ffffff',
      descriptionForeground: '#ffffff',
      focusBorder: '#f38518',
      contrastBorder: '#6fc3df',
      'charts-lines': '#ffffff',
      'charts-blue': '#3794ff',
      'charts-red': '#f48771',
      'charts-green': '#89d185',
      'charts-yellow': '#ffd700',
      'charts-orange': '#f38518',
      'charts-purple': '#b180d7',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'panel-border': '#6fc3df',
    },
  },
  'high-contrast-light': {
    cls: 'vscode-high-contrast-light',
    vars: {
      'editor-background': '#fffffd',
      'editor-foreground': '#292929',
      foreground: '#292929',
      descriptionForeground: '#292929',
      focusBorder: '#006bbd',
      contrastBorder: '#0f4a85',
      'charts-lines': '#292929',
      'charts-blue': '#0f4a85',
      'charts-red': '#b5200d',
      'charts-green': '#007100',
      'charts-yellow': '#895503',
      'charts-orange': '#b14000',
      'charts-purple': '#652d90',
      'button-background': '#0f4a85',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#ffffff',
      'button-secondaryForeground': '#292929',
      'panel-border': '#0f4a85',
    },
  },
};

export async function applyTheme(page, name) {
  const t = THEMES[name];
  await page.evaluate(({ cls, vars }) => {
    const style =
      Object.entries(vars)
        .map(([k, v]) => `--vscode-${k}: ${v};`)
        .join(' ') + ' --vscode-font-family: sans-serif;';
    document.documentElement.setAttribute('style', style);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(cls);
  }, t);
}

// ---- pages ------------------------------------------------------------------------------------------------------
/**
 * Opens a page in a fresh context of `browser`. `vscode`: stub acquireVsCodeApi (captures posted messages in
 * window.__posted, state in window.__state). Console errors, page errors and CSP violations are collected for
 * `clean()`.
 */
export async function openPage(
  browser,
  url,
  { vscode = false, state, theme = 'dark', viewport = { width: 1100, height: 900 } } = {},
) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(
    ({ vscode, state, theme }) => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || e.sample}`),
      );
      if (vscode) {
        window.__posted = [];
        window.__state = state;
        window.acquireVsCodeApi = () => ({
          postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
          getState: () => window.__state,
          setState: (s) => {
            window.__state = JSON.parse(JSON.stringify(s));
            return s;
          },
        });
      }
      if (theme) {
        // VS Code sets the theme before the page's scripts run: do the same.
        document.addEventListener(
          'DOMContentLoaded',
          () => {
            const t = theme;
            document.documentElement.setAttribute(
              'style',
              Object.entries(t.vars)
                .map(([k, v]) => `--vscode-${k}: ${v};`)
                .join(' ') + ' --vscode-font-family: sans-serif;',
            );
            document.body.classList.add(t.cls);
          },
          { once: true, capture: true },
        );
      }
    },
    { vscode, state, theme: theme ? THEMES[theme] : null },
  );
  await page.goto(url);
  return {
    page,
    context,
    problems,
    posted: () => page.evaluate(() => window.__posted),
    async clean() {
      const csp = await page.evaluate(() => window.__csp);
      return [...problems, ...csp.map((c) => `CSP violation: ${c}`)];
    },
    close: () => context.close(),
  };
}

/** Waits until `n` plots have finished at least `minRenders` renders each. */
export async function plotsRendered(page, n, minRenders = 1, timeout = 30_000) {
  await page.waitForFunction(
    ({ n, minRenders }) => {
      const g = [...document.querySelectorAll('.dl-plot-area')];
      return g.length === n && g.every((e) => Number(e.dataset.renders ?? 0) >= minRenders);
    },
    { n, minRenders },
    { timeout },
  );
}

/** Per plot: paper background, font color and the first trace's marker/line color, all as computed rgb(). */
export async function plotColors(page) {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    document.body.append(probe);
    const rgb = (c) => {
      probe.style.color = '';
      probe.style.color = c;
      return getComputedStyle(probe).color;
    };
    const out = [...document.querySelectorAll('.dl-plot-area')].map((gd) => ({
      paper: rgb(gd._fullLayout.paper_bgcolor),
      font: rgb(gd._fullLayout.font.color),
      svgBackground: rgb(gd.querySelector('.main-svg').style.background || 'transparent'),
      trace0: rgb(gd._fullData[0].marker?.color ?? gd._fullData[0].line?.color),
      type: gd._fullData[0].type,
    }));
    probe.remove();
    return out;
  });
}

export async function rgbOf(page, color) {
  return page.evaluate((c) => {
    const s = document.createElement('span');
    s.style.color = c;
    document.body.append(s);
    const v = getComputedStyle(s).color;
    s.remove();
    return v;
  }, color);
}

/** Waits for a posted message matching `pred` (after `from` messages). Polls from node: the page's CSP forbids
 * compiling a predicate there. */
export async function waitPosted(page, pred, from = 0, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const all = (await page.evaluate(() => window.__posted)) ?? [];
    const hit = all.slice(from).find(pred);
    if (hit) return hit;
    if (Date.now() > end)
      throw new Error(`no matching message posted; got ${JSON.stringify(all.slice(from)).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Posts a message to the page as the host would. Sent as one JSON string: Playwright serializes big arrays slowly. */
export async function send(page, message) {
  await page.evaluate((text) => window.postMessage(JSON.parse(text), '*'), JSON.stringify(message));
}

export function assert(cond, message) {
  expect(cond, message).toBeTruthy();
}
export function eq(actual, expected, what) {
  expect(actual, what).toEqual(expected);
}

/** Tabs through the page; returns the controls never reached and the controls without an accessible name. */
export async function keyboardAudit(page, maxTabs) {
  await page.evaluate(() => {
    // A keyboard user opens a <details> with Enter on its summary; open them so their controls are audited too.
    document.querySelectorAll('details').forEach((d) => (d.open = true));
    // Form-like vscode-elements delegate focus to an input in their shadow root (host tabIndex -1): count them too.
    const delegating =
      'vscode-checkbox, vscode-single-select, vscode-multi-select, vscode-textfield, vscode-textarea, vscode-radio, vscode-tab-header';
    const controls = [
      ...document.querySelectorAll(
        `vscode-button, button, summary, a[href], input, select, textarea, [tabindex], ${delegating}`,
      ),
    ].filter(
      (el) =>
        (el.tabIndex >= 0 || el.matches(delegating)) &&
        !el.hasAttribute('disabled') &&
        el.getClientRects().length > 0 &&
        !el.closest('.modebar, [aria-hidden="true"]'),
    );
    controls.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    window.__kbTotal = controls.length;
    window.__kbSeen = new Set();
    document.addEventListener('focusin', (e) => {
      const el = e.composedPath().find((n) => n instanceof Element && n.hasAttribute('data-kb'));
      if (el) window.__kbSeen.add(el.getAttribute('data-kb'));
    });
    document.body.focus();
  });
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const done = await page.evaluate(() => window.__kbSeen.size >= window.__kbTotal);
    if (done) break;
  }
  return page.evaluate(() => {
    const all = [...document.querySelectorAll('[data-kb]')];
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').slice(0, 40)}"`;
    const unreached = all.filter((el) => !window.__kbSeen.has(el.getAttribute('data-kb'))).map(describe);
    const unnamed = all
      .filter((el) => {
        const name = el.getAttribute('aria-label') ?? (el.tagName === 'SUMMARY' ? el.textContent : '');
        return !name || !name.trim();
      })
      .map(describe);
    return { total: all.length, unreached, unnamed };
  });
}

// ---- the CLI (src/cli.ts + worker), built by global-setup.mjs next to the bundle, as in dist/ ----------------------
const CLI_DIR = join(TMP, 'cli');

/** Throws the CLI's build error, if it did not build (the other tests run regardless). */
export async function buildCli() {
  const error = process.env.DYNLENS_CLI_BUILD_ERROR;
  if (error) throw new Error(`the CLI did not build: ${error}`);
}

/** Runs the CLI with stdout into a file (piped stdout is cut at 64 KiB when the CLI exits before it drains). */
export function runCli(args) {
  const outPath = join(TMP, `cli-out-${Math.random().toString(36).slice(2)}.txt`);
  const fd = openSync(outPath, 'w');
  const r = spawnSync(process.execPath, [join(CLI_DIR, 'cli.js'), ...args], {
    stdio: ['ignore', fd, 'pipe'],
    encoding: 'utf8',
    timeout: 180_000,
    cwd: ROOT,
  });
  closeSync(fd);
  return { status: r.status, stderr: r.stderr ?? '', stdout: readFileSync(outPath, 'utf8') };
}

/** test/browser/lorenzEnvelope.ts, bundled: Lorenz summary envelopes made by the real summary analysis. */
export async function lorenzEnvelopeModule(name) {
  const out = join(TMP, name);
  await esbuild.build({
    entryPoints: [join(ROOT, 'test/browser/lorenzEnvelope.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
  });
  return import(pathToFileURL(out).href);
}

/** Playwright's test with `open(url, options)`: openPage in the worker's browser. */
export const test = base.extend({
  open: async ({ browser }, use) => {
    await use((url, options) => openPage(browser, url, options));
  },
});
