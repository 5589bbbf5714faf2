/**
 * Finds user-visible text in webview code that does not go through `l10n.t(...)`. "Text positions" are where a
 * string reaches the screen: children of `h(tag, attrs, ...children)`, the label arguments of the shell's helpers
 * (`section`, `button`, `toast`, `announce`, `notesList` is data), column headers of `table`/`tableElement`, the
 * `textContent`/`title` of elements, and object properties that Plotly, the DOM or the shell show (`title`,
 * `aria-label`, `placeholder`, `label`, `caption`, `text`, and `name` on Plotly traces). A string there is text when it holds a
 * word (two letters or more); symbols, numbers and punctuation are not. Conditionals, `??`/`||` and `+`
 * concatenations are followed into their parts.
 */
import ts from 'typescript';

export interface TextSite {
  /** The literal, template or concatenation in a text position. */
  node: ts.Expression;
  line: number;
  text: string;
}

/** Calls whose listed arguments (0-based) are text. */
const TEXT_ARGS = new Map<string, number[]>([
  ['section', [1, 2]],
  ['button', [0, 1]],
  ['toast', [0]],
  ['announce', [0]],
]);
/** Calls whose listed argument is an array of column headers. */
const HEADER_ARGS = new Map<string, number>([
  ['table', 1],
  ['tableElement', 1],
]);
const TEXT_PROPS = new Set(['title', 'aria-label', 'placeholder', 'label', 'caption', 'text', 'name', 'ariaLabel']);
const TEXT_ASSIGN = new Set(['textContent', 'innerText', 'title', 'ariaLabel', 'placeholder']);
const WORD = /[A-Za-z]{2,}/;

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function isL10nCall(node: ts.Node): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 't' &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === 'l10n'
  );
}

/** The literal text of a string, template or `+` chain (placeholders for expressions), or undefined. */
function literalText(e: ts.Expression): string | undefined {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => '{}' + s.literal.text).join('');
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = literalText(e.left);
    const r = literalText(e.right);
    if (l === undefined && r === undefined) return undefined;
    return (l ?? '{}') + (r ?? '{}');
  }
  if (ts.isParenthesizedExpression(e)) return literalText(e.expression);
  return undefined;
}

/** The sites inside an expression in a text position (following conditionals and fallbacks). */
function sitesIn(e: ts.Expression, sf: ts.SourceFile, out: TextSite[]): void {
  if (isL10nCall(e)) return;
  if (ts.isParenthesizedExpression(e)) return sitesIn(e.expression, sf, out);
  if (ts.isConditionalExpression(e)) {
    sitesIn(e.whenTrue, sf, out);
    sitesIn(e.whenFalse, sf, out);
    return;
  }
  if (
    ts.isBinaryExpression(e) &&
    (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      e.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
      e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
  ) {
    sitesIn(e.right, sf, out);
    if (e.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) sitesIn(e.left, sf, out);
    return;
  }
  const text = literalText(e);
  if (text !== undefined && WORD.test(text.replace(/\{\}/g, ' ')))
    out.push({ node: e, line: sf.getLineAndCharacterOfPosition(e.getStart(sf)).line + 1, text });
}

/** `name` is shown only on Plotly traces (the legend); elsewhere it names a file or a key. */
const TRACE_KEYS = new Set(['x', 'y', 'z', 'type', 'mode', 'marker', 'line']);
function isTrace(obj: ts.Node): boolean {
  return (
    ts.isObjectLiteralExpression(obj) &&
    obj.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && TRACE_KEYS.has(p.name.text))
  );
}

function propName(p: ts.PropertyAssignment): string | undefined {
  const n = p.name;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n)) return n.text;
  return undefined;
}

/** Every unlocalized text site of a source file. */
export function unlocalizedText(fileName: string, source: string): TextSite[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: TextSite[] = [];
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) return;
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'h') node.arguments.slice(2).forEach((a) => sitesIn(a, sf, out));
      for (const i of (name && TEXT_ARGS.get(name)) || []) if (node.arguments[i]) sitesIn(node.arguments[i], sf, out);
      const header = name !== undefined ? HEADER_ARGS.get(name) : undefined;
      const cols = header !== undefined ? node.arguments[header] : undefined;
      if (cols && ts.isArrayLiteralExpression(cols))
        cols.elements.forEach((el) => ts.isExpression(el) && sitesIn(el, sf, out));
    }
    if (ts.isPropertyAssignment(node)) {
      const name = propName(node);
      if (name && TEXT_PROPS.has(name) && (name !== 'name' || isTrace(node.parent))) sitesIn(node.initializer, sf, out);
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      TEXT_ASSIGN.has(node.left.name.text)
    )
      sitesIn(node.right, sf, out);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // a site can be reached twice (a `title` property inside an h() argument): keep each node once
  return out.filter((s, i) => out.findIndex((o) => o.node === s.node) === i);
}
