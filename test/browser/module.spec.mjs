// The module (MMA) view: summands as translucent regions with their corners and weight on hover, the MMA image
// beside them, the line picker redrawing the fibered barcode, and the degree picker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, eq, plotsRendered, ROOT, send, test, URLS } from './support.mjs';

const env = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'topology', 'view-envelopes', 'module-ring.json'), 'utf8'),
);

/** The restricted barcode of one degree on the line of offset c, as the view must compute it. */
function expectedBars(r, degree, c) {
  const { c0, step } = r.family;
  let count = 0;
  for (const sm of r.summands) {
    if (sm.degree !== degree) continue;
    const last = sm.firstLine + sm.births.length - 1;
    const u = (c - c0) / step;
    const lo = Math.min(Math.max(Math.floor(u), sm.firstLine), last);
    const hi = Math.min(Math.max(Math.ceil(u), sm.firstLine), last);
    let beta = Infinity;
    let delta = -Infinity;
    for (let k = lo; k <= hi; k++) {
      const half = Math.abs(c - (c0 + k * step)) / 2;
      beta = Math.min(beta, sm.births[k - sm.firstLine] + half);
      delta = Math.max(delta, (sm.deaths[k - sm.firstLine] ?? Infinity) - half);
    }
    if (delta - beta > 1e-8 * step) count++;
  }
  return count;
}

test('module view: regions with corners and weight, image beside, line picker and degree picker', async ({ open }) => {
  const s = await open(URLS.panel, { vscode: true, theme: 'dark' });
  try {
    await s.page.setViewportSize({ width: 1400, height: 1000 });
    await send(s.page, { type: 'result', envelope: env });
    await plotsRendered(s.page, 4, 1, 60_000);
    const info = await s.page.evaluate(() => {
      const g = [...document.querySelectorAll('.dl-plot-area')];
      const rect = (e) => e.getBoundingClientRect();
      return {
        fills: g[0]._fullData.filter((t) => t.fill === 'toself').map((t) => ({ name: t.name, opacity: t.opacity })),
        title0: g[0]._fullLayout.title.text,
        types: g.map((e) => e._fullData[0].type),
        top: g.slice(0, 2).map((e) => Math.round(rect(e).top)),
        left: g.slice(0, 2).map((e) => Math.round(rect(e).left)),
      };
    });
    const r = env.result;
    const h0 = r.summands.filter((x) => x.degree === 0).length;
    eq(info.fills.length, Math.min(80, h0), 'one translucent region per drawn H0 summand');
    assert(
      info.fills.every((f) => f.opacity < 1 && /weight/.test(f.name) && /lower corners/.test(f.name)),
      'regions are translucent and name their corners and weight',
    );
    eq(info.types, ['scatter', 'heatmap', 'scatter', 'heatmap'], 'regions, image, barcode, landscape');
    assert(
      info.top[0] === info.top[1] && info.left[1] > info.left[0],
      `image beside the regions: ${JSON.stringify(info)}`,
    );

    // hover the middle of the heaviest region: the hover label shows its corners and weight
    const hover = await s.page.evaluate(() => {
      const gd = document.querySelector('.dl-plot-area');
      const t = gd._fullData.find((x) => x.fill === 'toself');
      const mid = (a) => (Math.min(...a) + Math.max(...a)) / 2;
      const xa = gd._fullLayout.xaxis;
      const ya = gd._fullLayout.yaxis;
      const box = gd.getBoundingClientRect();
      // a birth corner nudged into the region (the region contains the segment from a birth to its death)
      return {
        x: box.left + xa._offset + xa.l2p(t.x[0] + 0.2 * (mid(t.x) - t.x[0])),
        y: box.top + ya._offset + ya.l2p(t.y[0] + 0.2 * (mid(t.y) - t.y[0])),
      };
    });
    await s.page.mouse.move(hover.x, hover.y);
    await s.page.waitForSelector('.dl-plot-area .hoverlayer .hovertext', { timeout: 10_000 });
    const hoverText = await s.page.locator('.dl-plot-area .hoverlayer .hovertext').first().textContent();
    assert(/weight/.test(hoverText) && /corners/.test(hoverText), `hover text: ${hoverText}`);

    // the line picker: a new offset redraws the fibered barcode with the restricted summands of every degree
    const c = r.family.c0 + 0.37 * (r.family.count - 1) * r.family.step;
    const input = s.page.locator('input[type="number"][aria-label="Line offset x - y"]');
    await input.fill(String(c));
    await input.dispatchEvent('change');
    await s.page.waitForFunction(
      (text) => document.querySelectorAll('.dl-plot-area')[2]._fullLayout.title.text.includes(text),
      String(Number(c.toPrecision(4))).slice(0, 4),
      { timeout: 30_000 },
    );
    const bars = await s.page.evaluate(() => {
      const gd = document.querySelectorAll('.dl-plot-area')[2];
      return gd._fullData.map((t) => t.x.filter((v) => v === null).length);
    });
    eq(
      bars,
      r.degrees.map((d) => expectedBars(r, d, c)),
      'bars per degree on the picked line',
    );

    // the degree picker
    await s.page.locator('select[aria-label="Homology degree"]').selectOption('1');
    await s.page.waitForFunction(() => /^H1/.test(document.querySelector('.dl-plot-area')._fullLayout.title.text));
    eq(await s.clean(), [], 'console errors / CSP violations');
  } finally {
    await s.close();
  }
});
