/**
 * Entry of the webview bundle (dist/webview.js). One bundle serves three pages, chosen by <body data-mode>:
 *   panel     - a VS Code result panel (HostToPanel / PanelToHost messages, state kept across reloads)
 *   dashboard - the DynLens activity-bar view (HostToDashboard / DashboardToHost)
 *   report    - a standalone HTML report written by the CLI (envelope in <script id="dynlens-data">)
 */
import './shell/elements';
import css from './styles.css';
import { DashboardApp } from './dashboard/dashboard';
import { getBridge } from './shell/bridge';
import { h } from './shell/dom';
import * as l10n from '@vscode/l10n';

/** The display language's strings, when the host sent a bundle (English needs none). */
function loadStrings(): void {
  const el = document.getElementById('dynlens-l10n');
  if (!el?.textContent) return;
  try {
    l10n.config({ contents: JSON.parse(el.textContent) as Record<string, string> });
  } catch {
    // a broken bundle leaves the English strings
  }
}

function boot(): void {
  loadStrings();
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);

  const mode = document.body.dataset.mode ?? 'report';
  // A standalone report has no VS Code theme: follow the system's light/dark preference.
  if (mode === 'report' && !/\bvscode-(light|dark|high-contrast)/.test(document.body.className)) {
    const follow = (): void => {
      const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
      document.body.classList.toggle('vscode-dark', dark);
      document.body.classList.toggle('vscode-light', !dark);
    };
    follow();
    // The class change is what the plots' theme observer watches: the report re-themes with the system.
    window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', follow);
  }
  const root = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
  const bridge = getBridge();
  if (mode === 'dashboard') {
    new DashboardApp(root, bridge).start();
    return;
  }
  // Loaded on demand: esbuild keeps a dynamically imported module (and Plotly under it) uninitialized until this
  // runs, so the dashboard never pays for evaluating the chart library.
  root.replaceChildren(h('p', { class: 'dl-muted', role: 'status' }, 'Loading\u2026'));
  void import('./shell/panel').then(({ PanelApp }) =>
    new PanelApp(root, bridge, mode === 'panel' ? 'panel' : 'report').start(),
  );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
