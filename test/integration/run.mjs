// Integration tests in a real VS Code (code-server 4.100.3) driven by Debian's Chromium:
// 1. the UI suite: install the VSIX, right-click, panels, dashboard, cancel, errors, reload (ui.mjs);
// 2. the extension-host API suite (suite/index.js), the same module @vscode/test-electron runs (electron.mjs);
// 3. a hostile workspace (suite/hostile.js) in Restricted Mode and trusted: nothing runs on its own when untrusted,
//    and the automatic lenses on a zip bomb and an exponential .ode end with a message, never stalling the host.
// Prints "integration: N passed, M failed" and exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './codeserver.mjs';
import { makeHostileWorkspace, makeWorkspace } from './workspace.mjs';
import { runUiSuite } from './ui.mjs';
import { runApiSuite } from './api.mjs';

const only = process.argv[2];
execFileSync('bash', [join(ROOT, 'scripts/integration/install-code-server.sh')], { stdio: 'inherit' });
const vsix = join(ROOT, 'dynlens.vsix');
if (!existsSync(vsix) || process.env.DYNLENS_REPACKAGE !== '0') {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit' });
}
let passed = 0;
let failed = 0;
// The Marketplace package stays under 10 MB (what users download; screenshots are palette PNGs for that reason).
const vsixMB = statSync(vsix).size / 2 ** 20;
if (vsixMB < 10) passed++;
else failed++;
console.log(`  ${vsixMB < 10 ? 'ok' : 'FAILED'}  VSIX size ${vsixMB.toFixed(2)} MB (limit 10 MB)`);
if (!only || only === 'api') {
  console.log('extension-host suite (code-server):');
  const r = await runApiSuite({ workspace: await makeWorkspace() });
  passed += r.passed;
  failed += r.failed;
  if (Object.keys(r.metrics).length) console.log('  metrics: ' + JSON.stringify(r.metrics));
}
if (!only || only === 'hostile') {
  // workspace trust on: the new folder opens in Restricted Mode; the suite has trust granted half-way
  console.log('hostile workspace, Restricted Mode then trusted (code-server):');
  const r = await runApiSuite({ workspace: makeHostileWorkspace(), suite: 'hostile.js', workspaceTrust: true });
  passed += r.passed;
  failed += r.failed;
  if (Object.keys(r.metrics).length) console.log('  metrics: ' + JSON.stringify(r.metrics));
}
if (!only || only === 'ui') {
  console.log('UI suite (code-server + Chromium):');
  const r = await runUiSuite({ workspace: await makeWorkspace({ bigRows: 3_000_000 }), vsix });
  passed += r.passed;
  failed += r.failed;
}
console.log(`integration: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
