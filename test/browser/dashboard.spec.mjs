// The dashboard view: jobs, history, examples and the messages it posts; keyboard and labels.
import { join } from 'node:path';
import { ART, assert, eq, keyboardAudit, send, test, URLS, waitPosted } from './support.mjs';

/** The dashboard state message; times relative to now (the history shows "2 min ago"). */
const dashState = () => ({
  type: 'state',
  jobs: [
    {
      jobId: 'job-1',
      analysisId: 'summary',
      title: 'Data summary',
      path: '/ws/examples/lorenz.csv',
      state: 'running',
      fraction: 0.37,
      message: 'psd x',
      startedAt: '2026-11-26T15:00:00Z',
    },
    {
      jobId: 'job-2',
      analysisId: 'rips',
      title: 'Persistent homology',
      path: '/ws/examples/cloud.csv',
      state: 'queued',
      fraction: 0,
      startedAt: '2026-11-26T15:00:01Z',
    },
    {
      jobId: 'job-3',
      analysisId: 'summary',
      title: 'Data summary',
      path: '/ws/bad.csv',
      state: 'failed',
      fraction: 0,
      startedAt: '2026-11-26T15:00:02Z',
      error: { kind: 'bad-input', message: 'bad.csv: row 2 is not numeric', file: '/ws/bad.csv' },
    },
    {
      jobId: 'job-4',
      analysisId: 'summary',
      title: 'Data summary',
      path: '/ws/done.csv',
      state: 'done',
      fraction: 1,
      startedAt: '2026-11-26T15:00:03Z',
      resultKey: 'k-done',
    },
  ],
  history: [
    {
      key: 'k-1',
      analysisId: 'summary',
      title: 'Data summary',
      path: '/ws/examples/lorenz.csv',
      contentHash: 'abcdef0123456789',
      params: { maxLag: 200 },
      finishedAt: new Date(Date.now() - 120_000).toISOString(),
      wallTimeMs: 1234,
    },
    {
      key: 'k-2',
      analysisId: 'summary',
      title: 'Data summary',
      path: '/ws/examples/oscillator.csv',
      contentHash: '0123456789abcdef',
      params: {},
      finishedAt: '2026-11-20T10:00:00Z',
      wallTimeMs: 87,
    },
  ],
  examples: [{ label: 'Lorenz attractor', path: '/ws/examples/lorenz.csv', analysisId: 'summary' }],
});

test('dashboard: renders jobs, history and examples; cancel/open/run/clear post the right messages', async ({
  open,
}) => {
  const DASH_STATE = dashState();
  const s = await open(URLS.dashboard, { vscode: true, viewport: { width: 360, height: 700 } });
  try {
    await waitPosted(s.page, (m) => m.type === 'ready');
    await send(s.page, DASH_STATE);
    await s.page.waitForSelector('li.dl-job[data-job-id="job-1"]');
    eq(
      await s.page.locator('li.dl-job').count(),
      3,
      'running, queued and failed jobs shown (done ones live in history)',
    );
    // Plotly is only initialized by the panel code (dynamic import): it injects its own <style>, ours is the only one.
    eq(
      await s.page.evaluate(() => document.querySelectorAll('style').length),
      1,
      'style elements (Plotly not initialized)',
    );
    eq(
      await s.page.locator('li.dl-job[data-job-id="job-1"] vscode-progress-bar').getAttribute('value'),
      '37',
      'progress value',
    );
    assert(
      (await s.page.locator('li.dl-job[data-job-id="job-3"]').innerText()).includes('row 2 is not numeric'),
      'failed job shows its error',
    );
    eq(await s.page.locator('.dl-history-item').count(), 2, 'history items');
    assert((await s.page.locator('.dl-history-item').first().innerText()).includes('2 min ago'), 'relative time');
    await s.page.screenshot({ path: join(ART, 'dashboard-dark.png') });

    let from = (await s.posted()).length;
    await s.page.locator('li.dl-job[data-job-id="job-2"] vscode-button.dl-cancel').click();
    eq(
      await waitPosted(s.page, (m) => m.type === 'cancel', from),
      { type: 'cancel', jobId: 'job-2' },
      'cancel message',
    );

    // Progress updates keep the Cancel button (and keyboard focus on it).
    const cancel1 = s.page.locator('li.dl-job[data-job-id="job-1"] vscode-button.dl-cancel');
    await cancel1.focus();
    await send(s.page, {
      ...DASH_STATE,
      jobs: [{ ...DASH_STATE.jobs[0], fraction: 0.8 }, ...DASH_STATE.jobs.slice(1)],
    });
    await s.page.waitForFunction(
      () =>
        document.querySelector('li.dl-job[data-job-id="job-1"] vscode-progress-bar')?.getAttribute('value') === '80',
    );
    eq(
      await s.page.evaluate(() => document.activeElement?.closest('li')?.dataset.jobId),
      'job-1',
      'focus kept on Cancel after update',
    );
    from = (await s.posted()).length;
    await s.page.keyboard.press('Enter');
    eq(
      await waitPosted(s.page, (m) => m.type === 'cancel', from),
      { type: 'cancel', jobId: 'job-1' },
      'cancel by keyboard',
    );

    from = (await s.posted()).length;
    await s.page.locator('.dl-history-item').nth(1).click();
    eq(await waitPosted(s.page, (m) => m.type === 'open', from), { type: 'open', key: 'k-2' }, 'open message');
    from = (await s.posted()).length;
    await s.page.locator('.dl-example').first().click();
    eq(
      await waitPosted(s.page, (m) => m.type === 'runExample', from),
      { type: 'runExample', path: '/ws/examples/lorenz.csv', analysisId: 'summary' },
      'runExample message',
    );
    from = (await s.posted()).length;
    await s.page.locator('vscode-button.dl-clear-history').click();
    eq(
      await waitPosted(s.page, (m) => m.type === 'clearHistory', from),
      { type: 'clearHistory' },
      'clearHistory message',
    );

    // Jobs finish: the list empties, the state survives a reload through setState.
    await send(s.page, { type: 'state', jobs: [], history: DASH_STATE.history, examples: DASH_STATE.examples });
    await s.page.waitForFunction(() => document.querySelectorAll('li.dl-job').length === 0);
    assert((await s.page.locator('.dl-dashboard').innerText()).includes('No running jobs.'), 'empty jobs text');
    eq((await s.page.evaluate(() => window.__state)).history.length, 2, 'dashboard state saved');
    eq(await s.clean(), [], 'problems');
  } finally {
    await s.close();
  }
});

test('dashboard: keyboard reaches every control, all labelled; light theme screenshot', async ({ open }) => {
  const DASH_STATE = dashState();
  const s = await open(URLS.dashboard, { vscode: true, theme: 'light', viewport: { width: 360, height: 700 } });
  try {
    await send(s.page, DASH_STATE);
    await s.page.waitForSelector('li.dl-job[data-job-id="job-1"]');
    const audit = await keyboardAudit(s.page, 40);
    eq(audit.total, 6, 'controls: 2 cancel, clear, 2 history, 1 example');
    eq(audit.unreached, [], 'controls not reached by Tab');
    eq(audit.unnamed, [], 'controls without aria-label');
    await s.page.screenshot({ path: join(ART, 'dashboard-light.png') });
  } finally {
    await s.close();
  }
});
