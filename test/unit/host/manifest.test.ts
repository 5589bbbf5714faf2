/** The package as the Marketplace and VS Code see it: manifest, localization, packaged README, menus. */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { looksLikeDataJson } from '../../../src/host/data-json';
import { jobLogWatcher } from '../../../src/host/job-log';
import type { JobInfo } from '../../../src/protocol';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;

/** Files the VSIX takes: the `!` patterns of .vscodeignore (which starts by excluding everything). */
const included = readFileSync('.vscodeignore', 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('!'))
  .map((l) => l.slice(1).trim());
function inVsix(path: string): boolean {
  const p = path.replace(/^\.\//, '');
  return included.some((pat) => {
    const re = new RegExp(
      '^' +
        pat
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*/g, '.+')
          .replace(/\*/g, '[^/]+') +
        '$',
    );
    return re.test(p);
  });
}

describe('the Marketplace manifest', () => {
  it('has a 128 px PNG icon, a gallery banner, keywords, categories, a changelog, no placeholder repository', () => {
    const png = readFileSync(pkg.icon);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
    expect(inVsix(pkg.icon)).toBe(true);
    expect(pkg.galleryBanner.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(pkg.keywords.length).toBeGreaterThanOrEqual(5);
    expect(pkg.categories).toContain('Notebooks');
    expect(JSON.stringify(pkg)).not.toMatch(/example\.invalid|placeholder/);
    expect(existsSync('CHANGELOG.md') && inVsix('CHANGELOG.md')).toBe(true);
    expect(pkg.capabilities.virtualWorkspaces).toBeDefined();
  });

  it('leaves no user-visible manifest string unlocalized', () => {
    const strings: [string, unknown][] = [
      ['displayName', pkg.displayName],
      ['description', pkg.description],
    ];
    const c = pkg.contributes;
    for (const x of c.commands) strings.push([x.command, x.title], [x.command + ' category', x.category]);
    for (const x of c.submenus) strings.push([x.id, x.label]);
    for (const x of c.viewsContainers.activitybar) strings.push([x.id, x.title]);
    for (const x of c.views.dynlens) strings.push([x.id, x.name]);
    strings.push(['configuration', c.configuration.title]);
    for (const [k, v] of Object.entries<Record<string, unknown>>(c.configuration.properties)) {
      for (const f of ['description', 'markdownDescription']) if (v[f] !== undefined) strings.push([k, v[f]]);
      for (const d of (v.enumDescriptions as unknown[]) ?? []) strings.push([k, d]);
    }
    for (const w of c.walkthroughs) {
      strings.push([w.id, w.title], [w.id, w.description]);
      for (const s of w.steps) {
        strings.push([s.id, s.title], [s.id, s.description]);
        if (s.media.altText !== undefined) strings.push([s.id, s.media.altText]);
      }
    }
    for (const r of c.notebookRenderer) strings.push([r.id, r.displayName]);
    strings.push(['virtualWorkspaces', pkg.capabilities.virtualWorkspaces.description]);
    const bad = strings.filter(([, v]) => {
      const m = /^%([^%]+)%$/.exec(String(v));
      return !m || typeof nls[m[1]] !== 'string' || nls[m[1]] === '';
    });
    expect(bad).toEqual([]);
  });

  it('a walkthrough of 4-5 steps whose media are in the VSIX; a notebook renderer for the result MIME type', () => {
    const steps = pkg.contributes.walkthroughs[0].steps;
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps.length).toBeLessThanOrEqual(5);
    for (const s of steps) {
      const f = s.media.image ?? s.media.markdown;
      expect(existsSync(f) && inVsix(f), f).toBe(true);
    }
    const r = pkg.contributes.notebookRenderer[0];
    expect(r.mimeTypes).toEqual(['application/vnd.dynlens.result+json']);
    expect(inVsix(r.entrypoint)).toBe(true);
  });

  it('every command that needs a file is hidden from the palette without one, or asks for one', () => {
    const palette = new Map<string, string>(
      pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]),
    );
    // these work without a file: the dashboard, history, log, examples; Analyze Stability of File asks for one
    const noFile = new Set([
      'dynlens.openDashboard',
      'dynlens.clearHistory',
      'dynlens.showLog',
      'dynlens.openExamples',
      'dynlens.codeLens.analyze',
    ]);
    for (const { command } of pkg.contributes.commands) {
      if (noFile.has(command)) continue;
      expect(palette.get(command), command).toBeTruthy();
    }
    for (const m of pkg.contributes.menus['explorer/context'])
      expect(m.when).toMatch(/resourcePath in dynlens\.dataJson/);
    expect(pkg.contributes.menus['explorer/context'][0].when).not.toMatch(/\|json\|/);
  });
});

describe('the packaged README', () => {
  const readme = readFileSync('README.vsix.md', 'utf8');
  it('every image resolves to a file inside the VSIX or an absolute URL', () => {
    const links = [
      ...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)/g),
      ...readme.matchAll(/<img[^>]+src="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const l of links) {
      if (/^https:\/\//.test(l)) continue;
      expect(existsSync(l) && inVsix(l), l).toBe(true);
    }
  });
  it('is the user README (vsce --readme-path), saying what it collects, with the CLI and the notebook renderer', () => {
    expect(pkg.scripts.package).toMatch(/--readme-path README\.vsix\.md/);
    expect(readme).toMatch(/## What it collects\n\nNothing\./);
    expect(readme).toMatch(/dynlens list/);
    expect(readme).toMatch(/application\/vnd\.dynlens\.result\+json/);
    expect(readme).not.toMatch(/npm test|apt-get/);
    // the developers' README keeps the two set-up commands
    expect(readFileSync('README.md', 'utf8')).toMatch(/npm install && npm run demo[\s\S]*npm test/);
  });
});

describe('data JSON sniffing (the DynLens submenu on .json)', () => {
  it('rows, objects and columns are data; package.json, tsconfig.json, .vscode/*.json are not', () => {
    expect(looksLikeDataJson('/w/data.json', '[[1, 2], [3, 4]]')).toBe(true);
    expect(looksLikeDataJson('/w/rows.json', '[\n  {"t": 0, "x": 1.5}')).toBe(true);
    expect(looksLikeDataJson('/w/cols.json', '{"t": [0, 0.1], "x": [1, 2]}')).toBe(true);
    expect(looksLikeDataJson('/w/package.json', '[1,2]')).toBe(false);
    expect(looksLikeDataJson('/w/tsconfig.json', '{"compilerOptions": {}}')).toBe(false);
    expect(looksLikeDataJson('/w/.vscode/data.json', '[[1]]')).toBe(false);
    expect(looksLikeDataJson('/w/config.json', '{"name": "x", "values": [1]}')).toBe(false);
  });
});

describe('the DynLens output channel', () => {
  it('logs start, end with wall time, and errors with their stack, once per state', () => {
    const lines: string[] = [];
    const jobs: JobInfo[] = [];
    const watch = jobLogWatcher(() => jobs, { info: (m) => lines.push('I ' + m), error: (m) => lines.push('E ' + m) });
    const base = {
      analysisId: 'koopman',
      title: 'K',
      path: '/d/x.csv',
      fraction: 0,
      startedAt: '2026-01-01T00:00:00.000Z',
    };
    jobs.push({ ...base, jobId: 'a', state: 'running' }, { ...base, jobId: 'b', state: 'running' });
    watch();
    watch();
    jobs[0] = { ...jobs[0], state: 'done', finishedAt: '2026-01-01T00:00:02.500Z' };
    jobs[1] = {
      ...jobs[1],
      state: 'failed',
      finishedAt: '2026-01-01T00:00:01.000Z',
      error: { kind: 'internal', message: 'boom', stack: 'Error: boom\n    at f (x.ts:1)' },
    };
    watch();
    expect(lines).toEqual([
      'I job a start: koopman on /d/x.csv',
      'I job b start: koopman on /d/x.csv',
      'I job a done after 2.50 s: koopman on /d/x.csv',
      'E job b failed after 1.00 s: internal: boom\nError: boom\n    at f (x.ts:1)',
    ]);
  });
});
