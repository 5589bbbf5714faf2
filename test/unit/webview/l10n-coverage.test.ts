/**
 * Every user-visible string of the webview views, the dashboard and the shell goes through `l10n.t(...)`, and
 * l10n/bundle.l10n.json holds every such string (as `npx @vscode/l10n-dev export --outDir ./l10n ./src ./webview`
 * writes it). The text positions are those of test/support/l10n-text.ts; its own test below shows what it catches.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unlocalizedText } from '../../support/l10n-text';

const DIRS = ['webview/views', 'webview/dashboard', 'webview/shell'];
const files = DIRS.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(d, f)),
);

describe('webview localization', () => {
  it('no view, dashboard or shell module shows a string literal that skips l10n.t', () => {
    const left = files.flatMap((f) =>
      unlocalizedText(f, readFileSync(f, 'utf8')).map((s) => `${f}:${s.line}: ${s.text}`),
    );
    expect(left).toEqual([]);
  });

  it('the detector finds text in each position and leaves localized text, keys and symbols alone', () => {
    const source = `
      h('p', {}, 'plain child', l10n.t('done'), \`\${n} rows\`, '\u00b7');
      h('span', { title: 'a tip', 'aria-label': l10n.t('ok'), class: 'dl-muted' });
      section(root, 'Heading', cond ? 'one note' : l10n.t('other'));
      button(l10n.t('Save'), 'Save the result', go);
      host.table(el, ['column', l10n.t('value')], rows);
      const trace = { type: 'scatter', x, y, name: 'model' };
      const file = { columns: [], rows: [], name: 'export-name' };
      el.textContent = 'Copied' + suffix;
      const layout = { xaxis: { title: { text: 'time' } } };
    `;
    const found = unlocalizedText('sample.ts', source).map((s) => s.text);
    expect(found.sort()).toEqual(
      [
        'plain child',
        '{} rows',
        'a tip',
        'Heading',
        'one note',
        'Save the result',
        'column',
        'model',
        'Copied{}',
        'time',
      ].sort(),
    );
  });

  it('l10n/bundle.l10n.json is what @vscode/l10n-dev extracts from src and webview', () => {
    const out = mkdtempSync(join(tmpdir(), 'dynlens-l10n-'));
    execFileSync(
      process.execPath,
      [require.resolve('@vscode/l10n-dev/dist/cli.js'), 'export', '--outDir', out, './src', './webview'],
      { stdio: 'pipe' },
    );
    const fresh = Object.keys(JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as object).sort();
    const committed = Object.keys(JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as object).sort();
    expect(committed).toEqual(fresh);
  }, 60_000);
});
