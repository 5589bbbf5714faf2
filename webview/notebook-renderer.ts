/**
 * The DynLens notebook renderer (contributes.notebookRenderer, dist/renderer.js, an ES module VS Code loads into
 * the notebook's output webview). A cell output of MIME type application/vnd.dynlens.result+json (the envelope the
 * CLI's --notebook prints) is drawn by the same result page as a panel: header with provenance and exports, the
 * analysis' view, plots that follow the theme. Saving and copying go to the extension through renderer messaging
 * (when it is there), else through the browser. A malformed output shows an error in its own cell only.
 */
import './shell/elements';
import css from './styles.css';
import type { ResultEnvelope } from '../src/protocol';
import type { Bridge } from './shell/bridge';
import { h } from './shell/dom';

/** The parts of VS Code's notebook renderer API used here (vscode-notebook-renderer, declared to keep no types dep). */
interface OutputItem {
  id: string;
  mime: string;
  json(): unknown;
  text(): string;
}
interface RendererContext {
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
  readonly workspace?: { readonly isTrusted: boolean };
}

let styled = false;
function injectStyles(): void {
  if (styled) return;
  styled = true;
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
}

function bridgeFor(ctx: RendererContext): Bridge {
  let state: unknown;
  return {
    hosted: typeof ctx.postMessage === 'function',
    post: (m) => ctx.postMessage?.(m),
    getState: <T>() => state as T | undefined,
    setState: (s) => {
      state = s;
    },
    onMessage: (cb) => void ctx.onDidReceiveMessage?.(cb),
  };
}

/** Checks the output is a result envelope; the message says what is missing. */
export function readEnvelope(value: unknown): ResultEnvelope {
  if (!value || typeof value !== 'object') throw new Error('the output is not a JSON object');
  const v = value as Partial<ResultEnvelope>;
  const missing = (['analysisId', 'view', 'provenance', 'result'] as const).filter((k) => v[k] === undefined);
  if (missing.length)
    throw new Error(`the output has no ${missing.join(', ')} (is it the JSON of dynlens --notebook?)`);
  if (!v.provenance || typeof v.provenance.path !== 'string') throw new Error('the output has no provenance.path');
  return v as ResultEnvelope;
}

function showError(element: HTMLElement, message: string): void {
  element.replaceChildren(
    h(
      'section',
      { class: 'dl-error', role: 'alert' },
      h('h2', {}, 'DynLens could not draw this output'),
      h('p', { class: 'dl-error-message' }, message),
    ),
  );
}

export function activate(ctx: RendererContext) {
  injectStyles();
  const bridge = bridgeFor(ctx);
  return {
    async renderOutputItem(item: OutputItem, element: HTMLElement): Promise<void> {
      let env: ResultEnvelope;
      try {
        env = readEnvelope(item.json());
      } catch (e) {
        showError(element, e instanceof Error ? e.message : String(e));
        return;
      }
      const root = h('div', { class: 'dl-notebook-output' });
      element.replaceChildren(root);
      try {
        const { PanelApp } = await import('./shell/panel');
        new PanelApp(root, bridge, 'report').showResult(env, false);
      } catch (e) {
        showError(element, e instanceof Error ? e.message : String(e));
      }
    },
    disposeOutputItem(): void {
      // Plots are removed with their element; the PlotManager forgets plots that left the page.
    },
  };
}
