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
    for (const f of ['besseli(2,x)', 'erfc(x)', 'fftcon(0,5,w,u0)', 'findext(0,5,1,u0)', 'delsparse(1,2,w,c,d,u0)'])
      expect(re(builtin.match!).test(f)).toBe(true);
  });

  it('highlights arrays, tables, globals, Volterra integrals, #include and XPPAUT abbreviations', () => {
    for (const l of ["x[1..n]' = -x[j] + x[j-1]", 'u(t) = int{K#u}', '0 = y + y^3 - x'])
      expect(re(R.equation.match!).test(l)).toBe(true);
    expect(re(R['initial-value'].match!).test('v[0..4](0)=1')).toBe(true);
    const idx = re(R['array-index'].match!).exec('x[j-1]')!;
    expect(idx[2]).toBe('j-1');
    const tab = re(R.table.begin!).exec('table w % 101 -50 50 exp(-t)')!;
    expect([tab[2], tab[3]]).toEqual(['w', '%']);
    expect(re(R.table.begin!).exec('table w wtab.tab')![4]).toBe('wtab.tab');
    const glob = re(R.global.begin!).exec('global -1 {u-.2} {m=.5*m}')!;
    expect(glob[2]).toBe('-1');
    for (const l of [
      'p a=1',
      'i x=1',
      'n k=3',
      'wiener w1, w2',
      'special z=conv(even,10,2,w,u0)',
      'solv y=1',
      'volt u=1',
    ])
      expect(re(R.declaration.begin!).test(l)).toBe(true);
    expect(re(R.comment.match!).test('y(t)=int{exp(-t)#x}')).toBe(false);
    expect(re(R.comment.match!).exec("x' = 1 # note")![0]).toBe('# note');
    expect(re(R['include-directive'].match!).exec('#include common.inc')![2]).toBe('common.inc');
    expect(re(R.done.match!).test('d')).toBe(true);
    expect(re(R['array-block'].match!).test('%[1..4]')).toBe(true);
    expect(re(R.derived.match!).test('!b=a*c')).toBe(true);
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
