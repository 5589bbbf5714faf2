import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseOde } from '../../../src/analysis/stability/ode/parser';
import { evalExpr } from '../../../src/analysis/stability/ode/evaluate';
import { DynLensError } from '../../../src/analysis/core/errors';

function parseError(text: string): DynLensError {
  try {
    parseOde(text, 'bad.ode');
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    return e as DynLensError;
  }
  throw new Error('expected a parse error');
}

describe('.ode parser', () => {
  it('reads the Lorenz example: states, parameters (8/3 folded), init, options', () => {
    const m = parseOde(readFileSync('examples/lorenz.ode', 'utf8'), 'lorenz.ode');
    expect(m.kind).toBe('flow');
    expect(m.stateNames).toEqual(['x', 'y', 'z']);
    expect(m.paramNames).toEqual(['sigma', 'rho', 'beta']);
    expect(Array.from(m.paramValues)).toEqual([10, 28, 8 / 3]);
    expect(Array.from(m.init)).toEqual([1, 1, 1]);
    expect(m.options).toMatchObject({ dt: 0.01, total: 100, method: 'dopri5' });
    expect(m.stateLines).toEqual([3, 4, 5]);
    expect(m.initLines).toEqual([8]);
    // x' = sigma (y - x) at (1, 2, 3)
    expect(evalExpr(m.rhs[0], 0, [1, 2, 3], m.paramValues)).toBe(10);
    expect(evalExpr(m.rhs[2], 0, [1, 2, 3], m.paramValues)).toBeCloseTo(2 - 8, 12);
  });

  it('accepts dx/dt, x(t+1) maps, x(0)=, space-separated par lists, number, functions, fixed quantities, aux, continuations', () => {
    const m = parseOde(`# a comment
dx/dt = f(x, y) + c
dy/dt = -x*k   # trailing comment
f(u,v) = u*v - \\
   u^2
k = a + 1
number c=0.5
p a=2 b=3
x(0)=0.25
aux e = x^2 + y^2
@ dt=0.1 total=20 meth=rk4
done
this line is after done and ignored`);
    expect(m.stateNames).toEqual(['x', 'y']);
    expect(m.options.method).toBe('rk4');
    expect(Array.from(m.init)).toEqual([0.25, 0]);
    expect(m.notes.join(' ')).toMatch(/no initial condition for y/);
    // x' = x y - x^2 + 0.5 ; y' = -x (a + 1)
    expect(evalExpr(m.rhs[0], 0, [2, 5], m.paramValues)).toBeCloseTo(10 - 4 + 0.5, 14);
    expect(evalExpr(m.rhs[1], 0, [2, 5], m.paramValues)).toBeCloseTo(-6, 14);
    expect(m.aux.map((a) => a.name)).toEqual(['e']);
    expect(evalExpr(m.aux[0].expr, 0, [3, 4], m.paramValues)).toBe(25);

    const map = parseOde('x(t+1) = r*x*(1-x)\npar r=3.9\ninit x=0.2');
    expect(map.kind).toBe('map');
    const disc = parseOde("x' = 0.5*x\n@ meth=discrete");
    expect(disc.kind).toBe('map');
  });

  it('honours precedence: -x^2 = -(x^2), 2^3^2 = 2^9, ** as power, comparisons and if/then/else, heav', () => {
    const m = parseOde("x' = -x^2 + 2^3^2 + 2**2 + (x > 1) + if(x<0)then(100)else(-100) + heav(x)\ninit x=3");
    expect(evalExpr(m.rhs[0], 0, [3], m.paramValues)).toBe(-9 + 512 + 4 + 1 - 100 + 1);
  });

  it('reports syntax errors with line and column', () => {
    const e = parseError("x' = y +* 2\ny' = x");
    expect(e.kind).toBe('bad-input');
    expect(e.row).toBe(1);
    expect(e.column).toBe(9);
    expect(e.message).toMatch(/bad\.ode: line 1, column 9: unexpected "\*"/);
    const e2 = parseError("x' = 1\ny' = (x + 1");
    expect(e2.row).toBe(2);
    expect(e2.message).toMatch(/expected "\)"/);
  });

  it('reports unknown functions and names where they are used', () => {
    const e = parseError("x' = x\ny' = foo(x) + 1");
    expect(e.row).toBe(2);
    expect(e.column).toBe(6);
    expect(e.message).toMatch(/unknown function "foo"/);
    const e2 = parseError("x' = q*x");
    expect(e2.message).toMatch(/unknown name "q"/);
    expect(e2.column).toBe(6);
    expect(parseError("x' = sin(x, x)").message).toMatch(/sin takes 1 argument/);
  });

  it('rejects duplicates, recursion, mixed maps and flows, unsupported statements, and empty models', () => {
    expect(parseError("x' = 1\nx' = 2").message).toMatch(/already declared/);
    expect(parseError("x' = f(x)\nf(u) = f(u)").message).toMatch(/calls itself/);
    expect(parseError("x' = a\na = b\nb = a").message).toMatch(/defined in terms of itself/);
    expect(parseError("x' = y\ny(t+1) = x").message).toMatch(/mixing maps/);
    expect(parseError("x' = 1\nexport {x} {y}").message).toMatch(
      /line 2.*export to a dynamically loaded .*not supported/,
    );
    expect(parseError('# nothing\npar a=1').message).toMatch(/no equations/);
    expect(parseError("x' = 1\ninit z=1").message).toMatch(/not a state variable/);
    expect(parseError("x' = 1\npar a=x").message).toMatch(/cannot be used in a constant/);
    expect(parseError("x' = 1\npar").message).toMatch(/needs a list/);
    expect(parseError("x' = 1\n$ = 2").message).toMatch(/cannot read this line|unexpected character/);
  });
});

describe('.ode parser robustness', () => {
  it('either parses or throws a bad-input DynLensError with a position, on arbitrary text', () => {
    const pieces = [
      "x' = ",
      'dx/dt=',
      'y(t+1) = ',
      'par ',
      'init ',
      'aux ',
      'number ',
      '@ ',
      'done',
      '#',
      'f(a,b) = ',
      'x(0)=',
      'x',
      'y',
      'a',
      'b',
      '1',
      '2.5e-3',
      '+',
      '-',
      '*',
      '/',
      '^',
      '**',
      '(',
      ')',
      ',',
      '=',
      ' ',
      '\n',
      '\\\n',
      'sin(',
      'if(',
      ')then(',
      ')else(',
      'heav(',
      'foo(',
      "'",
      '$',
      '<=',
      '&',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        try {
          const m = parseOde(text, 'fuzz.ode');
          expect(m.stateNames.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(DynLensError);
          const d = e as DynLensError;
          expect(d.kind).toBe('bad-input');
          expect(typeof d.row).toBe('number');
        }
      }),
      { numRuns: 3000, seed: 17 },
    );
  });
});
