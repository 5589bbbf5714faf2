// The batch result view (view `batch`) in a VS Code panel, and the batches of the dashboard: the feature table
// sorts by column, failures and table ids open their item, the PCA scatter is coloured by label and opens the
// clicked item, class means are drawn per label, names from files stay text; the dashboard's batch lines and
// buttons post the right messages.
import { join } from 'node:path';
import { ART, assert, eq, plotsRendered, send, test, URLS, waitPosted } from './support.mjs';

const EVIL = '<img src=x onerror="window.__pwned=1">';

/** 12 items, two labels (one of them markup), a failure, a 3 x 4 Hilbert grid and a Betti curve. */
function batchEnvelope() {
  const names = [];
  for (let a = 0; a < 3; a++) for (let b = 0; b < 4; b++) names.push(`hilbert_h1_r${a}_t${b}`);
  for (let k = 0; k < 5; k++) names.push(`betti_h0_0${k}`);
  const items = [];
  const values = [];
  for (let i = 0; i < 12; i++) {
    const failed = i === 5;
    const label = i % 2 ? 'ring' : EVIL;
    items.push({
      index: i,
      id: i === 3 ? `${EVIL}.csv` : `c${String(i).padStart(2, '0')}.csv`,
      source: `/data/c${i}.csv`,
      label,
      collection: '/data',
      status: failed ? 'failed' : 'ok',
      ...(failed ? { error: `/data/c${i}.csv: not a point cloud` } : {}),
    });
    for (let c = 0; c < names.length; c++) values.push(failed ? null : ((i * 7 + c * 3) % 11) - (i % 2) * 2);
  }
  const ok = items.filter((it) => it.status === 'ok');
  const mean = (lab) =>
    names.map((_, c) => {
      const rows = ok.filter((it) => it.label === lab);
      return rows.reduce((s, it) => s + values[it.index * names.length + c], 0) / rows.length;
    });
  return {
    analysisId: 'batch',
    title: 'Batch signed-barcode',
    view: 'batch',
    provenance: {
      analysisId: 'signed-barcode',
      path: '/data/out',
      contentHash: 'ab'.repeat(32),
      fileBytes: 0,
      params: { grid: 4 },
      runtimeVersion: '0.0.0',
      wallTimeMs: 1234,
      startedAt: '2026-12-07T00:00:00.000Z',
      notes: [],
    },
    result: {
      out: '/data/out',
      analysisId: 'signed-barcode',
      total: 12,
      ok: 11,
      failed: 1,
      complete: true,
      names,
      items,
      tableValues: values,
      tableColumns: names.length,
      projection: {
        index: ok.map((it) => it.index),
        x: ok.map((it) => it.index - 6),
        y: ok.map((it) => (it.index % 2 ? 1 : -1) * it.index),
        explainedVarianceRatio: [0.61, 0.22],
        excluded: 0,
      },
      classMeans: {
        grids: [
          { name: 'hilbert_h1', rows: 3, cols: 4 },
          { name: 'betti_h0', rows: 1, cols: 5 },
        ],
        classes: [EVIL, 'ring'].map((lab) => {
          const m = mean(lab);
          return {
            label: lab,
            count: ok.filter((it) => it.label === lab).length,
            images: [m.slice(0, 12), m.slice(12)],
          };
        }),
      },
      notes: ['listing 12 of 12 finished items'],
    },
  };
}

test('batch view: table sorts, failures and points open their item, class means per label, names stay text', async ({
  open,
}) => {
  const s = await open(URLS.panel, { vscode: true });
  try {
    await send(s.page, { type: 'result', envelope: batchEnvelope() });
    await plotsRendered(s.page, 3); // PCA, Hilbert class means, Betti curves
    const page = s.page;
    assert((await page.locator('.dl-batch-summary').innerText()).includes('12 items: 11 ok, 1 failed'), 'summary');
    // names with markup are shown as written (text), never parsed
    eq(await page.evaluate(() => window.__pwned), undefined, 'no injected handler ran');
    eq(await page.locator('.dl-view img').count(), 0, 'no <img> from a name');
    assert((await page.locator('.dl-batch-table').innerText()).includes(`${EVIL}.csv`), 'evil id as text');
    // the PCA plot: one trace per label, labels escaped for Plotly, hover text names the item
    const traces = await page.evaluate(() => {
      const gd = document.querySelector('.dl-batch-pca .dl-plot-area');
      return gd._fullData.map((t) => ({ name: t.name, n: t.x.length, text: t.text[0] }));
    });
    eq(
      traces.map((t) => [t.name, t.n]),
      [
        ['&lt;img src=x onerror="window.__pwned=1"&gt;', 6],
        ['ring', 5],
      ],
      'traces by label',
    );
    assert(traces[1].text.startsWith('c01.csv<br>/data/c1.csv'), `hover text ${traces[1].text}`);
    const legend = await page.$$eval('.dl-batch-pca .legendtext', (els) => els.map((e) => e.textContent ?? ''));
    assert(
      legend.some((t) => t.includes('<img src=x')),
      `legend shows the label as text: ${legend}`,
    );

    // a click on a point opens that item
    let from = (await s.posted()).length;
    await page.evaluate(() => {
      const gd = document.querySelector('.dl-batch-pca .dl-plot-area');
      gd.emit('plotly_click', { points: [{ curveNumber: 1, pointNumber: 2 }] });
    });
    eq(await waitPosted(page, (m) => m.type === 'openBatchItem', from), { type: 'openBatchItem', index: 7 }, 'click');

    // failures listed; a click opens the failed item
    const failure = page.locator('.dl-batch-failures li');
    eq(await failure.count(), 1, 'one failure');
    assert((await failure.innerText()).includes('not a point cloud'), 'failure message');
    from = (await s.posted()).length;
    await failure.locator('button').click();
    eq((await waitPosted(page, (m) => m.type === 'openBatchItem', from)).index, 5, 'failure opens item 5');

    // sorting: by the first Hilbert pixel, ascending then descending; the failed item (no value) stays last
    const firstColumn = async () =>
      page.$$eval('.dl-batch-table tbody tr', (rows) => rows.map((r) => r.children[0].textContent));
    eq(await firstColumn(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'], 'item order');
    const sortButton = page.locator('.dl-batch-table th button', { hasText: 'hilbert_h1_r0_t0' });
    await sortButton.click();
    const asc = await firstColumn();
    await page.locator('.dl-batch-table th button', { hasText: 'hilbert_h1_r0_t0' }).click();
    const desc = await firstColumn();
    eq(asc[asc.length - 1], '5', 'blank last ascending');
    eq(desc[desc.length - 1], '5', 'blank last descending');
    const env = batchEnvelope().result;
    const v = (i) => env.tableValues[Number(i) * env.tableColumns];
    for (let k = 1; k < asc.length - 1; k++) assert(v(asc[k - 1]) <= v(asc[k]), `ascending at ${k}`);
    for (let k = 1; k < desc.length - 1; k++) assert(v(desc[k - 1]) >= v(desc[k]), `descending at ${k}`);
    eq(
      await page.locator('.dl-batch-table th[aria-sort]').getAttribute('aria-sort'),
      'descending',
      'aria-sort on the sorted column',
    );
    // a table id opens its item
    from = (await s.posted()).length;
    await page.locator('.dl-batch-table tbody tr').first().locator('button').click();
    assert((await waitPosted(page, (m) => m.type === 'openBatchItem', from)).index === Number(desc[0]), 'row opens');

    // class means: one heat map per label on one colour scale, and the curves
    const means = await page.evaluate(() =>
      [...document.querySelectorAll('.dl-batch-means .dl-plot-area')].map((gd) =>
        gd._fullData.map((t) => ({ type: t.type, zmin: t.zmin, zmax: t.zmax, rows: t.z ? t.z.length : 0 })),
      ),
    );
    eq(
      means[0].map((t) => [t.type, t.rows]),
      [
        ['heatmap', 3],
        ['heatmap', 3],
      ],
      'two Hilbert mean images',
    );
    eq(means[0][0].zmin, means[0][1].zmin, 'shared colour scale');
    eq(
      means[1].map((t) => t.type),
      ['scatter', 'scatter'],
      'Betti mean curves',
    );
    await page.screenshot({ path: join(ART, 'view-batch-dark.png'), fullPage: true });
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

test('dashboard: batches show progress, throughput, Slurm tasks, and post cancel/resume/open/forget', async ({
  open,
}) => {
  const s = await open(URLS.dashboard, { vscode: true, viewport: { width: 360, height: 700 } });
  try {
    const batches = [
      {
        id: 'b1',
        kind: 'batch',
        title: `persistence on ${EVIL}`,
        out: '/data/out1',
        state: 'running',
        total: 400,
        done: 120,
        failed: 3,
        itemsPerSecond: 14.24,
        etaSeconds: 20,
        startedAt: '2026-12-07T00:00:00.000Z',
      },
      {
        id: 'b2',
        kind: 'batch',
        title: 'signed-barcode on GunPoint_TRAIN.tsv',
        out: '/data/out2',
        state: 'queued',
        total: 50,
        done: 10,
        failed: 0,
        slurm: { jobIds: ['77'], pending: 2, running: 1, done: 1, failed: 0 },
        startedAt: '2026-12-07T00:00:00.000Z',
      },
      {
        id: 'b3',
        kind: 'sweep',
        title: 'sweep a of lorenz.ode',
        out: '/data/out3',
        state: 'stopped',
        total: 100,
        done: 40,
        failed: 0,
        message: 'interrupted: resume continues',
        startedAt: '2026-12-07T00:00:00.000Z',
      },
    ];
    await send(s.page, { type: 'state', jobs: [], history: [], examples: [], batches });
    const page = s.page;
    await page.waitForSelector('li[data-batch-id="b3"]');
    const b1 = page.locator('li[data-batch-id="b1"]');
    eq(await b1.locator('.dl-batch-line').innerText(), '120/400 items, 3 failed, 14.2 items/s, ETA 20 s', 'line');
    assert((await b1.locator('.dl-job-title').innerText()).includes('<img src=x'), 'title as text');
    eq(await page.evaluate(() => window.__pwned), undefined, 'no injected handler ran');
    eq(await b1.locator('vscode-progress-bar').getAttribute('value'), '30', 'progress');
    eq(
      await page.locator('li[data-batch-id="b2"] .dl-batch-slurm').innerText(),
      'Slurm job 77: 2 pending, 1 running, 1 done, 0 failed tasks',
      'slurm line',
    );
    const buttons = async (id) =>
      page.$$eval(`li[data-batch-id="${id}"] .dl-batch-actions vscode-button`, (bs) =>
        bs.map((b) => b.textContent.trim()),
      );
    eq(await buttons('b1'), ['Cancel', 'Open result'], 'running batch buttons');
    eq(await buttons('b3'), ['Resume', 'Open result', 'Forget'], 'stopped batch buttons');
    let from = (await s.posted()).length;
    await b1.locator('.dl-batch-cancel').click();
    eq(
      await waitPosted(page, (m) => m.type === 'batch', from),
      { type: 'batch', id: 'b1', action: 'cancel' },
      'cancel',
    );
    from = (await s.posted()).length;
    await page.locator('li[data-batch-id="b3"] .dl-batch-resume').click();
    eq(
      await waitPosted(page, (m) => m.type === 'batch', from),
      { type: 'batch', id: 'b3', action: 'resume' },
      'resume',
    );
    // an update keeps the same elements (focus stays) and refreshes the numbers
    const before = await b1.elementHandle();
    await send(s.page, {
      type: 'state',
      jobs: [],
      history: [],
      examples: [],
      batches: [{ ...batches[0], done: 200 }, batches[1], batches[2]],
    });
    await page.waitForFunction(() =>
      document.querySelector('li[data-batch-id="b1"] .dl-batch-line')?.textContent?.startsWith('200/400'),
    );
    eq(await page.evaluate((el) => el.isConnected, before), true, 'updated in place');
    await page.screenshot({ path: join(ART, 'dashboard-batches-dark.png') });
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});
