import { describe, expect, it } from 'vitest';
import {
  jsonForScriptTag,
  newNonce,
  panelCsp,
  renderPanelHtml,
  renderReportHtml,
  scriptForInlineTag,
} from '../../../src/report/html';

/** Contents of every <script ...>...</script> element, the way the HTML parser splits them (first `</script`). */
function scripts(html: string): { attrs: string; body: string }[] {
  const out: { attrs: string; body: string }[] = [];
  const re = /<script([^>]*)>([\s\S]*?)<\/script/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) out.push({ attrs: m[1], body: m[2] });
  return out;
}

describe('newNonce', () => {
  it('gives 32 base62 characters, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = newNonce();
      expect(n).toMatch(/^[A-Za-z0-9]{32}$/);
      seen.add(n);
    }
    expect(seen.size).toBe(200);
  });
});

describe('renderPanelHtml', () => {
  const html = renderPanelHtml({
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    cspSource: 'https://*.vscode-cdn.net',
    nonce: 'abc123',
    mode: 'panel',
    title: 'Summary <of> "x"',
    viewId: 'summary',
  });

  it('has a strict CSP: nonce scripts, no eval, nothing by default', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(meta).not.toBeNull();
    const policy = meta![1].replace(/&#39;/g, "'");
    expect(policy).toBe(panelCsp('https://*.vscode-cdn.net', 'abc123'));
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'nonce-abc123'");
    expect(policy).toContain('img-src https://*.vscode-cdn.net data: blob:');
    expect(policy).toContain("style-src https://*.vscode-cdn.net 'unsafe-inline'");
    expect(policy).toContain('font-src https://*.vscode-cdn.net');
    expect(policy).not.toContain('unsafe-eval');
  });

  it('loads the bundle with the nonce, sets mode and view, escapes the title', () => {
    const s = scripts(html);
    expect(s).toHaveLength(1);
    expect(s[0].attrs).toContain('nonce="abc123"');
    expect(s[0].attrs).toContain('src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js"');
    expect(html).toContain('<body data-mode="panel" data-view="summary">');
    expect(html).toContain('<title>Summary &lt;of&gt; &quot;x&quot;</title>');
  });

  it('omits data-view when no view is given', () => {
    const d = renderPanelHtml({
      scriptUri: 'x.js',
      cspSource: 'vscode-resource:',
      nonce: 'n',
      mode: 'dashboard',
      title: 'DynLens',
    });
    expect(d).toContain('<body data-mode="dashboard">');
  });
});

describe('renderReportHtml', () => {
  const nasty = {
    title: '</script><script>alert(1)</script>',
    text: 'a</SCRIPT >b <!-- c --> & \u2028 \u2029 "q"',
    nested: { arr: [1, null, 2.5e-300], s: '<!--<script>' },
  };
  const bundle = 'var s="</script><!--<script>";var r=/<\\/script>/;console.log(s,r,`</Script>`);';
  const html = renderReportHtml({ bundleJs: bundle, envelope: nasty, title: 'Report </script> & <b>' });

  it('keeps the data and the bundle inside their own script elements', () => {
    const s = scripts(html);
    expect(s).toHaveLength(2);
    expect(s[0].attrs).toBe(' type="application/json" id="dynlens-data"');
    expect(s[1].attrs).toMatch(/^ nonce="[A-Za-z0-9]{32}"$/);
    for (const { body } of s) {
      expect(body.toLowerCase()).not.toContain('</script');
      expect(body).not.toContain('<!--');
    }
  });

  it('round-trips the envelope through the JSON script element', () => {
    const body = scripts(html)[0].body;
    expect(JSON.parse(body)).toEqual(nasty);
  });

  it('the inlined bundle means the same JavaScript', () => {
    const body = scripts(html)[1].body;
    const logged: unknown[] = [];
    // Evaluate both versions with a fake console: the escaped code must log the same values.
    const run = (code: string): unknown[] => {
      const out: unknown[] = [];
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the bundle is the point of this test
      new Function('console', code)({ log: (...a: unknown[]) => out.push(...a.map(String)) });
      return out;
    };
    logged.push(...run(bundle));
    expect(run(body)).toEqual(logged);
    expect(logged[0]).toBe('</script><!--<script>');
  });

  it('uses a nonce that matches its CSP and allows nothing from the network', () => {
    const nonce = /nonce="([A-Za-z0-9]{32})"/.exec(html)![1];
    const policy = /content="([^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
    expect(policy).toContain(`script-src 'nonce-${nonce}'`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/https?:|unsafe-eval/);
    expect(html).toContain('<title>Report &lt;/script&gt; &amp; &lt;b&gt;</title>');
    expect(html).toContain('<body data-mode="report">');
  });
});

describe('escaping helpers', () => {
  it('jsonForScriptTag escapes < > & and line separators, and parses back', () => {
    const v = { a: '<>&\u2028\u2029</script>' };
    const j = jsonForScriptTag(v);
    expect(j).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(j)).toEqual(v);
    expect(jsonForScriptTag(undefined)).toBe('null');
  });

  it('scriptForInlineTag rewrites only the dangerous sequences', () => {
    expect(scriptForInlineTag('a<b && c</script>d<!--e<\\/script>')).toBe('a<b && c\\x3C/script>d\\x3C!--e<\\/script>');
    expect(scriptForInlineTag('x</ScRiPt')).toBe('x\\x3C/ScRiPt');
  });
});
