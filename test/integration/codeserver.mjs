// Starts a real VS Code (code-server 4.100.3) with DynLens installed and opens it in Debian's Chromium through
// playwright-core. Shared by the UI suite and the extension-host API suite. See ../../scripts/integration/.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const CODE_SERVER = join(ROOT, '.test-cache/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export function makeDirs(settings = {}) {
  const base = mkdtempSync(join(tmpdir(), 'dynlens-it-'));
  const user = join(base, 'user');
  const ext = join(base, 'extensions');
  mkdirSync(join(user, 'User'), { recursive: true });
  mkdirSync(ext, { recursive: true });
  writeFileSync(
    join(user, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'workbench.enableExperiments': false,
      'chat.commandCenter.enabled': false,
      'workbench.colorTheme': 'Default Dark Modern',
      ...settings,
    }),
  );
  return { base, user, ext };
}

export function installVsix(dirs, vsix) {
  execFileSync(
    CODE_SERVER,
    ['--user-data-dir', dirs.user, '--extensions-dir', dirs.ext, '--install-extension', vsix, '--force'],
    { stdio: 'pipe' },
  );
}

/** `workspaceTrust`: keep VS Code's workspace trust on (a folder opened for the first time is in Restricted Mode). */
export async function startCodeServer(dirs, workspace, { workspaceTrust = false } = {}) {
  const port = await freePort();
  const proc = spawn(
    CODE_SERVER,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir',
      dirs.user,
      '--extensions-dir',
      dirs.ext,
      workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '' } },
  );
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (log.includes('HTTP server listening')) break;
    if (proc.exitCode !== null) throw new Error('code-server exited: ' + log);
    if (Date.now() > deadline) throw new Error('code-server did not start: ' + log);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, proc, url: `http://127.0.0.1:${port}`, log: () => log };
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--use-gl=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** Opens the workbench and waits until it is interactive. */
export async function openWorkbench(browser, url, folder, query = '') {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const page = await context.newPage();
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}${query}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 }).catch(() => undefined);
  return page;
}
