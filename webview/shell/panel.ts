/**
 * The result page, used in two modes: 'panel' (a VS Code result panel, messages from the host, state kept with
 * setState so the panel survives a reload) and 'report' (standalone HTML written by the CLI, the envelope read from
 * the <script id="dynlens-data"> element).
 */
import type { ErrorInfo, HostToPanel, PanelState, ResultEnvelope } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable } from '../views/types';
import { findView } from '../views/index';
import { baseName, jsonToLongRows, rowsToCsv, safeStem } from '../format';
import type { Bridge } from './bridge';
import { announce, h } from './dom';
import { genericView } from './genericView';
import { renderHeader } from './header';
import { PlotManager } from './plots';
import { onThemeChange } from './theme';
import { makeSinks, makeViewHost, type Sinks } from './viewHost';
import * as l10n from '@vscode/l10n';

type Envelope = Json<ResultEnvelope>;

/** Results larger than this (characters of JSON) are not kept whole in the webview state; see showResult. */
export const MAX_STATE_CHARS = 4_000_000;

export class PanelApp {
  private state: PanelState;
  private readonly sinks: Sinks;
  private readonly plots: PlotManager;
  private readonly statusEl: HTMLElement;
  private readonly errorEl: HTMLElement;
  private readonly headerEl: HTMLElement;
  private readonly partialEl: HTMLElement;
  private partialBody: HTMLElement | undefined;
  /** Provenance of the result on screen (see showResult). */
  private shownIdentity: string | undefined;
  private readonly viewEl: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly bridge: Bridge,
    private readonly mode: 'panel' | 'report',
  ) {
    this.state = bridge.getState<PanelState>() ?? {};
    this.sinks = makeSinks(bridge);
    this.plots = new PlotManager(this.sinks);
    // Not a live region: progress changes ~10 times a second; transitions are announced instead (announce()).
    this.statusEl = h('section', { class: 'dl-status', 'aria-label': l10n.t('Status'), hidden: true });
    this.errorEl = h('section', { class: 'dl-error', role: 'alert', hidden: true });
    this.headerEl = h('div', { class: 'dl-header-slot' });
    this.partialEl = h('section', { class: 'dl-partial', 'aria-label': l10n.t('Partial result'), hidden: true });
    this.viewEl = h('section', { class: 'dl-view', 'aria-label': l10n.t('Result') });
    root.replaceChildren(this.headerEl, this.statusEl, this.errorEl, this.partialEl, this.viewEl);
    onThemeChange(() => void this.plots.retheme());
  }

  start(): void {
    if (this.mode === 'report') {
      const el = document.getElementById('dynlens-data');
      try {
        const env = JSON.parse(el?.textContent ?? 'null') as Envelope | null;
        if (!env || typeof env !== 'object' || !env.provenance) throw new Error('the page holds no result data');
        this.showResult(env);
      } catch (err) {
        this.showError({
          kind: 'internal',
          message: `This report could not be read: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
      return;
    }
    this.bridge.onMessage((m) => this.onMessage(m as HostToPanel));
    // A panel restored after a window reload draws its last result at once; the host may send a newer one.
    if (this.state.envelope) this.showResult(this.state.envelope, false);
    else {
      this.statusEl.replaceChildren(
        h('p', {}, this.state.resultKey ? l10n.t('Restoring the result…') : l10n.t('Waiting for the result…')),
      );
      this.statusEl.hidden = false;
    }
    this.bridge.post({ type: 'ready' });
  }

  onMessage(m: HostToPanel): void {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'result':
        this.showResult(m.envelope, true, m.resultKey);
        break;
      case 'progress':
        this.showProgress(m.fraction, m.message);
        break;
      case 'partial':
        this.showPartial(m.value);
        break;
      case 'error':
        this.showError(m.error);
        break;
      case 'theme':
        void this.plots.retheme();
        break;
    }
  }

  private saveState(): void {
    this.bridge.setState(this.state);
  }

  private viewFor(env: Envelope): AnalysisView {
    return findView(env.view) ?? findView(env.analysisId) ?? genericView;
  }

  showResult(env: Envelope, persist = true, resultKey?: string): void {
    if (persist) {
      // VS Code keeps webview state in memory and serializes it on every setState, so a large result is not kept
      // whole: with a result-store key the state keeps just the key (the host's serializer reloads the result from
      // the store); without one it keeps the envelope minus `result`, whose provenance still identifies the result.
      const small = JSON.stringify(env).length <= MAX_STATE_CHARS;
      const key = resultKey ?? this.state.resultKey;
      if (small) this.state = { ...this.state, envelope: env as unknown as ResultEnvelope, resultKey: key };
      else if (key) this.state = { ...this.state, envelope: undefined, resultKey: key };
      else
        this.state = {
          ...this.state,
          envelope: { ...env, result: undefined } as unknown as ResultEnvelope,
          resultKey: undefined,
        };
      this.saveState();
    }
    // The host may send the result the page already restored from its state (panel serializer): same provenance,
    // same result; drawing it again would only cost time.
    const identity = JSON.stringify([env.analysisId, env.view, env.provenance]);
    if (identity === this.shownIdentity && env.result !== undefined && env.result !== null) {
      this.statusEl.hidden = true;
      this.errorEl.hidden = true;
      this.partialEl.hidden = true;
      return;
    }
    if (env.result === undefined || env.result === null) {
      this.shownIdentity = undefined;
      this.showHeaderOnly(env);
      // Sent back by a host that had only the trimmed state: the data is gone, say so instead of waiting forever.
      if (persist) {
        this.showError({
          kind: 'internal',
          message:
            'This result was too large to keep in the panel state and is no longer available here; reopen it from the DynLens history or run the analysis again.',
          file: env.provenance?.path ?? undefined,
        });
      }
      return;
    }
    // A report keeps the title the CLI gave its page (it names the file too).
    if (this.mode === 'panel') document.title = env.title;
    this.statusEl.hidden = true;
    this.errorEl.hidden = true;
    this.partialEl.hidden = true;
    this.partialEl.replaceChildren();
    this.partialBody = undefined;
    const view = this.viewFor(env);
    const stem = `${safeStem(env.analysisId)}-${safeStem(baseName(env.provenance.path ?? 'result'))}`;
    this.plots.fileStem = safeStem(baseName(env.provenance.path ?? ''));
    const table = (): ResultTable => {
      try {
        return view.table?.(env) ?? jsonToLongRows(env.result);
      } catch {
        return jsonToLongRows(env.result);
      }
    };
    const header = renderHeader(env, {
      saveJson: () => this.sinks.saveText(`${stem}.json`, 'application/json', JSON.stringify(env, null, 1)),
      saveCsv: () => {
        const t = table();
        this.sinks.saveText(`${t.name ? safeStem(t.name) : stem}.csv`, 'text/csv', rowsToCsv(t.columns, t.rows));
      },
      copyTable: () => {
        const t = table();
        this.sinks.copy(rowsToCsv(t.columns, t.rows, '\t'));
      },
      copy: (text) => this.sinks.copy(text),
      openFile: this.bridge.hosted ? (path) => this.bridge.post({ type: 'openFile', path }) : undefined,
      openNotebook:
        this.bridge.hosted && this.mode === 'panel' ? () => this.bridge.post({ type: 'openNotebook' }) : undefined,
    });
    this.headerEl.replaceChildren(header);
    this.shownIdentity = identity;
    if (persist && this.mode === 'panel') announce(l10n.t('Result ready: {0}', env.title));
    const body = h('div', { class: 'dl-view-body', 'data-view': view.id });
    this.viewEl.replaceChildren(body);
    this.plots.sweep();
    try {
      view.render(body, env, this.viewHost());
    } catch (err) {
      // Not "shown": the same envelope sent again (or a corrected one with the same provenance) must be drawn.
      this.shownIdentity = undefined;
      this.showError({
        kind: 'internal',
        message: `The ${view.id} view failed to draw this result: ${err instanceof Error ? err.message : String(err)}`,
        file: env.provenance.path,
      });
    }
  }

  /** A restored large result: header from the saved provenance, the body once the host sends the result. */
  private showHeaderOnly(env: Envelope): void {
    // A report keeps the title the CLI gave its page (it names the file too).
    if (this.mode === 'panel') document.title = env.title;
    this.headerEl.replaceChildren(
      renderHeader(env, {
        saveJson: () => undefined,
        saveCsv: () => undefined,
        copyTable: () => undefined,
        copy: (text) => this.sinks.copy(text),
      }),
    );
    this.headerEl.querySelectorAll('.dl-actions vscode-button').forEach((b) => b.setAttribute('disabled', ''));
    this.viewEl.replaceChildren();
    this.statusEl.replaceChildren(h('p', {}, l10n.t('Restoring the result…')));
    this.statusEl.hidden = false;
  }

  private viewHost() {
    return makeViewHost(
      this.sinks,
      this.plots,
      {
        get: (key) => this.state.ui?.[key],
        set: (key, value) => {
          this.state = { ...this.state, ui: { ...(this.state.ui ?? {}), [key]: value } };
          this.saveState();
        },
      },
      this.bridge.hosted ? (params) => this.bridge.post({ type: 'rerun', params }) : undefined,
      this.bridge.hosted
        ? (analysisId, path, params) => this.bridge.post({ type: 'openAnalysis', analysisId, path, params })
        : undefined,
      this.bridge.hosted ? (index) => this.bridge.post({ type: 'openBatchItem', index }) : undefined,
    );
  }

  showProgress(fraction: number, message?: string): void {
    const pct = Math.round(Math.min(Math.max(fraction, 0), 1) * 100);
    if (this.statusEl.hidden || !this.statusEl.querySelector('vscode-progress-bar'))
      announce(l10n.t('Analysis running'));
    const bar = h('vscode-progress-bar', { value: pct, max: 100, 'aria-label': l10n.t('Analysis progress {0}%', pct) });
    this.statusEl.replaceChildren(
      h('p', { class: 'dl-running' }, l10n.t('Running… {0}%', pct), message ? ` \u2014 ${message}` : ''),
      bar,
    );
    this.statusEl.hidden = false;
  }

  /**
   * Partial results of a running job. The view's renderPartial gets the same root element on every call (until the
   * final result), so it can update its plots in place instead of rebuilding them at every update.
   */
  showPartial(value: unknown): void {
    const id = document.body.dataset.view;
    const view = id ? findView(id) : undefined;
    this.partialEl.hidden = false;
    if (!this.partialBody) {
      this.partialBody = h('div', { class: 'dl-partial-body' });
      this.partialEl.replaceChildren(h('h2', {}, l10n.t('Partial result (still running)')), this.partialBody);
    }
    const body = this.partialBody;
    if (view?.renderPartial) {
      try {
        view.renderPartial(body, value, this.viewHost());
        return;
      } catch {
        // Fall through to the generic preview: a partial result must never break the page.
      }
    }
    const text = JSON.stringify(value, null, 1) ?? '';
    body.replaceChildren(h('pre', { class: 'dl-json' }, text.length > 4000 ? text.slice(0, 4000) + '\n\u2026' : text));
    this.plots.sweep();
  }

  showError(err: ErrorInfo): void {
    const where = [
      err.file,
      err.row !== undefined ? `row ${err.row}` : '',
      err.column !== undefined ? `column ${err.column}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const title =
      {
        'bad-input': 'Bad input',
        usage: 'Usage error',
        'too-large': 'Too large',
        cancelled: 'Cancelled',
        internal: 'Internal error',
      }[err.kind] ?? 'Error';
    this.errorEl.replaceChildren(h('h2', {}, title), h('p', { class: 'dl-error-message' }, err.message));
    if (where)
      this.errorEl.append(
        h('p', { class: 'dl-error-where' }, h('span', { class: 'dl-muted' }, l10n.t('File: ')), where),
      );
    this.errorEl.hidden = false;
    this.statusEl.hidden = true;
  }
}
