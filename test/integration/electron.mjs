// The same extension-host suite through @vscode/test-electron, for machines that can download VS Code.
// Usage: node test/integration/electron.mjs   (not run by CI here: this machine cannot download VS Code)
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { ROOT } from './codeserver.mjs';
import { makeWorkspace } from './workspace.mjs';

const workspace = await makeWorkspace();
await runTests({
  extensionDevelopmentPath: ROOT,
  extensionTestsPath: join(ROOT, 'test/integration/suite/index.js'),
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
});
