// Runs an extension-host suite (suite/index.js, or `suite`) inside code-server's real extension host: the same thing
// @vscode/test-electron does with a downloaded VS Code. Returns { passed, failed, metrics }.
import { join } from 'node:path';
import { ROOT, makeDirs, startCodeServer, launchBrowser } from './codeserver.mjs';

export async function runApiSuite({ workspace, log = console.log, suite = 'index.js', workspaceTrust = false }) {
  const dirs = makeDirs(workspaceTrust ? { 'security.workspace.trust.enabled': true } : {});
  const server = await startCodeServer(dirs, workspace, { workspaceTrust });
  const browser = await launchBrowser();
  const metrics = {};
  let passed = 0;
  let failed = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let done;
    const finished = new Promise((r) => (done = r));
    page.on('console', (msg) => {
      const text = msg.text();
      const i = text.indexOf('DYNLENS-IT ');
      if (i < 0) return;
      const line = text.slice(i + 'DYNLENS-IT '.length);
      log('  [ext host] ' + line);
      // the suite asks for what only a user can do: grant workspace trust in the dialog VS Code shows
      if (line.startsWith('GRANT-TRUST')) void grantTrust(page).catch((e) => log('  could not grant trust: ' + e));
      const m = /^METRIC (\S+) (\S+)/.exec(line);
      if (m) metrics[m[1]] = Number(m[2]);
      const d = /^DONE: (\d+) passed, (\d+) failed/.exec(line);
      if (d) {
        passed = Number(d[1]);
        failed = Number(d[2]);
        done();
      }
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'test/integration/suite', suite))],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise((r) => setTimeout(() => r('timeout'), 240_000));
    if ((await Promise.race([finished, timeout])) === 'timeout') {
      failed += 1;
      log('  extension-host suite timed out; code-server log tail:\n' + server.log().slice(-3000));
    }
  } finally {
    await browser.close();
    server.proc.kill();
  }
  return { passed, failed, metrics };
}

/** Clicks "trust" in VS Code's workspace trust dialog, opening it through the command palette if it is not shown. */
async function grantTrust(page) {
  const button = page.getByRole('button', { name: /Yes, I trust the authors|^Trust$/ }).first();
  if (!(await button.isVisible().catch(() => false))) {
    await page.locator('.command-center-center').click();
    await page.keyboard.type('>Workspaces: Manage Workspace Trust');
    await page.keyboard.press('Enter');
  }
  await button.click({ timeout: 30_000 });
}
