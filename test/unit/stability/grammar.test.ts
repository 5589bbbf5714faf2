import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

/**
 * The TextMate grammar is applied by VS Code's Oniguruma engine; here its rules are checked with JavaScript regular
 * expressions ((?i:...) groups rewritten, the only Oniguruma-only construct used) on representative lines.
 */
interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  patterns?: Rule[];
}
const grammar = JSON.parse(readFileSync('syntaxes/ode.tmLanguage.json', 'utf8')) as {
  scopeName: string;
  repository: Record<string, Rule>;
};
const re = (s: string) => new RegExp(s.replace(/\(\?i:/g, '(?:'), /\(\?i:/.test(s) ? 'i' : '');

describe('ode.tmLanguage.json', () => {
  const R = grammar.repository;
  it('is source.ode and matches equations, maps, initial values, declarations, options, comments', () => {
    expect(grammar.scopeName).toBe('source.ode');
    for (const l of ["x' = sigma*(y - x)", 'dx/dt = y', 'x(t+1) = 1 - a*x^2 + y'])
      expect(re(R.equation.match!).test(l)).toBe(true);
    expect(re(R.equation.match!).test('f(x,y) = x*y')).toBe(false);
    expect(re(R['initial-value'].match!).test('x(0)=1')).toBe(true);
    expect(re(R['function-definition'].match!).test('f(x,y) = x*y')).toBe(true);
    for (const l of ['par a=1, b=2', 'init x=1,y=0', 'aux e = x^2', 'number c=3', 'p a=1'])
      expect(re(R.declaration.begin!).test(l)).toBe(true);
    expect(re(R.declaration.begin!).test('a = 3')).toBe(false);
    expect(re(R.options.begin!).test('@ dt=0.01, total=100')).toBe(true);
    expect(re(R.comment.match!).exec("x' = 1 # note")![0]).toBe('# note');
    expect(re(R.done.match!).test('done')).toBe(true);
    const builtin = R.expression.patterns!.find((p) => p.name === 'support.function.builtin.ode')!;
    expect(re(builtin.match!).test('sin(x)')).toBe(true);
  });

  it('language configuration declares # comments and parentheses', () => {
    const c = JSON.parse(readFileSync('syntaxes/language-configuration.json', 'utf8')) as {
      comments: { lineComment: string };
      brackets: string[][];
    };
    expect(c.comments.lineComment).toBe('#');
    expect(c.brackets).toEqual([['(', ')']]);
  });
});
