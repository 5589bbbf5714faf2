/** The ViewHost the shell hands to every view: plots, tables, numbers, copy/save/insert, UI state. */
import type { ViewHost } from '../views/types';
import { DEFAULT_DIGITS } from '../format';
import { bytesToBase64, clipboardCopy, download, type Bridge } from './bridge';
import { toast } from './dom';
import { PlotManager } from './plots';
import { numberElement, tableElement } from './tables';
import { readTheme } from './theme';
import * as l10n from '@vscode/l10n';

export interface Sinks {
  copy(text: string): void;
  saveText(name: string, mime: string, text: string): void;
  saveBytes(name: string, mime: string, bytes: Uint8Array): void;
  insert(text: string): void;
}

/** Copy/save/insert through VS Code when hosted, through the browser in a standalone report. */
export function makeSinks(bridge: Bridge): Sinks {
  if (bridge.hosted) {
    return {
      copy: (text) => {
        bridge.post({ type: 'copy', text });
        toast(l10n.t('Copied'));
      },
      saveText: (suggestedName, mime, text) => bridge.post({ type: 'save', suggestedName, mime, text }),
      saveBytes: (suggestedName, mime, bytes) =>
        bridge.post({ type: 'save', suggestedName, mime, dataBase64: bytesToBase64(bytes) }),
      insert: (text) => bridge.post({ type: 'insert', text }),
    };
  }
  return {
    copy: (text) =>
      void clipboardCopy(text).then((ok) =>
        toast(ok ? l10n.t('Copied') : l10n.t('Copy failed: the browser blocked the clipboard')),
      ),
    saveText: (name, mime, text) => download(name, mime, text),
    saveBytes: (name, mime, bytes) => download(name, mime, bytes),
    insert: () => toast(l10n.t('Insert into the editor works inside VS Code only')),
  };
}

export interface UiStateStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function makeViewHost(
  sinks: Sinks,
  plots: PlotManager,
  ui: UiStateStore,
  rerun?: (params: Record<string, unknown>) => void,
  openAnalysis?: ViewHost['openAnalysis'],
  openBatchItem?: ViewHost['openBatchItem'],
): ViewHost {
  return {
    rerun,
    openAnalysis,
    openBatchItem,
    plot: (container, spec) => plots.plot(container, spec),
    copy: (text) => sinks.copy(text),
    save: (name, mime, text) => sinks.saveText(name, mime, text),
    insert: (text) => sinks.insert(text),
    theme: () => readTheme(),
    getUiState: <T>(key: string, fallback: T): T => {
      const v = ui.get(key);
      return v === undefined ? fallback : (v as T);
    },
    setUiState: (key, value) => ui.set(key, value),
    table: (container, columns, rows, opts) => tableElement(container, columns, rows, sinks, opts),
    number: (value, digits) => numberElement(value, digits ?? DEFAULT_DIGITS, sinks),
  };
}
