/** The result header: title, file, provenance (path, hash, parameters, version, wall time, notes) and actions. */
import type { ResultEnvelope } from '../../src/protocol';
import type { Json } from '../views/types';
import { baseName, cliCommand, formatDuration, paramText, shortHash } from '../format';
import { button, h } from './dom';
import * as l10n from '@vscode/l10n';
import type { ShellKind } from '../../src/args/command';

/** The user's shell as the host reported it (body data-shell), for quoting the copied command. */
function userShell(): ShellKind {
  const s = typeof document !== 'undefined' ? document.body?.dataset.shell : undefined;
  return s === 'powershell' || s === 'cmd' ? s : 'posix';
}

/** The result's own quality verdicts, at the top: what is poor and the flag that would help. */
function renderWarnings(env: Json<ResultEnvelope>): HTMLElement | null {
  const ws = (env as { warnings?: { message: string; flag?: string | null }[] | null }).warnings;
  if (!ws || ws.length === 0) return null;
  return h(
    'section',
    { class: 'dl-quality', role: 'status', 'aria-label': l10n.t('Quality warnings') },
    ...ws.map((w) =>
      h(
        'p',
        {},
        h('strong', {}, l10n.t('Poor fit: ')),
        w.message,
        w.flag ? h('span', {}, l10n.t(' — try '), h('code', {}, w.flag)) : null,
      ),
    ),
  );
}

export interface HeaderActions {
  saveJson(): void;
  saveCsv(): void;
  copyTable(): void;
  copy(text: string): void;
  /** Opens the input file in an editor (VS Code only; undefined in reports). */
  openFile?(path: string): void;
  /** Writes a notebook that reproduces and continues the result (VS Code panels only). */
  openNotebook?(): void;
}

function copyable(text: string, shown: string, what: string, copy: (t: string) => void): HTMLElement {
  const b = h(
    'button',
    {
      type: 'button',
      class: 'dl-copyable',
      title: l10n.t('{0} (click to copy)', text),
      'aria-label': l10n.t('{0}: {1}, copy', what, shown),
    },
    shown,
  );
  b.addEventListener('click', () => copy(text));
  return b;
}

export function renderHeader(env: Json<ResultEnvelope>, actions: HeaderActions): HTMLElement {
  const p = env.provenance;
  const fileEl = actions.openFile
    ? h(
        'button',
        {
          type: 'button',
          class: 'dl-link',
          title: l10n.t('Open {0}', p.path),
          'aria-label': l10n.t('Open input file {0}', p.path),
        },
        p.path,
      )
    : h('span', { class: 'dl-path' }, p.path);
  if (actions.openFile) fileEl.addEventListener('click', () => actions.openFile!(p.path));

  const params = Object.entries(p.params ?? {});
  const paramList = params.length
    ? h('ul', { class: 'dl-params' }, ...params.map(([k, v]) => h('li', {}, h('code', {}, `${k} = ${paramText(v)}`))))
    : h('span', { class: 'dl-muted' }, l10n.t('none'));

  const hash = p.contentHash ?? '';
  const items: [string, HTMLElement | string][] = [
    [
      l10n.t('File'),
      h(
        'span',
        {},
        copyable(p.path, p.path, 'File path', actions.copy),
        typeof p.fileBytes === 'number' ? l10n.t(' ({0} bytes)', p.fileBytes.toLocaleString('en-US')) : '',
      ),
    ],
    [l10n.t('Content hash (SHA-256)'), copyable(hash, shortHash(hash), 'Content hash', actions.copy)],
    [l10n.t('Parameters'), paramList],
    [l10n.t('Runtime version'), p.runtimeVersion ?? ''],
    [l10n.t('Wall time'), typeof p.wallTimeMs === 'number' ? formatDuration(p.wallTimeMs) : '\u2014'],
    [l10n.t('Started'), p.startedAt ?? ''],
  ];
  const dl = h('dl', { class: 'dl-prov-list' });
  for (const [k, v] of items) dl.append(h('dt', {}, k), h('dd', {}, v));
  if (p.notes?.length)
    dl.append(
      h('dt', {}, l10n.t('Notes')),
      h('dd', {}, h('ul', { class: 'dl-notes' }, ...p.notes.map((n) => h('li', {}, n)))),
    );

  const p2 = p as typeof p & { repeatWith?: Record<string, unknown> | null };
  const cli = cliCommand({ analysisId: env.analysisId, provenance: p2 }, userShell());
  const details = h(
    'details',
    { class: 'dl-provenance' },
    h('summary', {}, l10n.t('Provenance')),
    dl,
    h(
      'div',
      { class: 'dl-cli' },
      h('code', {}, cli),
      button(
        l10n.t('Copy command'),
        l10n.t('Copy the CLI command that reproduces this result'),
        () => actions.copy(cli),
        {
          secondary: true,
        },
      ),
    ),
  );

  const toolbar = h(
    'div',
    { class: 'dl-actions', role: 'toolbar', 'aria-label': l10n.t('Result actions') },
    button(l10n.t('Save JSON'), l10n.t('Save the whole result with its provenance as JSON'), actions.saveJson),
    button(l10n.t('Save CSV'), l10n.t('Save the result table as CSV'), actions.saveCsv, { secondary: true }),
    button(l10n.t('Copy'), l10n.t('Copy the result table to the clipboard, tab-separated'), actions.copyTable, {
      secondary: true,
    }),
  );
  if (actions.openNotebook)
    toolbar.append(
      button(
        l10n.t('Open as notebook'),
        l10n.t('Write a Jupyter notebook beside the data file that runs this command and loads the tables into pandas'),
        actions.openNotebook,
        { secondary: true },
      ),
    );

  return h(
    'header',
    { class: 'dl-header' },
    h(
      'div',
      { class: 'dl-title-row' },
      h('h1', {}, env.title),
      h('span', { class: 'dl-badge', title: l10n.t('analysis id') }, env.analysisId),
    ),
    h(
      'p',
      { class: 'dl-file' },
      baseName(p.path) !== p.path ? h('span', { class: 'dl-muted' }, `${baseName(p.path)} \u00b7 `) : null,
      fileEl,
      h(
        'span',
        { class: 'dl-muted' },
        ` \u00b7 ${shortHash(hash, 8)} \u00b7 ${typeof p.wallTimeMs === 'number' ? formatDuration(p.wallTimeMs) : ''}`,
      ),
    ),
    renderWarnings(env),
    toolbar,
    details,
  );
}
