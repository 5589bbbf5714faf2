// The real CLI: --html reports that render and match --json, and a report of every analysis in the registry.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ART, assert, buildCli, eq, ORIGIN, plotsRendered, ROOT, runCli, test, TMP } from './support.mjs';

test('CLI: `dynlens summary examples/lorenz.csv --html` writes a report that renders and matches --json', async ({
  open,
}) => {
  await buildCli();
  const out = join(TMP, 'cli-lorenz.html');
  const r = runCli(['summary', 'examples/lorenz.csv', '--html', out]);
  eq(r.status, 0, `CLI exit code (stderr: ${r.stderr})`);
  const rj = runCli(['summary', 'examples/lorenz.csv', '--json']);
  eq(rj.status, 0, 'CLI --json exit code');
  const json = JSON.parse(rj.stdout);
  const s = await open(`${ORIGIN}/cli-lorenz.html`, { theme: null });
  try {
    await plotsRendered(s.page, 4, 1, 60_000);
    assert((await s.page.title()).includes('lorenz.csv'), `title: ${await s.page.title()}`);
    const names = await s.page.locator('table.dl-table tbody th').allInnerTexts();
    eq(
      names,
      json.columns.map((c) => c.name),
      'columns in the report = columns in --json',
    );
    const counts = await s.page.locator('table.dl-table tbody tr td:nth-child(2)').allInnerTexts();
    eq(
      counts.map(Number),
      json.columns.map((c) => c.count),
      'counts in the report = counts in --json',
    );
    eq(await s.clean(), [], 'console errors / CSP violations');
  } finally {
    await s.close();
  }
});

// Representative cycles: clicking an H1 bar in the barcode draws that bar's cycle on the points.
test('CLI: `dynlens persistence --cocycles --html`: clicking an H1 bar draws its representative cycle', async ({
  open,
}) => {
  await buildCli();
  const out = join(TMP, 'cli-cycles.html');
  const r = runCli(['persistence', 'examples/circle.csv', '--cocycles', '--html', out]);
  eq(r.status, 0, `CLI exit code (stderr: ${r.stderr})`);
  const json = JSON.parse(runCli(['persistence', 'examples/circle.csv', '--cocycles', '--json']).stdout);
  const s = await open(`${ORIGIN}/cli-cycles.html`, { theme: null });
  try {
    await s.page.waitForSelector('.dl-plot-area');
    await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 60_000);
    const plotOf = (title) =>
      s.page.evaluateHandle(
        (t) => [...document.querySelectorAll('.js-plotly-plot')].find((g) => g.layout?.title?.text?.startsWith(t)),
        title,
      );
    const cycleTrace = async () =>
      (await plotOf('H1 bar [')).evaluate((g) => ({
        title: g.layout.title.text,
        x: g.data[2].x.filter((v) => v !== null).length,
      }));
    const before = await cycleTrace();
    // The longest bar (the circle) is shown first: its loop has as many segments as cycle vertices.
    const longest = json.cocycles[0];
    eq(before.x, 2 * longest.cycle.length, 'segments of the default cycle');
    // Click the shortest finite bar's left end in the H1 barcode.
    const barcode = await plotOf('H1 barcode');
    const at = await barcode.evaluate((g) => {
      g.scrollIntoView({ block: 'center' });
      const tr = g.data[0];
      const k = tr.x.length - 3;
      const L = g._fullLayout;
      const box = g.getBoundingClientRect();
      return {
        x: box.left + L.xaxis._offset + L.xaxis.l2p(tr.x[k]),
        y: box.top + L.yaxis._offset + L.yaxis.l2p(tr.y[k]),
        birth: tr.x[k],
      };
    });
    await s.page.mouse.move(at.x, at.y);
    await s.page.mouse.click(at.x, at.y);
    await s.page.waitForFunction(
      (t) =>
        [...document.querySelectorAll('.js-plotly-plot')].some(
          (g) => g.layout?.title?.text?.startsWith('H1 bar [') && g.layout.title.text !== t,
        ),
      before.title,
      { timeout: 15_000 },
    );
    const after = await cycleTrace();
    const clicked = json.cocycles.find((z) => Math.abs(z.pair[0] - at.birth) < 1e-12);
    assert(clicked, `no cocycle born at ${at.birth}`);
    eq(after.x, 2 * clicked.cycle.length, 'segments of the clicked bar cycle');
    await s.page
      .locator('figure.dl-plot')
      .last()
      .screenshot({ path: join(ART, 'persistence-cycle.png') });
    eq(await s.clean(), [], 'console errors / CSP violations');
  } finally {
    await s.close();
  }
});

// Every analysis in the registry, run by the real CLI on the examples with its defaults (a few shortened for time),
// written as an --html report: its view must draw without errors. This is where views and analyses meet.
const CLI_CASES = {
  summary: ['examples/oscillator.csv'],
  symbolic: ['examples/oscillator.csv', '--time-budget', '5'],
  'model-overview': ['examples/vanderpol.ode', '--duration', '50'],
  simulate: ['examples/lorenz.ode'],
  lyapunov: ['examples/lorenz.ode', '--duration', '50'],
  'fixed-points': ['examples/lorenz.ode'],
  ews: ['examples/oscillator.csv'],
  persistence: ['examples/circle.csv'],
  'signed-barcode': ['examples/circle.csv'],
  koopman: ['examples/oscillator.csv'],
};
const EXAMPLE_BY_KIND = { table: 'examples/lorenz.csv', ode: 'examples/lorenz.ode', onnx: 'examples/model.onnx' };
// The analyses, read while Playwright lists the tests (before global-setup.mjs builds the CLI): from the manifest the
// build writes from the registry (dist/analyses.json), so an analysis added later is covered without editing this
// file. The list test checks that the freshly built CLI lists exactly these, so a stale dist/ cannot hide one.
const MANIFEST = join(ROOT, 'dist', 'analyses.json');
if (!existsSync(MANIFEST)) throw new Error(`${MANIFEST} is missing: run \`npm run build\` before the browser tests`);
const registry = JSON.parse(readFileSync(MANIFEST, 'utf8'));

test('CLI: `dynlens list --json` lists every analysis this suite knows', async () => {
  await buildCli();
  const listed = runCli(['list', '--json']);
  eq(listed.status, 0, `list exit code (stderr: ${listed.stderr})`);
  const cliRegistry = JSON.parse(listed.stdout);
  assert(cliRegistry.length > 0, 'list --json gave no analyses');
  const missing = Object.keys(CLI_CASES).filter((id) => !cliRegistry.some((a) => a.id === id));
  eq(missing, [], 'analyses in CLI_CASES that the registry no longer has');
  eq(
    cliRegistry.map((a) => a.id),
    registry.map((a) => a.id),
    'analyses listed by the CLI = analyses in dist/analyses.json (rebuild if they differ)',
  );
});
for (const info of registry) {
  const id = info.id;
  test(`CLI report of every analysis: ${id} renders its view without errors; controls labelled`, async ({ open }) => {
    await buildCli();
    const args = CLI_CASES[id] ?? [EXAMPLE_BY_KIND[info.inputs[0]]];
    const out = join(TMP, `cli-${id}.html`);
    const r = runCli([id, args[0], '--html', out, ...args.slice(1)]);
    eq(r.status, 0, `CLI exit code (stderr: ${r.stderr.trim().split('\n').slice(-2).join(' / ')})`);
    const s = await open(`${ORIGIN}/cli-${id}.html`, { theme: null });
    try {
      await s.page.waitForSelector('.dl-view-body', { timeout: 60_000 });
      assert(
        (await s.page.locator('.dl-view-body').getAttribute('data-view')) !== 'generic',
        'no view registered for this analysis',
      );
      const plots = await s.page.locator('.dl-plot-area').count();
      if (plots > 0) await plotsRendered(s.page, plots, 1, 90_000);
      assert(plots + (await s.page.locator('table').count()) > 0, 'the view drew no plot and no table');
      assert(
        await s.page.locator('.dl-error').isHidden(),
        `error shown: ${await s.page
          .locator('.dl-error')
          .innerText()
          .catch(() => '')}`,
      );
      const unnamed = await s.page.evaluate(() =>
        [
          ...document.querySelectorAll(
            'vscode-button, button, input, select, textarea, vscode-checkbox, vscode-single-select, vscode-textfield, vscode-tab-header',
          ),
        ]
          .filter(
            (e) =>
              !e.getAttribute('aria-label') &&
              !(e.labels && e.labels.length) &&
              !(e.tagName === 'VSCODE-TAB-HEADER' && e.textContent.trim()),
          )
          .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 30)}"`),
      );
      eq(unnamed, [], 'controls without an accessible name');
      if (id === 'symbolic') {
        // the candidates' LaTeX is drawn as MathML by the browser (KaTeX output), not shown as source
        const boxes = await s.page
          .locator('table.dl-table math')
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
        assert(
          boxes.length > 0 && boxes.every((w) => w > 0),
          `rendered formulas in the Pareto table: ${JSON.stringify(boxes)}`,
        );
      }
      await s.page.screenshot({ path: join(ART, `cli-${id}-light.png`), fullPage: true });
      eq(await s.clean(), [], 'console errors / CSP violations');
    } finally {
      await s.close();
    }
  });
}
