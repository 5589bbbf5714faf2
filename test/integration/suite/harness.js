// What the extension-host suites share: test/assert helpers reporting "DYNLENS-IT PASS|FAIL name" lines on the
// console (the runner reads them from the page), DynLens's diagnostics command, and a polling wait.
module.exports = function harness(vscode) {
  const results = [];
  const log = (line) => console.log('DYNLENS-IT ' + line);
  async function test(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      log(`PASS ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      log(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
    }
  }
  function assert(cond, msg) {
    if (!cond) throw new Error(msg);
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const diag = () => vscode.commands.executeCommand('dynlens.internal.diagnostics');
  async function waitFor(pred, timeoutMs, what) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await pred();
      if (v) return v;
      if (Date.now() > end) throw new Error('timed out waiting for ' + what);
      await sleep(100);
    }
  }
  /** Reports the totals; throws when a test failed (the test runner's contract). */
  function finish() {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    log(`DONE: ${passed} passed, ${failed} failed`);
    if (failed > 0) throw new Error(`${failed} extension-host test(s) failed`);
  }
  return { log, test, assert, sleep, diag, waitFor, finish };
};
