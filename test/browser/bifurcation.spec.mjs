// The bifurcation view: a click on a point of the diagram shows that point's orbit (eigenvalues or multipliers,
// phase portrait, time profile), from a real CLI report of examples/brusselator.ode.
import { join } from 'node:path';
import { assert, ART, buildCli, eq, ORIGIN, plotsRendered, runCli, test, TMP } from './support.mjs';

/** Page coordinates of data point (x, y) of the first plot's axes. */
async function pagePoint(page, x, y) {
  return page.evaluate(
    ([px, py]) => {
      const gd = document.querySelector('.dl-plot-area');
      const L = gd._fullLayout;
      const box = gd.getBoundingClientRect();
      return {
        x: box.left + L._size.l + L.xaxis.l2p(px),
        y: box.top + L._size.t + L.yaxis.l2p(py),
      };
    },
    [x, y],
  );
}

async function clickAt(page, p) {
  await page.mouse.move(p.x - 3, p.y - 3);
  await page.mouse.move(p.x, p.y);
  await page.waitForTimeout(150);
  await page.mouse.click(p.x, p.y);
}

test('bifurcation view: clicking an equilibrium and a point of the periodic branch shows their orbits', async ({
  open,
}) => {
  await buildCli();
  const out = join(TMP, 'bifurcation-brusselator.html');
  const json = runCli([
    'bifurcation',
    'examples/brusselator.ode',
    '--param',
    'b',
    '--from',
    '1',
    '--to',
    '3',
    '--json',
  ]);
  eq(json.status, 0, `CLI --json exit code (${json.stderr})`);
  const r = JSON.parse(json.stdout);
  const r2 = runCli([
    'bifurcation',
    'examples/brusselator.ode',
    '--param',
    'b',
    '--from',
    '1',
    '--to',
    '3',
    '--html',
    out,
  ]);
  eq(r2.status, 0, `CLI --html exit code (${r2.stderr})`);
  const hopf = r.specialPoints.find((s) => s.label === 'HB1');
  assert(hopf, 'the Brusselator run has HB1');
  const periodic = r.branches.find((b) => b.kind === 'periodic');
  assert(periodic && periodic.points.length > 4, 'a periodic branch');
  const s = await open(`${ORIGIN}/bifurcation-brusselator.html`, { theme: null });
  try {
    await s.page.waitForSelector('.dl-view-body', { timeout: 60_000 });
    await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 60_000);
    eq(await s.page.locator('.dl-orbit .dl-plot-area').count(), 0, 'no orbit before a click');

    // an unstable equilibrium past HB1 with a stored orbit (there the periodic branch's envelope is far from x = a)
    const eqBranch = r.branches[hopf.branch];
    const stored = r.orbits
      .filter((o) => o.branch === hopf.branch)
      .map((o) => o.index)
      .sort(
        (i, j) => Math.abs(eqBranch.points[i].parameters.b - 2.5) - Math.abs(eqBranch.points[j].parameters.b - 2.5),
      )[0];
    const e = eqBranch.points[stored];
    assert(!e.stable && e.parameters.b > 2.3, `an unstable equilibrium past the Hopf point: ${JSON.stringify(e)}`);
    await clickAt(s.page, await pagePoint(s.page, e.parameters.b, e.state[0]));
    await s.page.waitForSelector(`.dl-orbit[data-orbit="${hopf.branch}:${stored}"]`, { timeout: 30_000 });
    await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 60_000);
    const portrait = s.page.locator('.dl-orbit-portrait .dl-plot-area');
    eq(await portrait.count(), 1, 'a phase portrait');
    const eq1 = await portrait.evaluate((gd) => gd._fullData.map((t) => [t.name, t.x.length]));
    assert(eq1.length === 3 && eq1[0][1] > 50 && eq1[2][0] === 'equilibrium', `portrait traces ${JSON.stringify(eq1)}`);
    const text = await s.page.locator('.dl-orbit').innerText();
    assert(text.includes('Eigenvalues of the Jacobian'), 'the eigenvalue table');

    // a point in the middle of the periodic branch (drawn as its max of x): the collocation profile, a closed curve
    const k = Math.floor(periodic.points.length / 2);
    const q = periodic.points[k];
    await clickAt(s.page, await pagePoint(s.page, q.parameters.b, q.max[0]));
    await s.page.waitForFunction(
      (id) => document.querySelector('.dl-orbit')?.getAttribute('data-orbit')?.startsWith(`${id}:`),
      periodic.id,
      { timeout: 30_000 },
    );
    await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 60_000);
    const cyc = await s.page.locator('.dl-orbit-portrait .dl-plot-area').evaluate((gd) => {
      const t = gd._fullData[0];
      return { n: t.x.length, x0: t.x[0], xn: t.x[t.x.length - 1], max: Math.max(...t.x), min: Math.min(...t.x) };
    });
    const picked = Number((await s.page.locator('.dl-orbit').getAttribute('data-orbit')).split(':')[1]);
    const pq = periodic.points[picked];
    assert(cyc.n > 40 && cyc.x0 === cyc.xn, `a closed profile: ${JSON.stringify(cyc)}`);
    // the profile's extremes are the branch's min and max of x at that point (to the node spacing)
    const width = pq.max[0] - pq.min[0];
    assert(Math.abs(cyc.max - pq.max[0]) < 0.05 * width && Math.abs(cyc.min - pq.min[0]) < 0.05 * width, 'extremes');
    assert((await s.page.locator('.dl-orbit').innerText()).includes('Multipliers'), 'Floquet multipliers shown');
    await s.page.screenshot({ path: join(ART, 'bifurcation-orbit-light.png'), fullPage: true });
    eq(await s.clean(), [], 'console errors / CSP violations');
  } finally {
    await s.close();
  }
});

test('bifurcation view of a map: fold and flip curves in their own plot; a fixed point shows its iterates', async ({
  open,
}) => {
  await buildCli();
  const args = ['bifurcation', 'examples/henon.ode', '--param', 'a', '--from', '-0.5', '--to', '1.4'];
  const json = runCli([...args, '--two-param', 'a,b', '--max-branches', '3', '--json']);
  eq(json.status, 0, `CLI --json exit code (${json.stderr})`);
  const r = JSON.parse(json.stdout);
  const out = join(TMP, 'bifurcation-henon.html');
  const html = runCli([...args, '--two-param', 'a,b', '--max-branches', '3', '--html', out]);
  eq(html.status, 0, `CLI --html exit code (${html.stderr})`);
  const s = await open(`${ORIGIN}/bifurcation-henon.html`, { theme: null });
  try {
    await s.page.waitForSelector('.dl-view-body', { timeout: 60_000 });
    await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 60_000);
    const two = await s.page
      .locator('.dl-plot-area')
      .nth(1)
      .evaluate((gd) => gd._fullData.map((t) => t.name));
    for (const kind of ['fold-curve', 'flip-curve'])
      assert(
        two.some((n) => n.startsWith(kind)),
        `two-parameter plot traces ${JSON.stringify(two)}`,
      );
    assert(
      (await s.page.locator('h2', { hasText: 'Fold, flip and Neimark-Sacker curves in (a, b)' }).count()) === 1,
      'the maps title of the two-parameter plot',
    );
    // the stable fixed point at a = 0.2 (between the fold and the first flip): a click shows its multipliers and
    // iterates converging to it
    const fp = r.branches.find((b) => b.kind === 'fixed-point' && b.points.some((p) => p.stable));
    const stored = r.orbits.filter((o) => o.branch === fp.id && fp.points[o.index].stable).map((o) => o.index)[0];
    assert(stored !== undefined, 'a stable fixed point with a stored orbit');
    const q = fp.points[stored];
    await clickAt(s.page, await pagePoint(s.page, q.parameters.a, q.state[0]));
    await s.page.waitForSelector(`.dl-orbit[data-orbit="${fp.id}:${stored}"]`, { timeout: 30_000 });
    await plotsRendered(s.page, await s.page.locator('.dl-plot-area').count(), 1, 60_000);
    const modes = await s.page
      .locator('.dl-orbit-portrait .dl-plot-area')
      .evaluate((gd) => gd._fullData.map((t) => t.mode));
    eq(modes, ['markers', 'markers', 'markers'], 'iterates drawn as points');
    assert((await s.page.locator('.dl-orbit').innerText()).includes('Multipliers'), 'multipliers shown');
    eq(await s.clean(), [], 'console errors / CSP violations');
  } finally {
    await s.close();
  }
});
