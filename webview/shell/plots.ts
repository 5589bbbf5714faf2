/**
 * ViewHost.plot: Plotly (strict build, no eval) with theme colors, re-rendering on theme change, and per-plot
 * export (PNG, SVG) and data save (JSON, CSV).
 *
 * Theme changes: a view may color its traces with colors from host.theme(). We keep the spec the view gave and
 * the theme it was drawn with; on a theme change every color string equal to an old theme color is replaced by the
 * same role's color in the new theme, and the layout gets the new theme's base colors. So views stay pure
 * renderers and need no theme-change code.
 */
import Plotly from 'plotly.js-strict-dist-min';
import type { Config, PlotlyHTMLElement } from 'plotly.js';
import type { PlotHandle, PlotSpec, ThemeColors } from '../views/types';
import { columnsToCsv, safeStem } from '../format';
import { button, h } from './dom';
import { colorMap, recolor, tableFromTraces, themedLayout } from './plotTheme';
import { readTheme, sameTheme } from './theme';
import * as l10n from '@vscode/l10n';

export interface PlotSink {
  /** Saves text (SVG, JSON, CSV). */
  saveText(name: string, mime: string, text: string): void;
  /** Saves binary data (PNG). */
  saveBytes(name: string, mime: string, bytes: Uint8Array): void;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const CONFIG: Partial<Config> = {
  displaylogo: false,
  responsive: true,
  // Our own toolbar exports PNG/SVG through the host (a webview cannot download); Plotly's would do nothing.
  modeBarButtonsToRemove: ['toImage', 'sendDataToCloud'],
  scrollZoom: false,
};

/** Resolves after the next frame has been produced (or at once in a hidden page, where frames do not come). */
function afterPaint(): Promise<void> {
  if (document.hidden) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}

function dataUrlToBytes(url: string): Uint8Array {
  const bin = atob(url.slice(url.indexOf(',') + 1));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Plotly returns SVG as a data URL, URL-encoded (or base64 in some paths). */
function dataUrlToText(url: string): string {
  const comma = url.indexOf(',');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(';base64') ? new TextDecoder().decode(dataUrlToBytes(url)) : decodeURIComponent(body);
}

interface LivePlot {
  graph: PlotlyHTMLElement;
  spec: PlotSpec;
  drawnWith: ThemeColors;
  /** The theme of the last (queued) render: a re-render with an equal theme is skipped. */
  lastTheme: ThemeColors;
}

export class PlotManager {
  private readonly live = new Set<LivePlot>();

  constructor(private readonly sink: PlotSink) {}

  plot(container: HTMLElement, spec: PlotSpec): PlotHandle {
    const theme = readTheme();
    const graph = h('div', {
      class: 'dl-plot-area',
      role: 'img',
      'aria-label': spec.label,
    }) as unknown as PlotlyHTMLElement;
    const live: LivePlot = { graph, spec, drawnWith: theme, lastTheme: theme };
    const toolbar = h(
      'div',
      { class: 'dl-plot-toolbar', role: 'toolbar', 'aria-label': l10n.t('Export: {0}', spec.label) },
      button(l10n.t('PNG'), l10n.t('Save {0} as PNG image', spec.label), () => void this.exportImage(live, 'png'), {
        secondary: true,
      }),
      button(l10n.t('SVG'), l10n.t('Save {0} as SVG image', spec.label), () => void this.exportImage(live, 'svg'), {
        secondary: true,
      }),
      button(
        l10n.t('Data JSON'),
        l10n.t('Save the data of {0} as JSON', spec.label),
        () => this.exportData(live, 'json'),
        {
          secondary: true,
        },
      ),
      button(
        l10n.t('Data CSV'),
        l10n.t('Save the data of {0} as CSV', spec.label),
        () => this.exportData(live, 'csv'),
        {
          secondary: true,
        },
      ),
    );
    const figure = h('figure', { class: 'dl-plot', 'aria-label': spec.label }, toolbar, graph);
    container.append(figure);
    this.live.add(live);
    void this.draw(live, theme);

    const clickCbs: ((c: number, p: number) => void)[] = [];
    const hoverCbs: ((c: number, p: number) => void)[] = [];
    let eventsBound = false;
    const bindEvents = (): void => {
      if (eventsBound || typeof graph.on !== 'function') return;
      eventsBound = true;
      graph.on('plotly_click', (ev) => {
        const p = ev.points[0];
        if (p) clickCbs.forEach((cb) => cb(p.curveNumber, p.pointIndex ?? p.pointNumber));
      });
      graph.on('plotly_hover', (ev) => {
        const p = ev.points[0];
        if (p) hoverCbs.forEach((cb) => cb(p.curveNumber, p.pointIndex ?? p.pointNumber));
      });
    };
    return {
      element: figure,
      update: (next: PlotSpec) => {
        live.spec = next;
        live.drawnWith = readTheme();
        graph.setAttribute('aria-label', next.label);
        figure.setAttribute('aria-label', next.label);
        void this.draw(live, live.drawnWith).then(bindEvents);
      },
      onClick: (cb) => {
        clickCbs.push(cb);
        void this.ready(live).then(bindEvents);
      },
      onHover: (cb) => {
        hoverCbs.push(cb);
        void this.ready(live).then(bindEvents);
      },
    };
  }

  private readonly pending = new WeakMap<LivePlot, Promise<void>>();

  private ready(live: LivePlot): Promise<void> {
    return this.pending.get(live) ?? Promise.resolve();
  }

  /**
   * Plots are drawn one after another, each after the previous one has painted: the first plot shows up at once
   * instead of all of them at the end, the page stays responsive between plots, and each plot's render time is its
   * own (recorded on the element for the browser tests and NOTES.md).
   */
  private chain: Promise<void> = Promise.resolve();

  private draw(live: LivePlot, theme: ThemeColors): Promise<void> {
    const p = this.chain.then(() => this.drawNow(live, theme));
    this.chain = p.catch(() => undefined);
    this.pending.set(live, p);
    return p;
  }

  private async drawNow(live: LivePlot, theme: ThemeColors): Promise<void> {
    // A plot removed while it waited in the queue (the view was redrawn) is not drawn at all.
    if (!live.graph.isConnected) return;
    const map = colorMap(live.drawnWith, theme);
    const font =
      getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif';
    const data = recolor(live.spec.data, map);
    const layout = themedLayout(recolor(live.spec.layout, map), theme, font);
    const started = performance.now();
    try {
      await Plotly.react(live.graph, data, layout, CONFIG);
    } catch (err) {
      live.graph.textContent = l10n.t('Plot failed: {0}', err instanceof Error ? err.message : String(err));
      live.graph.classList.add('dl-error');
      return;
    }
    const reacted = performance.now();
    await afterPaint();
    // Render count and times on the element: the browser tests wait on the count after a theme switch, and the
    // times (Plotly.react, and until the next frame has painted, which includes WebGL drawing) go to NOTES.md.
    live.graph.dataset.renders = String(Number(live.graph.dataset.renders ?? 0) + 1);
    live.graph.dataset.renderMs = (reacted - started).toFixed(1);
    live.graph.dataset.paintMs = (performance.now() - started).toFixed(1);
    performance.measure('dynlens-plot', { start: started, detail: live.spec.exportName });
  }

  /**
   * Re-renders every plot still on the page whose colors differ from the current theme (VS Code may signal one
   * change twice: body class and the host's theme message); forgets plots that left the page.
   */
  async retheme(): Promise<void> {
    const theme = readTheme();
    const jobs: Promise<void>[] = [];
    for (const live of [...this.live]) {
      if (!live.graph.isConnected) {
        Plotly.purge(live.graph);
        this.live.delete(live);
        continue;
      }
      if (sameTheme(live.lastTheme, theme)) continue;
      live.lastTheme = theme;
      jobs.push(this.draw(live, theme));
    }
    await Promise.all(jobs);
  }

  /** Purges plots no longer attached (after a view re-render). */
  sweep(): void {
    for (const live of [...this.live]) {
      if (!live.graph.isConnected) {
        Plotly.purge(live.graph);
        this.live.delete(live);
      }
    }
  }

  /**
   * Suffix for export file names (the input file's stem, set by the shell per result), so a plot saved from two
   * panels does not get the same name.
   */
  fileStem = '';

  private exportStem(live: LivePlot): string {
    const base = safeStem(live.spec.exportName);
    return this.fileStem && !base.endsWith(this.fileStem) ? `${base}-${this.fileStem}` : base;
  }

  get count(): number {
    return this.live.size;
  }

  private async exportImage(live: LivePlot, format: 'png' | 'svg'): Promise<void> {
    await this.ready(live);
    const width = Math.max(live.graph.clientWidth, 640);
    const height = Math.max(live.graph.clientHeight, 400);
    const url = await Plotly.toImage(live.graph, {
      format,
      width,
      height,
      scale: format === 'png' ? 2 : 1,
    });
    const name = `${this.exportStem(live)}.${format}`;
    if (format === 'png') this.sink.saveBytes(name, 'image/png', dataUrlToBytes(url));
    else this.sink.saveText(name, 'image/svg+xml', dataUrlToText(url));
  }

  private exportData(live: LivePlot, format: 'json' | 'csv'): void {
    const table = live.spec.table ?? tableFromTraces(live.spec.data);
    const stem = this.exportStem(live);
    if (format === 'csv') {
      this.sink.saveText(`${stem}.csv`, 'text/csv', columnsToCsv(table.columns, table.rows));
      return;
    }
    const obj: Record<string, Json> = {};
    table.columns.forEach((c, i) => {
      const col = table.rows[i];
      const arr: (number | null)[] = new Array(col.length);
      for (let k = 0; k < col.length; k++) {
        const x = col[k];
        arr[k] = Number.isFinite(x) ? x : null;
      }
      obj[c] = arr;
    });
    this.sink.saveText(`${stem}.json`, 'application/json', JSON.stringify(obj));
  }
}
