/**
 * Theme colors from VS Code's --vscode-* CSS variables (set on <html> by VS Code, and by the report's own style
 * sheet in standalone reports), with fallbacks per theme kind. The kind comes from the body class VS Code sets:
 * vscode-light, vscode-dark, vscode-high-contrast, vscode-high-contrast-light.
 */
import type { ThemeColors } from '../views/types';

type Kind = ThemeColors['kind'];

const FALLBACK: Record<Kind, Omit<ThemeColors, 'kind'>> = {
  light: {
    foreground: '#3b3b3b',
    background: '#ffffff',
    muted: '#717171',
    accent: '#005fb8',
    grid: '#e5e5e5',
    positive: '#388a34',
    negative: '#e51400',
    series: ['#1a85ff', '#e51400', '#388a34', '#bf8803', '#d18616', '#652d90'],
  },
  dark: {
    foreground: '#cccccc',
    background: '#1f1f1f',
    muted: '#9d9d9d',
    accent: '#0078d4',
    grid: '#3c3c3c',
    positive: '#89d185',
    negative: '#f14c4c',
    series: ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#d18616', '#b180d7'],
  },
  'high-contrast': {
    foreground: '#ffffff',
    background: '#000000',
    muted: '#ffffff',
    accent: '#f38518',
    grid: '#6fc3df',
    positive: '#89d185',
    negative: '#f48771',
    series: ['#3794ff', '#f48771', '#89d185', '#ffd700', '#f38518', '#b180d7'],
  },
  'high-contrast-light': {
    foreground: '#292929',
    background: '#ffffff',
    muted: '#292929',
    accent: '#006bbd',
    grid: '#0f4a85',
    positive: '#007100',
    negative: '#b5200d',
    series: ['#0f4a85', '#b5200d', '#007100', '#895503', '#b14000', '#652d90'],
  },
};

export function themeKind(body: HTMLElement = document.body): Kind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  if (c.contains('vscode-dark')) return 'dark';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Reads the current theme. Cheap enough to call on every render (one getComputedStyle). */
export function readTheme(): ThemeColors {
  const kind = themeKind();
  const fb = FALLBACK[kind];
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const foreground = v('editor-foreground', v('foreground', fb.foreground));
  return {
    kind,
    foreground,
    background: v('editor-background', fb.background),
    muted: v('descriptionForeground', fb.muted),
    accent: v('focusBorder', fb.accent),
    // charts.lines is VS Code's own color for chart grid lines; high contrast themes draw contrastBorder instead.
    grid: kind.startsWith('high-contrast') ? v('contrastBorder', fb.grid) : v('charts-lines', fb.grid),
    positive: v('charts-green', fb.positive),
    negative: v('charts-red', fb.negative),
    series: [
      v('charts-blue', fb.series[0]),
      v('charts-red', fb.series[1]),
      v('charts-green', fb.series[2]),
      v('charts-yellow', fb.series[3]),
      v('charts-orange', fb.series[4]),
      v('charts-purple', fb.series[5]),
    ],
  };
}

/** Two themes are the same for plotting purposes when every color matches. */
export function sameTheme(a: ThemeColors, b: ThemeColors): boolean {
  return (
    a.kind === b.kind &&
    a.foreground === b.foreground &&
    a.background === b.background &&
    a.muted === b.muted &&
    a.accent === b.accent &&
    a.grid === b.grid &&
    a.positive === b.positive &&
    a.negative === b.negative &&
    a.series.join() === b.series.join()
  );
}

/**
 * Calls `cb` when the theme may have changed: VS Code swaps the body class and rewrites the style attribute of
 * <html> (where the --vscode-* variables live). Bursts of mutations are coalesced into one call per frame.
 */
export function onThemeChange(cb: () => void): () => void {
  let pending = false;
  const fire = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      cb();
    });
  };
  const obs = new MutationObserver(fire);
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
  mq?.addEventListener('change', fire);
  return () => {
    obs.disconnect();
    mq?.removeEventListener('change', fire);
  };
}
