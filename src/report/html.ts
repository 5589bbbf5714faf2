/**
 * HTML pages that host the webview app (dist/webview.js): the VS Code webview page (panel or dashboard) and the
 * standalone, offline HTML report written by the CLI. Pure string building: no vscode, no DOM, no node modules, so
 * the extension host, the CLI and the unit tests can all call it.
 *
 * Security: both pages carry a Content-Security-Policy with a per-page nonce and no 'unsafe-eval' (the chart
 * library is Plotly's "strict" build, which needs no eval; the browser tests run it under this exact policy).
 */

export interface PanelHtmlOptions {
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  scriptUri: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** From `newNonce()`, fresh for every page. */
  nonce: string;
  mode: 'panel' | 'dashboard';
  title: string;
  /** The user's shell, for quoting the copied command: posix (default), powershell or cmd. */
  shell?: 'posix' | 'powershell' | 'cmd';
  /** The l10n bundle of the display language (vscode.l10n.bundle), for the page's strings (@vscode/l10n). */
  l10n?: Record<string, string>;
  /**
   * Optional view id the panel will show (for example 'summary'): lets the page render live partial results with the
   * right view before the first full result arrives. Without it, partial results are shown as a generic preview.
   */
  viewId?: string;
}

export interface ReportHtmlOptions {
  /** Contents of dist/webview.js (the same bundle the panels load), inlined so the report works offline. */
  bundleJs: string;
  /** The ResultEnvelope, already converted with toPlainJson (JSON has no typed arrays, NaN or Infinity). */
  envelope: unknown;
  title: string;
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 characters from a cryptographic random source (about 190 bits), valid in a CSP 'nonce-...' source. */
export function newNonce(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  // 256 is a multiple of 62 only approximately; rejecting bytes >= 248 keeps the characters uniform.
  for (let i = 0; out.length < 32; i++) {
    if (i === bytes.length) {
      globalThis.crypto.getRandomValues(bytes);
      i = 0;
    }
    const b = bytes[i];
    if (b < 248) out += NONCE_ALPHABET[b % 62];
  }
  return out;
}

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON for a `<script type="application/json">` element. The HTML parser ends a script element at the first
 * `</script`, and `<!--` can switch it into the "double escaped" state, so every `<`, `>` and `&` is written as a
 * JSON unicode escape (JSON.parse restores them). U+2028/U+2029 are escaped too so the text is also valid JS.
 */
export function jsonForScriptTag(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  return json.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * JavaScript source for an inline `<script>` element: `</script` and `<!--` (in any case) must not appear. The `<`
 * is written as the escape `\x3C`, which means the same character inside string literals, template literals and
 * regular expressions (with or without the u flag), which is where a minified bundle can contain these sequences.
 */
export function scriptForInlineTag(js: string): string {
  return js.replace(/<(?=\/script|!--)/gi, '\\x3C');
}

function csp(directives: Record<string, string>): string {
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

/** The Content-Security-Policy of a VS Code webview page. */
export function panelCsp(cspSource: string, nonce: string): string {
  return csp({
    'default-src': "'none'",
    'img-src': `${cspSource} data: blob:`,
    // Plotly and the lit-based vscode-elements insert <style> elements and style attributes.
    'style-src': `${cspSource} 'unsafe-inline'`,
    'script-src': `'nonce-${nonce}'`,
    'font-src': cspSource,
  });
}

/** The Content-Security-Policy of a standalone report: nothing may be loaded from anywhere. */
export function reportCsp(nonce: string): string {
  return csp({
    'default-src': "'none'",
    'img-src': 'data: blob:',
    'style-src': "'unsafe-inline'",
    'script-src': `'nonce-${nonce}'`,
    'font-src': 'data:',
  });
}

export function renderPanelHtml(opts: PanelHtmlOptions): string {
  const view =
    (opts.viewId ? ` data-view="${escapeHtml(opts.viewId)}"` : '') +
    (opts.shell ? ` data-shell="${escapeHtml(opts.shell)}"` : '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelCsp(opts.cspSource, opts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
</head>
<body data-mode="${opts.mode}"${view}>
<main id="app"></main>
${opts.l10n ? `<script type="application/json" id="dynlens-l10n">${jsonForScriptTag(opts.l10n)}</script>\n` : ''}<script nonce="${escapeHtml(opts.nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}

export function renderReportHtml(opts: ReportHtmlOptions): string {
  const nonce = newNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="DynLens">
<title>${escapeHtml(opts.title)}</title>
</head>
<body data-mode="report">
<main id="app"></main>
<script type="application/json" id="dynlens-data">${jsonForScriptTag(opts.envelope)}</script>
<script nonce="${nonce}">${scriptForInlineTag(opts.bundleJs)}</script>
</body>
</html>
`;
}
