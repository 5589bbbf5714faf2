// Extension-host test suite: runs INSIDE a real VS Code extension host with the real `vscode` API. Loaded by
// code-server (extensionTestsPath payload, see ../api.mjs) or by @vscode/test-electron (../electron.mjs).
// Reports lines "DYNLENS-IT PASS|FAIL name" and a final "DYNLENS-IT DONE: N passed, M failed" on the console.
const vscode = require('vscode');
const path = require('path');
const fs = require('fs');

const { log, test, assert, sleep, diag, waitFor, finish } = require('./harness')(vscode);

exports.run = async function run() {
  const ws = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert(ws, 'a workspace folder is open');
  const root = ws.uri.fsPath;
  const ext = vscode.extensions.getExtension('dynlens.dynlens');

  await test('extension activates within the 50 ms budget', async () => {
    assert(ext, 'extension dynlens.dynlens is installed');
    const api = await ext.activate();
    log(`METRIC activationMs ${api.activationMs.toFixed(2)}`);
    assert(api.activationMs < 50, `activation took ${api.activationMs} ms`);
  });

  await test('menus: a DynLens submenu on data files lists the summary analysis', async () => {
    const c = ext.packageJSON.contributes;
    const explorer = c.menus['explorer/context'].find((m) => m.submenu === 'dynlens.submenu');
    assert(explorer && /csv/.test(explorer.when), 'explorer submenu for csv');
    assert(
      c.menus['editor/title/context'].some((m) => m.submenu === 'dynlens.submenu'),
      'editor tab submenu',
    );
    assert(
      c.menus['dynlens.submenu'].some((m) => m.command === 'dynlens.run.summary'),
      'summary in submenu',
    );
    assert(ext.packageJSON.extensionKind.includes('workspace'), 'workspace extension');
  });

  await test('summary of lorenz.csv runs in a worker, opens a panel and is stored', async () => {
    await vscode.commands.executeCommand('dynlens.internal.resetStallMonitor');
    const uri = vscode.Uri.file(path.join(root, 'lorenz.csv'));
    await vscode.commands.executeCommand('dynlens.run.summary', uri, { maxLag: 150 });
    const done = await waitFor(
      async () => (await diag()).jobs.find((j) => j.path === uri.fsPath && j.state !== 'running'),
      60_000,
      'summary job',
    );
    assert(done.state === 'done', `job state ${done.state} ${done.error ? done.error.message : ''}`);
    assert(done.resultKey, 'result stored');
    const d = await diag();
    assert(d.panels >= 1, 'a result panel is open');
    assert(d.workers >= 1, 'a worker was started');
  });

  await test('the CLI gives the same numbers as the panel', async () => {
    const uri = vscode.Uri.file(path.join(root, 'lorenz.csv'));
    const job = (await diag()).jobs.find((j) => j.path === uri.fsPath && j.state === 'done');
    const panel = await vscode.commands.executeCommand('dynlens.internal.storedResult', job.resultKey);
    const { execFileSync } = require('child_process');
    const cli = JSON.parse(
      execFileSync(
        process.execPath,
        [
          path.join(ext.extensionPath, 'bin', 'dynlens.js'),
          'summary',
          uri.fsPath,
          '--max-lag',
          '150',
          '--json',
          '--quiet',
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
      ),
    );
    assert(JSON.stringify(cli.columns) === JSON.stringify(panel.result.columns), 'column statistics differ');
    assert(JSON.stringify(cli.psd) === JSON.stringify(panel.result.psd), 'spectra differ');
    assert(JSON.stringify(cli.acf) === JSON.stringify(panel.result.acf), 'autocorrelations differ');
    assert(cli.provenance.contentHash === panel.provenance.contentHash, 'content hash differs');
  });

  await test('baseline: wait until the extension host is idle (other extensions finish starting)', async () => {
    // Built-in extensions (git, ...) share this extension host and stall it while they start; measure ours after.
    let idle = Infinity;
    for (let i = 0; i < 40 && idle >= 20; i++) {
      await vscode.commands.executeCommand('dynlens.internal.resetStallMonitor');
      await sleep(1000);
      idle = (await diag()).maxEventLoopStallMs;
    }
    log(`METRIC idleMaxEventLoopStallMs ${idle.toFixed(1)}`);
    assert(idle < 20, `the extension host never became idle (max stall ${idle} ms per second)`);
  });

  // The target (< 50 ms) is a benchmark (bench/platform/stall.ts, BENCHMARKS.md): on a shared 2-core machine the OS
  // scheduler alone stalls a thread by 50+ ms (seen with an idle worker spinning). The test guards against freezes.
  await test('a 1,000,000 x 8 job never freezes the extension host (event-loop stall < 500 ms)', async () => {
    const big = path.join(root, 'big.csv');
    if (!fs.existsSync(big)) throw new Error('big.csv missing from the test workspace');
    await vscode.commands.executeCommand('dynlens.internal.resetStallMonitor');
    await vscode.commands.executeCommand('dynlens.run.summary', vscode.Uri.file(big), { maxLag: 100 });
    const done = await waitFor(
      async () => (await diag()).jobs.find((j) => j.path === big && j.state !== 'running'),
      120_000,
      'big summary job',
    );
    assert(done.state === 'done', `job state ${done.state} ${done.error ? done.error.message : ''}`);
    const d = await diag();
    log(`METRIC maxEventLoopStallMs ${d.maxEventLoopStallMs.toFixed(1)}`);
    assert(d.maxEventLoopStallMs < 500, `longest stall ${d.maxEventLoopStallMs} ms`);
  });

  await test('cancel stops a running job within a second', async () => {
    const big = path.join(root, 'big.csv');
    await vscode.commands.executeCommand('dynlens.run.summary', vscode.Uri.file(big), { maxLag: 99 });
    const job = await waitFor(
      async () => (await diag()).jobs.find((j) => j.path === big && j.state === 'running'),
      10_000,
      'job start',
    );
    await sleep(300);
    const t0 = Date.now();
    // The dashboard's cancel goes through the same tracker; here we reach it through the panel close path.
    // Closing the panel cancels its job (the notification's Cancel button is covered by the UI suite).
    // Tab objects go stale after a close, so look them up afresh each time.
    let closed = 0;
    for (let i = 0; i < 5; i++) {
      const tab = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.endsWith('dynlens.result') &&
            t.label.includes('big.csv'),
        );
      if (!tab) break;
      if (await vscode.window.tabGroups.close(tab)) closed++;
    }
    assert(closed >= 1, 'closed the big.csv panel');
    const end = await waitFor(
      async () => (await diag()).jobs.find((j) => j.jobId === job.jobId && j.state !== 'running'),
      5_000,
      'cancel',
    );
    // The runtime's latency: from the cancel request to the job's end (closing a webview tab in code-server can
    // itself take a second on a loaded machine; that part is logged, not asserted).
    log(`METRIC cancelWithTabCloseMs ${Date.now() - t0}`);
    const dt = Date.parse(end.finishedAt) - Date.parse(end.cancelRequestedAt);
    log(`METRIC cancelMs ${dt}`);
    assert(end.state === 'cancelled', `state ${end.state}`);
    assert(dt < 1000, `cancel took ${dt} ms`);
  });

  await test('a bad file fails its job with a message naming the file and the row', async () => {
    const bad = path.join(root, 'bad.csv');
    await vscode.commands.executeCommand('dynlens.run.summary', vscode.Uri.file(bad));
    const done = await waitFor(
      async () => (await diag()).jobs.find((j) => j.path === bad && j.state !== 'running'),
      30_000,
      'bad job',
    );
    assert(done.state === 'failed', `state ${done.state}`);
    assert(/bad\.csv/.test(done.error.message) && /row/.test(done.error.message), done.error.message);
    // and the next job still works
    const ok = path.join(root, 'oscillator.csv');
    await vscode.commands.executeCommand('dynlens.run.summary', vscode.Uri.file(ok));
    const after = await waitFor(
      async () => (await diag()).jobs.find((j) => j.path === ok && j.state !== 'running'),
      30_000,
      'job after failure',
    );
    assert(after.state === 'done', `state ${after.state}`);
  });

  await test('.ode code lenses show the Lyapunov spectrum and verdict; init lens shows the fate', async () => {
    const uri = vscode.Uri.file(path.join(root, 'lorenz.ode'));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert(doc.languageId === 'ode', `language ${doc.languageId}`);
    await vscode.window.showTextDocument(doc);
    const titles = await waitFor(
      async () => {
        const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10);
        const t = (lenses || []).map((l) => (l.command ? l.command.title : ''));
        return t.some((x) => /Lyapunov .* chaotic/.test(x)) && t.some((x) => /^Fate: chaotic/.test(x)) ? t : undefined;
      },
      90_000,
      'lens titles',
    );
    log('INFO lenses: ' + titles.join(' | '));
  });

  await test('an .ode syntax error appears in the Problems panel with its line', async () => {
    const bad = path.join(root, 'broken.ode');
    fs.writeFileSync(bad, "# broken\nx' = -x +\ninit x=1\ndone\n");
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(bad));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
    const diags = await waitFor(
      async () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'DynLens');
        return d.length ? d : undefined;
      },
      60_000,
      'diagnostics',
    );
    assert(diags[0].range.start.line === 1, `diagnostic on line ${diags[0].range.start.line}: ${diags[0].message}`);
  });

  await test('brusselator.ode: the par-line lens and the Problems panel name the Hopf point in b', async () => {
    const uri = vscode.Uri.file(path.join(root, 'brusselator.ode'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const parLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => /^par /.test(l));
    assert(parLine >= 0, 'a par line');
    // the Hopf point of the Brusselator's equilibrium (a, b/a) is at b = 1 + a^2 = 2 for a = 1
    let seen = [];
    const titles = await waitFor(
      async () => {
        const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10);
        const t = (lenses || [])
          .filter((l) => l.range.start.line === parLine)
          .map((l) => (l.command ? l.command.title : ''));
        seen = t;
        return t.some((x) => /Hopf at b = 2 \(supercritical\)/.test(x)) ? t : undefined;
      },
      90_000,
      'the par-line lens naming the Hopf point',
    ).catch(async (e) => {
      const jobs = ((await diag()).jobs || [])
        .filter((j) => /code lens/.test(j.title || ''))
        .map((j) => ({ title: j.title, state: j.state, error: j.error && j.error.message }));
      throw new Error(
        `${e.message}; the par-line lenses said: ${JSON.stringify(seen)}; lens jobs: ${JSON.stringify(jobs)}`,
      );
    });
    log('INFO par lenses: ' + titles.join(' | '));
    const sweepLens = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10)).find(
      (l) => l.command && l.command.command === 'dynlens.sweep',
    );
    assert(sweepLens && sweepLens.range.start.line === parLine, 'a "sweep parameters..." lens on the first par line');
    assert(/sweep parameters/.test(sweepLens.command.title), `sweep lens title ${sweepLens.command.title}`);
    const hopf = await waitFor(
      async () =>
        vscode.languages
          .getDiagnostics(uri)
          .find((d) => d.source === 'DynLens' && d.code === 'bifurcation' && /^Hopf at b = 2 /.test(d.message)),
      30_000,
      'the Hopf entry in the Problems panel',
    );
    assert(hopf.range.start.line === parLine, `Hopf entry on line ${hopf.range.start.line}, par line ${parLine}`);
    assert(doc.getText(hopf.range) === 'b', `the entry marks "${doc.getText(hopf.range)}"`);
    assert(hopf.severity === vscode.DiagnosticSeverity.Information, `severity ${hopf.severity}`);
    // the lens's click opens the full diagram: the same Hopf point
    const lens = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10)).find(
      (l) => l.range.start.line === parLine && l.command && /Hopf at b/.test(l.command.title),
    );
    await vscode.commands.executeCommand(lens.command.command, ...lens.command.arguments);
    const job = await waitFor(
      async () =>
        (await diag()).jobs.find(
          (j) =>
            j.path === uri.fsPath &&
            j.analysisId === 'bifurcation' &&
            !/code lens/.test(j.title) &&
            j.state !== 'running',
        ),
      90_000,
      'the bifurcation job of the click',
    );
    assert(job.state === 'done', `job state ${job.state} ${job.error ? job.error.message : ''}`);
    const full = await vscode.commands.executeCommand('dynlens.internal.storedResult', job.resultKey);
    assert(
      full.result.specialPoints.some((s) => s.type === 'hopf' && Math.abs(s.parameters.b - 2) < 1e-8),
      'the diagram has the Hopf point at b = 2',
    );
  });

  await test('a Python file that loads a workspace data file gets a stability lens', async () => {
    const py = path.join(root, 'train.py');
    fs.writeFileSync(
      py,
      "import numpy as np\nimport pandas as pd\n\ndf = pd.read_csv('lorenz.csv')\nprint(df.head())\n",
    );
    const uri = vscode.Uri.file(py);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const titles = await waitFor(
      async () => {
        const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10);
        const t = (lenses || []).filter((l) => l.range.start.line === 3).map((l) => (l.command ? l.command.title : ''));
        return t.some((x) => /λmax|Analyze stability/.test(x)) ? t : undefined;
      },
      90_000,
      'file lens',
    );
    log('INFO file lens: ' + titles.join(' | '));
  });

  await test('Batch analysis... on the bundled waves.tsv opens the batch result panel', async () => {
    const coll = path.join(root, 'waves.tsv');
    const out = path.join(root, 'waves-signed-barcode-batch');
    const id = await vscode.commands.executeCommand('dynlens.batch', vscode.Uri.file(coll), {
      analysisId: 'signed-barcode',
      flags: '--delay-embedding 2,3 --grid 8 --image-resolution 5 --line-slices 0',
      out,
      workers: 1,
      slurm: false,
    });
    assert(typeof id === 'string', `a batch id, got ${id}`);
    const d = await waitFor(
      async () => {
        const x = await diag();
        const b = (x.batches || []).find((y) => y.id === id);
        if (b && (b.state === 'failed' || b.state === 'stopped')) throw new Error(`batch ${b.state}: ${b.message}`);
        return b && b.state === 'done' && x.panelViews.includes('batch') ? x : undefined;
      },
      120_000,
      'the batch to finish and its result panel',
    );
    const b = d.batches.find((y) => y.id === id);
    assert(b.total === 16 && b.done === 16 && b.failed === 0, `counts ${JSON.stringify(b)}`);
    assert(fs.existsSync(path.join(out, 'features.parquet')), 'features.parquet written');
    log(`INFO batch: ${JSON.stringify(b)}`);
  });

  await test('Sweep parameters... on lorenz.ode runs the sweep and opens the sweep view', async () => {
    const model = path.join(root, 'lorenz.ode');
    const out = path.join(root, 'lorenz-sweep-it');
    const id = await vscode.commands.executeCommand('dynlens.sweep', vscode.Uri.file(model), {
      params: ['rho=20:30:3'],
      measure: 'lyapunov',
      out,
      workers: 1,
    });
    assert(typeof id === 'string', `a sweep id, got ${id}`);
    await waitFor(
      async () => {
        const x = await diag();
        const b = (x.batches || []).find((y) => y.id === id);
        if (b && (b.state === 'failed' || b.state === 'stopped')) throw new Error(`sweep ${b.state}: ${b.message}`);
        return b && b.state === 'done' && x.panelViews.includes('sweep') ? x : undefined;
      },
      120_000,
      'the sweep to finish and its view',
    );
    const sweep = JSON.parse(fs.readFileSync(path.join(out, 'sweep.json'), 'utf8'));
    assert(sweep.axes[0].name === 'rho' && sweep.axes[0].values.length === 3, 'sweep.json has the rho axis');
  });

  finish();
};
