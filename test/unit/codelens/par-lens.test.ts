import { describe, expect, it } from 'vitest';
import { parLenses, parLensTitle, parProblems } from '../../../src/codelens/par-lens';
import { systemLensTitle } from '../../../src/codelens/lens-ranges';

describe('bifurcation lenses on par lines', () => {
  it('one lens per parameter of par/p/param/params statements, before done, not in comments', () => {
    const text = "# par hidden=1\nx' = a - x\npar a=1, b = 2\np c=3\nparams d=4 # e=5\ndone\npar f=6\n";
    expect(parLenses(text)).toEqual([
      { line: 2, startColumn: 4, endColumn: 5, name: 'a' },
      { line: 2, startColumn: 9, endColumn: 10, name: 'b' },
      { line: 3, startColumn: 2, endColumn: 3, name: 'c' },
      { line: 4, startColumn: 7, endColumn: 8, name: 'd' },
    ]);
  });

  it('names where stability changes, or the range it searched', () => {
    const r = {
      parameter: 'I',
      range: { from: -10, to: 10 },
      summary: ['Hopf at I = 0.344 (subcritical)', 'fold at I = 0.89'],
    };
    expect(parLensTitle(r)).toBe('DynLens: Hopf at I = 0.344 (subcritical) · fold at I = 0.89');
    expect(parLensTitle({ ...r, summary: [] })).toBe('DynLens: no fold or Hopf point for I in [-10, 10]');
  });

  it('one Problems entry per special point, on the parameter name in its par line', () => {
    const lens = parLenses("x' = I - x^2\npar g=1, I=0.5\ndone\n")[1];
    const r = {
      parameter: 'I',
      range: { from: -9.5, to: 10.5 },
      summary: ['Hopf at I = 0.344 (subcritical)', 'fold at I = 0.89'],
    };
    expect(parProblems(lens, r)).toEqual([
      {
        line: 1,
        startColumn: 9,
        endColumn: 10,
        message: 'Hopf at I = 0.344 (subcritical): found continuing the equilibria in I over [-9.5, 10.5]',
      },
      {
        line: 1,
        startColumn: 9,
        endColumn: 10,
        message: 'fold at I = 0.89: found continuing the equilibria in I over [-9.5, 10.5]',
      },
    ]);
    expect(parProblems(lens, { ...r, summary: [] })).toEqual([]);
  });
});

describe('the Lyapunov lens says when it is a quick estimate', () => {
  const r = {
    exponents: [0.913, -0.00511, -14.6],
    standardError: [0.02, 0.004, 0.03],
    duration: 200,
    unit: 'per time unit',
    verdict: 'chaotic',
  };
  it('quick: each exponent with its standard error and the averaging time', () => {
    expect(systemLensTitle(r, true)).toBe(
      'Lyapunov 0.913 ± 0.02, −0.00511 ± 0.004, −14.6 ± 0.03 /time · chaotic (quick estimate, T = 200)',
    );
  });
  it('stored full result: the values as the panel shows them', () => {
    expect(systemLensTitle(r)).toBe('Lyapunov 0.913, −0.00511, −14.6 /time · chaotic');
  });
});
