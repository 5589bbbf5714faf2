/**
 * LaTeX rendered as MathML by KaTeX. MathML is drawn by the browser itself (Chromium 109+, so every supported VS
 * Code), which needs neither KaTeX's stylesheet nor its fonts in the webview, and screen readers read it.
 */
import katex from 'katex';

/** The formula as a MathML element, or undefined when KaTeX cannot parse it (the caller shows the source). */
export function latexElement(tex: string, display = false): HTMLElement | undefined {
  let markup: string;
  try {
    markup = katex.renderToString(tex, {
      output: 'mathml',
      displayMode: display,
      throwOnError: true,
      strict: 'ignore',
    });
  } catch {
    return undefined;
  }
  const span = document.createElement('span');
  span.className = 'dl-math';
  // KaTeX escapes every user-supplied character of the source; the markup is MathML elements only
  span.innerHTML = markup;
  return span;
}
