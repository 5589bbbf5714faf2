// Graphs as input: the persistence and signed-barcode reports of a graph draw the graph in a force layout, once per
// node function, nodes coloured by the function's values (the real CLI on the committed fixtures).
import { join } from 'node:path';
import { ART, assert, buildCli, eq, ORIGIN, plotsRendered, runCli, test, TMP } from './support.mjs';

const KARATE = 'test/fixtures/topology/graph/karate.csv';

/** The graph plots: per plot in the Graph section, its title, node count and marker colours. */
async function graphPlots(page) {
  return page.evaluate(() => {
    const sec = [...document.querySelectorAll('section')].find((s) => s.querySelector('h2')?.textContent === 'Graph');
    if (!sec) return [];
    return [...sec.querySelectorAll('.js-plotly-plot')].map((el) => {
      const nodes = el.data[1];
      return {
        title: el.layout.title.text,
        nodes: nodes.x.length,
        colours: nodes.marker.color,
        edgesDrawn: el.data[0].x.filter((v) => v !== null).length / 2,
      };
    });
  });
}

for (const [id, fn, count] of [
  ['persistence', 'hks:10', 1],
  ['signed-barcode', 'hks:10,degree', 2],
]) {
  test(`graph: ${id} --graph-function ${fn} draws the graph coloured by each node function`, async ({ open }) => {
    await buildCli();
    const out = join(TMP, `graph-${id}.html`);
    const r = runCli([id, KARATE, '--graph-function', fn, '--html', out]);
    eq(r.status, 0, `CLI exit code (stderr: ${r.stderr})`);
    const json = JSON.parse(runCli([id, KARATE, '--graph-function', fn, '--json']).stdout);
    const s = await open(`${ORIGIN}/graph-${id}.html`, { theme: null });
    try {
      await s.page.waitForSelector('.dl-view-body', { timeout: 60_000 });
      await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 90_000);
      const plots = await graphPlots(s.page);
      eq(plots.length, count, 'one graph plot per node function');
      const labels = fn.split(',');
      plots.forEach((p, k) => {
        eq(p.title, `Graph coloured by ${labels[k]}`, 'plot title');
        eq(p.nodes, 34, 'nodes drawn');
        eq(p.edgesDrawn, 78, 'edges drawn');
        eq(p.colours, json.graph.functions[k].values, 'node colours = the node function values of --json');
      });
      assert(new Set(plots[0].colours).size > 5, 'the colouring varies over the nodes');
      await s.page.screenshot({ path: join(ART, `graph-${id}-light.png`), fullPage: true });
      eq(await s.clean(), [], 'console errors / CSP violations');
    } finally {
      await s.close();
    }
  });
}

test('graph: persistence --extended draws the four kinds of extended pairs as in --json', async ({ open }) => {
  await buildCli();
  const args = ['persistence', KARATE, '--graph-function', 'closeness', '--extended'];
  const out = join(TMP, 'graph-extended.html');
  eq(runCli([...args, '--html', out]).status, 0, 'CLI exit code');
  const json = JSON.parse(runCli([...args, '--json']).stdout);
  const s = await open(`${ORIGIN}/graph-extended.html`, { theme: null });
  try {
    await s.page.waitForSelector('.dl-view-body', { timeout: 60_000 });
    await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 90_000);
    const counts = await s.page.evaluate(() => {
      const el = [...document.querySelectorAll('.js-plotly-plot')].find(
        (p) => p.layout.title.text === 'Extended persistence diagram',
      );
      return el ? el.data.slice(1).map((t) => t.x.length) : [];
    });
    const e = json.extended;
    eq(counts, [e.ordinary.length, e.relative.length, e.extendedPlus.length, e.extendedMinus.length], 'pairs drawn');
    assert(counts.reduce((a, b) => a + b, 0) > 10, 'the karate graph has extended pairs');
    eq(await s.clean(), [], 'console errors / CSP violations');
  } finally {
    await s.close();
  }
});
